//! A page's search record, from the same parse the HTML comes from: its title and
//! description, then its sub-results in document order (the text before the first
//! heading, each heading with the text under it, each data record a shortcode renders),
//! with code kept apart. Navigation, footers and other template chrome never reach it;
//! raw HTML written in a page is not indexed either.

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::content::{title_from_name, Page};
use crate::data::{DataSets, Records};
use crate::markdown::{Document, ShortcodeRef};
use crate::resolve::RECORD_SHORTCODES;

/// What a sub-result is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubKind {
    /// The page itself: its description and the text before the first heading.
    Page,
    Heading,
    /// A data record; the facet is the data path it was rendered from (`r7.requirements`).
    Record {
        facet: String,
    },
}

/// One sub-result: a place on the page a result can link to.
#[derive(Debug, Clone)]
pub struct SubResult {
    pub kind: SubKind,
    pub title: String,
    /// The anchor on the page (empty for the page itself).
    pub anchor: String,
    pub text: String,
    pub code: String,
}

/// Everything search knows about one page.
#[derive(Debug, Clone, Default)]
pub struct SearchRecord {
    /// URL path below the base path.
    pub url: String,
    pub title: String,
    pub description: String,
    /// The titles of the sections above the page, joined (`Selling › Tips`).
    pub path: String,
    pub subs: Vec<SubResult>,
}

/// A data path's facet label: `r7.requirements` -> `R7 requirements`, `tracks.tracks` ->
/// `Tracks`, `partner_types.types` -> `Partner types`.
pub fn facet_label(data_path: &str) -> String {
    let mut parts = data_path.rsplitn(2, '.');
    let list = parts.next().unwrap_or("");
    let set = parts.next().unwrap_or("");
    let set_words = title_from_name(set.rsplit('.').next().unwrap_or(set));
    if set.is_empty() {
        return title_from_name(list);
    }
    let list_words = list.replace(['_', '-'], " ");
    if set_words
        .to_lowercase()
        .ends_with(&list_words.to_lowercase())
    {
        set_words
    } else {
        format!("{set_words} {list_words}")
    }
}

