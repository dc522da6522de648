//! The one walk over a page's Markdown events that makes its `Document`.
//!
//! Shortcodes are read first (`shortcode::expand`, on the raw text, as Hugo does): each
//! top-level call becomes a token, an HTML comment. The walk then meets a token as a
//! whole HTML block (a call on a line of its own), as inline HTML (a call in a sentence),
//! or inside raw HTML or code; a paired call's inner content is parsed here, in place,
//! between two placeholders, so its headings, links and nested calls belong to the page.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::highlight::escape_html;
use super::shortcode::{self, Node, Piece};
use super::slug::{heading_id, SlugCounter};
use super::{html, page_options, Document, Heading, LinkRef, ParseContext, ShortcodeRef, Source};
use crate::diagnostics::{Diagnostic, Position, Rule};

mod code;
mod include;

const MAX_INCLUDE_DEPTH: usize = 8;

/// How much of a text's Markdown is kept: all of it, or (for a call's inner content in a
/// sentence) its inline content, without the paragraph around it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Blocks,
    Inline,
}

pub(super) struct DocumentParse<'a, 'd> {
    ctx: &'a ParseContext<'a>,
    doc: Document,
    slugs: SlugCounter,
    include_stack: Vec<String>,
    /// The number of the next shortcode token: tokens are unique in a document.
    next_token: usize,
    /// How many times each diagram was placed so far (its ids are unique per placement).
    diagrams_placed: std::collections::HashMap<String, usize>,
    diags: &'d mut Vec<Diagnostic>,
}

/// One text being walked: its events, its shortcodes and how to locate an offset.
struct Walk<'s> {
    src: &'s Source<'s>,
    events: Vec<(Event<'s>, Range<usize>)>,
    pieces: BTreeMap<usize, Piece>,
    map: shortcode::OffsetMap,
    /// The raw text (before shortcodes were replaced): inner ranges point into it.
    raw: &'s str,
}

impl Walk<'_> {
    /// The position in the file of an offset of the expanded text.
    fn pos(&self, offset: usize) -> Position {
        let original = self.src.body.start + self.map.original(offset);
        self.src.lines.position(self.src.text, original)
    }

    /// The position in the file of an offset of the raw text.
    fn raw_pos(&self, offset: usize) -> Position {
        self.src
            .lines
            .position(self.src.text, self.src.body.start + offset)
    }
}

impl<'a, 'd> DocumentParse<'a, 'd> {
    pub(super) fn new(ctx: &'a ParseContext<'a>, diags: &'d mut Vec<Diagnostic>) -> Self {
        DocumentParse {
            ctx,
            doc: Document::default(),
            slugs: SlugCounter::default(),
            include_stack: Vec::new(),
            next_token: 0,
            diagrams_placed: std::collections::HashMap::new(),
            diags,
        }
    }

    pub(super) fn run(mut self, src: &Source) -> Document {
        self.parse(src, true, Mode::Blocks);
        // Kept until the page is rendered (a whole site at once): no spare capacity.
        self.doc.events.shrink_to_fit();
        self.doc
    }

    fn push(&mut self, event: Event<'_>) {
        self.doc.events.push(event);
    }

