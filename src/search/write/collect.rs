//! Reading the pages, a batch at a time in parallel: each page's record made and at once
//! read (its fragment, terms and word pairs taken from it, then dropped), and the batch
//! merged in page order while the next is read. Fragments are packed into files and
//! written as they fill (`fragments.rs`). Terms and word pairs are numbered as they are
//! found (`intern.rs`); at the end the terms are sorted into key order.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use rayon::prelude::*;

use super::fragments::{fragment_json, Packer};
use super::intern::{Ids, Interner, Known, Lease};
use super::pair_lists::PairLists;
use super::pairs::{heading_tag, pair_code, PairCode};
use super::postings::{Postings, BODY, CODE, DESCRIPTION, TITLE};
use super::{filters, meta, Noted};
use crate::search::extract::{SearchRecord, SubKind};
use crate::search::format::{key_cmp, TITLE_LEN_BITS};
use crate::search::fxhash::FxHasher;
use crate::search::input::IndexInput;
use crate::search::lists::push_number;
use crate::search::params::IndexParams;
use crate::search::terms::{Synonyms, MAX_GAP};
use crate::search::tokenize;

/// Marks a term seen on the page being read (beside its fields).
const SEEN: u8 = 0x80;
/// The most title words a sub-result value counts (less one, in `TITLE_LEN_BITS`).
const MAX_TITLE_WORDS: usize = 1 << TITLE_LEN_BITS;
/// The most title words `Meta::lens` counts (one digit).
const MAX_LENS: u32 = 31;
/// Pages read in parallel at a time.
const BATCH: usize = 512;

/// The site's terms and pairs, by page and by term.
pub struct Collected {
    /// The terms in key order (`key_cmp`), with where they are.
    pub sorted: Vec<(String, Postings)>,
    /// Each term's place in `sorted`, by the number it was read as.
    pub rank: Vec<u32>,
    /// The pages' word pairs, by first word.
    pub pairs: PairLists,
    /// Each page's sub-results' titles, lower-cased and hashed (to tell headings apart).
    pub page_texts: Vec<Vec<u64>>,
    /// Each page's sub-results' titles' lengths in words, less one, up to 7 (as sub-result
    /// values have them).
    pub page_lens: Vec<Vec<u8>>,
    /// Each page's number of title words, a digit a page (`Meta::lens`).
    pub title_lens: String,
    /// The first page of each fragment file (`Meta::frags`).
    pub fragment_files: Vec<u32>,
    /// The pages showing each kind of data record, by data path.
    pub facets: BTreeMap<String, Vec<u32>>,
    /// Bytes of text indexed (`Meta::text`).
    pub text_bytes: usize,
}

/// One page's terms, by number.
struct PageTerms {
    title_len: u32,
    /// (term, fields), by term.
    terms: Vec<(u32, u8)>,
    /// (term, sub-result value, in a record), sorted: the terms of headings' and records'
    /// titles.
    subs: Vec<(u32, u32, bool)>,
    /// Its word pairs, sorted.
    pairs: Vec<PairCode>,
}

/// What one page gives the index.
struct PageRead {
    terms: PageTerms,
    /// Its sub-results' titles, hashed.
    texts: Vec<u64>,
    /// Its fragment, as JSON.
    fragment: String,
    /// The kinds of data record it shows.
    facets: Vec<String>,
    /// Bytes of its text indexed.
    text: usize,
}

/// Reads every page, a batch at a time; writes the fragment files as they fill.
pub fn collect(input: &IndexInput, params: &IndexParams, out: &Noted) -> Collected {
    let interner = Interner::new();
    let pool: Mutex<Vec<Known>> = Mutex::new(Vec::new());
    let synonyms = &input.synonyms;
    let read = |range: std::ops::Range<usize>| -> Vec<PageRead> {
        // Each page's record is read as soon as it is made, while it is in the cache.
        range
            .into_par_iter()
            .map_init(
                || Lease::take(&pool),
                |lease, i| {
                    let record = &input.record(i);
                    let ids = Ids {
                        interner: &interner,
                        known: lease.known(),
                    };
                    PageRead {
                        terms: page_terms(record, synonyms, ids),
                        texts: sub_texts(record),
                        fragment: fragment_json(record, params),
                        facets: filters::facets(record),
                        text: meta::text_bytes(record),
                    }
                },
            )
            .collect()
    };
    let mut merged = Merged {
        packer: Some(Packer::new(params)),
        ..Merged::default()
    };
    // A batch is merged (in page order, on one thread) while the next is read.
    let mut batches = (0..input.pages)
        .step_by(BATCH)
        .map(|first| first..(first + BATCH).min(input.pages));
    let mut pending = batches.next().map(read);
    let mut first = 0;
    while let Some(done) = pending.take() {
        let next = batches.next();
        let pages = done.len();
        let (read_next, ()) = rayon::join(|| next.map(read), || merged.add(first, done, out));
        pending = read_next;
        first += pages;
    }
    let (last, fragment_files) = merged.packer.take().map(Packer::finish).unwrap_or_default();
    if let Some((path, text)) = last {
        out.put(path, text);
    }
    let mut postings = merged.postings;
    postings.resize_with(interner.len(), Postings::default);
    let (sorted, rank) = in_key_order(interner.into_terms(), postings);
    Collected {
        sorted,
        rank,
        pairs: merged.pairs,
        page_texts: merged.page_texts,
        page_lens: merged.page_lens,
        title_lens: merged.title_lens,
        fragment_files,
        facets: merged.facets,
        text_bytes: merged.text_bytes,
    }
}

