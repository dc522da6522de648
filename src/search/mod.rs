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

use rayon::prelude::*;

use crate::output::Output;
use crate::site::Site;

pub use input::{page_record_of, searchable_pages, IndexInput, TopSection};
pub use params::IndexParams;
pub use write::{build_index, IndexStats};

/// The results page (rendered with the site's pages, not part of the index).
pub const RESULTS_PAGE: &str = "search/index.html";

/// Whether an output file is one of the index files `write_index` writes (the results
/// page is not: it is rendered with the other pages).
pub fn is_index_file(path: &str) -> bool {
    path.starts_with(format::INDEX_DIR) && path != RESULTS_PAGE
}

/// Writes the search index files into the output.
pub fn write_index(out: &mut Output, site: &Site) -> std::io::Result<()> {
    let input = IndexInput::from_site(site);
    let (files, _) = build_index(input, &IndexParams::default());
    let prepared: Vec<(String, std::io::Result<crate::output::OutputFile>)> = files
        .into_par_iter()
        .map(|(path, text)| {
            let file = out.prepare(&path, text.into_bytes());
            (path, file)
        })
        .collect();
    for (path, file) in prepared {
        out.insert(path, file?);
    }
    Ok(())
}
