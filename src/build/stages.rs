//! The pipeline's steps, each a function from its inputs to its result. A step reports
//! problems into the build's diagnostics and goes on with what it could do, so that one
//! build shows every error.
//!
//! `Builder::run` calls them over the whole site; the incremental session calls the same
//! functions on the pages and files a change touched.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{site_files, Sink};
use crate::config::{Config, Overrides};
use crate::content::{self, ContentTree, Page, PageId, SourceFile, Sources};
use crate::data::{self, DataSets};
use crate::diagnostics::{Diagnostic, Rule};
use crate::layout::SiteLayout;
use crate::markdown::{Fragment, ParseContext};
use crate::output::Output;
use crate::render::{NavValues, Renderer};
use crate::resolve::{self, Resolver};
use crate::site::{ReadingOrder, Site};
use crate::theme::{self, Theme};

/// Reads the config and works out where everything is.
pub fn load_config(root: &Path, overrides: &Overrides) -> Result<(Config, SiteLayout), Diagnostic> {
    let layout = SiteLayout::new(root, overrides);
    let config = Config::load(&layout, overrides)?;
    let layout = layout.configured(&config);
    Ok((config, layout))
}

/// The theme's templates and static files (`None` when the theme is missing).
pub fn load_theme(layout: &SiteLayout, diags: &mut Vec<Diagnostic>) -> Option<Theme> {
    theme::resolve_theme(layout).map_err(|d| diags.push(d)).ok()
}

/// Every file under `content/`, read once.
pub fn read_sources(layout: &SiteLayout, diags: &mut Vec<Diagnostic>) -> Sources {
    let sources = Sources::read(layout);
    diags.extend(sources.read_errors().cloned());
    sources
}

/// The data sets, validated against their schemas, and which is the glossary.
pub fn load_data(
    sources: &Sources,
    config: &Config,
    layout: &SiteLayout,
    diags: &mut Vec<Diagnostic>,
) -> Arc<DataSets> {
    let (data, d) = data::load_data_sets(sources.data.values(), config.glossary.as_deref());
    // Settings' problems are the config file's, wherever it is.
    diags.extend(d.into_iter().map(|mut d| {
        if d.rule == Rule::Config {
            d.file = layout.config_file.clone();
        }
        d
    }));
    Arc::new(data)
}

/// The fragments pages may include, by content-relative path.
pub fn fragments(sources: &Sources) -> BTreeMap<String, Fragment> {
    content::fragments_from(sources.fragments.values())
}

/// A page parsed on its own, with what its parse found.
pub struct ParsedPage {
    pub page: Page,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a page's parse is kept with, by how long it is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retain {
    /// Until it is rendered and indexed once (a build that writes to disk): no source text.
    Parse,
    /// With its source text (a build kept in memory: tests, `check`).
    Text,
    /// For as long as the site stays loaded (the dev server): with its source text, its
    /// events' text packed (`EventList::pack`) as soon as the page is parsed.
    Loaded,
}

/// Parses pages (front matter and Markdown), in parallel, in the order given, with the
/// builder's highlighter, code colours, diagrams and math.
pub fn parse_pages(
    files: Vec<SourceFile>,
    fragments: &BTreeMap<String, Fragment>,
    builder: &super::Builder,
    config: &Config,
    retain: Retain,
) -> Vec<ParsedPage> {
    let themes = &config.highlight_theme;
    let code_theme = builder
        .code_css()
        .theme_or_default(&themes.light, &themes.dark);
    let ctx = ParseContext {
        highlighter: builder.highlighter(),
        code_theme: &code_theme,
        diagrams: builder.diagrams(),
        math: builder.math(),
        fragments,
        heading_ids: config.heading_ids,
    };
    let empty: Arc<str> = Arc::from("");
    files
        .into_par_iter()
        .map(|f| {
            let (mut page, diagnostics) = content::parse_page(&f, &ctx);
            match retain {
                Retain::Parse => page.text = empty.clone(),
                Retain::Text => {}
                Retain::Loaded => {
                    if let Some(doc) = Arc::get_mut(&mut page.doc) {
                        doc.events.pack();
                    }
                }
            }
            ParsedPage { page, diagnostics }
        })
        .collect()
}

/// The page files to parse. A build that writes to disk keeps no source text once the
/// pages are parsed (`Retain::Parse`): what later steps need of it is kept apart
/// (`Page::word_count`, `Page::lines`; a diagnostic that quotes the file reads it again,
/// `Page::source_text`). The files are then taken out of `sources`, with the fragments'
/// and data's (already read), so that each page's text goes as soon as it is parsed; the
/// list of assets stays.
pub fn page_files(sources: &mut Sources, retain: Retain) -> Vec<SourceFile> {
    if retain != Retain::Parse {
        return sources.pages.values().cloned().collect();
    }
    sources.fragments.clear();
    sources.data.clear();
    std::mem::take(&mut sources.pages).into_values().collect()
}

/// The pages of parsed pages, their diagnostics moved into `diags`.
pub fn take_diagnostics(parsed: Vec<ParsedPage>, diags: &mut Vec<Diagnostic>) -> Vec<Page> {
    parsed
        .into_iter()
        .map(|p| {
            diags.extend(p.diagnostics);
            p.page
        })
        .collect()
}

/// Each content file's last commit date, by absolute path (empty outside git).
pub fn git_dates(layout: &SiteLayout) -> BTreeMap<PathBuf, String> {
    content::git::last_changes(&layout.content())
}

