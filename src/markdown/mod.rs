//! Markdown to a page document, parsed once.
//!
//! `parse_document` turns a page's Markdown into a `Document`: the pulldown-cmark events
//! with code already highlighted, headings given ids and permalinks, callouts and tables
//! wrapped, and shortcodes (read with Hugo's grammar before Markdown, `shortcode`) replaced
//! by placeholders; plus what later stages need from the same parse: the headings (TOC,
//! anchors, search), the links to resolve and check (Markdown's and raw HTML's), the
//! shortcode calls and the fragments included. Nothing downstream re-parses HTML.
//!
//! This module knows nothing of URLs, templates or data sets.

pub mod diagram;
mod events;
pub mod highlight;
pub mod html;
pub mod math;
mod parse;
pub mod shortcode;
pub mod slug;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use pulldown_cmark::Options;

use crate::config::HeadingIds;
use crate::diagnostics::{Diagnostic, LineIndex, Position};
pub use events::{EventList, Events};
use highlight::Highlighter;

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
    /// Index of the `Start(Link|Image)` event in `Document::events`, or of the raw HTML
    /// event holding the attribute.
    pub event: usize,
    pub dest: String,
    pub origin: Origin,
    pub pos: Position,
    pub is_image: bool,
    /// For a link in raw HTML (`<a href>`, `<img src>`): where its value is in the
    /// event's text.
    pub attr: Option<Range<usize>>,
    /// For a shortcode argument that is a link (`figure`'s `src`): the call's index in
    /// `Document::shortcodes` and the argument's name.
    pub shortcode_arg: Option<(usize, String)>,
}

/// Shortcode arguments that are links, resolved and checked like Markdown links:
/// (shortcode, argument).
pub const LINK_ARGS: [(&str, &str); 3] = [("figure", "src"), ("figure", "link"), ("card", "image")];

/// A shortcode call and where its output goes.
#[derive(Debug, Clone)]
pub struct ShortcodeRef {
    /// The placeholder event the output replaces (the opening one, for a call whose inner
    /// content was parsed into the events); for a call inside raw HTML or code, the event
    /// holding its `token`.
    pub event: usize,
    /// The closing placeholder: the events between are the inner content, rendered and
    /// given to the template as `inner_html`.
    pub close: Option<usize>,
    /// For a call inside raw HTML or code: the text in the event that stands for it.
    pub token: Option<String>,
    pub call: shortcode::Call,
    /// The inner content as written, for a paired call.
    pub inner: Option<String>,
    /// Written `{{< name />}}`.
    pub self_closing: bool,
    /// On a line of its own (a block) or inside a sentence (inline).
    pub block: bool,
    pub origin: Origin,
    pub pos: Position,
}

/// A page's Markdown, parsed once.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub events: EventList,
    /// A leading level-1 heading, lifted out of the body: the page's title when front
    /// matter has none.
    pub title: Option<Heading>,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub shortcodes: Vec<ShortcodeRef>,
    /// Keys of the fragments included (a page depends on them).
    pub includes: Vec<String>,
    /// For each of `headings`, the index of its opening event (search records).
    pub heading_events: Vec<usize>,
    /// Each code block: the index of its event and its text (search indexes code).
    pub code_blocks: Vec<(usize, String)>,
    /// Anchors raw HTML defines (`id`, `<a name>`).
    pub html_anchors: Vec<String>,
}

/// A Markdown text parsed as part of a page: a page, a fragment it includes, or the inner
/// content of a shortcode.
pub struct Source<'a> {
    /// The whole file, front matter included, so positions are the file's own.
    pub text: &'a str,
    /// The Markdown to parse: a range of `text`.
    pub body: Range<usize>,
    pub lines: &'a LineIndex,
    pub origin: Origin,
}

/// A shared Markdown file pages include: under a `_` folder of `content/`
/// (`{{< include path="_fragments/x.md" >}}`), or in `include_dir` (`{{% include "x.md" %}}`).
#[derive(Debug, Clone)]
pub struct Fragment {
    pub text: String,
    pub lines: LineIndex,
    pub origin: Origin,
}

/// What parsing may look at besides the page itself.
pub struct ParseContext<'a> {
    pub highlighter: &'a Highlighter,
    /// The code colours' palette.
    pub code_theme: &'a highlight::CodeTheme,
    /// Mermaid diagrams drawn so far, shared by every page of every build of the process.
    pub diagrams: &'a diagram::Diagrams,
    pub math: &'a math::Math,
    /// Fragments by key: content-relative path (`_fragments/x.md`), or for files of
    /// `include_dir`, `INCLUDE_DIR_KEY` and their path there.
    pub fragments: &'a BTreeMap<String, Fragment>,
    pub heading_ids: HeadingIds,
}

