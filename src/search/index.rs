//! Postings: which pages (and which of their sub-results) hold each term, by field, and
//! how they are written: lists of base64 variable-length numbers, a page list as a bitmap
//! when that is shorter. Terms are split into shards by key range, near the boundaries of
//! their first two letters, so a word's typos usually sit in the shard the word is in.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use super::tokenize::{scan, Kind};

/// A fast hasher for the short strings terms are (the Fx hash rustc uses); indexing
/// hashes every word of the site a few times. Not for anything an attacker chooses keys
/// of to slow it: the input is the site's own text.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The last 1 to 7 bytes as one number (a term is mostly shorter than 8).
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u128(&mut self, n: u128) {
        self.write_u64(n as u64);
        self.write_u64((n >> 64) as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by terms.
pub type TermMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<FxHasher>>;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `v` in base64 digits of 5 bits, low first; the sixth bit says another follows.
pub fn push_number(out: &mut String, mut v: u64) {
    loop {
        let d = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(B64[d] as char);
            return;
        }
        out.push(B64[d | 32] as char);
    }
}

/// A sorted page list: gaps, or `~` and a bitmap (6 pages a digit) when that is shorter.
pub fn encode_pages(pages: &[u32]) -> String {
    let mut out = String::new();
    push_pages(&mut out, pages);
    out
}

/// Appends a sorted page list (as `encode_pages`).
pub fn push_pages(out: &mut String, pages: &[u32]) {
    let start = out.len();
    let mut prev: i64 = -1;
    for &p in pages {
        push_number(out, (i64::from(p) - prev - 1) as u64);
        prev = i64::from(p);
    }
    let last = pages.last().copied().unwrap_or(0) as usize;
    let bitmap_len = 1 + last / 6 + 1;
    if bitmap_len < out.len() - start {
        out.truncate(start);
        let mut bits = vec![0u8; last / 6 + 1];
        for &p in pages {
            bits[p as usize / 6] |= 1 << (p % 6);
        }
        out.reserve(bits.len() + 1);
        out.push('~');
        out.extend(bits.iter().map(|&b| B64[b as usize] as char));
    }
}

/// Pairs of (page, value) sorted, pages as gaps. With `low_bits`, the value is a sub-result
/// shifted left by that many bits plus a small number; the sub-result of a page's second
/// and later pairs is written as the step from the one before, so a table of records shown
/// on many pages is the same run of digits on each (which compression finds).
pub fn encode_pairs(pairs: &[(u32, u32)], low_bits: u32) -> String {
    let mut out = String::new();
    let mut prev = 0u32;
    let mut prev_sub = 0u32;
    for (i, &(p, v)) in pairs.iter().enumerate() {
        let sub = v >> low_bits;
        let low = v & ((1 << low_bits) - 1);
        let step = if i > 0 && p == prev {
            sub - prev_sub
        } else {
            sub
        };
        push_number(&mut out, u64::from(p - prev));
        push_number(&mut out, u64::from(step << low_bits | low));
        prev = p;
        prev_sub = sub;
    }
    out
}

/// A list of sub-results this long or longer is written as its pages (`*` and a page
/// list), so that a query whose titles settle it does not read the sub-results, which cost
/// three times the bytes. When three in four of its entries are one heading (or record)
/// text ("Approval criteria" on every page of a kind), that is all: which sub-result it is
/// says little, and the client takes it from the fragments it shows. Otherwise the
/// sub-results are in a file of their own (`SubsForm::Split`), read when titles and
/// headings do not settle a query.
pub const WIDE_SUBS: usize = 800;

/// The values of a sub-result list, for `h/<n>.json` (the pages are in the term shard):
/// each value as `encode_pairs` writes it (the sub-result stepping from the one before on
/// the same page), doubled, plus one when the next value is on the same page.
pub fn encode_sub_values(pairs: &[(u32, u32)]) -> String {
    let mut out = String::new();
    let mut prev_sub = 0u32;
    for (i, &(p, v)) in pairs.iter().enumerate() {
        let (sub, low) = (v >> 3, v & 7);
        let step = if i > 0 && pairs[i - 1].0 == p {
            sub - prev_sub
        } else {
            sub
        };
        let more = pairs.get(i + 1).is_some_and(|n| n.0 == p);
        push_number(
            &mut out,
            u64::from((step << 3 | low) << 1 | u32::from(more)),
        );
        prev_sub = sub;
    }
    out
}

/// How a sub-result list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubsForm {
    /// (page, sub-result and title length) pairs.
    Pairs,
    /// `*` and the pages.
    Pages,
    /// `*`, the pages, `+n`: the values are in `h/<n>.json` (`encode_sub_values`).
    Split(usize),
}

