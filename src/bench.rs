//! The benchmark's parts: a deterministic synthetic handbook generator, and the "floor":
//! the time pulldown-cmark plus syntect alone take to render the same Markdown and code.
//!
//! Used by `handbook bench`; lives in the library so that the corpus is the same
//! everywhere. Knows nothing of the pipeline's stages.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::markdown::highlight::Highlighter;

/// A small, seeded generator (SplitMix64): same seed, same corpus, on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: &str) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        Rng(h)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const NOUNS: &[&str] = &[
    "partner",
    "reseller",
    "deal registration",
    "IACV",
    "channel",
    "co-selling motion",
    "distributor",
    "managed service provider",
    "pipeline",
    "opportunity",
    "quota",
    "territory",
    "account executive",
    "solutions architect",
    "marketplace listing",
    "rebate",
    "margin",
    "discount",
    "incentive",
    "enablement session",
    "certification",
    "partner portal",
    "lead",
    "referral",
    "renewal",
    "upsell",
    "booking",
    "forecast",
    "price book",
    "quote",
    "contract",
    "order form",
    "end customer",
    "systems integrator",
    "partner tier",
    "program",
    "benefit",
    "compliance check",
    "attribution",
    "handoff",
    "command plan",
    "close date",
    "win rate",
];
const VERBS: &[&str] = &[
    "register",
    "review",
    "approve",
    "track",
    "escalate",
    "document",
    "forecast",
    "qualify",
    "share",
    "update",
    "confirm",
    "route",
    "prioritize",
    "align",
    "validate",
    "record",
];
const ADJS: &[&str] = &[
    "qualified",
    "regional",
    "strategic",
    "open",
    "select",
    "quarterly",
    "annual",
    "new",
    "existing",
    "mid-market",
    "enterprise",
    "channel-neutral",
    "certified",
    "active",
];

fn sentence(r: &mut Rng) -> String {
    let mut s = match r.below(4) {
        0 => format!(
            "The {} {} should {} the {} before the {}",
            r.pick(ADJS),
            r.pick(NOUNS),
            r.pick(VERBS),
            r.pick(NOUNS),
            r.pick(NOUNS)
        ),
        1 => format!(
            "Every {} must {} a {} {} within {} days",
            r.pick(NOUNS),
            r.pick(VERBS),
            r.pick(ADJS),
            r.pick(NOUNS),
            r.range(2, 30)
        ),
        2 => format!(
            "When a {} reaches ${}k, {} the {} with the {}",
            r.pick(NOUNS),
            r.range(5, 50),
            r.pick(VERBS),
            r.pick(NOUNS),
            r.pick(NOUNS)
        ),
        _ => format!(
            "Sellers {} each {} {} and keep the {} current",
            r.pick(VERBS),
            r.pick(ADJS),
            r.pick(NOUNS),
            r.pick(NOUNS)
        ),
    };
    if r.below(6) == 0 {
        s.push_str(&format!(
            ", and **{}** the {}",
            r.pick(VERBS),
            r.pick(NOUNS)
        ));
    }
    s.push('.');
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

fn paragraph(r: &mut Rng) -> String {
    let n = r.range(3, 6);
    (0..n).map(|_| sentence(r)).collect::<Vec<_>>().join(" ")
}

fn title(r: &mut Rng) -> String {
    let t = format!("{} {} {}", r.pick(VERBS), r.pick(ADJS), r.pick(NOUNS));
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => t,
    }
}

