//! The golden search indexes: `tests/fixtures/search-index/<case>/index.json` is what the
//! writer makes of `spec.json` beside it (pages, glossary synonyms and the writer's
//! thresholds), every file of the index by its path under `search/`. The client's tests
//! (`tests/js/`) search these indexes; here they are read back with the format's types and
//! checked against the rules the client relies on. `hashes.json` pins the hashes both sides
//! compute (the file a word pair is in, a filter entry's bits).
//!
//! When the writer changes, `UPDATE_GENERATED=1 cargo test --test search_index` rewrites
//! the fixtures; the diff shows what changed for the client.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::index::IndexFiles;
use handbook::search::extract::{SearchRecord, SubKind, SubResult};
use handbook::search::format::{self, FacetFilter, Filters, Fragment, PairEntry, TermEntry};
use handbook::search::lists::{decode_pages, decode_pairs};
use handbook::search::terms::Synonyms;
use handbook::search::{build_index, IndexInput, IndexParams, TopSection};
use serde::Deserialize;

const COMMAND: &str = "UPDATE_GENERATED=1 cargo test --test search_index";

/// A case: the pages of a small site, as the client's tests describe them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    /// What the case is for.
    about: String,
    docs: Vec<Doc>,
    /// Glossary groups: the group term, then each name's words joined by spaces.
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
    /// Top-level sections (title, URL); a doc names its own by number.
    #[serde(default)]
    sections: Vec<(String, String)>,
    #[serde(default)]
    params: IndexParams,
}

/// A page: its title, description, text before its first heading, and its headings and
/// data records.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    code: String,
    /// Below the base path; `p<n>/` unless given.
    url: Option<String>,
    #[serde(default)]
    path: String,
    section: Option<usize>,
    #[serde(default)]
    subs: Vec<Sub>,
}

/// A heading (`kind` "h", the default) or a data record (`kind` its data path).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sub {
    #[serde(default = "heading")]
    kind: String,
    title: String,
    #[serde(default)]
    anchor: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    code: String,
}

fn heading() -> String {
    format::HEADING_KIND.to_string()
}

impl Spec {
    fn input(&self) -> IndexInput<'static> {
        let records = self
            .docs
            .iter()
            .enumerate()
            .map(|(n, d)| SearchRecord {
                url: d.url.clone().unwrap_or_else(|| format!("p{n}/")),
                title: d.title.clone(),
                description: d.description.clone(),
                path: d.path.clone(),
                subs: std::iter::once(SubResult {
                    kind: SubKind::Page,
                    title: d.title.clone(),
                    anchor: String::new(),
                    text: d.text.clone(),
                    code: d.code.clone(),
                })
                .chain(d.subs.iter().map(|s| SubResult {
                    kind: if s.kind == format::HEADING_KIND {
                        SubKind::Heading
                    } else {
                        SubKind::Record {
                            facet: s.kind.clone(),
                        }
                    },
                    title: s.title.clone(),
                    anchor: s.anchor.clone(),
                    text: s.text.clone(),
                    code: s.code.clone(),
                }))
                .collect(),
            })
            .map(std::sync::Arc::new)
            .collect();
        let groups = self
            .synonyms
            .iter()
            .map(|g| {
                let names = g[1..]
                    .iter()
                    .map(|n| n.split(' ').map(str::to_string).collect())
                    .collect();
                (g[0].clone(), names)
            })
            .collect();
        IndexInput::from_records(
            records,
            self.docs.iter().map(|d| d.section).collect(),
            self.sections
                .iter()
                .map(|(title, url)| TopSection {
                    title: title.clone(),
                    url: url.clone(),
                })
                .collect(),
            Synonyms::new(groups),
        )
    }

    /// The index the writer makes of the case, by path under `search/`.
    fn index(&self) -> IndexFiles {
        let (files, _) = build_index(self.input(), &self.params);
        let files = files
            .into_iter()
            .map(|(p, t)| (p.strip_prefix(format::INDEX_DIR).unwrap().to_string(), t))
            .collect();
        IndexFiles { files }
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-index")
}

/// Every case: (name, spec, its checked-in index).
fn cases() -> Vec<(String, Spec, IndexFiles)> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("spec.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let dir = fixtures().join(&name);
            let spec: Spec =
                serde_json::from_str(&std::fs::read_to_string(dir.join("spec.json")).unwrap())
                    .unwrap_or_else(|e| panic!("{name}/spec.json: {e}"));
            let files = std::fs::read_to_string(dir.join("index.json"))
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
            (name, spec, IndexFiles { files })
        })
        .collect()
}

/// Compares a generated file with the checked-in one, rewriting it when asked to.
fn check_current(path: &Path, want: &str, stale: &mut Vec<String>) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(want) {
        return;
    }
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(path, want).unwrap();
    } else {
        stale.push(path.display().to_string());
    }
}

