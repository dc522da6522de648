//! `handbook bench`: full builds of synthetic handbooks (`corpus`) or of an existing
//! corpus, timed through the real binary, next to the "floor": the time pulldown-cmark
//! plus syntect alone take to render the same Markdown and code. Also the search index's
//! figures (through the client's own code) and live preview latency (`serve`).
//!
//! Lives in the library so that the corpus is the same everywhere. Knows nothing of the
//! pipeline's steps.

mod corpus;
mod diagrams;
mod hugo;
mod serve;

pub use corpus::{generate, read_markdown, Corpus, GENERATOR_VERSION};
pub use diagrams::{diagram, diagram_cost, DiagramCost};
pub use hugo::{generate_hugo, HugoCorpus};
pub use serve::{median_p90, serve_latency, ServeLatency, SAVE_INTERVALS_MS};

use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::markdown::highlight::Highlighter;

/// The floor: pulldown-cmark plus syntect alone on the same Markdown, in parallel.
/// Returns the total HTML length (so the work cannot be optimized away).
pub fn render_floor(pages: &[String], highlighter: &Highlighter) -> usize {
    pages
        .par_iter()
        .map(|md| {
            let mut in_code: Option<(Option<String>, String)> = None;
            let mut events = Vec::new();
            for ev in Parser::new_ext(md, crate::markdown::options()) {
                match ev {
                    Event::Start(Tag::CodeBlock(kind)) => {
                        let lang = match kind {
                            CodeBlockKind::Fenced(l) if !l.is_empty() => Some(l.to_string()),
                            _ => None,
                        };
                        in_code = Some((lang, String::new()));
                    }
                    Event::Text(t) if in_code.is_some() => {
                        if let Some((_, code)) = in_code.as_mut() {
                            code.push_str(&t);
                        }
                    }
                    Event::End(TagEnd::CodeBlock) => {
                        if let Some((lang, code)) = in_code.take() {
                            let html = highlighter.highlight_classed(&code, lang.as_deref());
                            events.push(Event::Html(CowStr::from(format!(
                                "<pre><code>{html}</code></pre>"
                            ))));
                        }
                    }
                    other => events.push(other),
                }
            }
            let mut html = String::with_capacity(md.len() * 2);
            pulldown_cmark::html::push_html(&mut html, events.into_iter());
            html.len()
        })
        .sum()
}

/// What to measure.
pub struct Plan {
    pub sizes: Vec<usize>,
    pub corpus: Option<PathBuf>,
    pub runs: usize,
    pub work_dir: Option<PathBuf>,
    /// Where generated corpora are kept between runs.
    pub cache_dir: PathBuf,
    /// Body and title edits to time through `handbook serve` (0: skip).
    pub serve_samples: usize,
}

/// One line of the report.
pub struct Row {
    pub label: String,
    pub pages: usize,
    /// Best wall time of a full `handbook build` (a fresh process: load, parse, resolve,
    /// render, write).
    pub build_secs: f64,
    /// Peak resident memory of that process.
    pub peak_rss_kb: u64,
    /// Best wall time of pulldown-cmark + syntect alone on the same Markdown.
    pub floor_secs: f64,
    pub output_bytes: u64,
    /// Files in the output.
    pub output_files: u64,
    /// Bytes of Markdown the pages come from.
    pub markdown_bytes: u64,
    /// Live preview latency, when asked for.
    pub serve: Option<ServeLatency>,
    /// The search index: its size, what indexing adds to the build, and (with Node) what a
    /// query downloads, its time and the ranking's quality.
    pub search: Option<SearchFigures>,
}

/// Search figures for one site.
pub struct SearchFigures {
    /// Best full build without the index (`--no-search-index`), to compare with.
    pub build_without_secs: f64,
    /// All files under `search/` (the results page aside), and the text they index.
    pub index_bytes: u64,
    pub text_bytes: u64,
    /// What `tests/js/bench-query.mjs --json` reports: downloads, query time, quality.
    pub queries: Option<serde_json::Value>,
    /// Why there are no query figures.
    pub queries_missing: Option<String>,
}

