//! Reading a site's source files once: pages, fragments and assets from the content
//! folder, data sets and schemas from the data folder (and `schema/`), included Markdown
//! from `include_dir`; and, for the incremental session, reading again only the paths
//! that changed.
//!
//! Each file has a key: its path below the content folder (`program/tracks.md`), or,
//! outside it, its folder's prefix and its path there: `_data/` for the data folder,
//! `schema/` for the schema folder, `INCLUDE_DIR_KEY` for `include_dir`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{classify, Class};
use crate::diagnostics::{Diagnostic, LineIndex, Rule};
use crate::layout::SiteLayout;
use crate::markdown::INCLUDE_DIR_KEY;

/// A file read from the site's sources.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file's key: its path below `content/`, with `/` separators (see the module).
    pub rel_path: String,
    /// Path as the author knows it (relative to the site root), for diagnostics.
    pub file: Arc<PathBuf>,
    pub text: Arc<str>,
}

/// Every source file, by key.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    pub pages: BTreeMap<String, SourceFile>,
    pub fragments: BTreeMap<String, SourceFile>,
    pub data: BTreeMap<String, SourceFile>,
    /// Other files next to pages (images, PDFs): copied to the output as they are.
    pub assets: BTreeMap<String, PathBuf>,
    /// Files that could not be read, by the path shown in the diagnostic.
    pub unreadable: BTreeMap<String, Diagnostic>,
}

/// What re-reading a changed path changed.
#[derive(Debug, Default)]
pub struct Reread {
    /// Pages (keys) added, changed or removed.
    pub pages: BTreeSet<String>,
    /// Whether a fragment was added, changed or removed.
    pub fragments: bool,
}

/// A folder of sources: where it is, the prefix of its files' keys, and what they are.
struct Root {
    dir: PathBuf,
    prefix: &'static str,
    kind: RootKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RootKind {
    Content,
    Data,
    Includes,
}

impl RootKind {
    /// What a file of this folder is, by its path there.
    fn class(self, rel: &str) -> Class {
        if rel.split('/').any(|c| c.starts_with('.')) {
            return Class::Ignored;
        }
        match self {
            RootKind::Content => classify(rel),
            RootKind::Data if [".yaml", ".yml", ".json"].iter().any(|x| rel.ends_with(x)) => {
                Class::Data
            }
            // Any text: Markdown is included as Markdown, other files into code blocks.
            RootKind::Includes => Class::Fragment,
            _ => Class::Ignored,
        }
    }
}

/// The folders of `layout`'s sources. The content folder's walk skips the others when
/// they are inside it.
fn roots(layout: &SiteLayout) -> Vec<Root> {
    let mut roots = vec![
        Root {
            dir: layout.content(),
            prefix: "",
            kind: RootKind::Content,
        },
        Root {
            dir: layout.data(),
            prefix: "_data/",
            kind: RootKind::Data,
        },
        Root {
            dir: layout.schema(),
            prefix: "schema/",
            kind: RootKind::Data,
        },
    ];
    if let Some(dir) = layout.includes() {
        roots.push(Root {
            dir,
            prefix: INCLUDE_DIR_KEY,
            kind: RootKind::Includes,
        });
    }
    roots
}

impl Sources {
    /// Reads every source folder of `layout`.
    pub fn read(layout: &SiteLayout) -> Sources {
        let mut sources = Sources::default();
        let content = layout.content();
        if !content.is_dir() {
            let d = Diagnostic::error(
                layout.display(&content),
                Rule::Content,
                "the content folder does not exist",
            )
            .with_hint("create it, or set `content_dir` in handbook.yaml");
            sources.unreadable.insert(d.file.display().to_string(), d);
            return sources;
        }
        let roots = roots(layout);
        let others: Vec<PathBuf> = roots[1..].iter().map(|r| r.dir.clone()).collect();
        for root in &roots {
            let skip = if root.kind == RootKind::Content {
                others.as_slice()
            } else {
                &[]
            };
            sources.read_root(root, &root.dir, skip, layout);
        }
        sources
    }

