//! Resolve before render: the URL map, each page's anchors, and every link and image
//! turned from what the author wrote (`../tracks.md#select`, `/program/tracks/`) into the
//! final URL under the base path, or into a located error.
//!
//! Owns: link classification and resolution, anchor sets, shortcode argument checks
//! against the data, links inside data values. Knows nothing of templates or output.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;
use serde_json::Value;

use crate::content::{ContentTree, Page, PageId};
use crate::data::{join_rel, DataSets};
use crate::diagnostics::{nearest, Diagnostic, Rule};
use crate::markdown::{self, ShortcodeRef};
use crate::yaml::PathSeg;

/// Everything a link can point at. Shared (by `Arc`) with the render stage, whose
/// `markdown` filter resolves links inside data values.
#[derive(Debug, Default)]
pub struct Resolver {
    pub base_path: String,
    /// The site's own origin (`https://example.com`), so that absolute links to the site
    /// are checked like site paths; empty when base_url is a path.
    pub origin: String,
    /// Site path prefixes served by something else (`links.ignore`): not checked.
    pub ignore: Vec<String>,
    /// URL path (`program/tracks/`) -> page.
    pub by_url: BTreeMap<String, PageId>,
    /// Source path relative to `content/` (`program/tracks.md`) -> page.
    pub by_source: BTreeMap<String, PageId>,
    /// Each page's anchors: heading ids, raw HTML ids, and the records it renders.
    pub anchors: Vec<BTreeSet<String>>,
    /// Page URL paths by id, and source files for messages.
    pub urls: Vec<String>,
    pub files: Vec<String>,
    /// Pages never written (`build: {render: never}`), by id.
    pub unrendered: BTreeSet<PageId>,
    /// Files copied as they are (content assets and static files), by output path.
    pub files_out: BTreeSet<String>,
}

/// Why a link does not resolve.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkError {
    pub message: String,
    pub hint: String,
    /// The page exists; the anchor does not.
    pub anchor_only: bool,
}

impl LinkError {
    fn missing(message: String, hint: String) -> Self {
        LinkError {
            message,
            hint,
            anchor_only: false,
        }
    }
}

/// Built-in shortcodes that show records of a data set, anchoring each record.
pub const RECORD_SHORTCODES: [&str; 3] = ["table", "cards", "record"];

impl Resolver {
    pub fn new(
        tree: &ContentTree,
        data: &DataSets,
        config: &crate::config::Config,
        files_out: BTreeSet<String>,
    ) -> Self {
        let mut r = Resolver {
            base_path: config.base_path(),
            origin: config.origin(),
            ignore: config
                .links
                .ignore
                .iter()
                .map(|p| format!("/{}", p.trim_start_matches('/')))
                .collect(),
            files_out,
            ..Resolver::default()
        };
        for (pid, page) in tree.pages.iter().enumerate() {
            r.by_url.entry(page.url.clone()).or_insert(pid);
            if !page.generated {
                r.by_source.insert(page.rel_path.clone(), pid);
            } else {
                r.by_source
                    .insert(page.rel_path.trim_end_matches('/').to_string(), pid);
            }
            if !page.is_rendered() {
                r.unrendered.insert(pid);
            }
            r.urls.push(page.url.clone());
            r.files.push(page.file.display().to_string());
        }
        r.anchors = tree
            .pages
            .par_iter()
            .map(|page| page_anchors(page, data))
            .collect();
        r
    }

    /// The final href for a link written in a file under `rel_dir` (relative to
    /// `content/`), on page `current` (for `#anchor`-only links).
    pub fn resolve(
        &self,
        dest: &str,
        rel_dir: &str,
        current: Option<PageId>,
    ) -> Result<String, LinkError> {
        self.resolve_target(dest, rel_dir, current)
            .map(|(href, _)| href)
    }

