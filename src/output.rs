//! The built site as a set of files, and writing it to disk atomically: everything goes
//! into a fresh sibling folder that replaces the old output only when all of it was
//! written. A failed build never leaves a half-written `public/`.
//!
//! Also owns the generated files: sitemap, `_redirects`. Knows nothing of Markdown.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

/// One output file's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFile {
    /// Kept in memory; shared, so that a rebuild keeps unchanged files without copying.
    Bytes(Arc<[u8]>),
    /// Kept in memory compressed: pages, which are most of a site's bytes. Read back with
    /// `Output::read` or `Packed::unpack`.
    Packed(Packed),
    /// A file copied as it is.
    Copy(PathBuf),
    /// Already written into the staging folder (a build to disk does not keep pages in
    /// memory).
    Written,
}

/// The site's files by path relative to the output folder (`program/tracks/index.html`).
///
/// In memory, or staged: files are written at once into a fresh folder beside the output
/// folder, which replaces the output only on `commit`. A failed build never leaves a
/// half-written `public/`.
#[derive(Debug, Default, Clone)]
pub struct Output {
    pub files: BTreeMap<String, OutputFile>,
    staging: Option<PathBuf>,
    /// Only the file names are kept (`check` renders everything, writes nothing).
    discard: bool,
    /// The dictionary pages kept in memory are packed against: the first page packed.
    /// Shared by the outputs of one dev server, so that a page that did not change packs
    /// to the same bytes.
    dictionary: Arc<OnceLock<Arc<[u8]>>>,
}

/// A file kept in memory compressed.
#[derive(Debug, Clone)]
pub struct Packed {
    bytes: Arc<[u8]>,
    codec: Codec,
}

/// How a `Packed` file was compressed.
#[derive(Debug, Clone)]
enum Codec {
    /// LZ4 (its size first) against a dictionary: another page of the same site, which
    /// repeats its header, navigation and footer. A page alone packs to about 40% of its
    /// size, against a sibling to about 25%. For pages, read whenever one is served.
    Lz4(Arc<[u8]>),
    /// Deflate, fastest level: for the search index's files, which LZ4 hardly shrinks
    /// (to 70%), deflate to about 45%.
    Deflate,
}

impl Packed {
    fn new(contents: &[u8], dictionary: Arc<[u8]>) -> Packed {
        Packed {
            bytes: lz4_flex::block::compress_prepend_size_with_dict(contents, &dictionary).into(),
            codec: Codec::Lz4(dictionary),
        }
    }

    /// `contents` deflated.
    pub fn deflated(contents: &[u8]) -> Packed {
        use std::io::Write;
        let mut out = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        // Writing into a Vec cannot fail.
        let bytes = out
            .write_all(contents)
            .and_then(|()| out.finish())
            .unwrap_or_default();
        Packed {
            bytes: bytes.into(),
            codec: Codec::Deflate,
        }
    }

    pub fn unpack(&self) -> io::Result<Vec<u8>> {
        match &self.codec {
            Codec::Lz4(dictionary) => {
                lz4_flex::block::decompress_size_prepended_with_dict(&self.bytes, dictionary)
                    .map_err(io::Error::other)
            }
            Codec::Deflate => {
                use std::io::Read;
                let mut out = Vec::with_capacity(self.bytes.len() * 3);
                flate2::read::DeflateDecoder::new(&self.bytes[..]).read_to_end(&mut out)?;
                Ok(out)
            }
        }
    }

    /// Bytes held (the dictionary aside).
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// Same contents.
impl PartialEq for Packed {
    fn eq(&self, other: &Packed) -> bool {
        let same_codec = match (&self.codec, &other.codec) {
            (Codec::Lz4(a), Codec::Lz4(b)) => Arc::ptr_eq(a, b),
            (Codec::Deflate, Codec::Deflate) => true,
            _ => false,
        };
        if same_codec {
            return Arc::ptr_eq(&self.bytes, &other.bytes) || self.bytes == other.bytes;
        }
        matches!((self.unpack(), other.unpack()), (Ok(a), Ok(b)) if a == b)
    }
}

impl Eq for Packed {}

impl Output {
    /// Files kept in memory (for tests and the dev server).
    pub fn in_memory() -> Self {
        Output::default()
    }

    /// Files kept in memory, pages packed as `other`'s are (the next build of a kept-loaded
    /// site: its unchanged pages pack to the same bytes).
    pub fn in_memory_like(other: &Output) -> Self {
        Output {
            dictionary: other.dictionary.clone(),
            ..Output::default()
        }
    }

