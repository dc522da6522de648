//! Render: Tera templates over resolved pages. Rendering a page is a pure function of the
//! page and the shared site context (config and data live in Tera's global context, built
//! once; a page's own context is built from small parts).
//!
//! Owns: the Tera environment, template errors as diagnostics, shortcodes, the glossary's
//! `<abbr>` marking, and each page's template context. Knows nothing of files on disk.

mod body;
mod context;
mod embeds;
mod filters;
mod glossary;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Context, Tera};

use crate::config::Config;
use crate::content::PageId;
use crate::data::DataSets;
use crate::diagnostics::{Diagnostic, Position, Rule};
use crate::resolve::Resolver;
use crate::site::Site;
use crate::theme::Theme;

pub use context::{NavItem, NavValues, NAV_TOP_FILE};
pub use filters::inline_markdown;
pub use glossary::Glossary;

/// The loaded templates and what maps their names back to files.
/// The theme's template of the navigation's shared top level (`Renderer::render_nav_top`).
pub const NAV_TOP_TEMPLATE: &str = "nav-top.html";

pub struct Renderer {
    tera: Tera,
    files: BTreeMap<String, PathBuf>,
    glossary: Glossary,
    /// Shortcodes whose template uses their inner content (they must be closed).
    with_inner: BTreeSet<String>,
}

