//! A page's template context, built from small parts: the page, its section, the part of
//! the navigation tree the reader needs (the path to the page, its siblings, the top
//! level), breadcrumbs and previous/next. Config and data are global, built once.

use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::config::Config;
use crate::content::{NavChild, PageId, SectionId};
use crate::data::DataSets;
use crate::markdown::{table_of_contents, TocEntry};
use crate::site::Site;

#[derive(Serialize)]
struct ConfigView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: String,
    language: &'a str,
    repository: Option<&'a str>,
}

pub(super) fn set_globals(tera: &mut Tera, config: &Config, data: &DataSets) {
    let view = ConfigView {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        base_path: config.base_path(),
        language: &config.language,
        repository: config.repository.as_ref().map(|r| r.url.as_str()),
    };
    let data_map: serde_json::Map<String, serde_json::Value> = data
        .sets
        .iter()
        .map(|(k, v)| (k.clone(), v.value.clone()))
        .collect();
    let globals = tera.global_context();
    globals.insert("config", &view);
    globals.insert("data", &data_map);
    globals.insert("base_path", &config.base_path());
    globals.insert("glossary_path", &data.glossary);
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    permalink: String,
    source: String,
    owner: Option<&'a str>,
    reviewed: Option<&'a str>,
    updated: Option<&'a str>,
    tags: &'a [String],
    weight: Option<i64>,
    edit_url: Option<String>,
    is_section: bool,
    is_home: bool,
    generated: bool,
    title_id: Option<&'a str>,
    toc: Vec<TocEntry>,
    word_count: usize,
    /// The navigation label (`linkTitle`), else the title.
    link_title: &'a str,
    /// Robots meta: search engines should not index the page.
    noindex: bool,
    /// A section page lists no children, or their titles only.
    no_list: bool,
    simple_list: bool,
    /// Front matter keys the site does not read, and `extra:`.
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// A link to a page as templates show it.
#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub is_section: bool,
}

/// One entry of the navigation tree as a page sees it.
#[derive(Serialize, Clone, Debug)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// This is the page being rendered.
    pub current: bool,
    /// This is the page being rendered or one of its sections.
    pub active: bool,
    pub is_section: bool,
    /// Children are listed only along the path to the current page; `has_children`
    /// says whether there are any to expand.
    pub has_children: bool,
    pub children: Vec<NavItem>,
}

pub(super) fn link_to(site: &Site, pid: PageId) -> Link {
    link(site, pid)
}

fn link(site: &Site, pid: PageId) -> Link {
    let p = &site.tree.pages[pid];
    Link {
        title: p.title.clone(),
        url: format!("{}{}", site.resolver.base_path, p.url),
        description: p.front.description.clone(),
        is_section: p.own_section.is_some(),
    }
}

/// A link as the navigation and breadcrumbs show it: labelled with `linkTitle` if given.
fn nav_link(site: &Site, pid: PageId) -> Link {
    Link {
        title: site.tree.pages[pid].nav_title().to_string(),
        ..link(site, pid)
    }
}

/// The sections from the root down to the one holding `pid` (or that `pid` is the page of).
fn ancestors(site: &Site, pid: PageId) -> Vec<SectionId> {
    let mut chain: Vec<SectionId> = site.tree.sections_of(pid).collect();
    chain.reverse();
    chain
}

fn nav_items(site: &Site, section: SectionId, pid: PageId, open: &[SectionId]) -> Vec<NavItem> {
    site.tree
        .children(section)
        .iter()
        .map(|&child| nav_item(site, child, pid, open))
        .collect()
}

/// Whether an entry is on the path to page `pid` (as `NavItem::active` says): the page
/// itself, or one of the `open` sections.
fn is_active(child: NavChild, pid: PageId, open: &[SectionId]) -> bool {
    match child {
        NavChild::Page(p) => p == pid,
        NavChild::Section(s) => open.contains(&s),
    }
}

/// The page an entry links to: the page, or the section's own page.
fn entry_page(site: &Site, child: NavChild) -> PageId {
    match child {
        NavChild::Page(p) => p,
        NavChild::Section(s) => site.tree.sections[s].index,
    }
}

/// One entry of the navigation, its pages listed when it is one of the `open` sections.
fn nav_item(site: &Site, child: NavChild, pid: PageId, open: &[SectionId]) -> NavItem {
    let active = is_active(child, pid, open);
    let idx = entry_page(site, child);
    let page = &site.tree.pages[idx];
    let section = match child {
        NavChild::Page(_) => None,
        NavChild::Section(s) => Some(s),
    };
    NavItem {
        title: page.nav_title().to_string(),
        url: format!("{}{}", site.resolver.base_path, page.url),
        current: idx == pid,
        active,
        is_section: section.is_some(),
        has_children: section.is_some_and(|s| {
            let sec = &site.tree.sections[s];
            !sec.pages.is_empty() || !sec.subsections.is_empty()
        }),
        children: match section {
            Some(s) if active => nav_items(site, s, pid, open),
            _ => Vec::new(),
        },
    }
}

