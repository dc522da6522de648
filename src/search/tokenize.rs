//! Text to search terms, exactly as the client's `scan` in `themes/default/js/search/tokenize.js`
//! does it (both are tested against `tests/js/tokenize-cases.json`).
//!
//! Each character is folded on its own (compatibility forms, accents removed, lower case,
//! final sigma), kana voicing marks are composed, then words are cut: hyphenated and
//! underscored words give their parts and the joined form, `1,000` is `1000`, `2.5` stays,
//! a possessive `'s` is dropped, `$10k` is `10k`, and runs of Japanese or Chinese
//! characters give overlapping pairs.

use super::fold_table::{FOLD, KANA_COMPOSE};
use super::format::MAX_TERM;

/// What a term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// The joined form of a hyphenated compound (`midmarket`).
    Joined,
    /// A pair of CJK characters (or a lone one).
    Cjk,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    pub kind: Kind,
}

fn push_folded(c: char, out: &mut Vec<char>) {
    let cp = c as u32;
    if cp < 0x80 {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let folded = if cp >= 0xa0 {
        FOLD.binary_search_by_key(&cp, |&(k, _)| k)
            .ok()
            .map(|i| FOLD[i].1)
    } else {
        None
    };
    let mut one = |x: char| {
        for l in x.to_lowercase() {
            out.push(if l == '\u{3c2}' { '\u{3c3}' } else { l });
        }
    };
    match folded {
        Some(s) => s.chars().for_each(&mut one),
        None => one(c),
    }
}

/// The text's characters, normalized.
pub fn normalize(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        let start = out.len();
        push_folded(c, &mut out);
        // A voicing mark (also a half-width one) joins the kana before it.
        if out.len() == start + 1 && start > 0 {
            let mark = out[start] as u32;
            if mark == 0x3099 || mark == 0x309a {
                let prev = out[start - 1] as u32;
                if let Some(&(_, _, composed)) = KANA_COMPOSE
                    .iter()
                    .find(|&&(base, m, _)| base == prev && m == mark)
                {
                    if let Some(ch) = char::from_u32(composed) {
                        out.truncate(start);
                        out[start - 1] = ch;
                    }
                }
            }
        }
    }
    out
}

pub fn is_cjk(c: char) -> bool {
    let cp = c as u32;
    cp == 0x3005
        || (0x3040..=0x30ff).contains(&cp)
        || (0x31f0..=0x31ff).contains(&cp)
        || (0x3400..=0x4dbf).contains(&cp)
        || (0x4e00..=0x9fff).contains(&cp)
        || (0xf900..=0xfaff).contains(&cp)
        || (0x20000..=0x2fa1f).contains(&cp)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Cjk,
    Apostrophe,
    Hyphen,
    Dot,
    Comma,
    Other,
}

fn class(c: char) -> Class {
    if c.is_ascii_alphanumeric() {
        Class::Word
    } else if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        match c {
            '\'' | '\u{2019}' => Class::Apostrophe,
            '-' | '\u{2010}' | '_' => Class::Hyphen,
            '.' => Class::Dot,
            ',' => Class::Comma,
            _ => Class::Other,
        }
    }
}

/// `class` of each ASCII character.
const ASCII_CLASS: [Class; 128] = {
    let mut t = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            match c {
                b'\'' => Class::Apostrophe,
                b'-' | b'_' => Class::Hyphen,
                b'.' => Class::Dot,
                b',' => Class::Comma,
                _ => Class::Other,
            }
        };
        b += 1;
    }
    t
};

/// A text's normalized characters and their classes.
trait Chars {
    fn len(&self) -> usize;
    fn class(&self, i: usize) -> Class;
    fn ch(&self, i: usize) -> char;
    /// Characters `i..j` as one string, when they are stored as one.
    fn slice(&self, i: usize, j: usize) -> Option<&str>;
}

/// Plain ASCII text (most text), in lower case, classed by table.
struct Ascii(String);

