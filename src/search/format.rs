//! The search index format: what the writer (`write/`) puts under `search/` and the client
//! (`themes/default/js/search/`) reads. This file is its one definition: the file names,
//! the constants both sides compute with, the hashes that place a word pair and a filter
//! entry, and a typed structure for each kind of JSON the client reads.
//!
//! The client gets all of it from `themes/default/js/search/format.gen.js`, which `js.rs`
//! writes from this file (its test fails, naming the command, when the checked-in module is
//! stale). `docs/search-index.md` describes each file and the measurements behind the
//! numbers.
//!
//! Page numbers are positions in the reading order, pages outside it last. Lists of page
//! numbers and other numbers are written as `lists.rs` says.

use serde::{Deserialize, Serialize};

/// The folder of the index under the output folder (the client finds it beside the search
/// form's action).
pub const INDEX_DIR: &str = "search/";
/// The index's description, read first (`Meta`).
pub const META_FILE: &str = "meta.json";
/// The pages of each section and record facet, for the results page's filters (`Filters`).
pub const FILTERS_FILE: &str = "filters.json";
/// Term shards: `[TermEntry, ...]` sorted by term, split by key range (`Meta::shards`).
pub const TERM_SHARDS: &str = "t/";
/// Sub-result values of a word in many different headings (`LIST_PAGES`, `LIST_ELSEWHERE`).
pub const SUB_FILES: &str = "h/";
/// The body list of a word in the body of a good part of the pages (`LIST_ELSEWHERE`).
pub const BODY_FILES: &str = "b/";
/// The `n`th stopword's `TermEntry` (`PAIR_STOPWORDS`).
pub const STOPWORD_FILES: &str = "s/";
/// Word pairs, in hashed buckets (`pair_file`): their entries (`PairEntry`) sorted by key
/// and grouped by first word, `[first, [rest, ...], first, [rest, ...], ...]`, where each
/// `rest` is the key after the first word and `PAIR_JOIN` (`second` or `second!gap`), the
/// pages and, when the pair is in titles, the headed list, joined by `PAIR_FIELDS`:
/// `["escalate", ["partner!the AB", "path C Ab"]]` (`read_pair_file`).
pub const PAIR_FILES: &str = "p/";
/// Words sorted by their reversed spelling, for typos in a word's first letters.
pub const END_FILES: &str = "e/";
/// Fragments: `f/<n>.json` is `[Fragment, ...]`, the fragments of the pages from the `n`th
/// of `Meta::frags` on, in page order (`fragment_place`).
pub const FRAGMENT_FILES: &str = "f/";

/// The `n`th file of a numbered kind (`TERM_SHARDS`, `PAIR_FILES`, ...), under `search/`.
pub fn numbered(kind: &str, n: usize) -> String {
    format!("{kind}{n}.json")
}

/// Where a page's fragment is: the number of its fragment file (`FRAGMENT_FILES`) and its
/// place in it, from the first page of each file (`Meta::frags`, decoded).
pub fn fragment_place(page: u32, firsts: &[u32]) -> (usize, usize) {
    let file = firsts.partition_point(|&f| f <= page).saturating_sub(1);
    let first = firsts.get(file).copied().unwrap_or(0);
    (file, (page - first.min(page)) as usize)
}

/// The digits numbers are written in (`lists.rs`): base 64, URL- and JSON-safe.
pub const BASE64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// A digit holds this many bits of a number; the next bit says another digit follows.
pub const DIGIT_BITS: u32 = 5;
/// Starts a page list written as a bitmap (six pages a digit) rather than as gaps.
pub const LIST_BITMAP: char = '~';
/// Starts a sub-result list written as its pages only.
pub const LIST_PAGES: char = '*';
/// Stands for a list kept in a file of its own: `+n` (a body list, `BODY_FILES`), or after
/// `*pages` (sub-results, `SUB_FILES`).
pub const LIST_ELSEWHERE: char = '+';
/// Follows a title list in a term entry when meta.json has no `lens` (the titles' lists are
/// in the term shards): then each listed page's number of title words, a digit each.
pub const TITLE_LENS_MARK: char = ':';
/// A sub-result's value is its number shifted left by this many bits plus the number of
/// words in its title less one (up to 7).
pub const TITLE_LEN_BITS: u32 = 3;