    /// Reads the files of `root` below `below` (the root itself, or a folder in it).
    fn read_root(&mut self, root: &Root, below: &Path, skip: &[PathBuf], layout: &SiteLayout) {
        if !below.is_dir() {
            return;
        }
        let mut to_read: Vec<(String, PathBuf, Class)> = Vec::new();
        let walker = WalkDir::new(below)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                (e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
                    && !skip.iter().any(|s| e.path() == s)
            });
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(below).to_path_buf();
                    let d = Diagnostic::error(
                        layout.display(&path),
                        Rule::Io,
                        format!("cannot read: {e}"),
                    )
                    .with_hint("check the file's permissions");
                    self.unreadable.insert(d.file.display().to_string(), d);
                    continue;
                }
            };
            // Symlinks count as the file they point to; a broken one is reported when read.
            let is_file =
                entry.file_type().is_file() || (entry.path_is_symlink() && !entry.path().is_dir());
            if !is_file {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&root.dir) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            match root.kind.class(&rel) {
                Class::Asset => {
                    self.assets.insert(rel, entry.path().to_path_buf());
                }
                Class::Ignored => {}
                class => to_read.push((
                    format!("{}{rel}", root.prefix),
                    entry.path().to_path_buf(),
                    class,
                )),
            }
        }
        let read: Vec<(Class, Result<SourceFile, Diagnostic>)> = to_read
            .into_par_iter()
            .map(|(key, path, class)| (class, read_source(key, &path, layout)))
            .collect();
        for (class, res) in read {
            match res {
                Ok(f) => self.insert(class, f),
                Err(d) => {
                    self.unreadable.insert(d.file.display().to_string(), d);
                }
            }
        }
    }

    fn insert(&mut self, class: Class, f: SourceFile) {
        let map = match class {
            Class::Page => &mut self.pages,
            Class::Fragment => &mut self.fragments,
            _ => &mut self.data,
        };
        map.insert(f.rel_path.clone(), f);
    }

    /// The diagnostics of files that could not be read.
    pub fn read_errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.unreadable.values()
    }

    /// Reads one changed path again: a file (created, changed or deleted) or a folder
    /// (created, renamed or deleted), anywhere among the source folders.
    pub fn reread(&mut self, layout: &SiteLayout, path: &Path) -> Reread {
        let mut changed = Reread::default();
        let abs = layout.absolute(path);
        let roots = roots(layout);
        // The innermost source folder holding the path (the data folder may be inside
        // the content folder).
        let Some(root) = roots
            .iter()
            .filter(|r| abs.starts_with(&r.dir))
            .max_by_key(|r| r.dir.components().count())
        else {
            return changed;
        };
        let Ok(rel) = abs.strip_prefix(&root.dir) else {
            return changed;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let key = format!("{}{rel}", root.prefix);
        // Forget what was there (a folder: everything below it).
        let below = format!("{key}/");
        let gone = |k: &String| *k == key || k.starts_with(&below);
        if root.kind == RootKind::Content {
            changed.pages.insert(key.clone());
        }
        changed.fragments = root.kind == RootKind::Includes
            || classify(&rel) == Class::Fragment
            || self.fragments.keys().any(|k| k.starts_with(&below));
        for map in [&mut self.pages, &mut self.fragments, &mut self.data] {
            map.retain(|k, _| !gone(k));
        }
        if root.kind == RootKind::Content {
            self.assets.retain(|k, _| !gone(k));
        }
        let shown = layout.display(&abs).display().to_string();
        let shown_below = format!("{shown}/");
        self.unreadable
            .retain(|k, _| *k != shown && !k.starts_with(&shown_below));
        if abs.is_dir() {
            let before: BTreeSet<String> = self.pages.keys().cloned().collect();
            let fragments_before = self.fragments.len();
            self.read_root(root, &abs, &[], layout);
            changed
                .pages
                .extend(self.pages.keys().filter(|k| !before.contains(*k)).cloned());
            changed.fragments |= self.fragments.len() != fragments_before;
        } else if abs.exists() {
            let class = root.kind.class(&rel);
            match class {
                Class::Asset => {
                    self.assets.insert(rel, abs);
                }
                Class::Ignored => {}
                _ => match read_source(key, &abs, layout) {
                    Ok(f) => self.insert(class, f),
                    Err(d) => {
                        self.unreadable.insert(d.file.display().to_string(), d);
                    }
                },
            }
        }
        changed
    }
}

fn read_source(key: String, path: &Path, layout: &SiteLayout) -> Result<SourceFile, Diagnostic> {
    let file = Arc::new(layout.display(path));
    read_text(path, &file).map(|text| SourceFile {
        rel_path: key,
        file,
        text: Arc::from(text),
    })
}

/// Reads a text file, reporting invalid UTF-8 at the first bad byte's line and column.
pub fn read_text(path: &Path, display: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(display, Rule::Io, format!("cannot read the file: {e}"))
            .with_hint("check that the file exists and is readable")
    })?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or("");
            let pos = LineIndex::new(prefix).position(prefix, valid);
            Err(
                Diagnostic::error(display, Rule::Encoding, "the file is not valid UTF-8")
                    .at(pos)
                    .with_hint("save the file as UTF-8 in your editor"),
            )
        }
    }
}
