//! A page's parsed events, stored compactly: a whole site's pages stay parsed until they are
//! rendered, so their events are most of a build's memory. The text of every event is kept
//! once, in one string per page, and each event is a small fixed-size item pointing into it;
//! only events that carry more than text (links, images, headings, code blocks, tables,
//! numbered lists...) are kept as pulldown-cmark made them. Reading an event back borrows
//! its text: rendering copies nothing it does not change.
//!
//! The dev server keeps every page parsed for as long as it runs; it packs the text
//! (`EventList::pack`: LZ4, highlighted code compresses about fourfold), and events are
//! read through `EventList::unpacked`, which unpacks it for as long as the reader needs.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// A page's events, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventList {
    /// The text of every text-bearing event, one after another (empty once packed).
    text: String,
    /// `text`, packed (LZ4, its size first).
    packed: Option<Box<[u8]>>,
    items: Vec<Item>,
    /// Events with more than text, as they are.
    other: Vec<Event<'static>>,
}

/// A page's events, readable: its `EventList`, borrowed, or unpacked for the reader.
pub struct Events<'a>(Cow<'a, EventList>);

/// Where an event's text is in `EventList::text`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Span {
    start: u32,
    len: u32,
}

/// One event; `Other` is a place in `EventList::other`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    Text(Span),
    Code(Span),
    Html(Span),
    InlineHtml(Span),
    InlineMath(Span),
    DisplayMath(Span),
    FootnoteReference(Span),
    SoftBreak,
    HardBreak,
    Rule,
    TaskListMarker(bool),
    Start(Simple),
    End(TagEnd),
    Other(u32),
}

/// The tags that carry nothing but their kind.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Simple {
    Paragraph,
    HtmlBlock,
    Item,
    DefinitionList,
    DefinitionListTitle,
    DefinitionListDefinition,
    TableHead,
    TableRow,
    TableCell,
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
}

impl Simple {
    fn of(tag: &Tag) -> Option<Simple> {
        Some(match tag {
            Tag::Paragraph => Simple::Paragraph,
            Tag::HtmlBlock => Simple::HtmlBlock,
            Tag::Item => Simple::Item,
            Tag::DefinitionList => Simple::DefinitionList,
            Tag::DefinitionListTitle => Simple::DefinitionListTitle,
            Tag::DefinitionListDefinition => Simple::DefinitionListDefinition,
            Tag::TableHead => Simple::TableHead,
            Tag::TableRow => Simple::TableRow,
            Tag::TableCell => Simple::TableCell,
            Tag::Emphasis => Simple::Emphasis,
            Tag::Strong => Simple::Strong,
            Tag::Strikethrough => Simple::Strikethrough,
            Tag::Superscript => Simple::Superscript,
            Tag::Subscript => Simple::Subscript,
            _ => return None,
        })
    }

    fn tag(self) -> Tag<'static> {
        match self {
            Simple::Paragraph => Tag::Paragraph,
            Simple::HtmlBlock => Tag::HtmlBlock,
            Simple::Item => Tag::Item,
            Simple::DefinitionList => Tag::DefinitionList,
            Simple::DefinitionListTitle => Tag::DefinitionListTitle,
            Simple::DefinitionListDefinition => Tag::DefinitionListDefinition,
            Simple::TableHead => Tag::TableHead,
            Simple::TableRow => Tag::TableRow,
            Simple::TableCell => Tag::TableCell,
            Simple::Emphasis => Tag::Emphasis,
            Simple::Strong => Tag::Strong,
            Simple::Strikethrough => Tag::Strikethrough,
            Simple::Superscript => Tag::Superscript,
            Simple::Subscript => Tag::Subscript,
        }
    }
}

impl EventList {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Appends an event (its text is copied in).
    pub fn push(&mut self, event: Event<'_>) {
        let item = match event {
            Event::Text(t) => Item::Text(self.keep(&t)),
            Event::Code(t) => Item::Code(self.keep(&t)),
            Event::Html(t) => Item::Html(self.keep(&t)),
            Event::InlineHtml(t) => Item::InlineHtml(self.keep(&t)),
            Event::InlineMath(t) => Item::InlineMath(self.keep(&t)),
            Event::DisplayMath(t) => Item::DisplayMath(self.keep(&t)),
            Event::FootnoteReference(t) => Item::FootnoteReference(self.keep(&t)),
            Event::SoftBreak => Item::SoftBreak,
            Event::HardBreak => Item::HardBreak,
            Event::Rule => Item::Rule,
            Event::TaskListMarker(done) => Item::TaskListMarker(done),
            Event::End(end) => Item::End(end),
            Event::Start(tag) => match Simple::of(&tag) {
                Some(simple) => Item::Start(simple),
                None => {
                    self.other.push(Event::Start(tag).into_static());
                    Item::Other((self.other.len() - 1) as u32)
                }
            },
        };
        self.items.push(item);
    }