#[test]
fn the_fixtures_are_what_the_writer_writes() {
    let mut stale = Vec::new();
    let cases = cases();
    assert!(cases.len() > 10, "{} cases", cases.len());
    for (name, spec, _) in &cases {
        assert!(!spec.about.is_empty(), "{name}: say what the case is for");
        let mut text = serde_json::to_string_pretty(&spec.index().files).unwrap();
        text.push('\n');
        check_current(&fixtures().join(name).join("index.json"), &text, &mut stale);
    }
    let mut text = serde_json::to_string_pretty(&hashes()).unwrap();
    text.push('\n');
    check_current(&fixtures().join("hashes.json"), &text, &mut stale);
    assert!(
        stale.is_empty(),
        "not what the writer writes now: {stale:#?}\nrun `{COMMAND}` and review the diff"
    );
}

/// Sorted keys meta.json front-codes: shared starts, accents, a character outside the BMP,
/// more than 63 characters shared.
fn sorted_keys() -> Vec<String> {
    let long = "x".repeat(70);
    let longer = format!("{long}y");
    let keys = [
        "", "deal", "deal", "dealer", "desk", "régime", "régimes", "𐐀bc", "𐐀bd", &long, &longer,
    ];
    keys.map(String::from).to_vec()
}

/// Pair groups with files of their own, sorted: two with one first word, one whose first
/// word is hyphenated, one a number.
fn own_groups() -> Vec<String> {
    [
        "call not",
        "call rec",
        "deal reg",
        "deal-desk app",
        "q1 fy2019",
    ]
    .map(String::from)
    .to_vec()
}

/// Front-coded keys and pair groups by first word: as the writer writes them, and back.
#[test]
fn meta_json_lists_read_back_as_written() {
    let keys = sorted_keys();
    let coded = format::front_coded(&keys);
    assert_eq!(coded[1], "Adeal");
    assert_eq!(coded[3], "Eer");
    assert_eq!(coded[6], "Gs", "shared characters, not bytes");
    assert_eq!(coded[8], "Cd", "a character outside the BMP is one");
    assert_eq!(coded[10], "_xxxxxxxy", "63 shared at most");
    assert_eq!(format::front_decoded(&coded), Some(keys));
    assert_eq!(format::front_decoded(&["Bx".to_string()]), None);
    let groups = own_groups();
    let by_first = format::own_by_first(&groups);
    let want = [
        ("call", "not rec"),
        ("deal", "reg"),
        ("deal-desk", "app"),
        ("q1", "fy2019"),
    ];
    assert_eq!(by_first, want.map(|(a, b)| (a.to_string(), b.to_string())));
    assert_eq!(format::own_groups(&by_first), groups);
}

/// What `hashes.json` pins: the pair file of some keys, the filter bits of some entries,
/// front-coded keys and pair groups listed by first word.
#[derive(serde::Serialize)]
struct Hashes {
    /// (key, buckets, groups with files of their own, the file)
    pair_files: Vec<(String, usize, Vec<String>, usize)>,
    /// (entry, bits, the bits it sets)
    known_bits: Vec<(String, usize, Vec<usize>)>,
    /// (sorted keys, as meta.json front-codes them)
    front_coded: (Vec<String>, Vec<String>),
    /// (pair groups, as meta.json lists them by first word)
    own_by_first: (Vec<String>, Vec<(String, String)>),
}

fn hashes() -> Hashes {
    let keys = [
        "deal reg",
        "deal registration!the",
        "a 𐐀bc",
        "a 𐐀bcd",
        "営業 担当者",
        "営業 担当者たち",
        "a x",
        "a x!the",
        "q1 fy2019",
        "q1 fy2019!the",
        "q1 fy2020",
        "call notes",
    ];
    let own = vec!["call not".to_string(), "deal reg".to_string()];
    let mut pair_files = Vec::new();
    for buckets in [97, 1000, 1_000_003] {
        for key in keys {
            let file = format::pair_file(&format::key_group(key), buckets, &[]);
            pair_files.push((key.to_string(), buckets, Vec::new(), file));
        }
    }
    for key in ["deal registration", "call notes", "call now", "q1 fy2019"] {
        let file = format::pair_file(&format::key_group(key), 97, &own);
        pair_files.push((key.to_string(), 97, own.clone(), file));
    }
    let known_bits = [("<tems", 1000), ("é𐐀", 97), ("deal", 84), ("<regi", 84)]
        .iter()
        .map(|&(e, bits)| (e.to_string(), bits, format::known_bits(e, bits).collect()))
        .collect();
    let (sorted, groups) = (sorted_keys(), own_groups());
    Hashes {
        pair_files,
        known_bits,
        front_coded: (sorted.clone(), format::front_coded(&sorted)),
        own_by_first: (groups.clone(), format::own_by_first(&groups)),
    }
}

