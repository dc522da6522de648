//! Search: records derived from each page's parsed document and the data records it
//! renders, and the split index files the JS client (`themes/default/static/search.js`)
//! loads.
//!
//! Owns: what is indexed and how the index is laid out on disk. Knows nothing of HTTP.
//!
//! The files, under `search/`:
//! - `meta.json`: the build's version, the page count, the first key of each term shard,
//!   the number of pair buckets, the first reversed word of each word-ending file, the glossary's
//!   synonym groups, the stopwords pairs skip, each page's number of title words (a base64
//!   digit a page, stored once rather than in every title word's list, as search engines
//!   keep a document's length norm), the bytes of text indexed, the titles' lists
//!   `[[term, pages], ...]` (no stopword's) when they fit in `TITLES_BYTES`: the client
//!   ranks by titles first and reads no term shard when they settle a query; and the
//!   other words a typo is most likely of (`typo_words`); and a filter of the words the
//!   index holds (`known`, `index::known_filter`), so that a word it lacks costs no
//!   request.
//! - `t/<n>.json`: term shards, `[[term, title, description, heading, record, body,
//!   code], ...]` sorted by term; each field a list of numbers (see `index.rs`), the
//!   heading and record fields naming the sub-result, or for a word in hundreds of
//!   headings its pages (`index::WIDE_SUBS`, `index::SubsForm`). The title field is empty
//!   when meta.json holds the titles' lists, and a word found in titles alone is only
//!   there.
//! - `h/<n>.json`: the sub-results of such a word in many different headings, whose entry
//!   says `*pages+n`; read only when titles do not settle a query.
//! - `b/<n>.json`: the body list of a word in the body of a good part of the pages
//!   (`DEFER_BODY`), whose entry says `+n` instead; read only when titles and headings do
//!   not settle a query.
//! - `s/<n>.json`: the entry of the `n`th stopword (see `meta.json`), in the term shard's
//!   layout (just the word when no page has it); its entry in the term shard holds only the
//!   word. Loaded only for a query of nothing but stopwords.
//! - `p/<n>.json`: word pairs (`escalate partner!the`) with the pages holding them and
//!   the headings whose titles do, `[[key, pages, headed], ...]` (`index::push_pair_json`),
//!   in buckets by a hash of the first word and the second's first three letters
//!   (`index::pair_bucket`), sorted by key; loaded first for a query of several words
//!   the titles do not settle (two buckets at most), and when the words alone leave the
//!   ranking open.
//! - `e/<n>.json`: words sorted by their reversed spelling, for typos in a word's first
//!   letters.
//! - `f/<page / 128>/<page>.json`: a page's fragment, loaded only when the page is shown
//!   as a result: `{u: url, t: title, p: section path, r: [[kind, title, anchor, text,
//!   code?], ...]}`, the first sub-result being the page itself, then headings and records
//!   in document order; the kind is empty for the page, `h` for a heading, the data path
//!   for a record; text and code are cut short.
//! - `filters.json`: the pages of each top-level section and of each record facet.
//!
//! Page numbers are positions in the navigation order, pages outside it last.

pub mod extract;
mod fold_table;
pub mod index;
pub mod tokenize;

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use crate::content::{PageId, SectionId};
use crate::data::DataSets;
use crate::output::Output;
use crate::site::Site;
use extract::{facet_label, page_record, SearchRecord, SubKind};
use index::{key_cmp, partition, Postings, SubsForm, Synonyms, TermMap};

/// About this many bytes of JSON in a term shard, a pair shard or a word-ending file.
/// Pair buckets are filled by hash, so a few get several of the pairs nearly every page
/// has: at 1,500 bytes a phrase's two buckets and three fragments stay under 10 KB gzipped
/// at the 95th percentile on the 10,000-page handbooks (at 3,000, 12 to 13 KB).
const SHARD_BYTES: usize = 2_500;
const PAIR_SHARD_BYTES: usize = 1_500;
/// A group of pairs one lookup reads (`index::pair_group`) this large has a file of its
/// own rather than a share of a bucket.
const OWN_PAIR_BYTES: usize = 2_000;
const ENDS_BYTES: usize = 16_000;
/// At most this many bytes of typo targets in meta.json (`typo_words`; about 25 KB
/// gzipped when full).
const WORDS_BYTES: usize = 80_000;
/// At most this many entries in meta.json's known-words filter (`index::known_filter`),
/// words and their first letters: 30 KB at 12 bits each, so that with the titles' lists
/// and the typo targets full a first query stays under 150 KB. A larger vocabulary writes
/// none, and the client reads a word's shard to learn it is not there.
const KNOWN_MAX: usize = 20_000;
/// The titles' lists go in meta.json up to this many bytes (about 70 KB gzipped: a
/// 10,000-page handbook's); beyond it they stay in the term shards.
const TITLES_BYTES: usize = 240_000;
/// A word in the body of this many pages, and of one in six or more, has its body list
/// in a file of its own (`b/<n>.json`).
const DEFER_BODY: usize = 500;
/// A sub-result's stored text is cut after this many characters (excerpts come from it;
/// matches further on still find the page).
const STORED_TEXT: usize = 200;
/// The same for a data record's fields, and for the code of a section.
const STORED_RECORD: usize = 200;
const STORED_CODE: usize = 120;
/// The results page (rendered with the site's pages, not part of the index).
pub const RESULTS_PAGE: &str = "search/index.html";

/// Whether an output file is one of the index files `write_index` writes (the results
/// page is not: it is rendered with the other pages).
pub fn is_index_file(path: &str) -> bool {
    path.starts_with("search/") && path != RESULTS_PAGE
}

/// What the index files hold, for the benchmark and tests.
#[derive(Debug, Default, Clone)]
pub struct IndexStats {
    pub pages: usize,
    pub terms: usize,
    pub shards: usize,
    /// Bytes of text indexed (titles, descriptions, headings, body, records, code).
    pub text_bytes: usize,
    /// Bytes of all index files.
    pub index_bytes: usize,
}

/// Writes the search index files into the output.
pub fn write_index(out: &mut Output, site: &Site) -> std::io::Result<()> {
    let (files, _) = build_index(site);
    let prepared: Vec<(String, std::io::Result<crate::output::OutputFile>)> = files
        .into_par_iter()
        .map(|(path, text)| {
            let file = out.prepare(&path, text.into_bytes());
            (path, file)
        })
        .collect();
    for (path, file) in prepared {
        out.insert(path, file?);
    }
    Ok(())
}

/// A worker's view of the interner: the terms it has numbered already, without locking.
struct Ids<'i, 'k> {
    interner: &'i Interner,
    known: &'k mut Known,
}

/// A worker's `Known`, taken from a pool and put back when the work is done.
struct Lease<'p> {
    known: Option<Known>,
    pool: &'p std::sync::Mutex<Vec<Known>>,
}