/// A sub-result list in the given form.
pub fn encode_subs(pairs: &[(u32, u32)], form: SubsForm) -> String {
    if form == SubsForm::Pairs {
        return encode_pairs(pairs, 3);
    }
    let mut pages: Vec<u32> = pairs.iter().map(|&(p, _)| p).collect();
    pages.dedup();
    let mut out = String::from("*");
    push_pages(&mut out, &pages);
    if let SubsForm::Split(n) = form {
        let _ = write!(out, "+{n}");
    }
    out
}

/// Where a term was found on a page.
#[derive(Debug, Default, Clone)]
pub struct Postings {
    /// Pages (the number of words in each page's title is in meta.json, once per page).
    pub title: Vec<u32>,
    pub description: Vec<u32>,
    /// (page, sub-result)
    pub heading: Vec<(u32, u32)>,
    pub record: Vec<(u32, u32)>,
    pub body: Vec<u32>,
    pub code: Vec<u32>,
}

impl Postings {
    /// Whether the term is in nothing but titles.
    pub fn only_title(&self) -> bool {
        self.description.is_empty()
            && self.heading.is_empty()
            && self.record.is_empty()
            && self.body.is_empty()
            && self.code.is_empty()
    }

    /// The shard entry: `[term, title, description, heading, record, body, code]`, empty
    /// lists at the end left out.
    ///
    /// `titled`: whether the title list is written here (not when meta.json holds the
    /// titles' lists); `subs`: how the heading and the record lists are written; `defer`:
    /// the file the body list is in instead (`+n`: `b/<n>.json`).
    pub fn entry_json(
        &self,
        term: &str,
        titled: bool,
        subs: [SubsForm; 2],
        defer: Option<usize>,
    ) -> String {
        let fields = [
            if titled {
                encode_pages(&self.title)
            } else {
                String::new()
            },
            encode_pages(&self.description),
            encode_subs(&self.heading, subs[0]),
            encode_subs(&self.record, subs[1]),
            match defer {
                Some(n) => format!("+{n}"),
                None => encode_pages(&self.body),
            },
            encode_pages(&self.code),
        ];
        let used = fields
            .iter()
            .rposition(|f| !f.is_empty())
            .map_or(0, |i| i + 1);
        let mut out =
            String::with_capacity(term.len() + 8 + fields.iter().map(String::len).sum::<usize>());
        out.push('[');
        out.push_str(&serde_json::to_string(term).unwrap_or_default());
        for f in &fields[..used] {
            // Base64 digits and `~` need no escaping.
            let _ = write!(out, ",\"{f}\"");
        }
        out.push(']');
        out
    }
}

/// Appends a word pair's entry: `[key, pages, headed]`.
///
/// `headed`: (page, sub-result times 8 plus the title's length in words less one, up to
/// 7) where the pair is in a heading's or record's title, in order (the sub-result 254
/// when it is one past that: some heading of the page): a query
/// that is such a pair is a heading, as good as one found by words, and pairs found in one
/// sub-result's title are one heading. `common`: the pages with the pair in a title that
/// hundreds of pages share ("Frequently asked questions", a record every page of a kind
/// shows), written after a `*` (nothing after it when they are all the pair's pages)
/// rather than each with its sub-result: the client takes that from the fragments it
/// shows, as for a word's wide heading list. The field is left out when both are empty.
pub fn push_pair_json(
    out: &mut String,
    key: &str,
    pages: &[u32],
    headed: &[(u32, u32)],
    common: &[u32],
) {
    out.push('[');
    push_json_str(out, key);
    out.push_str(",\"");
    push_pages(out, pages);
    if !headed.is_empty() || !common.is_empty() {
        out.push_str("\",\"");
        out.push_str(&encode_pairs(headed, 3));
        if !common.is_empty() {
            out.push('*');
            if common != pages {
                push_pages(out, common);
            }
        }
    }
    out.push_str("\"]");
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it.
pub fn push_json_str(out: &mut String, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }
}

