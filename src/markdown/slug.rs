//! Heading ids as the tool a handbook was written for makes them, so that anchors readers
//! copied keep working: GitHub's and Hugo's rule (lowercase, punctuation dropped, letters
//! of every script kept, each space a hyphen: `ARR & Topline` is `arr--topline`) or
//! GitLab's (the same, runs of hyphens collapsed, no hyphen at either end). `-1`, `-2`
//! for repeats.

use std::collections::BTreeMap;

use crate::config::HeadingIds;

/// The id for one heading text under `rule`, before de-duplication.
pub fn heading_id(text: &str, rule: HeadingIds) -> String {
    match rule {
        HeadingIds::Gitlab => heading_slug(text),
        HeadingIds::Github => github_slug(text),
    }
}

/// GitHub's rule: every character but letters, digits, marks, `_` and `-` dropped, each
/// space a hyphen, nothing collapsed or trimmed.
fn github_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' || is_mark(c) {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// GitLab's rule (also the one record anchors follow).
pub fn heading_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == '-' || c.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else if is_mark(c) {
            out.push(c);
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Combining marks (accents written as separate code points, Devanagari vowel signs...)
/// belong to the letter before them.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x097F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF)
}

/// Hands out unique ids within one page: the first `a`, then `a-1`, `a-2`.
#[derive(Debug, Default)]
pub struct SlugCounter {
    seen: BTreeMap<String, usize>,
}

impl SlugCounter {
    pub fn unique(&mut self, base: &str) -> String {
        let Some(&start) = self.seen.get(base) else {
            self.seen.insert(base.to_string(), 0);
            return base.to_string();
        };
        let mut n = start;
        loop {
            n += 1;
            let candidate = format!("{base}-{n}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(base.to_string(), n);
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }

    /// Reserves an id given explicitly with `{#id}`.
    pub fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_string()).or_insert(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitlab_rules() {
        assert_eq!(heading_slug("Select track"), "select-track");
        assert_eq!(heading_slug("R7: co-selling & you!"), "r7-co-selling-you");
        assert_eq!(heading_slug("  Über Partner  "), "über-partner");
        assert_eq!(heading_slug("パートナー 制度"), "パートナー-制度");
        assert_eq!(heading_slug("snake_case name"), "snake_case-name");
        assert_eq!(heading_slug("$10k IACV"), "10k-iacv");
        assert_eq!(heading_slug("!!!"), "section");
    }

    #[test]
    fn github_rules_keep_runs_of_hyphens() {
        let id = |t| heading_id(t, HeadingIds::Github);
        assert_eq!(id("ARR & Topline Metrics"), "arr--topline-metrics");
        assert_eq!(id("Q&A / FAQ"), "qa--faq");
        assert_eq!(id("R7: co-selling & you!"), "r7-co-selling--you");
        assert_eq!(id("  Über Partner  "), "über-partner");
        assert_eq!(id("パートナー 制度"), "パートナー-制度");
        assert_eq!(id("snake_case name"), "snake_case-name");
        assert_eq!(id("🚀 Launch"), "-launch");
        assert_eq!(id("$10k IACV"), "10k-iacv");
        assert_eq!(
            heading_id("ARR & Topline", HeadingIds::Gitlab),
            "arr-topline"
        );
    }

    #[test]
    fn repeats_get_numbers() {
        let mut c = SlugCounter::default();
        assert_eq!(c.unique("a"), "a");
        assert_eq!(c.unique("a"), "a-1");
        assert_eq!(c.unique("a"), "a-2");
        c.reserve("b-1");
        assert_eq!(c.unique("b"), "b");
        assert_eq!(c.unique("b"), "b-2");
    }
}
