//! Word pair files (`p/<n>.json`): each pair of neighbouring words with the pages holding
//! it and the headings whose titles do, sorted by key and grouped by first word
//! (`format::PAIR_FILES`). Pairs go to files by their group (`format::pair_group`: the
//! first word and the second's first letters), a group to its own file when it is large,
//! else to the bucket its hash picks (`format::pair_file`, which the client computes the
//! same way).
//!
//! Pairs are never numbered as text while pages are read (a site has many, most on a page
//! or two): each page keeps its pairs as `PairCode`s, and they are sorted and grouped once
//! here. A key's order is its words' ranks in key order, then the stopwords' places in
//! `PAIR_STOPWORDS` (the space, `!` and `+` that join them come before any character a
//! word has), so the pairs are sorted as numbers: counted out by first word, each first
//! word's pairs sorted, in parallel; written in that order, each file's entries come in
//! key order. The files are handed to the sink a share of them at a time, so that only
//! the entries and a few files' copies of them are held at once.

use rayon::prelude::*;

use super::pair_lists::PairLists;
use super::{out_path, Noted};
use crate::search::format::{
    self, key_cmp, ANY_SUB, LIST_PAGES, PAIR_FIELDS, PAIR_FILES, PAIR_STOPWORDS, TITLE_LEN_BITS,
};
use crate::search::lists::{encode_pairs, push_pages};
use crate::search::params::IndexParams;
use crate::search::terms::push_pair_rest;

/// A word pair, by number: (first word, second word, the stopwords between as digits of
/// 8 bits, each one plus its place in `PAIR_STOPWORDS`, and in the top 8 bits the
/// `heading_tag`).
pub type PairCode = (u32, u32, u32);

/// The 24 bits of a pair code's gap the stopwords take; the top 8 bits say which
/// heading's or record's title the pair is in (`heading_tag`), 0 when it is in text.
const GAP: u32 = 0x00ff_ffff;
/// Runs of first words whose entries are made apart, in parallel.
const RUNS: usize = 8;
/// The files are assembled and handed on in this many shares (each reads every entry).
const SHARES: usize = 16;

/// The tag of a pair in the title of sub-result `sub`.
pub fn heading_tag(sub: u32) -> u32 {
    (sub.min(ANY_SUB) + 1) << 24
}

/// The code of the pair `first second` with the stopwords `gap` between.
pub fn pair_code(first: u32, second: u32, gap: &[usize]) -> PairCode {
    let mut code = 0u32;
    for &g in gap {
        code = code << 8 | (g as u32 + 1);
    }
    (first, second, code)
}

/// What the pair files are made from besides the pairs (`collect::Collected`).
pub struct PairSource<'a> {
    /// Each term's rank in key order, by number.
    pub rank: &'a [u32],
    /// The terms in key order.
    pub terms: &'a [String],
    /// Each page's sub-results' titles, hashed.
    pub page_texts: &'a [Vec<u64>],
    /// Each page's sub-results' title lengths (as sub-result values have them).
    pub page_lens: &'a [Vec<u8>],
}

/// How many hashed buckets there are; the groups with files of their own (`Meta::pairs`,
/// `Meta::own`).
pub struct PairFiles {
    pub buckets: usize,
    pub own: Vec<String>,
}

/// A run of first words' entries, one after another: each entry's first word (by rank)
/// and the end of its text (the rest of its key, its pages and headed list, as a JSON
/// string) in `text`; and each group of pairs a lookup reads together (`pair_group`).
struct Run {
    text: Vec<u8>,
    ends: Vec<usize>,
    firsts: Vec<u32>,
    groups: Vec<Group>,
}

/// A group of pairs one lookup reads: its first entry in its run, its key, and what it
/// costs a reader (`gzipped`).
struct Group {
    start: usize,
    key: String,
    cost: usize,
}

impl Run {
    /// The entries of group `g`.
    fn entries(&self, g: usize) -> std::ops::Range<usize> {
        self.groups[g].start..self.groups.get(g + 1).map_or(self.ends.len(), |x| x.start)
    }

