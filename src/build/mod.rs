//! The build pipeline: the named steps every command runs, in one place.
//!
//! ```text
//! config ─> read ─> data ─> parse ─> assemble ─> resolve ─> renderer ─> render pages
//!        ─> site files ─> search index ─> output (disk: staged and swapped in; memory; or
//!           nothing, for `check`)
//! ```
//!
//! `Builder::run` below runs the steps over the whole site. The incremental `Session`
//! (`crate::session`) keeps the steps' results between builds and runs the same step
//! functions again, on only what a change touched. Each step is a function of `stages`
//! or `site_files`; no caller restates one.

pub mod site_files;
pub mod stages;

use std::path::Path;
use std::time::{Duration, Instant};

use crate::config::Overrides;
use crate::diagnostics::{sort_diagnostics, Diagnostic};
use crate::markdown::diagram::Diagrams;
use crate::markdown::highlight::Highlighter;
use crate::markdown::math::Math;
use crate::output::Output;
use crate::site::Site;

/// What a build does besides the pages.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Write the search index (the benchmark builds without it to see what it costs).
    pub search_index: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions { search_index: true }
    }
}

/// Where a build's files go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sink {
    /// Kept in memory (tests, the dev server).
    Memory,
    /// Written into a staging folder beside the output folder, swapped in at the end.
    Disk,
    /// Rendered and dropped (`check`: every error, nothing written).
    Discard,
}

/// A site built: the resolved site and its files.
pub struct BuiltSite {
    pub site: Site,
    pub output: Output,
    /// Warnings (a build with errors has no `BuiltSite`).
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// What a build found: the site whenever its content could be loaded (errors or not, so
/// that `check` can look at it), and every diagnostic, sorted.
pub struct BuildReport {
    pub site: Option<BuiltSite>,
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildReport {
    fn failed(diagnostics: Vec<Diagnostic>) -> Self {
        BuildReport {
            site: None,
            diagnostics,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// A build with errors is an `Err` with every diagnostic; a good one carries its
    /// warnings.
    pub fn into_result(self) -> Result<BuiltSite, Vec<Diagnostic>> {
        let has_errors = self.has_errors();
        match self.site {
            Some(mut site) if !has_errors => {
                site.warnings = self.diagnostics;
                Ok(site)
            }
            _ => Err(self.diagnostics),
        }
    }
}

/// Wall time per pipeline step, for `--timings`, and the memory the process holds when
/// each step ends.
#[derive(Debug, Clone)]
pub struct Timings {
    last: Instant,
    pub stages: Vec<(&'static str, Duration)>,
    /// Resident memory in bytes at the end of each step (where the system tells it).
    pub resident: Vec<Option<u64>>,
    /// Processor time of all threads used by each step (where the system tells it).
    pub cpu: Vec<Option<Duration>>,
    last_cpu: Option<Duration>,
}

impl Default for Timings {
    fn default() -> Self {
        Timings::start()
    }
}

impl Timings {
    pub fn start() -> Self {
        Timings {
            last: Instant::now(),
            stages: Vec::new(),
            resident: Vec::new(),
            cpu: Vec::new(),
            last_cpu: process_cpu(),
        }
    }

    /// Ends the step that ran since the last lap.
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.resident.push(resident_bytes());
        let cpu = process_cpu();
        self.cpu.push(match (cpu, self.last_cpu) {
            (Some(now), Some(before)) => Some(now.saturating_sub(before)),
            _ => None,
        });
        self.last_cpu = cpu;
        self.last = now;
    }

    /// One line per step: its time, how many processors it kept busy on average, and the
    /// memory held after it.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for (i, (stage, d)) in self.stages.iter().enumerate() {
            let ms = d.as_secs_f64() * 1000.0;
            out.push_str(&format!("{stage:>20}: {ms:>8.1} ms"));
            if let Some(Some(cpu)) = self.cpu.get(i) {
                let busy = cpu.as_secs_f64() / d.as_secs_f64().max(1e-9);
                out.push_str(&format!("  {busy:>4.1} cores"));
            }
            if let Some(Some(b)) = self.resident.get(i) {
                out.push_str(&format!("  {:>7.0} MB held", *b as f64 / 1_048_576.0));
            }
            out.push('\n');
        }
        out
    }
}

/// Processor time (user and system) of the whole process so far.
fn process_cpu() -> Option<Duration> {
    // SAFETY: an all-zero rusage is valid; getrusage fills it for this process.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` outlives the call.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return None;
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Some(tv(usage.ru_utime) + tv(usage.ru_stime))
}

/// The process's resident memory, from `/proc/self/statm` (Linux); `None` elsewhere.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let page_size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Some(pages * u64::try_from(page_size).ok()?)
}

/// What stays loaded between builds of one process: syntax definitions and the code
/// stylesheet.
pub struct Builder {
    highlighter: Highlighter,
    code_css: site_files::CodeCss,
    /// Diagrams drawn, kept between builds of one process.
    diagrams: Diagrams,
    math: Math,
    options: BuildOptions,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    pub fn new() -> Self {
        Builder::with_options(BuildOptions::default())
    }

