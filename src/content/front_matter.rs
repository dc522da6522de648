//! YAML front matter between `---` lines at the top of a page: splitting it from the body
//! and reading it into `FrontMatter`, with errors at the author's line.
//!
//! Front matter is the authors', not ours: a handbook brought from Hugo/Docsy or GitHub
//! carries keys of other tools. Known keys match case-insensitively (`Title`); Docsy's keys
//! that change rendering are honoured (`linkTitle`, `toc_hide`, `no_list`, `simple_list`,
//! `build: {render: never}`, `noindex`, `lastmod`, `type`, `layout`); every other key is
//! kept for templates (`page.extra`), and one that is an edit or two from a known key
//! (`weigth`) is reported as a likely typo.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Position, Rule};
use crate::yaml::{locate, yaml_error, PathSeg};

/// What a page may say about itself. Everything is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// The label in the navigation and breadcrumbs (Docsy's `linkTitle`), else the title.
    pub link_title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub owner: Option<String>,
    /// Last review date, `YYYY-MM-DD`.
    pub reviewed: Option<String>,
    /// Last change date (`lastmod`), `YYYY-MM-DD`: shown when git has no date.
    pub lastmod: Option<String>,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    /// Template to render the page with (ours; an unknown one is an error).
    pub template: Option<String>,
    /// Hugo's `layout` and `type`: templates tried (when the theme has them) before the
    /// default one.
    pub layout: Option<String>,
    pub kind: Option<String>,
    /// Left out of the navigation (and previous/next); reachable by links only (`hidden`,
    /// or Docsy's `toc_hide`).
    pub hidden: bool,
    /// A section page lists no children (`no_list`), or their titles only (`simple_list`).
    pub no_list: bool,
    pub simple_list: bool,
    /// Never written (`build: {render: never}` or `_build`): not in the navigation, the
    /// search index or the sitemap, and links to it are broken.
    pub unrendered: bool,
    /// Asks search engines not to index the page (robots meta); left out of search.
    pub noindex: bool,
    /// Every other key, and the keys of `extra:`, for site templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The keys we read, lower case, as authors may write them.
const KNOWN: [&str; 22] = [
    "title",
    "linktitle",
    "description",
    "weight",
    "draft",
    "owner",
    "reviewed",
    "lastmod",
    "aliases",
    "tags",
    "template",
    "layout",
    "type",
    "hidden",
    "toc_hide",
    "no_list",
    "simple_list",
    "build",
    "_build",
    "noindex",
    "extra",
    "render",
];

/// Keys of other tools (Hugo, Docsy, Jekyll, GitHub) that are not typos of ours, however
/// close they are.
const OTHER_TOOLS: [&str; 28] = [
    "date",
    "publishdate",
    "expirydate",
    "slug",
    "url",
    "menu",
    "categories",
    "keywords",
    "summary",
    "images",
    "image",
    "params",
    "cascade",
    "headless",
    "outputs",
    "resources",
    "sitemap",
    "markup",
    "translationkey",
    "author",
    "authors",
    "series",
    "toc",
    "icon",
    "status",
    "owners",
    "permalink",
    "redirect_from",
];

/// Byte offset where the Markdown body starts (after the front matter, if any).
pub fn body_start(text: &str) -> usize {
    match split(text) {
        Ok(Some(split)) => split.body_start,
        _ => 0,
    }
}

/// Front matter located in a file.
pub struct Split<'a> {
    pub yaml: &'a str,
    pub body_start: usize,
}

/// Finds front matter: a first line `---`, then YAML, then a line `---` (or `...`).
/// `Err` when the opening line is there but no closing line.
pub fn split(text: &str) -> Result<Option<Split<'_>>, Unclosed> {
    let after_open = if let Some(rest) = text.strip_prefix("---\n") {
        text.len() - rest.len()
    } else if let Some(rest) = text.strip_prefix("---\r\n") {
        text.len() - rest.len()
    } else {
        return Ok(None);
    };
    let mut offset = after_open;
    for line in text[after_open..].split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed == "---" || trimmed == "..." {
            return Ok(Some(Split {
                yaml: &text[after_open..offset],
                body_start: offset + line.len(),
            }));
        }
        offset += line.len();
    }
    Err(Unclosed)
}

/// Front matter opened with `---` and never closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unclosed;

