//! Markdown to a page document, parsed once.
//!
//! `parse_document` turns a page's Markdown into a `Document`: the pulldown-cmark events
//! with code already highlighted, headings given ids and permalinks, callouts and tables
//! wrapped, and shortcode calls replaced by placeholders; plus what later stages need from
//! the same parse: the headings (TOC, anchors, search), the links to resolve and check,
//! the shortcode calls and the fragments included. Nothing downstream re-parses HTML.
//!
//! This module knows nothing of URLs, templates or data sets.

pub mod highlight;
pub mod shortcode;
pub mod slug;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::diagnostics::{Diagnostic, LineIndex, Position, Rule};
use highlight::{escape_html, Highlighter};
use slug::{heading_slug, SlugCounter};

/// Where a piece of Markdown comes from: a page or a fragment.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The file as the author knows it, for diagnostics (`content/program/tracks.md`).
    pub file: Arc<PathBuf>,
    /// The file's folder relative to `content/` (`program`), for relative links.
    pub rel_dir: Arc<str>,
}

/// One heading of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// Where the heading was written (for checks such as skipped levels).
    pub origin: Option<(Arc<PathBuf>, Position)>,
}

/// A link or image destination to resolve, and where it was written.
#[derive(Debug, Clone)]
pub struct LinkRef {
    /// Index of the `Start(Link|Image)` event in `Document::events`.
    pub event: usize,
    pub dest: String,
    pub origin: Origin,
    pub pos: Position,
    pub is_image: bool,
}

/// A shortcode call and the placeholder event it renders into.
#[derive(Debug, Clone)]
pub struct ShortcodeRef {
    pub event: usize,
    pub call: shortcode::Call,
    /// On a line of its own (a block) or inside a sentence (inline).
    pub block: bool,
    pub origin: Origin,
    pub pos: Position,
}

/// A page's Markdown, parsed once.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub events: Vec<Event<'static>>,
    /// A leading level-1 heading, lifted out of the body: the page's title when front
    /// matter has none.
    pub title: Option<Heading>,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub shortcodes: Vec<ShortcodeRef>,
    /// Content-relative paths of the fragments included (a page depends on them).
    pub includes: Vec<String>,
    /// For each of `headings`, the index of its opening event (search records).
    pub heading_events: Vec<usize>,
    /// Each code block: the index of its event and its text (search indexes code).
    pub code_blocks: Vec<(usize, String)>,
}

/// A Markdown file parsed as part of a page (a page or a fragment it includes).
pub struct Source<'a> {
    /// The whole file, front matter included, so positions are the file's own.
    pub text: &'a str,
    /// Where the Markdown body starts in `text`.
    pub body_start: usize,
    pub lines: &'a LineIndex,
    pub origin: Origin,
}

/// A shared Markdown file under a `_` folder, included with `{{< include path="..." >}}`.
#[derive(Debug, Clone)]
pub struct Fragment {
    pub text: String,
    pub lines: LineIndex,
    pub origin: Origin,
}

/// What parsing may look at besides the page itself.
pub struct ParseContext<'a> {
    pub highlighter: &'a Highlighter,
    /// Fragments by content-relative path (`_fragments/x.md`).
    pub fragments: &'a BTreeMap<String, Fragment>,
}

const MAX_INCLUDE_DEPTH: usize = 8;

/// pulldown-cmark options: the GitHub/GitLab flavour authors expect.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}

/// Parses one page's Markdown.
pub fn parse_document(src: &Source, ctx: &ParseContext, diags: &mut Vec<Diagnostic>) -> Document {
    let mut parse = DocumentParse {
        ctx,
        doc: Document::default(),
        slugs: SlugCounter::default(),
        include_stack: Vec::new(),
        diags,
    };
    parse.parse(src, true);
    parse.doc
}

struct DocumentParse<'a, 'd> {
    ctx: &'a ParseContext<'a>,
    doc: Document,
    slugs: SlugCounter,
    include_stack: Vec<String>,
    diags: &'d mut Vec<Diagnostic>,
}

