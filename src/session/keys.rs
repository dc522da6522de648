//! Render keys: for each page, a hash of everything its HTML depends on (its parse, its
//! resolved links, the navigation it shows, previous and next, the data and templates it
//! uses). A page whose key did not change is not rendered again.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::{hash_of, CachedPage};
use crate::build::stages::page_path;
use crate::content::{NavChild, PageId};
use crate::site::Site;
use crate::theme::Theme;

/// What page keys are made of, computed once per rebuild.
pub(super) struct KeyInputs {
    pub templates: u64,
    /// Per section: its children as the navigation shows them.
    section_nav: Vec<u64>,
    /// Per data set: its value.
    data: BTreeMap<String, u64>,
    /// Templates other than shortcodes read `data` directly: every page depends on all data.
    data_global: bool,
    config: u64,
    /// Titles, URLs, weights and places of all pages: what print views and the sitemap show.
    pub structure: u64,
    parse: Vec<u64>,
}

impl KeyInputs {
    pub fn new(
        site: &Site,
        theme: &Theme,
        parsed: &BTreeMap<String, CachedPage>,
        template_sig: &mut Option<(u64, bool)>,
    ) -> Self {
        let tree = &site.tree;
        let (templates, data_global) = *template_sig.get_or_insert_with(|| templates_hash(theme));
        let item = |pid: PageId| {
            let p = &tree.pages[pid];
            (p.title.as_str(), p.url.as_str())
        };
        let section_nav = tree
            .sections
            .iter()
            .enumerate()
            .map(|(s, sec)| {
                let mut h = DefaultHasher::new();
                for &child in tree.children(s) {
                    match child {
                        NavChild::Page(p) => (0u8, item(p)).hash(&mut h),
                        NavChild::Section(c) => {
                            let cs = &tree.sections[c];
                            (1u8, item(cs.index), cs.children.is_empty()).hash(&mut h)
                        }
                    }
                }
                item(sec.index).hash(&mut h);
                h.finish()
            })
            .collect();
        let data = site
            .data
            .sets
            .iter()
            .map(|(k, v)| (k.clone(), hash_of(&v.value.to_string())))
            .collect();
        let mut structure = DefaultHasher::new();
        for p in &tree.pages {
            (
                &p.url,
                &p.title,
                p.parent,
                p.own_section,
                &p.front.aliases,
                &p.front.reviewed,
            )
                .hash(&mut structure);
        }
        site.order.hash(&mut structure);
        let parse = tree
            .pages
            .iter()
            .map(|p| parsed.get(&p.rel_path).map(|c| c.hash).unwrap_or(0))
            .collect();
        KeyInputs {
            templates,
            section_nav,
            data,
            data_global,
            config: hash_of(&format!("{:?}", site.config)),
            structure: structure.finish(),
            parse,
        }
    }

    /// Every page's output path and key, by page id.
    pub fn page_keys(&self, site: &Site) -> Vec<(String, u64)> {
        (0..site.tree.pages.len())
            .into_par_iter()
            .map(|pid| (page_path(&site.tree.pages[pid]), self.page_key(site, pid)))
            .collect()
    }

    /// Everything the page's HTML depends on, hashed.
    fn page_key(&self, site: &Site, pid: PageId) -> u64 {
        let tree = &site.tree;
        let page = &tree.pages[pid];
        let mut h = DefaultHasher::new();
        (self.templates, self.config, self.parse[pid]).hash(&mut h);
        (
            &page.url,
            &page.title,
            &page.hrefs,
            &page.updated,
            page.generated,
        )
            .hash(&mut h);
        // The navigation: the children of every section on the way to the page.
        for sid in tree.sections_of(pid) {
            self.section_nav[sid].hash(&mut h);
        }
        let root = tree.sections[tree.root_section()].index;
        (&tree.pages[root].title, &tree.pages[root].url).hash(&mut h);
        // Previous and next.
        let (prev, next) = site.order.neighbours(pid);
        for q in [prev, next].into_iter().flatten() {
            let qp = &tree.pages[q];
            (&qp.title, &qp.url, &qp.front.description).hash(&mut h);
        }
        // Section pages list their children with descriptions.
        if let Some(sid) = page.own_section {
            for &child in tree.children(sid) {
                let q = match child {
                    NavChild::Page(p) => p,
                    NavChild::Section(c) => tree.sections[c].index,
                };
                tree.pages[q].front.description.hash(&mut h);
            }
        }
        self.hash_data(page, &mut h);
        h.finish()
    }

    /// The data a page shows: the sets its shortcodes read and the glossary, or all of it
    /// when templates read data directly.
    fn hash_data(&self, page: &crate::content::Page, h: &mut DefaultHasher) {
        if self.data_global {
            self.data.hash(h);
            return;
        }
        self.data.get("glossary").hash(h);
        for sc in &page.doc.shortcodes {
            if let Some(path) = sc.call.args.get("data") {
                let set = path.split('.').next().unwrap_or("");
                self.data.get(set).hash(h);
                self.data
                    .iter()
                    .filter(|(k, _)| k.starts_with(&format!("{set}.")))
                    .for_each(|kv| kv.hash(h));
            }
        }
    }
}

/// A hash of every template, and whether a template other than a shortcode reads `data`.
fn templates_hash(theme: &Theme) -> (u64, bool) {
    let mut templates = DefaultHasher::new();
    let mut data_global = false;
    for (name, file) in &theme.templates {
        name.hash(&mut templates);
        let bytes = file.source.read().unwrap_or_default();
        bytes.hash(&mut templates);
        if !name.starts_with("shortcodes/") && String::from_utf8_lossy(&bytes).contains("data.") {
            data_global = true;
        }
    }
    (templates.finish(), data_global)
}