/// Starts the term of a glossary group (`=deal reg`), indexed wherever any of its names is.
pub const GROUP_MARK: char = '=';
/// Joins a word pair's words (`escalate partner`).
pub const PAIR_JOIN: char = ' ';
/// Joins the fields of a pair's entry in a pair file (`PAIR_FILES`): the rest of its key,
/// its pages, its headed list.
pub const PAIR_FIELDS: char = ' ';
/// Follows a word pair's second word when stopwords stood between (`escalate partner!the`).
pub const PAIR_GAP: char = '!';
/// Joins the stopwords of a pair's gap (`plan mid!for+the`).
pub const PAIR_GAP_JOIN: char = '+';

/// Words left out of word pairs (a pair joins the words on either side of them, the
/// stopwords written after `PAIR_GAP`), looked up alone only for a query of nothing else;
/// sorted. Each has its own file, `s/<place here>.json`.
pub const PAIR_STOPWORDS: &[&str] = &[
    "a", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "before", "but",
    "by", "can", "do", "does", "each", "every", "for", "from", "has", "have", "if", "in", "into",
    "is", "it", "its", "may", "must", "no", "not", "of", "on", "or", "our", "should", "so", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "will", "with", "within", "would",
    "you", "your",
];

/// How many of a pair's second word's characters pick its bucket (`pair_group`).
pub const PAIR_PREFIX: usize = 3;
/// The sub-result a word pair is said to be in when its number is this or more: "one of
/// the page's headings". Word pairs store the sub-result in 8 bits with 0 for none.
pub const ANY_SUB: u32 = 254;

/// Bits of the known-words filter (`Meta::known`) an entry takes.
pub const KNOWN_BITS: usize = 12;
/// Hashes of an entry the filter sets.
pub const KNOWN_HASHES: u32 = 8;
/// How many of a word's first letters make the filter's entry for words starting alike.
pub const KNOWN_START: usize = 4;
/// Starts such an entry (`<regi`).
pub const KNOWN_START_MARK: char = '<';
/// Between the filter's size in bits and its set bits.
pub const KNOWN_SEPARATOR: char = '.';

/// Terms longer than this (in characters) are not indexed: hashes, encoded data.
pub const MAX_TERM: usize = 40;

/// The kind of a heading's sub-result in a fragment (a record's is its data path, the
/// page's own is empty).
pub const HEADING_KIND: &str = "h";

/// Whether a term is one of `PAIR_STOPWORDS`, and which.
pub fn stopword(term: &str) -> Option<usize> {
    PAIR_STOPWORDS.binary_search(&term).ok()
}

/// FNV-1a's offset basis and prime (32 bits).
pub const FNV_OFFSET: u32 = 0x811c_9dc5;
pub const FNV_PRIME: u32 = 0x0100_0193;
/// The multipliers of murmur3's finaliser, which mixes the filter's second hash.
pub const KNOWN_MIX: [u32; 2] = [0x85eb_ca6b, 0xc2b2_ae35];

