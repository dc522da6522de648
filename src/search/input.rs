//! What the index is made from: each page's search record in page order, its top-level
//! section, and the glossary's synonyms. `IndexInput::from_site` is the one place the
//! search module reads the built site; everything after it takes an `IndexInput`.
//!
//! Records are made a batch of pages at a time, when the writer asks for them (it drops
//! each batch once read), so that the whole site's text is never held at once.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Mutex;

use rayon::prelude::*;

use super::extract::{page_record, SearchRecord};
use super::terms::Synonyms;
use super::tokenize;
use crate::content::{ContentTree, PageId, SectionId};
use crate::data::DataSets;
use crate::site::Site;

/// A top-level section, for the results page's section filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopSection {
    pub title: String,
    /// Its URL below the base path.
    pub url: String,
}

/// Where the pages' records come from.
enum Records<'a> {
    /// Made from the site's pages when asked for.
    Site { site: &'a Site, ids: Vec<PageId> },
    /// Made already (tests, tools): handed out in order.
    Given(Mutex<std::vec::IntoIter<SearchRecord>>),
}

/// Everything the index is written from.
pub struct IndexInput<'a> {
    /// The pages' records, by page number: the reading order, pages outside it last.
    records: Records<'a>,
    /// How many pages there are.
    pub pages: usize,
    /// Each page's top-level section (a place in `sections`); none for pages at the top.
    pub section_of: Vec<Option<usize>>,
    /// The top-level sections holding pages, in the site's order of sections.
    pub sections: Vec<TopSection>,
    /// The glossary's terms, each standing for its names.
    pub synonyms: Synonyms,
}

impl<'a> IndexInput<'a> {
    /// Records made already, by page number, with their sections and the glossary.
    pub fn from_records(
        records: Vec<SearchRecord>,
        section_of: Vec<Option<usize>>,
        sections: Vec<TopSection>,
        synonyms: Synonyms,
    ) -> IndexInput<'static> {
        IndexInput {
            pages: records.len(),
            records: Records::Given(Mutex::new(records.into_iter())),
            section_of,
            sections,
            synonyms,
        }
    }

    /// The records of the pages in `range`, made in parallel. The writer asks for each
    /// page once, in page order (records made already are handed out in that order).
    pub fn records(&self, range: Range<usize>) -> Vec<SearchRecord> {
        match &self.records {
            Records::Site { site, ids } => {
                let tree = &site.tree;
                ids[range]
                    .par_iter()
                    .map(|&pid| page_record(&tree.pages[pid], section_path(tree, pid), &site.data))
                    .collect()
            }
            Records::Given(rest) => {
                let mut rest = rest.lock().unwrap_or_else(|e| e.into_inner());
                rest.by_ref().take(range.len()).collect()
            }
        }
    }

    /// The built site's pages, sections and glossary.
    pub fn from_site(site: &'a Site) -> IndexInput<'a> {
        let tree = &site.tree;
        // Pages never written and pages that ask search engines not to index them are left
        // out.
        let searchable = |&p: &PageId| tree.pages[p].is_rendered() && !tree.pages[p].front.noindex;
        let mut ids: Vec<PageId> = site
            .order
            .pages()
            .iter()
            .copied()
            .filter(searchable)
            .collect();
        ids.extend(site.order.hidden().filter(searchable));
        let tops: Vec<Option<SectionId>> = ids.iter().map(|&p| top_section(tree, p)).collect();
        let mut places: BTreeMap<SectionId, usize> =
            tops.iter().flatten().map(|&s| (s, 0)).collect();
        let mut sections = Vec::with_capacity(places.len());
        for (&s, place) in places.iter_mut() {
            *place = sections.len();
            let page = &tree.pages[tree.sections[s].index];
            sections.push(TopSection {
                title: page.title.clone(),
                url: page.url.clone(),
            });
        }
        IndexInput {
            pages: ids.len(),
            section_of: tops.iter().map(|t| t.map(|s| places[&s])).collect(),
            records: Records::Site { site, ids },
            sections,
            synonyms: glossary_synonyms(&site.data),
        }
    }
}

/// The glossary (`glossary.terms`: term, expansion, aliases) as synonym groups.
fn glossary_synonyms(data: &DataSets) -> Synonyms {
    let words = |s: &str| -> Vec<String> {
        tokenize::tokens(s)
            .into_iter()
            .filter(|t| t.kind != tokenize::Kind::Joined)
            .map(|t| t.term)
            .collect()
    };
    let mut groups: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for entry in crate::data::glossary_entries(data) {
        let key = words(&entry.term);
        if key.is_empty() {
            continue;
        }
        let group = groups.entry(Synonyms::group_term(&key)).or_default();
        let names = std::iter::once(entry.term)
            .chain(entry.aliases)
            .chain(entry.expansion);
        for name in names {
            let w = words(&name);
            if !w.is_empty() && !group.contains(&w) {
                group.push(w);
            }
        }
    }
    Synonyms::new(groups.into_iter().collect())
}

/// The top-level section a page belongs to (none for pages at the top).
fn top_section(tree: &ContentTree, pid: PageId) -> Option<SectionId> {
    let page = &tree.pages[pid];
    let root = tree.root_section();
    let mut s = page.own_section.or(page.parent)?;
    loop {
        match tree.sections[s].parent {
            Some(p) if p == root => return Some(s),
            Some(p) => s = p,
            None => return None,
        }
    }
}

/// The titles of the sections above a page, from the top.
fn section_path(tree: &ContentTree, pid: PageId) -> String {
    let page = &tree.pages[pid];
    let root = tree.root_section();
    let mut chain = Vec::new();
    let mut s = page.parent;
    while let Some(sid) = s {
        if sid == root {
            break;
        }
        chain.push(tree.pages[tree.sections[sid].index].title.as_str());
        s = tree.sections[sid].parent;
    }
    chain.reverse();
    chain.join(" › ")
}
