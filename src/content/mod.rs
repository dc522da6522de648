//! The content model: reading `content/`, pages with their front matter and parsed
//! Markdown, sections nested to any depth, ordering and URLs.
//!
//! Owns: which files are pages, fragments, data or assets; a page's URL and title; the
//! section tree. Knows nothing of links' targets, templates or output.

pub mod front_matter;
pub mod git;
mod sources;

pub use sources::{read_text, SourceFile, Sources};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, LineIndex, Position, Rule};
use crate::markdown::{self, Document, Fragment, Origin, ParseContext};
use front_matter::FrontMatter;

pub type PageId = usize;
pub type SectionId = usize;

/// What a file under `content/` is, by its path relative to `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Page,
    /// Markdown under a folder starting with `_` (included by pages), or in `include_dir`.
    Fragment,
    /// YAML in the data folder (data sets and their schemas).
    Data,
    /// Any other file next to pages: copied as it is.
    Asset,
    Ignored,
}

pub fn classify(rel_path: &str) -> Class {
    if rel_path.split('/').any(|c| c.starts_with('.')) {
        return Class::Ignored;
    }
    let in_underscore_dir = rel_path
        .split('/')
        .rev()
        .skip(1)
        .any(|c| c.starts_with('_'));
    let is_md = rel_path.ends_with(".md");
    if in_underscore_dir {
        if is_md {
            Class::Fragment
        } else {
            Class::Ignored
        }
    } else if is_md {
        Class::Page
    } else {
        Class::Asset
    }
}

/// A page: one Markdown file (or a generated section page), parsed.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to `content/` (`program/tracks.md`); for a generated section page,
    /// the folder with a trailing `/`.
    pub rel_path: String,
    pub file: Arc<PathBuf>,
    /// The file's text, front matter included. A build that writes to disk releases it
    /// (leaves it empty) once the pages are parsed: what later steps need of it is kept
    /// apart (`word_count`, `lines`).
    pub text: Arc<str>,
    pub lines: Arc<LineIndex>,
    pub body_start: usize,
    /// Words in the Markdown body.
    pub word_count: usize,
    pub front: FrontMatter,
    /// URL path below the base path: `""` for home, `program/tracks/` otherwise.
    pub url: String,
    pub title: String,
    /// The section this page is the own page of, if it is one.
    pub own_section: Option<SectionId>,
    /// The section that lists this page (for a section's own page, the parent section).
    pub parent: Option<SectionId>,
    /// A section page made up because the folder had no index file.
    pub generated: bool,
    /// The parsed Markdown; shared, never changed after parsing (a rebuild reuses it).
    pub doc: Arc<Document>,
    /// The resolved href of each of `doc.links`, by index (`None` when it did not resolve).
    pub hrefs: Vec<Option<String>>,
    /// Date of the last git commit that changed the file (YYYY-MM-DD).
    pub updated: Option<String>,
}

impl Page {
    /// The file's text: kept, or read again (from under the site's `root`) when the build
    /// released it.
    pub fn source_text(&self, root: &Path) -> Arc<str> {
        if self.text.is_empty() && !self.generated {
            if let Ok(text) = std::fs::read_to_string(root.join(self.file.as_ref())) {
                return text.into();
            }
        }
        self.text.clone()
    }

    pub fn weight(&self) -> i64 {
        self.front.weight.unwrap_or(i64::MAX)
    }

    /// The label the navigation shows: `linkTitle`, else the title.
    pub fn nav_title(&self) -> &str {
        self.front.link_title.as_deref().unwrap_or(&self.title)
    }

    /// Whether the navigation (and previous/next) shows the page.
    pub fn in_navigation(&self) -> bool {
        !self.front.hidden && !self.front.unrendered
    }

    /// Whether the page is written to the output (not `build: {render: never}`).
    pub fn is_rendered(&self) -> bool {
        !self.front.unrendered
    }
}

/// A folder of pages.
#[derive(Debug, Clone)]
pub struct Section {
    /// Folder relative to `content/` (`""` for the root).
    pub dir: String,
    pub index: PageId,
    pub parent: Option<SectionId>,
    /// Regular pages, in navigation order.
    pub pages: Vec<PageId>,
    /// Sub-sections, in navigation order.
    pub subsections: Vec<SectionId>,
    /// Pages and sub-sections merged, in navigation order.
    pub children: Vec<NavChild>,
}

/// The pages and sections of a site.
#[derive(Debug, Default)]
pub struct ContentTree {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Fragments by path relative to `content/`.
    pub fragments: BTreeMap<String, Fragment>,
}

impl ContentTree {
    pub fn root_section(&self) -> SectionId {
        0
    }