impl SearchFigures {
    /// The figures as report lines, for a row of `build_secs`.
    pub fn lines(&self, pages: usize, build_secs: f64) -> Vec<String> {
        let mb = |b: f64| b / 1_048_576.0;
        let added = build_secs - self.build_without_secs;
        let mut out = vec![format!(
            "{pages:>8} search: index {:.1} MB ({:.2}x the {:.1} MB of text indexed); indexing adds {:.2} s ({:+.0}% of the {:.2} s build without it)",
            mb(self.index_bytes as f64),
            self.index_bytes as f64 / self.text_bytes.max(1) as f64,
            mb(self.text_bytes as f64),
            added,
            100.0 * added / self.build_without_secs,
            self.build_without_secs
        )];
        let Some(q) = &self.queries else {
            out.push(format!(
                "{pages:>8} search: no query figures ({})",
                self.queries_missing.as_deref().unwrap_or("unknown")
            ));
            return out;
        };
        let f = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN);
        let kb = |v: &serde_json::Value| f(v) / 1024.0;
        let first = &q["first_query"];
        out.push(format!(
            "{pages:>8} search: first query {:.1} KB p50, {:.1} KB p95, {:.1} KB max gzipped, in {} requests p50, {} p95, {} max",
            kb(&first["bytes_p50"]),
            kb(&first["bytes_p95"]),
            kb(&first["bytes_max"]),
            first["requests_p50"],
            first["requests_p95"],
            first["requests_max"]
        ));
        if let Some(kinds) = first["by_kind"].as_object() {
            let parts: Vec<String> = kinds
                .iter()
                .map(|(kind, k)| {
                    format!(
                        "{kind} {:.1} KB/{} req ({:.0}% in 6)",
                        kb(&k["bytes_p50"]),
                        k["requests_p50"],
                        100.0 * f(&k["within_6"])
                    )
                })
                .collect();
            out.push(format!(
                "{pages:>8} search:   by query length (p50): {}",
                parts.join(", ")
            ));
        }
        let later = &q["later_query"];
        let next = &q["next_letter"];
        let ms = &q["query_ms"];
        out.push(format!(
            "{pages:>8} search: a later (different) query adds {:.1} KB p50, {:.1} KB p95 ({:.1} KB p95 for 1-3 words and titles, {:.1} KB for longer); the next letter typed {:.1} KB p50, {:.1} KB p95; query time once loaded {:.1} ms p50, {:.1} ms p95",
            kb(&later["bytes_p50"]),
            kb(&later["bytes_p95"]),
            kb(&later["short_p95"]),
            kb(&later["phrase_p95"]),
            kb(&next["bytes_p50"]),
            kb(&next["bytes_p95"]),
            f(&ms["p50"]),
            f(&ms["p95"])
        ));
        let ql = &q["quality"];
        let pct = |v: &serde_json::Value| 100.0 * f(v);
        out.push(format!(
            "{pages:>8} search: exact title first {:.1}%; one-typo query finds its page in the top 5 {:.1}% (titles {:.1}%, headings {:.1}%, body phrases {:.1}%); headings in the top 5 {:.1}%, body phrases {:.1}%",
            pct(&ql["title_first"]),
            pct(&ql["typo_top5"]),
            pct(&ql["title_typo_top5"]),
            pct(&ql["heading_typo_top5"]),
            pct(&ql["body_typo_top5"]),
            pct(&ql["heading_top5"]),
            pct(&ql["body_top5"])
        ));
        out
    }
}

/// What Hugo shortcodes cost a build: the same generated Hugo/Docsy handbook with
/// shortcodes on a fifth of its pages, and with each call replaced by what it wraps.
pub struct ShortcodeCost {
    pub pages: usize,
    pub shortcode_pages: usize,
    pub shortcode_calls: usize,
    /// Best full build of each variant, seconds.
    pub with_secs: f64,
    pub without_secs: f64,
}

impl ShortcodeCost {
    /// What expansion adds to the build, as a fraction of the build without it.
    pub fn overhead(&self) -> f64 {
        self.with_secs / self.without_secs - 1.0
    }
}