    /// Entry `e`'s text.
    fn entry(&self, e: usize) -> &[u8] {
        &self.text[e.checked_sub(1).map_or(0, |p| self.ends[p])..self.ends[e]]
    }
}

/// About what text costs a reader gzipped, from its bytes of keys (words) and of lists
/// (base-64 digits, which hardly compress): fitted on the pair files of both 10,000-page
/// handbooks, 0.30 of the keys and 0.65 of the lists (plus about 400 bytes a file) comes
/// within 2 to 4% of gzip's size for half the files. Pair files are filled by this
/// rather than by their bytes, so that a lookup costs about the same on a site whose
/// pairs are mostly long page lists as on one whose pairs are mostly words.
fn gzipped(key_bytes: usize, list_bytes: usize) -> usize {
    (30 * key_bytes + 65 * list_bytes) / 100
}

/// Writes the pair files of the pairs in `lists` into `out`.
pub fn write(lists: PairLists, src: &PairSource, params: &IndexParams, out: &Noted) -> PairFiles {
    // The lists in key order of their first words, each taken (and dropped) as its
    // entries are written.
    let mut lists = lists.into_lists();
    let mut by_rank: Vec<Vec<u8>> = vec![Vec::new(); src.terms.len()];
    for (id, list) in lists.iter_mut().enumerate() {
        by_rank[src.rank[id] as usize] = std::mem::take(list);
    }
    drop(lists);
    let mut rest: &mut [Vec<u8>] = &mut by_rank;
    let mut runs_in = Vec::new();
    for (lo, hi) in runs_of(&rest.iter().map(Vec::len).collect::<Vec<_>>()) {
        let (run, after) = rest.split_at_mut(hi - lo);
        runs_in.push((lo, run));
        rest = after;
    }
    let runs: Vec<Run> = runs_in
        .into_par_iter()
        .map(|(lo, lists)| write_run(lo, lists, src, params))
        .collect();
    drop(by_rank);
    // A large group is a file of its own, numbered after the hashed buckets in key order:
    // in a bucket it would make every lookup of the pairs hashed with it pay for it.
    let mut own: Vec<String> = Vec::new();
    let mut light = 0;
    for group in runs.iter().flat_map(|run| &run.groups) {
        if group.cost >= params.own_pair_gzipped {
            own.push(group.key.clone());
        } else {
            light += group.cost;
        }
    }
    own.sort_unstable_by(|a, b| key_cmp(a, b));
    let buckets = light.div_ceil(params.pair_bucket_gzipped).max(1);
    gather(&runs, buckets, &own, src.terms, out);
    PairFiles { buckets, own }
}

/// Runs of first words (by rank) with about the same share of the pairs, from the size
/// of each word's list: (first, end).
fn runs_of(sizes: &[usize]) -> Vec<(usize, usize)> {
    let total: usize = sizes.iter().sum();
    let mut ranges = Vec::new();
    let (mut lo, mut size) = (0, 0);
    for (r, &s) in sizes.iter().enumerate() {
        size += s;
        if size * RUNS >= total.max(1) {
            ranges.push((lo, r + 1));
            (lo, size) = (r + 1, 0);
        }
    }
    if lo < sizes.len() {
        ranges.push((lo, sizes.len()));
    }
    ranges
}

/// A first word's pairs as (second word's rank, stopwords, page, heading tag), the
/// stopwords' digits (first stopword highest) moved to the top of 24 bits so that fewer
/// stopwords sort first when they agree; in page order.
fn ranked(list: &[u8], rank: &[u32], out: &mut Vec<(u32, u32, u32, u8)>) {
    out.clear();
    out.extend(PairLists::read(list).map(|(second, g, page)| {
        let (gap, tag) = (g & GAP, g >> 24);
        let digits = (32 - gap.leading_zeros()).div_ceil(8);
        (
            rank[second as usize],
            gap << (8 * (3 - digits)),
            page,
            tag as u8,
        )
    }));
}