impl<'p> Lease<'p> {
    fn take(pool: &'p std::sync::Mutex<Vec<Known>>) -> Self {
        let known = pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
        Lease {
            known: Some(known.unwrap_or_default()),
            pool,
        }
    }

    fn known(&mut self) -> &mut Known {
        self.known.get_or_insert_with(Known::default)
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(k) = self.known.take() {
            self.pool.lock().unwrap_or_else(|e| e.into_inner()).push(k);
        }
    }
}

/// What a worker has numbered: terms, and word pairs by (first word, second word, the
/// stopwords between).
#[derive(Default)]
struct Known {
    terms: TermMap<u32>,
    /// The page's word pairs, as `PairCode`s.
    pairs: Vec<PairCode>,
    /// By term number: 0 not looked up yet, else 1 plus its place in `PAIR_STOPWORDS`,
    /// or `u8::MAX` for a word that is not a stopword.
    stop: Vec<u8>,
    /// The page being read: each term's fields (`SEEN` once it is on the page), the terms
    /// seen, and the (term, sub-result value, in a record's title) of titles.
    fields: Vec<u8>,
    seen: Vec<u32>,
    subs: Vec<(u32, u32, bool)>,
}

impl Ids<'_, '_> {
    fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.known.terms.get(term) {
            return id;
        }
        let id = self.interner.id(term);
        self.known.terms.insert(term.to_string(), id);
        id
    }

    /// The place in `PAIR_STOPWORDS` of the term numbered `id`, if it is a stopword.
    fn stopword(&mut self, id: u32, term: &str) -> Option<usize> {
        let i = id as usize;
        if i >= self.known.stop.len() {
            self.known.stop.resize(i + 1, 0);
        }
        if self.known.stop[i] == 0 {
            self.known.stop[i] = match index::PAIR_STOPWORDS.binary_search(&term) {
                Ok(g) => g as u8 + 1,
                Err(_) => u8::MAX,
            };
        }
        match self.known.stop[i] {
            u8::MAX => None,
            g => Some(usize::from(g) - 1),
        }
    }
}

/// A word pair, by number: (first word, second word, the stopwords between as digits of
/// 8 bits, each one plus its place in `PAIR_STOPWORDS`). Pairs are never numbered by the
/// interner: a site has many (920,000 on the 10,000-page neutral corpus), most on a page
/// or two, so they are sorted and grouped once at the end instead.
type PairCode = (u32, u32, u32);

/// The top 8 bits of a pair code's gap: which heading's or record's title the pair is in
/// (`heading_tag`), 0 when it is in text. The stopwords take the 24 bits below.
const TAG: u32 = 0xff00_0000;
const GAP: u32 = !TAG;
/// A sub-result number too large for a tag: the pair is in one of the page's headings.
const ANY_SUB: u32 = 254;

/// The tag of a pair in the title of sub-result `sub`.
fn heading_tag(sub: u32) -> u32 {
    (sub.min(ANY_SUB) + 1) << 24
}

fn pair_code(first: u32, second: u32, gap: &[usize]) -> PairCode {
    let mut code = 0u32;
    for &g in gap {
        code = code << 8 | (g as u32 + 1);
    }
    (first, second, code)
}

/// The key of a pair (`first second!the+of`), from the terms by number.
#[cfg(test)]
fn pair_code_key(code: PairCode, terms: &[String]) -> String {
    let mut gap = Vec::new();
    let mut c = code.2;
    while c != 0 {
        gap.push((c & 0xff) as usize - 1);
        c >>= 8;
    }
    gap.reverse();
    index::pair_key(&terms[code.0 as usize], &terms[code.1 as usize], &gap)
}

/// Terms by number, shared by the threads reading pages: a page's terms are numbers, so
/// merging pages is pushing onto lists, and each term's text is stored once.
struct Interner {
    shards: Vec<std::sync::Mutex<TermMap<u32>>>,
    next: std::sync::atomic::AtomicU32,
}

impl Interner {
    const SHARDS: usize = 64;

    fn new() -> Self {
        Interner {
            shards: (0..Self::SHARDS)
                .map(|_| std::sync::Mutex::new(TermMap::default()))
                .collect(),
            next: std::sync::atomic::AtomicU32::new(0),
        }
    }

    fn id(&self, term: &str) -> u32 {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let h = BuildHasherDefault::<index::FxHasher>::default().hash_one(term);
        let shard = &self.shards[(h >> 32) as usize % Self::SHARDS];
        let mut map = shard.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = map.get(term) {
            return id;
        }
        let id = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        map.insert(term.to_string(), id);
        id
    }

    /// The terms, by number.
    fn into_terms(self) -> Vec<String> {
        let n = self.next.into_inner() as usize;
        let mut out = vec![String::new(); n];
        for shard in self.shards {
            for (term, id) in shard.into_inner().unwrap_or_else(|e| e.into_inner()) {
                out[id as usize] = term;
            }
        }
        out
    }
}

