//! Fragments (`f/<page / 128>/<page>.json`): what a result shows, read only for the
//! results on screen.

use rayon::prelude::*;
use std::sync::Arc;

use super::out_path;
use crate::search::extract::{SearchRecord, SubKind};
use crate::search::format::{fragment_path, Fragment, FragmentSub, HEADING_KIND};
use crate::search::params::IndexParams;

/// Each page's fragment file, in page order.
pub fn write(records: &[Arc<SearchRecord>], params: &IndexParams) -> Vec<(String, String)> {
    records
        .par_iter()
        .enumerate()
        .map(|(page, record)| {
            let text = serde_json::to_string(&fragment(record, params)).unwrap_or_default();
            (out_path(&fragment_path(page as u32)), text)
        })
        .collect()
}

/// A page's fragment: its sub-results with their text cut short.
fn fragment(record: &SearchRecord, params: &IndexParams) -> Fragment {
    let r = record
        .subs
        .iter()
        .map(|sub| {
            let kind = match &sub.kind {
                SubKind::Page => "",
                SubKind::Heading => HEADING_KIND,
                SubKind::Record { facet } => facet.as_str(),
            };
            let text = if matches!(sub.kind, SubKind::Page) && !record.description.is_empty() {
                cut(
                    &format!("{} {}", record.description, sub.text),
                    params.stored_text,
                )
            } else if matches!(sub.kind, SubKind::Record { .. }) {
                cut(&sub.text, params.stored_record)
            } else {
                cut(&sub.text, params.stored_text)
            };
            // The start of the section's code too, so that a match there shows.
            let code = (!sub.code.trim().is_empty()).then(|| {
                let code = sub.code.split_whitespace().collect::<Vec<_>>().join(" ");
                cut(&code, params.stored_code)
            });
            FragmentSub {
                kind: kind.to_string(),
                title: sub.title.clone(),
                anchor: sub.anchor.clone(),
                text,
                code,
            }
        })
        .collect();
    Fragment {
        u: record.url.clone(),
        t: record.title.clone(),
        p: record.path.clone(),
        r,
    }
}

/// The text cut after `max` characters, at a space when there is one near.
fn cut(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((i, _)) => {
            let head = &text[..i];
            let at = head.rfind(' ').filter(|&s| s > i / 2).unwrap_or(i);
            format!("{}…", &text[..at])
        }
    }
}