/// The script holding the navigation's shared top level.
pub const NAV_TOP_FILE: &str = "nav-top.js";

/// Where a page's own top-level entry stands among the shared ones (`NAV_TOP_FILE`): the
/// page calls the script for the entries before it and for those after it.
#[derive(Serialize)]
struct NavShared {
    /// The script's URL.
    script: String,
    /// The shared entries before the page's own: `0..before`.
    before: usize,
    /// The first shared entry after the page's own; none when the page has no top-level
    /// entry of its own (every entry is then before).
    after: Option<usize>,
}

/// The top-level entries of the navigation, none open (the 404 page's, and the shared
/// ones).
pub(super) fn top_nav(site: &Site) -> Vec<NavItem> {
    nav_items(site, site.tree.root_section(), usize::MAX, &[])
}

/// Whether a navigation of `top_entries` top-level entries is shared (`shared_nav_from`).
pub(super) fn is_shared(site: &Site, top_entries: usize) -> bool {
    let from = site.config.shared_nav_from;
    from > 0 && top_entries >= from
}

/// The navigation's entries as templates see them (`NavItem` values), shared by the pages
/// of one rendering pass over an unchanging site. An entry off a page's path (not open,
/// not the page) is the same on every page: it is made once and shared (a template value's
/// lists are reference-counted); only the entries on the path are made for each page.
pub struct NavValues {
    /// Each entry off the path: pages by id, then sections by id.
    closed: Vec<OnceLock<Value>>,
    pages: usize,
}

impl NavValues {
    pub fn new(site: &Site) -> Self {
        let pages = site.tree.pages.len();
        NavValues {
            closed: (0..pages + site.tree.sections.len())
                .map(|_| OnceLock::new())
                .collect(),
            pages,
        }
    }