/// The index files (path under the output folder, contents), sorted by path.
pub fn build_index(site: &Site) -> (Vec<(String, String)>, IndexStats) {
    let tree = &site.tree;
    let mut ids: Vec<PageId> = site.order.pages().to_vec();
    ids.extend(site.order.hidden());
    let synonyms = glossary_synonyms(&site.data);

    // Pages in parallel, a batch at a time; their terms merged in page order.
    let interner = Interner::new();
    let mut postings: Vec<Postings> = Vec::new();
    let mut fragments: Vec<(String, String)> = Vec::with_capacity(ids.len());
    let mut sections: BTreeMap<SectionId, Vec<u32>> = BTreeMap::new();
    let mut facets: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut text_bytes = 0;
    // Each page's word pairs.
    let mut page_pairs: Vec<Vec<PairCode>> = Vec::with_capacity(ids.len());
    // Each page's sub-results' titles, hashed (to tell a word's headings apart).
    let mut page_texts: Vec<Vec<u64>> = Vec::with_capacity(ids.len());
    // Each page's sub-results' titles' lengths in words, less one, up to 7 (as heading
    // lists have them).
    let mut page_lens: Vec<Vec<u8>> = Vec::with_capacity(ids.len());
    // Each page's number of title words, a digit a page (for meta.json).
    let mut title_lens = String::with_capacity(ids.len());
    const BATCH: usize = 512;
    type Done = Vec<(SearchRecord, PageTerms, String, Vec<u64>)>;
    // Workers' numbering caches go back to a pool between pieces of work, so they stay
    // warm for the whole site.
    let pool: std::sync::Mutex<Vec<Known>> = std::sync::Mutex::new(Vec::new());
    let read = |batch: &[PageId]| -> Done {
        batch
            .par_iter()
            .map_init(
                || Lease::take(&pool),
                |lease, &pid| {
                    let record = page_record(&tree.pages[pid], section_path(site, pid), &site.data);
                    let ids = Ids {
                        interner: &interner,
                        known: lease.known(),
                    };
                    let terms = page_terms(&record, &synonyms, ids);
                    let fragment = fragment_json(&record);
                    let texts = sub_texts(&record);
                    (record, terms, fragment, texts)
                },
            )
            .collect()
    };
    let mut merge = |first: usize, batch: &[PageId], done: Done| {
        for (k, (record, pt, fragment, texts)) in done.into_iter().enumerate() {
            let mut lens = vec![7u8; texts.len()];
            for &(_, v, _) in &pt.subs {
                if let Some(l) = lens.get_mut((v >> 3) as usize) {
                    *l = (v & 7) as u8;
                }
            }
            page_lens.push(lens);
            page_texts.push(texts);
            let id = (first + k) as u32;
            if let Some(top) = top_section(site, batch[k]) {
                sections.entry(top).or_default().push(id);
            }
            for sub in &record.subs {
                if let SubKind::Record { facet } = &sub.kind {
                    facets.entry(facet.clone()).or_default().insert(id);
                }
                text_bytes += sub.title.len() + sub.text.len() + sub.code.len();
            }
            text_bytes += record.description.len();
            let mut k = 0;
            for (term, fields) in pt.terms {
                let start = k;
                while k < pt.subs.len() && pt.subs[k].0 == term {
                    k += 1;
                }
                let term = term as usize;
                if term >= postings.len() {
                    postings.resize_with(term + 1, Postings::default);
                }
                postings[term].add(id, fields, &pt.subs[start..k]);
            }
            index::push_number(&mut title_lens, u64::from(pt.title_len.min(31)));
            page_pairs.push(pt.pairs);
            fragments.push((fragment_path(id), fragment));
        }
    };
    // A batch is merged (in page order, on one thread) while the next is read.
    let batches: Vec<&[PageId]> = ids.chunks(BATCH).collect();
    let mut pending = batches.first().map(|b| read(b));
    for (n, batch) in batches.iter().enumerate() {
        let done = pending.take().unwrap_or_default();
        let (next, ()) = rayon::join(
            || batches.get(n + 1).map(|b| read(b)),
            || merge(n * BATCH, batch, done),
        );
        pending = next;
    }

    // Term shards.
    postings.resize_with(
        interner.next.load(std::sync::atomic::Ordering::Relaxed) as usize,
        Postings::default,
    );
    let terms = interner.into_terms();

    // Terms in key order; a term's rank is its place in it.
    let mut order: Vec<u32> = (0..terms.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| key_cmp(&terms[a as usize], &terms[b as usize]));
    let mut rank = vec![0u32; terms.len()];
    for (r, &t) in order.iter().enumerate() {
        rank[t as usize] = r as u32;
    }
    let mut terms = terms;
    let sorted: Vec<(String, Postings)> = order
        .iter()
        .map(|&t| {
            let t = t as usize;
            (
                std::mem::take(&mut terms[t]),
                std::mem::take(&mut postings[t]),
            )
        })
        .collect();
    drop((terms, postings, order));
    let (pair_files, buckets, own_pairs) =
        pair_files(page_pairs, &rank, &sorted, &page_texts, &page_lens);
    // A body list of a word on a good part of the pages is a file of its own, `b/<n>.json`
    // (the entry says `+n`): a query its title and heading lists settle does not need it.
    let page_count = ids.len();
    let mut deferred = 0;
    // A stopword's too: its own file is read only for a query of nothing but stopwords
    // ("when"), which its headings nearly always settle.
    let is_stop = |t: &str| index::PAIR_STOPWORDS.binary_search(&t).is_ok();
    let defer: Vec<Option<usize>> = sorted
        .iter()
        .map(|(_, p)| {
            let long = p.body.len() >= DEFER_BODY && p.body.len() * 6 >= page_count;
            long.then(|| {
                deferred += 1;
                deferred - 1
            })
        })
        .collect();
    // Long sub-result lists: by page only when nearly all one heading text; otherwise
    // by page, with the sub-results in a file of their own (`h/<n>.json`), read only when
    // titles do not settle a query. (Few lists are long: this is one pass.)
    let mut sub_files: Vec<(String, String)> = Vec::new();
    let forms: Vec<[SubsForm; 2]> = sorted
        .iter()
        .map(|(t, p)| {
            [&p.heading, &p.record].map(|list| {
                if list.len() < index::WIDE_SUBS || is_stop(t) {
                    SubsForm::Pairs
                } else if common_text(list.iter().map(|&(p, v)| (p, v >> 3)), &page_texts).is_some()
                {
                    SubsForm::Pages
                } else {
                    let n = sub_files.len();
                    sub_files.push((
                        format!("search/h/{n}.json"),
                        json(&index::encode_sub_values(list)),
                    ));
                    SubsForm::Split(n)
                }
            })
        })
        .collect();
    // The titles' lists, in meta.json when they fit (`TITLES_BYTES`): a query the titles
    // settle reads no term shard. Stopwords keep theirs in their own files.
    let mut titles: Vec<(&str, String)> = sorted
        .iter()
        .filter(|(t, p)| !p.title.is_empty() && !is_stop(t))
        .map(|(t, p)| (t.as_str(), index::encode_pages(&p.title)))
        .collect();
    let titles_in_shards = titles
        .iter()
        .map(|(t, l)| t.len() + l.len() + 8)
        .sum::<usize>()
        > TITLES_BYTES;
    if titles_in_shards {
        titles.clear();
    }
    let typo_targets = typo_words(&sorted, !titles_in_shards);
    let known = index::known_filter(sorted.iter().map(|(t, _)| t.as_str()), KNOWN_MAX);
    let mut entries: Vec<String> = sorted
        .par_iter()
        .zip(&defer)
        .zip(&forms)
        .map(|(((term, p), &defer), &forms)| {
            p.entry_json(term, titles_in_shards || is_stop(term), forms, defer)
        })
        .collect();
    // Whether a term's entry is in its term shard: not a word found in titles alone when
    // meta.json holds the titles' lists.
    let in_shard: Vec<bool> = sorted
        .iter()
        .map(|(t, p)| titles_in_shards || is_stop(t) || !p.only_title())
        .collect();
    let bodies: Vec<(String, String)> = sorted
        .par_iter()
        .zip(&defer)
        .filter_map(|((_, p), &defer)| {
            defer.map(|n| {
                (
                    format!("search/b/{n}.json"),
                    json(&index::encode_pages(&p.body)),
                )
            })
        })
        .collect();
    let mut files: Vec<(String, String)> = Vec::new();
    // Stopwords: their lists are the longest of all, and a query with other words does not
    // need them (the word pairs carry them), so each has a file of its own, and its entry in
    // the term shard is just the word (so that completions and typos still see it there).
    // Every stopword has its file, so that the client need not look in the shard first.
    let mut stop_entries: Vec<String> = index::PAIR_STOPWORDS
        .iter()
        .map(|w| format!("[{}]", json(w)))
        .collect();
    for (i, (term, _)) in sorted.iter().enumerate() {
        if let Ok(s) = index::PAIR_STOPWORDS.binary_search(&term.as_str()) {
            let stub = stop_entries[s].clone();
            stop_entries[s] = std::mem::replace(&mut entries[i], stub);
        }
    }
    for (s, entry) in stop_entries.into_iter().enumerate() {
        files.push((format!("search/s/{s}.json"), entry));
    }
    // Words (and glossary groups) in term shards, by key range.
    let mut shard_keys = Vec::new();
    let kept: Vec<(&str, &String)> = sorted
        .iter()
        .zip(&entries)
        .zip(&in_shard)
        .filter(|(_, &keep)| keep)
        .map(|(((term, _), entry), _)| (term.as_str(), entry))
        .collect();
    let sizes: Vec<(&str, usize)> = kept
        .iter()
        .map(|&(term, entry)| (term, entry.len() + 1))
        .collect();
    let starts = partition(&sizes, SHARD_BYTES);
    for (s, &start) in starts.iter().enumerate() {
        let end = starts.get(s + 1).copied().unwrap_or(kept.len());
        shard_keys.push(if s == 0 {
            String::new()
        } else {
            kept[start].0.to_string()
        });
        let list: Vec<&str> = kept[start..end].iter().map(|&(_, e)| e.as_str()).collect();
        files.push((
            format!("search/t/{s}.json"),
            format!("[{}]", list.join(",\n")),
        ));
    }
    files.extend(pair_files);
    files.extend(bodies);
    files.extend(sub_files);
    let shard_count = shard_keys.len();

    // Word endings, for typos in the first letters of a word.
    let mut words: Vec<(String, &str)> = sorted
        .iter()
        .zip(&in_shard)
        .filter(|(_, &keep)| keep)
        .map(|((t, _), _)| t.as_str())
        .filter(|t| {
            t.chars().count() >= 4 && t.chars().all(|c| c.is_alphabetic() && !tokenize::is_cjk(c))
        })
        .map(|t| (t.chars().rev().collect::<String>(), t))
        .collect();
    words.sort_by(|a, b| key_cmp(&a.0, &b.0));
    let word_sizes: Vec<(&str, usize)> = words
        .iter()
        .map(|(r, t)| (r.as_str(), t.len() + 3))
        .collect();
    let mut end_keys = Vec::new();
    let end_starts = partition(&word_sizes, ENDS_BYTES);
    for (s, &start) in end_starts.iter().enumerate() {
        let end = end_starts.get(s + 1).copied().unwrap_or(words.len());
        end_keys.push(if s == 0 {
            String::new()
        } else {
            words[start].0.clone()
        });
        let list: Vec<&str> = words[start..end].iter().map(|(_, t)| *t).collect();
        files.push((format!("search/e/{s}.json"), json(&list)));
    }

    // Filters: the pages of each top-level section, and of each record facet.
    let section_list: Vec<(String, String, String)> = sections
        .iter()
        .map(|(&s, pages)| {
            let page = &tree.pages[tree.sections[s].index];
            (
                page.title.clone(),
                page.url.clone(),
                index::encode_pages(pages),
            )
        })
        .collect();
    let facet_list: Vec<(String, String, String)> = facets
        .iter()
        .map(|(f, pages)| {
            let pages: Vec<u32> = pages.iter().copied().collect();
            (f.clone(), facet_label(f), index::encode_pages(&pages))
        })
        .collect();
    files.push((
        "search/filters.json".into(),
        json(&serde_json::json!({ "sections": section_list, "facets": facet_list })),
    ));
    files.extend(fragments);
    files.sort_by(|a, b| a.0.cmp(&b.0));

    // The version changes whenever any file does (clients add it to their requests).
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|(p, t)| {
            let mut h = index::FxHasher::default();
            p.hash(&mut h);
            t.hash(&mut h);
            h.finish()
        })
        .collect();
    let mut h = index::FxHasher::default();
    hashes.hash(&mut h);
    let syn: Vec<Vec<String>> = synonyms
        .groups
        .iter()
        .map(|(g, names)| {
            let mut row = vec![g.clone()];
            row.extend(names.iter().map(|w| w.join(" ")));
            row
        })
        .collect();
    let meta = serde_json::json!({
        "v": format!("{:016x}", h.finish()),
        "pages": ids.len(),
        "shards": shard_keys,
        "pairs": buckets,
        "own": own_pairs,
        "ends": end_keys,
        "syn": syn,
        "stop": index::PAIR_STOPWORDS,
        "lens": title_lens,
        "titles": titles,
        "words": typo_targets,
        "known": known,
        "text": text_bytes,
    });
    files.push(("search/meta.json".into(), json(&meta)));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let stats = IndexStats {
        pages: ids.len(),
        terms: sorted.len(),
        shards: shard_count,
        text_bytes,
        index_bytes: files.iter().map(|(_, t)| t.len()).sum(),
    };
    (files, stats)
}