    /// Only names kept: for checking a site without writing it.
    pub fn discarding() -> Self {
        Output {
            discard: true,
            ..Output::default()
        }
    }

    /// Whether files are only named, not kept (`check`).
    pub fn is_discarding(&self) -> bool {
        self.discard
    }

    /// Files written into a staging folder beside `out_dir`.
    pub fn staged(out_dir: &Path) -> io::Result<Self> {
        remove_abandoned(out_dir);
        let staging = staging_dir(out_dir);
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(Output {
            staging: Some(staging),
            ..Output::default()
        })
    }

    /// Prepares one file; callable from many threads. Staged output writes it now.
    pub fn prepare(&self, path: &str, contents: Vec<u8>) -> io::Result<OutputFile> {
        match &self.staging {
            Some(dir) => {
                let target = dir.join(path);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(target, contents)?;
                Ok(OutputFile::Written)
            }
            None if self.discard => Ok(OutputFile::Written),
            None if path.ends_with(".html") && contents.len() >= PACK_FROM => {
                let dictionary = self.dictionary.get_or_init(|| contents[..].into());
                Ok(OutputFile::Packed(Packed::new(
                    &contents,
                    dictionary.clone(),
                )))
            }
            None => Ok(OutputFile::Bytes(contents.into())),
        }
    }

    pub fn insert(&mut self, path: String, file: OutputFile) {
        self.files.insert(path, file);
    }

    pub fn add(&mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>) -> io::Result<()> {
        let path = path.into();
        let file = self.prepare(&path, contents.into())?;
        self.files.insert(path, file);
        Ok(())
    }

    pub fn copy(&mut self, path: impl Into<String>, from: PathBuf) -> io::Result<()> {
        let path = path.into();
        if let Some(dir) = &self.staging {
            let target = dir.join(&path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(&from, target)?;
        }
        self.files.insert(path, OutputFile::Copy(from));
        Ok(())
    }

    /// The bytes of one file, wherever they are.
    pub fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        match self.files.get(path) {
            Some(OutputFile::Bytes(b)) => Ok(b.to_vec()),
            Some(OutputFile::Packed(b)) => b.unpack(),
            Some(OutputFile::Copy(p)) => std::fs::read(p),
            Some(OutputFile::Written) => match &self.staging {
                Some(dir) => std::fs::read(dir.join(path)),
                None => Err(io::Error::new(io::ErrorKind::NotFound, path.to_string())),
            },
            None => Err(io::Error::new(io::ErrorKind::NotFound, path.to_string())),
        }
    }

    /// Makes the files the contents of `out_dir`, replacing what was there in one swap.
    pub fn commit(self, out_dir: &Path) -> io::Result<()> {
        let staging = match &self.staging {
            Some(s) => s.clone(),
            None => {
                let staged = Output::staged(out_dir)?;
                let staging = staged.staging.clone().unwrap_or_default();
                let res = self.write_into(&staging);
                if let Err(e) = res {
                    let _ = std::fs::remove_dir_all(&staging);
                    return Err(e);
                }
                staging
            }
        };
        let result = swap_in(&staging, out_dir);
        if result.is_err() && staging.exists() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        result
    }

    /// Writes the given paths into `dir` as they are now (removing those that are gone):
    /// how `build --watch` updates the output folder after an incremental rebuild.
    pub fn write_changes(&self, dir: &Path, paths: &[String]) -> io::Result<()> {
        for path in paths {
            let target = dir.join(path);
            if self.files.contains_key(path) {
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&target, self.read(path)?)?;
            } else if target.exists() {
                std::fs::remove_file(&target)?;
            }
        }
        Ok(())
    }

    /// Drops a staged build: the previous output is untouched.
    pub fn abort(self) {
        if let Some(dir) = &self.staging {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    fn write_into(&self, dir: &Path) -> io::Result<()> {
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
                OutputFile::Bytes(b) => std::fs::write(dir.join(path), &b[..]),
                OutputFile::Packed(b) => std::fs::write(dir.join(path), b.unpack()?),
                OutputFile::Copy(from) => std::fs::copy(from, dir.join(path)).map(|_| ()),
                OutputFile::Written => Ok(()),
            })
    }
}

/// Pages kept in memory are compressed from this size on (smaller ones gain little).
const PACK_FROM: usize = 2048;

/// Removes the staging and old-output folders that builds of this output folder left when
/// they were killed: `.<name>.staging-<pid>` and `.<name>.old-<pid>` beside it, whose
/// process is gone. A folder of a build still running is left alone, as is anything
/// else. Failures are ignored: they cost disk space, not correctness.
fn remove_abandoned(out_dir: &Path) {
    let (parent, name) = sibling_parts(out_dir);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().to_string();
        let pid = [".staging-", ".old-"].iter().find_map(|kind| {
            file_name
                .strip_prefix(&format!(".{name}{kind}"))
                .and_then(|p| p.parse::<u32>().ok())
        });
        let Some(pid) = pid else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) && entry.path().is_dir() {
            let _ = remove_dir_parallel(&entry.path());
        }
    }
}