    /// Gives back spare capacity, once the page is parsed.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.items.shrink_to_fit();
        self.other.shrink_to_fit();
    }

    /// Packs the text, for a parse kept long after it is rendered.
    pub fn pack(&mut self) {
        if self.packed.is_none() && !self.text.is_empty() {
            self.packed = Some(lz4_flex::compress_prepend_size(self.text.as_bytes()).into());
            self.text = String::new();
        }
    }

    /// The events, to read.
    pub fn unpacked(&self) -> Events<'_> {
        let Some(packed) = &self.packed else {
            return Events(Cow::Borrowed(self));
        };
        // Packed by `pack` from a `String`, so it unpacks to UTF-8; were it ever not, the
        // text reads as empty (every event stays in place) rather than panicking.
        let text = lz4_flex::decompress_size_prepended(packed)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default();
        Events(Cow::Owned(EventList {
            text,
            packed: None,
            items: self.items.clone(),
            other: self.other.clone(),
        }))
    }

    fn keep(&mut self, t: &str) -> Span {
        let start = self.text.len() as u32;
        self.text.push_str(t);
        Span {
            start,
            len: t.len() as u32,
        }
    }
}

impl Events<'_> {
    pub fn len(&self) -> usize {
        self.0.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.items.is_empty()
    }

    /// The event at `i`, its text borrowed.
    ///
    /// # Panics
    /// When `i` is out of range, as indexing a slice does.
    pub fn get(&self, i: usize) -> Event<'_> {
        let list = &*self.0;
        let text = |s: Span| {
            CowStr::Borrowed(
                list.text
                    .get(s.start as usize..(s.start + s.len) as usize)
                    .unwrap_or_default(),
            )
        };
        match list.items[i] {
            Item::Text(s) => Event::Text(text(s)),
            Item::Code(s) => Event::Code(text(s)),
            Item::Html(s) => Event::Html(text(s)),
            Item::InlineHtml(s) => Event::InlineHtml(text(s)),
            Item::InlineMath(s) => Event::InlineMath(text(s)),
            Item::DisplayMath(s) => Event::DisplayMath(text(s)),
            Item::FootnoteReference(s) => Event::FootnoteReference(text(s)),
            Item::SoftBreak => Event::SoftBreak,
            Item::HardBreak => Event::HardBreak,
            Item::Rule => Event::Rule,
            Item::TaskListMarker(done) => Event::TaskListMarker(done),
            Item::Start(simple) => Event::Start(simple.tag()),
            Item::End(end) => Event::End(end),
            Item::Other(k) => list.other[k as usize].clone(),
        }
    }

    /// The events in `range`, in order.
    pub fn range(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = Event<'_>> + '_ {
        range.map(|i| self.get(i))
    }

    /// Every event, in order.
    pub fn iter(&self) -> impl Iterator<Item = Event<'_>> + '_ {
        self.range(0..self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    #[test]
    fn every_event_comes_back_as_it_went_in() {
        let md = "# T\n\nSome *em* **b** ~~s~~ `c` [l](u \"t\") ![i](p)\\\nx\n\n- [x] a\n- b\n\n3. n\n\n| a | b |\n|:--|--:|\n| c | d |\n\n> q\n\n<div>h</div>\n\n```rust\nfn\n```\n\n---\n\nf[^1]\n\n[^1]: note\n";
        let events: Vec<Event> = Parser::new_ext(md, crate::markdown::options()).collect();
        let mut list = EventList::default();
        for e in &events {
            list.push(e.clone());
        }
        list.shrink_to_fit();
        assert_eq!(list.len(), events.len());
        {
            let plain = list.unpacked();
            let back: Vec<Event> = plain.iter().collect();
            assert_eq!(back, events);
        }
        list.pack();
        assert!(list.text.is_empty());
        let unpacked = list.unpacked();
        let back: Vec<Event> = unpacked.iter().collect();
        assert_eq!(back, events);
    }
}