fn code_block(r: &mut Rng) -> String {
    match r.below(3) {
        0 => {
            let mut s = String::from("```yaml\n");
            for i in 0..r.range(8, 14) {
                let _ = writeln!(s, "{}_{i}: {}", r.pick(VERBS), r.range(1, 999));
                if i % 4 == 0 {
                    let _ = writeln!(s, "  nested:\n    - \"{}\"", r.pick(NOUNS));
                }
            }
            s.push_str("```\n");
            s
        }
        1 => {
            let mut s = String::from("```bash\n");
            for _ in 0..r.range(8, 14) {
                let _ = writeln!(
                    s,
                    "curl -s \"https://api.example.com/v1/{}?limit={}\" | jq '.items[] | .{}'",
                    r.pick(VERBS),
                    r.range(1, 100),
                    r.pick(VERBS)
                );
            }
            s.push_str("```\n");
            s
        }
        _ => {
            let mut s = String::from("```rust\n");
            let _ = writeln!(
                s,
                "fn {}(deal: &Deal) -> Result<u64, Error> {{",
                r.pick(VERBS)
            );
            for i in 0..r.range(8, 14) {
                let _ = writeln!(
                    s,
                    "    let v{i} = deal.amount.checked_mul({}).ok_or(Error::Overflow)?;",
                    r.range(2, 9)
                );
            }
            s.push_str("    Ok(0)\n}\n```\n");
            s
        }
    }
}

/// What a generated corpus holds.
pub struct Corpus {
    pub root: PathBuf,
    pub pages: usize,
}

/// Writes a synthetic handbook of `n` regular pages (20 per leaf section, leaf sections 5
/// per level-2 section, level-2 sections 5 per level-1 section) into `root/content`.
/// Each page: front matter, 600-1200 words, 3-6 headings, lists, a table, 1-2 code blocks
/// (~22 lines), 3-5 relative links to other pages with anchors, and on every tenth page a
/// data table from a data set.
pub fn generate(root: &Path, n: usize) -> std::io::Result<Corpus> {
    let content = root.join("content");
    if content.exists() {
        std::fs::remove_dir_all(&content)?;
    }
    std::fs::create_dir_all(content.join("_data"))?;
    std::fs::write(
        root.join("handbook.yaml"),
        "title: Synthetic handbook\nbase_url: https://example.com/handbook/\n",
    )?;
    let mut data = String::from("records:\n");
    for i in 0..50 {
        let mut r = Rng::new(&format!("data:{i}"));
        let _ = writeln!(
            data,
            "  - id: rec-{i}\n    name: {}\n    threshold: {}\n    guidance: \"{}\"",
            title(&mut r),
            r.range(1, 100) * 1000,
            sentence(&mut r)
        );
    }
    std::fs::write(content.join("_data/records.yaml"), data)?;

    let per_leaf = 20;
    let leaves = n.div_ceil(per_leaf);
    let path_of = |i: usize| {
        let leaf = i / per_leaf;
        let l2 = leaf / 5;
        let l1 = l2 / 5;
        format!("s{l1}/t{l2}/u{leaf}/page-{i}.md")
    };
    // Headings of page i, computed the same way by the page and by pages linking to it.
    let headings_of = |i: usize| -> Vec<String> {
        let mut r = Rng::new(&format!("headings:{i}"));
        let k = r.range(3, 6);
        (0..k).map(|j| format!("{} {j}", title(&mut r))).collect()
    };
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: Synthetic handbook\n---\n\nA generated handbook for benchmarks.\n",
    )?;
    let mut made_dirs = std::collections::BTreeSet::new();
    for leaf in 0..leaves {
        let l2 = leaf / 5;
        let l1 = l2 / 5;
        for (dir, t) in [
            (format!("s{l1}"), format!("Area {l1}")),
            (format!("s{l1}/t{l2}"), format!("Topic {l2}")),
            (format!("s{l1}/t{l2}/u{leaf}"), format!("Unit {leaf}")),
        ] {
            if made_dirs.insert(dir.clone()) {
                std::fs::create_dir_all(content.join(&dir))?;
                std::fs::write(
                    content.join(&dir).join("_index.md"),
                    format!("---\ntitle: {t}\n---\n\nOverview of {t}.\n"),
                )?;
            }
        }
    }
    (0..n).into_par_iter().try_for_each(|i| {
        let mut r = Rng::new(&format!("page:{i}"));
        let mut s = String::with_capacity(8_000);
        let _ = write!(
            s,
            "---\ntitle: \"{} {i}\"\ndescription: \"{}\"\nweight: {}\n---\n\n",
            title(&mut r),
            sentence(&mut r),
            r.range(1, 100)
        );
        s.push_str(&paragraph(&mut r));
        s.push_str("\n\n");
        let headings = headings_of(i);
        let code_at = r.below(headings.len());
        for (j, h) in headings.iter().enumerate() {
            let level = if j > 0 && r.below(3) == 0 {
                "###"
            } else {
                "##"
            };
            let _ = write!(s, "{level} {h}\n\n{}\n\n", paragraph(&mut r));
            if j == 0 {
                for _ in 0..r.range(3, 5) {
                    let _ = writeln!(s, "- {}", sentence(&mut r));
                }
                s.push('\n');
            }
            if j == 1 {
                s.push_str("| Step | Owner | Detail |\n|---|---|---|\n");
                for k in 0..r.range(3, 5) {
                    let _ = writeln!(s, "| {k} | {} | {} |", r.pick(NOUNS), sentence(&mut r));
                }
                s.push('\n');
            }
            if j == code_at {
                s.push_str(&code_block(&mut r));
                s.push('\n');
                if r.below(2) == 0 {
                    s.push_str(&code_block(&mut r));
                    s.push('\n');
                }
            }
            let _ = write!(s, "{}\n\n", paragraph(&mut r));
        }
        s.push_str("## Related\n\n");
        let here = path_of(i);
        for _ in 0..r.range(3, 5) {
            let target = r.below(n);
            let th = headings_of(target);
            let anchor = crate::markdown::slug::heading_slug(&th[r.below(th.len())]);
            let _ = writeln!(
                s,
                "- [{}]({}#{anchor})",
                th[0],
                relative(&here, &path_of(target))
            );
        }
        if i % 10 == 0 {
            s.push_str(
                "\n{{< table data=\"records.records\" columns=\"name,threshold,guidance\" >}}\n",
            );
        }
        // The related-links list makes "Related" a heading whose id is unique per page.
        let path = content.join(&here);
        std::fs::write(path, s)
    })?;
    Ok(Corpus {
        root: root.to_path_buf(),
        pages: n + 1 + leaves + leaves.div_ceil(5) + leaves.div_ceil(25),
    })
}

