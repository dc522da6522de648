//! `filters.json`: the pages of each top-level section and of each kind of data record,
//! for the results page's filters.

use std::collections::BTreeMap;

use super::out_path;
use crate::search::extract::{facet_label, SearchRecord, SubKind};
use crate::search::format::{FacetFilter, Filters, SectionFilter, FILTERS_FILE};
use crate::search::input::TopSection;
use crate::search::lists::encode_pages;

/// The kinds of data record a page shows (their data paths), sorted, each once.
pub fn facets(record: &SearchRecord) -> Vec<String> {
    let mut out: Vec<String> = record
        .subs
        .iter()
        .filter_map(|sub| match &sub.kind {
            SubKind::Record { facet } => Some(facet.clone()),
            _ => None,
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The filters file, from each page's top-level section (a place in `sections`) and the
/// pages showing each kind of record (in page order).
pub fn write(
    sections: &[TopSection],
    section_of: &[Option<usize>],
    facets: &BTreeMap<String, Vec<u32>>,
) -> (String, String) {
    let mut pages: Vec<Vec<u32>> = vec![Vec::new(); sections.len()];
    for (page, s) in section_of.iter().enumerate() {
        if let Some(s) = s {
            pages[*s].push(page as u32);
        }
    }
    let filters = Filters {
        sections: sections
            .iter()
            .zip(&pages)
            .map(|(s, pages)| SectionFilter {
                title: s.title.clone(),
                url: s.url.clone(),
                pages: encode_pages(pages),
            })
            .collect(),
        facets: facets
            .iter()
            .map(|(f, pages)| FacetFilter {
                path: f.clone(),
                label: facet_label(f),
                pages: encode_pages(pages),
            })
            .collect(),
    };
    (
        out_path(FILTERS_FILE),
        serde_json::to_string(&filters).unwrap_or_default(),
    )
}
