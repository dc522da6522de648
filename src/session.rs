//! Incremental rebuilds, for `serve` and `build --watch`: the same stages as a full build,
//! keeping what a change cannot have touched.
//!
//! A change event becomes: files re-read (only the changed paths), pages re-parsed (only
//! changed pages and pages including a changed fragment), structure and links resolved
//! again (cheap), and pages re-rendered only when their render key changed: the key
//! hashes everything a page's HTML depends on (its parse, resolved links, the navigation
//! it shows, previous/next, the data and templates it uses). What comes out must equal a
//! full build; a test compares them. Knows nothing of HTTP.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, Overrides};
use crate::content::{self, Class, Page, SourceFile};
use crate::data;
use crate::diagnostics::{sort_diagnostics, Diagnostic, Rule};
use crate::markdown::ParseContext;
use crate::output::{Output, OutputFile};
use crate::render::{Renderer, SiteView};
use crate::resolve::{self, Resolver};
use crate::{theme, Builder, PrintViews};

/// What kind of input a changed path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Config,
    Template,
    Static,
    Content,
    Data,
    Ignored,
}

/// Editor scratch files that never count as changes: vim swap and backup files and its
/// `4913` write test, emacs lock files, JetBrains safe-write files, `~` backups.
pub fn is_editor_temp(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name == "4913"
        || name.starts_with(".#")
        || name.contains("___jb_")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

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
}

/// A site kept loaded between builds.
pub struct Session {
    root: PathBuf,
    overrides: Overrides,
    builder: Builder,
    state: Option<State>,
    /// Leave the search index to `refresh_search` (the dev server refreshes it after the
    /// pages have reloaded, off the edit-to-reload path).
    defer_search: bool,
}

struct CachedPage {
    hash: u64,
    page: Page,
    diags: Vec<Diagnostic>,
}

struct State {
    config: Config,
    theme: theme::Theme,
    pages: BTreeMap<String, SourceFile>,
    fragments: BTreeMap<String, SourceFile>,
    data_files: BTreeMap<String, SourceFile>,
    assets: BTreeMap<String, PathBuf>,
    read_diags: BTreeMap<String, Diagnostic>,
    parsed: BTreeMap<String, CachedPage>,
    git_dates: BTreeMap<PathBuf, String>,
    /// Render keys of the last good output, by output path.
    keys: BTreeMap<String, u64>,
    structure: u64,
    templates: u64,
    /// Pages changed since the last render, and whether any fragment changed.
    stale: BTreeSet<String>,
    fragments_changed: bool,
    /// Hash of the templates and whether any reads `data` directly (None: recompute).
    template_sig: Option<(u64, bool)>,
    output: Output,
    /// The search index does not reflect the last rebuild yet.
    search_stale: bool,
    /// The last good build's structure, for edits that cannot change it.
    last: Option<LastBuild>,
}

/// What a body-only edit reuses as it is: the tree, the data, the links' targets, the
/// templates and the reading order.
struct LastBuild {
    tree: content::ContentTree,
    data: Arc<data::DataSets>,
    resolver: Arc<Resolver>,
    renderer: Renderer,
    order: Vec<usize>,
    order_pos: Vec<usize>,
    by_rel: BTreeMap<String, usize>,
}

impl LastBuild {
    /// Runs `f` over a view of this build (the view owns the reading order meanwhile).
    fn with_view<R>(&mut self, config: &Config, f: impl FnOnce(&SiteView, &Renderer) -> R) -> R {
        let view = SiteView {
            config,
            tree: &self.tree,
            data: &self.data,
            resolver: &self.resolver,
            order: std::mem::take(&mut self.order),
            order_pos: std::mem::take(&mut self.order_pos),
        };
        let result = f(&view, &self.renderer);
        let SiteView {
            order, order_pos, ..
        } = view;
        self.order = order;
        self.order_pos = order_pos;
        result
    }
}

fn hash_of<T: Hash + ?Sized>(v: &T) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

impl Session {
    pub fn new(root: &Path, overrides: Overrides) -> Self {
        // Absolute, so that the watcher's absolute paths can be matched against it.
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Session {
            root,
            overrides,
            builder: Builder::new(),
            state: None,
            defer_search: false,
        }
    }