/// Sorts and writes the entries of a run of first words (their lists, from rank `lo`),
/// dropping each list once written.
fn write_run(lo: usize, lists: &mut [Vec<u8>], src: &PairSource, params: &IndexParams) -> Run {
    let mut run = Run {
        text: Vec::new(),
        ends: Vec::new(),
        firsts: Vec::new(),
        groups: Vec::new(),
    };
    let mut entry = EntryScratch::default();
    let mut pairs = Vec::new();
    for (a, list) in (lo..).zip(lists.iter_mut()) {
        ranked(&std::mem::take(list), src.rank, &mut pairs);
        if pairs.is_empty() {
            continue;
        }
        // Stable: a pair's pages are in order already.
        pairs.sort_by_key(|&(b, g, _, _)| u64::from(b) << 32 | u64::from(g));
        let first = src.terms[a].as_str();
        for same in pairs.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            let second = src.terms[same[0].0 as usize].as_str();
            entry.fill(second, same, src, params);
            let start = run.text.len();
            entry.push(&mut run.text);
            let group = format::pair_group(first, second);
            if run.groups.last().is_none_or(|g| g.key != group) {
                // The first word and the brackets around the group's entries.
                run.groups.push(Group {
                    start: run.ends.len(),
                    key: group,
                    cost: gzipped(first.len() + 5, 0),
                });
            }
            // The rest of the key, its quotes and the comma after it; the lists.
            let key = entry.rest.len() + 3;
            let lists = run.text.len() - start - entry.rest.len() - 2;
            if let Some(g) = run.groups.last_mut() {
                g.cost += gzipped(key, lists);
            }
            run.ends.push(run.text.len());
            run.firsts.push(a as u32);
        }
    }
    run
}

/// One pair's entry as it is made, its lists reused from pair to pair.
#[derive(Default)]
struct EntryScratch {
    /// The rest of its key, after the first word: `second!gap`.
    rest: String,
    pages: Vec<u32>,
    /// (page, sub-result value) of the headings holding it.
    headed: Vec<(u32, u32)>,
    /// The pages with it in a title hundreds of pages share.
    common: Vec<u32>,
    /// The entry's text as it is made.
    text: String,
}

impl EntryScratch {
    /// The entry of a pair with `second` from its (second word, stopwords, page, tag)
    /// items.
    fn fill(
        &mut self,
        second: &str,
        items: &[(u32, u32, u32, u8)],
        src: &PairSource,
        params: &IndexParams,
    ) {
        self.pages.clear();
        self.headed.clear();
        for &(_, _, page, tag) in items {
            if self.pages.last() != Some(&page) {
                self.pages.push(page);
            }
            if tag != 0 {
                self.headed.push((page, u32::from(tag) - 1));
            }
        }
        // In page order already; a page's headings in order, once each.
        self.headed.sort_unstable();
        self.headed.dedup();
        let g = items[0].1;
        self.rest.clear();
        let gap = [16, 8, 0]
            .into_iter()
            .map(|shift| (g >> shift) & 0xff)
            .take_while(|&d| d != 0)
            .map(|d| PAIR_STOPWORDS[d as usize - 1]);
        push_pair_rest(&mut self.rest, second, gap);
        // A heading on hundreds of pages, nearly always one text: its pages.
        self.common.clear();
        if self.headed.len() >= params.wide_subs {
            let share = params.common_title_share;
            if let Some(h) = common_text(self.headed.iter().copied(), src.page_texts, share) {
                let common = &mut self.common;
                self.headed.retain(|&(p, sub)| {
                    let mine = text_of(src.page_texts, p, sub) == Some(h);
                    if mine && common.last() != Some(&p) {
                        common.push(p);
                    }
                    !mine
                });
            }
        }
        // The sub-result and its title's length, as heading lists have them.
        for h in self.headed.iter_mut() {
            let len = src
                .page_lens
                .get(h.0 as usize)
                .and_then(|l| l.get(h.1 as usize))
                .map_or(7, |&l| u32::from(l));
            h.1 = h.1 << TITLE_LEN_BITS | len;
        }
    }

