//! Incremental rebuilds, for `serve` and `build --watch`: the pipeline's own steps
//! (`crate::build::stages`), run again on what a change touched.
//!
//! This module decides *what* a change touches; the steps themselves are the full build's.
//! A change event becomes: the changed paths read again (`Sources::reread`), the pages
//! whose text or included fragments changed parsed again, structure and links resolved
//! again (cheap), and pages rendered again only when their render key changed (`keys`):
//! the key hashes everything a page's HTML depends on. An edit to pages' bodies that
//! changes no title, anchor or front matter takes a shorter path (`edit`). What comes out
//! must equal a full build; a test compares them. The search index is refreshed apart
//! (`search`): on the caller's thread (`refresh_search`), or on a `SearchWorker` off the
//! path from an edit to the reload. Knows nothing of HTTP.

mod edit;
mod keys;
mod search;

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::build::site_files::{PrintViews, SiteFiles};
use crate::build::{stages, BuildOptions, Builder, Timings};
use crate::config::{Config, Overrides};
use crate::content::{self, Class, Page, PageId, SourceFile, Sources};
use crate::diagnostics::{sort_diagnostics, Diagnostic};
use crate::layout::SiteLayout;
use crate::markdown::Fragment;
use crate::output::{Output, OutputFile, Packed};
use crate::render::Renderer;
use crate::site::Site;
use crate::theme::{self, Theme};

pub use crate::layout::{is_editor_temp, ChangeKind};
pub use search::{SearchRequest, SearchUpdate, SearchWorker};

/// What happened in one rebuild.
#[derive(Debug, Default)]
pub struct Rebuilt {
    /// Output paths whose bytes changed (added, changed or removed).
    pub changed: Vec<String>,
    /// Pages rendered again (the rest were kept).
    pub rendered: usize,
    /// Every changed output file is a stylesheet: the browser can swap styles in place.
    pub css_only: bool,
    /// Warnings of a good build.
    pub warnings: Vec<Diagnostic>,
    pub took: Duration,
    /// The kinds of input that changed.
    pub kinds: BTreeSet<ChangeKind>,
    /// Only the search index was refreshed (after a deferred rebuild).
    pub search_index_only: bool,
    /// Wall time per step.
    pub timings: Option<Timings>,
}

/// A site kept loaded between builds.
pub struct Session {
    root: PathBuf,
    overrides: Overrides,
    builder: Builder,
    state: Option<State>,
    /// Leave the search index to `refresh_search` or a `SearchWorker` (the dev server
    /// refreshes it off the edit-to-reload path).
    defer_search: bool,
}

/// A page's parse, and a hash of what it was parsed from (its text and the fragments it
/// includes).
struct CachedPage {
    hash: u64,
    page: Page,
    diags: Vec<Diagnostic>,
}

/// Everything kept between rebuilds.
struct State {
    config: Config,
    layout: SiteLayout,
    theme: Theme,
    sources: Sources,
    parsed: BTreeMap<String, CachedPage>,
    git_dates: BTreeMap<PathBuf, String>,
    /// Render keys of the last good output, by output path.
    keys: BTreeMap<String, u64>,
    /// What print views and the sitemap show, and the templates, at the last good output.
    structure: u64,
    templates: u64,
    /// Pages changed since the last render, and whether any fragment changed.
    stale: BTreeSet<String>,
    fragments_changed: bool,
    /// Hash of the templates and whether any reads `data` directly (None: recompute).
    template_sig: Option<(u64, bool)>,
    output: Output,
    /// The search index does not reflect the last rebuild yet, and was not asked for.
    search_stale: bool,
    /// `output` holds a complete search index (false until the first index after loading).
    index_complete: bool,
    /// The last good build, for edits that cannot change its structure.
    last: Option<LastBuild>,
}

/// The last good build: the resolved site and its templates.
struct LastBuild {
    site: Site,
    renderer: Renderer,
    /// Pages by source path.
    by_source: BTreeMap<String, PageId>,
}

fn hash_of<T: Hash + ?Sized>(v: &T) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

impl Session {
    pub fn new(root: &Path, overrides: Overrides) -> Self {
        Session::with_options(root, overrides, BuildOptions::default())
    }

    pub fn with_options(root: &Path, overrides: Overrides, options: BuildOptions) -> Self {
        // Absolute, so that the watcher's absolute paths can be matched against it.
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Session {
            root,
            overrides,
            builder: Builder::with_options(options),
            state: None,
            defer_search: false,
        }
    }

    /// Whether `rebuild` leaves the search index for `refresh_search`.
    pub fn defer_search(&mut self, defer: bool) {
        self.defer_search = defer;
    }

