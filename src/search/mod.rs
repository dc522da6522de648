//! Search: records derived from each page's parsed document and the data records it
//! renders, and the split index files the client (`themes/default/js/search/`) loads.
//!
//! Owns: what is indexed and how the index is laid out on disk. Knows nothing of HTTP.
//!
//! - `input.rs`: what the index is made from, read from the built site in one place.
//! - `extract.rs`: a page's search record; `tokenize.rs`: text to terms (as the client);
//!   `terms.rs`: a text's terms and word pairs.
//! - `format.rs`: the index format, the one definition the client's is generated from;
//!   `lists.rs`: how numbers and lists are written.
//! - `write/`: the writer, a module per kind of file; `params.rs`: its thresholds.
//!
//! `docs/search-index.md` describes the files and the measurements behind the choices.

pub mod extract;
mod fold_table;
pub mod format;
pub mod fxhash;
mod input;
#[cfg(test)]
mod js;
pub mod lists;
mod params;
pub mod terms;
pub mod tokenize;
mod write;

use std::sync::{Arc, Mutex};

use crate::markdown::Document;
use crate::output::{Output, OutputFile};
use crate::site::Site;

pub use input::{searchable_pages, IndexInput, TopSection};
pub use params::IndexParams;
pub use write::{build_index, write_index_files, FileList, IndexSink, IndexStats};

/// The results page (rendered with the site's pages, not part of the index).
pub const RESULTS_PAGE: &str = "search/index.html";

/// Whether an output file is one of the index files `write_index` writes (the results
/// page is not: it is rendered with the other pages).
pub fn is_index_file(path: &str) -> bool {
    path.starts_with(format::INDEX_DIR) && path != RESULTS_PAGE
}

/// Writes the search index files into the output, each as soon as the writer makes it
/// (a staged output writes it to disk then: the index is never held whole). `docs`, when
/// given, are the pages' parses taken out of the site (by page id), dropped as their
/// records are made; otherwise the pages' own are read.
pub fn write_index(
    out: &mut Output,
    site: &Site,
    docs: Option<Vec<Arc<Document>>>,
) -> std::io::Result<()> {
    let sink = OutputSink {
        out,
        files: Mutex::new(Vec::new()),
    };
    let input = match docs {
        Some(docs) => IndexInput::releasing(site, docs),
        None => IndexInput::from_site(site),
    };
    write_index_files(input, &IndexParams::default(), &sink);
    let mut files = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (path, file) in files {
        out.insert(path, file?);
    }
    Ok(())
}

/// The index's files into an `Output`, from the writer's threads.
struct OutputSink<'o> {
    out: &'o Output,
    files: Mutex<Vec<(String, std::io::Result<OutputFile>)>>,
}

impl IndexSink for OutputSink<'_> {
    fn put(&self, path: String, text: String) {
        let file = self.out.prepare(&path, text.into_bytes());
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, file));
    }
}