/// The relative path from the file `from` to the file `to` (both content-relative).
fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

/// Reads every Markdown file under `content` (bodies only).
pub fn read_markdown(content: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
        .par_iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| {
            let start = crate::content::front_matter::body_start(&t);
            t[start..].to_string()
        })
        .collect()
}

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
                            let html = highlighter.highlight(&code, lang.as_deref());
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

/// Runs the benchmark, reporting each row as soon as it is measured.
pub fn run(exe: &Path, plan: &Plan, mut report: impl FnMut(&Row)) -> Result<(), String> {
    let tmp;
    let work = match &plan.work_dir {
        Some(d) => d.clone(),
        None => {
            tmp = tempfile_dir()?;
            tmp.clone()
        }
    };
    let mut sites: Vec<(String, PathBuf)> = Vec::new();
    if let Some(c) = &plan.corpus {
        sites.push((format!("corpus {}", c.display()), c.clone()));
    } else {
        for &n in &plan.sizes {
            let dir = work.join(format!("synthetic-{n}"));
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            generate(&dir, n).map_err(|e| format!("generating the corpus: {e}"))?;
            sites.push((format!("synthetic {n}"), dir));
        }
    }
    let highlighter = Highlighter::new();
    // Warm the grammars once, as the build does.
    for lang in ["rust", "yaml", "bash"] {
        highlighter.highlight("x\n", Some(lang));
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
        let output_bytes = walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum();
        let serve = if plan.serve_samples > 0 && plan.corpus.is_none() {
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
    if plan.work_dir.is_none() {
        let _ = std::fs::remove_dir_all(&work);
    }
    Ok(())
}

fn tempfile_dir() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("handbook-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
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

/// Live preview latency, end to end: from writing a file to a WebSocket client (as the
/// browser's) receiving the reload event from a real `handbook serve`.
pub struct ServeLatency {
    /// From starting `handbook serve` until it answers.
    pub startup_secs: f64,
    pub body_ms: Vec<f64>,
    pub title_ms: Vec<f64>,
}

/// Measures `samples` body edits and `samples` title edits on the site at `root` (a
/// corpus made by `generate`).
pub fn serve_latency(exe: &Path, root: &Path, samples: usize) -> Result<ServeLatency, String> {
    use std::io::BufRead;
    let start = std::time::Instant::now();
    let mut child = std::process::Command::new(exe)
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start serve: {e}"))?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let mut lines = std::io::BufReader::new(stderr).lines();
    let mut port = None;
    for line in lines.by_ref().map_while(Result::ok) {
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
            break;
        }
    }
    let result = (|| {
        let port = port.ok_or("serve did not start")?;
        let startup_secs = start.elapsed().as_secs_f64();
        // Keep reading the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
        let (mut ws, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}/__handbook/ws"))
            .map_err(|e| format!("websocket: {e}"))?;
        let wait_reload = |ws: &mut tungstenite::WebSocket<_>| -> Result<(), String> {
            loop {
                match ws.read().map_err(|e| format!("websocket: {e}"))? {
                    tungstenite::Message::Text(t) if t.contains("\"reload\"") => return Ok(()),
                    tungstenite::Message::Text(t) if t.contains("\"error\"") => {
                        return Err(format!("the rebuild failed: {t}"))
                    }
                    _ => {}
                }
            }
        };
        let content = root.join("content");
        let mut body_ms = Vec::new();
        let mut title_ms = Vec::new();
        for i in 0..samples {
            let leaf = i % 5;
            let page = leaf * 20 + 3 + i / 5;
            let path = content.join(format!("s0/t0/u{leaf}/page-{page}.md"));
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let t = std::time::Instant::now();
            std::fs::write(&path, format!("{text}\nEdited for the benchmark ({i}).\n"))
                .map_err(|e| e.to_string())?;
            wait_reload(&mut ws)?;
            body_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            std::thread::sleep(std::time::Duration::from_millis(150));
            let retitled = text.replacen("title: \"", &format!("title: \"Retitled {i} "), 1);
            let t = std::time::Instant::now();
            std::fs::write(&path, retitled).map_err(|e| e.to_string())?;
            wait_reload(&mut ws)?;
            title_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            std::thread::sleep(std::time::Duration::from_millis(150));
        }
        Ok(ServeLatency {
            startup_secs,
            body_ms,
            title_ms,
        })
    })();
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// The median and the 90th percentile of a sample.
pub fn median_p90(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.9))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative("a/b/x.md", "a/b/y.md"), "y.md");
        assert_eq!(relative("a/b/x.md", "a/c/y.md"), "../c/y.md");
        assert_eq!(relative("a/x.md", "d/e/y.md"), "../d/e/y.md");
    }

    #[test]
    fn generated_corpus_builds_and_is_deterministic() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let corpus = generate(a.path(), 45).unwrap();
        generate(b.path(), 45).unwrap();
        let read = |p: &Path| read_markdown(&p.join("content"));
        assert_eq!(read(a.path()), read(b.path()));
        let site = crate::Builder::new()
            .build(a.path(), &crate::config::Overrides::default())
            .unwrap_or_else(|d| panic!("{:#?}", &d[..d.len().min(5)]));
        assert_eq!(site.site.tree.pages.len(), corpus.pages);
        assert!(render_floor(&read(a.path()), &Highlighter::new()) > 0);
    }
}