    /// Navigation order: a section's own page, then its pages and sub-sections, each list
    /// ordered by weight then title; pages before sub-sections of the same weight.
    pub fn reading_order(&self) -> Vec<PageId> {
        let mut out = Vec::with_capacity(self.pages.len());
        if !self.sections.is_empty() {
            self.walk(0, &mut out);
        }
        out
    }

    /// The sections a page is in, innermost first: the section it is the own page of (or
    /// the one listing it), then each section above, up to the root.
    pub fn sections_of(&self, pid: PageId) -> impl Iterator<Item = SectionId> + '_ {
        let page = &self.pages[pid];
        std::iter::successors(page.own_section.or(page.parent), move |&s| {
            self.sections[s].parent
        })
    }

    /// The section `s` and every section above it, innermost first.
    pub fn section_and_above(&self, s: SectionId) -> impl Iterator<Item = SectionId> + '_ {
        std::iter::successors(Some(s), move |&s| self.sections[s].parent)
    }

    /// A section's own page and every page below it, in navigation order.
    pub fn subtree_order(&self, s: SectionId) -> Vec<PageId> {
        let mut out = Vec::new();
        self.walk(s, &mut out);
        out
    }

    fn walk(&self, s: SectionId, out: &mut Vec<PageId>) {
        let sec = &self.sections[s];
        out.push(sec.index);
        for &child in self.children(s) {
            match child {
                NavChild::Page(p) => out.push(p),
                NavChild::Section(c) => self.walk(c, out),
            }
        }
    }

    /// A section's pages and sub-sections merged in navigation order.
    pub fn children(&self, s: SectionId) -> &[NavChild] {
        &self.sections[s].children
    }

    /// Merges each section's pages and sub-sections into navigation order, once.
    pub(crate) fn order_children(&mut self) {
        let keys: Vec<(i64, String, String)> = self
            .pages
            .iter()
            .map(|p| (p.weight(), p.title.to_lowercase(), p.rel_path.clone()))
            .collect();
        let key = |tree: &ContentTree, item: NavChild| match item {
            NavChild::Page(p) => (&keys[p], 0u8),
            NavChild::Section(s) => (&keys[tree.sections[s].index], 1u8),
        };
        for s in 0..self.sections.len() {
            let mut items: Vec<NavChild> = self.sections[s]
                .pages
                .iter()
                .filter(|&&p| self.pages[p].in_navigation())
                .map(|&p| NavChild::Page(p))
                .chain(
                    self.sections[s]
                        .subsections
                        .iter()
                        .filter(|&&c| self.pages[self.sections[c].index].in_navigation())
                        .map(|&c| NavChild::Section(c)),
                )
                .collect();
            items.sort_by(|a, b| {
                let (ka, ta) = key(self, *a);
                let (kb, tb) = key(self, *b);
                (ka.0, &ka.1, ta, &ka.2).cmp(&(kb.0, &kb.1, tb, &kb.2))
            });
            self.sections[s].children = items;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavChild {
    Page(PageId),
    Section(SectionId),
}

/// Index file names, in order of precedence for a section's own page.
pub const INDEX_NAMES: [&str; 3] = ["_index.md", "index.md", "README.md"];

/// Fragments by their path relative to `content/`.
pub fn fragments_from<'a>(
    files: impl IntoIterator<Item = &'a SourceFile>,
) -> BTreeMap<String, Fragment> {
    files
        .into_iter()
        .map(|f| {
            let origin = Origin {
                file: f.file.clone(),
                rel_dir: Arc::from(parent_dir(&f.rel_path)),
            };
            let lines = LineIndex::new(&f.text);
            (
                f.rel_path.clone(),
                Fragment {
                    text: f.text.to_string(),
                    lines,
                    origin,
                },
            )
        })
        .collect()
}

/// Puts parsed pages into a tree: drafts left out, sections made for every folder, URLs and
/// titles of section pages, navigation order, and duplicate URLs reported. Parsing is
/// separate so that a rebuild can reuse unchanged pages.
///
/// Page ids follow the folder walk's order (`walk_order`), whatever order the pages come
/// in, so that a full build and a rebuild number pages alike.
pub fn assemble_tree(
    parsed: Vec<Page>,
    fragments: BTreeMap<String, Fragment>,
    include_drafts: bool,
) -> (ContentTree, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut pages: Vec<Page> = parsed
        .into_iter()
        .filter(|p| include_drafts || !p.front.draft)
        .map(|mut p| {
            // A page reused from an earlier assembly starts afresh.
            p.url.clear();
            p.own_section = None;
            p.parent = None;
            p.hrefs.clear();
            p
        })
        .collect();
    pages.sort_by(|a, b| walk_order(&a.rel_path, &b.rel_path));

    // Sections: one per folder that holds pages, and every folder above it.
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    dirs.insert(String::new());
    for p in &pages {
        let mut d = parent_dir(&p.rel_path).to_string();
        loop {
            dirs.insert(d.clone());
            if d.is_empty() {
                break;
            }
            d = parent_dir(&d).to_string();
        }
    }
    let mut section_of_dir: BTreeMap<String, SectionId> = BTreeMap::new();
    let mut sections: Vec<Section> = Vec::new();
    for dir in &dirs {
        section_of_dir.insert(dir.clone(), sections.len());
        sections.push(Section {
            dir: dir.clone(),
            index: usize::MAX,
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            children: Vec::new(),
        });
    }
    // Own pages: the first index file by precedence; others are regular pages and collide
    // on the URL (reported below).
    let mut is_index = vec![false; pages.len()];
    let by_path: BTreeMap<&str, PageId> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel_path.as_str(), i))
        .collect();
    // A section's own page: its first index file by precedence, else a file named like
    // the folder beside it (`foo.md` for `foo/`, as GitHub-style handbooks have it).
    // Other index files of the folder are regular pages.
    let mut own_pages: Vec<(SectionId, PageId)> = Vec::new();
    for (s, sec) in sections.iter().enumerate() {
        let in_dir = |name: &str| {
            if sec.dir.is_empty() {
                name.to_string()
            } else {
                format!("{}/{name}", sec.dir)
            }
        };
        let beside = (!sec.dir.is_empty()).then(|| format!("{}.md", sec.dir));
        let own = INDEX_NAMES
            .iter()
            .map(|name| in_dir(name))
            .chain(beside)
            .find_map(|path| by_path.get(path.as_str()).copied());
        own_pages.extend(own.map(|pid| (s, pid)));
    }
    drop(by_path);
    for (s, pid) in own_pages {
        sections[s].index = pid;
        pages[pid].own_section = Some(s);
        is_index[pid] = true;
    }
    for (s, sec) in sections.iter_mut().enumerate() {
        if sec.index == usize::MAX {
            sec.index = pages.len();
            let name = sec.dir.rsplit('/').next().unwrap_or("");
            let title = if sec.dir.is_empty() {
                "Home".to_string()
            } else {
                title_from_name(name)
            };
            pages.push(Page {
                rel_path: format!("{}/", sec.dir),
                file: Arc::new(PathBuf::from(format!("content/{}", sec.dir))),
                text: Arc::from(""),
                lines: Arc::new(LineIndex::new("")),
                body_start: 0,
                word_count: 0,
                front: FrontMatter::default(),
                url: String::new(),
                title,
                own_section: Some(s),
                parent: None,
                generated: true,
                doc: Arc::new(Document::default()),
                hrefs: Vec::new(),
                updated: None,
            });
            is_index.push(true);
        }
    }
    for s in 0..sections.len() {
        let dir = sections[s].dir.clone();
        if !dir.is_empty() {
            let parent = section_of_dir[parent_dir(&dir)];
            sections[s].parent = Some(parent);
            sections[parent].subsections.push(s);
            let idx = sections[s].index;
            pages[idx].parent = Some(parent);
        }
    }
    for (pid, page) in pages.iter_mut().enumerate() {
        let dir = if page.generated {
            page.rel_path.trim_end_matches('/').to_string()
        } else {
            parent_dir(&page.rel_path).to_string()
        };
        page.url = match page.own_section {
            Some(s) => url_for(&format!("{}/", sections[s].dir), true),
            None => url_for(&page.rel_path, false),
        };
        if page.own_section.is_none() {
            let s = section_of_dir[&dir];
            page.parent = Some(s);
            if !is_index[pid] {
                sections[s].pages.push(pid);
            }
        }
    }
    let mut tree = ContentTree {
        pages,
        sections,
        fragments,
    };
    // Sort section children once; reading_order() merges pages and sub-sections.
    let keys: Vec<(i64, String, String)> = tree
        .pages
        .iter()
        .map(|p| (p.weight(), p.title.to_lowercase(), p.rel_path.clone()))
        .collect();
    for sec in &mut tree.sections {
        sec.pages.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    }
    let sec_keys: Vec<(i64, String, String)> = tree
        .sections
        .iter()
        .map(|s| keys[s.index].clone())
        .collect();
    for sec in &mut tree.sections {
        sec.subsections
            .sort_by(|a, b| sec_keys[*a].cmp(&sec_keys[*b]));
    }
    tree.order_children();

    // Two sources for one URL: report on the later one, naming both.
    let mut seen: BTreeMap<&str, PageId> = BTreeMap::new();
    for (pid, page) in tree.pages.iter().enumerate() {
        if let Some(&other) = seen.get(page.url.as_str()) {
            let other = &tree.pages[other];
            diags.push(
                Diagnostic::error(
                    page.file.as_ref(),
                    Rule::DuplicateUrl,
                    format!(
                        "`{}` and `{}` would both be written to /{}",
                        other.file.display(),
                        page.file.display(),
                        page.url
                    ),
                )
                .at(Position { line: 1, col: 1 })
                .with_hint("rename or move one of the two files"),
            );
        } else {
            seen.insert(&page.url, pid);
        }
    }
    (tree, diags)
}