impl Chars for Ascii {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn class(&self, i: usize) -> Class {
        ASCII_CLASS[usize::from(self.0.as_bytes()[i])]
    }
    fn ch(&self, i: usize) -> char {
        char::from(self.0.as_bytes()[i])
    }
    fn slice(&self, i: usize, j: usize) -> Option<&str> {
        self.0.get(i..j)
    }
}

/// Any other text, folded a character at a time.
struct Folded(Vec<char>, Vec<Class>);

impl Chars for Folded {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn class(&self, i: usize) -> Class {
        self.1[i]
    }
    fn ch(&self, i: usize) -> char {
        self.0[i]
    }
    fn slice(&self, _: usize, _: usize) -> Option<&str> {
        None
    }
}

/// Calls `emit` with each term of `text`, in order.
pub fn scan(text: &str, emit: impl FnMut(&str, Kind)) {
    if text.is_ascii() {
        scan_chars(&Ascii(text.to_ascii_lowercase()), emit);
    } else {
        let ch = normalize(text);
        let cls = ch.iter().map(|&c| class(c)).collect();
        scan_chars(&Folded(ch, cls), emit);
    }
}

fn scan_chars(t: &impl Chars, mut emit: impl FnMut(&str, Kind)) {
    let n = t.len();
    let mut buf = String::new();
    let mut wbuf = String::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut put = |s: &str, kind: Kind| {
        // Bytes are at least characters: counting is needed only for long ones.
        if s.len() <= MAX_TERM || s.chars().count() <= MAX_TERM {
            emit(s, kind);
        }
    };
    let mut i = 0;
    while i < n {
        match t.class(i) {
            Class::Cjk => i = cjk_run(t, i, &mut buf, &mut put),
            Class::Word => {
                // A plain word (not joined to the next by an apostrophe, hyphen, dot or
                // comma) is its own term, as stored.
                let mut p = i;
                while p < n && t.class(p) == Class::Word {
                    p += 1;
                }
                let joined = p + 1 < n
                    && t.class(p + 1) == Class::Word
                    && matches!(
                        t.class(p),
                        Class::Apostrophe | Class::Hyphen | Class::Dot | Class::Comma
                    );
                if let (false, Some(word)) = (joined, t.slice(i, p)) {
                    put(word, Kind::Word);
                    i = p;
                    continue;
                }
                let (end, hyphen) = compound(t, i, &mut wbuf, &mut spans);
                for &(a, b) in &spans {
                    put(&wbuf[a..b], Kind::Word);
                }
                if spans.len() > 1 {
                    let acronym = spans.iter().all(|&(a, b)| wbuf[a..b].chars().count() == 1);
                    if hyphen || acronym {
                        put(&wbuf, Kind::Joined);
                    }
                }
                i = end;
            }
            _ => i += 1,
        }
    }
}

/// The pairs of a run of CJK characters starting at `i` (the character alone when the run
/// is one long); returns where the run ends.
fn cjk_run(t: &impl Chars, i: usize, buf: &mut String, put: &mut impl FnMut(&str, Kind)) -> usize {
    let n = t.len();
    let mut j = i;
    while j < n && t.class(j) == Class::Cjk {
        j += 1;
    }
    if j - i == 1 {
        buf.clear();
        buf.push(t.ch(i));
        put(buf, Kind::Cjk);
    }
    for m in i..j.saturating_sub(1) {
        buf.clear();
        buf.push(t.ch(m));
        buf.push(t.ch(m + 1));
        put(buf, Kind::Cjk);
    }
    j
}

