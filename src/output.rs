//! The built site as a set of files, and writing it to disk atomically: everything goes
//! into a fresh sibling folder that replaces the old output only when all of it was
//! written. A failed build never leaves a half-written `public/`.
//!
//! Also owns the generated files: sitemap, `_redirects`. Knows nothing of Markdown.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// One output file's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFile {
    Bytes(Vec<u8>),
    /// A file copied as it is.
    Copy(PathBuf),
}

impl OutputFile {
    pub fn bytes(&self) -> io::Result<Vec<u8>> {
        match self {
            OutputFile::Bytes(b) => Ok(b.clone()),
            OutputFile::Copy(p) => std::fs::read(p),
        }
    }
}

/// The site's files by path relative to the output folder (`program/tracks/index.html`).
#[derive(Debug, Default, Clone)]
pub struct Output {
    pub files: BTreeMap<String, OutputFile>,
}

impl Output {
    pub fn add(&mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>) {
        self.files
            .insert(path.into(), OutputFile::Bytes(contents.into()));
    }

    pub fn copy(&mut self, path: impl Into<String>, from: PathBuf) {
        self.files.insert(path.into(), OutputFile::Copy(from));
    }

    /// Writes every file into a staging folder beside `out_dir`, then swaps it in.
    pub fn write_atomically(&self, out_dir: &Path) -> io::Result<()> {
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = out_dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        let result = self.write_into(&staging).and_then(|()| {
            if out_dir.exists() {
                if old.exists() {
                    std::fs::remove_dir_all(&old)?;
                }
                std::fs::rename(out_dir, &old)?;
                if let Err(e) = std::fs::rename(&staging, out_dir) {
                    // Put the previous output back.
                    let _ = std::fs::rename(&old, out_dir);
                    return Err(e);
                }
                std::fs::remove_dir_all(&old)
            } else {
                std::fs::rename(&staging, out_dir)
            }
        });
        if result.is_err() && staging.exists() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        result
    }

    fn write_into(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let mut dirs: Vec<PathBuf> = self
            .files
            .keys()
            .filter_map(|p| Path::new(p).parent().map(|d| dir.join(d)))
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            std::fs::create_dir_all(d)?;
        }
        self.files
            .par_iter()
            .try_for_each(|(path, file)| match file {
                OutputFile::Bytes(b) => std::fs::write(dir.join(path), b),
                OutputFile::Copy(from) => std::fs::copy(from, dir.join(path)).map(|_| ()),
            })
    }
}

/// `sitemap.xml` for the given absolute page URLs and optional last-modified dates.
pub fn sitemap(entries: &[(String, Option<String>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(loc));
        out.push_str("</loc>");
        if let Some(d) = lastmod {
            out.push_str("<lastmod>");
            out.push_str(&xml_escape(d));
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Normalizes an alias as written in front matter (`/old/page/`, `old/page`,
/// `old/page.html`) into an output folder path (`old/page/`), or `None` if it is unusable.
pub fn alias_path(alias: &str) -> Option<String> {
    let a = alias.trim();
    if a.is_empty() || a.contains("://") || a.contains(['?', '#', '\\', '"', '<', '>']) {
        return None;
    }
    let parts: Vec<&str> = a.split('/').filter(|s| !s.is_empty()).collect();
    if parts.iter().any(|p| *p == ".." || *p == ".") || parts.is_empty() {
        return None;
    }
    let joined = parts.join("/");
    if joined.ends_with(".html") {
        Some(joined)
    } else {
        Some(format!("{joined}/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_keeps_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut good = Output::default();
        good.add("index.html", "old");
        good.write_atomically(&out).unwrap();
        let mut bad = Output::default();
        bad.add("index.html", "new");
        bad.copy("missing.txt", tmp.path().join("does-not-exist"));
        assert!(bad.write_atomically(&out).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder removed");
    }

    #[test]
    fn aliases() {
        assert_eq!(alias_path("/old/page/").as_deref(), Some("old/page/"));
        assert_eq!(alias_path("old.html").as_deref(), Some("old.html"));
        assert_eq!(alias_path("/../etc"), None);
        assert_eq!(alias_path("https://x"), None);
    }
}