    pub fn options(&self) -> &BuildOptions {
        self.builder.options()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The last good site's files.
    pub fn output(&self) -> Option<&Output> {
        self.state.as_ref().map(|s| &s.output)
    }

    pub fn config(&self) -> Option<&Config> {
        self.state.as_ref().map(|s| &s.config)
    }

    /// Where the site's files are (defaults until the config has been read).
    pub fn layout(&self) -> SiteLayout {
        match &self.state {
            Some(s) => s.layout.clone(),
            None => SiteLayout::new(&self.root, &self.overrides),
        }
    }

    /// What kind of input `path` is (relative to the site root or absolute).
    pub fn classify(&self, path: &Path) -> ChangeKind {
        match &self.state {
            Some(s) => s.layout.classify(path),
            None => SiteLayout::new(&self.root, &self.overrides).classify(path),
        }
    }

    /// Builds everything from scratch.
    pub fn full_build(&mut self) -> Result<Rebuilt, Vec<Diagnostic>> {
        self.state = None;
        self.rebuild(&[])
    }

    /// Rebuilds after `changed` paths changed (all of them, on the first call). On errors
    /// the last good site stays as it was and the errors come back.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Vec<Diagnostic>> {
        let started = Instant::now();
        let kinds: BTreeSet<ChangeKind> = changed.iter().map(|p| self.classify(p)).collect();
        self.take_changes(changed, &kinds)?;
        let Some(state) = self.state.as_mut() else {
            return Err(Vec::new());
        };
        let touched: BTreeSet<PathBuf> = changed.iter().map(|p| state.layout.absolute(p)).collect();
        let body_only = !changed.is_empty()
            && touched.iter().all(|abs| {
                abs.is_file()
                    && state
                        .layout
                        .content_relative(abs)
                        .is_some_and(|rel| content::classify(&rel) == Class::Page)
            });
        let mut rebuilt = state.render(&self.builder, &touched, body_only)?;
        state.search_stale = true;
        if !self.defer_search {
            let index = self.refresh_search();
            rebuilt.changed.extend(index);
            rebuilt.changed.sort();
            rebuilt.changed.dedup();
        }
        rebuilt.took = started.elapsed();
        rebuilt.kinds = kinds;
        Ok(rebuilt)
    }

    /// Reads what changed: everything on the first build or after a config change, the
    /// theme after a template or static change, the changed paths under `content/`.
    fn take_changes(
        &mut self,
        changed: &[PathBuf],
        kinds: &BTreeSet<ChangeKind>,
    ) -> Result<(), Vec<Diagnostic>> {
        let Some(state) = self
            .state
            .as_mut()
            .filter(|_| !kinds.contains(&ChangeKind::Config))
        else {
            self.state = None;
            self.state = Some(State::load(&self.root, &self.overrides)?);
            return Ok(());
        };
        if kinds.contains(&ChangeKind::Template) || kinds.contains(&ChangeKind::Static) {
            state.theme = theme::resolve_theme(&state.layout).map_err(|d| vec![d])?;
            state.template_sig = None;
        }
        for path in changed {
            if !matches!(
                state.layout.classify(path),
                ChangeKind::Content | ChangeKind::Data
            ) {
                continue;
            }
            let reread = state.sources.reread(&state.layout, path);
            state.stale.extend(reread.pages);
            state.fragments_changed |= reread.fragments;
        }
        Ok(())
    }

    /// What the search index of the last good build is written from, when the index does
    /// not show that build and was not asked for yet. Hand it to a `SearchWorker` (or to
    /// `SearchRequest::write`), then give the update to `apply_search`.
    pub fn search_request(&mut self) -> Option<SearchRequest> {
        if !self.builder.options().search_index {
            return None;
        }
        let state = self.state.as_mut().filter(|s| s.search_stale)?;
        let last = state.last.as_ref()?;
        let request = SearchRequest::new(last, !state.index_complete);
        state.search_stale = false;
        Some(request)
    }

    /// Puts the index files of `update` into the output; returns the paths that changed.
    pub fn apply_search(&mut self, update: SearchUpdate) -> Vec<String> {
        let Some(state) = self.state.as_mut() else {
            return Vec::new();
        };
        state.index_complete |= update.complete;
        let mut changed = Vec::with_capacity(update.files.len() + update.removed.len());
        for (path, file) in update.files {
            let same =
                matches!(state.output.files.get(&path), Some(OutputFile::Packed(b)) if *b == file);
            if !same {
                changed.push(path.clone());
                state.output.insert(path, OutputFile::Packed(file));
            }
        }
        for path in update.removed {
            if state.output.files.remove(&path).is_some() {
                changed.push(path);
            }
        }
        changed.sort();
        changed
    }

