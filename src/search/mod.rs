//! Search: records derived from each page's parsed document and the data records it
//! renders, and the split index files the JS client loads.
//!
//! Owns: what is indexed and how the index is laid out on disk. Knows nothing of HTTP.

use crate::output::Output;
use crate::render::SiteView;

/// Writes the search index files into the output (the index is being built in
/// src/search/; until then no files are written).
pub fn write_index(_out: &mut Output, _site: &SiteView) -> std::io::Result<()> {
    Ok(())
}