/// Measures `ShortcodeCost` on a generated Hugo/Docsy handbook of `pages` pages, the two
/// variants built alternately, `runs` times each.
pub fn shortcode_cost(
    exe: &Path,
    pages: usize,
    runs: usize,
    work_dir: Option<&Path>,
) -> Result<ShortcodeCost, String> {
    let work = WorkDir::new(work_dir)?;
    let with = work.path.join(format!("hugo-{pages}"));
    let without = work.path.join(format!("hugo-{pages}-plain"));
    let corpus = generate_hugo(&with, pages, true).map_err(|e| format!("generating: {e}"))?;
    generate_hugo(&without, pages, false).map_err(|e| format!("generating: {e}"))?;
    let (with_secs, without_secs) = best_builds(exe, &with, &without, runs)?;
    Ok(ShortcodeCost {
        pages: corpus.pages,
        shortcode_pages: corpus.shortcode_pages,
        shortcode_calls: corpus.shortcode_calls,
        with_secs,
        without_secs,
    })
}

/// Runs the benchmark, reporting each row as soon as it is measured.
pub fn run(exe: &Path, plan: &Plan, mut report: impl FnMut(&Row)) -> Result<(), String> {
    let work_dir = WorkDir::new(plan.work_dir.as_deref())?;
    let work = &work_dir.path;
    let mut sites: Vec<(String, PathBuf)> = Vec::new();
    if let Some(c) = &plan.corpus {
        sites.push((format!("corpus {}", c.display()), c.clone()));
    } else {
        for &n in &plan.sizes {
            let (dir, how) = cached_corpus(&plan.cache_dir, n)?;
            println!("corpus synthetic {n}: {} ({how})", dir.display());
            sites.push((format!("synthetic {n}"), dir));
        }
    }
    let highlighter = Highlighter::new();
    // Warm the grammars once, as the build does.
    for lang in ["rust", "yaml", "bash"] {
        highlighter.highlight_classed("x\n", Some(lang));
    }
    for (label, dir) in sites {
        let pages_md = read_markdown(&dir.join("content"));
        let mut floor = f64::MAX;
        for _ in 0..plan.runs {
            let t = std::time::Instant::now();
            std::hint::black_box(render_floor(&pages_md, &highlighter));
            floor = floor.min(t.elapsed().as_secs_f64());
        }
        let out = work.join(format!("out-{}", label.replace([' ', '/'], "_")));
        let mut best = f64::MAX;
        let mut peak = 0;
        let mut without = f64::MAX;
        let plain = work.join(format!("plain-{}", label.replace([' ', '/'], "_")));
        for _ in 0..plan.runs {
            let (secs, rss) = timed_build(exe, &dir, &out, &[])?;
            best = best.min(secs);
            peak = peak.max(rss);
            // The same build without the search index, to see what indexing adds.
            let (secs, _) = timed_build(exe, &dir, &plain, &["--no-search-index"])?;
            without = without.min(secs);
        }
        let _ = std::fs::remove_dir_all(&plain);
        let search = Some(search_figures(&out, without));
        let (output_files, output_bytes) = walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .fold((0, 0), |(n, b), m| (n + 1, b + m.len()));
        let serve = if plan.serve_samples > 0 {
            Some(serve_latency(exe, &dir, plan.serve_samples)?)
        } else {
            None
        };
        let row = Row {
            label,
            pages: pages_md.len(),
            build_secs: best,
            peak_rss_kb: peak,
            floor_secs: floor,
            output_bytes,
            output_files,
            markdown_bytes: pages_md.iter().map(|p| p.len() as u64).sum(),
            serve,
            search,
        };
        report(&row);
        // The search lines follow the row (the CLI prints rows as `report` gets them).
        if let Some(s) = &row.search {
            for line in s.lines(row.pages, row.build_secs) {
                println!("{line}");
            }
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    Ok(())
}

/// Where generated corpora are kept by default: `$XDG_CACHE_HOME/handbook/bench`, else
/// `~/.cache/handbook/bench`, else a folder in the temporary folder.
pub fn default_cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("handbook").join("bench")
}

/// The synthetic corpus of `n` pages in the cache: made once (and again when the
/// generator changes, `GENERATOR_VERSION`), then reused. Says which it was.
fn cached_corpus(cache: &Path, n: usize) -> Result<(PathBuf, String), String> {
    let dir = cache.join(format!("synthetic-{n}-v{GENERATOR_VERSION}"));
    let done = dir.join(".complete");
    if done.is_file() {
        return Ok((dir, "cached".into()));
    }
    let started = std::time::Instant::now();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    generate(&dir, n).map_err(|e| format!("generating the corpus: {e}"))?;
    // Written last: a corpus whose generation was cut short is made again.
    std::fs::write(&done, "").map_err(|e| format!("{}: {e}", done.display()))?;
    let secs = started.elapsed().as_secs_f64();
    Ok((dir, format!("generated in {secs:.1} s")))
}

/// Where a benchmark generates and builds: the folder asked for, kept; else a temporary
/// one, removed when the benchmark is done (or fails).
struct WorkDir {
    path: PathBuf,
    temporary: bool,
}

impl WorkDir {
    fn new(asked: Option<&Path>) -> Result<WorkDir, String> {
        let (path, temporary) = match asked {
            Some(d) => (d.to_path_buf(), false),
            None => (
                std::env::temp_dir().join(format!("handbook-bench-{}", std::process::id())),
                true,
            ),
        };
        std::fs::create_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(WorkDir { path, temporary })
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        if self.temporary {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Best wall time of full builds of two sites, built alternately `runs` times each (so
/// that the machine's drift weighs on both alike).
fn best_builds(exe: &Path, a: &Path, b: &Path, runs: usize) -> Result<(f64, f64), String> {
    let (mut best_a, mut best_b) = (f64::MAX, f64::MAX);
    for _ in 0..runs.max(1) {
        best_a = best_a.min(timed_build(exe, a, &a.join("public"), &[])?.0);
        best_b = best_b.min(timed_build(exe, b, &b.join("public"), &[])?.0);
    }
    Ok((best_a, best_b))
}

/// The search figures of a built site: index size, and what the client's own code does
/// with it under Node (`tests/js/bench-query.mjs`, when Node and the script are there).
fn search_figures(out: &Path, build_without_secs: f64) -> SearchFigures {
    let dir = out.join("search");
    let index_bytes = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != "index.html")
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    let text_bytes = std::fs::read(dir.join("meta.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|m| m["text"].as_u64())
        .unwrap_or(0);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/bench-query.mjs");
    let (queries, queries_missing) = if !script.is_file() {
        (None, Some(format!("{} is missing", script.display())))
    } else {
        match std::process::Command::new("node")
            .arg(&script)
            .arg(out)
            .arg("--json")
            .output()
        {
            Err(e) => (None, Some(format!("cannot run node: {e}"))),
            Ok(o) if !o.status.success() => (
                None,
                Some(format!(
                    "bench-query.mjs failed: {}",
                    String::from_utf8_lossy(&o.stderr)
                        .lines()
                        .next()
                        .unwrap_or("")
                )),
            ),
            Ok(o) => match serde_json::from_slice(&o.stdout) {
                Ok(v) => (Some(v), None),
                Err(e) => (None, Some(format!("bench-query.mjs output: {e}"))),
            },
        }
    };
    SearchFigures {
        build_without_secs,
        index_bytes,
        text_bytes,
        queries,
        queries_missing,
    }
}

/// Runs `handbook build` in a child process; returns its wall time and peak RSS (KiB).
fn timed_build(exe: &Path, root: &Path, out: &Path, args: &[&str]) -> Result<(f64, u64), String> {
    let start = std::time::Instant::now();
    let child = std::process::Command::new(exe)
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--output")
        .arg(out)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for the child we just spawned; `status` and `usage` outlive the call.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = start.elapsed().as_secs_f64();
    if rc < 0 {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let mut err = String::new();
        if let Some(mut e) = child.stderr {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        return Err(format!(
            "the build failed:\n{}",
            err.lines().take(10).collect::<Vec<_>>().join("\n")
        ));
    }
    Ok((secs, usage.ru_maxrss as u64))
}