/// FNV-1a over a text's UTF-16 code units, as JavaScript sees a string.
pub fn fnv1a(text: &str) -> u32 {
    let mut h = FNV_OFFSET;
    for unit in text.encode_utf16() {
        h ^= u32::from(unit);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The pairs a lookup finds in one file: the first word, a space and the second word's
/// first `PAIR_PREFIX` characters; the whole second word when those hold a digit (numbers
/// starting alike would fill one file, and a reader typing a number is not looking for
/// the words it starts).
pub fn pair_group(first: &str, second: &str) -> String {
    let whole = second.chars().take(PAIR_PREFIX).any(|c| c.is_ascii_digit());
    let take = if whole { usize::MAX } else { PAIR_PREFIX };
    let mut key = String::with_capacity(first.len() + 1 + second.len());
    key.push_str(first);
    key.push(PAIR_JOIN);
    key.extend(second.chars().take(take));
    key
}

/// The group of a pair's key (`first second!gap`), as `pair_group`.
pub fn key_group(key: &str) -> String {
    let (first, rest) = key.split_once(PAIR_JOIN).unwrap_or((key, ""));
    let second = rest.split_once(PAIR_GAP).map_or(rest, |(w, _)| w);
    pair_group(first, second)
}

/// Sorted keys front-coded: each as one base-64 digit (`BASE64`), the number of
/// characters it shares with the key before it (up to 63), then its other characters.
/// Sorted keys share their starts: at 100,000 pages the shards' first keys gzip to 12
/// instead of 18 KB.
pub fn front_coded(keys: &[String]) -> Vec<String> {
    let digits = BASE64.as_bytes();
    let mut prev: &str = "";
    keys.iter()
        .map(|key| {
            let shared = prev
                .chars()
                .zip(key.chars())
                .take(digits.len() - 1)
                .take_while(|(a, b)| a == b)
                .count();
            prev = key;
            let mut out = String::with_capacity(key.len() + 1 - shared);
            out.push(char::from(digits[shared]));
            out.extend(key.chars().skip(shared));
            out
        })
        .collect()
}

/// The keys `front_coded` wrote (`None` for a digit that is not one, or a shared part
/// longer than the key before).
pub fn front_decoded(coded: &[String]) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(coded.len());
    for c in coded {
        let mut chars = c.chars();
        let shared = BASE64.find(chars.next()?)?;
        let prev = out.last().map_or("", String::as_str);
        if prev.chars().count() < shared {
            return None;
        }
        let mut key: String = prev.chars().take(shared).collect();
        key.extend(chars);
        out.push(key);
    }
    Some(out)
}

/// `Meta::own` of the pair groups with files of their own, sorted by `key_cmp` (so that a
/// first word's groups are together: `PAIR_JOIN` sorts before any character of a term).
pub fn own_by_first(groups: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for group in groups {
        debug_assert!(
            group.contains(PAIR_JOIN),
            "a pair group joins two words: {group}"
        );
        let (first, rest) = group.rsplit_once(PAIR_JOIN).unwrap_or((group, ""));
        match out.last_mut() {
            Some((f, rests)) if f == first => {
                rests.push(PAIR_JOIN);
                rests.push_str(rest);
            }
            _ => out.push((first.to_string(), rest.to_string())),
        }
    }
    out
}

/// The pair groups `Meta::own` lists, in its order (`key_cmp`).
pub fn own_groups(own: &[(String, String)]) -> Vec<String> {
    own.iter()
        .flat_map(|(first, rests)| {
            rests
                .split(PAIR_JOIN)
                .map(move |r| format!("{first}{PAIR_JOIN}{r}"))
        })
        .collect()
}

/// The pair file (`PAIR_FILES`) a group of pairs is in: its own, numbered after the
/// `buckets` in the order of `own` (`Meta::own`, sorted by `key_cmp`), or the bucket its
/// FNV-1a hash picks.
pub fn pair_file(group: &str, buckets: usize, own: &[String]) -> usize {
    match own.binary_search_by(|g| key_cmp(g, group)) {
        Ok(i) => buckets + i,
        Err(_) => fnv1a(group) as usize % buckets.max(1),
    }
}

/// The bits a known-words filter entry sets in a filter of `bits` bits: FNV-1a of the
/// entry, and a second hash mixed from it (murmur3's finaliser), combined
/// `(h1 + i * h2) mod bits` for each of `KNOWN_HASHES`.
pub fn known_bits(entry: &str, bits: usize) -> impl Iterator<Item = usize> {
    let h1 = fnv1a(entry);
    let mut h2 = h1;
    h2 ^= h2 >> 16;
    h2 = h2.wrapping_mul(KNOWN_MIX[0]);
    h2 ^= h2 >> 13;
    h2 = h2.wrapping_mul(KNOWN_MIX[1]);
    h2 ^= h2 >> 16;
    h2 |= 1;
    (0..KNOWN_HASHES).map(move |i| (h1.wrapping_add(i.wrapping_mul(h2)) as usize) % bits)
}

/// Key order shared with the client: UTF-16 code units, as JavaScript compares strings
/// (the same as byte order unless characters beyond U+FFFF meet ones from U+E000 up).
pub fn key_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let Some(i) = x.iter().zip(y).position(|(p, q)| p != q) else {
        return x.len().cmp(&y.len());
    };
    if x[i] < 0xee && y[i] < 0xee {
        return x[i].cmp(&y[i]);
    }
    let start = (0..=i).rev().find(|&k| a.is_char_boundary(k)).unwrap_or(0);
    a[start..].encode_utf16().cmp(b[start..].encode_utf16())
}

/// One field of a format type, for the client's generated JSDoc (`js.rs`).
#[derive(Debug)]
pub struct FieldDoc {
    pub name: &'static str,
    /// The Rust type, as written.
    pub rust: &'static str,
    pub doc: &'static str,
}