/// Parses one page (front matter and Markdown) on its own.
pub fn parse_page(src: &SourceFile, ctx: &ParseContext) -> (Page, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (front, body_start) = front_matter::read_front_matter(&src.file, &src.text, &mut diags);
    let lines = LineIndex::new(&src.text);
    let origin = Origin {
        file: src.file.clone(),
        rel_dir: Arc::from(parent_dir(&src.rel_path)),
    };
    let doc = markdown::parse_document(
        &markdown::Source {
            text: &src.text,
            body: body_start..src.text.len(),
            lines: &lines,
            origin,
        },
        ctx,
        &mut diags,
    );
    let title = front
        .title
        .clone()
        .or_else(|| doc.title.as_ref().map(|h| h.text.clone()))
        .unwrap_or_else(|| {
            let stem = file_stem(&src.rel_path);
            let name = if INDEX_NAMES.iter().any(|n| file_name(&src.rel_path) == *n) {
                let dir = parent_dir(&src.rel_path);
                if dir.is_empty() {
                    "Home"
                } else {
                    dir.rsplit('/').next().unwrap_or(dir)
                }
            } else {
                stem
            };
            title_from_name(name)
        });
    let page = Page {
        rel_path: src.rel_path.clone(),
        file: src.file.clone(),
        text: src.text.clone(),
        lines: Arc::new(lines),
        body_start,
        word_count: word_count(&src.text[body_start..]),
        front,
        url: String::new(),
        title,
        own_section: None,
        parent: None,
        generated: false,
        doc: Arc::new(doc),
        hrefs: Vec::new(),
        updated: None,
    };
    (page, diags)
}

