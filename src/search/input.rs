//! What the index is made from: each page's search record in page order, its top-level
//! section, and the glossary's synonyms. This is the one place the search module reads the
//! built site (`IndexInput::from_site`, or `IndexInput::from_site_sources` for a caller
//! that writes the index after the site is gone);
//! everything after it takes an `IndexInput`.
//!
//! A build's records are made a page at a time, when the writer asks for them (it drops
//! each once read), so that the whole site's text is never held at once.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::extract::{record_of, RecordPage, SearchRecord};
use super::terms::Synonyms;
use super::tokenize;
use crate::content::{ContentTree, PageId, SectionId};
use crate::data::DataSets;
use crate::markdown::Document;
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
    /// Made from the site's pages when asked for: from each page's own parse, or from the
    /// parses taken out of the site (`released`, by page id), each dropped once its
    /// record is made.
    Site {
        site: &'a Site,
        ids: Vec<PageId>,
        released: Option<Vec<Mutex<Arc<Document>>>>,
    },
    /// Made already, by tests.
    Given(Vec<Arc<SearchRecord>>),
    /// Made from what is given (the dev server's search worker, which holds no site): the
    /// pages' parses and what else their records take, by page number.
    Sources {
        pages: Vec<(RecordPage, Arc<Document>)>,
        data: Arc<DataSets>,
    },
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
    /// The built site's pages, sections and glossary; records are made when asked for.
    pub fn from_site(site: &'a Site) -> IndexInput<'a> {
        IndexInput::of_site(site, None)
    }

    /// The site's pages with their parses taken out of it (`docs`, by page id): a build
    /// that writes to disk drops each as soon as its record is made.
    pub fn releasing(site: &'a Site, docs: Vec<Arc<Document>>) -> IndexInput<'a> {
        IndexInput::of_site(site, Some(docs.into_iter().map(Mutex::new).collect()))
    }

    fn of_site(site: &'a Site, released: Option<Vec<Mutex<Arc<Document>>>>) -> IndexInput<'a> {
        let ids = searchable_pages(site);
        let (section_of, sections) = top_sections(&site.tree, &ids);
        IndexInput {
            pages: ids.len(),
            section_of,
            sections,
            synonyms: glossary_synonyms(&site.data),
            records: Records::Site {
                site,
                ids,
                released,
            },
        }
    }

    /// The site's pages, sections and glossary, taken out of it: the pages' parses are
    /// shared, the rest copied, so that the input outlives the site.
    pub fn from_site_sources(site: &Site) -> IndexInput<'static> {
        let ids = searchable_pages(site);
        let (section_of, sections) = top_sections(&site.tree, &ids);
        let pages: Vec<(RecordPage, Arc<Document>)> =
            ids.iter().map(|&pid| record_source(site, pid)).collect();
        IndexInput {
            pages: pages.len(),
            records: Records::Sources {
                pages,
                data: site.data.clone(),
            },
            section_of,
            sections,
            synonyms: glossary_synonyms(&site.data),
        }
    }

    /// Records made already, by page number, with their sections and the glossary.
    pub fn from_records(
        records: Vec<Arc<SearchRecord>>,
        section_of: Vec<Option<usize>>,
        sections: Vec<TopSection>,
        synonyms: Synonyms,
    ) -> IndexInput<'static> {
        IndexInput {
            pages: records.len(),
            records: Records::Given(records),
            section_of,
            sections,
            synonyms,
        }
    }

    /// The record of page `i`, made when it is not made already. Asked once a page: with
    /// the parses released, the first call takes the page's parse out.
    pub fn record(&self, i: usize) -> Arc<SearchRecord> {
        match &self.records {
            Records::Site {
                site,
                ids,
                released,
            } => {
                let pid = ids[i];
                let (page, own) = record_source(site, pid);
                let doc = match released {
                    Some(docs) => {
                        std::mem::take(&mut *docs[pid].lock().unwrap_or_else(|e| e.into_inner()))
                    }
                    None => own,
                };
                Arc::new(record_of(page, &doc, &site.data))
            }
            Records::Given(records) => records[i].clone(),
            Records::Sources { pages, data } => {
                let (page, doc) = &pages[i];
                Arc::new(record_of(page.clone(), doc, data))
            }
        }
    }
}

/// Each page's top-level section (a place in the list), and the top-level sections holding
/// pages, in the site's order of sections.
fn top_sections(tree: &ContentTree, ids: &[PageId]) -> (Vec<Option<usize>>, Vec<TopSection>) {
    let tops: Vec<Option<SectionId>> = ids.iter().map(|&p| top_section(tree, p)).collect();
    let mut places: BTreeMap<SectionId, usize> = tops.iter().flatten().map(|&s| (s, 0)).collect();
    let mut sections = Vec::with_capacity(places.len());
    for (&s, place) in places.iter_mut() {
        *place = sections.len();
        let page = &tree.pages[tree.sections[s].index];
        sections.push(TopSection {
            title: page.title.clone(),
            url: page.url.clone(),
        });
    }
    let section_of = tops.iter().map(|t| t.map(|s| places[&s])).collect();
    (section_of, sections)
}

/// The pages the index holds, by page number: the reading order, then hidden pages. Pages
/// never written and pages that ask search engines not to index them are left out.
pub fn searchable_pages(site: &Site) -> Vec<PageId> {
    let tree = &site.tree;
    let searchable = |&p: &PageId| tree.pages[p].is_rendered() && !tree.pages[p].front.noindex;
    let mut ids: Vec<PageId> = site
        .order
        .pages()
        .iter()
        .copied()
        .filter(searchable)
        .collect();
    ids.extend(site.order.hidden().filter(searchable));
    ids
}

/// What one page's record is made from (with the site's data).
fn record_source(site: &Site, pid: PageId) -> (RecordPage, Arc<Document>) {
    let page = &site.tree.pages[pid];
    let path = section_path(&site.tree, pid);
    (RecordPage::of(page, path), page.doc.clone())
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