/// Whether a process with this id runs (on this machine).
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// The folder the output folder is in, and its name.
fn sibling_parts(out_dir: &Path) -> (PathBuf, String) {
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

fn staging_dir(out_dir: &Path) -> PathBuf {
    let (parent, name) = sibling_parts(out_dir);
    parent.join(format!(".{name}.staging-{}", std::process::id()))
}

/// Removes a large folder quickly: its files are unlinked by several threads at once
/// (more threads than cores: unlinking mostly waits on the file system's journal; see
/// docs/design.md, "Output"), then its folders, deepest first. Symlinks are removed,
/// never followed.
fn remove_dir_parallel(dir: &Path) -> io::Result<()> {
    const THREADS: usize = 8;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else {
            files.push(entry.into_path());
        }
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let chunk = files.len().div_ceil(THREADS * 16).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS.min(files.len().div_ceil(chunk)))
            .map(|_| {
                scope.spawn(|| -> io::Result<()> {
                    loop {
                        let start = next.fetch_add(chunk, std::sync::atomic::Ordering::Relaxed);
                        let Some(part) = files.get(start..files.len().min(start + chunk)) else {
                            return Ok(());
                        };
                        for f in part {
                            std::fs::remove_file(f)?;
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .unwrap_or_else(|_| Err(io::Error::other("a thread panicked")))
        })
    })?;
    dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
    for (_, d) in dirs {
        std::fs::remove_dir(d)?;
    }
    Ok(())
}

fn swap_in(staging: &Path, out_dir: &Path) -> io::Result<()> {
    let parent = staging.parent().unwrap_or(Path::new("."));
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if out_dir.exists() {
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        std::fs::rename(out_dir, &old)?;
        if let Err(e) = std::fs::rename(staging, out_dir) {
            // Put the previous output back.
            let _ = std::fs::rename(&old, out_dir);
            return Err(e);
        }
        remove_dir_parallel(&old)
    } else {
        std::fs::rename(staging, out_dir)
    }
}

const COMPRESSIBLE: [&str; 9] = [
    "html", "css", "js", "json", "xml", "txt", "svg", "map", "md",
];

/// Writes `name.gz` and `name.br` beside every text file under `dir` (in parallel);
/// returns how many files were compressed. gzip carries no timestamp, so output stays
/// byte-identical between builds.
pub fn compress_dir(dir: &Path) -> io::Result<usize> {
    use std::io::Write;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| COMPRESSIBLE.contains(&x.to_string_lossy().as_ref()))
        })
        .collect();
    files.par_iter().try_for_each(|p| -> io::Result<()> {
        let data = std::fs::read(p)?;
        let mut name = p.as_os_str().to_owned();
        name.push(".gz");
        let mut gz = flate2::GzBuilder::new()
            .mtime(0)
            .write(Vec::new(), flate2::Compression::best());
        gz.write_all(&data)?;
        std::fs::write(PathBuf::from(&name), gz.finish()?)?;
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 16 * 1024, 9, 22);
            w.write_all(&data)?;
        }
        let mut name = p.as_os_str().to_owned();
        name.push(".br");
        std::fs::write(PathBuf::from(&name), br)
    })?;
    Ok(files.len())
}

