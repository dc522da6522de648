//! Lists of numbers as the index writes them: each number in base-64 digits of
//! `DIGIT_BITS` bits, low first, the next bit saying another digit follows; a sorted page
//! list as the gaps between its pages, or as a bitmap when that is shorter; (page, value)
//! pairs with the values of a page's second and later pairs as steps. The decoders are the
//! reading side, for tests and tools (the client has its own, in `decode.js`).

use std::fmt::Write as _;

use super::format::{BASE64, DIGIT_BITS, LIST_BITMAP, LIST_ELSEWHERE, LIST_PAGES, TITLE_LEN_BITS};

const DIGITS: &[u8] = BASE64.as_bytes();
const LOW: u64 = (1 << DIGIT_BITS) - 1;
const MORE: usize = 1 << DIGIT_BITS;

/// Appends `v` in base-64 digits.
pub fn push_number(out: &mut String, mut v: u64) {
    loop {
        let d = (v & LOW) as usize;
        v >>= DIGIT_BITS;
        if v == 0 {
            out.push(DIGITS[d] as char);
            return;
        }
        out.push(DIGITS[d | MORE] as char);
    }
}

/// A sorted page list: gaps, or `LIST_BITMAP` and a bitmap (6 pages a digit) when that is
/// shorter.
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
        out.push(LIST_BITMAP);
        out.extend(bits.iter().map(|&b| DIGITS[b as usize] as char));
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

/// The values of a sub-result list, for `h/<n>.json` (the pages are in the term shard):
/// each value as `encode_pairs` writes it (the sub-result stepping from the one before on
/// the same page), doubled, plus one when the next value is on the same page.
pub fn encode_sub_values(pairs: &[(u32, u32)]) -> String {
    let mut out = String::new();
    let mut prev_sub = 0u32;
    for (i, &(p, v)) in pairs.iter().enumerate() {
        let (sub, low) = (v >> TITLE_LEN_BITS, v & ((1 << TITLE_LEN_BITS) - 1));
        let step = if i > 0 && pairs[i - 1].0 == p {
            sub - prev_sub
        } else {
            sub
        };
        let more = pairs.get(i + 1).is_some_and(|n| n.0 == p);
        push_number(
            &mut out,
            u64::from((step << TITLE_LEN_BITS | low) << 1 | u32::from(more)),
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
    /// `LIST_PAGES` and the pages.
    Pages,
    /// `LIST_PAGES`, the pages, `LIST_ELSEWHERE` and `n`: the values are in `h/<n>.json`
    /// (`encode_sub_values`).
    Split(usize),
}

/// A sub-result list in the given form.
pub fn encode_subs(pairs: &[(u32, u32)], form: SubsForm) -> String {
    if form == SubsForm::Pairs {
        return encode_pairs(pairs, TITLE_LEN_BITS);
    }
    let mut pages: Vec<u32> = pairs.iter().map(|&(p, _)| p).collect();
    pages.dedup();
    let mut out = String::from(LIST_PAGES);
    push_pages(&mut out, &pages);
    if let SubsForm::Split(n) = form {
        let _ = write!(out, "{LIST_ELSEWHERE}{n}");
    }
    out
}

fn digit(c: u8) -> Option<u64> {
    DIGITS.iter().position(|&d| d == c).map(|d| d as u64)
}

/// The numbers of a list `push_number` wrote (`None` for a character that is no digit).
pub fn decode_numbers(s: &str) -> Option<Vec<u64>> {
    let (mut out, mut v, mut shift) = (Vec::new(), 0u64, 0u32);
    for c in s.bytes() {
        let x = digit(c)?;
        v |= (x & LOW) << shift;
        if x as usize & MORE != 0 {
            shift += DIGIT_BITS;
        } else {
            out.push(v);
            (v, shift) = (0, 0);
        }
    }
    Some(out)
}

/// The pages of a list `encode_pages` wrote.
pub fn decode_pages(s: &str) -> Option<Vec<u32>> {
    if let Some(map) = s.strip_prefix(LIST_BITMAP) {
        let mut out = Vec::new();
        for (i, c) in map.bytes().enumerate() {
            let x = digit(c)?;
            out.extend(
                (0..6)
                    .filter(|b| x >> b & 1 == 1)
                    .map(|b| (i * 6 + b) as u32),
            );
        }
        return Some(out);
    }
    let mut page = -1i64;
    let nums = decode_numbers(s)?;
    Some(
        nums.into_iter()
            .map(|gap| {
                page += gap as i64 + 1;
                page as u32
            })
            .collect(),
    )
}

/// The (page, value) pairs of a list `encode_pairs` wrote with `low_bits`.
pub fn decode_pairs(s: &str, low_bits: u32) -> Option<Vec<(u32, u32)>> {
    let nums = decode_numbers(s)?;
    let (mut out, mut page, mut sub) = (Vec::new(), 0u32, 0u32);
    for (i, pair) in nums.chunks_exact(2).enumerate() {
        let (gap, v) = (pair[0] as u32, pair[1] as u32);
        let (step, low) = (v >> low_bits, v & ((1 << low_bits) - 1));
        sub = if gap != 0 || i == 0 { step } else { sub + step };
        page += gap;
        out.push((page, sub << low_bits | low));
    }
    Some(out)
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
        assert_eq!(decode_numbers(&s), Some(vec![0, 31, 32]));
        assert_eq!(encode_pages(&[0, 1, 2, 40]), "AAAlB");
        assert_eq!(encode_pages(&[0, 1, 2, 10]), "~HQ");
        assert_eq!(decode_pages("~HQ"), Some(vec![0, 1, 2, 10]));
        let dense: Vec<u32> = (0..60).collect();
        assert!(encode_pages(&dense).starts_with('~'));
        assert_eq!(decode_pages(&encode_pages(&dense)), Some(dense));
        assert_eq!(encode_pairs(&[(3, 1), (3, 2), (40, 1)], 0), "DBABlBB");
        assert_eq!(encode_pairs(&[(3, 9), (3, 17), (4, 9)], 3), "DJAJBJ");
        assert_eq!(
            decode_pairs("DJAJBJ", 3),
            Some(vec![(3, 9), (3, 17), (4, 9)])
        );
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
}