/// Glossary terms: each name (term, alias or expansion) as its words, and the group term
/// every name's occurrences are also indexed under (`=iacv`).
#[derive(Debug, Default)]
pub struct Synonyms {
    /// (group term, names as words)
    pub groups: Vec<(String, Vec<Vec<String>>)>,
    by_first: HashMap<String, Vec<(usize, usize)>>,
}

impl Synonyms {
    pub fn new(groups: Vec<(String, Vec<Vec<String>>)>) -> Self {
        let mut by_first: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (g, (_, names)) in groups.iter().enumerate() {
            for (n, words) in names.iter().enumerate() {
                if let Some(first) = words.first() {
                    by_first.entry(first.clone()).or_default().push((g, n));
                }
            }
        }
        Synonyms { groups, by_first }
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// Calls `emit` with the group term of every name found in `words`.
    pub fn find(&self, words: &[&str], mut emit: impl FnMut(&str)) {
        for (i, w) in words.iter().enumerate() {
            if let Some(cands) = self.by_first.get(*w) {
                for &(g, n) in cands {
                    let name = &self.groups[g].1[n];
                    if words.len() - i >= name.len()
                        && words[i..i + name.len()]
                            .iter()
                            .zip(name)
                            .all(|(a, b)| a == b)
                    {
                        emit(&self.groups[g].0);
                    }
                }
            }
        }
    }
}

/// Words left out of word pairs: a pair joins the words on either side of them.
pub const PAIR_STOPWORDS: &[&str] = &[
    "a", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "before", "but",
    "by", "can", "do", "does", "each", "every", "for", "from", "has", "have", "if", "in", "into",
    "is", "it", "its", "may", "must", "no", "not", "of", "on", "or", "our", "should", "so", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "will", "with", "within", "would",
    "you", "your",
];

/// What a text holds: its terms (words, joined forms, CJK pairs, glossary groups) and,
/// when asked, its word pairs: neighbouring words, with the stopwords between them after
/// a `!` (`escalate partner!the`), so that a phrase's little words count too. Keys of one
/// pair of words sort together: `a b`, `a b!the`, `a b!the+of`, then `a bc`. Returns the
/// number of words.
pub fn text_terms(
    text: &str,
    synonyms: &Synonyms,
    pairs: bool,
    mut emit: impl FnMut(&str, bool),
) -> usize {
    let mut words = 0;
    // The words, for glossary names of several words.
    let mut buf = String::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let keep_words = !synonyms.by_first.is_empty();
    let mut prev = String::new();
    let mut gap: Vec<&'static str> = Vec::new();
    let mut pair = String::new();
    scan(text, |t, kind| {
        emit(t, false);
        if kind == Kind::Joined {
            return;
        }
        words += 1;
        if keep_words {
            spans.push((buf.len(), buf.len() + t.len()));
            buf.push_str(t);
        }
        if !pairs {
            return;
        }
        if kind == Kind::Cjk {
            prev.clear();
            gap.clear();
            return;
        }
        if let Ok(i) = PAIR_STOPWORDS.binary_search(&t) {
            gap.push(PAIR_STOPWORDS[i]);
            return;
        }
        if !prev.is_empty() && gap.len() <= 3 {
            pair.clear();
            push_pair_key(&mut pair, &prev, t, gap.iter().copied());
            emit(&pair, true);
        }
        gap.clear();
        prev.clear();
        prev.push_str(t);
    });
    if keep_words {
        let list: Vec<&str> = spans.iter().map(|&(a, b)| &buf[a..b]).collect();
        synonyms.find(&list, |g| emit(g, false));
    }
    words
}

/// Appends a word pair's key (as `pair_key`), the stopwords between given as text.
pub fn push_pair_key<'a>(
    out: &mut String,
    first: &str,
    second: &str,
    gap: impl Iterator<Item = &'a str>,
) {
    out.push_str(first);
    out.push(' ');
    out.push_str(second);
    for (k, g) in gap.enumerate() {
        out.push(if k == 0 { '!' } else { '+' });
        out.push_str(g);
    }
}

/// A word pair's key: `first second`, and `!` and the stopwords between (by their number
/// in `PAIR_STOPWORDS`) joined by `+`.
pub fn pair_key(first: &str, second: &str, gap: &[usize]) -> String {
    let mut out = String::new();
    push_pair_key(
        &mut out,
        first,
        second,
        gap.iter().map(|&g| PAIR_STOPWORDS[g]),
    );
    out
}

