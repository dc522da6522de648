//! The pair files' tests: each pair in the file the client looks in, entries in key
//! order, large groups in files of their own, titles many pages share written by page.

use super::*;
use crate::search::format::{read_pair_file, PairEntry};
use crate::search::lists::{encode_pages, encode_pairs};
use crate::search::terms::pair_key;
use crate::search::write::FileList;

/// The file a pair is in, as the client finds it: its group's own, or its bucket.
fn pair_path(key: &str, buckets: usize, own: &[String]) -> String {
    let file = format::pair_file(&format::key_group(key), buckets, own);
    format!("search/p/{file}.json")
}

/// Pair files: (path, entries) sorted by path, the number of hashed buckets, and the
/// groups with files of their own.
type PairFiles = (Vec<(String, Vec<PairEntry>)>, usize, Vec<String>);

/// The pair files of `page_pairs` with the production thresholds: (path, entries),
/// sorted by path.
fn pair_files(
    page_pairs: Vec<Vec<PairCode>>,
    rank: &[u32],
    terms: &[String],
    page_texts: &[Vec<u64>],
    page_lens: &[Vec<u8>],
) -> PairFiles {
    let src = PairSource {
        rank,
        terms,
        page_texts,
        page_lens,
    };
    let list = FileList::default();
    let lists = PairLists::of_pages(&page_pairs);
    let made = write(lists, &src, &IndexParams::default(), &Noted::new(&list));
    let files = list
        .into_sorted()
        .into_iter()
        .map(|(path, text)| (path, read_pair_file(&text).unwrap()))
        .collect();
    (files, made.buckets, made.own)
}