/// The key prefix of the fragments read from `include_dir`.
pub const INCLUDE_DIR_KEY: &str = "@include/";

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

/// The options of a page's Markdown: `options()` and math (`$...$`, `$$...$$`). Data
/// values have no math.
pub fn page_options() -> Options {
    options() | Options::ENABLE_MATH
}

/// Parses one page's Markdown.
pub fn parse_document(src: &Source, ctx: &ParseContext, diags: &mut Vec<Diagnostic>) -> Document {
    parse::DocumentParse::new(ctx, diags).run(src)
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
    use pulldown_cmark::Event;

    fn parse(md: &str) -> (Document, Vec<Diagnostic>) {
        let h = Highlighter::new();
        let fragments = BTreeMap::new();
        let theme = highlight::CodeTheme::fallback();
        let diagrams = diagram::Diagrams::default();
        let math = math::Math::default();
        let ctx = ParseContext {
            highlighter: &h,
            code_theme: &theme,
            diagrams: &diagrams,
            math: &math,
            fragments: &fragments,
            heading_ids: HeadingIds::Gitlab,
        };
        let lines = LineIndex::new(md);
        let src = Source {
            text: md,
            body: 0..md.len(),
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
        pulldown_cmark::html::push_html(&mut out, doc.events.unpacked().iter());
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
    fn shortcodes_block_inline_in_code_and_escaped() {
        let md = "{{< table data=\"r7.x\" >}}\n\nSee {{< field data=\"a\" id=\"b\" key=\"c\" >}} now.\n\n`{{< inline >}}` and `{{</* shown */>}}`\n\n```\n{{< fenced >}}\n{{</* literal */>}}\n```\n";
        let (doc, diags) = parse(md);
        assert!(diags.is_empty(), "{diags:?}");
        let names: Vec<(&str, bool, bool)> = doc
            .shortcodes
            .iter()
            .map(|s| (s.call.name.as_str(), s.block, s.token.is_some()))
            .collect();
        assert_eq!(
            names,
            [
                ("table", true, false),
                ("field", false, false),
                ("inline", false, true),
                ("fenced", false, true)
            ]
        );
        assert_eq!(doc.shortcodes[1].pos, Position { line: 3, col: 5 });
        let out = html(&doc);
        assert!(out.contains("<p>See  now.</p>"), "{out}");
        assert!(out.contains("<code>{{&lt; shown &gt;}}</code>"), "{out}");
        assert!(out.contains("{{&lt; literal &gt;}}"), "{out}");
        assert!(out.contains("HbScCode"), "{out}");
    }

    #[test]
    fn paired_shortcodes_parse_their_inner_markdown_in_place() {
        let md = "Intro\n{{% alert title=\"Note\" %}}\n## Inside\n\nSee [a](a.md) and {{< label x >}}.\n{{% /alert %}}\nAfter {{< b >}}*em*{{< /b >}} done.\n";
        let (doc, diags) = parse(md);
        assert!(diags.is_empty(), "{diags:?}");
        let alert = doc
            .shortcodes
            .iter()
            .find(|s| s.call.name == "alert")
            .unwrap();
        assert!(alert.block);
        let close = alert.close.unwrap();
        assert_eq!(doc.headings[0].text, "Inside");
        assert!(doc.heading_events[0] > alert.event && doc.heading_events[0] < close);
        assert_eq!(doc.links[0].pos, Position { line: 5, col: 5 });
        let label = doc
            .shortcodes
            .iter()
            .find(|s| s.call.name == "label")
            .unwrap();
        assert!(label.event > alert.event && label.event < close);
        let b = doc.shortcodes.iter().find(|s| s.call.name == "b").unwrap();
        assert!(!b.block);
        assert_eq!(b.inner.as_deref(), Some("*em*"));
        // The inline call's content is inline: no paragraph of its own.
        let events = doc.events.unpacked();
        let mut inner = events.range(b.event + 1..b.close.unwrap());
        assert!(!inner.any(|e| matches!(e, Event::Start(pulldown_cmark::Tag::Paragraph))));
    }

    #[test]
    fn raw_html_links_and_anchors() {
        let (doc, _) = parse("<div id=\"top\">\n<a href=\"a.md#x\"><img src=\"i.png\"></a>\n</div>\n\nText <a name=\"old\"></a>\n");
        let dests: Vec<(&str, bool)> = doc
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.is_image))
            .collect();
        assert_eq!(dests, [("a.md#x", false), ("i.png", true)]);
        assert_eq!(doc.links[0].pos, Position { line: 2, col: 10 });
        assert_eq!(doc.html_anchors, ["top", "old"]);
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
        assert!(out.contains("<span class=\"l"), "{out}");
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