/// Declares a type of the format: the struct as written, and its doc and fields (name,
/// type, doc) for the client's generated types. `object` types are JSON objects (serde's
/// derive); `positional` ones JSON arrays in field order, serialized by hand below (the
/// client reads them by position, through the generated position names).
macro_rules! format_type {
    (@fields $name:ident, [$($doc:literal)*], [$($field:ident: $ty:ty, [$($fdoc:literal)*])*]) => {
        impl $name {
            /// The type's doc comment.
            pub const DOC: &'static str = concat!($($doc, "\n"),*);
            /// Its fields, in the order they are written.
            pub const FIELDS: &'static [FieldDoc] = &[$(FieldDoc {
                name: stringify!($field),
                rust: stringify!($ty),
                doc: concat!($($fdoc, "\n"),*),
            }),*];
        }
    };
    (object $(#[doc = $doc:literal])* pub struct $name:ident {
        $($(#[doc = $fdoc:literal])* pub $field:ident: $ty:ty,)*
    }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            $($(#[doc = $fdoc])* pub $field: $ty,)*
        }
        format_type!(@fields $name, [$($doc)*], [$($field: $ty, [$($fdoc)*])*]);
    };
    (positional $(#[doc = $doc:literal])* pub struct $name:ident {
        $($(#[doc = $fdoc:literal])* pub $field:ident: $ty:ty,)*
    }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $($(#[doc = $fdoc])* pub $field: $ty,)*
        }
        format_type!(@fields $name, [$($doc)*], [$($field: $ty, [$($fdoc)*])*]);
    };
}

format_type! { object
    /// `meta.json`: what the client reads first (when the search box gets focus), and all
    /// a query the titles settle needs.
    pub struct Meta {
        /// The build's version: a hash of every other index file. The client adds it to
        /// its other requests, so that a cached file of another build is never mixed in.
        pub v: String,
        /// How many pages there are.
        pub pages: usize,
        /// The first key of each term shard (`t/<n>.json`), front-coded (`front_coded`);
        /// the first is empty.
        pub shards: Vec<String>,
        /// How many hashed word-pair buckets there are (`p/0.json` on).
        pub pairs: usize,
        /// The first page of each fragment file (`f/<n>.json`), a page list: the first is
        /// page 0.
        pub frags: String,
        /// The pair groups (`pair_group`) with files of their own, by first word: the
        /// word, and the rest of each of its groups (after `PAIR_JOIN`) joined by
        /// `PAIR_JOIN` (a listing of the groups gzips to a fifth of this at 100,000
        /// pages). Listed out (`own_groups`) they are sorted by `key_cmp`, and the `i`th
        /// is `p/<pairs + i>.json`.
        pub own: Vec<(String, String)>,
        /// The first reversed word of each word-ending file (`e/<n>.json`); the first is
        /// empty, and there are none when no word is long enough.
        pub ends: Vec<String>,
        /// The glossary's synonym groups: the group's term (`=iacv`), then each of its
        /// names as its words joined by spaces.
        pub syn: Vec<Vec<String>>,
        /// The stopwords (`PAIR_STOPWORDS`), in the order of their files (`s/<n>.json`).
        pub stop: Vec<String>,
        /// Each page's number of title words, up to 31, a base-64 digit a page; empty when
        /// the titles' lists are in the term shards, whose title lists then carry their
        /// pages' numbers (`TITLE_LENS_MARK`), so that this grows with no page count.
        pub lens: String,
        /// The title lists (`[term, pages]`, sorted by term) of every word in a title but
        /// the stopwords, when they fit the writer's budget; otherwise empty, and the term
        /// shards hold them. A word in titles alone is then not in the term shards.
        pub titles: Vec<(String, String)>,
        /// Other words a typo is likely of: five letters or more, in two places or more,
        /// the most used first up to the writer's budget; sorted, front-coded
        /// (`front_coded`).
        pub words: Vec<String>,
        /// A Bloom filter of the index's words of letters and their first `KNOWN_START`
        /// letters (after `KNOWN_START_MARK`): the size in bits, `KNOWN_SEPARATOR`, and the
        /// set bits as a page list. Empty when the vocabulary is too large.
        pub known: String,
        /// Bytes of text indexed (titles, descriptions, headings, body text, records, code).
        pub text: usize,
    }
}

format_type! { object
    /// `filters.json`: what the results page's filters offer.
    pub struct Filters {
        /// The top-level sections holding pages, in the site's order of sections.
        pub sections: Vec<SectionFilter>,
        /// The kinds of data record, by data path.
        pub facets: Vec<FacetFilter>,
    }
}

format_type! { positional
    /// A top-level section of `filters.json`.
    pub struct SectionFilter {
        /// The section's title.
        pub title: String,
        /// Its URL below the base path.
        pub url: String,
        /// The pages in it (a page list).
        pub pages: String,
    }
}

format_type! { positional
    /// A kind of data record of `filters.json`.
    pub struct FacetFilter {
        /// The data path the records come from (`r7.requirements`).
        pub path: String,
        /// What the filter shows (`R7 requirements`).
        pub label: String,
        /// The pages showing such records (a page list).
        pub pages: String,
    }
}

format_type! { object
    /// A page's fragment (in `f/<n>.json` with its neighbours'): what a result shows, read
    /// only for the results on screen.
    pub struct Fragment {
        /// The page's URL below the base path.
        pub u: String,
        /// Its title.
        pub t: String,
        /// The titles of the sections above it, joined by ` › `.
        pub p: String,
        /// Its sub-results: the page itself first, then its headings and records in
        /// document order.
        pub r: Vec<FragmentSub>,
    }
}

format_type! { positional
    /// A place on a page a result can link to.
    pub struct FragmentSub {
        /// Empty for the page itself, `HEADING_KIND` for a heading, the data path for a
        /// data record.
        pub kind: String,
        /// The heading's or record's title (the page's title for the page).
        pub title: String,
        /// The anchor on the page (empty for the page).
        pub anchor: String,
        /// The text under it, cut short (the page's starts with its description).
        pub text: String,
        /// The start of its code, when it has some (left out otherwise).
        pub code: Option<String>,
    }
}

format_type! { positional
    /// A term's entry in a term shard (or a stopword's file): where the term is, by field.
    /// Empty lists at the end are left out.
    pub struct TermEntry {
        /// The term: a word, the joined form of a hyphenated word, a pair of CJK
        /// characters, or a glossary group (`GROUP_MARK`).
        pub term: String,
        /// The pages with it in their title (empty when `Meta::titles` holds the list);
        /// when `Meta::lens` is empty, followed by `TITLE_LENS_MARK` and each of the pages'
        /// number of title words, up to 31, a base-64 digit a page.
        pub title: String,
        /// The pages with it in their description (and not in their title).
        pub description: String,
        /// Where it is in a heading's title: (page, sub-result value) pairs; or, for a word
        /// in hundreds of headings, `LIST_PAGES` and its pages, then `LIST_ELSEWHERE` and
        /// the number of the `h/` file holding the values when the headings differ.
        pub heading: String,
        /// The same for data records' titles.
        pub record: String,
        /// The other pages with it in their text; or `LIST_ELSEWHERE` and the number of
        /// the `b/` file holding the list.
        pub body: String,
        /// The other pages with it in their code.
        pub code: String,
    }
}

format_type! { positional
    /// A word pair's entry, as the client holds it once it has read a pair file (the file
    /// writes it shorter: `PAIR_FILES`).
    pub struct PairEntry {
        /// `first second`, then `PAIR_GAP` and the stopwords between joined by
        /// `PAIR_GAP_JOIN`: `escalate partner!the`.
        pub key: String,
        /// The pages holding the pair.
        pub pages: String,
        /// Where it is in a heading's or record's title, or the page's (sub-result 0):
        /// (page, sub-result value) pairs (the sub-result `ANY_SUB` for one past the numbers
        /// a pair can name); then, for a title
        /// hundreds of pages share, `LIST_PAGES` and those pages (nothing after it when they
        /// are all of the pair's pages). Left out when empty.
        pub headed: String,
    }
}

/// A sequence of fields, the last ones left out while empty.
fn serialize_trimmed<S: serde::Serializer>(s: S, fields: &[&str]) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let used = fields
        .iter()
        .rposition(|f| !f.is_empty())
        .map_or(1, |i| i + 1);
    let mut seq = s.serialize_seq(Some(used))?;
    for f in &fields[..used] {
        seq.serialize_element(f)?;
    }
    seq.end()
}

impl Serialize for TermEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fields = [
            self.term.as_str(),
            &self.title,
            &self.description,
            &self.heading,
            &self.record,
            &self.body,
            &self.code,
        ];
        serialize_trimmed(s, &fields)
    }
}

impl Serialize for FragmentSub {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        seq.serialize_element(&self.kind)?;
        seq.serialize_element(&self.title)?;
        seq.serialize_element(&self.anchor)?;
        seq.serialize_element(&self.text)?;
        if let Some(code) = &self.code {
            seq.serialize_element(code)?;
        }
        seq.end()
    }
}

impl Serialize for SectionFilter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.title, &self.url, &self.pages).serialize(s)
    }
}