/// The words as terms.
fn terms(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// A group of pairs one lookup reads that costs `own_pair_gzipped` or more has a file of
/// its own, named in meta.json's `own` (sorted, numbered after the buckets); numbers
/// are grouped by the whole word, the others by the second word's first letters.
#[test]
fn large_pair_groups_have_files_of_their_own() {
    // q1 fy2019 (on one page in 40 of 160,000: a large group), q1 fy2020, q1 fyi and
    // q1 fya (one page each), deal reg and deal regions (another one in 40).
    let words = [
        "deal", "fy2019", "fy2020", "fya", "fyi", "q1", "reg", "regions",
    ];
    let rank: Vec<u32> = (0..words.len() as u32).collect();
    let mut page_pairs: Vec<Vec<PairCode>> = vec![Vec::new(); 160_000];
    for (p, pairs) in page_pairs.iter_mut().enumerate() {
        if p % 40 == 1 {
            pairs.push(pair_code(5, 1, &[]));
        } else if p % 40 == 0 {
            pairs.push(pair_code(0, 6, &[]));
            pairs.push(pair_code(0, 7, &[]));
        }
    }
    page_pairs[2].push(pair_code(5, 2, &[]));
    page_pairs[2].push(pair_code(5, 3, &[]));
    page_pairs[2].push(pair_code(5, 4, &[]));
    let (files, buckets, own) = pair_files(page_pairs, &rank, &terms(&words), &[], &[]);
    assert_eq!(own, ["deal reg", "q1 fy2019"]);
    assert_eq!(files.len(), buckets + 2);
    let mut seen = 0;
    for (path, entries) in &files {
        for entry in entries {
            assert_eq!(path, &pair_path(&entry.key, buckets, &own), "{}", entry.key);
            seen += 1;
        }
        if path == &format!("search/p/{buckets}.json") {
            let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
            assert_eq!(keys, ["deal reg", "deal regions"]);
        }
        if path == &format!("search/p/{}.json", buckets + 1) {
            assert_eq!(entries.len(), 1);
            let cost = gzipped(0, entries[0].pages.len());
            assert!(cost >= IndexParams::default().own_pair_gzipped, "{cost}");
        }
    }
    assert_eq!(seen, 6);
    // Numbers by the whole word, as the client's pairGroup has it.
    assert_eq!(format::pair_group("q1", "fy2019"), "q1 fy2019");
    assert_eq!(format::pair_group("q1", "fyi"), "q1 fyi");
    assert_eq!(format::pair_group("deal", "registration"), "deal reg");
}

/// Pair files come out as if each bucket's keys were sorted as text (as the client
/// looks them up), though they are sorted as numbers: words a prefix of others,
/// hyphens, `$`, accents, Japanese, and stopword gaps of each length.
#[test]
fn pair_files_are_in_key_order() {
    let words = [
        "a", "ab", "a-b", "abc", "$10k", "10k", "é", "e", "ez", "日本", "本", "plan", "plan_0",
        "zz",
    ];
    let stop = |w: &str| format::stopword(w).unwrap();
    let gaps: Vec<Vec<usize>> = vec![
        vec![],
        vec![stop("the")],
        vec![stop("the"), stop("of")],
        vec![stop("them")],
        vec![stop("to")],
        vec![stop("a"), stop("an"), stop("the")],
    ];
    let mut page_pairs: Vec<Vec<PairCode>> = vec![Vec::new(); 3];
    // (key, pages, (page, sub-result) in headings)
    type Want = (String, Vec<u32>, Vec<(u32, u32)>);
    let mut want: Vec<Want> = Vec::new();
    let mut n = 0;
    for (i, _) in words.iter().enumerate() {
        for (j, _) in words.iter().enumerate() {
            for gap in &gaps {
                n += 1;
                let pages: Vec<u32> = (0..3).filter(|p| (n + p) % 2 == 0 || *p == 0).collect();
                let code = pair_code(i as u32, j as u32, gap);
                for &p in &pages {
                    page_pairs[p as usize].push(code);
                }
                // Some in headings too (on page 0, in one or two of them, or there
                // alone on the last page, in one past the tags' numbers).
                let mut headed = Vec::new();
                if n % 5 == 0 {
                    let sub = n % 3;
                    page_pairs[0].push((code.0, code.1, code.2 | heading_tag(sub + 4)));
                    if sub == 1 {
                        page_pairs[0].push((code.0, code.1, code.2 | heading_tag(2)));
                        headed.push((0, 2));
                    }
                    headed.push((0, sub + 4));
                }
                let mut pages = pages;
                if n % 7 == 0 && !pages.contains(&2) {
                    page_pairs[2].push((code.0, code.1, code.2 | heading_tag(900)));
                    pages.push(2);
                    headed.push((2, ANY_SUB));
                }
                want.push((pair_key(words[i], words[j], gap), pages, headed));
            }
        }
    }
    let mut order: Vec<usize> = (0..words.len()).collect();
    order.sort_by(|&a, &b| key_cmp(words[a], words[b]));
    let mut rank = vec![0u32; words.len()];
    for (r, &w) in order.iter().enumerate() {
        rank[w] = r as u32;
    }
    let sorted: Vec<String> = order.iter().map(|&w| words[w].to_string()).collect();
    let (files, buckets, own) = pair_files(page_pairs, &rank, &sorted, &[], &[]);
    assert_eq!(files.len(), buckets + own.len());
    let mut got = Vec::new();
    for (path, entries) in files {
        let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        let mut by_text = keys.clone();
        by_text.sort_by(|a, b| key_cmp(a, b));
        assert_eq!(keys, by_text, "{path}");
        for entry in entries {
            assert_eq!(path, pair_path(&entry.key, buckets, &own));
            got.push((entry.key, entry.pages, entry.headed));
        }
    }
    got.sort();
    let mut want: Vec<(String, String, String)> = want
        .into_iter()
        .map(|(k, p, h)| {
            let h: Vec<(u32, u32)> = h.iter().map(|&(p, sub)| (p, sub << 3 | 7)).collect();
            (k, encode_pages(&p), encode_pairs(&h, 3))
        })
        .collect();
    want.sort();
    assert_eq!(got, want);
}

/// A pair in a title hundreds of pages share is written with those pages after a `*`,
/// its other headings with their sub-results.
#[test]
fn pairs_in_a_title_many_pages_share_are_written_by_page() {
    let pages = IndexParams::default().wide_subs as u32 + 100;
    let code = pair_code(0, 1, &[]);
    let mut page_pairs: Vec<Vec<PairCode>> = vec![Vec::new(); pages as usize];
    // Every page: the shared title is sub-result 2; page 5 has the pair in sub-result 4
    // too, and page 7 in its text alone.
    let mut page_texts = vec![vec![10, 11, 12, 13, 14]; pages as usize];
    for (p, pairs) in page_pairs.iter_mut().enumerate() {
        page_texts[p][4] = 100 + p as u64;
        if p == 7 {
            pairs.push(code);
            continue;
        }
        pairs.push((code.0, code.1, code.2 | heading_tag(2)));
        if p == 5 {
            pairs.push((code.0, code.1, code.2 | heading_tag(4)));
        }
    }
    let page_lens = vec![vec![0, 1, 2, 3, 4]; pages as usize];
    let words = terms(&["a", "b"]);
    let (files, _, _) = pair_files(page_pairs, &[0, 1], &words, &page_texts, &page_lens);
    let entries: Vec<PairEntry> = files.into_iter().flat_map(|(_, e)| e).collect();
    assert_eq!(entries.len(), 1);
    let all: Vec<u32> = (0..pages).collect();
    let common: Vec<u32> = all.iter().copied().filter(|&p| p != 7).collect();
    assert_eq!(entries[0].pages, encode_pages(&all));
    assert_eq!(
        entries[0].headed,
        format!(
            "{}*{}",
            encode_pairs(&[(5, 4 << 3 | 4)], 3),
            encode_pages(&common)
        )
    );
}

/// A pair's entry as `EntryScratch` writes it: the rest of its key, its pages and its
/// headed list, as a JSON string.
fn entry(rest: &str, pages: &[u32], headed: &[(u32, u32)], common: &[u32]) -> String {
    let mut e = EntryScratch {
        rest: rest.into(),
        pages: pages.to_vec(),
        headed: headed.to_vec(),
        common: common.to_vec(),
        ..EntryScratch::default()
    };
    let mut out = Vec::new();
    e.push(&mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn pair_entries_name_the_headings_holding_them() {
    // The same strings the client's test decodes (tests/js/rank.test.mjs).
    // Page 1: sub-results 0 (3 words) and 3 (2 words); page 2: sub-result 1 (1 word).
    let headed = [(1, 2), (1, 3 << 3 | 1), (2, 1 << 3)];
    assert_eq!(entry("b", &[1, 2], &headed, &[]), r#""b BA BCAZBI""#);
    // A title hundreds of pages share: its pages, none when they are the pair's.
    assert_eq!(entry("b", &[0, 1], &[], &[0, 1]), r#""b AA *""#);
    let headed = [(0, 4 << 3 | 1)];
    assert_eq!(
        entry("b!the", &[0, 1, 2], &headed, &[1, 2]),
        r#""b!the ~H AhB*BA""#
    );
    assert_eq!(entry("b", &[0, 1, 2], &[], &[]), r#""b ~H""#);
}

/// A file groups its entries by first word, each first word written once.
#[test]
fn pair_files_write_each_first_word_once() {
    let words = terms(&["deal", "plan", "reg", "zone"]);
    let mut body = PairBody::default();
    body.push(0, br#""reg A""#, &words);
    body.push(0, br#""zone B""#, &words);
    body.push(1, br#""zone!the C""#, &words);
    let text = body.finish();
    assert_eq!(
        text,
        "[\"deal\",[\"reg A\",\"zone B\"],\n\"plan\",[\"zone!the C\"]]"
    );
    let keys: Vec<String> = read_pair_file(&text)
        .unwrap()
        .into_iter()
        .map(|e| e.key)
        .collect();
    assert_eq!(keys, ["deal reg", "deal zone", "plan zone!the"]);
    assert_eq!(PairBody::default().finish(), "[]");
}
