//! Raw HTML written in Markdown: the link targets its tags carry (`<a href>`, `<img src>`)
//! and the anchors they define (`id`, `<a name>`). Only tags and their attributes are
//! read; comments and the insides of `<script>` and `<style>` are skipped.

use std::ops::Range;

/// One attribute of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// The tag's name, lower case.
    pub tag: String,
    /// The attribute's name, lower case.
    pub name: String,
    /// The value, character references decoded.
    pub value: String,
    /// Where the value is written (inside its quotes), in the HTML text.
    pub range: Range<usize>,
}

impl Attr {
    /// A link target to resolve and check: `href` of `a` and `area`, `src` of media.
    pub fn is_link(&self) -> bool {
        match self.name.as_str() {
            "href" => matches!(self.tag.as_str(), "a" | "area"),
            "src" => matches!(
                self.tag.as_str(),
                "img" | "source" | "video" | "audio" | "track" | "iframe" | "embed"
            ),
            _ => false,
        }
    }

    /// An anchor a link can point at: any element's `id`, an `a`'s `name`.
    pub fn is_anchor(&self) -> bool {
        self.name == "id" || (self.name == "name" && self.tag == "a")
    }
}

/// The attributes of every tag in `html`, in order.
pub fn attributes(html: &str) -> Vec<Attr> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|k| i + k) {
        i = lt + 1;
        if html[lt..].starts_with("<!--") {
            i = html[lt..].find("-->").map_or(html.len(), |k| lt + k + 3);
            continue;
        }
        let name_len = html[i..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(html.len() - i);
        if name_len == 0 || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let tag = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        i = read_attributes(html, i, &tag, &mut out);
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = find_ignoring_case(html, i, &close).unwrap_or(html.len());
        }
    }
    out
}

/// Reads the attributes of the tag whose name ends at `i`; returns where the tag ends.
fn read_attributes(html: &str, mut i: usize, tag: &str, out: &mut Vec<Attr>) -> usize {
    let bytes = html.as_bytes();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            return i;
        }
        if bytes[i] == b'>' {
            return i + 1;
        }
        if bytes[i] == b'/' {
            i += 1;
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
            .map_or(html.len(), |k| i + k);
        let name = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let (range, next) = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = html[i + 1..]
                    .find(q as char)
                    .map_or(html.len(), |k| i + 1 + k);
                (i + 1..end, (end + 1).min(html.len()))
            }
            Some(_) => {
                let end = html[i..]
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .map_or(html.len(), |k| i + k);
                (i..end, end)
            }
            None => return i,
        };
        i = next;
        if !name.is_empty() {
            out.push(Attr {
                tag: tag.to_string(),
                name,
                value: decode_references(&html[range.clone()]),
                range,
            });
        }
    }
}

fn find_ignoring_case(html: &str, from: usize, needle: &str) -> Option<usize> {
    html[from..]
        .to_ascii_lowercase()
        .find(needle)
        .map(|k| from + k)
}

/// The common character references of attribute values: `&amp;`, `&quot;`, `&#39;`,
/// `&lt;`, `&gt;` and numeric ones.
pub fn decode_references(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_anchors_of_tags() {
        let html = r#"<p><a name="old-anchor"></a><a class=x href="../a.md#b">A</a> <IMG SRC='img/c.png' alt="x > y">
<div id=top data-x="1">"#;
        let attrs = attributes(html);
        let links: Vec<&str> = attrs
            .iter()
            .filter(|a| a.is_link())
            .map(|a| a.value.as_str())
            .collect();
        assert_eq!(links, ["../a.md#b", "img/c.png"]);
        let anchors: Vec<&str> = attrs
            .iter()
            .filter(|a| a.is_anchor())
            .map(|a| a.value.as_str())
            .collect();
        assert_eq!(anchors, ["old-anchor", "top"]);
        let href = attrs.iter().find(|a| a.name == "href").unwrap();
        assert_eq!(&html[href.range.clone()], "../a.md#b");
    }

    #[test]
    fn comments_scripts_and_references() {
        let html = r#"<!-- <a href="no"> --><script>var a = "<a href='no'>";</script><a href="x?a=1&amp;b=2">"#;
        let attrs = attributes(html);
        assert_eq!(attrs.len(), 1);
        assert_eq!(attrs[0].value, "x?a=1&b=2");
        assert_eq!(decode_references("&#x41;&#66;&unknown;"), "AB&unknown;");
    }
}