/// Words in a text: runs of characters between whitespace (`split_whitespace`), counted
/// over bytes when the text is ASCII.
fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let mut words = 0;
    let mut in_word = false;
    for b in text.bytes() {
        let space = b.is_ascii_whitespace() || b == 0x0b;
        words += usize::from(in_word && space);
        in_word = !space;
    }
    words + usize::from(in_word)
}

/// The order of a depth-first walk of the content folder with each folder's entries sorted
/// by name: paths compared folder by folder, so `guide/_index.md` comes before `guide.md`.
pub fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// `program/tracks.md` -> `program/tracks/`; `program/_index.md` -> `program/`.
pub fn url_for(rel_path: &str, is_index: bool) -> String {
    let dir = if is_index {
        rel_path
            .trim_end_matches('/')
            .rsplit_once('/')
            .map(|(d, f)| {
                if f.ends_with(".md") {
                    d
                } else {
                    rel_path.trim_end_matches('/')
                }
            })
            .unwrap_or(if rel_path.ends_with(".md") {
                ""
            } else {
                rel_path.trim_end_matches('/')
            })
            .to_string()
    } else {
        rel_path.trim_end_matches(".md").to_string()
    };
    let parts: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(url_segment)
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}/", parts.join("/"))
    }
}

/// One path segment as it appears in a URL: lowercase, spaces and URL-special characters
/// turned into hyphens.
pub fn url_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_whitespace() || matches!(c, '?' | '#' | '%' | '"' | '<' | '>' | '\\' | '&' | '+') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

pub fn parent_dir(rel_path: &str) -> &str {
    rel_path
        .trim_end_matches('/')
        .rsplit_once('/')
        .map(|(d, _)| d)
        .unwrap_or("")
}

fn file_name(rel_path: &str) -> &str {
    rel_path.rsplit('/').next().unwrap_or(rel_path)
}

fn file_stem(rel_path: &str) -> &str {
    file_name(rel_path).trim_end_matches(".md")
}

/// `deal-registration` -> `Deal registration`.
pub fn title_from_name(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_is_split_whitespace() {
        for text in [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tvt\x0bff\x0ccr\r\nend",
            "# Title\n\nSome *text*, and `code`.\n",
            "non\u{a0}breaking and caf\u{e9} \u{2003}em",
        ] {
            assert_eq!(
                word_count(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn urls() {
        assert_eq!(url_for("a/b.md", false), "a/b/");
        assert_eq!(url_for("a/_index.md", true), "a/");
        assert_eq!(url_for("_index.md", true), "");
        assert_eq!(url_for("a/b/", true), "a/b/");
        assert_eq!(url_for("Deal Reg.md", false), "deal-reg/");
        assert_eq!(title_from_name("deal-registration"), "Deal registration");
    }
}
