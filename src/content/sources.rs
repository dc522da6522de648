//! Reading `content/`: every file sorted into pages, fragments, data and assets, read once;
//! and, for the incremental session, reading again only the paths that changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{classify, Class};
use crate::diagnostics::{Diagnostic, LineIndex, Rule};

/// A file read from `content/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to `content/`, with `/` separators.
    pub rel_path: String,
    /// Path as the author knows it (relative to the site root), for diagnostics.
    pub file: Arc<PathBuf>,
    pub text: String,
}

/// Everything under `content/`, by path relative to it.
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
    /// Pages (content-relative paths) added, changed or removed.
    pub pages: BTreeSet<String>,
    /// Whether a fragment was added, changed or removed.
    pub fragments: bool,
}

impl Sources {
    /// Reads `content_dir`. `display_root` is what diagnostics show paths relative to.
    pub fn read(content_dir: &Path, display_root: &Path) -> Sources {
        let mut sources = Sources::default();
        if !content_dir.is_dir() {
            let d = Diagnostic::error(
                content_dir
                    .strip_prefix(display_root)
                    .unwrap_or(content_dir),
                Rule::Content,
                "the content folder does not exist",
            )
            .with_hint("create it, or set `content_dir` in handbook.yaml");
            sources.unreadable.insert(d.file.display().to_string(), d);
            return sources;
        }
        let mut to_read: Vec<(String, PathBuf, Class)> = Vec::new();
        let walker = WalkDir::new(content_dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(content_dir).to_path_buf();
                    let d = Diagnostic::error(
                        path.strip_prefix(display_root).unwrap_or(&path),
                        Rule::Io,
                        format!("cannot read: {e}"),
                    )
                    .with_hint("check the file's permissions");
                    sources.unreadable.insert(d.file.display().to_string(), d);
                    continue;
                }
            };
            // Symlinks count as the file they point to; a broken one is reported when read.
            let is_file =
                entry.file_type().is_file() || (entry.path_is_symlink() && !entry.path().is_dir());
            if !is_file {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(content_dir) else {
                continue;
            };
            let rel_path = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            match classify(&rel_path) {
                Class::Asset => {
                    sources.assets.insert(rel_path, entry.path().to_path_buf());
                }
                Class::Ignored => {}
                class => to_read.push((rel_path, entry.path().to_path_buf(), class)),
            }
        }
        let read: Vec<(Class, Result<SourceFile, Diagnostic>)> = to_read
            .into_par_iter()
            .map(|(rel_path, path, class)| {
                let file = Arc::new(
                    path.strip_prefix(display_root)
                        .unwrap_or(&path)
                        .to_path_buf(),
                );
                let text = read_text(&path, &file);
                (
                    class,
                    text.map(|text| SourceFile {
                        rel_path,
                        file,
                        text,
                    }),
                )
            })
            .collect();
        for (class, res) in read {
            match res {
                Ok(f) => sources.insert(class, f),
                Err(d) => {
                    sources.unreadable.insert(d.file.display().to_string(), d);
                }
            }
        }
        sources
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
    /// (created, renamed or deleted). `rel` is its place below `content_dir`.
    pub fn reread(&mut self, content_dir: &Path, display_root: &Path, rel: &str) -> Reread {
        let abs = content_dir.join(rel);
        let mut changed = Reread::default();
        // Forget what was there (a folder: everything below it).
        let prefix = format!("{rel}/");
        changed.pages.insert(rel.to_string());
        changed.fragments = classify(rel) == Class::Fragment
            || self.fragments.keys().any(|k| k.starts_with(&prefix));
        let gone = |k: &String| k == rel || k.starts_with(&prefix);
        for map in [&mut self.pages, &mut self.fragments, &mut self.data] {
            map.retain(|k, _| !gone(k));
        }
        self.assets.retain(|k, _| !gone(k));
        self.unreadable
            .retain(|k, _| !(k.ends_with(&format!("/{rel}")) || k.contains(&format!("/{prefix}"))));
        if abs.is_dir() {
            // Only what lies below the folder is new.
            let below = Sources::read(content_dir, display_root);
            let is_below = |k: &String| k.starts_with(&prefix);
            for (k, f) in below.pages.into_iter().filter(|(k, _)| is_below(k)) {
                changed.pages.insert(k.clone());
                self.pages.insert(k, f);
            }
            for (k, f) in below.fragments.into_iter().filter(|(k, _)| is_below(k)) {
                changed.fragments = true;
                self.fragments.insert(k, f);
            }
            self.data
                .extend(below.data.into_iter().filter(|(k, _)| is_below(k)));
            self.assets
                .extend(below.assets.into_iter().filter(|(k, _)| is_below(k)));
            self.unreadable.extend(below.unreadable);
        } else if abs.exists() {
            let class = classify(rel);
            match class {
                Class::Asset => {
                    self.assets.insert(rel.to_string(), abs);
                }
                Class::Ignored => {}
                _ => {
                    let display =
                        Arc::new(abs.strip_prefix(display_root).unwrap_or(&abs).to_path_buf());
                    match read_text(&abs, &display) {
                        Ok(text) => self.insert(
                            class,
                            SourceFile {
                                rel_path: rel.to_string(),
                                file: display,
                                text,
                            },
                        ),
                        Err(d) => {
                            self.unreadable.insert(d.file.display().to_string(), d);
                        }
                    }
                }
            }
        }
        changed
    }
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
