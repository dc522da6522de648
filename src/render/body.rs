//! A page's body to HTML: its parsed events with links resolved, glossary terms marked and
//! each shortcode's output in place of its placeholders. A call with inner content gets
//! that content rendered first, as `inner_html`; nested calls render inside out.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};
use serde::Serialize;
use tera::Context;

use super::glossary::Marker;
use super::{template_diagnostic, Renderer};
use crate::content::Page;
use crate::diagnostics::{Diagnostic, Rule};
use crate::markdown::highlight::escape_html;
use crate::markdown::{Document, Events, ShortcodeRef};
use crate::site::Site;

/// What a shortcode template sees of the page it is on.
#[derive(Serialize)]
struct PageRef<'a> {
    title: &'a str,
    url: String,
    source: String,
}

pub(super) struct BodyRender<'r> {
    renderer: &'r Renderer,
    site: &'r Site,
    page: &'r Page,
    doc: &'r Document,
    events: &'r Events<'r>,
    /// Resolved hrefs of Markdown links, by their event.
    hrefs: BTreeMap<usize, &'r str>,
    /// Resolved hrefs of raw HTML attributes, by their event: (value's range, href).
    attr_hrefs: BTreeMap<usize, Vec<(Range<usize>, &'r str)>>,
    /// Resolved link arguments of shortcodes, by call and argument.
    arg_hrefs: BTreeMap<(usize, &'r str), &'r str>,
    /// Calls whose output replaces a placeholder event, by that event.
    placeholders: BTreeMap<usize, usize>,
    /// Calls standing inside raw HTML or code, by the event holding them.
    embedded: BTreeMap<usize, Vec<usize>>,
    /// Anchors of records already shown: a record shown twice keeps its anchor on the first.
    claimed: Vec<String>,
    marker: Marker<'r>,
    diags: Vec<Diagnostic>,
}

impl<'r> BodyRender<'r> {
    /// The body of `page`, whose events (`page.doc.events.unpacked()`) are `events`.
    pub fn new(
        renderer: &'r Renderer,
        site: &'r Site,
        page: &'r Page,
        events: &'r Events<'r>,
    ) -> Self {
        let doc: &Document = &page.doc;
        let mut hrefs = BTreeMap::new();
        let mut attr_hrefs: BTreeMap<usize, Vec<(Range<usize>, &str)>> = BTreeMap::new();
        let mut arg_hrefs = BTreeMap::new();
        for (link, href) in doc.links.iter().zip(&page.hrefs) {
            let Some(href) = href.as_deref() else {
                continue;
            };
            match (&link.attr, &link.shortcode_arg) {
                (_, Some((k, arg))) => {
                    arg_hrefs.insert((*k, arg.as_str()), href);
                }
                (Some(range), None) => attr_hrefs
                    .entry(link.event)
                    .or_default()
                    .push((range.clone(), href)),
                (None, None) => {
                    hrefs.insert(link.event, href);
                }
            }
        }
        let mut placeholders = BTreeMap::new();
        let mut embedded: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (k, sc) in doc.shortcodes.iter().enumerate() {
            if sc.token.is_some() {
                embedded.entry(sc.event).or_default().push(k);
            } else {
                placeholders.insert(sc.event, k);
            }
        }
        BodyRender {
            renderer,
            site,
            page,
            doc,
            events,
            hrefs,
            attr_hrefs,
            arg_hrefs,
            placeholders,
            embedded,
            claimed: Vec::new(),
            marker: renderer.glossary.marker(),
            diags: Vec::new(),
        }
    }

    /// The body's HTML, or every problem its shortcodes had.
    pub fn render(mut self) -> Result<String, Vec<Diagnostic>> {
        let html = self.range(0..self.events.len());
        if self.diags.is_empty() {
            Ok(html)
        } else {
            Err(self.diags)
        }
    }

    /// The HTML of the events in `range`.
    fn range(&mut self, range: Range<usize>) -> String {
        let (doc, events) = (self.doc, self.events);
        let mut out: Vec<Event<'r>> = Vec::new();
        let mut i = range.start;
        while i < range.end {
            if let Some(&k) = self.placeholders.get(&i) {
                let sc = &doc.shortcodes[k];
                let inner_html = match sc.close {
                    Some(close) => self.range(i + 1..close),
                    None => String::new(),
                };
                i = sc.close.map_or(i, |c| c) + 1;
                let html = self.shortcode(k, &inner_html);
                out.push(match events.get(sc.event) {
                    Event::InlineHtml(_) => {
                        Event::InlineHtml(CowStr::from(html.trim().to_string()))
                    }
                    _ => Event::Html(CowStr::from(format!("{}\n", html.trim()))),
                });
                continue;
            }
            let ev = events.get(i);
            if self.embedded.contains_key(&i) || self.attr_hrefs.contains_key(&i) {
                out.push(self.rewritten(i, &ev));
            } else if let Some(href) = self.hrefs.get(&i) {
                let mut ev = ev;
                if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                    &mut ev
                {
                    *dest_url = CowStr::Borrowed(href);
                }
                out.extend(self.marker.mark_owned(ev));
            } else {
                out.extend(self.marker.mark(ev));
            }
            i += 1;
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        html
    }

    /// An event of raw HTML or code with its links resolved and the calls standing in it
    /// replaced by their output.
    fn rewritten(&mut self, i: usize, ev: &Event<'r>) -> Event<'r> {
        let (mut text, code) = match ev {
            Event::Code(t) => (escape_html(t), true),
            Event::Html(t) | Event::InlineHtml(t) => (t.to_string(), false),
            other => return other.clone(),
        };
        if let Some(attrs) = self.attr_hrefs.get(&i) {
            for (range, href) in attrs.iter().rev() {
                text.replace_range(range.clone(), &escape_html(href));
            }
        }
        for k in self.embedded.get(&i).cloned().unwrap_or_default() {
            let sc = &self.doc.shortcodes[k];
            let inner_html = sc
                .inner
                .as_deref()
                .map(|inner| super::inline_markdown(inner, &self.site.resolver))
                .unwrap_or_default();
            let html = self.shortcode(k, &inner_html);
            if let Some(token) = &sc.token {
                let token = if code {
                    escape_html(token)
                } else {
                    token.clone()
                };
                text = text.replacen(&token, html.trim(), 1);
            }
        }
        match ev {
            Event::Code(_) => Event::InlineHtml(CowStr::from(format!("<code>{text}</code>"))),
            Event::InlineHtml(_) => Event::InlineHtml(CowStr::from(text)),
            _ => Event::Html(CowStr::from(text)),
        }
    }

    /// A call's output: its template rendered, or a visible placeholder naming it when no
    /// template renders it (reported as `unknown-shortcode`).
    fn shortcode(&mut self, k: usize, inner_html: &str) -> String {
        let sc = &self.doc.shortcodes[k];
        let name = format!("shortcodes/{}.html", sc.call.name);
        if !self.renderer.has_template(&name) {
            return missing(sc, inner_html);
        }
        // Link arguments as resolved.
        let mut args = sc.call.args.clone();
        for (arg, value) in args.iter_mut() {
            if let Some(href) = self.arg_hrefs.get(&(k, arg.as_str())) {
                *value = href.to_string();
            }
        }
        let mut ctx = Context::new();
        ctx.insert("name", &sc.call.name);
        ctx.insert("args", &args);
        ctx.insert("positional", &sc.call.positional);
        ctx.insert("inner", &sc.inner);
        ctx.insert_value("inner_html", tera::Value::safe_string(inner_html));
        ctx.insert("claimed", &self.claimed);
        ctx.insert("inline", &!sc.block);
        let page_url = format!("{}{}", self.site.resolver.base_path, self.page.url);
        ctx.insert(
            "page",
            &PageRef {
                title: &self.page.title,
                url: page_url.clone(),
                source: self.page.file.display().to_string(),
            },
        );
        ctx.insert("page_url", &page_url);
        self.claim_records(sc);
        match self.renderer.tera.render(&name, &ctx) {
            Ok(html) => html,
            Err(e) => {
                let inner = template_diagnostic(&e, &self.renderer.files, &name);
                self.diags.push(
                    Diagnostic::error(
                        sc.origin.file.as_ref(),
                        Rule::Shortcode,
                        format!("shortcode `{}` failed: {}", sc.call.name, inner.message),
                    )
                    .at(sc.pos)
                    .with_hint(format!(
                        "check the arguments; the template is {}{}",
                        inner.file.display(),
                        if inner.line > 0 {
                            format!(":{}", inner.line)
                        } else {
                            String::new()
                        }
                    )),
                );
                String::new()
            }
        }
    }

    /// The records a record shortcode shows, claimed for their anchors.
    fn claim_records(&mut self, sc: &ShortcodeRef) {
        if !crate::resolve::RECORD_SHORTCODES.contains(&sc.call.name.as_str()) {
            return;
        }
        if let Some(Ok(records)) = sc.call.args.get("data").map(|d| self.site.data.records(d)) {
            let only = sc.call.args.get("id").filter(|_| sc.call.name == "record");
            for i in 0..records.items.len() {
                if only.is_none_or(|id| *id == records.record_id(i)) {
                    self.claimed.push(records.anchor(i));
                }
            }
        }
    }
}

/// What a call no template renders shows: its inner content, in a box naming it.
fn missing(sc: &ShortcodeRef, inner_html: &str) -> String {
    let name = escape_html(&sc.call.name);
    if sc.block {
        format!(
            "<div class=\"shortcode-missing\" role=\"note\"><p class=\"shortcode-missing-name\">Not shown on this site: <code>{name}</code></p>\n{inner_html}</div>"
        )
    } else {
        let shown = if inner_html.is_empty() {
            format!("<code>{name}</code>")
        } else {
            inner_html.to_string()
        };
        format!("<span class=\"shortcode-missing\" title=\"Not shown on this site: {name}\">{shown}</span>")
    }
}