impl Renderer {
    /// Loads and compiles every template; all template errors come back together.
    pub fn new(
        theme: &Theme,
        config: &Config,
        data: Arc<DataSets>,
        resolver: Arc<Resolver>,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let mut diags = Vec::new();
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut files = BTreeMap::new();
        for (name, file) in &theme.templates {
            files.insert(name.clone(), file.display.clone());
            match file.source.read() {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => sources.push((name.clone(), text)),
                    Err(_) => diags.push(
                        Diagnostic::error(
                            &file.display,
                            Rule::Encoding,
                            "the template is not valid UTF-8",
                        )
                        .with_hint("save the file as UTF-8"),
                    ),
                },
                Err(e) => diags.push(
                    Diagnostic::error(
                        &file.display,
                        Rule::Io,
                        format!("cannot read the template: {e}"),
                    )
                    .with_hint("check the file's permissions"),
                ),
            }
        }
        filters::register(&mut tera, config, data.clone(), resolver);
        embeds::register(&mut tera);
        context::set_globals(&mut tera, config, &data);
        // Add one by one so that every broken template is reported, not only the first.
        let mut ok = Vec::new();
        for (name, text) in &sources {
            let mut probe = Tera::new();
            if let Err(e) = probe.add_raw_template(name, text) {
                if let tera::ErrorKind::SyntaxError(_) = e.kind() {
                    diags.push(template_diagnostic(&e, &files, name));
                    continue;
                }
            }
            ok.push((name.clone(), text.clone()));
        }
        if let Err(e) = tera.add_raw_templates(ok.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            let mut d = template_diagnostic(&e, &files, "");
            if d.line == 0 {
                locate_by_name(&mut d, &ok, &files);
            }
            diags.push(d);
        }
        for required in [
            "page.html",
            "section.html",
            "index.html",
            "404.html",
            "redirect.html",
        ] {
            if !theme.templates.contains_key(required) {
                diags.push(
                    Diagnostic::error(
                        "templates",
                        Rule::Template,
                        format!("the theme has no `{required}`"),
                    )
                    .with_hint("add it to the theme's templates/ folder"),
                );
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let glossary = Glossary::from_data(&data);
        let with_inner = sources
            .iter()
            .filter(|(_, text)| text.contains("inner"))
            .filter_map(|(name, _)| name.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .map(str::to_string)
            .collect();
        Ok(Renderer {
            tera,
            files,
            glossary,
            with_inner,
        })
    }

    /// Names of the shortcodes the templates define.
    pub fn shortcodes(&self) -> BTreeSet<String> {
        self.files
            .keys()
            .filter_map(|n| n.strip_prefix("shortcodes/"))
            .filter_map(|n| n.strip_suffix(".html"))
            .map(str::to_string)
            .collect()
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Whether the theme can share the navigation's top level (it has `NAV_TOP_TEMPLATE`).
    fn shares_nav(&self) -> bool {
        self.has_template(NAV_TOP_TEMPLATE)
    }

    /// The shared top level of the navigation (`context::NAV_TOP_FILE`), when the site
    /// shares it: a script holding each top-level entry's HTML, as `NAV_TOP_TEMPLATE`
    /// renders it, and `handbookNav(from, to)`, which the pages call (while they are being
    /// parsed, so nothing moves) to write the entries `from..to` in place.
    pub fn render_nav_top(&self, site: &Site) -> Option<Result<String, Vec<Diagnostic>>> {
        let nav = context::top_nav(site);
        if !(self.shares_nav() && context::is_shared(site, nav.len())) {
            return None;
        }
        let mut ctx = Context::new();
        ctx.insert("nav", &nav);
        let html = match self.tera.render(NAV_TOP_TEMPLATE, &ctx) {
            Ok(html) => html,
            Err(e) => {
                return Some(Err(vec![template_diagnostic(
                    &e,
                    &self.files,
                    NAV_TOP_TEMPLATE,
                )]))
            }
        };
        // The entries are not open, so each is one `li` holding no list.
        let entries: Vec<&str> = html
            .split_inclusive("</li>")
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .collect();
        if entries.len() != nav.len() {
            let file = self
                .files
                .get(NAV_TOP_TEMPLATE)
                .cloned()
                .unwrap_or_default();
            return Some(Err(vec![Diagnostic::error(
                file,
                Rule::Template,
                format!(
                    "{NAV_TOP_TEMPLATE} rendered {} entries for the {} top-level entries",
                    entries.len(),
                    nav.len()
                ),
            )
            .with_hint(
                "render one `li` per item of `nav`, with nothing between them",
            )]));
        }
        let list = serde_json::to_string(&entries).expect("strings serialize");
        Some(Ok(format!(
            "// The navigation's top-level entries, shared by every page.\nvar handbookNavTop={list};\nfunction handbookNav(a,b){{document.write(handbookNavTop.slice(a,b).join(\"\"))}}\n"
        )))
    }

    /// Whether the shortcode's template shows its inner content (a call must then be
    /// closed, or self-closed).
    pub fn uses_inner(&self, shortcode: &str) -> bool {
        self.with_inner.contains(shortcode)
    }

    /// Renders one page to its final HTML.
    pub fn render_page(
        &self,
        site: &Site,
        nav: &NavValues,
        pid: PageId,
    ) -> Result<String, Vec<Diagnostic>> {
        let page = &site.tree.pages[pid];
        let content = self.render_content(site, pid)?;
        let mut ctx = context::page_context(site, nav, pid, self.shares_nav());
        ctx.insert_value("content", tera::Value::safe_string(&content));
        let default = if pid == site.tree.sections[0].index {
            "index.html"
        } else if page.own_section.is_some() {
            "section.html"
        } else {
            "page.html"
        };
        // Hugo's `layout` and `type` name templates the theme may have; the default
        // otherwise.
        let template = match &page.front.template {
            Some(t) => t.clone(),
            None => [&page.front.layout, &page.front.kind]
                .into_iter()
                .flatten()
                .map(|name| format!("{name}.html"))
                .find(|name| self.files.contains_key(name))
                .unwrap_or_else(|| default.to_string()),
        };
        if !self.files.contains_key(&template) {
            let known: Vec<&str> = self
                .files
                .keys()
                .map(String::as_str)
                .filter(|n| !n.contains('/'))
                .collect();
            let hint = match crate::diagnostics::nearest(&template, known.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("templates: {}", known.join(", ")),
            };
            let line = crate::content::front_matter::key_line(
                &page.source_text(&site.layout.root),
                "template",
            );
            return Err(vec![Diagnostic::error(
                page.file.as_ref(),
                Rule::Template,
                format!("unknown template `{template}`"),
            )
            .at(Position { line, col: 1 })
            .with_hint(hint)]);
        }
        self.tera
            .render(&template, &ctx)
            .map_err(|e| vec![template_diagnostic(&e, &self.files, &template)])
    }

    /// Renders a page's body: shortcodes filled in, glossary terms marked, then HTML.
    pub fn render_content(&self, site: &Site, pid: PageId) -> Result<String, Vec<Diagnostic>> {
        let page = &site.tree.pages[pid];
        let events = page.doc.events.unpacked();
        body::BodyRender::new(self, site, page, &events).render()
    }

    /// A section's print view: its own page's context and every page below it in
    /// navigation order (the theme's script assembles their bodies into one page, so
    /// the output stays linear in the number of pages).
    pub fn render_print(
        &self,
        site: &Site,
        nav: &NavValues,
        section: usize,
    ) -> Result<String, Vec<Diagnostic>> {
        let index = site.tree.sections[section].index;
        let mut ctx = context::page_context(site, nav, index, self.shares_nav());
        let pages: Vec<context::Link> = site
            .tree
            .subtree_order(section)
            .into_iter()
            .map(|p| context::link_to(site, p))
            .collect();
        ctx.insert("print_pages", &pages);
        ctx.insert_value("content", tera::Value::safe_string(""));
        self.tera
            .render("print.html", &ctx)
            .map_err(|e| vec![template_diagnostic(&e, &self.files, "print.html")])
    }

    /// The 404 page: the home page's context (navigation) with the `404.html` template.
    pub fn render_not_found(
        &self,
        site: &Site,
        nav: &NavValues,
    ) -> Result<String, Vec<Diagnostic>> {
        let ctx = context::not_found_context(site, nav, self.shares_nav());
        self.tera
            .render("404.html", &ctx)
            .map_err(|e| vec![template_diagnostic(&e, &self.files, "404.html")])
    }

    /// A page of the site's own that no content page is (the search results page): the
    /// 404 page's context, with its own template.
    pub fn render_site_page(
        &self,
        site: &Site,
        nav: &NavValues,
        template: &str,
    ) -> Result<String, Vec<Diagnostic>> {
        let ctx = context::not_found_context(site, nav, self.shares_nav());
        self.tera
            .render(template, &ctx)
            .map_err(|e| vec![template_diagnostic(&e, &self.files, template)])
    }

    /// Renders a named template with extra values (redirects).
    pub fn render_named(
        &self,
        name: &str,
        values: &[(&str, tera::Value)],
    ) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        for (k, v) in values {
            ctx.insert_value(k.to_string(), v.clone());
        }
        self.tera
            .render(name, &ctx)
            .map_err(|e| template_diagnostic(&e, &self.files, name))
    }
}

/// Errors about the template set as a whole (a block no parent defines, a missing parent)
/// name a block or template but no file: point at the first template that mentions it.
fn locate_by_name(
    d: &mut Diagnostic,
    sources: &[(String, String)],
    files: &BTreeMap<String, PathBuf>,
) {
    let Some(name) = d
        .message
        .split('`')
        .nth(1)
        .or_else(|| d.message.split('\'').nth(1))
    else {
        return;
    };
    for (tpl, text) in sources {
        if let Some(line) = text.lines().position(|l| {
            l.contains(&format!("block {name}")) || l.contains(&format!("\"{name}\""))
        }) {
            if let Some(file) = files.get(tpl) {
                d.file = file.clone();
                d.line = line + 1;
                d.col = 1;
                return;
            }
        }
    }
}

/// A Tera error as a diagnostic at the template's file and line.
pub fn template_diagnostic(
    err: &tera::Error,
    files: &BTreeMap<String, PathBuf>,
    fallback: &str,
) -> Diagnostic {
    let file_of = |name: &str| {
        files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    };
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let mut message = report.message().to_string();
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::error(file_of(report.filename()), Rule::Template, message)
                .at(Position {
                    line: span.start_line,
                    col: span.start_col + 1,
                })
                .with_hint("fix the template at this position")
        }
        _ => {
            let mut message = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::error(file_of(fallback), Rule::Template, message)
                .with_hint("check the template names used by extends and include")
        }
    }
}