/// The words of a compound starting at `i` (words joined by hyphens, dots, apostrophes,
/// and commas or dots between digits), one after another in `wbuf`, `spans` marking them
/// (no allocation per word). Returns where the compound ends, and whether a hyphen joined
/// two of its words.
fn compound(
    t: &impl Chars,
    i: usize,
    wbuf: &mut String,
    spans: &mut Vec<(usize, usize)>,
) -> (usize, bool) {
    let n = t.len();
    wbuf.clear();
    spans.clear();
    let mut hyphen = false;
    let mut cur = 0;
    let mut p = i;
    'outer: loop {
        while p < n && t.class(p) == Class::Word {
            wbuf.push(t.ch(p));
            p += 1;
        }
        loop {
            if !(p + 1 < n && t.class(p + 1) == Class::Word) {
                break 'outer;
            }
            match t.class(p) {
                Class::Apostrophe => {
                    let mut b = p + 1;
                    while b < n && t.class(b) == Class::Word {
                        b += 1;
                    }
                    let another = b + 1 < n
                        && t.class(b) == Class::Apostrophe
                        && t.class(b + 1) == Class::Word;
                    // A possessive 's is dropped.
                    if b == p + 2 && t.ch(p + 1) == 's' && !another {
                        p = b;
                        continue;
                    }
                    // Elision (l'équipe): a lone letter before it is dropped.
                    if b > p + 2 && wbuf[cur..].chars().count() == 1 {
                        wbuf.truncate(cur);
                    }
                    p += 1;
                    continue 'outer;
                }
                Class::Dot | Class::Comma
                    if t.ch(p - 1).is_ascii_digit() && t.ch(p + 1).is_ascii_digit() =>
                {
                    if t.class(p) == Class::Dot {
                        wbuf.push('.');
                    }
                    p += 1;
                    continue 'outer;
                }
                Class::Hyphen | Class::Dot => {
                    hyphen |= t.class(p) == Class::Hyphen;
                    spans.push((cur, wbuf.len()));
                    cur = wbuf.len();
                    p += 1;
                    continue 'outer;
                }
                _ => break 'outer,
            }
        }
    }
    spans.push((cur, wbuf.len()));
    (p, hyphen)
}

/// The terms of `text` as tokens.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    scan(text, |t, kind| {
        out.push(Token {
            term: t.to_string(),
            kind,
        })
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table gives every ASCII character the class `class` gives it.
    #[test]
    fn ascii_classes_are_the_classes() {
        for b in 0u8..128 {
            assert!(ASCII_CLASS[usize::from(b)] == class(char::from(b)), "{b}");
        }
    }

    /// The cases the client is tested against too.
    #[test]
    fn shared_cases() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/js/tokenize-cases.json")).unwrap();
        let mut failures = Vec::new();
        for case in cases.as_array().unwrap() {
            let text = case["text"].as_str().unwrap();
            let want: Vec<&str> = case["terms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            let got: Vec<String> = tokens(text).into_iter().map(|t| t.term).collect();
            if got != want {
                failures.push(format!("{text:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// ASCII text read in place gives what folding it a character at a time gives.
    #[test]
    fn ascii_in_place_is_the_folded_reading() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/js/tokenize-cases.json")).unwrap();
        let mut texts: Vec<String> = cases
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["text"].as_str().unwrap().to_string())
            .filter(|t| t.is_ascii())
            .collect();
        texts.push("Mid-Market's $10k, 1,000.5 deal-reg l'equipe A.B.C. x".repeat(3));
        fn terms(t: &impl Chars) -> Vec<(String, Kind)> {
            let mut out = Vec::new();
            scan_chars(t, |s, k| out.push((s.to_string(), k)));
            out
        }
        for text in &texts {
            let ascii = terms(&Ascii(text.to_ascii_lowercase()));
            let ch = normalize(text);
            let cls = ch.iter().map(|&c| class(c)).collect();
            assert_eq!(ascii, terms(&Folded(ch, cls)), "{text}");
        }
        assert!(texts.len() > 5);
    }

    #[test]
    fn kinds() {
        let t = tokens("Mid-Market 営業");
        let kinds: Vec<Kind> = t.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, [Kind::Word, Kind::Word, Kind::Joined, Kind::Cjk]);
    }
}
