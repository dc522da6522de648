//! `filters.json`: the pages of each top-level section and of each kind of data record,
//! for the results page's filters.

use std::collections::{BTreeMap, BTreeSet};

use super::out_path;
use crate::search::extract::{facet_label, SubKind};
use crate::search::format::{FacetFilter, Filters, SectionFilter, FILTERS_FILE};
use crate::search::input::IndexInput;
use crate::search::lists::encode_pages;

/// The filters file.
pub fn write(input: &IndexInput) -> (String, String) {
    let mut sections: Vec<Vec<u32>> = vec![Vec::new(); input.sections.len()];
    let mut facets: BTreeMap<&str, BTreeSet<u32>> = BTreeMap::new();
    for (page, record) in input.records.iter().enumerate() {
        let page = page as u32;
        if let Some(&Some(s)) = input.section_of.get(page as usize) {
            sections[s].push(page);
        }
        for sub in &record.subs {
            if let SubKind::Record { facet } = &sub.kind {
                facets.entry(facet).or_default().insert(page);
            }
        }
    }
    let filters = Filters {
        sections: input
            .sections
            .iter()
            .zip(&sections)
            .map(|(s, pages)| SectionFilter {
                title: s.title.clone(),
                url: s.url.clone(),
                pages: encode_pages(pages),
            })
            .collect(),
        facets: facets
            .into_iter()
            .map(|(f, pages)| FacetFilter {
                path: f.to_string(),
                label: facet_label(f),
                pages: encode_pages(&pages.into_iter().collect::<Vec<_>>()),
            })
            .collect(),
    };
    (
        out_path(FILTERS_FILE),
        serde_json::to_string(&filters).unwrap_or_default(),
    )
}