    /// Like `resolve`, also naming the page linked to (if the link is to a page).
    ///
    /// A relative link resolves against the folder of the file it is written in, then
    /// (as Hugo's link hook does) against the page's URL. A site path (`/a/b/`) or a link
    /// to the site's own absolute URL resolves from the content folder; one under a
    /// `links.ignore` prefix is left as written.
    pub fn resolve_target(
        &self,
        dest: &str,
        rel_dir: &str,
        current: Option<PageId>,
    ) -> Result<(String, Option<PageId>), LinkError> {
        let own = self.own_path(dest);
        let dest = own.as_deref().unwrap_or(dest);
        if dest.is_empty() || is_external(dest) || self.is_ignored(dest) {
            return Ok((dest.to_string(), None));
        }
        let (before_frag, frag) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let (path, query) = match before_frag.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (before_frag, None),
        };
        let path = percent_decode(path);
        let target = self.target(dest, &path, rel_dir, current)?;
        let mut href = match &target {
            // A link to an anchor of the same page stays `#anchor`.
            Target::Page(_) if path.is_empty() => String::new(),
            Target::Page(p) => format!("{}{}", self.base_path, self.urls[*p]),
            Target::File(f) => format!("{}{}", self.base_path, f),
        };
        if let Some(q) = query {
            href.push('?');
            href.push_str(q);
        }
        if let Some(frag) = frag {
            if let Target::Page(p) = target {
                self.check_anchor(dest, p, frag)?;
            }
            href.push('#');
            href.push_str(frag);
        }
        let page = match target {
            Target::Page(p) => Some(p),
            Target::File(_) => None,
        };
        Ok((href, page))
    }

    /// A link to the site's own absolute URL, as a site path (`/a/b/`).
    fn own_path(&self, dest: &str) -> Option<String> {
        if self.origin.is_empty() {
            return None;
        }
        let rest = dest.strip_prefix(&self.origin)?;
        match rest.chars().next() {
            None => Some("/".into()),
            Some('/' | '#' | '?') => Some(if rest.starts_with('/') {
                rest.to_string()
            } else {
                format!("/{rest}")
            }),
            _ => None,
        }
    }

    /// A site path under a `links.ignore` prefix.
    fn is_ignored(&self, dest: &str) -> bool {
        dest.starts_with('/')
            && self.ignore.iter().any(|prefix| {
                dest.starts_with(prefix.as_str())
                    || dest.trim_end_matches('/') == prefix.trim_end_matches('/')
            })
    }

    /// What the path of a link points at.
    fn target(
        &self,
        dest: &str,
        path: &str,
        rel_dir: &str,
        current: Option<PageId>,
    ) -> Result<Target, LinkError> {
        if path.is_empty() {
            return match current {
                Some(p) => Ok(Target::Page(p)),
                None => Err(LinkError::missing(
                    format!("`{dest}` points at an anchor of no page"),
                    "link to a page and its anchor, e.g. `program/tracks.md#select`".into(),
                )),
            };
        }
        if let Some(site_path) = path.strip_prefix('/') {
            let base = self.base_path.trim_matches('/');
            let site_path = if !base.is_empty() {
                site_path
                    .strip_prefix(base)
                    .filter(|rest| rest.is_empty() || rest.starts_with('/'))
                    .map(|rest| rest.trim_start_matches('/'))
                    .unwrap_or(site_path)
            } else {
                site_path
            };
            return self.lookup(site_path, dest);
        }
        let by_file = if escapes_root(rel_dir, path) {
            Err(LinkError::missing(
                format!("`{dest}` points outside the content folder"),
                "links must stay inside content/; check the number of `../`".into(),
            ))
        } else {
            self.lookup(&join_rel(rel_dir, path), dest)
        };
        // Hugo resolves a relative link against the page's URL too.
        let url_dir = current.map(|p| self.urls[p].trim_end_matches('/'));
        match (by_file, url_dir) {
            (Ok(t), _) => Ok(t),
            (Err(e), Some(url_dir)) if url_dir != rel_dir && !escapes_root(url_dir, path) => {
                self.lookup(&join_rel(url_dir, path), dest).map_err(|_| e)
            }
            (Err(e), _) => Err(e),
        }
    }

    /// Checks that page `p` has the anchor `frag`.
    fn check_anchor(&self, dest: &str, p: PageId, frag: &str) -> Result<(), LinkError> {
        let frag_decoded = percent_decode(frag);
        if frag.is_empty() || self.anchors[p].contains(frag_decoded.as_str()) {
            return Ok(());
        }
        let hint = match nearest(&frag_decoded, self.anchors[p].iter().map(String::as_str)) {
            Some(n) => format!("did you mean `#{n}`?"),
            None if self.anchors[p].is_empty() => {
                format!("{} has no headings to link to", self.files[p])
            }
            None => format!(
                "anchors there: {}",
                self.anchors[p]
                    .iter()
                    .take(8)
                    .map(|a| format!("#{a}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Err(LinkError {
            message: format!(
                "`{dest}`: {} has no heading or record `#{frag_decoded}`",
                self.files[p]
            ),
            hint,
            anchor_only: true,
        })
    }

    /// A path relative to `content/`, as a source file (`a/b.md`), a folder or a section's
    /// index file (`a/`, `a/_index.md`, `a.md` for the section `a/`), a URL path with or
    /// without its trailing slash or extension, or a copied file.
    fn lookup(&self, path: &str, dest: &str) -> Result<Target, LinkError> {
        let path = path.trim_start_matches("./");
        let found = self.lookup_page(path);
        if let Some(p) = found {
            if self.unrendered.contains(&p) {
                return Err(LinkError::missing(
                    format!(
                        "`{dest}` points to {}, which is never published",
                        self.files[p]
                    ),
                    "its front matter says `build: {render: never}`; link to another page".into(),
                ));
            }
            return Ok(Target::Page(p));
        }
        if self.files_out.contains(path) {
            return Ok(Target::File(path.to_string()));
        }
        let hint = if path.ends_with(".md") {
            let known = self.by_source.keys().map(String::as_str);
            match nearest(path, known) {
                Some(n) => format!("did you mean `{n}`? (paths are relative to the linking file)"),
                None => "check the path: it is relative to the file the link is in".into(),
            }
        } else {
            "link to the Markdown file (`page.md`) or the site path (`/section/page/`)".into()
        };
        Err(LinkError::missing(
            format!("`{dest}` points to `{path}`, which does not exist"),
            hint,
        ))
    }

    fn lookup_page(&self, path: &str) -> Option<PageId> {
        if let Some(&p) = self.by_source.get(path) {
            return Some(p);
        }
        let trimmed = path.trim_end_matches('/');
        let trimmed = trimmed
            .strip_suffix("/index.html")
            .or_else(|| trimmed.strip_suffix("index.html"))
            .unwrap_or(trimmed)
            .trim_end_matches('/');
        if let Some(&p) = self.by_source.get(trimmed) {
            return Some(p);
        }
        let stem = trimmed
            .strip_suffix(".md")
            .or_else(|| trimmed.strip_suffix(".html"))
            .unwrap_or(trimmed);
        for name in crate::content::INDEX_NAMES {
            let candidate = if stem.is_empty() {
                name.to_string()
            } else {
                format!("{stem}/{name}")
            };
            if let Some(&p) = self.by_source.get(&candidate) {
                return Some(p);
            }
        }
        let as_url = |p: &str| {
            let parts: Vec<String> = p
                .split('/')
                .filter(|s| !s.is_empty())
                .map(crate::content::url_segment)
                .collect();
            if parts.is_empty() {
                String::new()
            } else {
                format!("{}/", parts.join("/"))
            }
        };
        self.by_url
            .get(&as_url(trimmed))
            .or_else(|| self.by_url.get(&as_url(stem)))
            .copied()
    }
}

enum Target {
    Page(PageId),
    File(String),
}

/// A URL with a scheme (`https:`, `mailto:`) or protocol-relative (`//host`).
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

fn escapes_root(rel_dir: &str, path: &str) -> bool {
    let mut depth: i64 = rel_dir.split('/').filter(|s| !s.is_empty()).count() as i64;
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => depth -= 1,
            _ => depth += 1,
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// A page's anchors: its headings, its lifted title, and the records it shows.
pub(crate) fn page_anchors(page: &Page, data: &DataSets) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = page.doc.headings.iter().map(|h| h.id.clone()).collect();
    set.extend(page.doc.html_anchors.iter().cloned());
    if let Some(t) = &page.doc.title {
        set.insert(t.id.clone());
    }
    for sc in &page.doc.shortcodes {
        if let Some(path) = record_shortcode_path(sc) {
            if let Ok(records) = data.records(path) {
                if sc.call.name == "record" {
                    if let Some(i) = sc.call.args.get("id").and_then(|id| records.find(id)) {
                        set.insert(records.anchor(i));
                    }
                } else {
                    for i in 0..records.items.len() {
                        set.insert(records.anchor(i));
                    }
                }
            }
        }
        if sc.call.name == "glossary" {
            if let Some(Ok(records)) = data.glossary.as_deref().map(|p| data.records(p)) {
                for i in 0..records.items.len() {
                    set.insert(records.anchor(i));
                }
            }
        }
    }
    set
}

fn record_shortcode_path(sc: &ShortcodeRef) -> Option<&str> {
    if RECORD_SHORTCODES.contains(&sc.call.name.as_str()) {
        sc.call.args.get("data").map(String::as_str)
    } else {
        None
    }
}

/// Resolves every link of every page in place; returns the problems found and, for each
/// page, how many other pages link to it.
pub fn resolve_pages(tree: &mut ContentTree, resolver: &Resolver) -> (Vec<Diagnostic>, Vec<usize>) {
    let results: Vec<(Vec<Diagnostic>, Vec<PageId>)> = tree
        .pages
        .par_iter_mut()
        .enumerate()
        .map(|(pid, page)| resolve_page(pid, page, resolver))
        .collect();
    let mut inbound = vec![0; tree.pages.len()];
    let mut diags = Vec::new();
    for (d, targets) in results {
        diags.extend(d);
        for t in targets {
            inbound[t] += 1;
        }
    }
    (diags, inbound)
}

pub(crate) fn resolve_page(
    pid: PageId,
    page: &mut Page,
    resolver: &Resolver,
) -> (Vec<Diagnostic>, Vec<PageId>) {
    let mut diags = Vec::new();
    let mut targets = Vec::new();
    let mut hrefs = Vec::with_capacity(page.doc.links.len());
    for link in &page.doc.links {
        match resolver.resolve_target(&link.dest, &link.origin.rel_dir, Some(pid)) {
            Ok((href, target)) => {
                if let Some(t) = target.filter(|&t| t != pid) {
                    targets.push(t);
                }
                hrefs.push(Some(href));
            }
            Err(e) => {
                hrefs.push(None);
                let rule = if e.anchor_only {
                    Rule::BrokenAnchor
                } else if link.is_image {
                    Rule::MissingImage
                } else {
                    Rule::BrokenLink
                };
                diags.push(
                    Diagnostic::error(link.origin.file.as_ref(), rule, e.message)
                        .at(link.pos)
                        .with_hint(e.hint),
                )
            }
        }
    }
    page.hrefs = hrefs;
    (diags, targets)
}

/// Checks shortcode calls against the data they name: unknown shortcodes, data paths,
/// record ids, and columns.
pub fn check_shortcodes(
    tree: &ContentTree,
    data: &DataSets,
    templates: &crate::render::Renderer,
) -> Vec<Diagnostic> {
    let known = templates.shortcodes();
    let mut diags = Vec::new();
    for page in &tree.pages {
        diags.extend(check_page_shortcodes(page, data, templates, &known));
    }
    diags
}

/// `check_shortcodes` for one page; `known` is the templates' shortcode names.
pub fn check_page_shortcodes(
    page: &Page,
    data: &DataSets,
    templates: &crate::render::Renderer,
    known: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    {
        for sc in &page.doc.shortcodes {
            let err = |msg: String, hint: String| {
                Diagnostic::error(sc.origin.file.as_ref(), Rule::Shortcode, msg)
                    .at(sc.pos)
                    .with_hint(hint)
            };
            let name = sc.call.name.as_str();
            if !known.contains(name) {
                diags.push(unknown_shortcode(sc, known));
                continue;
            }
            if sc.inner.is_none() && !sc.self_closing && templates.uses_inner(name) {
                let (open, close) = (sc.call.delim.open(), sc.call.delim.close());
                diags.push(err(
                    format!("`{name}` is not closed: its content would be lost"),
                    format!("end its content with {open} /{name} {close}, or write {open} {name} /{close} if it has none"),
                ));
                continue;
            }
            let needs_data = RECORD_SHORTCODES.contains(&name) || name == "field";
            if !needs_data {
                continue;
            }
            let Some(path) = sc.call.args.get("data") else {
                diags.push(err(
                    format!("`{name}` needs a `data` argument"),
                    format!("write {{{{< {name} data=\"set.list\" ... >}}}}"),
                ));
                continue;
            };
            let records = match data.records(path) {
                Ok(r) => r,
                Err(msg) => {
                    diags.push(err(
                        msg,
                        "data paths are `<file name>.<key>`, e.g. `r7.requirements`".into(),
                    ));
                    continue;
                }
            };
            if name == "record" || name == "field" {
                let Some(id) = sc.call.args.get("id") else {
                    diags.push(err(
                        format!("`{name}` needs an `id` argument naming the record"),
                        "write id=\"record-id\"".into(),
                    ));
                    continue;
                };
                let Some(i) = records.find(id) else {
                    let ids: Vec<String> = (0..records.items.len())
                        .map(|i| records.record_id(i))
                        .collect();
                    let hint = match nearest(id, ids.iter().map(String::as_str)) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!("ids in `{path}`: {}", ids.join(", ")),
                    };
                    diags.push(err(format!("`{path}` has no record `{id}`"), hint));
                    continue;
                };
                if name == "field" {
                    let Some(key) = sc.call.args.get("key") else {
                        diags.push(err(
                            "`field` needs a `key` argument naming the field".into(),
                            "write key=\"field_name\"".into(),
                        ));
                        continue;
                    };
                    if records.items[i].get(key).is_none() {
                        let keys: Vec<&str> = records.items[i]
                            .as_object()
                            .map(|m| m.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        let hint = nearest(key, keys.iter().copied())
                            .map(|n| format!("did you mean `{n}`?"))
                            .unwrap_or_else(|| format!("fields: {}", keys.join(", ")));
                        diags.push(err(format!("record `{id}` has no field `{key}`"), hint));
                    }
                }
            }
            for arg in ["columns", "fields"] {
                if let Some(cols) = sc.call.args.get(arg) {
                    let known_keys: BTreeSet<&str> = records
                        .items
                        .iter()
                        .filter_map(Value::as_object)
                        .flat_map(|m| m.keys().map(String::as_str))
                        .collect();
                    for col in cols.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                        if !known_keys.contains(col) {
                            let hint = nearest(col, known_keys.iter().copied())
                                .map(|n| format!("did you mean `{n}`?"))
                                .unwrap_or_else(|| {
                                    format!(
                                        "fields: {}",
                                        known_keys.iter().copied().collect::<Vec<_>>().join(", ")
                                    )
                                });
                            diags.push(err(
                                format!("no record in `{path}` has a field `{col}`"),
                                hint,
                            ));
                        }
                    }
                }
            }
        }
    }
    diags
}

