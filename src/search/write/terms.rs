//! The files of term entries: term shards (`t/`), the stopwords' own files (`s/`), very
//! common words' body lists (`b/`) and sub-result values (`h/`); and the titles' lists,
//! which go in meta.json when they fit.

use rayon::prelude::*;

use super::out_path;
use super::pairs::common_text;
use super::partition::partition;
use super::postings::Postings;
use crate::search::format::{
    self, numbered, TermEntry, BODY_FILES, PAIR_STOPWORDS, STOPWORD_FILES, SUB_FILES, TERM_SHARDS,
    TITLE_LEN_BITS,
};
use crate::search::lists::{encode_pages, encode_sub_values, SubsForm};
use crate::search::params::IndexParams;

/// The term files and what meta.json says of them.
pub struct TermFiles {
    /// (path, contents), not sorted.
    pub files: Vec<(String, String)>,
    /// The first key of each term shard (`Meta::shards`).
    pub shard_keys: Vec<String>,
    /// The titles' lists for meta.json (`Meta::titles`), empty when they stay in the shards.
    pub titles: Vec<(String, String)>,
    /// Whether the titles' lists are too large for meta.json.
    pub titles_in_shards: bool,
    /// Whether each term (in key order) has an entry in a term shard.
    pub in_shard: Vec<bool>,
}

/// Writes the term files of the terms in key order, on `pages` pages whose title lengths
/// are `title_lens` (`Meta::lens`: the title lists carry them when they are in the shards).
pub fn write(
    sorted: &[(String, Postings)],
    page_texts: &[Vec<u64>],
    title_lens: &str,
    pages: usize,
    params: &IndexParams,
) -> TermFiles {
    let mut files = Vec::new();
    let defer = deferred_bodies(sorted, pages, params);
    let forms = sub_forms(sorted, page_texts, params, &mut files);
    // The titles' lists, in meta.json when they fit: a query the titles settle reads no
    // term shard. Stopwords keep theirs in their own files.
    let mut titles: Vec<(String, String)> = sorted
        .iter()
        .filter(|(t, p)| !p.title.is_empty() && !is_stop(t))
        .map(|(t, p)| (t.clone(), encode_pages(&p.title)))
        .collect();
    let titles_in_shards = titles
        .iter()
        .map(|(t, l)| t.len() + l.len() + 8)
        .sum::<usize>()
        > params.titles_bytes;
    if titles_in_shards {
        titles.clear();
    }
    let lens = titles_in_shards.then_some(title_lens.as_bytes());
    let mut entries: Vec<String> = sorted
        .par_iter()
        .zip(&defer)
        .zip(&forms)
        .map(|(((term, p), &defer), &forms)| {
            let entry = p.entry(term, titles_in_shards || is_stop(term), lens, forms, defer);
            serde_json::to_string(&entry).unwrap_or_default()
        })
        .collect();
    // A term's entry is in its term shard unless it is a word found in titles alone and
    // meta.json holds the titles' lists.
    let in_shard: Vec<bool> = sorted
        .iter()
        .map(|(t, p)| titles_in_shards || is_stop(t) || !p.only_title())
        .collect();
    files.extend(body_files(sorted, &defer));
    files.extend(stopword_files(sorted, &mut entries));
    let (shards, shard_keys) = term_shards(sorted, &entries, &in_shard, params);
    files.extend(shards);
    TermFiles {
        files,
        shard_keys,
        titles,
        titles_in_shards,
        in_shard,
    }
}

fn is_stop(term: &str) -> bool {
    format::stopword(term).is_some()
}

/// The `b/` file each term's body list is in, if it has one: a word in the body of a good
/// part of the pages (a query its title and heading lists settle does not need it).
fn deferred_bodies(
    sorted: &[(String, Postings)],
    pages: usize,
    params: &IndexParams,
) -> Vec<Option<usize>> {
    let mut deferred = 0;
    sorted
        .iter()
        .map(|(_, p)| {
            let long = p.body.len() >= params.defer_body
                && p.body.len() * params.defer_body_one_in >= pages;
            long.then(|| {
                deferred += 1;
                deferred - 1
            })
        })
        .collect()
}

