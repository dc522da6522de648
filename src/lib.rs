//! handbook: a static handbook site generator.
//!
//! One pipeline, data flowing one way (`build`): load (config, content, data, theme) ->
//! parse (each page once) -> resolve (URLs, anchors, links, data references) -> render
//! (Tera, in parallel) -> site files and search index -> output (written atomically, kept
//! in memory, or dropped). `build`, `check`, `serve` and `build --watch` all run it; the
//! incremental `session` runs its steps again on what a change touched.

pub mod bench;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod data;
pub mod diagnostics;
pub mod layout;
pub mod markdown;
pub mod output;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod theme;
pub mod yaml;

pub use build::{build, BuildOptions, BuildReport, Builder, BuiltSite, Sink, Timings};
pub use site::{ReadingOrder, Site};
