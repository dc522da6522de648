//! The resolved site: everything an output file is rendered from. The pipeline's stages
//! (`crate::build::stages`) make it; rendering, the search index and `check` read it.
//!
//! Owns: the `Site` value and the reading order. Knows nothing of templates or files.

use std::sync::Arc;

use crate::config::Config;
use crate::content::{ContentTree, PageId};
use crate::data::DataSets;
use crate::layout::SiteLayout;
use crate::resolve::Resolver;

/// A site whose pages are parsed, placed in sections, and whose links are resolved.
pub struct Site {
    pub config: Config,
    pub layout: SiteLayout,
    pub tree: ContentTree,
    pub data: Arc<DataSets>,
    /// Every link target: pages by URL and source path, anchors, copied files.
    pub resolver: Arc<Resolver>,
    pub order: ReadingOrder,
    /// For each page, how many other pages link to it.
    pub inbound: Vec<usize>,
}

/// Pages in navigation order (what previous/next, the sitemap and search number pages
/// by), and each page's place in it. Hidden pages have no place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ReadingOrder {
    pages: Vec<PageId>,
    place: Vec<Option<usize>>,
}

impl ReadingOrder {
    /// The order of `tree`'s navigation.
    pub fn of(tree: &ContentTree) -> Self {
        let pages = tree.reading_order();
        let mut place = vec![None; tree.pages.len()];
        for (i, &p) in pages.iter().enumerate() {
            place[p] = Some(i);
        }
        ReadingOrder { pages, place }
    }

    /// The pages in the navigation, in order.
    pub fn pages(&self) -> &[PageId] {
        &self.pages
    }

    /// Pages outside the navigation (hidden), by id.
    pub fn hidden(&self) -> impl Iterator<Item = PageId> + '_ {
        (0..self.place.len()).filter(|&p| self.place[p].is_none())
    }

    /// The page's place in the order; `None` for a hidden page.
    pub fn place(&self, pid: PageId) -> Option<usize> {
        self.place.get(pid).copied().flatten()
    }

    /// The page before and the page after `pid` (none for a hidden page).
    pub fn neighbours(&self, pid: PageId) -> (Option<PageId>, Option<PageId>) {
        match self.place(pid) {
            Some(i) => (
                i.checked_sub(1).map(|j| self.pages[j]),
                self.pages.get(i + 1).copied(),
            ),
            None => (None, None),
        }
    }
}