/// The words a misspelt word is most likely meant for, for meta.json (`words`): words of
/// five letters or more (a typo is allowed from five), in two places or more, the most
/// used first up to `WORDS_BYTES`, then in key order; not the titles' words when meta.json
/// has those already. The client corrects a word it does not know to one of these before
/// it looks the query up as word pairs, so a phrase with a typo is found in as few
/// requests as one without.
fn typo_words(sorted: &[(String, Postings)], skip_titles: bool) -> Vec<&str> {
    let mut words: Vec<(usize, &str)> = sorted
        .iter()
        .filter(|(t, p)| {
            (p.title.is_empty() || !skip_titles)
                && index::PAIR_STOPWORDS.binary_search(&t.as_str()).is_err()
                && t.chars().count() >= 5
                && t.chars().all(char::is_alphabetic)
        })
        .map(|(t, p)| {
            let places = p.title.len()
                + p.description.len()
                + p.heading.len()
                + p.record.len()
                + p.body.len()
                + p.code.len();
            (places, t.as_str())
        })
        .filter(|&(places, _)| places >= 2)
        .collect();
    words.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| key_cmp(a.1, b.1)));
    let mut bytes = 0;
    words.retain(|(_, w)| {
        bytes += w.len() + 3;
        bytes <= WORDS_BYTES
    });
    let mut out: Vec<&str> = words.into_iter().map(|(_, w)| w).collect();
    out.sort_by(|a, b| key_cmp(a, b));
    out
}

/// A page's sub-results' titles, lower-cased and hashed, by sub-result number.
fn sub_texts(record: &SearchRecord) -> Vec<u64> {
    record
        .subs
        .iter()
        .map(|sub| {
            let mut h = index::FxHasher::default();
            sub.title.to_lowercase().hash(&mut h);
            h.finish()
        })
        .collect()
}

