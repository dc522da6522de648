//! Word-ending files (`e/<n>.json`): the words of a term shard sorted by their reversed
//! spelling, for typos in a word's first letters (which put the word in another shard).

use super::out_path;
use super::partition::partition;
use super::postings::Postings;
use crate::search::format::{key_cmp, numbered, END_FILES};
use crate::search::params::IndexParams;
use crate::search::tokenize;

/// Words shorter than this are not looked up by their ending (too short for a typo).
const MIN_CHARS: usize = 4;

/// The word-ending files and the first reversed word of each (`Meta::ends`).
pub fn write(
    sorted: &[(String, Postings)],
    in_shard: &[bool],
    params: &IndexParams,
) -> (Vec<(String, String)>, Vec<String>) {
    let mut words: Vec<(String, &str)> = sorted
        .iter()
        .zip(in_shard)
        .filter(|(_, &keep)| keep)
        .map(|((t, _), _)| t.as_str())
        .filter(|t| {
            t.chars().count() >= MIN_CHARS
                && t.chars().all(|c| c.is_alphabetic() && !tokenize::is_cjk(c))
        })
        .map(|t| (t.chars().rev().collect::<String>(), t))
        .collect();
    words.sort_by(|a, b| key_cmp(&a.0, &b.0));
    let sizes: Vec<(&str, usize)> = words
        .iter()
        .map(|(r, t)| (r.as_str(), t.len() + 3))
        .collect();
    let starts = partition(&sizes, params.ends_bytes);
    let mut files = Vec::with_capacity(starts.len());
    let mut keys = Vec::with_capacity(starts.len());
    for (s, &start) in starts.iter().enumerate() {
        let end = starts.get(s + 1).copied().unwrap_or(words.len());
        keys.push(if s == 0 {
            String::new()
        } else {
            words[start].0.clone()
        });
        let list: Vec<&str> = words[start..end].iter().map(|(_, t)| *t).collect();
        files.push((
            out_path(&numbered(END_FILES, s)),
            serde_json::to_string(&list).unwrap_or_default(),
        ));
    }
    (files, keys)
}