/// Bits of the known-words filter (`known_filter`) a word takes, and its hashes: about
/// three unknown words in a thousand pass as known.
pub const KNOWN_BITS: usize = 12;
pub const KNOWN_HASHES: u32 = 8;
/// How many of a word's first letters make the filter's entry for words starting alike.
pub const KNOWN_START: usize = 4;

/// A Bloom filter of the words the index holds (each word of letters only, and `<` with
/// the first `KNOWN_START` letters of each such word that long), as the set bits of a
/// `KNOWN_BITS`-a-word bitmap in `encode_pages`' form; empty for more than `max` entries.
/// The client (`Index.prototype.mayKnow` in search.js) asks it before it reads a word's
/// term shard: a word it says the index lacks ("roue", "tems" being typed) costs no
/// request, and a misspelt one goes straight to the shard of the word it is a typo of.
/// A filter has no false negatives, so a word it lets through is looked up as before.
pub fn known_filter<'a>(words: impl Iterator<Item = &'a str>, max: usize) -> String {
    let mut entries: BTreeSet<String> = BTreeSet::new();
    for w in words.filter(|w| !w.is_empty() && w.chars().all(char::is_alphabetic)) {
        entries.insert(w.to_string());
        if w.chars().count() >= KNOWN_START {
            let start: String = w.chars().take(KNOWN_START).collect();
            entries.insert(format!("<{start}"));
        }
    }
    if entries.is_empty() || entries.len() > max {
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
    format!("{bits}.{}", encode_pages(&on))
}

/// The bits a filter entry sets (`known_filter`): FNV-1a over its UTF-16 code units, and
/// a second hash mixed from it (murmur3's finaliser), combined (h1 + i * h2) mod bits.
pub fn known_bits(entry: &str, bits: usize) -> impl Iterator<Item = usize> {
    let h1 = fnv1a(entry);
    let mut h2 = h1;
    h2 ^= h2 >> 16;
    h2 = h2.wrapping_mul(0x85eb_ca6b);
    h2 ^= h2 >> 13;
    h2 = h2.wrapping_mul(0xc2b2_ae35);
    h2 ^= h2 >> 16;
    h2 |= 1;
    (0..KNOWN_HASHES).map(move |i| (h1.wrapping_add(i.wrapping_mul(h2)) as usize) % bits)
}

/// The bucket a word pair's key (`first second!gap`) is written to: an FNV-1a hash of
/// its UTF-16 code units up to and including the second word's first `PAIR_PREFIX`
/// characters, so that the client finds a pair, or the pairs of a word and a prefix of
/// three letters or more, in one file. The client (`pairBucket` in search.js) computes the
/// same. (Fewer letters put all of a common word's pairs with words starting alike in one
/// large file: "strategic re..." held 735 pairs, 14 KB gzipped, on a 10,000-page corpus.)
/// A second word with a digit in those characters is hashed whole: numbers starting
/// alike ("q1 fy2019", "q1 fy2020", ...) would fill one file (7 KB gzipped), and a
/// reader typing a number is not looking for the words it starts.
pub fn pair_bucket(key: &str, buckets: usize) -> usize {
    let (first, rest) = key.split_once(' ').unwrap_or((key, ""));
    let second = rest.split_once('!').map_or(rest, |(w, _)| w);
    pair_hash(first, second) as usize % buckets.max(1)
}

/// The hash `pair_bucket` takes the remainder of, from a pair's two words: of their
/// group's key (`pair_group`).
pub fn pair_hash(first: &str, second: &str) -> u32 {
    fnv1a(&pair_group(first, second))
}

/// FNV-1a over a text's UTF-16 code units, as the client hashes (`fnv` in search.js).
pub fn fnv1a(text: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for unit in text.encode_utf16() {
        h ^= u32::from(unit);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The pairs a lookup finds in one file: the first word, a space and the second word's
/// first `PAIR_PREFIX` characters (all of them for a number, see `pair_bucket`).
pub fn pair_group(first: &str, second: &str) -> String {
    let whole = second.chars().take(PAIR_PREFIX).any(|c| c.is_ascii_digit());
    let take = if whole { usize::MAX } else { PAIR_PREFIX };
    let mut key = String::with_capacity(first.len() + 1 + second.len());
    key.push_str(first);
    key.push(' ');
    key.extend(second.chars().take(take));
    key
}

/// How many of the second word's characters pick a pair's bucket.
pub const PAIR_PREFIX: usize = 3;

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

/// The first two characters of a key (the block typos of a word are looked for in).
fn block(key: &str) -> &str {
    match key.char_indices().nth(2) {
        Some((i, _)) => &key[..i],
        None => key,
    }
}

/// A key's first word: a word and its pairs (`plan`, `plan mid`) go together.
fn first_word(key: &str) -> &str {
    match key.find(' ') {
        Some(i) if !key.starts_with('=') => &key[..i],
        _ => key,
    }
}

/// Cuts sorted (key, bytes) items into files of about `target` bytes. Cuts fall where the
/// first two characters change when they can, else between words (a word stays with its
/// pairs), else anywhere. Returns the index of each file's first item.
pub fn partition(items: &[(&str, usize)], target: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = 0;
    cut(items, 0, target, 0, &mut starts, &mut size);
    starts
}

fn cut(
    items: &[(&str, usize)],
    offset: usize,
    target: usize,
    level: u8,
    starts: &mut Vec<usize>,
    size: &mut usize,
) {
    let group = |key: &str| -> String {
        match level {
            0 => block(key).to_string(),
            1 => first_word(key).to_string(),
            _ => key.to_string(),
        }
    };
    let mut i = 0;
    while i < items.len() {
        let g = group(items[i].0);
        let mut j = i;
        let mut run = 0;
        while j < items.len() && group(items[j].0) == g {
            run += items[j].1;
            j += 1;
        }
        if run > target && level < 2 {
            cut(&items[i..j], offset + i, target, level + 1, starts, size);
        } else {
            if starts.is_empty() || (*size > 0 && *size + run > target) {
                starts.push(offset + i);
                *size = 0;
            }
            *size += run;
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_lists() {
        let mut s = String::new();
        push_number(&mut s, 0);
        push_number(&mut s, 31);
        push_number(&mut s, 32);
        assert_eq!(s, "AfgB");
        assert_eq!(encode_pages(&[0, 1, 2, 40]), "AAAlB");
        assert_eq!(encode_pages(&[0, 1, 2, 10]), "~HQ");
        let dense: Vec<u32> = (0..60).collect();
        assert!(encode_pages(&dense).starts_with('~'));
        assert_eq!(encode_pairs(&[(3, 1), (3, 2), (40, 1)], 0), "DBABlBB");
        assert_eq!(encode_pairs(&[(3, 9), (3, 17), (4, 9)], 3), "DJAJBJ");
        let subs = [(3, 9), (3, 17), (4, 9)];
        assert_eq!(encode_subs(&subs, SubsForm::Pairs), "DJAJBJ");
        let pages = encode_pages(&[3, 4]);
        assert_eq!(encode_subs(&subs, SubsForm::Pages), format!("*{pages}"));
        assert_eq!(
            encode_subs(&subs, SubsForm::Split(7)),
            format!("*{pages}+7")
        );
        // 9 = sub 1, 1: doubled plus one (page 3 again); 17 = sub 2: a step of 1; 9 again.
        let mut values = String::new();
        for v in [19, 18, 18] {
            push_number(&mut values, v);
        }
        assert_eq!(encode_sub_values(&subs), values);
    }

    #[test]
    fn partitions_prefer_block_boundaries() {
        let items = [
            ("aa", 4),
            ("aab", 4),
            ("ab", 4),
            ("ac", 4),
            ("ad", 20),
            ("b", 1),
        ];
        assert_eq!(partition(&items, 10), vec![0, 2, 4, 5]);
        // A block too big is cut between words, a word staying with its pairs.
        let items = [
            ("pa", 2),
            ("pa x", 2),
            ("pan", 3),
            ("pan a", 3),
            ("pan b", 3),
            ("par", 1),
        ];
        assert_eq!(partition(&items, 9), vec![0, 2, 5]);
    }

    #[test]
    fn pairs_skip_stopwords() {
        let mut sorted = PAIR_STOPWORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, PAIR_STOPWORDS);
        let mut pairs = Vec::new();
        let words = text_terms(
            "The Command Plan for the mid-market deal",
            &Synonyms::default(),
            true,
            |p, is_pair| {
                if is_pair {
                    pairs.push(p.to_string())
                }
            },
        );
        assert_eq!(words, 8);
        assert_eq!(
            pairs,
            [
                "command plan",
                "plan mid!for+the",
                "mid market",
                "market deal"
            ]
        );
    }

    #[test]
    fn pair_entries_name_the_headings_holding_them() {
        // The same strings the client's test decodes (tests/js/rank.test.js).
        let mut out = String::new();
        // Page 1: sub-results 0 (3 words) and 3 (2 words); page 2: sub-result 1 (1 word).
        push_pair_json(
            &mut out,
            "a b",
            &[1, 2],
            &[(1, 2), (1, 3 << 3 | 1), (2, 1 << 3)],
            &[],
        );
        assert_eq!(out, r#"["a b","BA","BCAZBI"]"#);
        // A title hundreds of pages share: its pages, none when they are the pair's.
        out.clear();
        push_pair_json(&mut out, "a b", &[0, 1], &[], &[0, 1]);
        assert_eq!(out, r#"["a b","AA","*"]"#);
        out.clear();
        push_pair_json(&mut out, "a b", &[0, 1, 2], &[(0, 4 << 3 | 1)], &[1, 2]);
        assert_eq!(out, r#"["a b","~H","AhB*BA"]"#);
        out.clear();
        push_pair_json(&mut out, "a b", &[0, 1, 2], &[], &[]);
        assert_eq!(out, r#"["a b","~H"]"#);
    }

    #[test]
    fn pairs_of_a_word_and_a_letter_share_a_bucket() {
        // The same values the client's test expects (tests/js/rank.test.js).
        assert_eq!(
            pair_bucket("deal reg", 1000),
            pair_bucket("deal registration!the", 1000)
        );
        assert_eq!(pair_bucket("deal reg", 1_000_003), 859_101);
        assert_eq!(pair_bucket("a 𐐀bc", 1_000_003), 472_056);
        assert_eq!(
            pair_bucket("営業 担当者", 97),
            pair_bucket("営業 担当者たち", 97)
        );
        assert_eq!(
            pair_bucket("a 𐐀bcd", 1_000_003),
            pair_bucket("a 𐐀bc", 1_000_003)
        );
        // A second word of one letter: its letter, not the gap after it.
        assert_eq!(
            pair_bucket("a x!the", 1_000_003),
            pair_bucket("a x", 1_000_003)
        );
    }

    /// The known-words filter holds each word of letters and its first four letters, and
    /// nothing else; its bits are the ones the client computes (tests/js/rank.test.js pins
    /// the same values).
    #[test]
    fn the_known_words_filter_holds_the_words_and_their_starts() {
        assert_eq!(known_bits("<tems", 1000).collect::<Vec<_>>(), PINNED_TEMS);
        assert_eq!(known_bits("é𐐀", 97).collect::<Vec<_>>(), PINNED_ACCENT);
        let words = ["deal", "registration", "q1", "日本", "$10k", "renewals"];
        let filter = known_filter(words.iter().copied(), 100);
        let (bits, list) = filter.split_once('.').unwrap();
        let bits: usize = bits.parse().unwrap();
        // deal, <deal, registration, <regi, 日本, renewals, <rene: seven entries.
        assert_eq!(bits, 7 * KNOWN_BITS);
        let set = decode_bitmap(list, bits);
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
        // Too many entries: no filter.
        assert_eq!(known_filter(words.iter().copied(), 6), "");
    }

    const PINNED_TEMS: [usize; 8] = [772, 83, 690, 1, 312, 623, 934, 245];
    const PINNED_ACCENT: [usize; 8] = [42, 24, 6, 85, 67, 84, 66, 48];

    /// The set bits of a list `encode_pages` wrote, as the client's pageList reads it.
    fn decode_bitmap(list: &str, bits: usize) -> Vec<bool> {
        let digit = |c: u8| B64.iter().position(|&x| x == c).unwrap();
        let mut set = vec![false; bits];
        if let Some(map) = list.strip_prefix('~') {
            for (i, c) in map.bytes().enumerate() {
                for b in 0..6 {
                    if digit(c) >> b & 1 == 1 {
                        set[i * 6 + b] = true;
                    }
                }
            }
            return set;
        }
        let (mut page, mut v, mut mul) = (-1i64, 0i64, 1i64);
        for c in list.bytes() {
            let x = digit(c) as i64;
            v += (x & 31) * mul;
            if x & 32 != 0 {
                mul *= 32;
            } else {
                page += v + 1;
                set[page as usize] = true;
                (v, mul) = (0, 1);
            }
        }
        set
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
}
