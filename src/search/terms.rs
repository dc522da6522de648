//! What a text holds for the index: its terms (words, joined forms, CJK pairs, glossary
//! groups) and its word pairs. The writer numbers them as it reads (`write/collect.rs`);
//! `text_terms` is the plain statement of the same rules, which its test holds it to.

use std::collections::HashMap;

use super::format::{self, GROUP_MARK, PAIR_GAP, PAIR_GAP_JOIN, PAIR_JOIN, PAIR_STOPWORDS};
use super::tokenize::{scan, Kind};

/// A pair joins two words with at most this many stopwords between them.
pub const MAX_GAP: usize = 3;

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

    /// A group's term from its key words: `=deal reg`.
    pub fn group_term(words: &[String]) -> String {
        format!("{GROUP_MARK}{}", words.join(" "))
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

    /// The groups as `Meta::syn` has them: the group term, then each name's words joined.
    pub fn rows(&self) -> Vec<Vec<String>> {
        self.groups
            .iter()
            .map(|(g, names)| {
                let mut row = vec![g.clone()];
                row.extend(names.iter().map(|w| w.join(" ")));
                row
            })
            .collect()
    }
}

/// What a text holds: its terms (words, joined forms, CJK pairs, glossary groups) and,
/// when asked, its word pairs: neighbouring words, with the stopwords between them after
/// a `PAIR_GAP` (`escalate partner!the`), so that a phrase's little words count too. Keys
/// of one pair of words sort together: `a b`, `a b!the`, `a b!the+of`, then `a bc`. Returns
/// the number of words.
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
        if let Some(i) = format::stopword(t) {
            gap.push(PAIR_STOPWORDS[i]);
            return;
        }
        if !prev.is_empty() && gap.len() <= MAX_GAP {
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
    out.push(PAIR_JOIN);
    push_pair_rest(out, second, gap);
}

/// Appends the rest of a word pair's key after its first word and `PAIR_JOIN` (the part a
/// pair file writes for it): `second`, or `second!the+of`.
pub fn push_pair_rest<'a>(out: &mut String, second: &str, gap: impl Iterator<Item = &'a str>) {
    out.push_str(second);
    for (k, g) in gap.enumerate() {
        out.push(if k == 0 { PAIR_GAP } else { PAIR_GAP_JOIN });
        out.push_str(g);
    }
}

/// A word pair's key: `first second`, and `PAIR_GAP` and the stopwords between (by their
/// number in `PAIR_STOPWORDS`) joined by `PAIR_GAP_JOIN`.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_skip_stopwords() {
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
}