/// Reads a page's front matter. Problems are reported; the page still builds with what
/// could be read, so that one build shows every error.
pub fn read_front_matter(
    file: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> (FrontMatter, usize) {
    let split = match split(text) {
        Ok(Some(split)) => split,
        Ok(None) => return (FrontMatter::default(), 0),
        Err(Unclosed) => {
            diags.push(
                Diagnostic::error(file, Rule::FrontMatter, "front matter is not closed")
                    .at(Position { line: 1, col: 1 })
                    .with_hint("end the front matter with a line holding only `---`"),
            );
            return (FrontMatter::default(), 0);
        }
    };
    if split.yaml.trim().is_empty() {
        return (FrontMatter::default(), split.body_start);
    }
    let value: Value = match serde_yaml::from_str(split.yaml) {
        Ok(v) => v,
        Err(e) => {
            diags.push(yaml_error(file, &e, 1, Rule::FrontMatter));
            return (FrontMatter::default(), split.body_start);
        }
    };
    let map = match value {
        Value::Mapping(map) => map,
        Value::Null => return (FrontMatter::default(), split.body_start),
        _ => {
            diags.push(
                Diagnostic::error(
                    file,
                    Rule::FrontMatter,
                    "front matter is not a YAML mapping of keys to values",
                )
                .at(Position { line: 2, col: 1 })
                .with_hint("write `key: value` lines between the `---` lines"),
            );
            return (FrontMatter::default(), split.body_start);
        }
    };
    let mut reader = Reader {
        file,
        yaml: split.yaml,
        diags,
        locations: None,
    };
    let fm = reader.read(map);
    (fm, split.body_start)
}

/// Reads a front matter mapping key by key, locating problems only when there are some.
struct Reader<'a> {
    file: &'a Path,
    yaml: &'a str,
    diags: &'a mut Vec<Diagnostic>,
    locations: Option<crate::yaml::Locations>,
}