    /// The entry of `child` as page `pid` sees it, its `open` sections listed.
    fn entry(&self, site: &Site, child: NavChild, pid: PageId, open: &[SectionId]) -> Value {
        let slot = match child {
            NavChild::Page(p) => p,
            NavChild::Section(s) => self.pages + s,
        };
        let active = is_active(child, pid, open);
        if !active && entry_page(site, child) != pid {
            if let Some(slot) = self.closed.get(slot) {
                let closed = || Value::from_serializable(&nav_item(site, child, pid, &[]));
                return slot.get_or_init(closed).clone();
            }
        }
        // Made as serializing `NavItem` makes it: its fields in order.
        let item = nav_item(site, child, pid, &[]);
        let children: Vec<Value> = match child {
            NavChild::Section(s) if active => site
                .tree
                .children(s)
                .iter()
                .map(|&c| self.entry(site, c, pid, open))
                .collect(),
            _ => Vec::new(),
        };
        let fields: [(&'static str, Value); 7] = [
            ("title", item.title.into()),
            ("url", item.url.into()),
            ("current", item.current.into()),
            ("active", active.into()),
            ("is_section", item.is_section.into()),
            ("has_children", item.has_children.into()),
            ("children", children.into()),
        ];
        let map: tera::Map = fields.into_iter().map(|(k, v)| (k.into(), v)).collect();
        Value::from(map)
    }

    /// The entries of section `section`'s children.
    fn entries(&self, site: &Site, section: SectionId, pid: PageId, open: &[SectionId]) -> Value {
        let items: Vec<Value> = site
            .tree
            .children(section)
            .iter()
            .map(|&c| self.entry(site, c, pid, open))
            .collect();
        items.into()
    }
}

/// Puts the navigation of page `pid` (its `open` sections listed) into the context: whole,
/// or (when `shares` and the site has top-level entries enough) the page's own top-level
/// entry as `nav` and where the shared ones go as `nav_shared`, the others not made at all.
fn insert_nav(
    ctx: &mut Context,
    site: &Site,
    nav: &NavValues,
    pid: PageId,
    open: &[SectionId],
    shares: bool,
) {
    let root = site.tree.root_section();
    let top = site.tree.children(root);
    if !(shares && is_shared(site, top.len())) {
        ctx.insert_value("nav", nav.entries(site, root, pid, open));
        return;
    }
    let own = top.iter().position(|&c| is_active(c, pid, open));
    let shared = NavShared {
        script: format!("{}{NAV_TOP_FILE}", site.resolver.base_path),
        before: own.unwrap_or(top.len()),
        after: own.map(|i| i + 1),
    };
    let own: Vec<Value> = own
        .map(|i| nav.entry(site, top[i], pid, open))
        .into_iter()
        .collect();
    ctx.insert_value("nav", own.into());
    ctx.insert("nav_shared", &shared);
}

/// A page's context; `shares_nav`: the theme can share the navigation's top level.
pub(super) fn page_context(site: &Site, nav: &NavValues, pid: PageId, shares_nav: bool) -> Context {
    let page = &site.tree.pages[pid];
    let base = &site.resolver.base_path;
    let chain = ancestors(site, pid);
    let root = site.tree.root_section();
    let is_home = site.tree.sections[root].index == pid;
    let view = PageView {
        title: &page.title,
        description: page.front.description.as_deref(),
        url: format!("{base}{}", page.url),
        permalink: format!("{}{base}{}", site.config.origin(), page.url),
        source: page.file.display().to_string(),
        owner: page.front.owner.as_deref(),
        reviewed: page.front.reviewed.as_deref(),
        updated: page.updated.as_deref(),
        tags: &page.front.tags,
        weight: page.front.weight,
        edit_url: if page.generated {
            None
        } else {
            site.config.edit_url(&page.file.display().to_string())
        },
        is_section: page.own_section.is_some(),
        is_home,
        generated: page.generated,
        title_id: page.doc.title.as_ref().map(|h| h.id.as_str()),
        toc: table_of_contents(&page.doc.headings),
        word_count: page.word_count,
        link_title: page.nav_title(),
        noindex: page.front.noindex,
        no_list: page.front.no_list,
        simple_list: page.front.simple_list,
        extra: &page.front.extra,
    };
    let mut ctx = Context::new();
    ctx.insert("page", &view);

    insert_nav(&mut ctx, site, nav, pid, &chain, shares_nav);

    let crumbs: Vec<Link> = chain
        .iter()
        .map(|&s| site.tree.sections[s].index)
        .filter(|&idx| idx != pid)
        .map(|idx| nav_link(site, idx))
        .collect();
    ctx.insert("breadcrumbs", &crumbs);

    let (prev, next) = site.order.neighbours(pid);
    let prev = prev.map(|p| link(site, p));
    let next = next.map(|p| link(site, p));
    ctx.insert("prev", &prev);
    ctx.insert("next", &next);

    // A section page lists its children; every page knows its section.
    let children: Vec<Link> = match page.own_section {
        Some(s) => site
            .tree
            .children(s)
            .iter()
            .map(|&c| match c {
                NavChild::Page(p) => link(site, p),
                NavChild::Section(cs) => link(site, site.tree.sections[cs].index),
            })
            .collect(),
        None => Vec::new(),
    };
    ctx.insert("children", &children);
    let section = page.parent.map(|s| link(site, site.tree.sections[s].index));
    ctx.insert("section", &section);
    ctx
}

/// The 404 page's context: the top-level navigation and a page with no facts.
pub(super) fn not_found_context(site: &Site, nav: &NavValues, shares_nav: bool) -> Context {
    let home = site.tree.sections[site.tree.root_section()].index;
    let mut ctx = page_context(site, nav, home, shares_nav);
    let empty = serde_json::Map::new();
    let view = PageView {
        title: "Page not found",
        description: None,
        url: format!("{}404.html", site.resolver.base_path),
        permalink: String::new(),
        source: String::new(),
        owner: None,
        reviewed: None,
        updated: None,
        tags: &[],
        weight: None,
        edit_url: None,
        is_section: false,
        is_home: false,
        generated: true,
        title_id: None,
        toc: Vec::new(),
        word_count: 0,
        link_title: "Page not found",
        noindex: false,
        no_list: false,
        simple_list: false,
        extra: &empty,
    };
    ctx.insert("page", &view);
    insert_nav(&mut ctx, site, nav, usize::MAX, &[], shares_nav);
    ctx.insert("breadcrumbs", &Vec::<Link>::new());
    ctx.insert("prev", &Option::<Link>::None);
    ctx.insert("next", &Option::<Link>::None);
    ctx.insert("children", &Vec::<Link>::new());
    ctx.insert("section", &Option::<Link>::None);
    ctx.insert_value("content", tera::Value::safe_string(""));
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::Builder;
    use crate::config::Overrides;

    /// The shared entries change nothing: every page's navigation is what serializing its
    /// `NavItem`s makes, on a site of nested sections.
    #[test]
    fn shared_entries_are_the_serialized_items() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let built = Builder::new()
            .build(&root, &Overrides::default())
            .unwrap_or_else(|d| panic!("{d:?}"));
        let site = &built.site;
        let nav = NavValues::new(site);
        let root = site.tree.root_section();
        assert!(
            site.tree.sections.len() > 2,
            "the fixture has nested sections"
        );
        for pid in (0..site.tree.pages.len()).chain([usize::MAX]) {
            let open = if pid == usize::MAX {
                Vec::new()
            } else {
                ancestors(site, pid)
            };
            // Twice: the second reads the entries the first shared.
            for _ in 0..2 {
                let want = Value::from_serializable(&nav_items(site, root, pid, &open));
                let got = nav.entries(site, root, pid, &open);
                // As JSON too: values compare their maps regardless of key order.
                let json = |v: &Value| serde_json::to_string(v).expect("JSON");
                assert_eq!(json(&got), json(&want), "page {pid}");
                assert_eq!(got, want, "page {pid}");
            }
        }
    }
}
