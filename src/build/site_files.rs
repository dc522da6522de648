//! The files of a site besides its pages: static files and content assets, the code
//! stylesheet, the 404 page, the search results page, the sections' print views,
//! redirects for aliases, and the sitemap. One function each.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::content::SectionId;
use crate::diagnostics::{Diagnostic, Position, Rule};
use crate::markdown::highlight::CodeTheme;
use crate::output::{self, Output};
use crate::render::{NavValues, Renderer};
use crate::site::Site;
use crate::theme::{FileSource, Theme};

/// The code colours' stylesheet.
pub const CODE_CSS: &str = "highlight.css";
/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";
/// The 404 page.
pub const NOT_FOUND: &str = "404.html";
pub use crate::render::NAV_TOP_FILE;
/// Redirect rules for hosts that read them (GitLab Pages, Netlify).
pub const REDIRECTS: &str = "_redirects";
/// Generated files pages may link to.
pub const LINKABLE: [&str; 2] = [CODE_CSS, SITEMAP];

/// Whether a rebuild renders the sections' print views or keeps the previous ones.
pub enum PrintViews<'a> {
    Render,
    Reuse(&'a Output),
}

/// A (light, dark) pair of syntect theme names.
type ThemePair = (String, String);

/// The code colours, loaded once per pair of (light, dark) syntect themes.
#[derive(Default)]
pub struct CodeCss {
    last: Mutex<Option<(ThemePair, Arc<CodeTheme>)>>,
}

impl CodeCss {
    /// The themes' palette, or why they cannot be loaded.
    pub fn theme(&self, light: &str, dark: &str) -> Result<Arc<CodeTheme>, String> {
        let key = (light.to_string(), dark.to_string());
        let mut cache = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, theme)) = cache.as_ref() {
            if *k == key {
                return Ok(theme.clone());
            }
        }
        let theme = Arc::new(CodeTheme::load(light, dark)?);
        *cache = Some((key, theme.clone()));
        Ok(theme)
    }

    /// The palette code is highlighted with: the configured one, or the default one when
    /// it cannot be loaded (the stylesheet step reports why).
    pub fn theme_or_default(&self, light: &str, dark: &str) -> Arc<CodeTheme> {
        self.theme(light, dark).unwrap_or_else(|_| {
            let d = crate::config::HighlightThemes::default();
            self.theme(&d.light, &d.dark)
                .unwrap_or_else(|_| Arc::new(CodeTheme::fallback()))
        })
    }

    fn get(&self, light: &str, dark: &str) -> Result<String, String> {
        self.theme(light, dark).map(|t| t.css())
    }
}

/// What the site files are made from.
pub struct SiteFiles<'a> {
    pub site: &'a Site,
    pub renderer: &'a Renderer,
    pub theme: &'a Theme,
    pub code_css: &'a CodeCss,
    /// The navigation's entries, shared by the files rendered with it.
    nav: NavValues,
}

/// A rendered file or the problems rendering it found.
type Rendered = Result<String, Vec<Diagnostic>>;

impl<'a> SiteFiles<'a> {
    pub fn new(
        site: &'a Site,
        renderer: &'a Renderer,
        theme: &'a Theme,
        code_css: &'a CodeCss,
    ) -> Self {
        SiteFiles {
            site,
            renderer,
            theme,
            code_css,
            nav: NavValues::new(site),
        }
    }

    /// Writes every site file into `out`.
    pub fn write_all(
        &self,
        assets: &BTreeMap<String, std::path::PathBuf>,
        print: PrintViews,
        out: &mut Output,
        diags: &mut Vec<Diagnostic>,
    ) {
        let result = self
            .copy_files(assets, out)
            .and_then(|()| self.code_stylesheet(out, diags))
            .and_then(|()| add(out, NOT_FOUND, self.not_found_page(), diags))
            .and_then(|()| match self.search_results_page() {
                Some(page) => add(out, crate::search::RESULTS_PAGE, page, diags),
                None => Ok(()),
            })
            .and_then(|()| match self.nav_top() {
                Some(script) => add(out, NAV_TOP_FILE, script, diags),
                None => Ok(()),
            })
            .and_then(|()| self.print_views(&print, out, diags))
            .and_then(|()| self.redirects(out, diags))
            .and_then(|()| out.add(SITEMAP, self.sitemap()));
        if let Err(e) = result {
            diags.push(super::stages::output_error(&self.site.layout, &e));
        }
    }

    /// Static files and content assets, copied as they are.
    fn copy_files(
        &self,
        assets: &BTreeMap<String, std::path::PathBuf>,
        out: &mut Output,
    ) -> std::io::Result<()> {
        for (name, file) in &self.theme.statics {
            match &file.source {
                FileSource::Embedded(b) => out.add(name.clone(), b.to_vec())?,
                FileSource::Disk(p) => out.copy(name.clone(), p.clone())?,
            }
        }
        for (rel, path) in assets {
            out.copy(rel.clone(), path.clone())?;
        }
        Ok(())
    }

    /// The code colours for the config's light and dark themes.
    fn code_stylesheet(
        &self,
        out: &mut Output,
        diags: &mut Vec<Diagnostic>,
    ) -> std::io::Result<()> {
        let themes = &self.site.config.highlight_theme;
        match self.code_css.get(&themes.light, &themes.dark) {
            Ok(css) => out.add(CODE_CSS, css),
            Err(msg) => {
                diags.push(
                    Diagnostic::error(&self.site.layout.config_file, Rule::Config, msg)
                        .with_hint("set highlight_theme.light and .dark to available themes"),
                );
                Ok(())
            }
        }
    }

