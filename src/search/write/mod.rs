//! Writing the index files from an `IndexInput`: the pages' terms and word pairs are
//! collected once (`collect.rs`), then each kind of file is written by its own module.
//! `format.rs` says what each file holds; `IndexParams` how large they grow.

mod collect;
mod ends;
mod filters;
mod fragments;
mod intern;
mod meta;
mod pairs;
mod partition;
mod postings;
mod terms;

use super::format::{Meta, INDEX_DIR};
use super::input::IndexInput;
use super::params::IndexParams;

/// What the index files hold, for the benchmark and tests.
#[derive(Debug, Default, Clone)]
pub struct IndexStats {
    pub pages: usize,
    pub terms: usize,
    pub shards: usize,
    /// Bytes of text indexed (titles, descriptions, headings, body, records, code).
    pub text_bytes: usize,
    /// Bytes of all index files.
    pub index_bytes: usize,
}

/// A file's path under the output folder, from its path under `search/`.
fn out_path(rel: &str) -> String {
    format!("{INDEX_DIR}{rel}")
}

/// The index files (path under the output folder, contents), sorted by path. The input's
/// records are dropped as they are read.
pub fn build_index(input: IndexInput, params: &IndexParams) -> (Vec<(String, String)>, IndexStats) {
    let pages = input.records.len();
    let text = meta::text_bytes(&input.records);
    let mut files = fragments::write(&input.records, params);
    files.push(filters::write(&input));
    let c = collect::collect(input.records, &input.synonyms);
    let pair_files = pairs::write(
        pairs::PairSource {
            page_pairs: c.page_pairs,
            rank: &c.rank,
            sorted: &c.sorted,
            page_texts: &c.page_texts,
            page_lens: &c.page_lens,
        },
        params,
    );
    let terms = terms::write(&c.sorted, &c.page_texts, pages, params);
    let (end_files, ends) = ends::write(&c.sorted, &terms.in_shard, params);
    files.extend(terms.files);
    files.extend(pair_files.files);
    files.extend(end_files);
    files.sort_by(|a, b| a.0.cmp(&b.0));

    let meta = Meta {
        pages,
        shards: terms.shard_keys,
        pairs: pair_files.buckets,
        own: pair_files.own,
        ends,
        syn: input.synonyms.rows(),
        lens: c.title_lens,
        words: meta::typo_words(&c.sorted, !terms.titles_in_shards, params),
        titles: terms.titles,
        known: meta::known_filter(c.sorted.iter().map(|(t, _)| t.as_str()), params.known_max),
        text,
        ..Meta::default()
    };
    let shards = meta.shards.len();
    let meta = meta::write(meta, &files);
    files.push(meta);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let stats = IndexStats {
        pages,
        terms: c.sorted.len(),
        shards,
        text_bytes: text,
        index_bytes: files.iter().map(|(_, t)| t.len()).sum(),
    };
    (files, stats)
}