/// The pages read so far.
#[derive(Default)]
struct Merged {
    postings: Vec<Postings>,
    pairs: PairLists,
    page_texts: Vec<Vec<u64>>,
    page_lens: Vec<Vec<u8>>,
    title_lens: String,
    packer: Option<Packer>,
    facets: BTreeMap<String, Vec<u32>>,
    text_bytes: usize,
}

impl Merged {
    /// Adds a batch of pages, the first numbered `first`; writes the fragment files it
    /// fills.
    fn add(&mut self, first: usize, done: Vec<PageRead>, out: &Noted) {
        let mut full = Vec::new();
        for (k, page) in done.into_iter().enumerate() {
            let id = (first + k) as u32;
            if let Some(packer) = &mut self.packer {
                full.extend(packer.add(&page.fragment));
            }
            for facet in page.facets {
                self.facets.entry(facet).or_default().push(id);
            }
            self.text_bytes += page.text;
            let (pt, texts) = (page.terms, page.texts);
            let mut lens = vec![MAX_TITLE_WORDS as u8 - 1; texts.len()];
            // Sub-result 0 is the page: its title's length.
            if let Some(l) = lens.first_mut() {
                *l = title_len_digit(pt.title_len as usize) as u8;
            }
            for &(_, v, _) in &pt.subs {
                if let Some(l) = lens.get_mut((v >> TITLE_LEN_BITS) as usize) {
                    *l = (v & (MAX_TITLE_WORDS as u32 - 1)) as u8;
                }
            }
            self.page_lens.push(lens);
            self.page_texts.push(texts);
            let mut k = 0;
            for (term, fields) in pt.terms {
                let start = k;
                while k < pt.subs.len() && pt.subs[k].0 == term {
                    k += 1;
                }
                let term = term as usize;
                if term >= self.postings.len() {
                    self.postings.resize_with(term + 1, Postings::default);
                }
                self.postings[term].add(id, fields, &pt.subs[start..k]);
            }
            push_number(&mut self.title_lens, u64::from(pt.title_len.min(MAX_LENS)));
            self.pairs.add(id, &pt.pairs);
        }
        full.into_par_iter()
            .for_each(|(path, text)| out.put(path, text));
    }
}

/// The terms in key order with their postings, and each term's rank in it by number.
fn in_key_order(
    mut terms: Vec<String>,
    mut postings: Vec<Postings>,
) -> (Vec<(String, Postings)>, Vec<u32>) {
    let mut order: Vec<u32> = (0..terms.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| key_cmp(&terms[a as usize], &terms[b as usize]));
    let mut rank = vec![0u32; terms.len()];
    for (r, &t) in order.iter().enumerate() {
        rank[t as usize] = r as u32;
    }
    let sorted = order
        .iter()
        .map(|&t| {
            let t = t as usize;
            (
                std::mem::take(&mut terms[t]),
                std::mem::take(&mut postings[t]),
            )
        })
        .collect();
    (sorted, rank)
}

/// A page's sub-results' titles, lower-cased and hashed, by sub-result number.
fn sub_texts(record: &SearchRecord) -> Vec<u64> {
    record
        .subs
        .iter()
        .map(|sub| {
            let mut h = FxHasher::default();
            sub.title.to_lowercase().hash(&mut h);
            h.finish()
        })
        .collect()
}

/// A page's terms as they are found.
pub(super) struct Collect<'i, 'k> {
    pub ids: Ids<'i, 'k>,
    pub synonyms: &'i Synonyms,
}

impl Collect<'_, '_> {
    /// Notes the term numbered `id` in `fields`.
    fn flag(&mut self, id: u32, fields: u8) {
        let known = &mut *self.ids.known;
        let i = id as usize;
        if i >= known.fields.len() {
            known.fields.resize(i + 1, 0);
        }
        if known.fields[i] == 0 {
            known.seen.push(id);
        }
        known.fields[i] |= fields | SEEN;
    }