/// A call no template renders: named with its arguments, so that an author can tell which
/// one it is; the page still shows its inner content in a placeholder.
fn unknown_shortcode(sc: &ShortcodeRef, known: &BTreeSet<String>) -> Diagnostic {
    let name = sc.call.name.as_str();
    let mut args: Vec<String> = sc
        .call
        .positional
        .iter()
        .map(|a| format!("{a:?}"))
        .collect();
    args.extend(sc.call.args.iter().map(|(k, v)| format!("{k}={v:?}")));
    let call = if args.is_empty() {
        name.to_string()
    } else {
        format!("{name} {}", args.join(" "))
    };
    let hint = match nearest(name, known.iter().map(String::as_str)) {
        Some(n) => format!("did you mean `{n}`? Or add templates/shortcodes/{name}.html"),
        None => format!(
            "add templates/shortcodes/{name}.html to render it; known: {}",
            known.iter().cloned().collect::<Vec<_>>().join(", ")
        ),
    };
    Diagnostic::error(
        sc.origin.file.as_ref(),
        Rule::UnknownShortcode,
        format!("unknown shortcode `{name}` ({{{{< {call} >}}}}): the page shows a placeholder"),
    )
    .at(sc.pos)
    .with_hint(hint)
}

/// Checks the links inside data values (strings are Markdown), at the value's position.
/// Relative links in data are relative to `content/`.
pub fn check_data_links(data: &DataSets, resolver: &Resolver) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for set in data.sets.values() {
        let mut stack: Vec<(Vec<PathSeg>, &Value)> = vec![(Vec::new(), &set.value)];
        while let Some((path, v)) = stack.pop() {
            match v {
                Value::String(s) if s.contains("](") || s.contains("]:") || s.contains('<') => {
                    for event in Parser::new_ext(s, markdown::options()) {
                        if let Event::Start(
                            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. },
                        ) = event
                        {
                            if let Err(e) = resolver.resolve(&dest_url, "", None) {
                                diags.push(
                                    Diagnostic::error(
                                        set.file.as_ref(),
                                        Rule::BrokenLink,
                                        e.message,
                                    )
                                    .at(set.locations.find(&path))
                                    .with_hint(format!(
                                        "{} (links in data are relative to content/)",
                                        e.hint
                                    )),
                                );
                            }
                        }
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let mut p = path.clone();
                        p.push(PathSeg::Index(i));
                        stack.push((p, item));
                    }
                }
                Value::Object(map) => {
                    for (k, item) in map {
                        let mut p = path.clone();
                        p.push(PathSeg::Key(k.clone()));
                        stack.push((p, item));
                    }
                }
                _ => {}
            }
        }
    }
    diags
}

/// Shared for the render stage.
pub type SharedResolver = Arc<Resolver>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links() {
        assert!(is_external("https://x.y/"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("a/b:c.md"));
    }

    #[test]
    fn escaping_the_root() {
        assert!(escapes_root("", "../x.md"));
        assert!(!escapes_root("a", "../x.md"));
        assert!(escapes_root("a", "../../x.md"));
    }

    #[test]
    fn decodes_percent() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("%C3%BCber"), "über");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
