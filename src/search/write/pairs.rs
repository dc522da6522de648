//! Word pair files (`p/<n>.json`): each pair of neighbouring words with the pages holding
//! it and the headings whose titles do, `[PairEntry, ...]` sorted by key. Pairs go to files
//! by their group (`format::pair_group`: the first word and the second's first letters),
//! a group to its own file when it is large, else to the bucket its hash picks
//! (`format::pair_file`, which the client computes the same way).
//!
//! Pairs are never numbered as text while pages are read (a site has many, most on a page
//! or two): each page keeps its pairs as `PairCode`s, and they are sorted and grouped once
//! here. A key's order is its words' ranks in key order, then the stopwords' places in
//! `PAIR_STOPWORDS` (the space, `!` and `+` that join them come before any character a
//! word has), so the pairs are sorted as numbers: counted out by first word, each first
//! word's pairs sorted, in parallel; written in that order, each file's entries come in
//! key order.

use rayon::prelude::*;

use super::out_path;
use super::postings::Postings;
use crate::search::format::{
    self, key_cmp, PairEntry, ANY_SUB, LIST_PAGES, PAIR_FILES, PAIR_STOPWORDS, TITLE_LEN_BITS,
};
use crate::search::lists::{encode_pairs, push_pages};
use crate::search::params::IndexParams;
use crate::search::terms::push_pair_key;

/// A word pair, by number: (first word, second word, the stopwords between as digits of
/// 8 bits, each one plus its place in `PAIR_STOPWORDS`, and in the top 8 bits the
/// `heading_tag`).
pub type PairCode = (u32, u32, u32);

/// The top 8 bits of a pair code's gap: which heading's or record's title the pair is in
/// (`heading_tag`), 0 when it is in text. The stopwords take the 24 bits below.
const TAG: u32 = 0xff00_0000;
const GAP: u32 = !TAG;
/// Threads writing pairs, each a run of first words.
const WAYS: usize = 4;

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

/// What the pair files are made from (`collect::Collected`).
pub struct PairSource<'a> {
    /// Each page's pairs, by term number.
    pub page_pairs: Vec<Vec<PairCode>>,
    /// Each term's rank in key order, by number.
    pub rank: &'a [u32],
    /// The terms in key order.
    pub sorted: &'a [(String, Postings)],
    /// Each page's sub-results' titles, hashed.
    pub page_texts: &'a [Vec<u64>],
    /// Each page's sub-results' title lengths (as sub-result values have them).
    pub page_lens: &'a [Vec<u8>],
}

/// The pair files, sorted by path; how many hashed buckets there are; the groups with
/// files of their own (`Meta::pairs`, `Meta::own`).
pub struct PairFiles {
    pub files: Vec<(String, String)>,
    pub buckets: usize,
    pub own: Vec<String>,
}

/// A run of first words' entries, one after another: each entry's end in `text`, and
/// where each group of pairs a lookup reads together starts (entry, `pair_group`).
struct Run {
    text: Vec<u8>,
    ends: Vec<usize>,
    groups: Vec<(usize, String)>,
}

impl Run {
    /// The entries of group `g`.
    fn entries(&self, g: usize) -> std::ops::Range<usize> {
        self.groups[g].0..self.groups.get(g + 1).map_or(self.ends.len(), |x| x.0)
    }

    /// The bytes group `g`'s entries take in a file.
    fn group_bytes(&self, g: usize) -> usize {
        let entries = self.entries(g);
        let from = entries.start.checked_sub(1).map_or(0, |e| self.ends[e]);
        self.ends[entries.end - 1] - from + entries.len()
    }
}

/// Writes the pair files.
pub fn write(mut src: PairSource, params: &IndexParams) -> PairFiles {
    to_ranks(&mut src.page_pairs, src.rank);
    let counts = count_by_first(&src.page_pairs, src.sorted.len());
    let runs: Vec<Run> = runs_of(&counts)
        .into_par_iter()
        .map(|range| write_run(range, &counts, &src, params))
        .collect();
    drop(src.page_pairs);
    // A large group is a file of its own, numbered after the hashed buckets in key order:
    // in a bucket it would make every lookup of the pairs hashed with it pay for it.
    let mut own: Vec<String> = Vec::new();
    let mut light_bytes = 0;
    for run in &runs {
        for (g, (_, key)) in run.groups.iter().enumerate() {
            let bytes = run.group_bytes(g);
            if bytes >= params.own_pair_bytes {
                own.push(key.clone());
            } else {
                light_bytes += bytes;
            }
        }
    }
    own.sort_unstable_by(|a, b| key_cmp(a, b));
    let buckets = light_bytes.div_ceil(params.pair_shard_bytes).max(1);
    let files = gather(&runs, buckets, &own);
    PairFiles {
        files,
        buckets,
        own,
    }
}

/// Pair codes with their words as ranks, and the stopwords' digits (first stopword
/// highest) moved to the top of 24 bits, so that fewer stopwords sort first when they
/// agree.
fn to_ranks(page_pairs: &mut [Vec<PairCode>], rank: &[u32]) {
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
}

/// How many pairs each first word (by rank) has.
fn count_by_first(page_pairs: &[Vec<PairCode>], n: usize) -> Vec<u32> {
    page_pairs
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
        )
}

/// Runs of first words with about the same number of pairs: (first, end, pairs).
fn runs_of(counts: &[u32]) -> Vec<(usize, usize, usize)> {
    let n = counts.len();
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
    ranges
}