    pub fn with_options(options: BuildOptions) -> Self {
        Builder {
            highlighter: Highlighter::new(),
            code_css: site_files::CodeCss::default(),
            diagrams: Diagrams::default(),
            math: Math::default(),
            options,
        }
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    pub(crate) fn highlighter(&self) -> &Highlighter {
        &self.highlighter
    }

    pub(crate) fn code_css(&self) -> &site_files::CodeCss {
        &self.code_css
    }

    pub(crate) fn diagrams(&self) -> &Diagrams {
        &self.diagrams
    }

    /// How many Mermaid diagrams this builder drew (each distinct source once).
    pub fn diagrams_drawn(&self) -> usize {
        self.diagrams.renders()
    }

    pub(crate) fn math(&self) -> &Math {
        &self.math
    }

    /// Builds the site under `root` into memory. All errors come back together, sorted.
    pub fn build(&self, root: &Path, overrides: &Overrides) -> Result<BuiltSite, Vec<Diagnostic>> {
        self.run(root, overrides, Sink::Memory).into_result()
    }

    /// Builds the site, writing into a staging folder that replaces the output folder
    /// only when the whole build succeeded.
    /// The site it returns keeps no page's source text or parse: a build to disk releases
    /// them as soon as it no longer needs them (`stages::page_files`,
    /// `stages::write_search_index`).
    pub fn build_to_disk(
        &self,
        root: &Path,
        overrides: &Overrides,
    ) -> Result<BuiltSite, Vec<Diagnostic>> {
        let mut built = self.run(root, overrides, Sink::Disk).into_result()?;
        let output = std::mem::take(&mut built.output);
        if let Err(e) = output.commit(&built.site.layout.output()) {
            return Err(vec![stages::output_error(&built.site.layout, &e)]);
        }
        built.timings.lap("swap");
        Ok(built)
    }

    /// Builds the site without keeping or writing any output (for `check`).
    pub fn check(&self, root: &Path, overrides: &Overrides) -> BuildReport {
        self.run(root, overrides, Sink::Discard)
    }

    /// The pipeline, step by step.
    pub fn run(&self, root: &Path, overrides: &Overrides, sink: Sink) -> BuildReport {
        let mut timings = Timings::start();
        let mut diags = Vec::new();
        let (config, layout) = match stages::load_config(root, overrides) {
            Ok(loaded) => loaded,
            Err(d) => return BuildReport::failed(vec![d]),
        };
        let theme = stages::load_theme(&layout, &mut diags);
        let mut sources = stages::read_sources(&layout, &mut diags);
        timings.lap("read");
        let data = stages::load_data(&sources, &config, &layout, &mut diags);
        timings.lap("data");
        let fragments = stages::fragments(&sources);
        let retain = match sink {
            Sink::Disk => stages::Retain::Parse,
            Sink::Memory | Sink::Discard => stages::Retain::Text,
        };
        let page_files = stages::page_files(&mut sources, retain);
        let pages = stages::parse_pages(page_files, &fragments, self, &config, retain);
        let pages = stages::take_diagnostics(pages, &mut diags);
        timings.lap("parse");
        let dates = stages::git_dates(&layout);
        let tree = stages::assemble_tree(pages, fragments, &config, &layout, &dates, &mut diags);
        timings.lap("assemble");
        let linkable = stages::linkable_files(&sources, theme.as_ref());
        let mut site = stages::resolve_site(config, layout, tree, data, linkable, &mut diags);
        timings.lap("resolve");
        let renderer = theme
            .as_ref()
            .and_then(|theme| stages::prepare_renderer(theme, &site, &mut diags));
        let (Some(theme), Some(renderer)) = (theme, renderer) else {
            return self.finish(site, Output::discarding(), diags, timings);
        };
        site.config.severities().apply(&mut diags);
        // With errors already found, pages are still rendered (to find template errors
        // too) but nothing is kept.
        let mut out = stages::open_output(&site.layout, sink, &mut diags);
        let all: Vec<usize> = (0..site.tree.pages.len()).collect();
        stages::render_pages(&site, &renderer, &all, &mut out, &mut diags);
        timings.lap("render+write pages");
        let assets = &sources.assets;
        let files = site_files::SiteFiles::new(&site, &renderer, &theme, &self.code_css);
        files.write_all(assets, site_files::PrintViews::Render, &mut out, &mut diags);
        timings.lap("site files");
        if self.options.search_index && !out.is_discarding() {
            stages::write_search_index(&mut site, sink, &mut out, &mut diags);
            timings.lap("search index");
        }
        self.finish(site, out, diags, timings)
    }

    /// The report of a build: its files are dropped when it has errors.
    fn finish(
        &self,
        site: Site,
        mut output: Output,
        mut diags: Vec<Diagnostic>,
        timings: Timings,
    ) -> BuildReport {
        site.config.severities().apply(&mut diags);
        sort_diagnostics(&mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            std::mem::take(&mut output).abort();
        }
        BuildReport {
            site: Some(BuiltSite {
                site,
                output,
                warnings: Vec::new(),
                timings,
            }),
            diagnostics: diags,
        }
    }
}

/// Builds the site under `root` and writes it to its output folder (atomically).
pub fn build(root: &Path, overrides: &Overrides) -> Result<BuiltSite, Vec<Diagnostic>> {
    Builder::new().build_to_disk(root, overrides)
}
