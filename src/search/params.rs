//! The writer's thresholds: how large each kind of file may grow, and when a list is long
//! enough to be written another way. `Default` is what the build uses; tests build small
//! indexes with small thresholds through the same writer. `docs/search-index.md` gives the
//! measurements behind each default.

use serde::Deserialize;

/// The writer's thresholds (bytes are bytes of JSON).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndexParams {
    /// About this many bytes in a term shard (`t/`).
    pub shard_bytes: usize,
    /// A hashed pair bucket (`p/`) holds about this many bytes gzipped, as estimated from
    /// its keys and lists (page lists hardly compress, words do): a lookup reads two at
    /// most.
    pub pair_bucket_gzipped: usize,
    /// A group of pairs one lookup reads (`format::pair_group`) this large (estimated
    /// gzipped bytes) has a file of its own rather than a share of a bucket, so that it does
    /// not weigh on every lookup of the pairs hashed with it.
    pub own_pair_gzipped: usize,
    /// About this many bytes in a word-ending file (`e/`).
    pub ends_bytes: usize,
    /// At most this many bytes of typo targets in meta.json (`Meta::words`).
    pub words_bytes: usize,
    /// At most this many entries (words and their starts) in meta.json's known-words
    /// filter; a larger vocabulary writes none, and the client reads a word's shard to
    /// learn it is not there.
    pub known_max: usize,
    /// The titles' lists go in meta.json up to this many bytes; beyond it they stay in the
    /// term shards.
    pub titles_bytes: usize,
    /// A word in the body text of this many pages, and of one in `defer_body_one_in` or
    /// more, has its body list in a file of its own (`b/`), read only when titles, headings
    /// and word pairs do not settle a query.
    pub defer_body: usize,
    /// See `defer_body`.
    pub defer_body_one_in: usize,
    /// A heading or record list this long or longer is written as its pages: alone when
    /// `common_title_share` of its entries are one title (the client takes the sub-result
    /// from the fragments it shows), else with the sub-results in a file of their own
    /// (`h/`). A word pair in a title this many pages share lists those pages the same way.
    pub wide_subs: usize,
    /// See `wide_subs`: the percentage of a long list's entries one title must have for
    /// the list to be written as its pages alone.
    pub common_title_share: usize,
    /// A fragment file (`f/`) holds neighbouring pages' fragments up to about this many
    /// bytes (a page's alone when it is larger).
    pub fragment_bytes: usize,
    /// A sub-result's stored text (in its fragment) is cut after this many characters:
    /// excerpts come from it; matches further on still find the page.
    pub stored_text: usize,
    /// The same for a data record's fields.
    pub stored_record: usize,
    /// The same for the code of a section.
    pub stored_code: usize,
}

impl Default for IndexParams {
    fn default() -> Self {
        IndexParams {
            shard_bytes: 2_500,
            pair_bucket_gzipped: 3_500,
            own_pair_gzipped: 1_750,
            ends_bytes: 16_000,
            words_bytes: 80_000,
            known_max: 20_000,
            titles_bytes: 240_000,
            defer_body: 500,
            defer_body_one_in: 6,
            wide_subs: 800,
            common_title_share: 75,
            fragment_bytes: 8_000,
            stored_text: 200,
            stored_record: 200,
            stored_code: 120,
        }
    }
}