    /// Whether `rebuild` leaves the search index for `refresh_search`.
    pub fn defer_search(&mut self, defer: bool) {
        self.defer_search = defer;
    }

    /// Brings the search index up to date with the last good build; returns the index
    /// files that changed.
    pub fn refresh_search(&mut self) -> Vec<String> {
        let Some(state) = self.state.as_mut() else {
            return Vec::new();
        };
        if !state.search_stale {
            return Vec::new();
        }
        let Some(last) = state.last.as_mut() else {
            return Vec::new();
        };
        let mut out = state.output.clone();
        let before: BTreeSet<String> = out
            .files
            .keys()
            .filter(|k| crate::search::is_index_file(k))
            .cloned()
            .collect();
        out.files.retain(|k, _| !crate::search::is_index_file(k));
        let result = last.with_view(&state.config, |view, _| {
            crate::search::write_index(&mut out, view)
        });
        if result.is_err() {
            return Vec::new();
        }
        let mut changed: Vec<String> = out
            .files
            .keys()
            .filter(|k| crate::search::is_index_file(k))
            .filter(|k| state.output.read(k).ok() != out.read(k).ok())
            .cloned()
            .collect();
        changed.extend(before.into_iter().filter(|k| !out.files.contains_key(k)));
        state.output = out;
        state.search_stale = false;
        changed
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

    /// What kind of input `path` is (relative to the site root or absolute).
    pub fn classify(&self, path: &Path) -> ChangeKind {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        if is_editor_temp(rel) {
            return ChangeKind::Ignored;
        }
        let config_file = self
            .overrides
            .config_file
            .clone()
            .unwrap_or_else(|| PathBuf::from("handbook.yaml"));
        if rel == config_file {
            return ChangeKind::Config;
        }
        let (content_dir, theme) = match &self.state {
            Some(s) => (s.config.content_dir.clone(), s.config.theme.clone()),
            None => (PathBuf::from("content"), "default".to_string()),
        };
        if let Ok(inner) = rel.strip_prefix(&content_dir) {
            let inner = inner.to_string_lossy().replace('\\', "/");
            return match content::classify(&inner) {
                Class::Data => ChangeKind::Data,
                Class::Ignored if !inner.contains('.') => ChangeKind::Content,
                Class::Ignored => ChangeKind::Ignored,
                _ => ChangeKind::Content,
            };
        }
        let theme_dir = Path::new("themes").join(&theme);
        if rel.starts_with("templates") || rel.starts_with(theme_dir.join("templates")) {
            return ChangeKind::Template;
        }
        if rel.starts_with("static") || rel.starts_with(theme_dir.join("static")) {
            return ChangeKind::Static;
        }
        ChangeKind::Ignored
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
        if self.state.is_none() || kinds.contains(&ChangeKind::Config) {
            self.state = None;
            let state = self.load_all()?;
            self.state = Some(state);
        } else if let Some(state) = self.state.as_mut() {
            if kinds.contains(&ChangeKind::Template) || kinds.contains(&ChangeKind::Static) {
                state.theme =
                    theme::resolve_theme(&self.root, &state.config.theme).map_err(|d| vec![d])?;
                state.template_sig = None;
            }
            let content_dir = self.root.join(&state.config.content_dir);
            for path in changed {
                let kind = classify_path(&self.root, path, &content_dir);
                if matches!(kind, Some(ChangeKind::Content | ChangeKind::Data)) {
                    state.update_path(&self.root, &content_dir, path);
                }
            }
        }
        let Some(state) = self.state.as_mut() else {
            return Err(Vec::new());
        };
        let touched: BTreeSet<PathBuf> = changed
            .iter()
            .map(|p| {
                if p.is_absolute() {
                    p.clone()
                } else {
                    self.root.join(p)
                }
            })
            .collect();
        // Only existing pages' files changed: the fast path may apply.
        let body_only = !changed.is_empty()
            && changed.iter().all(|p| {
                let abs = if p.is_absolute() {
                    p.clone()
                } else {
                    self.root.join(p)
                };
                abs.is_file()
                    && abs
                        .strip_prefix(self.root.join(&state.config.content_dir))
                        .is_ok_and(|inner| {
                            content::classify(&inner.to_string_lossy().replace('\\', "/"))
                                == Class::Page
                        })
            });
        let mut rebuilt = state.render(&self.builder, &self.root, &touched, body_only)?;
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

    fn load_all(&self) -> Result<State, Vec<Diagnostic>> {
        let config = Config::load(&self.root, &self.overrides).map_err(|d| vec![d])?;
        let theme = theme::resolve_theme(&self.root, &config.theme).map_err(|d| vec![d])?;
        let content_dir = self.root.join(&config.content_dir);
        let (sources, diags) = content::read_sources(&content_dir, &self.root);
        let by_path = |files: Vec<SourceFile>| -> BTreeMap<String, SourceFile> {
            files.into_iter().map(|f| (f.rel_path.clone(), f)).collect()
        };
        let read_diags = diags
            .into_iter()
            .map(|d| (d.file.display().to_string(), d))
            .collect();
        Ok(State {
            git_dates: content::git::last_changes(&content_dir),
            config,
            theme,
            pages: by_path(sources.pages),
            fragments: by_path(sources.fragments),
            data_files: by_path(sources.data),
            assets: sources.assets.into_iter().collect(),
            read_diags,
            parsed: BTreeMap::new(),
            keys: BTreeMap::new(),
            structure: 0,
            templates: 0,
            stale: BTreeSet::new(),
            fragments_changed: false,
            template_sig: None,
            output: Output::in_memory(),
            search_stale: false,
            last: None,
        })
    }
}

fn classify_path(root: &Path, path: &Path, content_dir: &Path) -> Option<ChangeKind> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    let inner = abs.strip_prefix(content_dir).ok()?;
    if is_editor_temp(inner) {
        return None;
    }
    Some(
        match content::classify(&inner.to_string_lossy().replace('\\', "/")) {
            Class::Data => ChangeKind::Data,
            _ => ChangeKind::Content,
        },
    )
}

impl State {
    /// Re-reads one changed path under `content/`: a file (created, changed or deleted)
    /// or a folder (created, renamed or deleted).
    fn update_path(&mut self, root: &Path, content_dir: &Path, path: &Path) {
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            root.join(path)
        };
        let Ok(inner) = abs.strip_prefix(content_dir) else {
            return;
        };
        let rel = inner.to_string_lossy().replace('\\', "/");
        // Forget what was there (a folder: everything below it).
        let prefix = format!("{rel}/");
        self.stale.insert(rel.clone());
        if content::classify(&rel) == Class::Fragment
            || self.fragments.keys().any(|k| k.starts_with(&prefix))
        {
            self.fragments_changed = true;
        }
        for map in [&mut self.pages, &mut self.fragments, &mut self.data_files] {
            map.retain(|k, _| k != &rel && !k.starts_with(&prefix));
        }
        self.assets
            .retain(|k, _| k != &rel && !k.starts_with(&prefix));
        self.read_diags
            .retain(|k, _| !(k.ends_with(&format!("/{rel}")) || k.contains(&format!("/{prefix}"))));
        if abs.is_dir() {
            let (sources, diags) = content::read_sources(content_dir, root);
            // Only what lies below the folder is new.
            let below = |f: &SourceFile| f.rel_path.starts_with(&prefix);
            for f in sources.pages.into_iter().filter(below) {
                self.stale.insert(f.rel_path.clone());
                self.pages.insert(f.rel_path.clone(), f);
            }
            for f in sources.fragments.into_iter().filter(below) {
                self.fragments_changed = true;
                self.fragments.insert(f.rel_path.clone(), f);
            }
            for f in sources.data.into_iter().filter(below) {
                self.data_files.insert(f.rel_path.clone(), f);
            }
            for (r, p) in sources.assets {
                if r.starts_with(&prefix) {
                    self.assets.insert(r, p);
                }
            }
            for d in diags {
                self.read_diags.insert(d.file.display().to_string(), d);
            }
        } else if abs.exists() {
            let class = content::classify(&rel);
            if class == Class::Asset {
                self.assets.insert(rel, abs);
                return;
            }
            if class == Class::Ignored {
                return;
            }
            let display = Arc::new(abs.strip_prefix(root).unwrap_or(&abs).to_path_buf());
            match content::read_text(&abs, &display) {
                Ok(text) => {
                    let f = SourceFile {
                        rel_path: rel.clone(),
                        file: display,
                        text,
                    };
                    match class {
                        Class::Page => self.pages.insert(rel, f),
                        Class::Fragment => self.fragments.insert(rel, f),
                        _ => self.data_files.insert(rel, f),
                    };
                }
                Err(d) => {
                    self.read_diags.insert(d.file.display().to_string(), d);
                }
            }
        }
    }