    /// The navigation's shared top level, when the site shares it.
    pub fn nav_top(&self) -> Option<Rendered> {
        self.renderer.render_nav_top(self.site)
    }

    /// The 404 page: the home page's navigation with the `404.html` template.
    pub fn not_found_page(&self) -> Rendered {
        self.renderer.render_not_found(self.site, &self.nav)
    }

    /// The search results page (`search/?q=...`), unless the theme has none or a page of
    /// the site is there.
    pub fn search_results_page(&self) -> Option<Rendered> {
        let taken = self.site.resolver.by_url.contains_key("search/");
        (self.renderer.has_template("search.html") && !taken).then(|| {
            self.renderer
                .render_site_page(self.site, &self.nav, "search.html")
        })
    }

    /// The output path of a section's print view (`<section>/print/index.html`), unless a
    /// page of the site is there or the section has no pages.
    pub fn print_view_path(&self, sid: SectionId) -> Option<String> {
        let tree = &self.site.tree;
        let sec = &tree.sections[sid];
        if sec.children.is_empty() {
            return None;
        }
        let url = format!("{}print/", tree.pages[sec.index].url);
        (!self.site.resolver.by_url.contains_key(&url)).then(|| format!("{url}index.html"))
    }

    /// A section's print view.
    pub fn print_view(&self, sid: SectionId) -> Rendered {
        self.renderer.render_print(self.site, &self.nav, sid)
    }

    /// A print view per section with pages, rendered or kept from the previous build.
    fn print_views(
        &self,
        print: &PrintViews,
        out: &mut Output,
        diags: &mut Vec<Diagnostic>,
    ) -> std::io::Result<()> {
        let mut to_render = Vec::new();
        for sid in 0..self.site.tree.sections.len() {
            let Some(path) = self.print_view_path(sid) else {
                continue;
            };
            if let PrintViews::Reuse(prev) = print {
                if let Ok(bytes) = prev.read(&path) {
                    out.add(path, bytes)?;
                    continue;
                }
            }
            to_render.push((sid, path));
        }
        // Rendered and handed to the output in parallel (written, or packed, as each is
        // made: none is held whole), then listed in section order.
        let shared: &Output = out;
        let prepared: Vec<_> = to_render
            .into_par_iter()
            .map(|(sid, path)| {
                let file = self
                    .print_view(sid)
                    .map(|html| shared.prepare(&path, html.into_bytes()));
                (path, file)
            })
            .collect();
        for (path, file) in prepared {
            match file {
                Ok(file) => out.insert(path, file?),
                Err(d) => diags.extend(d),
            }
        }
        Ok(())
    }

    /// A redirect page per alias, and the `_redirects` rules for hosts that read them.
    fn redirects(&self, out: &mut Output, diags: &mut Vec<Diagnostic>) -> std::io::Result<()> {
        let base = &self.site.resolver.base_path;
        let mut rules: BTreeMap<String, String> = BTreeMap::new();
        for page in self.site.tree.pages.iter().filter(|p| p.is_rendered()) {
            for alias in &page.front.aliases {
                let target = format!("{base}{}", page.url);
                let alias_error = |message: String, hint: &str| {
                    Diagnostic::error(page.file.as_ref(), Rule::Alias, message)
                        .at(Position { line: 1, col: 1 })
                        .with_hint(hint)
                };
                let section = page
                    .parent
                    .map(|s| {
                        self.site.tree.pages[self.site.tree.sections[s].index]
                            .url
                            .as_str()
                    })
                    .unwrap_or("");
                let Some(path) = output::alias_path(alias, section) else {
                    diags.push(alias_error(
                        format!("alias `{alias}` is not a site path"),
                        "write aliases as site paths such as /old/page/",
                    ));
                    continue;
                };
                let file = if path.ends_with('/') {
                    format!("{path}index.html")
                } else {
                    path.clone()
                };
                if out.files.contains_key(&file) || rules.contains_key(&path) {
                    diags.push(alias_error(
                        format!("alias `{alias}` collides with an existing page or alias"),
                        "remove the alias or move the other page",
                    ));
                    continue;
                }
                let html = self
                    .renderer
                    .render_named(
                        "redirect.html",
                        &[("target", tera::Value::from(target.as_str()))],
                    )
                    .map_err(|d| vec![d]);
                add(out, &file, html, diags)?;
                rules.insert(path, target);
            }
        }
        let text: String = rules
            .iter()
            .map(|(from, to)| format!("{base}{from} {to} 301\n"))
            .collect();
        if !text.is_empty() {
            out.add(REDIRECTS, text)?;
        }
        Ok(())
    }

    /// The sitemap, in navigation order, then the hidden pages (not in the navigation but
    /// still pages of the site).
    pub fn sitemap(&self) -> String {
        let site = self.site;
        let origin = site.config.origin();
        let base = &site.resolver.base_path;
        let entries: Vec<(String, Option<String>)> = site
            .order
            .pages()
            .iter()
            .copied()
            .chain(site.order.hidden())
            .filter(|&p| {
                let page = &site.tree.pages[p];
                page.is_rendered() && !page.front.noindex
            })
            .map(|p| {
                let page = &site.tree.pages[p];
                (
                    format!("{origin}{base}{}", page.url),
                    page.front.reviewed.clone(),
                )
            })
            .collect();
        output::sitemap(&entries)
    }
}

/// Adds a rendered file, or its problems to `diags`.
fn add(
    out: &mut Output,
    path: &str,
    rendered: Rendered,
    diags: &mut Vec<Diagnostic>,
) -> std::io::Result<()> {
    match rendered {
        Ok(html) => out.add(path, html),
        Err(d) => {
            diags.extend(d);
            Ok(())
        }
    }
}