/// Plain text of a data value (strings are Markdown).
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => markdown_text(s),
        Value::Number(n) => thousands(&n.to_string()),
        Value::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
        Value::Array(items) => items
            .iter()
            .map(value_text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

/// `10000` as the theme shows it: `10,000`.
fn thousands(n: &str) -> String {
    let (int, rest) = n.split_at(n.find('.').unwrap_or(n.len()));
    let (sign, digits) = int.split_at(usize::from(int.starts_with('-')));
    if digits.len() <= 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return n.to_string();
    }
    let mut out = String::from(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out + rest
}

fn markdown_text(s: &str) -> String {
    if !s.contains(['*', '_', '[', '`', '<', '&', '\\', '#', '\n']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for ev in Parser::new_ext(s, crate::markdown::options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn record_title(item: &Value, key: Option<&str>, fallback: String) -> String {
    let keys: Vec<&str> = match key {
        Some(k) => vec![k],
        None => vec!["name", "title", "term", "component"],
    };
    keys.iter()
        .filter_map(|k| item.get(*k))
        .map(value_text)
        .find(|t| !t.is_empty())
        .unwrap_or(fallback)
}

fn columns(arg: Option<&String>) -> Vec<&str> {
    arg.map(|c| {
        c.split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// The records a shortcode call shows, as sub-results (a record already shown on the page
/// keeps its first place).
fn shortcode_records(
    sc: &ShortcodeRef,
    data: &DataSets,
    claimed: &mut BTreeSet<String>,
    out: &mut Vec<SubResult>,
) {
    let name = sc.call.name.as_str();
    let args = &sc.call.args;
    let (path, records): (String, Records) = if name == "glossary" {
        let path = data.glossary.as_deref().unwrap_or("glossary.terms");
        match data.records(path) {
            Ok(r) => (path.to_string(), r),
            Err(_) => return,
        }
    } else {
        let Some(path) = args.get("data") else { return };
        match data.records(path) {
            Ok(r) => (path.clone(), r),
            Err(_) => return,
        }
    };
    let only = if name == "record" {
        args.get("id")
    } else {
        None
    };
    let cols = columns(args.get("columns"));
    let fields = columns(args.get("fields"));
    for (i, item) in records.items.iter().enumerate() {
        let id = records.record_id(i);
        if only.is_some_and(|o| *o != id) {
            continue;
        }
        let anchor = records.anchor(i);
        if !claimed.insert(anchor.clone()) {
            continue;
        }
        let (title_key, text_keys): (Option<&str>, Vec<String>) = match name {
            "table" => (
                cols.first().copied(),
                cols.iter().skip(1).map(|c| c.to_string()).collect(),
            ),
            "cards" => (
                Some(args.get("title").map(String::as_str).unwrap_or("name")),
                fields.iter().map(|c| c.to_string()).collect(),
            ),
            "glossary" => (Some("term"), vec!["expansion".into(), "definition".into()]),
            _ => {
                let keys = item
                    .as_object()
                    .map(|m| m.keys().filter(|k| *k != "id").cloned().collect())
                    .unwrap_or_default();
                (None, keys)
            }
        };
        let title = record_title(item, title_key, id.clone());
        let text = text_keys
            .iter()
            .filter_map(|k| item.get(k.as_str()))
            .map(value_text)
            .filter(|t| !t.is_empty() && *t != title)
            .collect::<Vec<_>>()
            .join(" · ");
        out.push(SubResult {
            kind: SubKind::Record {
                facet: path.clone(),
            },
            title,
            anchor,
            text,
            code: String::new(),
        });
    }
}

/// The value a `field` shortcode shows.
fn field_text(sc: &ShortcodeRef, data: &DataSets) -> Option<String> {
    let args = &sc.call.args;
    let records = data.records(args.get("data")?).ok()?;
    let i = records.find(args.get("id")?)?;
    Some(value_text(records.items[i].get(args.get("key")?.as_str())?))
}

/// What a page's record takes from the page besides its parse.
#[derive(Debug, Clone)]
pub struct RecordPage {
    pub url: String,
    pub title: String,
    pub description: String,
    /// The titles of the sections above the page, joined.
    pub path: String,
}

impl RecordPage {
    pub fn of(page: &Page, path: String) -> RecordPage {
        RecordPage {
            url: page.url.clone(),
            title: page.title.clone(),
            description: page.front.description.clone().unwrap_or_default(),
            path,
        }
    }
}

/// Builds the search record of a page from what it takes of the page and its parse (the
/// page's own, or one taken out of it).
pub fn record_of(page: RecordPage, doc: &Document, data: &DataSets) -> SearchRecord {
    // Where headings, code blocks and shortcodes are, by event, in event order: the walk
    // below meets them in turn.
    let mut heading_at: Vec<(usize, usize)> = doc
        .heading_events
        .iter()
        .enumerate()
        .map(|(k, &e)| (e, k))
        .collect();
    heading_at.sort_unstable();
    let mut code_at: Vec<(usize, &str)> = doc
        .code_blocks
        .iter()
        .map(|(e, c)| (*e, c.as_str()))
        .collect();
    code_at.sort_by_key(|&(e, _)| e);
    let mut shortcode_at: Vec<(usize, &ShortcodeRef)> =
        doc.shortcodes.iter().map(|s| (s.event, s)).collect();
    shortcode_at.sort_by_key(|&(e, _)| e);
    /// The item of a list in event order at event `i`, if there is one; `next` is where
    /// the next look starts.
    fn at<T: Copy>(list: &[(usize, T)], next: &mut usize, i: usize) -> Option<T> {
        while *next < list.len() && list[*next].0 < i {
            *next += 1;
        }
        match list.get(*next) {
            Some(&(e, v)) if e == i => Some(v),
            _ => None,
        }
    }
    let (mut next_heading, mut next_code, mut next_shortcode) = (0, 0, 0);
    let mut subs = vec![SubResult {
        kind: SubKind::Page,
        title: page.title.clone(),
        anchor: String::new(),
        text: String::new(),
        code: String::new(),
    }];
    let mut current = 0;
    let mut in_heading = false;
    let mut claimed = BTreeSet::new();
    let events = doc.events.unpacked();
    for (i, ev) in events.iter().enumerate() {
        if let Some(k) = at(&heading_at, &mut next_heading, i) {
            let h = &doc.headings[k];
            subs.push(SubResult {
                kind: SubKind::Heading,
                title: h.text.clone(),
                anchor: h.id.clone(),
                text: String::new(),
                code: String::new(),
            });
            current = subs.len() - 1;
            // The heading's own text is its title; its end is the next block of HTML.
            in_heading = true;
            continue;
        }
        match ev {
            Event::Html(_) if in_heading => in_heading = false,
            _ if in_heading => {}
            Event::Text(t) | Event::Code(t) => push_collapsed(&mut subs[current].text, &t),
            Event::SoftBreak | Event::HardBreak => push_space(&mut subs[current].text),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) => push_space(&mut subs[current].text),
            Event::Start(Tag::Item | Tag::TableCell) => push_space(&mut subs[current].text),
            Event::Html(_) | Event::InlineHtml(_) => {
                if let Some(code) = at(&code_at, &mut next_code, i) {
                    let sub = &mut subs[current];
                    sub.code.push_str(code);
                    sub.code.push('\n');
                } else if let Some(sc) = at(&shortcode_at, &mut next_shortcode, i) {
                    let name = sc.call.name.as_str();
                    if RECORD_SHORTCODES.contains(&name) || name == "glossary" {
                        shortcode_records(sc, data, &mut claimed, &mut subs);
                    } else if name == "field" {
                        if let Some(t) = field_text(sc, data) {
                            push_collapsed(&mut subs[current].text, &t);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // The page's and headings' texts were collapsed as they were made; records' are now.
    for sub in &mut subs {
        match sub.kind {
            SubKind::Record { .. } => sub.text = collapse_spaces(&sub.text),
            _ if sub.text.ends_with(' ') => {
                sub.text.pop();
            }
            _ => {}
        }
    }
    SearchRecord {
        url: page.url,
        title: page.title,
        description: page.description,
        path: page.path,
        subs,
    }
}

/// Appends `t` to a text kept as `collapse_spaces` makes it, but for one space it may end
/// with: each run of white space one space, none at the start.
fn push_collapsed(out: &mut String, t: &str) {
    let bytes = t.as_bytes();
    // Most texts are ASCII words with single spaces between them: copied whole.
    let plain = bytes
        .iter()
        .fold(true, |ok, &b| ok & (b' '..0x80).contains(&b))
        && memchr::memmem::find(bytes, b"  ").is_none();
    if plain {
        let t = match t.strip_prefix(' ') {
            Some(rest) if out.is_empty() || out.ends_with(' ') => rest,
            _ => t,
        };
        out.push_str(t);
        return;
    }
    for c in t.chars() {
        if c.is_whitespace() {
            push_space(out);
        } else {
            out.push(c);
        }
    }
}

/// Appends a space to a text `push_collapsed` keeps, unless it is empty or ends with one.
fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// The text with each run of white space one space, none at either end.
fn collapse_spaces(s: &str) -> String {
    if s.is_ascii() {
        return collapse_ascii_spaces(s);
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// `collapse_spaces` of ASCII text, its words copied whole (the white space
/// `char::is_whitespace` knows among ASCII characters splits them).
fn collapse_ascii_spaces(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    for word in s.as_bytes().split(space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(word);
    }
    // Only ASCII bytes were copied.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII path collapses white space exactly as the general one does.
    #[test]
    fn ascii_spaces_collapse_as_any_text_does() {
        for text in [
            "",
            "   ",
            " a  b\t\tc\n",
            "one\x0btwo\x0cthree\r\nfour",
            "trailing   ",
            "  leading",
            "x",
        ] {
            let general: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(collapse_ascii_spaces(text), general.join(" "), "{text:?}");
        }
    }

    /// Texts pushed a piece at a time, with spaces between some, read as the whole text
    /// collapsed would (its one trailing space taken off at the end).
    #[test]
    fn pieces_collapse_as_the_whole_text_does() {
        let pieces = [
            "",
            " ",
            "  ",
            "a",
            " a",
            "a ",
            " a b ",
            "a  b",
            "x\ny",
            "\t",
            "caf\u{e9} ok",
            "\u{a0}nbsp\u{a0}",
            "\u{2003}",
            "end.",
            "\x01ctl",
        ];
        // Every sequence of three pieces, each followed or not by a pushed space.
        for a in 0..pieces.len() {
            for b in 0..pieces.len() {
                for c in 0..pieces.len() {
                    for spaces in 0..8u8 {
                        let (mut built, mut whole) = (String::new(), String::new());
                        for (k, &p) in [pieces[a], pieces[b], pieces[c]].iter().enumerate() {
                            push_collapsed(&mut built, p);
                            whole.push_str(p);
                            if spaces >> k & 1 == 1 {
                                push_space(&mut built);
                                whole.push(' ');
                            }
                        }
                        if built.ends_with(' ') {
                            built.pop();
                        }
                        assert_eq!(built, collapse_spaces(&whole), "{whole:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn facet_labels() {
        assert_eq!(facet_label("r7.requirements"), "R7 requirements");
        assert_eq!(facet_label("tracks.tracks"), "Tracks");
        assert_eq!(facet_label("partner_types.types"), "Partner types");
        assert_eq!(facet_label("glossary.terms"), "Glossary terms");
    }

    #[test]
    fn values_as_text() {
        assert_eq!(
            value_text(&serde_json::json!("**amount**, not [IACV](x.md)")),
            "amount, not IACV"
        );
        assert_eq!(value_text(&serde_json::json!(5000)), "5,000");
        assert_eq!(value_text(&serde_json::json!(-1234567.5)), "-1,234,567.5");
        assert_eq!(value_text(&serde_json::json!(999)), "999");
        assert_eq!(value_text(&serde_json::json!(true)), "Yes");
        assert_eq!(value_text(&serde_json::json!(["a", "b"])), "a, b");
    }
}