    /// Runs the pipeline over the current sources, reusing parses and rendered pages
    /// whose inputs did not change.
    fn render(
        &mut self,
        builder: &Builder,
        root: &Path,
        touched: &BTreeSet<PathBuf>,
        body_only: bool,
    ) -> Result<Rebuilt, Vec<Diagnostic>> {
        let mut diags: Vec<Diagnostic> = self.read_diags.values().cloned().collect();

        let timing = std::env::var_os("HANDBOOK_TIMINGS").is_some();
        let mut last = Instant::now();
        let mut lap = |stage: &str| {
            if timing {
                eprintln!(
                    "  {stage:>12}: {:>7.1} ms",
                    last.elapsed().as_secs_f64() * 1000.0
                );
                last = Instant::now();
            }
        };
        // Data.
        let data_list: Vec<SourceFile> = self.data_files.values().cloned().collect();
        let (data, d) = data::load_data_sets(&data_list);
        diags.extend(d);
        let data = Arc::new(data);

        lap("data");
        // Parse what changed: a page whose text or included fragments changed.
        let frag_hash: BTreeMap<&str, u64> = self
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
        let fragments = content::fragments_from(self.fragments.values().cloned().collect());
        let ctx = ParseContext {
            highlighter: builder.highlighter(),
            fragments: &fragments,
        };
        let stale: Vec<&SourceFile> = self
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
        let reparsed: Vec<(String, CachedPage)> = stale
            .into_par_iter()
            .map(|f| {
                let (page, d) = content::parse_page(f.clone(), &ctx);
                let hash = page_hash(f, &page.doc.includes);
                (
                    f.rel_path.clone(),
                    CachedPage {
                        hash,
                        page,
                        diags: d,
                    },
                )
            })
            .collect();
        let reparsed_paths: Vec<String> = reparsed.iter().map(|(k, _)| k.clone()).collect();
        self.parsed.extend(reparsed);
        self.stale.clear();
        self.fragments_changed = false;
        if body_only && !reparsed_paths.is_empty() && self.read_diags.is_empty() {
            if let Some(result) = self.edit_bodies(&reparsed_paths) {
                return result;
            }
        }
        self.last = None;
        self.parsed.retain(|k, _| self.pages.contains_key(k));
        let mut pages = Vec::with_capacity(self.parsed.len());
        for c in self.parsed.values() {
            diags.extend(c.diags.iter().cloned());
            pages.push(c.page.clone());
        }
        lap("parse");
        let config = &self.config;
        let (mut tree, d) = content::assemble_tree(pages, fragments, config.drafts);
        diags.extend(d);
        if !self.git_dates.is_empty() {
            let abs_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
            for page in tree.pages.iter_mut().filter(|p| !p.generated) {
                page.updated = self
                    .git_dates
                    .get(&abs_root.join(page.file.as_ref()))
                    .cloned();
            }
        }

        lap("assemble");
        // Resolve.
        let assets: Vec<(String, PathBuf)> = self
            .assets
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut files_out: BTreeSet<String> = assets.iter().map(|(p, _)| p.clone()).collect();
        files_out.extend(self.theme.statics.keys().cloned());
        files_out.insert("highlight.css".into());
        files_out.insert("sitemap.xml".into());
        let resolver = Arc::new(Resolver::new(&tree, &data, &config.base_path(), files_out));
        lap("resolver");
        let (d, _inbound) = resolve::resolve_pages(&mut tree, &resolver);
        diags.extend(d);
        diags.extend(resolve::check_data_links(&data, &resolver));

        lap("resolve");
        // Render what changed.
        let renderer = match Renderer::new(&self.theme, config, data.clone(), resolver.clone()) {
            Ok(r) => r,
            Err(d) => {
                diags.extend(d);
                sort_diagnostics(&mut diags);
                return Err(diags);
            }
        };
        diags.extend(resolve::check_shortcodes(
            &tree,
            &data,
            &renderer.shortcodes(),
        ));
        if diags.iter().any(Diagnostic::is_error) {
            sort_diagnostics(&mut diags);
            return Err(diags);
        }
        let order = tree.reading_order();
        let mut order_pos = vec![usize::MAX; tree.pages.len()];
        for (i, &p) in order.iter().enumerate() {
            order_pos[p] = i;
        }
        let view = SiteView {
            config,
            tree: &tree,
            data: &data,
            resolver: &resolver,
            order,
            order_pos,
        };
        lap("renderer");
        let shared = KeyInputs::new(&view, &self.theme, &self.parsed, &mut self.template_sig);
        let keys: Vec<(String, u64)> = (0..tree.pages.len())
            .into_par_iter()
            .map(|pid| {
                (
                    format!("{}index.html", tree.pages[pid].url),
                    shared.page_key(&view, pid),
                )
            })
            .collect();
        let dirty: Vec<usize> = keys
            .iter()
            .enumerate()
            .filter(|(_, (path, key))| self.keys.get(path) != Some(key))
            .map(|(pid, _)| pid)
            .collect();
        lap("keys");
        let rendered: Vec<(usize, Result<String, Vec<Diagnostic>>)> = dirty
            .par_iter()
            .map(|&pid| (pid, renderer.render_page(&view, pid)))
            .collect();
        let mut out = Output::in_memory();
        let mut fresh: BTreeMap<usize, String> = BTreeMap::new();
        for (pid, r) in rendered {
            match r {
                Ok(html) => {
                    fresh.insert(pid, html);
                }
                Err(d) => diags.extend(d),
            }
        }
        for (pid, (path, _)) in keys.iter().enumerate() {
            match fresh.remove(&pid) {
                Some(html) => {
                    let _ = out.add(path.clone(), html.into_bytes());
                }
                None => {
                    if let Some(file) = self.output.files.get(path) {
                        out.insert(path.clone(), file.clone());
                    }
                }
            }
        }
        lap("render");
        let structure = shared.structure;
        let print = if structure == self.structure && shared.templates == self.templates {
            PrintViews::Reuse(&self.output)
        } else {
            PrintViews::Render
        };
        if let Err(e) = builder.add_site_files(
            &mut out,
            &view,
            &renderer,
            &self.theme,
            &assets,
            &mut diags,
            print,
            false,
        ) {
            diags.push(Diagnostic::error("(memory)", Rule::Io, e.to_string()));
        }
        // The search index is refreshed separately: until then the previous one stays.
        for (path, file) in &self.output.files {
            if crate::search::is_index_file(path) {
                out.insert(path.clone(), file.clone());
            }
        }
        sort_diagnostics(&mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }

        lap("site files");
        // What changed, for the browser.
        let mut changed = Vec::new();
        for (path, file) in &out.files {
            let same = match (self.output.files.get(path), file) {
                (Some(OutputFile::Copy(a)), OutputFile::Copy(b)) => a == b && !touched.contains(b),
                (Some(OutputFile::Bytes(a)), OutputFile::Bytes(b)) => {
                    std::sync::Arc::ptr_eq(a, b) || a == b
                }
                (Some(_), _) => self.output.read(path).ok() == out.read(path).ok(),
                (None, _) => false,
            };
            if !same {
                changed.push(path.clone());
            }
        }
        for path in self.output.files.keys() {
            if !out.files.contains_key(path) {
                changed.push(path.clone());
            }
        }
        changed.sort();
        let css_only = !changed.is_empty() && changed.iter().all(|p| p.ends_with(".css"));
        let rendered_count = dirty.len();
        self.keys = keys.into_iter().collect();
        self.structure = structure;
        self.templates = shared.templates;
        let SiteView {
            order, order_pos, ..
        } = view;
        self.output = out;
        let by_rel = tree
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.generated)
            .map(|(i, p)| (p.rel_path.clone(), i))
            .collect();
        self.last = Some(LastBuild {
            tree,
            data,
            resolver,
            renderer,
            order,
            order_pos,
            by_rel,
        });
        Ok(Rebuilt {
            changed,
            rendered: rendered_count,
            css_only,
            warnings: diags,
            took: Duration::ZERO,
            kinds: BTreeSet::new(),
            search_index_only: false,
        })
    }
}