impl Reader<'_> {
    fn read(&mut self, map: serde_yaml::Mapping) -> FrontMatter {
        let mut fm = FrontMatter::default();
        let mut explicit_extra = serde_json::Map::new();
        for (key, value) in map {
            let key = match key {
                Value::String(s) => s,
                other => serde_yaml::to_string(&other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            let known = key.to_lowercase();
            match known.as_str() {
                "title" => fm.title = self.field(&key, value),
                "linktitle" => fm.link_title = self.field(&key, value),
                "description" => fm.description = self.field(&key, value),
                "weight" => fm.weight = self.weight(&key, value),
                "draft" => fm.draft = self.field(&key, value).unwrap_or(false),
                "owner" => fm.owner = self.field(&key, value),
                "reviewed" => fm.reviewed = self.date(&key, value, true),
                "lastmod" => fm.lastmod = self.date(&key, value, false),
                "aliases" => fm.aliases = self.list(&key, value),
                "tags" => fm.tags = self.list(&key, value),
                "template" => fm.template = self.field(&key, value),
                "layout" => fm.layout = self.field(&key, value),
                "type" => fm.kind = self.field(&key, value),
                "hidden" | "toc_hide" => {
                    fm.hidden |= self.field::<bool>(&key, value).unwrap_or(false)
                }
                "no_list" => fm.no_list = self.field(&key, value).unwrap_or(false),
                "simple_list" => fm.simple_list = self.field(&key, value).unwrap_or(false),
                "noindex" => fm.noindex = self.field(&key, value).unwrap_or(false),
                "build" | "_build" => fm.unrendered |= render_never(&value),
                // Hugo's old form: `render: false`.
                "render" => fm.unrendered |= value == Value::Bool(false),
                "extra" => match serde_json::to_value(&value) {
                    Ok(serde_json::Value::Object(m)) => explicit_extra = m,
                    _ => self.error(
                        &key,
                        "`extra` must be a mapping of keys to values".into(),
                        "write `extra:` followed by indented `key: value` lines".into(),
                    ),
                },
                _ => {
                    self.check_near_miss(&key, &known);
                    if let Ok(v) = serde_json::to_value(&value) {
                        fm.extra.insert(key, v);
                    }
                }
            }
        }
        // `extra:` wins over a loose key of the same name.
        fm.extra.extend(explicit_extra);
        fm
    }

    fn position(&mut self, key: &str) -> Position {
        let yaml = self.yaml;
        self.locations
            .get_or_insert_with(|| locate(yaml, 1).unwrap_or_default())
            .find(&[PathSeg::Key(key.to_string())])
    }

    fn error(&mut self, key: &str, message: String, hint: String) {
        let pos = self.position(key);
        self.diags.push(
            Diagnostic::error(self.file, Rule::FrontMatter, message)
                .at(pos)
                .with_hint(hint),
        );
    }

    /// A known key's value of the type it takes; a value of another type is an error.
    fn field<T: DeserializeOwned>(&mut self, key: &str, value: Value) -> Option<T> {
        if value == Value::Null {
            return None;
        }
        match T::deserialize(&value) {
            Ok(v) => Some(v),
            Err(e) => {
                let shown = serde_yaml::to_string(&value).unwrap_or_default();
                let expected = e
                    .to_string()
                    .split_once("expected ")
                    .map(|(_, x)| x.to_string())
                    .unwrap_or_else(|| "another type".into());
                self.error(
                    key,
                    format!("`{key}: {}` is not {expected}", shown.trim()),
                    format!("`{key}` takes {expected}"),
                );
                None
            }
        }
    }

    /// `weight`: an integer, also written as a string (`"10"`).
    fn weight(&mut self, key: &str, value: Value) -> Option<i64> {
        if let Value::String(s) = &value {
            if let Ok(n) = s.trim().parse::<i64>() {
                return Some(n);
            }
        }
        self.field(key, value)
    }

    /// A string or a list of strings.
    fn list(&mut self, key: &str, value: Value) -> Vec<String> {
        match value {
            Value::String(s) => vec![s],
            other => self.field(key, other).unwrap_or_default(),
        }
    }

    /// A date, `YYYY-MM-DD` (a date-time keeps its date); `strict` dates must be exactly
    /// that.
    fn date(&mut self, key: &str, value: Value, strict: bool) -> Option<String> {
        let text: String = self.field(key, value)?;
        let date = if strict {
            text.as_str()
        } else {
            text.get(..10).unwrap_or(&text)
        };
        if is_iso_date(date) && (!strict || date.len() == text.len()) {
            return Some(date.to_string());
        }
        self.error(
            key,
            format!("`{key}: {text}` is not a date"),
            format!("write the date as YYYY-MM-DD, e.g. {key}: 2026-11-01"),
        );
        None
    }

    /// A key close to one of ours (and no other tool's) is likely a typo.
    fn check_near_miss(&mut self, key: &str, lower: &str) {
        if lower.chars().count() < 4 || OTHER_TOOLS.contains(&lower) {
            return;
        }
        let max = if lower.chars().count() >= 6 { 2 } else { 1 };
        let Some(near) = KNOWN
            .iter()
            .map(|k| (strsim::damerau_levenshtein(lower, k), *k))
            .filter(|(d, _)| *d <= max)
            .min()
            .map(|(_, k)| k)
        else {
            return;
        };
        let near = match near {
            "linktitle" => "linkTitle",
            other => other,
        };
        let pos = self.position(key);
        self.diags.push(
            Diagnostic::warning(
                self.file,
                Rule::UnknownKey,
                format!("`{key}` is not a front matter key this site reads; it is kept for templates as `page.extra.{key}`"),
            )
            .at(pos)
            .with_hint(format!("did you mean `{near}`?")),
        );
    }
}

/// `build: {render: never}` (or `render: false`, or `_build` with the same).
fn render_never(value: &Value) -> bool {
    match value.get("render") {
        Some(Value::String(s)) => s.eq_ignore_ascii_case("never"),
        Some(Value::Bool(b)) => !b,
        _ => false,
    }
}

/// The line of `key:` in a page's front matter (1 when the key is not there), for
/// findings about a front matter value.
pub fn key_line(text: &str, key: &str) -> usize {
    let Ok(Some(split)) = split(text) else {
        return 1;
    };
    let prefix = format!("{key}:");
    split
        .yaml
        .lines()
        .position(|l| l.starts_with(&prefix))
        .map(|i| i + 2)
        .unwrap_or(1)
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(_), Some(m), Some(d)) => (1..=12).contains(&m) && (1..=31).contains(&d),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_reads() {
        let text = "---\ntitle: A\nweight: 3\n---\n# Body\n";
        let mut d = Vec::new();
        let (fm, start) = read_front_matter(Path::new("a.md"), text, &mut d);
        assert!(d.is_empty());
        assert_eq!(fm.title.as_deref(), Some("A"));
        assert_eq!(fm.weight, Some(3));
        assert_eq!(&text[start..], "# Body\n");
    }

    #[test]
    fn unknown_key_is_located_with_hint() {
        let text = "---\ntitle: A\ntitel: B\n---\n";
        let mut d = Vec::new();
        read_front_matter(Path::new("a.md"), text, &mut d);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3);
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn unclosed_and_bad_date() {
        let mut d = Vec::new();
        read_front_matter(Path::new("a.md"), "---\ntitle: A\n", &mut d);
        assert!(d[0].message.contains("not closed"));
        let mut d = Vec::new();
        read_front_matter(
            Path::new("a.md"),
            "---\ntitle: A\nreviewed: soon\n---\n",
            &mut d,
        );
        assert_eq!(d[0].line, 3);
        assert!(is_iso_date("2026-11-01"));
        assert!(!is_iso_date("2026-13-01"));
    }
}