    /// Appends the entry's text (`format::PAIR_FILES`): a JSON string of the rest of its
    /// key, its pages and its headed list, joined by `PAIR_FIELDS`.
    fn push(&mut self, out: &mut Vec<u8>) {
        let text = &mut self.text;
        text.clear();
        text.push_str(&self.rest);
        text.push(PAIR_FIELDS);
        push_pages(text, &self.pages);
        if !self.headed.is_empty() || !self.common.is_empty() {
            text.push(PAIR_FIELDS);
            text.push_str(&encode_pairs(&self.headed, TITLE_LEN_BITS));
            if !self.common.is_empty() {
                text.push(LIST_PAGES);
                if self.common != self.pages {
                    push_pages(text, &self.common);
                }
            }
        }
        serde_json::to_writer(&mut *out, text.as_str()).expect("writing JSON to memory");
    }
}

/// Each run's entries copied into their files (a group's own, or its bucket) and handed
/// on, a share of the files at a time.
fn gather(runs: &[Run], buckets: usize, own: &[String], terms: &[String], out: &Noted) {
    let targets: Vec<Vec<u32>> = runs
        .par_iter()
        .map(|run| {
            let mut out = Vec::with_capacity(run.ends.len());
            for (g, group) in run.groups.iter().enumerate() {
                let file = format::pair_file(&group.key, buckets, own) as u32;
                out.extend(run.entries(g).map(|_| file));
            }
            out
        })
        .collect();
    let total = buckets + own.len();
    let share = total.div_ceil(SHARES);
    (0..SHARES).into_par_iter().for_each(|k| {
        let files = (k * share).min(total)..((k + 1) * share).min(total);
        let mut bodies: Vec<PairBody> = files.clone().map(|_| PairBody::default()).collect();
        for (run, targets) in runs.iter().zip(&targets) {
            for (e, &file) in targets.iter().enumerate() {
                if files.contains(&(file as usize)) {
                    let body = &mut bodies[file as usize - files.start];
                    body.push(run.firsts[e], run.entry(e), terms);
                }
            }
        }
        for (file, body) in files.zip(bodies) {
            out.put(out_path(&format::numbered(PAIR_FILES, file)), body.finish());
        }
    });
}

/// A pair file as it is filled: its entries grouped by first word.
#[derive(Default)]
struct PairBody {
    text: Vec<u8>,
    /// The first word of the group of entries open, if one is.
    first: Option<u32>,
}

impl PairBody {
    /// Adds an entry (its text) with first word `first` (by rank); entries come in key
    /// order.
    fn push(&mut self, first: u32, entry: &[u8], terms: &[String]) {
        if self.first == Some(first) {
            self.text.push(b',');
        } else {
            self.text
                .extend_from_slice(if self.first.is_some() { b"],\n" } else { b"[" });
            serde_json::to_writer(&mut self.text, &terms[first as usize])
                .expect("writing JSON to memory");
            self.text.extend_from_slice(b",[");
            self.first = Some(first);
        }
        self.text.extend_from_slice(entry);
    }

    /// The file's text.
    fn finish(mut self) -> String {
        self.text
            .extend_from_slice(if self.first.is_some() { b"]]" } else { b"[]" });
        String::from_utf8(self.text).expect("JSON is UTF-8")
    }
}

/// The title (hashed) `share` percent or more of a list of (page, sub-result) have, if
/// one does.
pub fn common_text(
    subs: impl ExactSizeIterator<Item = (u32, u32)>,
    page_texts: &[Vec<u64>],
    share: usize,
) -> Option<u64> {
    let n = subs.len();
    let mut by_hash: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    for (page, sub) in subs {
        if let Some(h) = text_of(page_texts, page, sub) {
            *by_hash.entry(h).or_default() += 1;
        }
    }
    let (&text, &top) = by_hash.iter().max_by_key(|&(h, n)| (*n, *h))?;
    (top * 100 >= n * share).then_some(text)
}

/// A sub-result's title, hashed, if the page has it.
fn text_of(page_texts: &[Vec<u64>], page: u32, sub: u32) -> Option<u64> {
    page_texts.get(page as usize)?.get(sub as usize).copied()
}

#[cfg(test)]
#[path = "pairs_tests.rs"]
mod tests;