impl State {
    /// The fast path for edits to pages' bodies: when no page's front matter, title or
    /// anchors changed, the structure, the navigation and every other page are as they
    /// were, so only the edited pages are resolved and rendered. `None`: take the full
    /// path.
    fn edit_bodies(&mut self, paths: &[String]) -> Option<Result<Rebuilt, Vec<Diagnostic>>> {
        let last = self.last.as_mut()?;
        let mut edits = Vec::new();
        // A title (or description) change is taken here too, for one page at a time: it
        // changes only what shows that page's title.
        let mut retitled = false;
        for rel in paths {
            let &pid = last.by_rel.get(rel)?;
            let cached = self.parsed.get(rel)?;
            let old = &last.tree.pages[pid];
            let new = &cached.page;
            let same_but_title = {
                let mut f = new.front.clone();
                f.title = old.front.title.clone();
                f.description = old.front.description.clone();
                f == old.front
            };
            if !cached.diags.is_empty()
                || !same_but_title
                || new.doc.title.as_ref().map(|h| &h.id) != old.doc.title.as_ref().map(|h| &h.id)
                || resolve::page_anchors(new, &last.data) != last.resolver.anchors[pid]
            {
                return None;
            }
            if new.title != old.title || new.front.description != old.front.description {
                if paths.len() > 1 {
                    return None;
                }
                retitled = true;
            }
            edits.push((pid, new.clone()));
        }
        let mut diags = Vec::new();
        let known = last.renderer.shortcodes();
        for (pid, new) in edits.iter_mut() {
            let page = &mut last.tree.pages[*pid];
            page.doc = new.doc.clone();
            page.text = new.text.clone();
            page.lines = new.lines.clone();
            page.body_start = new.body_start;
            page.front = new.front.clone();
            page.title = new.title.clone();
            let (d, _) = resolve::resolve_page(*pid, page, &last.resolver);
            diags.extend(d);
            diags.extend(resolve::check_page_shortcodes(page, &last.data, &known));
        }
        // Which pages show what changed.
        let mut dirty: BTreeSet<usize> = edits.iter().map(|(p, _)| *p).collect();
        let mut print_sections: Vec<usize> = Vec::new();
        let mut not_found = false;
        if retitled {
            let x = edits[0].0;
            let tree = &mut last.tree;
            tree.order_children();
            let order = tree.reading_order();
            let mut order_pos = vec![usize::MAX; tree.pages.len()];
            for (i, &p) in order.iter().enumerate() {
                order_pos[p] = i;
            }
            // Pages whose previous or next page changed, or is the retitled one.
            let neighbours = |order: &[usize], pos: &[usize], p: usize| {
                let i = pos[p];
                if i == usize::MAX {
                    return (None, None);
                }
                (
                    i.checked_sub(1).map(|j| order[j]),
                    order.get(i + 1).copied(),
                )
            };
            for p in 0..tree.pages.len() {
                let before = neighbours(&last.order, &last.order_pos, p);
                let after = neighbours(&order, &order_pos, p);
                if before != after || after.0 == Some(x) || after.1 == Some(x) {
                    dirty.insert(p);
                }
            }
            // Pages whose navigation lists it: everything below the section that lists it.
            let page = &tree.pages[x];
            if let Some(listing) = page.parent {
                for (p, q) in tree.pages.iter().enumerate() {
                    let mut s = q.own_section.or(q.parent);
                    while let Some(sid) = s {
                        if sid == listing {
                            dirty.insert(p);
                            break;
                        }
                        s = tree.sections[sid].parent;
                    }
                }
                not_found = listing == tree.root_section();
            }
            // Print views list the titles below them and show the navigation: those of
            // the sections above it, and of every section below the one listing it.
            let mut s = page.own_section.or(page.parent);
            while let Some(sid) = s {
                print_sections.push(sid);
                s = tree.sections[sid].parent;
            }
            if let Some(listing) = page.parent {
                for sid in 0..tree.sections.len() {
                    let mut s = Some(sid);
                    while let Some(c) = s {
                        if c == listing {
                            print_sections.push(sid);
                            break;
                        }
                        s = tree.sections[c].parent;
                    }
                }
            }
            print_sections.sort_unstable();
            print_sections.dedup();
            last.order = order;
            last.order_pos = order_pos;
        }
        let output = &self.output;
        let rendered: Vec<(String, String)> = last.with_view(&self.config, |view, renderer| {
            let mut rendered = Vec::new();
            if diags.iter().any(Diagnostic::is_error) {
                return rendered;
            }
            let pages: Vec<usize> = dirty.iter().copied().collect();
            let results: Vec<(String, Result<String, Vec<Diagnostic>>)> = pages
                .par_iter()
                .map(|&pid| {
                    (
                        format!("{}index.html", view.tree.pages[pid].url),
                        renderer.render_page(view, pid),
                    )
                })
                .collect();
            for (path, r) in results {
                match r {
                    Ok(html) => rendered.push((path, html)),
                    Err(d) => diags.extend(d),
                }
            }
            for sid in print_sections {
                let url = format!(
                    "{}print/",
                    view.tree.pages[view.tree.sections[sid].index].url
                );
                let path = format!("{url}index.html");
                if !output.files.contains_key(&path) {
                    continue;
                }
                match renderer.render_print(view, sid) {
                    Ok(html) => rendered.push((path, html)),
                    Err(d) => diags.extend(d),
                }
            }
            if not_found {
                match renderer.render_not_found(view) {
                    Ok(html) => rendered.push(("404.html".to_string(), html)),
                    Err(d) => diags.extend(d),
                }
                // The search results page shows the same navigation.
                if output.files.contains_key(crate::search::RESULTS_PAGE) {
                    match renderer.render_site_page(view, "search.html") {
                        Ok(html) => rendered.push((crate::search::RESULTS_PAGE.to_string(), html)),
                        Err(d) => diags.extend(d),
                    }
                }
            }
            rendered
        });
        if diags.iter().any(Diagnostic::is_error) {
            sort_diagnostics(&mut diags);
            // The next rebuild starts from the files again.
            self.last = None;
            return Some(Err(diags));
        }
        let mut out = self.output.clone();
        let mut changed = Vec::new();
        for (path, html) in rendered {
            if self.output.read(&path).ok().as_deref() != Some(html.as_bytes()) {
                changed.push(path.clone());
            }
            let _ = out.add(path.clone(), html.into_bytes());
            // Its stored key no longer describes it: the next full pass renders it again.
            self.keys.insert(path, 0);
        }
        if retitled {
            // Print views and the sitemap follow titles and order: the next full pass
            // compares them again.
            self.structure = 0;
        }
        self.output = out;
        changed.sort();
        sort_diagnostics(&mut diags);
        Some(Ok(Rebuilt {
            changed,
            rendered: dirty.len(),
            css_only: false,
            warnings: diags,
            took: Duration::ZERO,
            kinds: BTreeSet::new(),
            search_index_only: false,
        }))
    }
}