    /// Notes the term numbered `id` in a heading's or record's title.
    fn sub(&mut self, id: u32, value: u32, record: bool) {
        self.flag(id, 0);
        self.ids.known.subs.push((id, value, record));
    }

    /// The page's terms; the thread is ready for the next page.
    fn finish(self, title_len: u32) -> PageTerms {
        let known = self.ids.known;
        known.seen.sort_unstable();
        known.subs.sort_unstable();
        known.subs.dedup();
        let subs = known.subs.clone();
        known.subs.clear();
        let mut terms = Vec::with_capacity(known.seen.len());
        for &id in &known.seen {
            terms.push((id, known.fields[id as usize] & !SEEN));
            known.fields[id as usize] = 0;
        }
        known.seen.clear();
        // As one number each (the same order as the tuples'): sorting is a third faster.
        known.pairs.sort_unstable_by_key(|&(a, b, g)| {
            u128::from(a) << 64 | u128::from(b) << 32 | u128::from(g)
        });
        known.pairs.dedup();
        let pairs = known.pairs.clone();
        known.pairs.clear();
        PageTerms {
            title_len,
            terms,
            subs,
            pairs,
        }
    }

    /// The numbers of a text's terms and, when asked, its word pairs, as
    /// `terms::text_terms` finds them; and the text's word count.
    #[cfg(test)]
    pub fn ids_of(&mut self, text: &str, pairs: bool) -> (Vec<u32>, Vec<PairCode>, usize) {
        let (mut ids, mut pair_list) = (Vec::new(), Vec::new());
        let words = self.scan_into(text, pairs, &mut ids, &mut pair_list);
        (ids, pair_list, words)
    }

    /// Appends the numbers of a text's terms to `out` and, when `pairs`, its word pairs to
    /// `pair_list`, as `terms::text_terms` finds them. Returns the text's word count.
    fn scan_into(
        &mut self,
        text: &str,
        pairs: bool,
        out: &mut Vec<u32>,
        pair_list: &mut Vec<PairCode>,
    ) -> usize {
        let mut words = 0;
        let keep_words = !self.synonyms.is_empty();
        let mut list: Vec<String> = Vec::new();
        let mut prev: Option<u32> = None;
        // The stopwords since the last word: a pair spans at most `MAX_GAP`.
        let mut gap = [0usize; MAX_GAP];
        let mut gap_len = 0;
        let ids = &mut self.ids;
        tokenize::scan(text, |t, kind| {
            let id = ids.id(t);
            out.push(id);
            if kind == tokenize::Kind::Joined {
                return;
            }
            words += 1;
            if keep_words {
                list.push(t.to_string());
            }
            if !pairs {
                return;
            }
            if kind == tokenize::Kind::Cjk {
                prev = None;
                gap_len = 0;
                return;
            }
            if let Some(g) = ids.stopword(id, t) {
                if gap_len < MAX_GAP {
                    gap[gap_len] = g;
                }
                gap_len += 1;
                return;
            }
            match &mut prev {
                Some(p) => {
                    if gap_len <= MAX_GAP {
                        pair_list.push(pair_code(*p, id, &gap[..gap_len]));
                    }
                    *p = id;
                }
                None => prev = Some(id),
            }
            gap_len = 0;
        });
        if keep_words {
            let list: Vec<&str> = list.iter().map(String::as_str).collect();
            let mut groups = Vec::new();
            self.synonyms.find(&list, |g| groups.push(g.to_string()));
            for g in groups {
                out.push(self.ids.id(&g));
            }
        }
        words
    }

    /// Scans `text` into the thread's reused buffers: its word pairs (when `pairs`) onto
    /// the page's, then `then` gets its terms' numbers, where its pairs start among the
    /// page's, and its word count (which it returns).
    fn scanned(
        &mut self,
        text: &str,
        pairs: bool,
        then: impl FnOnce(&mut Self, &[u32], usize, usize),
    ) -> usize {
        let mut ids = std::mem::take(&mut self.ids.known.text_ids);
        let mut pair_list = std::mem::take(&mut self.ids.known.pairs);
        let from = pair_list.len();
        let words = self.scan_into(text, pairs, &mut ids, &mut pair_list);
        self.ids.known.pairs = pair_list;
        then(self, &ids, from, words);
        ids.clear();
        self.ids.known.text_ids = ids;
        words
    }

    /// A text's terms into `field`, its word pairs noted. Returns its word count.
    fn text(&mut self, text: &str, field: u8, pairs: bool) -> usize {
        self.scanned(text, pairs, |c, ids, _, _| {
            for &id in ids {
                c.flag(id, field);
            }
        })
    }