/// The title (hashed) three in four of a list of (page, sub-result) have, if one does.
fn common_text(
    subs: impl ExactSizeIterator<Item = (u32, u32)>,
    page_texts: &[Vec<u64>],
) -> Option<u64> {
    let n = subs.len();
    let mut by_hash: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    for (page, sub) in subs {
        if let Some(h) = text_of(page_texts, page, sub) {
            *by_hash.entry(h).or_default() += 1;
        }
    }
    let (&text, &top) = by_hash.iter().max_by_key(|&(h, n)| (*n, *h))?;
    (top * 4 >= n * 3).then_some(text)
}

/// A sub-result's title, hashed (`sub_texts`), if the page has it.
fn text_of(page_texts: &[Vec<u64>], page: u32, sub: u32) -> Option<u64> {
    page_texts.get(page as usize)?.get(sub as usize).copied()
}

fn json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The word pair files, and how many there are. Pairs go to buckets by their first word
/// and the second word's first letters (the client computes the bucket, so meta need not
/// list where each starts), each bucket sorted by key (`first second!gap`).
///
/// A key's order is its words' ranks in key order, then the stopwords' places in
/// `PAIR_STOPWORDS`: the space and `!` and `+` that join them come before any character a
/// word has. So the pairs are sorted as numbers: counted out by first word, then each first
/// word's pairs sorted, in parallel; and written in that order, each bucket's entries
/// come in key order.
fn pair_files(
    mut page_pairs: Vec<Vec<PairCode>>,
    rank: &[u32],
    sorted: &[(String, Postings)],
    page_texts: &[Vec<u64>],
    page_lens: &[Vec<u8>],
) -> (Vec<(String, String)>, usize, Vec<String>) {
    let n = sorted.len();
    // Words by rank; the stopwords' digits (first stopword highest) moved to the top of 24
    // bits, so that fewer stopwords sort first when they agree.
    page_pairs.par_iter_mut().for_each(|pairs| {
        for p in pairs {
            let (gap, tag) = (p.2 & GAP, p.2 & TAG);
            let digits = (32 - gap.leading_zeros()).div_ceil(8);
            *p = (
                rank[p.0 as usize],
                rank[p.1 as usize],
                gap << (8 * (3 - digits)) | tag,
            );
        }
    });
    // Pairs by first word.
    let counts: Vec<u32> = page_pairs
        .par_chunks(1024)
        .map(|chunk| {
            let mut c = vec![0u32; n];
            for &(a, _, _) in chunk.iter().flatten() {
                c[a as usize] += 1;
            }
            c
        })
        .reduce(
            || vec![0u32; n],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        );
    // Runs of first words with about the same number of pairs, each one read, sorted and
    // written by a thread: its pairs gathered as (second word, stopwords, page) by first
    // word, each first word's sorted, an entry written per pair with its pages.
    const WAYS: usize = 4;
    let total: usize = counts.iter().map(|&c| c as usize).sum();
    let mut ranges = Vec::new();
    let (mut lo, mut size) = (0, 0);
    for (r, &c) in counts.iter().enumerate() {
        size += c as usize;
        if size * WAYS >= total.max(1) {
            ranges.push((lo, r + 1, size));
            (lo, size) = (r + 1, 0);
        }
    }
    if lo < n {
        ranges.push((lo, n, size));
    }
    /// A run's entries, one after another, each one's (end, bucket hash), and where each
    /// group of pairs a lookup reads together starts (entry, `index::pair_group`).
    type Written = (String, Vec<(usize, u32)>, Vec<(usize, String)>);
    let written: Vec<Written> = ranges
        .into_par_iter()
        .map(|(lo, hi, size)| {
            let mut next = Vec::with_capacity(hi - lo);
            let mut at = 0;
            for &c in &counts[lo..hi] {
                next.push(at);
                at += c as usize;
            }
            // (second word, stopwords, page, heading tag)
            let mut all: Vec<(u32, u32, u32, u8)> = vec![(0, 0, 0, 0); size];
            for (page, pairs) in page_pairs.iter().enumerate() {
                for &(a, b, g) in pairs {
                    let a = a as usize;
                    if (lo..hi).contains(&a) {
                        let slot = &mut next[a - lo];
                        all[*slot] = (b, g & GAP, page as u32, (g >> 24) as u8);
                        *slot += 1;
                    }
                }
            }
            let mut text = String::new();
            let mut ends = Vec::new();
            let mut groups: Vec<(usize, String)> = Vec::new();
            let mut key = String::new();
            let mut pages = Vec::new();
            let mut headed = Vec::new();
            let mut common = Vec::new();
            let mut start = 0;
            for (a, &c) in (lo..hi).zip(&counts[lo..hi]) {
                let group = &mut all[start..start + c as usize];
                start += c as usize;
                if group.is_empty() {
                    continue;
                }
                // Stable: a pair's pages are in order already.
                group.sort_by_key(|&(b, g, _, _)| u64::from(b) << 32 | u64::from(g));
                let first = sorted[a].0.as_str();
                let mut i = 0;
                while i < group.len() {
                    let (b, g, _, _) = group[i];
                    pages.clear();
                    headed.clear();
                    while i < group.len() && (group[i].0, group[i].1) == (b, g) {
                        let (page, tag) = (group[i].2, group[i].3);
                        if pages.last() != Some(&page) {
                            pages.push(page);
                        }
                        if tag != 0 {
                            headed.push((page, u32::from(tag) - 1));
                        }
                        i += 1;
                    }
                    // In page order already; a page's headings in order, once each.
                    headed.sort_unstable();
                    headed.dedup();
                    let second = sorted[b as usize].0.as_str();
                    key.clear();
                    let gap = [16, 8, 0]
                        .into_iter()
                        .map(|shift| (g >> shift) & 0xff)
                        .take_while(|&d| d != 0)
                        .map(|d| index::PAIR_STOPWORDS[d as usize - 1]);
                    index::push_pair_key(&mut key, first, second, gap);
                    // A heading on hundreds of pages, nearly always one text: its pages.
                    common.clear();
                    if headed.len() >= index::WIDE_SUBS {
                        if let Some(h) = common_text(headed.iter().copied(), page_texts) {
                            headed.retain(|&(p, sub)| {
                                let mine = text_of(page_texts, p, sub) == Some(h);
                                if mine && common.last() != Some(&p) {
                                    common.push(p);
                                }
                                !mine
                            });
                        }
                    }
                    // The sub-result and its title's length, as heading lists have them.
                    for h in headed.iter_mut() {
                        let len = page_lens
                            .get(h.0 as usize)
                            .and_then(|l| l.get(h.1 as usize))
                            .map_or(7, |&l| u32::from(l));
                        h.1 = h.1 << 3 | len;
                    }
                    index::push_pair_json(&mut text, &key, &pages, &headed, &common);
                    let group = index::pair_group(first, second);
                    let hash = index::fnv1a(&group);
                    if groups.last().is_none_or(|(_, g)| *g != group) {
                        groups.push((ends.len(), group));
                    }
                    ends.push((text.len(), hash));
                }
            }
            (text, ends, groups)
        })
        .collect();
    drop(page_pairs);
    // A group of `OWN_PAIR_BYTES` or more is a file of its own, numbered after the hashed
    // buckets in key order (meta.json's `own`): in a bucket it would make every lookup
    // of the pairs hashed with it pay for it.
    // Each group's entries, by run.
    let ranges = |ends: &[(usize, u32)], groups: &[(usize, String)], g: usize| {
        groups[g].0..groups.get(g + 1).map_or(ends.len(), |x| x.0)
    };
    let mut own: Vec<String> = Vec::new();
    let mut light_bytes = 0;
    for (_, ends, groups) in &written {
        for (g, (_, key)) in groups.iter().enumerate() {
            let entries = ranges(ends, groups, g);
            let from = entries.start.checked_sub(1).map_or(0, |e| ends[e].0);
            let bytes = ends[entries.end - 1].0 - from + entries.len();
            if bytes >= OWN_PAIR_BYTES {
                own.push(key.clone());
            } else {
                light_bytes += bytes;
            }
        }
    }
    own.sort_unstable_by(|a, b| key_cmp(a, b));
    let buckets = light_bytes.div_ceil(PAIR_SHARD_BYTES).max(1);
    let own_bucket: std::collections::HashMap<&str, usize> = own
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), buckets + i))
        .collect();
    // Each entry's file.
    let targets: Vec<Vec<usize>> = written
        .par_iter()
        .map(|(_, ends, groups)| {
            let mut out = Vec::with_capacity(ends.len());
            for (g, (_, key)) in groups.iter().enumerate() {
                let mine = own_bucket.get(key.as_str()).copied();
                out.extend(
                    ranges(ends, groups, g).map(|e| mine.unwrap_or(ends[e].1 as usize % buckets)),
                );
            }
            out
        })
        .collect();
    let total = buckets + own.len();
    // Each thread takes the files of one remainder and copies their entries in order.
    let mut files: Vec<(String, String)> = (0..WAYS)
        .into_par_iter()
        .flat_map_iter(|way| {
            let mut bodies: Vec<(usize, String)> = (way..total)
                .step_by(WAYS)
                .map(|b| (b, String::from("[")))
                .collect();
            for ((text, ends, _), targets) in written.iter().zip(&targets) {
                let mut start = 0;
                for (&(end, _), &b) in ends.iter().zip(targets) {
                    if b % WAYS == way {
                        let body = &mut bodies[b / WAYS].1;
                        if body.len() > 1 {
                            body.push_str(",\n");
                        }
                        body.push_str(&text[start..end]);
                    }
                    start = end;
                }
            }
            bodies.into_iter().map(|(b, mut body)| {
                body.push(']');
                (format!("search/p/{b}.json"), body)
            })
        })
        .collect();
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    (files, buckets, own)
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
        let group = groups.entry(format!("={}", key.join(" "))).or_default();
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
fn top_section(site: &Site, pid: PageId) -> Option<SectionId> {
    let page = &site.tree.pages[pid];
    let root = site.tree.root_section();
    let mut s = page.own_section.or(page.parent)?;
    loop {
        match site.tree.sections[s].parent {
            Some(p) if p == root => return Some(s),
            Some(p) => s = p,
            None => return None,
        }
    }
}

