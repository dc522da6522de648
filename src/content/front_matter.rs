//! YAML front matter between `---` lines at the top of a page: splitting it from the body
//! and reading it into `FrontMatter`, with errors at the author's line.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Position, Rule};
use crate::yaml::{locate, yaml_error, PathSeg};

/// What a page may say about itself. Everything is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    pub owner: Option<String>,
    /// Last review date, `YYYY-MM-DD`.
    pub reviewed: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub template: Option<String>,
    /// Left out of the navigation (and previous/next); reachable by links only.
    #[serde(default)]
    pub hidden: bool,
    /// Free-form values for site templates.
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
}

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
    let fm: FrontMatter = match serde_yaml::from_str(split.yaml) {
        Ok(fm) => fm,
        Err(e) => {
            let mut d = yaml_error(file, &e, 1, Rule::FrontMatter);
            if d.message.contains("invalid type: string") && d.message.contains("expected struct") {
                d.message = "front matter is not a YAML mapping of keys to values".into();
                d.hint = Some("write `key: value` lines between the `---` lines".into());
            }
            diags.push(d);
            return (FrontMatter::default(), split.body_start);
        }
    };
    if let Some(reviewed) = &fm.reviewed {
        if !is_iso_date(reviewed) {
            let pos = locate(split.yaml, 1)
                .map(|l| l.find(&[PathSeg::Key("reviewed".into())]))
                .unwrap_or(Position { line: 2, col: 1 });
            diags.push(
                Diagnostic::error(
                    file,
                    Rule::FrontMatter,
                    format!("`reviewed: {reviewed}` is not a date"),
                )
                .at(pos)
                .with_hint("write the date as YYYY-MM-DD, e.g. reviewed: 2026-11-01"),
            );
        }
    }
    (fm, split.body_start)
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