    /// Brings the search index up to date with the last good build on this thread;
    /// returns the index files that changed.
    pub fn refresh_search(&mut self) -> Vec<String> {
        let Some(request) = self.search_request() else {
            return Vec::new();
        };
        let Some(state) = self.state.as_ref() else {
            return Vec::new();
        };
        let mut previous: BTreeMap<String, Packed> = state
            .output
            .files
            .iter()
            .filter(|(path, _)| crate::search::is_index_file(path))
            .filter_map(|(path, file)| match file {
                OutputFile::Packed(b) => Some((path.clone(), b.clone())),
                _ => None,
            })
            .collect();
        let update = request.write(&mut previous);
        self.apply_search(update)
    }
}

impl State {
    /// Everything read from scratch.
    fn load(root: &Path, overrides: &Overrides) -> Result<State, Vec<Diagnostic>> {
        let (config, layout) = stages::load_config(root, overrides).map_err(|d| vec![d])?;
        let theme = theme::resolve_theme(&layout).map_err(|d| vec![d])?;
        let sources = Sources::read(&layout);
        Ok(State {
            git_dates: stages::git_dates(&layout),
            config,
            layout,
            theme,
            sources,
            parsed: BTreeMap::new(),
            keys: BTreeMap::new(),
            structure: 0,
            templates: 0,
            stale: BTreeSet::new(),
            fragments_changed: false,
            template_sig: None,
            output: Output::in_memory(),
            search_stale: false,
            index_complete: false,
            last: None,
        })
    }

    /// Parses again the pages whose text or included fragments changed; returns their
    /// source paths.
    fn reparse(
        &mut self,
        builder: &Builder,
        fragments: &BTreeMap<String, Fragment>,
    ) -> Vec<String> {
        let frag_hash: BTreeMap<&str, u64> = self
            .sources
            .fragments
            .iter()
            .map(|(k, f)| (k.as_str(), hash_of(&f.text)))
            .collect();
        let page_hash = |f: &SourceFile, includes: &[String]| {
            let mut h = DefaultHasher::new();
            f.text.hash(&mut h);
            for inc in includes {
                frag_hash.get(inc.as_str()).hash(&mut h);
            }
            h.finish()
        };
        let stale: Vec<&SourceFile> = self
            .sources
            .pages
            .values()
            .filter(|f| match self.parsed.get(&f.rel_path) {
                None => true,
                Some(c) => {
                    self.stale.contains(&f.rel_path)
                        || (self.fragments_changed
                            && !c.page.doc.includes.is_empty()
                            && c.hash != page_hash(f, &c.page.doc.includes))
                }
            })
            .collect();
        let reparsed = stages::parse_pages(
            stale.iter().map(|f| (*f).clone()).collect(),
            fragments,
            builder,
            &self.config,
            stages::Retain::Loaded,
        );
        let mut paths = Vec::with_capacity(reparsed.len());
        let mut released = Vec::new();
        let empty: Arc<str> = Arc::from("");
        for (f, mut p) in stale.iter().zip(reparsed) {
            paths.push(f.rel_path.clone());
            let hash = page_hash(f, &p.page.doc.includes);
            // A page is parsed again only after its file was read again, or when a
            // fragment it includes changed: only the text of pages with includes is kept.
            if p.page.doc.includes.is_empty() {
                p.page.text = empty.clone();
                released.push(f.rel_path.clone());
            }
            self.parsed.insert(
                f.rel_path.clone(),
                CachedPage {
                    hash,
                    page: p.page,
                    diags: p.diagnostics,
                },
            );
        }
        for rel in released {
            if let Some(f) = self.sources.pages.get_mut(&rel) {
                f.text = empty.clone();
            }
        }
        self.stale.clear();
        self.fragments_changed = false;
        paths
    }