impl Serialize for FacetFilter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.path, &self.label, &self.pages).serialize(s)
    }
}

/// Reads a positional type from its JSON array (missing trailing fields empty).
macro_rules! deserialize_positional {
    ($name:ident { $($field:ident),* } $(, optional $opt:ident)?) => {
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let items: Vec<String> = Vec::deserialize(d)?;
                let mut items = items.into_iter();
                Ok($name {
                    $($field: items.next().unwrap_or_default(),)*
                    $($opt: items.next(),)?
                })
            }
        }
    };
}

deserialize_positional!(TermEntry {
    term,
    title,
    description,
    heading,
    record,
    body,
    code
});
deserialize_positional!(FragmentSub { kind, title, anchor, text }, optional code);
deserialize_positional!(SectionFilter { title, url, pages });
deserialize_positional!(FacetFilter { path, label, pages });

/// A pair file's entries (`PAIR_FILES`), as the client reads them: for tests and tools.
pub fn read_pair_file(text: &str) -> Result<Vec<PairEntry>, String> {
    let flat: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for group in flat.chunks(2) {
        let (Some(first), Some(rests)) = (group[0].as_str(), group.get(1)) else {
            return Err(format!("not a first word and its entries: {group:?}"));
        };
        let rests: Vec<String> =
            serde_json::from_value(rests.clone()).map_err(|e| e.to_string())?;
        for rest in rests {
            let mut fields = rest.split(PAIR_FIELDS);
            let second = fields.next().unwrap_or_default();
            out.push(PairEntry {
                key: format!("{first}{PAIR_JOIN}{second}"),
                pages: fields.next().unwrap_or_default().to_string(),
                headed: fields.next().unwrap_or_default().to_string(),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted() {
        let mut sorted = PAIR_STOPWORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, PAIR_STOPWORDS);
    }

    #[test]
    fn keys_sort_as_javascript_compares() {
        let mut keys = vec!["b", "a b", "a", "\u{ff21}", "\u{10400}", "ab", "a b!the"];
        keys.sort_by(|a, b| key_cmp(a, b));
        assert_eq!(
            keys,
            ["a", "a b", "a b!the", "ab", "b", "\u{10400}", "\u{ff21}"]
        );
    }

    #[test]
    fn pairs_of_a_word_and_a_prefix_share_a_file() {
        let file = |key: &str| pair_file(&key_group(key), 1000, &[]);
        assert_eq!(file("deal reg"), file("deal registration!the"));
        assert_eq!(file("a 𐐀bcd"), file("a 𐐀bc"));
        // A second word of one letter: its letter, not the gap after it.
        assert_eq!(file("a x!the"), file("a x"));
        // Numbers by the whole word.
        assert_eq!(key_group("q1 fy2019!the"), "q1 fy2019");
        assert_ne!(file("q1 fy2019"), file("q1 fy2020"));
        assert_eq!(key_group("deal registration"), "deal reg");
        // The values the client's test expects too (tests/fixtures/search-index/hashes.json).
        assert_eq!(pair_file(&key_group("deal reg"), 1_000_003, &[]), 859_101);
        assert_eq!(pair_file(&key_group("a 𐐀bc"), 1_000_003, &[]), 472_056);
        // A group of its own: numbered after the buckets, in `own`'s order.
        let own = vec!["call not".to_string(), "deal reg".to_string()];
        assert_eq!(pair_file("deal reg", 97, &own), 98);
    }

    #[test]
    fn known_words_filter_bits_are_pinned() {
        // The values the client's test expects too (tests/fixtures/search-index/hashes.json).
        let tems: Vec<usize> = known_bits("<tems", 1000).collect();
        assert_eq!(tems, [772, 83, 690, 1, 312, 623, 934, 245]);
        let accent: Vec<usize> = known_bits("é𐐀", 97).collect();
        assert_eq!(accent, [42, 24, 6, 85, 67, 84, 66, 48]);
    }

    #[test]
    fn entries_leave_out_empty_lists_at_the_end() {
        let entry = TermEntry {
            term: "plan".into(),
            description: "A".into(),
            ..TermEntry::default()
        };
        let text = serde_json::to_string(&entry).unwrap();
        assert_eq!(text, r#"["plan","","A"]"#);
        assert_eq!(serde_json::from_str::<TermEntry>(&text).unwrap(), entry);
        let only = TermEntry {
            term: "the".into(),
            ..TermEntry::default()
        };
        assert_eq!(serde_json::to_string(&only).unwrap(), r#"["the"]"#);
    }
}