    fn parse(&mut self, src: &Source, allow_title: bool, mode: Mode) {
        let raw = &src.text[src.body.clone()];
        let mut expansion = None;
        if raw.contains("{{<") || raw.contains("{{%") {
            let e = shortcode::expand(raw, self.next_token);
            if let Some(last) = e.pieces.keys().next_back() {
                self.next_token = last + 1;
            }
            for err in &e.errors {
                let pos = src.lines.position(src.text, src.body.start + err.at);
                self.diags.push(
                    Diagnostic::error(
                        src.origin.file.as_ref(),
                        Rule::Shortcode,
                        err.message.clone(),
                    )
                    .at(pos)
                    .with_hint(err.hint.clone()),
                );
            }
            expansion = Some(e);
        }
        let (text, pieces, map) = match expansion {
            Some(e) => (std::borrow::Cow::Owned(e.text), e.pieces, e.map),
            None => (
                std::borrow::Cow::Borrowed(raw),
                BTreeMap::new(),
                shortcode::OffsetMap::default(),
            ),
        };
        let walk = Walk {
            src,
            events: Parser::new_ext(&text, page_options())
                .into_offset_iter()
                .collect(),
            pieces,
            map,
            raw,
        };
        for (event, _) in &walk.events {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                self.slugs.reserve(id);
            }
        }
        // A call's inner content in a sentence: one paragraph's content, without the
        // paragraph.
        let n = walk.events.len();
        let span = match (mode, walk.events.first()) {
            (Mode::Inline, Some((Event::Start(Tag::Paragraph), _)))
                if skip_to_end(&walk.events, 0) == n =>
            {
                1..n - 1
            }
            _ => 0..n,
        };
        self.walk(&walk, span, allow_title);
    }

    fn walk(&mut self, w: &Walk, span: Range<usize>, allow_title: bool) {
        let mut open_headings: Vec<(u8, String)> = Vec::new();
        let mut i = span.start;
        while i < span.end {
            let (event, range) = &w.events[i];
            match event {
                Event::Start(Tag::HtmlBlock) => {
                    let end = skip_to_end(&w.events, i);
                    let inner: String = w.events[i + 1..end - 1]
                        .iter()
                        .filter_map(|(e, _)| match e {
                            Event::Html(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    if let Some(n) = sole_token(&inner) {
                        self.piece(w, n, true);
                        i = end;
                        continue;
                    }
                    self.push(Event::Start(Tag::HtmlBlock));
                }
                Event::Html(t) | Event::InlineHtml(t) => {
                    let inline = matches!(event, Event::InlineHtml(_));
                    if let (true, Some(n)) = (inline, sole_token(t)) {
                        self.piece(w, n, false);
                    } else {
                        self.raw_html(w, t, range.start, inline);
                    }
                }
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    let end = skip_to_end(&w.events, i);
                    let text = self.plain_text(w, &w.events[i + 1..end.saturating_sub(1)]);
                    let level_n = heading_level(*level);
                    let id = match id {
                        Some(id) => id.to_string(),
                        None => self.slugs.unique(&heading_id(&text, self.ctx.heading_ids)),
                    };
                    let origin = Some((w.src.origin.file.clone(), w.pos(range.start)));
                    if allow_title
                        && level_n == 1
                        && self.doc.title.is_none()
                        && self.doc.events.is_empty()
                    {
                        self.doc.title = Some(Heading {
                            level: 1,
                            id,
                            text,
                            origin,
                        });
                        i = end;
                        continue;
                    }
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
                        origin,
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
                    let end = skip_to_end(&w.events, i);
                    self.code_block(
                        w,
                        kind,
                        &w.events[i + 1..end.saturating_sub(1)],
                        range.start,
                    );
                    i = end;
                    continue;
                }
                Event::InlineMath(tex) | Event::DisplayMath(tex) => {
                    let block = matches!(event, Event::DisplayMath(_));
                    let delimiter = if block { 2 } else { 1 };
                    self.math(w, tex, block, range.start + delimiter);
                }
                Event::Code(code) => self.inline_code(w, code),
                Event::Start(Tag::Table(_)) => {
                    self.push(Event::Html(CowStr::Borrowed("<div class=\"table-wrap\">")));
                    self.push(event.clone());
                }
                Event::End(TagEnd::Table) => {
                    self.push(event.clone());
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
                        origin: w.src.origin.clone(),
                        pos: w.pos(range.start),
                        is_image,
                        attr: None,
                        shortcode_arg: None,
                    });
                    self.push(event.clone());
                }
                _ => self.push(event.clone()),
            }
            i += 1;
        }
    }

    /// A heading's text: its text and code, escaped calls as written, other calls left
    /// out.
    fn plain_text(&self, w: &Walk, events: &[(Event<'_>, Range<usize>)]) -> String {
        let mut out = String::new();
        for (e, _) in events {
            match e {
                Event::Text(t) | Event::Code(t) => out.push_str(t),
                Event::SoftBreak | Event::HardBreak => out.push(' '),
                Event::InlineHtml(t) => {
                    if let Some(Piece::Escape(literal)) =
                        sole_token(t).and_then(|n| w.pieces.get(&n))
                    {
                        out.push_str(literal);
                    }
                }
                _ => {}
            }
        }
        out.trim().to_string()
    }

    /// What token `n` stands for, met as a whole block or inline.
    fn piece(&mut self, w: &Walk, n: usize, block: bool) {
        match w.pieces.get(&n) {
            Some(Piece::Escape(literal)) => {
                let text = Event::Text(CowStr::from(literal.clone()));
                if block {
                    self.push(Event::Start(Tag::Paragraph));
                    self.push(text);
                    self.push(Event::End(TagEnd::Paragraph));
                } else {
                    self.push(text);
                }
            }
            Some(Piece::Node(node)) => self.node(w, node, block),
            None => {}
        }
    }

    /// A shortcode call met as a block or inline: its placeholders, and its inner content
    /// parsed between them.
    fn node(&mut self, w: &Walk, node: &Node, block: bool) {
        let pos = w.raw_pos(node.open.start);
        if node.call.name == "include" {
            if block {
                self.include(w, node, pos);
            } else {
                self.diags.push(
                    Diagnostic::error(
                        w.src.origin.file.as_ref(),
                        Rule::Shortcode,
                        "`include` must stand on a line of its own",
                    )
                    .at(pos)
                    .with_hint("put the include call in its own paragraph"),
                );
            }
            return;
        }
        let placeholder = || {
            if block {
                Event::Html(CowStr::Borrowed(""))
            } else {
                Event::InlineHtml(CowStr::Borrowed(""))
            }
        };
        let event = self.doc.events.len();
        self.push(placeholder());
        let mut close = None;
        if let Some(inner) = &node.inner {
            let sub = Source {
                text: w.src.text,
                body: w.src.body.start + inner.start..w.src.body.start + inner.end,
                lines: w.src.lines,
                origin: w.src.origin.clone(),
            };
            self.parse(&sub, false, if block { Mode::Blocks } else { Mode::Inline });
            close = Some(self.doc.events.len());
            self.push(placeholder());
        }
        self.link_args(w, node, event, pos);
        self.doc.shortcodes.push(ShortcodeRef {
            event,
            close,
            token: None,
            call: node.call.clone(),
            inner: node.inner.clone().map(|r| w.raw[r].to_string()),
            self_closing: node.self_closing,
            block,
            origin: w.src.origin.clone(),
            pos,
        });
    }

    /// A call inside raw HTML or code: recorded with the text that stands for it in the
    /// event (replaced when rendering).
    fn embedded(&mut self, w: &Walk, n: usize, token: String) {
        let Some(Piece::Node(node)) = w.pieces.get(&n) else {
            return;
        };
        let event = self.doc.events.len();
        self.link_args(w, node, event, w.raw_pos(node.open.start));
        self.doc.shortcodes.push(ShortcodeRef {
            event,
            close: None,
            token: Some(token),
            call: node.call.clone(),
            inner: node.inner.clone().map(|r| w.raw[r].to_string()),
            self_closing: node.self_closing,
            block: false,
            origin: w.src.origin.clone(),
            pos: w.raw_pos(node.open.start),
        });
    }

    /// The arguments of the call about to be recorded that are links (`LINK_ARGS`).
    fn link_args(&mut self, w: &Walk, node: &Node, event: usize, pos: Position) {
        for (name, arg) in super::LINK_ARGS {
            let Some(dest) = node.call.args.get(arg).filter(|_| node.call.name == name) else {
                continue;
            };
            self.doc.links.push(LinkRef {
                event,
                dest: dest.clone(),
                origin: w.src.origin.clone(),
                pos,
                is_image: arg != "link",
                attr: None,
                shortcode_arg: Some((self.doc.shortcodes.len(), arg.to_string())),
            });
        }
    }

    /// Raw HTML: escaped calls written out, other calls recorded, link targets and
    /// anchors read from its tags.
    fn raw_html(&mut self, w: &Walk, text: &str, offset: usize, inline: bool) {
        let mut text = text.to_string();
        for (n, range) in shortcode::find_tokens(&text).into_iter().rev() {
            match w.pieces.get(&n) {
                Some(Piece::Escape(literal)) => text.replace_range(range, &escape_html(literal)),
                Some(Piece::Node(_)) => {
                    let token = text[range].to_string();
                    self.embedded(w, n, token);
                }
                None => {}
            }
        }
        for attr in html::attributes(&text) {
            if attr.is_anchor() {
                self.doc.html_anchors.push(attr.value.clone());
            }
            if attr.is_link() && !attr.value.is_empty() {
                self.doc.links.push(LinkRef {
                    event: self.doc.events.len(),
                    dest: attr.value,
                    origin: w.src.origin.clone(),
                    pos: w.pos(offset + attr.range.start),
                    is_image: attr.tag != "a" && attr.tag != "area",
                    attr: Some(attr.range),
                    shortcode_arg: None,
                });
            }
        }
        let text = CowStr::from(text);
        self.push(if inline {
            Event::InlineHtml(text)
        } else {
            Event::Html(text)
        });
    }
}

/// The piece number when `text` is one token and nothing else (but space).
fn sole_token(text: &str) -> Option<usize> {
    let t = text.trim();
    match shortcode::find_tokens(t).as_slice() {
        [(n, r)] if r.start == 0 && r.end == t.len() => Some(*n),
        _ => None,
    }
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