/// The titles of the sections above a page, from the top.
fn section_path(site: &Site, pid: PageId) -> String {
    let page = &site.tree.pages[pid];
    let root = site.tree.root_section();
    let mut chain = Vec::new();
    let mut s = page.parent;
    while let Some(sid) = s {
        if sid == root {
            break;
        }
        chain.push(
            site.tree.pages[site.tree.sections[sid].index]
                .title
                .as_str(),
        );
        s = site.tree.sections[sid].parent;
    }
    chain.reverse();
    chain.join(" › ")
}

const TITLE: u8 = 1;
const DESCRIPTION: u8 = 2;
const BODY: u8 = 4;
const CODE: u8 = 8;
const SEEN: u8 = 0x80;

impl Postings {
    /// Adds a page. A page is listed in a heading or record when it has the term there
    /// (the sub-result matters), but in only the best of title, description, body and
    /// code otherwise: ranking takes a term's best field on a page, so lesser ones would
    /// only add bytes.
    ///
    /// `fields` are TITLE, DESCRIPTION, BODY and CODE; `subs` the (term, sub-result with
    /// its title's length, whether a record) of the term's headings and records on the
    /// page, sorted.
    fn add(&mut self, id: u32, fields: u8, subs: &[(u32, u32, bool)]) {
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
}

/// One page's terms, by number.
struct PageTerms {
    title_len: u32,
    /// (term, fields), by term.
    terms: Vec<(u32, u8)>,
    /// (term, sub-result value, in a record), sorted: the terms of headings' and
    /// records' titles.
    subs: Vec<(u32, u32, bool)>,
    /// Its word pairs, sorted.
    pairs: Vec<PairCode>,
}

/// A page's terms as they are found.
struct Collect<'i, 'k> {
    ids: Ids<'i, 'k>,
    synonyms: &'i Synonyms,
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

    /// The page's terms; the worker is ready for the next page.
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
        known.pairs.sort_unstable();
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
    /// `index::text_terms` finds them; and the text's word count.
    fn ids_of(&mut self, text: &str, pairs: bool) -> (Vec<u32>, Vec<PairCode>, usize) {
        let mut out = Vec::new();
        let mut words = 0;
        let keep_words = !self.synonyms.is_empty();
        let mut list: Vec<String> = Vec::new();
        let mut prev: Option<u32> = None;
        let mut pair_list: Vec<PairCode> = Vec::new();
        let mut gap: Vec<usize> = Vec::new();
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
                gap.clear();
                return;
            }
            if let Some(g) = ids.stopword(id, t) {
                gap.push(g);
                return;
            }
            match &mut prev {
                Some(p) => {
                    if gap.len() <= 3 {
                        pair_list.push(pair_code(*p, id, &gap));
                    }
                    *p = id;
                }
                None => prev = Some(id),
            }
            gap.clear();
        });
        if keep_words {
            let list: Vec<&str> = list.iter().map(String::as_str).collect();
            let mut groups = Vec::new();
            self.synonyms.find(&list, |g| groups.push(g.to_string()));
            for g in groups {
                out.push(self.ids.id(&g));
            }
        }
        (out, pair_list, words)
    }

    /// A text's terms into `field`, its word pairs noted. Returns its word count.
    fn text(&mut self, text: &str, field: u8, pairs: bool) -> usize {
        let (ids, pair_list, words) = self.ids_of(text, pairs);
        for id in ids {
            self.flag(id, field);
        }
        self.ids.known.pairs.extend(pair_list);
        words
    }

    /// A heading's or record's title: its terms name the sub-result and the title's length
    /// (the sub-result number times 8 plus the number of words, up to 8, less one).
    fn title(&mut self, sub: u32, title: &str, record: bool) {
        let (ids, pair_list, words) = self.ids_of(title, true);
        let v = sub << 3 | (words.clamp(1, 8) as u32 - 1);
        for id in ids {
            self.sub(id, v, record);
        }
        let headed = pair_list
            .into_iter()
            .map(|(a, b, g)| (a, b, g | heading_tag(sub)));
        self.ids.known.pairs.extend(headed);
    }
}

