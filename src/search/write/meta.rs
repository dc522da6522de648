//! `meta.json` (`format::Meta`): what the client reads first. Written last: its version is
//! a hash of every other file.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::out_path;
use super::postings::Postings;
use crate::search::extract::SearchRecord;
use crate::search::format::{
    self, key_cmp, known_bits, Meta, KNOWN_BITS, KNOWN_SEPARATOR, KNOWN_START, KNOWN_START_MARK,
    META_FILE, PAIR_STOPWORDS,
};
use crate::search::fxhash::FxHasher;
use crate::search::lists::encode_pages;
use crate::search::params::IndexParams;

/// A typo is allowed in a word from this many characters (the client's rule).
const TYPO_CHARS: usize = 5;

/// meta.json, given the version (`version`): the stopwords are filled in here.
pub fn write(mut meta: Meta, version: String) -> (String, String) {
    meta.v = version;
    meta.stop = PAIR_STOPWORDS.iter().map(|w| w.to_string()).collect();
    (
        out_path(META_FILE),
        serde_json::to_string(&meta).unwrap_or_default(),
    )
}

/// A file's hash, for the version: its path and contents.
pub fn file_hash(path: &str, text: &str) -> u64 {
    let mut h = FxHasher::default();
    path.hash(&mut h);
    text.hash(&mut h);
    h.finish()
}

/// The version: a hash of every file's hash (`file_hash`), in path order (clients add it
/// to their requests, so it changes whenever any file does).
pub fn version(mut files: Vec<(String, u64)>) -> String {
    files.sort_unstable();
    let hashes: Vec<u64> = files.into_iter().map(|(_, h)| h).collect();
    let mut h = FxHasher::default();
    hashes.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Bytes of a page's text indexed: title, description, headings, body text, records,
/// code.
pub fn text_bytes(record: &SearchRecord) -> usize {
    let subs: usize = record
        .subs
        .iter()
        .map(|s| s.title.len() + s.text.len() + s.code.len())
        .sum();
    subs + record.description.len()
}

/// The words a misspelt word is most likely meant for (`Meta::words`): words of
/// `TYPO_CHARS` letters or more, in two places or more, the most used first up to
/// `words_bytes`, then in key order; not the titles' words when meta.json has those
/// already. The client corrects a word it does not know to one of these before it looks
/// the query up as word pairs, so a phrase with a typo is found in as few requests as one
/// without.
pub fn typo_words(
    sorted: &[(String, Postings)],
    skip_titles: bool,
    params: &IndexParams,
) -> Vec<String> {
    let mut words: Vec<(usize, &str)> = sorted
        .par_iter()
        .filter(|(t, p)| {
            (p.title.is_empty() || !skip_titles)
                && format::stopword(t).is_none()
                && t.chars().count() >= TYPO_CHARS
                && t.chars().all(char::is_alphabetic)
        })
        .map(|(t, p)| (p.places(), t.as_str()))
        .filter(|&(places, _)| places >= 2)
        .collect();
    words.par_sort_by(|a, b| b.0.cmp(&a.0).then_with(|| key_cmp(a.1, b.1)));
    let mut bytes = 0;
    words.retain(|(_, w)| {
        bytes += w.len() + 3;
        bytes <= params.words_bytes
    });
    let mut out: Vec<&str> = words.into_iter().map(|(_, w)| w).collect();
    out.sort_by(|a, b| key_cmp(a, b));
    out.into_iter().map(str::to_string).collect()
}

/// A Bloom filter of the words the index holds (`Meta::known`): each word of letters only,
/// and `KNOWN_START_MARK` with the first `KNOWN_START` letters of each such word that long,
/// as the set bits of a `KNOWN_BITS`-an-entry bitmap in a page list; empty for more than
/// `max` entries. The client asks it before it reads a word's term shard: a word it says
/// the index lacks costs no request, and a misspelt one goes straight to the shard of the
/// word it is a typo of. A filter has no false negatives, so a word it lets through is
/// looked up as before.
pub fn known_filter<'a>(words: impl Iterator<Item = &'a str>, max: usize) -> String {
    let mut entries: BTreeSet<String> = BTreeSet::new();
    for w in words.filter(|w| !w.is_empty() && w.chars().all(char::is_alphabetic)) {
        entries.insert(w.to_string());
        if w.chars().count() >= KNOWN_START {
            let start: String = w.chars().take(KNOWN_START).collect();
            entries.insert(format!("{KNOWN_START_MARK}{start}"));
        }
        if entries.len() > max {
            return String::new();
        }
    }
    if entries.is_empty() {
        return String::new();
    }
    let bits = entries.len() * KNOWN_BITS;
    let mut set = vec![false; bits];
    for e in &entries {
        for b in known_bits(e, bits) {
            set[b] = true;
        }
    }
    let on: Vec<u32> = (0..bits).filter(|&b| set[b]).map(|b| b as u32).collect();
    format!("{bits}{KNOWN_SEPARATOR}{}", encode_pages(&on))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::lists::decode_pages;

    /// The known-words filter holds each word of letters and its first four letters, and
    /// nothing else.
    #[test]
    fn the_known_words_filter_holds_the_words_and_their_starts() {
        let words = ["deal", "registration", "q1", "日本", "$10k", "renewals"];
        let filter = known_filter(words.iter().copied(), 100);
        let (bits, list) = filter.split_once('.').unwrap();
        let bits: usize = bits.parse().unwrap();
        // deal, <deal, registration, <regi, 日本, renewals, <rene: seven entries.
        assert_eq!(bits, 7 * KNOWN_BITS);
        let mut set = vec![false; bits];
        for b in decode_pages(list).unwrap() {
            set[b as usize] = true;
        }
        let has = |e: &str| known_bits(e, bits).all(|b| set[b]);
        for e in [
            "deal",
            "<deal",
            "registration",
            "<regi",
            "日本",
            "renewals",
            "<rene",
        ] {
            assert!(has(e), "{e}");
        }
        // Words with other characters are not in it; a filter lets few others through.
        let passed = [
            "q1", "$10k", "regional", "<regx", "tems", "<tems", "deals", "dea",
        ]
        .iter()
        .filter(|e| has(e))
        .count();
        assert!(passed <= 1, "{passed}");
        // Too many entries: no filter (it stops at the first entry over).
        assert_eq!(known_filter(words.iter().copied(), 6), "");
        assert_eq!(known_filter(words.iter().copied(), 7), filter);
    }
}