/// Pages into sections, with URLs, titles, navigation order and their dates.
pub fn assemble_tree(
    pages: Vec<Page>,
    fragments: BTreeMap<String, Fragment>,
    config: &Config,
    layout: &SiteLayout,
    dates: &BTreeMap<PathBuf, String>,
    diags: &mut Vec<Diagnostic>,
) -> ContentTree {
    let (mut tree, d) = content::assemble_tree(pages, fragments, config.drafts);
    diags.extend(d);
    for page in tree.pages.iter_mut().filter(|p| !p.generated) {
        page.updated = dates
            .get(&layout.root.join(page.file.as_ref()))
            .or(page.front.lastmod.as_ref())
            .cloned();
    }
    tree
}

/// The output paths links may point at besides pages: content assets, the theme's static
/// files and the files the build generates.
pub fn linkable_files(sources: &Sources, theme: Option<&Theme>) -> BTreeSet<String> {
    let mut files: BTreeSet<String> = sources.assets.keys().cloned().collect();
    if let Some(t) = theme {
        files.extend(t.statics.keys().cloned());
    }
    files.extend(site_files::LINKABLE.iter().map(|s| s.to_string()));
    files
}

/// Resolves every link of every page and of the data, and orders the pages.
pub fn resolve_site(
    config: Config,
    layout: SiteLayout,
    mut tree: ContentTree,
    data: Arc<DataSets>,
    linkable: BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let resolver = Arc::new(Resolver::new(&tree, &data, &config, linkable));
    let (d, inbound) = resolve::resolve_pages(&mut tree, &resolver);
    diags.extend(d);
    diags.extend(resolve::check_data_links(&data, &resolver));
    let order = ReadingOrder::of(&tree);
    Site {
        config,
        layout,
        tree,
        data,
        resolver,
        order,
        inbound,
    }
}

/// Compiles the templates and checks every shortcode call against them and the data.
pub fn prepare_renderer(
    theme: &Theme,
    site: &Site,
    diags: &mut Vec<Diagnostic>,
) -> Option<Renderer> {
    match Renderer::new(
        theme,
        &site.config,
        site.data.clone(),
        site.resolver.clone(),
    ) {
        Ok(renderer) => {
            diags.extend(resolve::check_shortcodes(&site.tree, &site.data, &renderer));
            Some(renderer)
        }
        Err(d) => {
            diags.extend(d);
            None
        }
    }
}

/// Where the files go: nowhere once the build has errors (pages are still rendered, to
/// find template errors too).
pub fn open_output(layout: &SiteLayout, sink: Sink, diags: &mut Vec<Diagnostic>) -> Output {
    if diags.iter().any(Diagnostic::is_error) {
        return Output::discarding();
    }
    match sink {
        Sink::Memory => Output::in_memory(),
        Sink::Discard => Output::discarding(),
        Sink::Disk => Output::staged(&layout.output()).unwrap_or_else(|e| {
            diags.push(output_error(layout, &e));
            Output::discarding()
        }),
    }
}

/// The output path of a page.
pub fn page_path(page: &Page) -> String {
    format!("{}index.html", page.url)
}

/// Renders `pages` (in parallel) into `out`, but for those never written (`build:
/// {render: never}`). Each page is handed to the output as soon as it is rendered: a
/// build to disk never holds the whole site's HTML.
pub fn render_pages(
    site: &Site,
    renderer: &Renderer,
    pages: &[PageId],
    out: &mut Output,
    diags: &mut Vec<Diagnostic>,
) {
    let pages: Vec<PageId> = pages
        .iter()
        .copied()
        .filter(|&p| site.tree.pages[p].is_rendered())
        .collect();
    let nav = NavValues::new(site);
    let rendered: Vec<(String, Result<crate::output::OutputFile, Vec<Diagnostic>>)> = pages
        .par_iter()
        .map(|&pid| {
            let path = page_path(&site.tree.pages[pid]);
            let file = renderer.render_page(site, &nav, pid).and_then(|html| {
                out.prepare(&path, html.into_bytes())
                    .map_err(|e| vec![output_error(&site.layout, &e)])
            });
            (path, file)
        })
        .collect();
    for (path, file) in rendered {
        match file {
            Ok(file) => out.insert(path, file),
            Err(d) => diags.extend(d),
        }
    }
}

/// The search index files, from the same parse as the pages.
///
/// A build that writes to disk needs no page's parse after this step: each is taken out of
/// its page and dropped as soon as its search record is made, so that the index's memory
/// replaces the parses' rather than adding to it.
pub fn write_search_index(
    site: &mut Site,
    sink: Sink,
    out: &mut Output,
    diags: &mut Vec<Diagnostic>,
) {
    let docs = (sink == Sink::Disk).then(|| {
        site.tree
            .pages
            .iter_mut()
            .map(|page| std::mem::take(&mut page.doc))
            .collect()
    });
    if let Err(e) = crate::search::write_index(out, site, docs) {
        diags.push(output_error(&site.layout, &e));
    }
}

/// The output could not be written.
pub fn output_error(layout: &SiteLayout, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        &layout.output_dir,
        Rule::Io,
        format!("cannot write the output: {e}"),
    )
    .with_hint("check that the output folder's parent is writable and has space")
}

/// Pages by source path, for finding a changed file's page.
pub fn pages_by_source(tree: &ContentTree) -> BTreeMap<String, PageId> {
    tree.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.generated)
        .map(|(i, p)| (p.rel_path.clone(), i))
        .collect()
}