/// What page keys are made of, computed once per rebuild.
struct KeyInputs {
    templates: u64,
    /// Per section: its children as the navigation shows them.
    section_nav: Vec<u64>,
    /// Per data set: its value.
    data: BTreeMap<String, u64>,
    /// Templates other than shortcodes read `data` directly: every page depends on all data.
    data_global: bool,
    config: u64,
    /// Titles, URLs, weights and places of all pages: what print views and the sitemap show.
    structure: u64,
    parse: Vec<u64>,
}

impl KeyInputs {
    fn new(
        view: &SiteView,
        theme: &theme::Theme,
        parsed: &BTreeMap<String, CachedPage>,
        template_sig: &mut Option<(u64, bool)>,
    ) -> Self {
        let tree = view.tree;
        let (templates, data_global) = *template_sig.get_or_insert_with(|| {
            let mut templates = DefaultHasher::new();
            let mut data_global = false;
            for (name, file) in &theme.templates {
                name.hash(&mut templates);
                let bytes = file.source.read().unwrap_or_default();
                bytes.hash(&mut templates);
                if !name.starts_with("shortcodes/")
                    && String::from_utf8_lossy(&bytes).contains("data.")
                {
                    data_global = true;
                }
            }
            (templates.finish(), data_global)
        });
        let item = |pid: usize| {
            let p = &tree.pages[pid];
            (p.title.as_str(), p.url.as_str())
        };
        let section_nav = tree
            .sections
            .iter()
            .enumerate()
            .map(|(s, sec)| {
                let mut h = DefaultHasher::new();
                for &child in tree.children(s) {
                    match child {
                        content::NavChild::Page(p) => (0u8, item(p)).hash(&mut h),
                        content::NavChild::Section(c) => {
                            let cs = &tree.sections[c];
                            (1u8, item(cs.index), cs.children.is_empty()).hash(&mut h)
                        }
                    }
                }
                item(sec.index).hash(&mut h);
                h.finish()
            })
            .collect();
        let data = view
            .data
            .sets
            .iter()
            .map(|(k, v)| (k.clone(), hash_of(&v.value.to_string())))
            .collect();
        let mut structure = DefaultHasher::new();
        for p in &tree.pages {
            (
                &p.url,
                &p.title,
                p.parent,
                p.own_section,
                &p.front.aliases,
                &p.front.reviewed,
            )
                .hash(&mut structure);
        }
        view.order.hash(&mut structure);
        let parse = tree
            .pages
            .iter()
            .map(|p| parsed.get(&p.rel_path).map(|c| c.hash).unwrap_or(0))
            .collect();
        KeyInputs {
            templates,
            section_nav,
            data,
            data_global,
            config: hash_of(&format!("{:?}", view.config)),
            structure: structure.finish(),
            parse,
        }
    }