/// How each term's heading and record lists are written. A long list is written by page:
/// alone when most of it is one heading text (`common_title_share`), else with the sub-results in a file of
/// their own (`h/<n>.json`, added to `files`), read only when titles do not settle a query.
fn sub_forms(
    sorted: &[(String, Postings)],
    page_texts: &[Vec<u64>],
    params: &IndexParams,
    files: &mut Vec<(String, String)>,
) -> Vec<[SubsForm; 2]> {
    let mut n = 0;
    sorted
        .iter()
        .map(|(t, p)| {
            [&p.heading, &p.record].map(|list| {
                if list.len() < params.wide_subs || is_stop(t) {
                    SubsForm::Pairs
                } else if common_text(
                    list.iter().map(|&(p, v)| (p, v >> TITLE_LEN_BITS)),
                    page_texts,
                    params.common_title_share,
                )
                .is_some()
                {
                    SubsForm::Pages
                } else {
                    files.push((
                        out_path(&numbered(SUB_FILES, n)),
                        json(&encode_sub_values(list)),
                    ));
                    n += 1;
                    SubsForm::Split(n - 1)
                }
            })
        })
        .collect()
}

/// The body lists in files of their own.
fn body_files(sorted: &[(String, Postings)], defer: &[Option<usize>]) -> Vec<(String, String)> {
    sorted
        .par_iter()
        .zip(defer)
        .filter_map(|((_, p), &defer)| {
            defer.map(|n| {
                (
                    out_path(&numbered(BODY_FILES, n)),
                    json(&encode_pages(&p.body)),
                )
            })
        })
        .collect()
}

/// Stopwords' files: their lists are the longest of all, and a query with other words does
/// not need them (the word pairs carry them), so each has a file of its own, and its entry
/// in the term shard is just the word (so that completions and typos still see it there).
/// Every stopword has its file, so that the client need not look in the shard first.
fn stopword_files(sorted: &[(String, Postings)], entries: &mut [String]) -> Vec<(String, String)> {
    let stub = |w: &str| {
        let entry = TermEntry {
            term: w.to_string(),
            ..TermEntry::default()
        };
        serde_json::to_string(&entry).unwrap_or_default()
    };
    let mut own: Vec<String> = PAIR_STOPWORDS.iter().map(|w| stub(w)).collect();
    for (i, (term, _)) in sorted.iter().enumerate() {
        if let Some(s) = format::stopword(term) {
            own[s] = std::mem::replace(&mut entries[i], stub(term));
        }
    }
    own.into_iter()
        .enumerate()
        .map(|(s, entry)| (out_path(&numbered(STOPWORD_FILES, s)), entry))
        .collect()
}

/// The term shards, by key range, and the first key of each.
fn term_shards(
    sorted: &[(String, Postings)],
    entries: &[String],
    in_shard: &[bool],
    params: &IndexParams,
) -> (Vec<(String, String)>, Vec<String>) {
    let kept: Vec<(&str, &String)> = sorted
        .iter()
        .zip(entries)
        .zip(in_shard)
        .filter(|(_, &keep)| keep)
        .map(|(((term, _), entry), _)| (term.as_str(), entry))
        .collect();
    let sizes: Vec<(&str, usize)> = kept
        .iter()
        .map(|&(term, entry)| (term, entry.len() + 1))
        .collect();
    let starts = partition(&sizes, params.shard_bytes);
    let mut files = Vec::with_capacity(starts.len());
    let mut keys = Vec::with_capacity(starts.len());
    for (s, &start) in starts.iter().enumerate() {
        let end = starts.get(s + 1).copied().unwrap_or(kept.len());
        keys.push(if s == 0 {
            String::new()
        } else {
            kept[start].0.to_string()
        });
        let list: Vec<&str> = kept[start..end].iter().map(|&(_, e)| e.as_str()).collect();
        files.push((
            out_path(&numbered(TERM_SHARDS, s)),
            format!("[{}]", list.join(",\n")),
        ));
    }
    (files, keys)
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