fn page_terms(record: &SearchRecord, synonyms: &Synonyms, ids: Ids) -> PageTerms {
    let mut c = Collect { ids, synonyms };
    let title_len = c.text(&record.title, TITLE, false) as u32;
    c.text(&record.description, DESCRIPTION, false);
    for (i, sub) in record.subs.iter().enumerate() {
        let i = i as u32;
        match &sub.kind {
            SubKind::Page => {
                // The title's word pairs (its words are in the title field).
                let pairs = c.ids_of(&sub.title, true).1;
                c.ids.known.pairs.extend(pairs);
                c.text(&sub.text, BODY, true);
            }
            SubKind::Heading => {
                c.title(i, &sub.title, false);
                c.text(&sub.text, BODY, true);
            }
            SubKind::Record { .. } => {
                // A record's fields are body text; which record matched is found in the
                // page's fragment.
                c.title(i, &sub.title, true);
                c.text(&sub.text, BODY, true);
            }
        }
        if !sub.code.is_empty() {
            // Code: words only, no joined forms of identifiers (`plan_0`).
            let mut code = Vec::new();
            tokenize::scan(&sub.code, |t, kind| {
                if kind != tokenize::Kind::Joined {
                    code.push(c.ids.id(t));
                }
            });
            for id in code {
                c.flag(id, CODE);
            }
        }
    }
    c.finish(title_len)
}

/// Where a page's fragment is: folders of 128, so that writing them in parallel does not
/// queue on one folder.
fn fragment_path(id: u32) -> String {
    format!("search/f/{}/{id}.json", id / 128)
}

