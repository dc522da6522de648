//! The one error type every stage returns: a located, sorted, renderable `Diagnostic`.
//!
//! Stages collect diagnostics instead of stopping at the first; the CLI renders them.
//! This module knows nothing about Markdown, templates or HTTP.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is. Errors fail a build; warnings fail only `check --strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// What a diagnostic is about: each rule has a stable kebab-case name, shown in messages
/// and reports and recorded in baselines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// `handbook.yaml` or a command-line setting.
    Config,
    /// The content folder itself (missing).
    Content,
    /// A file of the site or the output could not be read or written.
    Io,
    /// A file is not UTF-8.
    Encoding,
    FrontMatter,
    /// A front matter key within an edit or two of a known one (`weigth`).
    UnknownKey,
    DataYaml,
    DataSchema,
    Template,
    Shortcode,
    Include,
    /// A shortcode no template renders.
    UnknownShortcode,
    /// A Mermaid diagram the renderer cannot draw.
    Diagram,
    /// A diagram language the build does not draw (PlantUML).
    UnsupportedDiagram,
    /// LaTeX that is not valid math.
    Math,
    /// A link to a page or file that does not exist.
    BrokenLink,
    /// A link to a page that exists, to an anchor it does not have.
    BrokenAnchor,
    MissingImage,
    DuplicateUrl,
    Alias,
    ReviewOverdue,
    MissingOwner,
    OrphanPage,
    HeadingSkip,
    DuplicateTitle,
    LargeFile,
    RedirectLimit,
    ExternalLink,
    ExternalRedirect,
}

impl Rule {
    /// Every rule, for documentation and for reading rule names back.
    pub const ALL: [Rule; 29] = [
        Rule::Config,
        Rule::Content,
        Rule::Io,
        Rule::Encoding,
        Rule::FrontMatter,
        Rule::UnknownKey,
        Rule::DataYaml,
        Rule::DataSchema,
        Rule::Template,
        Rule::Shortcode,
        Rule::Include,
        Rule::UnknownShortcode,
        Rule::Diagram,
        Rule::UnsupportedDiagram,
        Rule::Math,
        Rule::BrokenLink,
        Rule::BrokenAnchor,
        Rule::MissingImage,
        Rule::DuplicateUrl,
        Rule::Alias,
        Rule::ReviewOverdue,
        Rule::MissingOwner,
        Rule::OrphanPage,
        Rule::HeadingSkip,
        Rule::DuplicateTitle,
        Rule::LargeFile,
        Rule::RedirectLimit,
        Rule::ExternalLink,
        Rule::ExternalRedirect,
    ];

    /// The rule's stable name, e.g. `broken-link`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Config => "config",
            Rule::Content => "content",
            Rule::Io => "io",
            Rule::Encoding => "encoding",
            Rule::FrontMatter => "front-matter",
            Rule::UnknownKey => "unknown-key",
            Rule::DataYaml => "data-yaml",
            Rule::DataSchema => "data-schema",
            Rule::Template => "template",
            Rule::Shortcode => "shortcode",
            Rule::Include => "include",
            Rule::UnknownShortcode => "unknown-shortcode",
            Rule::Diagram => "diagram",
            Rule::UnsupportedDiagram => "unsupported-diagram",
            Rule::Math => "math",
            Rule::BrokenLink => "broken-link",
            Rule::BrokenAnchor => "broken-anchor",
            Rule::MissingImage => "missing-image",
            Rule::DuplicateUrl => "duplicate-url",
            Rule::Alias => "alias",
            Rule::ReviewOverdue => "review-overdue",
            Rule::MissingOwner => "missing-owner",
            Rule::OrphanPage => "orphan-page",
            Rule::HeadingSkip => "heading-skip",
            Rule::DuplicateTitle => "duplicate-title",
            Rule::LargeFile => "large-file",
            Rule::RedirectLimit => "redirect-limit",
            Rule::ExternalLink => "external-link",
            Rule::ExternalRedirect => "external-redirect",
        }
    }

    /// The rule named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }

    /// Whether a finding of this rule is a problem of the machine (a file that cannot be
    /// read or written) rather than of the site's content: the CLI exits with 2, not 1.
    pub fn is_io(self) -> bool {
        self == Rule::Io
    }

    /// Whether the site can still be published with this rule's findings as warnings (or
    /// off): true for findings about content the build renders anyway (a link, an
    /// anchor, a shortcode's placeholder, data or front matter it read as well as it could,
    /// the checks of `handbook check`); false where the build could not read or render
    /// something.
    pub fn can_relax(self) -> bool {
        !matches!(
            self,
            Rule::Config
                | Rule::Content
                | Rule::Io
                | Rule::Encoding
                | Rule::DataYaml
                | Rule::Template
                | Rule::Shortcode
                | Rule::Include
                | Rule::DuplicateUrl
        )
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A rule compares equal to its name, as reports and baselines write it.
impl PartialEq<&str> for Rule {
    fn eq(&self, name: &&str) -> bool {
        self.name() == *name
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A finding located in an author's file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Path as the author knows it: relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the finding is about the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    pub severity: Severity,
    /// What the finding is about (`broken-link`).
    pub rule: Rule,
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, rule: Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            col: 0,
            severity: Severity::Error,
            rule,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, rule: Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, rule, message)
        }
    }

    pub fn at(mut self, pos: Position) -> Self {
        self.line = pos.line;
        self.col = pos.col;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (&Path, usize, usize, &str, &str) {
        (
            &self.file,
            self.line,
            self.col,
            self.rule.name(),
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {sev}[{}]: {}", self.rule, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Sorts by file, line, column, then rule, and drops exact duplicates (a broken link in
/// a shared fragment is found once per including page).
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
}

/// For a build that failed: the `severity:` settings that would let it publish, when
/// every error is of a rule that can be relaxed (broken anchors a handbook carries for
/// years, say); `None` when some error must be fixed first.
pub fn publish_hint(diags: &[Diagnostic]) -> Option<String> {
    let mut counts: std::collections::BTreeMap<Rule, usize> = std::collections::BTreeMap::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        if !d.rule.can_relax() {
            return None;
        }
        *counts.entry(d.rule).or_default() += 1;
    }
    if counts.is_empty() {
        return None;
    }
    let mut out = String::from(
        "To publish now and fix these over time (`handbook check --baseline` tracks them), set in handbook.yaml:\nseverity:\n",
    );
    for (rule, n) in counts {
        out.push_str(&format!(
            "  {rule}: warning    # {n} error{}\n",
            if n == 1 { "" } else { "s" }
        ));
    }
    Some(out)
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

/// Maps byte offsets of one file's text to lines and columns (columns count characters).
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { line_starts }
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        Position {
            line: line + 1,
            col: col + 1,
        }
    }
}

/// The suggestion for an unknown name: the nearest valid one, if any is close.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "ab\nçd\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, col: 1 });
        assert_eq!(idx.position(text, 3), Position { line: 2, col: 1 });
        // 'd' follows a two-byte 'ç'
        assert_eq!(idx.position(text, 5), Position { line: 2, col: 2 });
        assert_eq!(idx.position(text, 8), Position { line: 4, col: 1 });
    }

    #[test]
    fn nearest_suggests_close_names_only() {
        let keys = ["title", "base_url", "theme"];
        assert_eq!(nearest("titel", keys), Some("title"));
        assert_eq!(nearest("baseurl", keys), Some("base_url"));
        assert_eq!(nearest("zzzz", keys), None);
    }
}