/// A run's pairs, gathered by first word as (second word, stopwords, page, heading tag).
fn gather_run(
    (lo, hi, size): (usize, usize, usize),
    counts: &[u32],
    page_pairs: &[Vec<PairCode>],
) -> Vec<(u32, u32, u32, u8)> {
    let mut next = Vec::with_capacity(hi - lo);
    let mut at = 0;
    for &c in &counts[lo..hi] {
        next.push(at);
        at += c as usize;
    }
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
    all
}

/// Reads, sorts and writes the entries of one run of first words.
fn write_run(
    range: (usize, usize, usize),
    counts: &[u32],
    src: &PairSource,
    params: &IndexParams,
) -> Run {
    let mut all = gather_run(range, counts, &src.page_pairs);
    let (lo, hi, _) = range;
    let mut run = Run {
        text: Vec::new(),
        ends: Vec::new(),
        groups: Vec::new(),
    };
    let mut entry = EntryScratch::default();
    let mut start = 0;
    for (a, &c) in (lo..hi).zip(&counts[lo..hi]) {
        let pairs = &mut all[start..start + c as usize];
        start += c as usize;
        if pairs.is_empty() {
            continue;
        }
        // Stable: a pair's pages are in order already.
        pairs.sort_by_key(|&(b, g, _, _)| u64::from(b) << 32 | u64::from(g));
        let first = src.sorted[a].0.as_str();
        for same in pairs.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            let second = src.sorted[same[0].0 as usize].0.as_str();
            entry.fill(first, second, same, src, params);
            entry.push(&mut run.text);
            let group = format::pair_group(first, second);
            if run.groups.last().is_none_or(|(_, g)| *g != group) {
                run.groups.push((run.ends.len(), group));
            }
            run.ends.push(run.text.len());
        }
    }
    run
}

/// One pair's entry as it is made, its lists reused from pair to pair.
#[derive(Default)]
struct EntryScratch {
    key: String,
    pages: Vec<u32>,
    /// (page, sub-result value) of the headings holding it.
    headed: Vec<(u32, u32)>,
    /// The pages with it in a title hundreds of pages share.
    common: Vec<u32>,
    /// The entry's page list and heading list as written.
    pages_text: String,
    headed_text: String,
}

impl EntryScratch {
    /// The entry of `first second` from its (second word, stopwords, page, tag) items.
    fn fill(
        &mut self,
        first: &str,
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
        self.key.clear();
        let gap = [16, 8, 0]
            .into_iter()
            .map(|shift| (g >> shift) & 0xff)
            .take_while(|&d| d != 0)
            .map(|d| PAIR_STOPWORDS[d as usize - 1]);
        push_pair_key(&mut self.key, first, second, gap);
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

    /// Appends the entry's JSON.
    fn push(&mut self, out: &mut Vec<u8>) {
        self.pages_text.clear();
        push_pages(&mut self.pages_text, &self.pages);
        self.headed_text.clear();
        if !self.headed.is_empty() || !self.common.is_empty() {
            self.headed_text
                .push_str(&encode_pairs(&self.headed, TITLE_LEN_BITS));
            if !self.common.is_empty() {
                self.headed_text.push(LIST_PAGES);
                if self.common != self.pages {
                    push_pages(&mut self.headed_text, &self.common);
                }
            }
        }
        // The entry borrows the scratch strings and gives them back.
        let entry = PairEntry {
            key: std::mem::take(&mut self.key),
            pages: std::mem::take(&mut self.pages_text),
            headed: std::mem::take(&mut self.headed_text),
        };
        serde_json::to_writer(&mut *out, &entry).expect("writing JSON to memory");
        (self.key, self.pages_text, self.headed_text) = (entry.key, entry.pages, entry.headed);
    }
}

/// Each run's entries copied into their files: a group's own, or its bucket. Each thread
/// takes the files of one remainder.
fn gather(runs: &[Run], buckets: usize, own: &[String]) -> Vec<(String, String)> {
    let targets: Vec<Vec<usize>> = runs
        .par_iter()
        .map(|run| {
            let mut out = Vec::with_capacity(run.ends.len());
            for (g, (_, group)) in run.groups.iter().enumerate() {
                let file = format::pair_file(group, buckets, own);
                out.extend(run.entries(g).map(|_| file));
            }
            out
        })
        .collect();
    let total = buckets + own.len();
    let mut files: Vec<(String, String)> = (0..WAYS)
        .into_par_iter()
        .flat_map_iter(|way| {
            let mut bodies: Vec<(usize, Vec<u8>)> = (way..total)
                .step_by(WAYS)
                .map(|b| (b, vec![b'[']))
                .collect();
            for (run, targets) in runs.iter().zip(&targets) {
                let mut start = 0;
                for (&end, &b) in run.ends.iter().zip(targets) {
                    if b % WAYS == way {
                        let body = &mut bodies[b / WAYS].1;
                        if body.len() > 1 {
                            body.extend_from_slice(b",\n");
                        }
                        body.extend_from_slice(&run.text[start..end]);
                    }
                    start = end;
                }
            }
            bodies.into_iter().map(|(b, mut body)| {
                body.push(b']');
                let body = String::from_utf8(body).expect("JSON is UTF-8");
                (out_path(&format::numbered(PAIR_FILES, b)), body)
            })
        })
        .collect();
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    files
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