/// A fragment: what a result shows, loaded only for the results on screen.
fn fragment_json(record: &SearchRecord) -> String {
    /// `[kind, title, anchor, text]`, and the start of its code when it has some.
    struct Sub<'a>(&'a str, &'a str, &'a str, String, Option<String>);
    impl Serialize for Sub<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let mut seq = s.serialize_seq(None)?;
            seq.serialize_element(self.0)?;
            seq.serialize_element(self.1)?;
            seq.serialize_element(self.2)?;
            seq.serialize_element(&self.3)?;
            if let Some(code) = &self.4 {
                seq.serialize_element(code)?;
            }
            seq.end()
        }
    }
    #[derive(Serialize)]
    struct Fragment<'a> {
        u: &'a str,
        t: &'a str,
        p: &'a str,
        r: Vec<Sub<'a>>,
    }
    let r = record
        .subs
        .iter()
        .map(|sub| {
            let kind = match &sub.kind {
                SubKind::Page => "",
                SubKind::Heading => "h",
                SubKind::Record { facet } => facet.as_str(),
            };
            let text = if matches!(sub.kind, SubKind::Page) && !record.description.is_empty() {
                cut(&format!("{} {}", record.description, sub.text), STORED_TEXT)
            } else {
                cut(
                    &sub.text,
                    if matches!(sub.kind, SubKind::Record { .. }) {
                        STORED_RECORD
                    } else {
                        STORED_TEXT
                    },
                )
            };
            // The start of the section's code too, so that a match there shows.
            let code = if sub.code.trim().is_empty() {
                None
            } else {
                let code = sub.code.split_whitespace().collect::<Vec<_>>().join(" ");
                Some(cut(&code, STORED_CODE))
            };
            Sub(kind, sub.title.as_str(), sub.anchor.as_str(), text, code)
        })
        .collect();
    json(&Fragment {
        u: &record.url,
        t: &record.title,
        p: &record.path,
        r,
    })
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

    /// The file a pair is in, as the client finds it: its group's own, or its bucket.
    fn pair_path(key: &str, buckets: usize, own: &[String]) -> String {
        let (first, rest) = key.split_once(' ').unwrap();
        let group = index::pair_group(first, rest.split_once('!').map_or(rest, |(w, _)| w));
        let file = match own.binary_search_by(|g| key_cmp(g, &group)) {
            Ok(i) => buckets + i,
            Err(_) => index::pair_bucket(key, buckets),
        };
        format!("search/p/{file}.json")
    }

    /// A group of pairs one lookup reads that is `OWN_PAIR_BYTES` or more has a file of
    /// its own, named in meta.json's `own` (sorted, numbered after the buckets); numbers
    /// are grouped by the whole word, the others by the second word's first letters.
    #[test]
    fn large_pair_groups_have_files_of_their_own() {
        // q1 fy2019 (on one page in 40 of 80,000: a large group), q1 fy2020, q1 fyi and
        // q1 fya (one page each), deal reg and deal regions (another one in 40).
        let words = [
            "deal", "fy2019", "fy2020", "fya", "fyi", "q1", "reg", "regions",
        ];
        let rank: Vec<u32> = (0..words.len() as u32).collect();
        let sorted: Vec<(String, Postings)> = words
            .iter()
            .map(|w| (w.to_string(), Postings::default()))
            .collect();
        let mut page_pairs: Vec<Vec<PairCode>> = vec![Vec::new(); 80_000];
        for (p, pairs) in page_pairs.iter_mut().enumerate() {
            if p % 40 == 1 {
                pairs.push(pair_code(5, 1, &[]));
            } else if p % 40 == 0 {
                pairs.push(pair_code(0, 6, &[]));
                pairs.push(pair_code(0, 7, &[]));
            }
        }
        page_pairs[2].push(pair_code(5, 2, &[]));
        page_pairs[2].push(pair_code(5, 3, &[]));
        page_pairs[2].push(pair_code(5, 4, &[]));
        let (files, buckets, own) = pair_files(page_pairs, &rank, &sorted, &[], &[]);
        assert_eq!(own, ["deal reg", "q1 fy2019"]);
        assert_eq!(files.len(), buckets + 2);
        let mut seen = 0;
        for (path, body) in &files {
            let entries: Vec<Vec<String>> = serde_json::from_str(body).unwrap();
            for entry in &entries {
                assert_eq!(path, &pair_path(&entry[0], buckets, &own), "{}", entry[0]);
                seen += 1;
            }
            if path == &format!("search/p/{buckets}.json") {
                let keys: Vec<&str> = entries.iter().map(|e| e[0].as_str()).collect();
                assert_eq!(keys, ["deal reg", "deal regions"]);
            }
            if path == &format!("search/p/{}.json", buckets + 1) {
                assert_eq!(entries.len(), 1);
                assert!(body.len() >= OWN_PAIR_BYTES, "{}", body.len());
            }
        }
        assert_eq!(seen, 6);
        // Numbers by the whole word, as the client's pairGroup has it.
        assert_eq!(index::pair_group("q1", "fy2019"), "q1 fy2019");
        assert_eq!(index::pair_group("q1", "fyi"), "q1 fyi");
        assert_eq!(index::pair_group("deal", "registration"), "deal reg");
        assert_ne!(
            index::pair_bucket("q1 fy2019", 1000),
            index::pair_bucket("q1 fy2020", 1000)
        );
    }

    /// Pair files come out as if each bucket's keys were sorted as text (as the client
    /// looks them up), though they are sorted as numbers: words a prefix of others,
    /// hyphens, `$`, accents, Japanese, and stopword gaps of each length.
    #[test]
    fn pair_files_are_in_key_order() {
        let words = [
            "a", "ab", "a-b", "abc", "$10k", "10k", "é", "e", "ez", "日本", "本", "plan", "plan_0",
            "zz",
        ];
        let stop = |w: &str| index::PAIR_STOPWORDS.binary_search(&w).unwrap();
        let gaps: Vec<Vec<usize>> = vec![
            vec![],
            vec![stop("the")],
            vec![stop("the"), stop("of")],
            vec![stop("them")],
            vec![stop("to")],
            vec![stop("a"), stop("an"), stop("the")],
        ];
        let mut page_pairs: Vec<Vec<PairCode>> = vec![Vec::new(); 3];
        // (key, pages, (page, sub-result) in headings)
        type Want = (String, Vec<u32>, Vec<(u32, u32)>);
        let mut want: Vec<Want> = Vec::new();
        let mut n = 0;
        for (i, _) in words.iter().enumerate() {
            for (j, _) in words.iter().enumerate() {
                for gap in &gaps {
                    n += 1;
                    let pages: Vec<u32> = (0..3).filter(|p| (n + p) % 2 == 0 || *p == 0).collect();
                    let code = pair_code(i as u32, j as u32, gap);
                    for &p in &pages {
                        page_pairs[p as usize].push(code);
                    }
                    // Some in headings too (on page 0, in one or two of them, or there
                    // alone on the last page, in one past the tags' numbers).
                    let mut headed = Vec::new();
                    if n % 5 == 0 {
                        let sub = n % 3;
                        page_pairs[0].push((code.0, code.1, code.2 | heading_tag(sub + 4)));
                        if sub == 1 {
                            page_pairs[0].push((code.0, code.1, code.2 | heading_tag(2)));
                            headed.push((0, 2));
                        }
                        headed.push((0, sub + 4));
                    }
                    let mut pages = pages;
                    if n % 7 == 0 && !pages.contains(&2) {
                        page_pairs[2].push((code.0, code.1, code.2 | heading_tag(900)));
                        pages.push(2);
                        headed.push((2, ANY_SUB));
                    }
                    want.push((index::pair_key(words[i], words[j], gap), pages, headed));
                }
            }
        }
        let mut order: Vec<usize> = (0..words.len()).collect();
        order.sort_by(|&a, &b| key_cmp(words[a], words[b]));
        let mut rank = vec![0u32; words.len()];
        for (r, &w) in order.iter().enumerate() {
            rank[w] = r as u32;
        }
        let sorted: Vec<(String, Postings)> = order
            .iter()
            .map(|&w| (words[w].to_string(), Postings::default()))
            .collect();
        let (files, buckets, own) = pair_files(page_pairs, &rank, &sorted, &[], &[]);
        assert_eq!(files.len(), buckets + own.len());
        let mut got = Vec::new();
        for (path, body) in &files {
            let entries: Vec<Vec<String>> = serde_json::from_str(body).unwrap();
            let keys: Vec<&str> = entries.iter().map(|e| e[0].as_str()).collect();
            let mut by_text = keys.clone();
            by_text.sort_by(|a, b| key_cmp(a, b));
            assert_eq!(keys, by_text, "{path}");
            for mut entry in entries {
                assert_eq!(path, &pair_path(&entry[0], buckets, &own));
                entry.resize(3, String::new());
                got.push((entry[0].clone(), entry[1].clone(), entry[2].clone()));
            }
        }
        got.sort();
        let mut want: Vec<(String, String, String)> = want
            .into_iter()
            .map(|(k, p, h)| {
                let h: Vec<(u32, u32)> = h.iter().map(|&(p, sub)| (p, sub << 3 | 7)).collect();
                (k, index::encode_pages(&p), index::encode_pairs(&h, 3))
            })
            .collect();
        want.sort();
        assert_eq!(got, want);
    }

    /// A pair in a title hundreds of pages share is written with those pages after a `*`,
    /// its other headings with their sub-results.
    #[test]
    fn pairs_in_a_title_many_pages_share_are_written_by_page() {
        let pages = index::WIDE_SUBS as u32 + 100;
        let code = pair_code(0, 1, &[]);
        let mut page_pairs: Vec<Vec<PairCode>> = vec![Vec::new(); pages as usize];
        // Every page: the shared title is sub-result 2; page 5 has the pair in sub-result 4
        // too, and page 7 in its text alone.
        let mut page_texts = vec![vec![10, 11, 12, 13, 14]; pages as usize];
        for (p, pairs) in page_pairs.iter_mut().enumerate() {
            page_texts[p][4] = 100 + p as u64;
            if p == 7 {
                pairs.push(code);
                continue;
            }
            pairs.push((code.0, code.1, code.2 | heading_tag(2)));
            if p == 5 {
                pairs.push((code.0, code.1, code.2 | heading_tag(4)));
            }
        }
        let sorted: Vec<(String, Postings)> = ["a", "b"]
            .iter()
            .map(|w| (w.to_string(), Postings::default()))
            .collect();
        let page_lens = vec![vec![0, 1, 2, 3, 4]; pages as usize];
        let (files, _, _) = pair_files(page_pairs, &[0, 1], &sorted, &page_texts, &page_lens);
        let entries: Vec<Vec<String>> = files
            .iter()
            .flat_map(|(_, body)| serde_json::from_str::<Vec<Vec<String>>>(body).unwrap())
            .collect();
        assert_eq!(entries.len(), 1);
        let all: Vec<u32> = (0..pages).collect();
        let common: Vec<u32> = all.iter().copied().filter(|&p| p != 7).collect();
        assert_eq!(entries[0][1], index::encode_pages(&all));
        assert_eq!(
            entries[0][2],
            format!(
                "{}*{}",
                index::encode_pairs(&[(5, 4 << 3 | 4)], 3),
                index::encode_pages(&common)
            )
        );
    }

    /// The indexer numbers terms and pairs without building their text each time; what it
    /// numbers must be what `index::text_terms` finds.
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
            let want_words = index::text_terms(text, &synonyms, true, |t, pair| {
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