    /// Everything the page's HTML depends on, hashed.
    fn page_key(&self, view: &SiteView, pid: usize) -> u64 {
        let tree = view.tree;
        let page = &tree.pages[pid];
        let mut h = DefaultHasher::new();
        (self.templates, self.config, self.parse[pid]).hash(&mut h);
        (
            &page.url,
            &page.title,
            &page.hrefs,
            &page.updated,
            page.generated,
        )
            .hash(&mut h);
        // The navigation: the children of every section on the way to the page.
        let mut s = page.own_section.or(page.parent);
        while let Some(sid) = s {
            self.section_nav[sid].hash(&mut h);
            s = tree.sections[sid].parent;
        }
        let root = tree.sections[tree.root_section()].index;
        (&tree.pages[root].title, &tree.pages[root].url).hash(&mut h);
        // Previous and next.
        let pos = view.order_pos[pid];
        if pos != usize::MAX {
            for n in [pos.checked_sub(1), Some(pos + 1)].into_iter().flatten() {
                if let Some(&q) = view.order.get(n) {
                    let qp = &tree.pages[q];
                    (&qp.title, &qp.url, &qp.front.description).hash(&mut h);
                }
            }
        }
        // Section pages list their children with descriptions.
        if let Some(sid) = page.own_section {
            for &child in tree.children(sid) {
                let q = match child {
                    content::NavChild::Page(p) => p,
                    content::NavChild::Section(c) => tree.sections[c].index,
                };
                tree.pages[q].front.description.hash(&mut h);
            }
        }
        // Data: the sets its shortcodes read, the glossary, or all of it.
        if self.data_global {
            self.data.hash(&mut h);
        } else {
            self.data.get("glossary").hash(&mut h);
            for sc in &page.doc.shortcodes {
                if let Some(path) = sc.call.args.get("data") {
                    let set = path.split('.').next().unwrap_or("");
                    self.data.get(set).hash(&mut h);
                    self.data
                        .iter()
                        .filter(|(k, _)| k.starts_with(&format!("{set}.")))
                        .for_each(|kv| kv.hash(&mut h));
                }
            }
        }
        h.finish()
    }
}