impl DocumentParse<'_, '_> {
    fn parse(&mut self, src: &Source, allow_title: bool) {
        let body = &src.text[src.body_start..];
        let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, options())
            .into_offset_iter()
            .collect();
        for (event, _) in &events {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                self.slugs.reserve(id);
            }
        }
        let spans = shortcode_spans(body, &events);
        let mut span_done = vec![false; spans.len()];
        let pos = |offset: usize| src.lines.position(src.text, src.body_start + offset);
        let mut open_headings: Vec<(u8, String)> = Vec::new();

        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];

            // Shortcodes first: a paragraph that is exactly one call is a block shortcode.
            if let Event::Start(Tag::Paragraph) = event {
                let raw = &body[range.clone()];
                let trimmed = raw.trim();
                let lead = raw.len() - raw.trim_start().len();
                if let Some(k) = spans
                    .iter()
                    .position(|s| s.start == range.start + lead && s.end - s.start == trimmed.len())
                {
                    span_done[k] = true;
                    self.shortcode(src, &spans[k], body, true, pos(spans[k].start));
                    i = skip_to_end(&events, i);
                    continue;
                }
            }
            if let Some(k) = spans
                .iter()
                .position(|s| range.start >= s.start && range.end <= s.end)
            {
                // Inside an inline call: the call's placeholder replaces it.
                if !span_done[k] {
                    span_done[k] = true;
                    self.shortcode(src, &spans[k], body, false, pos(spans[k].start));
                }
                i += 1;
                continue;
            }
            if let Event::Text(text) = event {
                if let Some(k) = spans
                    .iter()
                    .position(|s| s.start < range.end && range.start < s.end)
                {
                    self.split_text(src, body, text, range, &spans[k], &mut span_done[k], &pos);
                    i += 1;
                    continue;
                }
            }

            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: _,
                }) => {
                    let end = skip_to_end(&events, i);
                    let text = plain_text(&events[i + 1..end.saturating_sub(1)]);
                    let level_n = heading_level(*level);
                    if allow_title
                        && level_n == 1
                        && self.doc.title.is_none()
                        && self.doc.events.is_empty()
                    {
                        let id = match id {
                            Some(id) => id.to_string(),
                            None => self.slugs.unique(&heading_slug(&text)),
                        };
                        self.doc.title = Some(Heading {
                            level: 1,
                            id,
                            text,
                            origin: Some((src.origin.file.clone(), pos(range.start))),
                        });
                        i = end;
                        continue;
                    }
                    let id = match id {
                        Some(id) => id.to_string(),
                        None => self.slugs.unique(&heading_slug(&text)),
                    };
                    let class_attr = if classes.is_empty() {
                        String::new()
                    } else {
                        let names: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
                        format!(" class=\"{}\"", escape_html(&names.join(" ")))
                    };
                    self.doc.heading_events.push(self.doc.events.len());
                    self.push(Event::Html(CowStr::from(format!(
                        "<h{level_n} id=\"{}\"{class_attr}>",
                        escape_html(&id)
                    ))));
                    self.doc.headings.push(Heading {
                        level: level_n,
                        id: id.clone(),
                        text,
                        origin: Some((src.origin.file.clone(), pos(range.start))),
                    });
                    open_headings.push((level_n, id));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level_n, id)) = open_headings.pop() {
                        self.push(Event::Html(CowStr::from(format!(
                            "<a class=\"anchor\" href=\"#{0}\" aria-label=\"Link to this section\"></a></h{level_n}>\n",
                            escape_html(&id)
                        ))));
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let end = skip_to_end(&events, i);
                    let mut code = String::new();
                    for (e, _) in &events[i + 1..end.saturating_sub(1)] {
                        if let Event::Text(t) = e {
                            code.push_str(t);
                        }
                    }
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info
                            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                            .next()
                            .filter(|l| !l.is_empty())
                            .map(str::to_string),
                        CodeBlockKind::Indented => None,
                    };
                    let html = self.ctx.highlighter.highlight(&code, lang.as_deref());
                    let lang_attr = lang
                        .as_deref()
                        .map(|l| format!(" data-lang=\"{}\"", escape_html(l)))
                        .unwrap_or_default();
                    self.doc.code_blocks.push((self.doc.events.len(), code));
                    self.push(Event::Html(CowStr::from(format!(
                        "<pre class=\"code\"{lang_attr}><code>{html}</code></pre>\n"
                    ))));
                    i = end;
                    continue;
                }
                Event::Start(Tag::Table(_)) => {
                    self.push(Event::Html(CowStr::Borrowed("<div class=\"table-wrap\">")));
                    self.push(event.clone().into_static());
                }
                Event::End(TagEnd::Table) => {
                    self.push(event.clone().into_static());
                    self.push(Event::Html(CowStr::Borrowed("</div>\n")));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, label) = callout(*kind);
                    self.push(Event::Html(CowStr::from(format!(
                        "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n"
                    ))));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    self.push(Event::Html(CowStr::Borrowed("</div>\n")));
                }
                Event::Start(Tag::Link { dest_url, .. })
                | Event::Start(Tag::Image { dest_url, .. }) => {
                    let is_image = matches!(event, Event::Start(Tag::Image { .. }));
                    self.doc.links.push(LinkRef {
                        event: self.doc.events.len(),
                        dest: dest_url.to_string(),
                        origin: src.origin.clone(),
                        pos: pos(range.start),
                        is_image,
                    });
                    self.push(event.clone().into_static());
                }
                _ => self.push(event.clone().into_static()),
            }
            i += 1;
        }
    }

    fn push(&mut self, event: Event<'static>) {
        self.doc.events.push(event);
    }

    /// A text event that a shortcode call cuts through: keep the text around the call.
    #[allow(clippy::too_many_arguments)]
    fn split_text(
        &mut self,
        src: &Source,
        body: &str,
        text: &CowStr,
        range: &Range<usize>,
        span: &Range<usize>,
        done: &mut bool,
        pos: &dyn Fn(usize) -> Position,
    ) {
        let same_as_source = body.get(range.clone()) == Some(text.as_ref());
        if !same_as_source {
            // Escapes or entities changed the text: keep it whole rather than cut it wrong.
            self.push(Event::Text(CowStr::from(text.to_string())));
            return;
        }
        if range.start < span.start {
            self.push(Event::Text(CowStr::from(
                body[range.start..span.start].to_string(),
            )));
        }
        if !*done && range.end > span.start {
            *done = true;
            self.shortcode(src, span, body, false, pos(span.start));
        }
        if range.end > span.end {
            self.push(Event::Text(CowStr::from(
                body[span.end..range.end].to_string(),
            )));
        }
    }

    fn shortcode(
        &mut self,
        src: &Source,
        span: &Range<usize>,
        body: &str,
        block: bool,
        pos: Position,
    ) {
        let call = match shortcode::parse_call(&body[span.clone()]) {
            Ok(call) => call,
            Err(msg) => {
                self.diags.push(
                    Diagnostic::error(src.origin.file.as_ref(), Rule::Shortcode, msg)
                        .at(pos)
                        .with_hint("see docs/authoring.md for the shortcode syntax"),
                );
                return;
            }
        };
        if call.name == "include" {
            if block {
                self.include(src, &call, pos);
            } else {
                self.diags.push(
                    Diagnostic::error(
                        src.origin.file.as_ref(),
                        Rule::Shortcode,
                        "`include` must stand on a line of its own",
                    )
                    .at(pos)
                    .with_hint("put the {{< include >}} call in its own paragraph"),
                );
            }
            return;
        }
        let event = self.doc.events.len();
        self.push(if block {
            Event::Html(CowStr::Borrowed(""))
        } else {
            Event::InlineHtml(CowStr::Borrowed(""))
        });
        self.doc.shortcodes.push(ShortcodeRef {
            event,
            call,
            block,
            origin: src.origin.clone(),
            pos,
        });
    }

    fn include(&mut self, src: &Source, call: &shortcode::Call, pos: Position) {
        let err = |msg: String, hint: &str| {
            Diagnostic::error(src.origin.file.as_ref(), Rule::Include, msg)
                .at(pos)
                .with_hint(hint.to_string())
        };
        let Some(path) = call.args.get("path") else {
            self.diags.push(err(
                "`include` needs a `path`".into(),
                "write {{< include path=\"_fragments/name.md\" >}}",
            ));
            return;
        };
        let key = path.trim_start_matches('/').to_string();
        let Some(fragment) = self.ctx.fragments.get(&key) else {
            let known: Vec<&str> = self.ctx.fragments.keys().map(String::as_str).collect();
            let hint = match crate::diagnostics::nearest(&key, known) {
                Some(n) => format!("did you mean `{n}`?"),
                None => "fragments live in folders starting with `_` under content/, e.g. content/_fragments/".into(),
            };
            self.diags
                .push(err(format!("no fragment `{path}` to include"), &hint));
            return;
        };
        if self.include_stack.contains(&key) || self.include_stack.len() >= MAX_INCLUDE_DEPTH {
            self.diags.push(err(
                format!(
                    "including `{path}` would loop: {} -> {path}",
                    self.include_stack.join(" -> ")
                ),
                "a fragment must not include itself, directly or through others",
            ));
            return;
        }
        if !self.doc.includes.contains(&key) {
            self.doc.includes.push(key.clone());
        }
        self.include_stack.push(key);
        let fsrc = Source {
            text: &fragment.text,
            body_start: crate::content::front_matter::body_start(&fragment.text),
            lines: &fragment.lines,
            origin: fragment.origin.clone(),
        };
        self.parse(&fsrc, false);
        self.include_stack.pop();
    }
}

