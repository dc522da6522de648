//! handbook: a static handbook site generator.
//!
//! The pipeline, one way: load (config, content, data, theme) -> parse (each page once)
//! -> resolve (URLs, anchors, links, data references) -> render (Tera, in parallel) ->
//! output (files in memory, then written atomically). `build` and the other commands
//! share it; only the sink differs.

pub mod bench;
pub mod check;
pub mod config;
pub mod content;
pub mod data;
pub mod diagnostics;
pub mod markdown;
pub mod output;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod session;
pub mod theme;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use config::{Config, Overrides};
use content::ContentTree;
use data::DataSets;
use diagnostics::{sort_diagnostics, Diagnostic, Rule};
use markdown::highlight::{highlight_css, Highlighter};
use output::Output;
use render::{Renderer, SiteView};
use resolve::Resolver;

/// A site built in memory.
pub struct BuiltSite {
    pub config: Config,
    pub tree: ContentTree,
    pub data: Arc<DataSets>,
    pub output: Output,
    /// Warnings (a build with errors returns `Err`).
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took.
    pub timings: Timings,
    /// For each page, how many other pages link to it.
    pub inbound: Vec<usize>,
}

/// Wall time per pipeline stage, for `build --timings`.
#[derive(Debug, Clone)]
pub struct Timings {
    last: std::time::Instant,
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    fn start() -> Self {
        Timings {
            last: std::time::Instant::now(),
            stages: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

/// What stays loaded between builds of one process (syntax definitions).
pub struct Builder {
    highlighter: Highlighter,
    /// The generated code stylesheet for the last (light, dark) themes asked for.
    highlight_css: std::sync::Mutex<Option<((String, String), String)>>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    pub fn new() -> Self {
        Builder {
            highlighter: Highlighter::new(),
            highlight_css: std::sync::Mutex::new(None),
        }
    }

    /// Builds the site under `root` into memory. All errors come back together, sorted.
    pub fn build(&self, root: &Path, overrides: &Overrides) -> Result<BuiltSite, Vec<Diagnostic>> {
        into_result(self.build_with(root, overrides, |_| Ok(Output::in_memory())))
    }

    /// Builds the site without keeping or writing any output (for `check`). The site
    /// comes back whenever the content could be loaded, errors or not, so that checks
    /// can look at it; the diagnostics hold errors and warnings.
    pub fn build_discarding(
        &self,
        root: &Path,
        overrides: &Overrides,
    ) -> (Option<BuiltSite>, Vec<Diagnostic>) {
        self.build_with(root, overrides, |_| Ok(Output::discarding()))
    }

    /// Builds the site, writing into a staging folder that replaces the output folder
    /// only when the whole build succeeded.
    pub fn build_to_disk(
        &self,
        root: &Path,
        overrides: &Overrides,
    ) -> Result<BuiltSite, Vec<Diagnostic>> {
        let site = into_result(self.build_with(root, overrides, |config| {
            Output::staged(&root.join(&config.output_dir))
        }))?;
        let out_dir = root.join(&site.config.output_dir);
        let BuiltSite {
            config,
            tree,
            data,
            output,
            warnings,
            mut timings,
            inbound,
        } = site;
        if let Err(e) = output.commit(&out_dir) {
            return Err(vec![io_error(&config.output_dir, &e)]);
        }
        timings.lap("swap");
        Ok(BuiltSite {
            config,
            tree,
            data,
            output: Output::in_memory(),
            warnings,
            timings,
            inbound,
        })
    }

    fn build_with(
        &self,
        root: &Path,
        overrides: &Overrides,
        make_output: impl FnOnce(&Config) -> std::io::Result<Output>,
    ) -> (Option<BuiltSite>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let config = match Config::load(root, overrides) {
            Ok(c) => c,
            Err(d) => return (None, vec![d]),
        };
        let theme = match theme::resolve_theme(root, &config.theme) {
            Ok(t) => Some(t),
            Err(d) => {
                diags.push(d);
                None
            }
        };

        // Load and parse.
        let content_dir = root.join(&config.content_dir);
        let mut timings = Timings::start();
        let (mut sources, d) = content::read_sources(&content_dir, root);
        timings.lap("read");
        diags.extend(d);
        let data_files = std::mem::take(&mut sources.data);
        let (data, d) = data::load_data_sets(&data_files);
        diags.extend(d);
        let data = Arc::new(data);
        let assets = std::mem::take(&mut sources.assets);
        timings.lap("data");
        let (mut tree, d) = content::build_tree(sources, &self.highlighter, config.drafts);
        timings.lap("parse");
        diags.extend(d);
        let changes = content::git::last_changes(&content_dir);
        if !changes.is_empty() {
            let abs_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
            for page in tree.pages.iter_mut().filter(|p| !p.generated) {
                page.updated = changes.get(&abs_root.join(page.file.as_ref())).cloned();
            }
        }
        timings.lap("git dates");

        // Resolve.
        let mut files_out: BTreeSet<String> = assets.iter().map(|(p, _)| p.clone()).collect();
        if let Some(t) = &theme {
            files_out.extend(t.statics.keys().cloned());
        }
        files_out.insert("highlight.css".into());
        files_out.insert("sitemap.xml".into());
        let base_path = config.base_path();
        let resolver = Arc::new(Resolver::new(&tree, &data, &base_path, files_out));
        let (d, inbound) = resolve::resolve_pages(&mut tree, &resolver);
        diags.extend(d);
        diags.extend(resolve::check_data_links(&data, &resolver));
        timings.lap("resolve");

        // Render.
        let unrendered = |config, tree, data, mut diags: Vec<Diagnostic>, timings, inbound| {
            sort_diagnostics(&mut diags);
            let site = BuiltSite {
                config,
                tree,
                data,
                output: Output::in_memory(),
                warnings: Vec::new(),
                timings,
                inbound,
            };
            (Some(site), diags)
        };
        let Some(theme) = theme else {
            return unrendered(config, tree, data, diags, timings, inbound);
        };
        let renderer = match Renderer::new(&theme, &config, data.clone(), resolver.clone()) {
            Ok(r) => r,
            Err(d) => {
                diags.extend(d);
                return unrendered(config, tree, data, diags, timings, inbound);
            }
        };
        diags.extend(resolve::check_shortcodes(
            &tree,
            &data,
            &renderer.shortcodes(),
        ));
        let order = tree.reading_order();
        let mut order_pos = vec![usize::MAX; tree.pages.len()];
        for (i, &p) in order.iter().enumerate() {
            order_pos[p] = i;
        }
        let view = SiteView {
            config: &config,
            tree: &tree,
            data: &data,
            resolver: &resolver,
            order,
            order_pos,
        };
        // With errors already found, pages are still rendered (to find template errors
        // too) but nothing is kept.
        let has_errors = diags.iter().any(Diagnostic::is_error);
        let mut out = if has_errors {
            Output::discarding()
        } else {
            match make_output(&config) {
                Ok(o) => o,
                Err(e) => {
                    diags.push(io_error(&config.output_dir, &e));
                    Output::discarding()
                }
            }
        };
        {
            // Each page is written as soon as it is rendered: a build to disk never holds
            // the whole site's HTML.
            let rendered: Vec<(String, Result<output::OutputFile, Vec<Diagnostic>>)> =
                (0..tree.pages.len())
                    .into_par_iter()
                    .map(|pid| {
                        let path = format!("{}index.html", tree.pages[pid].url);
                        let file = renderer.render_page(&view, pid).and_then(|html| {
                            out.prepare(&path, html.into_bytes())
                                .map_err(|e| vec![io_error(&config.output_dir, &e)])
                        });
                        (path, file)
                    })
                    .collect();
            timings.lap("render+write pages");
            for (path, r) in rendered {
                match r {
                    Ok(file) => out.insert(path, file),
                    Err(d) => diags.extend(d),
                }
            }
            if let Err(e) = self.add_site_files(
                &mut out,
                &view,
                &renderer,
                &theme,
                &assets,
                &mut diags,
                PrintViews::Render,
                true,
            ) {
                diags.push(io_error(&config.output_dir, &e));
            }
            timings.lap("site files");
        }
        sort_diagnostics(&mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            out.abort();
            out = Output::discarding();
        }
        drop(view);
        let site = BuiltSite {
            config,
            tree,
            data,
            output: out,
            warnings: Vec::new(),
            timings,
            inbound,
        };
        (Some(site), diags)
    }
}

/// Whether a rebuild renders the sections' print views or keeps the previous ones.
pub(crate) enum PrintViews<'a> {
    Render,
    Reuse(&'a Output),
}

impl Builder {
    pub(crate) fn highlighter(&self) -> &Highlighter {
        &self.highlighter
    }

    /// The code stylesheet, generated once per pair of themes.
    fn code_css(&self, light: &str, dark: &str) -> Result<String, String> {
        let key = (light.to_string(), dark.to_string());
        let mut cache = self.highlight_css.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, css)) = cache.as_ref() {
            if *k == key {
                return Ok(css.clone());
            }
        }
        let css = highlight_css(light, dark)?;
        *cache = Some((key, css.clone()));
        Ok(css)
    }

    /// Files besides the pages: static files, assets, code colours, 404, print views,
    /// redirects, sitemap and the search index.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add_site_files(
        &self,
        out: &mut Output,
        site: &SiteView,
        renderer: &Renderer,
        theme: &theme::Theme,
        assets: &[(String, PathBuf)],
        diags: &mut Vec<Diagnostic>,
        print: PrintViews,
        with_search: bool,
    ) -> std::io::Result<()> {
        let config = site.config;
        let base = &site.resolver.base_path;
        // Static files and content assets, copied as they are.
        for (name, file) in &theme.statics {
            match &file.source {
                theme::FileSource::Embedded(b) => out.add(name.clone(), b.to_vec())?,
                theme::FileSource::Disk(p) => out.copy(name.clone(), p.clone())?,
            }
        }
        for (rel, path) in assets {
            out.copy(rel.clone(), path.clone())?;
        }
        match self.code_css(&config.highlight_theme.light, &config.highlight_theme.dark) {
            Ok(css) => out.add("highlight.css", css)?,
            Err(msg) => diags.push(
                Diagnostic::error("handbook.yaml", Rule::Config, msg)
                    .with_hint("set highlight_theme.light and .dark to available themes"),
            ),
        }

        // 404 page: the home page's context with the 404 template.
        match renderer.render_not_found(site) {
            Ok(html) => out.add("404.html", html)?,
            Err(d) => diags.extend(d),
        }

        // The search results page (`search/?q=...`), unless a page of the site is there.
        if renderer.has_template("search.html") && !site.resolver.by_url.contains_key("search/") {
            match renderer.render_site_page(site, "search.html") {
                Ok(html) => out.add(search::RESULTS_PAGE, html)?,
                Err(d) => diags.extend(d),
            }
        }

        // A print view per section with pages: `<section>/print/`.
        for (sid, sec) in site.tree.sections.iter().enumerate() {
            if sec.children.is_empty() {
                continue;
            }
            let url = format!("{}print/", site.tree.pages[sec.index].url);
            if site.resolver.by_url.contains_key(&url) {
                continue;
            }
            let path = format!("{url}index.html");
            match &print {
                PrintViews::Reuse(prev) => {
                    if let Ok(bytes) = prev.read(&path) {
                        out.add(path, bytes)?;
                        continue;
                    }
                }
                PrintViews::Render => {}
            }
            match renderer.render_print(site, sid) {
                Ok(html) => out.add(path, html)?,
                Err(d) => diags.extend(d),
            }
        }

        // Redirects for aliases: a page per alias and a `_redirects` file.
        let mut redirects: BTreeMap<String, String> = BTreeMap::new();
        for page in &site.tree.pages {
            for alias in &page.front.aliases {
                let target = format!("{base}{}", page.url);
                let Some(path) = output::alias_path(alias) else {
                    diags.push(
                        Diagnostic::error(
                            page.file.as_ref(),
                            Rule::Alias,
                            format!("alias `{alias}` is not a site path"),
                        )
                        .at(diagnostics::Position { line: 1, col: 1 })
                        .with_hint("write aliases as site paths such as /old/page/"),
                    );
                    continue;
                };
                let file = if path.ends_with('/') {
                    format!("{path}index.html")
                } else {
                    path.clone()
                };
                if out.files.contains_key(&file) || redirects.contains_key(&path) {
                    diags.push(
                        Diagnostic::error(
                            page.file.as_ref(),
                            Rule::Alias,
                            format!("alias `{alias}` collides with an existing page or alias"),
                        )
                        .at(diagnostics::Position { line: 1, col: 1 })
                        .with_hint("remove the alias or move the other page"),
                    );
                    continue;
                }
                match renderer.render_named(
                    "redirect.html",
                    &[("target", tera::Value::from(target.as_str()))],
                ) {
                    Ok(html) => out.add(file, html)?,
                    Err(d) => diags.push(d),
                }
                redirects.insert(path, target);
            }
        }
        let mut rules = String::new();
        for (from, to) in &redirects {
            rules.push_str(&format!("{base}{from} {to} 301\n"));
        }
        if !rules.is_empty() {
            out.add("_redirects", rules)?;
        }

        // Sitemap, in navigation order.
        let origin = config.origin();
        // Hidden pages are not in the navigation but are still pages of the site.
        let hidden = (0..site.tree.pages.len()).filter(|&p| site.order_pos[p] == usize::MAX);
        let entries: Vec<(String, Option<String>)> = site
            .order
            .iter()
            .copied()
            .chain(hidden)
            .map(|p| {
                let page = &site.tree.pages[p];
                (
                    format!("{origin}{base}{}", page.url),
                    page.front.reviewed.clone(),
                )
            })
            .collect();
        out.add("sitemap.xml", output::sitemap(&entries))?;
        if with_search {
            search::write_index(out, site)?;
        }
        Ok(())
    }
}

/// Builds the site under `root` and writes it to its output folder (atomically).
pub fn build(root: &Path, overrides: &Overrides) -> Result<BuiltSite, Vec<Diagnostic>> {
    Builder::new().build_to_disk(root, overrides)
}

/// A build with errors is an `Err` with every diagnostic; a good one carries its warnings.
fn into_result(
    (site, diags): (Option<BuiltSite>, Vec<Diagnostic>),
) -> Result<BuiltSite, Vec<Diagnostic>> {
    match site {
        Some(mut site) if !diags.iter().any(Diagnostic::is_error) => {
            site.warnings = diags;
            Ok(site)
        }
        _ => Err(diags),
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, Rule::Io, format!("cannot write the output: {e}"))
        .with_hint("check that the output folder's parent is writable and has space")
}