    /// A page title's word pairs, tagged as in the title of sub-result `sub` (its words
    /// are in the title field).
    fn title_pairs(&mut self, sub: u32, title: &str) {
        self.scanned(title, true, |c, _, from, _| c.tag_pairs(from, sub));
    }

    /// Tags the word pairs noted from `from` on as in the title of sub-result `sub`.
    fn tag_pairs(&mut self, from: usize, sub: u32) {
        for p in &mut self.ids.known.pairs[from..] {
            p.2 |= heading_tag(sub);
        }
    }

    /// A heading's or record's title: its terms name the sub-result and the title's length
    /// (the sub-result value: its number shifted by `TITLE_LEN_BITS`, plus the number of
    /// words, up to 8, less one).
    fn title(&mut self, sub: u32, title: &str, record: bool) {
        self.scanned(title, true, |c, ids, from, words| {
            c.tag_pairs(from, sub);
            let v = sub << TITLE_LEN_BITS | title_len_digit(words);
            for &id in ids {
                c.sub(id, v, record);
            }
        });
    }

    /// Code: words only, no joined forms of identifiers (`plan_0`).
    fn code(&mut self, code: &str) {
        let mut ids = std::mem::take(&mut self.ids.known.text_ids);
        tokenize::scan(code, |t, kind| {
            if kind != tokenize::Kind::Joined {
                ids.push(self.ids.id(t));
            }
        });
        for &id in &ids {
            self.flag(id, CODE);
        }
        ids.clear();
        self.ids.known.text_ids = ids;
    }
}

/// A title's length as sub-result values hold it: its words, up to `MAX_TITLE_WORDS`,
/// less one.
fn title_len_digit(words: usize) -> u32 {
    words.clamp(1, MAX_TITLE_WORDS) as u32 - 1
}

fn page_terms(record: &SearchRecord, synonyms: &Synonyms, ids: Ids) -> PageTerms {
    let mut c = Collect { ids, synonyms };
    let title_len = c.text(&record.title, TITLE, false) as u32;
    c.text(&record.description, DESCRIPTION, false);
    for (i, sub) in record.subs.iter().enumerate() {
        let i = i as u32;
        match &sub.kind {
            // The page's title words are in the title field; its pairs are tagged as
            // sub-result `i`'s, so that a pair file alone finds a title.
            SubKind::Page => c.title_pairs(i, &sub.title),
            // A record's fields are body text; which record matched is found in the
            // page's fragment.
            SubKind::Heading => c.title(i, &sub.title, false),
            SubKind::Record { .. } => c.title(i, &sub.title, true),
        }
        c.text(&sub.text, BODY, true);
        if !sub.code.is_empty() {
            c.code(&sub.code);
        }
    }
    c.finish(title_len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::terms::{pair_key, text_terms};

    /// The key of a pair (`first second!the+of`), from the terms by number.
    fn pair_code_key(code: PairCode, terms: &[String]) -> String {
        let mut gap = Vec::new();
        let mut c = code.2;
        while c != 0 {
            gap.push((c & 0xff) as usize - 1);
            c >>= 8;
        }
        gap.reverse();
        pair_key(&terms[code.0 as usize], &terms[code.1 as usize], &gap)
    }

    /// The indexer numbers terms and pairs without building their text each time; what it
    /// numbers must be what `terms::text_terms` finds.
    #[test]
    fn numbered_terms_are_the_text_terms() {
        let synonyms = Synonyms::new(vec![(
            "=deal reg".to_string(),
            vec![
                vec!["deal".to_string(), "reg".to_string()],
                vec!["deal".to_string(), "registration".to_string()],
            ],
        )]);
        let texts = [
            "The Command Plan for the mid-market deal registration, and a deal reg.",
            "営業担当 and R7 with the $10k IACV of the partner's co-selling motion",
            "a b c d e f the the the a an g",
        ];
        let interner = Interner::new();
        let mut known = Known::default();
        let mut got = Vec::new();
        for text in texts {
            let mut c = Collect {
                ids: Ids {
                    interner: &interner,
                    known: &mut known,
                },
                synonyms: &synonyms,
            };
            got.push(c.ids_of(text, true));
        }
        let terms = interner.into_terms();
        for (text, (ids, pairs, words)) in texts.iter().zip(got) {
            let mut want: Vec<(String, bool)> = Vec::new();
            let want_words = text_terms(text, &synonyms, true, |t, pair| {
                want.push((t.to_string(), pair))
            });
            let mut got: Vec<(String, bool)> = ids
                .iter()
                .map(|&id| (terms[id as usize].clone(), false))
                .chain(pairs.iter().map(|&p| (pair_code_key(p, &terms), true)))
                .collect();
            got.sort();
            want.sort();
            assert_eq!(got, want, "{text}");
            assert_eq!(words, want_words);
        }
    }
}