/// The ranges of shortcode calls outside code.
fn shortcode_spans(body: &str, events: &[(Event<'_>, Range<usize>)]) -> Vec<Range<usize>> {
    let calls = shortcode::find_calls(body);
    if calls.is_empty() {
        return calls;
    }
    // Calls in code are text; so are calls inside a raw HTML block. Inline HTML inside a
    // call (`text="<new>"`) is part of the call.
    let code: Vec<&Range<usize>> = events
        .iter()
        .filter(|(e, _)| matches!(e, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, r)| r)
        .collect();
    let html_blocks: Vec<&Range<usize>> = events
        .iter()
        .filter(|(e, _)| matches!(e, Event::Start(Tag::HtmlBlock)))
        .map(|(_, r)| r)
        .collect();
    calls
        .into_iter()
        .filter(|s| !code.iter().any(|c| c.start < s.end && s.start < c.end))
        .filter(|s| {
            !html_blocks
                .iter()
                .any(|h| h.start <= s.start && s.end <= h.end)
        })
        .collect()
}

/// Index just past the `End` matching the `Start` at `i`.
fn skip_to_end(events: &[(Event<'_>, Range<usize>)], i: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(i) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    events.len()
}

fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut out = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// One entry of a page's table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Nests level 2-4 headings into a table of contents.
pub fn table_of_contents(headings: &[Heading]) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for h in headings.iter().filter(|h| (2..=4).contains(&h.level)) {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.text.clone(),
            children: Vec::new(),
        };
        insert_toc(&mut root, entry);
    }
    root
}

fn insert_toc(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => list.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(md: &str) -> (Document, Vec<Diagnostic>) {
        let h = Highlighter::new();
        let fragments = BTreeMap::new();
        let ctx = ParseContext {
            highlighter: &h,
            fragments: &fragments,
        };
        let lines = LineIndex::new(md);
        let src = Source {
            text: md,
            body_start: 0,
            lines: &lines,
            origin: Origin {
                file: Arc::new(PathBuf::from("content/t.md")),
                rel_dir: Arc::from(""),
            },
        };
        let mut diags = Vec::new();
        let doc = parse_document(&src, &ctx, &mut diags);
        (doc, diags)
    }

    fn html(doc: &Document) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, doc.events.iter().cloned());
        out
    }

    #[test]
    fn lifts_leading_title_and_ids_headings() {
        let (doc, _) = parse("# Title\n\n## A b\n\n## A b\n\n### Own {#custom}\n");
        assert_eq!(doc.title.as_ref().unwrap().text, "Title");
        let ids: Vec<&str> = doc.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a-b", "a-b-1", "custom"]);
        let out = html(&doc);
        assert!(!out.contains("<h1"));
        assert!(out.contains("<h2 id=\"a-b-1\">A b<a class=\"anchor\" href=\"#a-b-1\""));
    }

    #[test]
    fn shortcodes_block_inline_and_in_code() {
        let md = "{{< table data=\"r7.x\" >}}\n\nSee {{< field data=\"a\" id=\"b\" key=\"c\" >}} now.\n\n`{{< not >}}`\n\n```\n{{< neither >}}\n```\n";
        let (doc, diags) = parse(md);
        assert!(diags.is_empty(), "{diags:?}");
        let names: Vec<(&str, bool)> = doc
            .shortcodes
            .iter()
            .map(|s| (s.call.name.as_str(), s.block))
            .collect();
        assert_eq!(names, [("table", true), ("field", false)]);
        assert_eq!(doc.shortcodes[1].pos, Position { line: 3, col: 5 });
        let out = html(&doc);
        assert!(out.contains("<p>See  now.</p>"), "{out}");
        assert!(out.contains("{{&lt; not &gt;}}"));
    }

    #[test]
    fn records_links_with_positions() {
        let (doc, _) = parse("Intro\n\nSee [t](../a.md#x) and ![i](img.png).\n");
        assert_eq!(doc.links.len(), 2);
        assert_eq!(doc.links[0].dest, "../a.md#x");
        assert_eq!(doc.links[0].pos, Position { line: 3, col: 5 });
        assert!(doc.links[1].is_image);
    }

    #[test]
    fn code_callouts_tables() {
        let md =
            "> [!TIP]\n> Do it.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```rust\nfn x() {}\n```\n";
        let out = html(&parse(md).0);
        assert!(out.contains("callout-tip"));
        assert!(out.contains("<div class=\"table-wrap\"><table>"));
        assert!(out.contains("data-lang=\"rust\""));
        assert!(out.contains("hl-"));
    }

    #[test]
    fn toc_nests() {
        let hs = vec![
            Heading {
                level: 2,
                id: "a".into(),
                text: "A".into(),
                origin: None,
            },
            Heading {
                level: 3,
                id: "b".into(),
                text: "B".into(),
                origin: None,
            },
            Heading {
                level: 2,
                id: "c".into(),
                text: "C".into(),
                origin: None,
            },
        ];
        let toc = table_of_contents(&hs);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children[0].id, "b");
    }
}
