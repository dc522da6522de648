//! Writing the index files from an `IndexInput`: the pages are read a batch at a time
//! (`collect.rs`: their fragments packed and written, their terms and word pairs
//! collected, their records dropped), then each kind of file is written by its own module.
//! Every file goes to an `IndexSink` as soon as it is made, so that the index is never
//! held whole. `format.rs` says what each file holds; `IndexParams` how large they grow.

mod collect;
mod ends;
mod filters;
mod fragments;
mod intern;
mod meta;
mod pair_lists;
mod pairs;
mod partition;
mod postings;
mod terms;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use super::format::{Meta, INDEX_DIR};
use super::input::IndexInput;
use super::lists::encode_pages;
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
    /// How many index files there are.
    pub files: usize,
}

/// Where the writer puts each file as it makes it: called from many threads, once for
/// each path (under the output folder).
pub trait IndexSink: Sync {
    fn put(&self, path: String, text: String);
}

/// Files kept in memory, for tests and tools.
#[derive(Default)]
pub struct FileList(Mutex<Vec<(String, String)>>);

impl IndexSink for FileList {
    fn put(&self, path: String, text: String) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, text));
    }
}

impl FileList {
    /// The files, sorted by path.
    pub fn into_sorted(self) -> Vec<(String, String)> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

/// Hands the files on to the sink, noting each one's hash (for meta.json's version) and
/// size.
pub struct Noted<'s> {
    sink: &'s dyn IndexSink,
    hashes: Mutex<Vec<(String, u64)>>,
    bytes: AtomicUsize,
}

impl<'s> Noted<'s> {
    pub fn new(sink: &'s dyn IndexSink) -> Self {
        Noted {
            sink,
            hashes: Mutex::new(Vec::new()),
            bytes: AtomicUsize::new(0),
        }
    }

    pub fn put(&self, path: String, text: String) {
        let hash = meta::file_hash(&path, &text);
        self.bytes.fetch_add(text.len(), Ordering::Relaxed);
        self.hashes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.clone(), hash));
        self.sink.put(path, text);
    }

    /// Puts files made together, in parallel.
    pub fn put_all(&self, files: Vec<(String, String)>) {
        files
            .into_par_iter()
            .for_each(|(path, text)| self.put(path, text));
    }
}

/// A file's path under the output folder, from its path under `search/`.
fn out_path(rel: &str) -> String {
    format!("{INDEX_DIR}{rel}")
}

/// The index files (path under the output folder, contents), sorted by path.
pub fn build_index(input: IndexInput, params: &IndexParams) -> (Vec<(String, String)>, IndexStats) {
    let files = FileList::default();
    let stats = write_index_files(input, params, &files);
    (files.into_sorted(), stats)
}

/// Writes the index files into `sink`, each as soon as it is made.
pub fn write_index_files(
    input: IndexInput,
    params: &IndexParams,
    sink: &dyn IndexSink,
) -> IndexStats {
    let out = Noted::new(sink);
    let pages = input.pages;
    let c = collect::collect(&input, params, &out);
    out.put_all(vec![filters::write(
        &input.sections,
        &input.section_of,
        &c.facets,
    )]);
    // The known-words filter is made while the term files are (much of which is one
    // thread's work).
    let ((terms, (end_files, ends)), known) = rayon::join(
        || {
            let terms = terms::write(&c.sorted, &c.page_texts, &c.title_lens, pages, params);
            let ends = ends::write(&c.sorted, &terms.in_shard, params);
            (terms, ends)
        },
        || meta::known_filter(c.sorted.iter().map(|(t, _)| t.as_str()), params.known_max),
    );
    out.put_all(terms.files);
    out.put_all(end_files);
    let words = meta::typo_words(&c.sorted, !terms.titles_in_shards, params);
    // The postings are written: the pairs need only the terms.
    let term_count = c.sorted.len();
    let term_text: Vec<String> = c.sorted.into_iter().map(|(t, _)| t).collect();
    let pair_files = pairs::write(
        c.pairs,
        &pairs::PairSource {
            rank: &c.rank,
            terms: &term_text,
            page_texts: &c.page_texts,
            page_lens: &c.page_lens,
        },
        params,
        &out,
    );
    let meta = Meta {
        pages,
        shards: super::format::front_coded(&terms.shard_keys),
        pairs: pair_files.buckets,
        own: super::format::own_by_first(&pair_files.own),
        frags: encode_pages(&c.fragment_files),
        ends,
        syn: input.synonyms.rows(),
        // In the title lists instead when they are in the term shards.
        lens: if terms.titles_in_shards {
            String::new()
        } else {
            c.title_lens
        },
        words: super::format::front_coded(&words),
        titles: terms.titles,
        known,
        text: c.text_bytes,
        ..Meta::default()
    };
    let shards = meta.shards.len();
    let hashes = out.hashes.into_inner().unwrap_or_else(|e| e.into_inner());
    let files = hashes.len() + 1;
    let (path, text) = meta::write(meta, meta::version(hashes));
    let index_bytes = out.bytes.into_inner() + text.len();
    sink.put(path, text);
    IndexStats {
        pages,
        terms: term_count,
        shards,
        text_bytes: c.text_bytes,
        index_bytes,
        files,
    }
}