    /// Runs the pipeline over the current sources, reusing parses and rendered pages
    /// whose inputs did not change.
    fn render(
        &mut self,
        builder: &Builder,
        touched: &BTreeSet<PathBuf>,
        body_only: bool,
    ) -> Result<Rebuilt, Vec<Diagnostic>> {
        let mut timings = Timings::start();
        let mut diags: Vec<Diagnostic> = self.sources.read_errors().cloned().collect();
        let data = stages::load_data(&self.sources, &self.config, &self.layout, &mut diags);
        timings.lap("data");
        let fragments = stages::fragments(&self.sources);
        let reparsed = self.reparse(builder, &fragments);
        timings.lap("parse");
        if body_only && !reparsed.is_empty() && self.sources.unreadable.is_empty() {
            if let Some(result) = self.edit_bodies(builder, &reparsed) {
                return result;
            }
        }
        self.last = None;
        let site = self.resolve(data, fragments, &mut diags);
        timings.lap("resolve");
        let renderer = stages::prepare_renderer(&self.theme, &site, &mut diags);
        let severities = self.config.severities();
        severities.apply(&mut diags);
        let Some(renderer) = renderer.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
            sort_diagnostics(&mut diags);
            return Err(diags);
        };
        timings.lap("renderer");
        let shared = keys::KeyInputs::new(&site, &self.theme, &self.parsed, &mut self.template_sig);
        let keys = shared.page_keys(&site);
        let dirty: Vec<PageId> = keys
            .iter()
            .enumerate()
            .filter(|(_, (path, key))| self.keys.get(path) != Some(key))
            .map(|(pid, _)| pid)
            .collect();
        timings.lap("keys");
        let mut out = Output::in_memory_like(&self.output);
        stages::render_pages(&site, &renderer, &dirty, &mut out, &mut diags);
        for (path, _) in &keys {
            if let (false, Some(file)) = (out.files.contains_key(path), self.output.files.get(path))
            {
                out.insert(path.clone(), file.clone());
            }
        }
        timings.lap("render");
        let print = if shared.structure == self.structure && shared.templates == self.templates {
            PrintViews::Reuse(&self.output)
        } else {
            PrintViews::Render
        };
        let files = SiteFiles::new(&site, &renderer, &self.theme, builder.code_css());
        files.write_all(&self.sources.assets, print, &mut out, &mut diags);
        // The search index is refreshed separately: until then the previous one stays.
        for (path, file) in &self.output.files {
            if crate::search::is_index_file(path) {
                out.insert(path.clone(), file.clone());
            }
        }
        severities.apply(&mut diags);
        sort_diagnostics(&mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        timings.lap("site files");
        let changed = changed_files(&self.output, &out, touched);
        let css_only = !changed.is_empty() && changed.iter().all(|p| p.ends_with(".css"));
        self.keys = keys.into_iter().collect();
        self.structure = shared.structure;
        self.templates = shared.templates;
        self.output = out;
        let by_source = stages::pages_by_source(&site.tree);
        self.last = Some(LastBuild {
            site,
            renderer,
            by_source,
        });
        Ok(Rebuilt {
            changed,
            rendered: dirty.len(),
            css_only,
            warnings: diags,
            timings: Some(timings),
            ..Rebuilt::default()
        })
    }

    /// The site from the cached parses: assembled, dated and resolved.
    fn resolve(
        &mut self,
        data: Arc<crate::data::DataSets>,
        fragments: BTreeMap<String, Fragment>,
        diags: &mut Vec<Diagnostic>,
    ) -> Site {
        self.parsed
            .retain(|k, _| self.sources.pages.contains_key(k));
        let mut pages = Vec::with_capacity(self.parsed.len());
        for c in self.parsed.values() {
            diags.extend(c.diags.iter().cloned());
            pages.push(c.page.clone());
        }
        let tree = stages::assemble_tree(
            pages,
            fragments,
            &self.config,
            &self.layout,
            &self.git_dates,
            diags,
        );
        let linkable = stages::linkable_files(&self.sources, Some(&self.theme));
        stages::resolve_site(
            self.config.clone(),
            self.layout.clone(),
            tree,
            data,
            linkable,
            diags,
        )
    }
}

/// Output paths whose bytes differ between `before` and `after` (added, changed or
/// removed), sorted. A copied file counts as changed when its source was touched.
fn changed_files(before: &Output, after: &Output, touched: &BTreeSet<PathBuf>) -> Vec<String> {
    let mut changed = Vec::new();
    for (path, file) in &after.files {
        let same = match (before.files.get(path), file) {
            (Some(OutputFile::Copy(a)), OutputFile::Copy(b)) => a == b && !touched.contains(b),
            (Some(OutputFile::Bytes(a)), OutputFile::Bytes(b)) => Arc::ptr_eq(a, b) || a == b,
            (Some(OutputFile::Packed(a)), OutputFile::Packed(b)) => a == b,
            (Some(_), _) => before.read(path).ok() == after.read(path).ok(),
            (None, _) => false,
        };
        if !same {
            changed.push(path.clone());
        }
    }
    changed.extend(
        before
            .files
            .keys()
            .filter(|path| !after.files.contains_key(*path))
            .cloned(),
    );
    changed.sort();
    changed
}
