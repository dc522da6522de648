//! Where a term was found, by field, as pages are read; and its entry in a term shard.

use crate::search::format::{TermEntry, LIST_ELSEWHERE, TITLE_LENS_MARK};
use crate::search::lists::{encode_pages, encode_subs, SubsForm};

/// The fields a term is flagged in on a page (`Collect::flag`).
pub const TITLE: u8 = 1;
pub const DESCRIPTION: u8 = 2;
pub const BODY: u8 = 4;
pub const CODE: u8 = 8;

/// Where a term was found on the pages.
#[derive(Debug, Default, Clone)]
pub struct Postings {
    /// Pages (the number of words in each page's title is in meta.json, once per page).
    pub title: Vec<u32>,
    pub description: Vec<u32>,
    /// (page, sub-result value)
    pub heading: Vec<(u32, u32)>,
    pub record: Vec<(u32, u32)>,
    pub body: Vec<u32>,
    pub code: Vec<u32>,
}

impl Postings {
    /// Adds a page. A page is listed in a heading or record when it has the term there
    /// (the sub-result matters), but in only the best of title, description, body and
    /// code otherwise: ranking takes a term's best field on a page, so lesser ones would
    /// only add bytes.
    ///
    /// `fields` are TITLE, DESCRIPTION, BODY and CODE; `subs` the (term, sub-result value,
    /// whether a record) of the term's headings and records on the page, sorted.
    pub fn add(&mut self, id: u32, fields: u8, subs: &[(u32, u32, bool)]) {
        if fields & TITLE != 0 {
            self.title.push(id);
        } else if !subs.is_empty() {
        } else if fields & DESCRIPTION != 0 {
            self.description.push(id);
        } else if fields & BODY != 0 {
            self.body.push(id);
        } else if fields & CODE != 0 {
            self.code.push(id);
        }
        for &(_, v, record) in subs {
            let list = if record {
                &mut self.record
            } else {
                &mut self.heading
            };
            if list.last() != Some(&(id, v)) {
                list.push((id, v));
            }
        }
    }

    /// Whether the term is in nothing but titles.
    pub fn only_title(&self) -> bool {
        self.description.is_empty()
            && self.heading.is_empty()
            && self.record.is_empty()
            && self.body.is_empty()
            && self.code.is_empty()
    }

    /// How many places (page and field, or sub-result) hold the term.
    pub fn places(&self) -> usize {
        self.title.len()
            + self.description.len()
            + self.heading.len()
            + self.record.len()
            + self.body.len()
            + self.code.len()
    }

    /// The term's entry. `titled`: whether the title list is written here (not when
    /// meta.json holds the titles' lists); `lens`: each page's title length digit
    /// (`Meta::lens`), when the title list carries its pages' (meta.json has none);
    /// `subs`: how the heading and the record lists are written; `defer`: the `b/` file
    /// the body list is in instead.
    pub fn entry(
        &self,
        term: &str,
        titled: bool,
        lens: Option<&[u8]>,
        subs: [SubsForm; 2],
        defer: Option<usize>,
    ) -> TermEntry {
        TermEntry {
            term: term.to_string(),
            title: match (titled, lens) {
                (false, _) => String::new(),
                (true, Some(lens)) if !self.title.is_empty() => {
                    let mut list = encode_pages(&self.title);
                    list.push(TITLE_LENS_MARK);
                    list.extend(
                        self.title
                            .iter()
                            .map(|&p| char::from(lens.get(p as usize).copied().unwrap_or(b'A'))),
                    );
                    list
                }
                (true, _) => encode_pages(&self.title),
            },
            description: encode_pages(&self.description),
            heading: encode_subs(&self.heading, subs[0]),
            record: encode_subs(&self.record, subs[1]),
            body: match defer {
                Some(n) => format!("{LIST_ELSEWHERE}{n}"),
                None => encode_pages(&self.body),
            },
            code: encode_pages(&self.code),
        }
    }
}