/// The checked-in indexes read back as the client reads them: each file where the format
/// says it is, each entry of the format's type, sorted and findable as the client looks.
#[test]
fn the_golden_indexes_read_back() {
    for (name, _, index) in cases() {
        let meta = index.meta();
        // Term shards: sorted, each starting at its key in meta.json.
        let shards = index.numbered(format::TERM_SHARDS);
        let shard_keys = format::front_decoded(&meta.shards).expect("front-coded keys");
        assert_eq!(shards.len(), shard_keys.len(), "{name}");
        let mut last = String::new();
        for (n, text) in shards.iter().enumerate() {
            let entries: Vec<TermEntry> = serde_json::from_str(text).unwrap();
            assert_eq!(n == 0, shard_keys[n].is_empty(), "{name}");
            assert!(
                entries
                    .iter()
                    .all(|e| format::key_cmp(&e.term, &shard_keys[n]).is_ge()),
                "{name}"
            );
            for e in &entries {
                assert!(
                    format::key_cmp(&last, &e.term).is_lt() || last.is_empty(),
                    "{name}"
                );
                last.clone_from(&e.term);
                // A title list carries its pages' title lengths exactly when meta.json
                // has none, a digit a page.
                let title = match e.title.split_once(format::TITLE_LENS_MARK) {
                    Some((list, lens)) => {
                        assert!(meta.lens.is_empty(), "{name}: {}", e.term);
                        let pages = decode_pages(list).expect("a page list");
                        assert_eq!(lens.len(), pages.len(), "{name}: {}", e.term);
                        list.to_string()
                    }
                    None => {
                        assert!(
                            e.title.is_empty() || !meta.lens.is_empty(),
                            "{name}: {}",
                            e.term
                        );
                        e.title.clone()
                    }
                };
                for list in [&title, &e.description, &e.body, &e.code] {
                    if !list.starts_with(format::LIST_ELSEWHERE) {
                        let pages = decode_pages(list).expect("a page list");
                        assert!(pages.iter().all(|&p| (p as usize) < meta.pages), "{name}");
                    }
                }
                for list in [&e.heading, &e.record] {
                    if !list.starts_with(format::LIST_PAGES) {
                        decode_pairs(list, format::TITLE_LEN_BITS).expect("a pair list");
                    }
                }
            }
        }
        // Word pairs: each in the file the client computes for it, sorted by key.
        let pair_files = index.numbered(format::PAIR_FILES);
        let own = format::own_groups(&meta.own);
        assert!(
            own.windows(2)
                .all(|w| format::key_cmp(&w[0], &w[1]).is_lt()),
            "{name}"
        );
        assert_eq!(pair_files.len(), meta.pairs + own.len(), "{name}");
        for (n, text) in pair_files.iter().enumerate() {
            let entries: Vec<PairEntry> = format::read_pair_file(text).unwrap();
            for e in &entries {
                let file = format::pair_file(&format::key_group(&e.key), meta.pairs, &own);
                assert_eq!(file, n, "{name}: {}", e.key);
                assert!(decode_pages(&e.pages).is_some(), "{name}: {}", e.key);
            }
            assert!(entries
                .windows(2)
                .all(|w| format::key_cmp(&w[0].key, &w[1].key).is_lt()));
        }
        // A file per stopword; a fragment per page, each file's where meta.json says; the
        // filters.
        assert_eq!(
            index.numbered(format::STOPWORD_FILES).len(),
            meta.stop.len(),
            "{name}"
        );
        let stop: Vec<&str> = meta.stop.iter().map(String::as_str).collect();
        assert_eq!(stop, format::PAIR_STOPWORDS, "{name}");
        let firsts = decode_pages(&meta.frags).unwrap();
        let fragment_files = index.numbered(format::FRAGMENT_FILES);
        assert_eq!(fragment_files.len(), firsts.len(), "{name}");
        let mut pages = 0;
        for (n, text) in fragment_files.iter().enumerate() {
            let list: Vec<Fragment> = serde_json::from_str(text).unwrap();
            assert_eq!(firsts[n] as usize, pages, "{name}");
            pages += list.len();
        }
        assert_eq!(pages, meta.pages, "{name}");
        for page in 0..meta.pages as u32 {
            let _: Fragment = index.fragment(page);
        }
        let filters: Filters = index.read(format::FILTERS_FILE);
        for FacetFilter { pages, .. } in &filters.facets {
            assert!(decode_pages(pages).is_some(), "{name}");
        }
        // Title lengths are in meta.json (a digit a page), or else in the term shards'
        // title lists (checked above).
        assert!(
            meta.lens.is_empty() || meta.lens.len() == meta.pages,
            "{name}"
        );
        known_filter_knows_every_word(&name, &index);
    }
}

/// The known-words filter, where there is one, lets every word of letters through.
fn known_filter_knows_every_word(name: &str, index: &IndexFiles) {
    let meta = index.meta();
    let Some((bits, set)) = meta.known.split_once(format::KNOWN_SEPARATOR) else {
        return;
    };
    let bits: usize = bits.parse().unwrap();
    let on: std::collections::BTreeSet<u32> = decode_pages(set).unwrap().into_iter().collect();
    let has = |e: &str| format::known_bits(e, bits).all(|b| on.contains(&(b as u32)));
    let terms: BTreeMap<String, TermEntry> = index.terms();
    for term in terms.keys().filter(|t| t.chars().all(char::is_alphabetic)) {
        assert!(has(term), "{name}: {term}");
    }
}
