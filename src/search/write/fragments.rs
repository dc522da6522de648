//! Fragments (`f/<n>.json`): what a result shows, read only for the results on screen.
//! Neighbouring pages' fragments share a file of about `fragment_bytes`, so that a site
//! has a file per several pages rather than one per page; meta.json lists the first page
//! of each file (`Meta::frags`).

use super::out_path;
use crate::search::extract::{SearchRecord, SubKind};
use crate::search::format::{numbered, Fragment, FragmentSub, FRAGMENT_FILES, HEADING_KIND};
use crate::search::params::IndexParams;

/// A page's fragment as JSON: its sub-results with their text cut short.
pub fn fragment_json(record: &SearchRecord, params: &IndexParams) -> String {
    serde_json::to_string(&fragment(record, params)).expect("writing JSON to memory")
}

/// Packs the pages' fragments, in page order, into files of about `fragment_bytes`.
pub struct Packer {
    target: usize,
    /// The file being filled, from its `[`.
    body: String,
    /// How many fragments it has.
    count: usize,
    /// The next page's number.
    page: u32,
    /// The first page of each file begun.
    firsts: Vec<u32>,
}

impl Packer {
    pub fn new(params: &IndexParams) -> Self {
        Packer {
            target: params.fragment_bytes,
            body: String::new(),
            count: 0,
            page: 0,
            firsts: Vec::new(),
        }
    }

    /// Adds the next page's fragment; returns the file this closed, if it did.
    pub fn add(&mut self, fragment: &str) -> Option<(String, String)> {
        let full = self.count > 0 && self.body.len() + fragment.len() + 2 > self.target;
        let done = full.then(|| self.close());
        if self.count == 0 {
            self.firsts.push(self.page);
            self.body.push('[');
        } else {
            self.body.push_str(",\n");
        }
        self.body.push_str(fragment);
        self.count += 1;
        self.page += 1;
        done
    }

    /// The last file, if it has fragments, and the first page of each file.
    pub fn finish(mut self) -> (Option<(String, String)>, Vec<u32>) {
        let last = (self.count > 0).then(|| self.close());
        (last, self.firsts)
    }

    fn close(&mut self) -> (String, String) {
        self.body.push(']');
        self.count = 0;
        let path = out_path(&numbered(FRAGMENT_FILES, self.firsts.len() - 1));
        (path, std::mem::take(&mut self.body))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Fragments fill a file up to the target, a larger one has a file of its own, and
    /// each file's first page is noted.
    #[test]
    fn neighbouring_fragments_share_a_file_of_about_the_target() {
        let params = IndexParams {
            fragment_bytes: 20,
            ..IndexParams::default()
        };
        let mut packer = Packer::new(&params);
        let mut files = Vec::new();
        for f in [
            "{\"a\":1}",
            "{\"b\":2}",
            "{\"c\":\"a long one, alone\"}",
            "{\"d\":4}",
        ] {
            files.extend(packer.add(f));
        }
        let (last, firsts) = packer.finish();
        files.extend(last);
        assert_eq!(firsts, [0, 2, 3]);
        assert_eq!(
            files,
            [
                ("search/f/0.json".into(), "[{\"a\":1},\n{\"b\":2}]".into()),
                (
                    "search/f/1.json".into(),
                    "[{\"c\":\"a long one, alone\"}]".into()
                ),
                ("search/f/2.json".into(), "[{\"d\":4}]".into()),
            ]
        );
    }
}