/// Pages (`index.html` files) added, changed or removed between two output folders, as
/// (`added`|`changed`|`removed`, URL path) sorted by path.
pub fn changed_pages(previous: &Path, current: &Path) -> io::Result<Vec<(&'static str, String)>> {
    if !previous.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            "the previous output folder does not exist",
        ));
    }
    let pages = |dir: &Path| -> BTreeMap<String, PathBuf> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.file_name() == "index.html")
            .filter_map(|e| {
                let rel = e.path().strip_prefix(dir).ok()?.parent()?.to_path_buf();
                let url = rel
                    .components()
                    .map(|c| format!("{}/", c.as_os_str().to_string_lossy()))
                    .collect::<String>();
                Some((url, e.into_path()))
            })
            .collect()
    };
    let before = pages(previous);
    let after = pages(current);
    let mut out = Vec::new();
    for (url, path) in &after {
        match before.get(url) {
            None => out.push(("added", url.clone())),
            Some(old) => {
                if std::fs::read(old)? != std::fs::read(path)? {
                    out.push(("changed", url.clone()));
                }
            }
        }
    }
    for url in before.keys() {
        if !after.contains_key(url) {
            out.push(("removed", url.clone()));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
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

/// Normalizes an alias as written in front matter (`/old/page/`, `old/page.html`) into an
/// output folder path (`old/page/`), or `None` if it is unusable. An alias without a
/// leading `/` is relative to `section_url`, the URL path of the page's section (as Hugo
/// has it).
pub fn alias_path(alias: &str, section_url: &str) -> Option<String> {
    let a = alias.trim();
    if a.is_empty() || a.contains("://") || a.contains(['?', '#', '\\', '"', '<', '>']) {
        return None;
    }
    let a = if a.starts_with('/') {
        a.to_string()
    } else {
        format!("{section_url}{a}")
    };
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

    /// A deflated file reads back whole and compares by contents.
    #[test]
    fn deflated_files_read_back_whole() {
        let text: Vec<u8> = (0..2000)
            .flat_map(|i| format!("{{\"t\":\"term{}\",\"p\":[{i}]}}", i % 37).into_bytes())
            .collect();
        let packed = Packed::deflated(&text);
        assert!(packed.len() * 2 < text.len(), "{} bytes", packed.len());
        assert_eq!(packed.unpack().unwrap(), text);
        assert!(packed == Packed::deflated(&text));
        assert!(packed != Packed::deflated(b"other"));
        assert!(packed == Packed::new(&text, Arc::from(&b"<html>"[..])));
    }

    /// Pages kept in memory are compressed and read back whole; small files and other kinds
    /// stay as they are; written to disk, both are their bytes.
    #[test]
    fn pages_in_memory_are_packed_and_read_back_whole() {
        let mut out = Output::in_memory();
        let page: Vec<u8> = (0..400)
            .flat_map(|i| format!("<li><a href=\"/s{i}/\">Section {i}</a></li>").into_bytes())
            .collect();
        out.add("a/index.html", page.clone()).unwrap();
        out.add("small.html", "<p>hi</p>").unwrap();
        out.add("search/meta.json", page.clone()).unwrap();
        match &out.files["a/index.html"] {
            OutputFile::Packed(b) => assert!(b.len() * 4 < page.len(), "{} bytes", b.len()),
            _ => panic!("a page is packed"),
        }
        assert!(matches!(out.files["small.html"], OutputFile::Bytes(_)));
        assert!(matches!(
            out.files["search/meta.json"],
            OutputFile::Bytes(_)
        ));
        assert_eq!(out.read("a/index.html").unwrap(), page);
        let tmp = tempfile::tempdir().unwrap();
        out.write_into(tmp.path()).unwrap();
        assert_eq!(
            std::fs::read(tmp.path().join("a/index.html")).unwrap(),
            page
        );
        assert_eq!(
            std::fs::read(tmp.path().join("small.html")).unwrap(),
            b"<p>hi</p>"
        );
    }

    /// A folder with nested folders and many files goes entirely; a symlink in it to a
    /// folder outside is removed as a link, and what it pointed at stays.
    #[test]
    fn removing_a_folder_removes_links_not_their_targets() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "keep").unwrap();
        let dir = tmp.path().join("old");
        for d in 0..5 {
            let sub = dir.join(format!("d{d}/inner"));
            std::fs::create_dir_all(&sub).unwrap();
            for f in 0..300 {
                std::fs::write(sub.join(format!("{f}.json")), "x").unwrap();
            }
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, dir.join("d0/link")).unwrap();
        remove_dir_parallel(&dir).unwrap();
        assert!(!dir.exists());
        assert_eq!(
            std::fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn failed_write_keeps_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut good = Output::in_memory();
        good.add("index.html", "old").unwrap();
        good.commit(&out).unwrap();
        let mut bad = Output::in_memory();
        bad.add("index.html", "new").unwrap();
        bad.copy("missing.txt", tmp.path().join("does-not-exist"))
            .unwrap();
        assert!(bad.commit(&out).is_err());
        let mut staged = Output::staged(&out).unwrap();
        staged.add("index.html", "staged").unwrap();
        staged.abort();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder removed");
    }

    #[test]
    fn aliases() {
        assert_eq!(alias_path("/old/page/", "").as_deref(), Some("old/page/"));
        assert_eq!(alias_path("/old.html", "a/").as_deref(), Some("old.html"));
        assert_eq!(alias_path("old/", "a/b/").as_deref(), Some("a/b/old/"));
        assert_eq!(alias_path("/../etc", ""), None);
        assert_eq!(alias_path("https://x", ""), None);
    }
}
