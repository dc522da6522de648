//! Glossary terms in page text: the first use of each term on a page becomes an `<abbr>`
//! with its expansion. Whole words only, case-sensitive; never inside code, links,
//! headings or raw HTML.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::data::DataSets;
use crate::markdown::highlight::escape_html;

#[derive(Debug, Clone)]
struct Term {
    text: String,
    title: String,
}

/// The terms of `content/_data/glossary.yaml` (`terms: [{term, expansion, definition}]`).
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    terms: Vec<Term>,
}

impl Glossary {
    pub fn from_data(data: &DataSets) -> Self {
        let mut terms = Vec::new();
        for entry in crate::data::glossary_entries(data) {
            let title = entry.expansion.or(entry.definition).unwrap_or_default();
            for text in std::iter::once(entry.term).chain(entry.aliases) {
                if !text.trim().is_empty() {
                    terms.push(Term {
                        text,
                        title: title.clone(),
                    });
                }
            }
        }
        // Longer terms first, so "Channel Manager" wins over "Channel".
        terms.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then(a.text.cmp(&b.text)));
        Glossary { terms }
    }

    /// A marker for one page: remembers which terms were already used.
    pub fn marker(&self) -> Marker<'_> {
        Marker {
            glossary: self,
            used: vec![false; self.terms.len()],
            skip_depth: 0,
        }
    }
}

pub struct Marker<'g> {
    glossary: &'g Glossary,
    used: Vec<bool>,
    skip_depth: usize,
}

impl<'g> Marker<'g> {
    /// Passes an event through, marking the first uses of terms in its text.
    pub fn mark<'e>(&mut self, ev: Event<'e>) -> Vec<Event<'e>> {
        match &ev {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                self.skip_depth += 1;
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.skip_depth = self.skip_depth.saturating_sub(1);
            }
            // Headings are raw HTML here (ids and permalinks were added at parse time).
            Event::Html(h) | Event::InlineHtml(h) => {
                if h.starts_with("<h") && h.len() > 2 && h.as_bytes()[2].is_ascii_digit() {
                    self.skip_depth += 1;
                } else if h.contains("class=\"anchor\"") && h.contains("</h") {
                    self.skip_depth = self.skip_depth.saturating_sub(1);
                }
            }
            Event::Text(CowStr::Borrowed(text))
                if self.skip_depth == 0 && !self.glossary.terms.is_empty() =>
            {
                return self.mark_text(text);
            }
            _ => {}
        }
        vec![ev]
    }

    /// Like `mark`, for an event already rewritten for this page (a link with its href).
    pub fn mark_owned<'e>(&mut self, ev: Event<'e>) -> Vec<Event<'e>> {
        if let Event::Start(Tag::Link { .. } | Tag::Image { .. }) = ev {
            self.skip_depth += 1;
        }
        vec![ev]
    }

    fn mark_text<'e>(&mut self, text: &'e str) -> Vec<Event<'e>> {
        // Find the earliest first use of any unused term; repeat on the rest.
        let mut out = Vec::new();
        let mut rest = text;
        loop {
            let mut best: Option<(usize, usize)> = None; // (offset, term index)
            for (i, term) in self.glossary.terms.iter().enumerate() {
                if self.used[i] {
                    continue;
                }
                if let Some(off) = find_word(rest, &term.text) {
                    if best.is_none_or(|(b, _)| off < b) {
                        best = Some((off, i));
                    }
                }
            }
            let Some((off, i)) = best else {
                break;
            };
            let term = &self.glossary.terms[i];
            // One mark per term text; aliases sharing a title count as the same term.
            for (j, t) in self.glossary.terms.iter().enumerate() {
                if t.title == term.title || t.text == term.text {
                    self.used[j] = true;
                }
            }
            if off > 0 {
                out.push(Event::Text(CowStr::Borrowed(&rest[..off])));
            }
            let word = &rest[off..off + term.text.len()];
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<abbr class=\"gloss\" title=\"{}\" tabindex=\"0\">{}</abbr>",
                escape_html(&term.title),
                escape_html(word)
            ))));
            rest = &rest[off + term.text.len()..];
        }
        if !rest.is_empty() {
            out.push(Event::Text(CowStr::Borrowed(rest)));
        }
        out
    }
}

/// The offset of `word` in `text` as a whole word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(rel) = text[from..].find(word) {
        let start = from + rel;
        let end = start + word.len();
        let before_ok = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = text[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return Some(start);
        }
        from = start + word.len().max(1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert_eq!(find_word("the AE said", "AE"), Some(4));
        assert_eq!(find_word("AEGIS and AE", "AE"), Some(10));
        assert_eq!(find_word("MAE", "AE"), None);
    }
}
