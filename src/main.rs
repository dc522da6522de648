//! The `handbook` command line: parses arguments, calls the library, prints diagnostics,
//! and sets the exit code (0 success, 1 errors in the site, 2 usage or I/O problems).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use handbook::config::Overrides;
use handbook::diagnostics::Diagnostic;
use handbook::BuildOptions;

/// mimalloc: a build allocates many small strings and lists across threads (tokens,
/// events, template values). Built with `no_thp`, so that memory the build barely touches
/// is not zeroed 2 MiB at a time (measurements: docs/design.md, "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "handbook",
    version,
    about = "Build a static handbook site from Markdown and YAML data"
)]
struct Cli {
    /// The site's folder (holding handbook.yaml and content/).
    #[arg(long, short = 'r', global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

/// What every command that builds the site takes.
#[derive(clap::Args, Clone)]
struct SiteArgs {
    /// Config file to use instead of <root>/handbook.yaml (relative to the root).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

impl SiteArgs {
    fn overrides(&self, base_url: Option<&String>, output: Option<&PathBuf>) -> Overrides {
        Overrides {
            config_file: self.config.clone(),
            output_dir: output.cloned(),
            base_url: base_url.cloned(),
            drafts: self.drafts,
        }
    }
}

#[derive(clap::Args, Clone)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Output folder, relative to the root (default: public).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Published URL, e.g. https://example.com/handbook/ (overrides base_url).
    #[arg(long)]
    base_url: Option<String>,
    /// Print how long each step took.
    #[arg(long)]
    timings: bool,
    /// Leave out the search index (the benchmark measures what it costs).
    #[arg(long)]
    no_search_index: bool,
    /// Write `.gz` and `.br` files beside each text file, for hosts that serve
    /// precompressed files (GitLab Pages, nginx gzip_static).
    #[arg(long)]
    compress: bool,
    /// Print the pages whose HTML differs from a previous build in this folder.
    #[arg(long, value_name = "PREVIOUS_OUTPUT")]
    changed_since: Option<PathBuf>,
    /// Keep watching the site and rebuild the output folder on every change.
    #[arg(long)]
    watch: bool,
}

impl BuildArgs {
    fn overrides(&self) -> Overrides {
        self.site
            .overrides(self.base_url.as_ref(), self.output.as_ref())
    }

    fn options(&self) -> BuildOptions {
        BuildOptions {
            search_index: !self.no_search_index,
        }
    }
}

#[derive(clap::Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Port to listen on (0: any free port).
    #[arg(long, short = 'p', default_value_t = 1111)]
    port: u16,
    /// Address to listen on. Anything but a loopback address exposes the preview.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Open the site in a browser.
    #[arg(long)]
    open: bool,
    /// Print how long each step of each rebuild took.
    #[arg(long)]
    timings: bool,
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Published URL (overrides base_url).
    #[arg(long)]
    base_url: Option<String>,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: handbook::check::report::Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Findings recorded in this file are not reported; the file is written with
    /// today's findings if it does not exist (or with --update-baseline).
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Rewrite the baseline file with today's findings.
    #[arg(long, requires = "baseline")]
    update_baseline: bool,
    /// Also check external links (network).
    #[arg(long)]
    external: bool,
    /// Cache file for external link results (default: <root>/.handbook-links.json).
    #[arg(long)]
    link_cache: Option<PathBuf>,
    /// The date review ages are measured from (default: today), YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    today: Option<handbook::check::Date>,
}

fn parse_date(s: &str) -> Result<handbook::check::Date, String> {
    handbook::check::Date::parse(s).ok_or_else(|| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Preview the site: build into memory, serve it, rebuild and reload on every change.
    Serve(ServeArgs),
    /// Check the site for everything CI should gate a merge on, without writing output.
    ///
    /// Exit codes: 0 clean (warnings allowed unless --strict), 1 findings, 2 usage or I/O error.
    Check(CheckArgs),
    /// Measure full builds of synthetic handbooks against the pulldown-cmark + syntect floor.
    Bench(BenchArgs),
}

#[derive(clap::Args)]
struct BenchArgs {
    /// Sizes of the synthetic handbooks to generate (regular pages).
    #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
    pages: Vec<usize>,
    /// Measure this existing site instead of generating one (e.g. a corpus made by
    /// gen_corpus.py --tool neutral).
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Runs per measurement; the best is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Write the builds' output into this folder and keep it (default: a temporary folder,
    /// removed after). On a tmpfs such as /dev/shm the figures are compute, not the disk.
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Keep generated corpora in this folder and reuse them in later runs (default:
    /// $XDG_CACHE_HOME/handbook/bench, else ~/.cache/handbook/bench).
    #[arg(long)]
    cache_dir: Option<PathBuf>,
    /// Also measure live preview through `handbook serve`: this many body edits per save
    /// interval (2.5 s, 1 s, 0.3 s), timed until the page is served, and as many title edits
    #[arg(long, default_value_t = 0)]
    serve_samples: usize,
    /// Instead, measure what Hugo shortcodes cost: a generated Hugo/Docsy handbook of this
    /// many pages, shortcodes on a fifth of them, against the same pages without.
    #[arg(long, value_name = "PAGES")]
    hugo: Option<usize>,
    /// Instead, measure what Mermaid diagrams cost: this many distinct diagrams of every
    /// common type, each drawn alone (median and 99th percentile), then a handbook of ten
    /// times as many pages with one on every tenth page, against the same pages without.
    #[arg(long, value_name = "COUNT")]
    diagrams: Option<usize>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(&cli.root, &args),
        Command::Bench(args) => run_bench(&args),
        Command::Check(args) => run_check(&cli.root, &args),
        Command::Serve(args) => run_serve(&cli.root, &args),
    }
}

fn run_serve(root: &Path, args: &ServeArgs) -> ExitCode {
    let opts = handbook::serve::ServeOptions {
        root: root.to_path_buf(),
        overrides: args.site.overrides(None, None),
        bind: args.bind,
        port: args.port,
        open: args.open,
        timings: args.timings,
    };
    match handbook::serve::serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// `build --watch`: a first full build, then each change rebuilds incrementally and
/// writes the files that changed into the output folder.
fn run_watch(root: &Path, args: &BuildArgs) -> ExitCode {
    let mut session =
        handbook::session::Session::with_options(root, args.overrides(), args.options());
    let out_dir = match session.full_build() {
        Ok(_) => {
            let out_dir = session.layout().output();
            let output = session.output().cloned().unwrap_or_default();
            if let Err(e) = output.commit(&out_dir) {
                eprintln!("error: cannot write {}: {e}", out_dir.display());
                return ExitCode::from(2);
            }
            eprintln!(
                "Built into {}; watching for changes (Ctrl+C to stop)",
                out_dir.display()
            );
            out_dir
        }
        Err(diags) => {
            print_diagnostics(&diags);
            eprintln!("Build failed; fix the errors and run again.");
            return ExitCode::from(1);
        }
    };
    handbook::serve::watch_and_rebuild(session, args.timings, |session, outcome| {
        if let (Ok(r), Some(output)) = (outcome, session.output()) {
            if let Err(e) = output.write_changes(&out_dir, &r.changed) {
                eprintln!("error: writing {}: {e}", out_dir.display());
            }
        }
    });
    ExitCode::SUCCESS
}

fn run_build(root: &Path, args: &BuildArgs) -> ExitCode {
    if args.watch {
        return run_watch(root, args);
    }
    let started = Instant::now();
    let builder = handbook::Builder::with_options(args.options());
    let built = match builder.build_to_disk(root, &args.overrides()) {
        Ok(built) => built,
        Err(diags) => {
            print_diagnostics(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "Build failed: {errors} error{}; the previous output was left as it was.",
                if errors == 1 { "" } else { "s" }
            );
            if let Some(hint) = handbook::diagnostics::publish_hint(&diags) {
                eprint!("{hint}");
            }
            return exit_code(&diags, false);
        }
    };
    print_diagnostics(&built.warnings);
    if args.timings {
        eprint!("{}", built.timings.report());
    }
    let site = &built.site;
    let out = site.layout.output();
    if args.compress {
        match handbook::output::compress_dir(&out) {
            Ok(n) => eprintln!("Compressed {n} files (.gz and .br beside each)"),
            Err(e) => {
                eprintln!("error: compressing {}: {e}", out.display());
                return ExitCode::from(2);
            }
        }
    }
    if let Some(prev) = &args.changed_since {
        match handbook::output::changed_pages(&root.join(prev), &out) {
            Ok(changes) => {
                for (kind, url) in changes {
                    println!("{kind} {}{url}", site.config.base_path());
                }
            }
            Err(e) => {
                eprintln!("error: comparing with {}: {e}", prev.display());
                return ExitCode::from(2);
            }
        }
    }
    eprintln!(
        "Built {} pages in {} ms into {}",
        site.tree.pages.iter().filter(|p| p.is_rendered()).count(),
        started.elapsed().as_millis(),
        out.display()
    );
    // The process ends here and its memory goes back to the system whole: freeing the
    // site and the highlighter's grammars a piece at a time would only make it later.
    // (Nothing they hold does work when dropped: the output is committed already, and
    // they own no files, threads or buffered writers.)
    std::mem::forget((built, builder));
    ExitCode::SUCCESS
}

/// 2 when a file could not be read or written (the machine's problem), 1 for errors in
/// the site (or warnings, when `strict`), 0 otherwise.
fn exit_code(diags: &[Diagnostic], strict: bool) -> ExitCode {
    if diags.iter().any(|d| d.is_error() && d.rule.is_io()) {
        ExitCode::from(2)
    } else if diags.iter().any(|d| d.is_error() || strict) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_check(root: &Path, args: &CheckArgs) -> ExitCode {
    use handbook::check;
    let overrides = args.site.overrides(args.base_url.as_ref(), None);
    let report = handbook::Builder::new().check(root, &overrides);
    let mut findings = report.diagnostics;
    if let Some(site) = &report.site {
        findings.extend(check::check_site(
            site,
            args.today.unwrap_or_else(check::Date::today),
        ));
        if args.external {
            let cache = args
                .link_cache
                .clone()
                .unwrap_or_else(|| PathBuf::from(".handbook-links.json"));
            let cache = root.join(cache);
            findings.extend(check::external::check_external(
                &check::external_links(&site.site),
                &site.site.config.check,
                Some(&cache),
            ));
        }
    }
    handbook::diagnostics::sort_diagnostics(&mut findings);
    let io_failure = findings.iter().any(|d| d.is_error() && d.rule.is_io());
    if let Some(path) = &args.baseline {
        let path = root.join(path);
        if args.update_baseline || !path.exists() {
            let baseline = check::baseline::Baseline::from_findings(&findings);
            if let Err(e) = baseline.save(&path) {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
            eprintln!(
                "Recorded {} findings in the baseline {}; later runs report only new ones.",
                findings.len(),
                path.display()
            );
            findings.clear();
        } else {
            match check::baseline::Baseline::load(&path) {
                Ok(b) => findings = b.new_findings(findings),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    }
    let color = args.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
        && std::env::var_os("NO_COLOR").is_none();
    let report = check::report::render(&findings, args.format, color);
    match &args.output {
        Some(p) => {
            if let Err(e) = std::fs::write(root.join(p), &report) {
                eprintln!("error: cannot write {}: {e}", p.display());
                return ExitCode::from(2);
            }
        }
        None => print!("{report}"),
    }
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    if io_failure {
        ExitCode::from(2)
    } else if errors > 0 || (args.strict && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

/// Prints a benchmark's report lines, or its error (exit code 2).
fn print_lines(report: Result<Vec<String>, String>) -> ExitCode {
    match report {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_bench(args: &BenchArgs) -> ExitCode {
    let exe = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot find the handbook binary: {e}");
            return ExitCode::from(2);
        }
    };
    let runs = args.runs.max(1);
    if let Some(count) = args.diagrams {
        let cost = handbook::bench::diagram_cost(&exe, count, runs, args.work_dir.as_deref());
        return print_lines(cost.map(|c| {
            vec![
                format!(
                    "{} diagrams of 11 kinds drawn one at a time: {:.2} ms median, {:.2} ms p99, {:.2} ms max per diagram ({} rejected)",
                    c.diagrams,
                    c.percentile(50.0),
                    c.percentile(99.0),
                    c.percentile(100.0),
                    c.failed
                ),
                format!(
                    "handbook of {} pages, a diagram on {} of them: build {:.3} s with the diagrams drawn, {:.3} s with them as code blocks (best of {runs}): drawing adds {:.1}%",
                    c.pages,
                    c.diagram_pages,
                    c.with_secs,
                    c.without_secs,
                    c.overhead() * 100.0
                ),
            ]
        }));
    }
    if let Some(pages) = args.hugo {
        let cost = handbook::bench::shortcode_cost(&exe, pages, runs, args.work_dir.as_deref());
        return print_lines(cost.map(|c| {
            vec![format!(
                "Hugo/Docsy handbook, {} pages, {} with shortcodes ({} calls): build {:.3} s with shortcodes, {:.3} s without (best of {runs}): expansion adds {:.1}%",
                c.pages,
                c.shortcode_pages,
                c.shortcode_calls,
                c.with_secs,
                c.without_secs,
                c.overhead() * 100.0
            )]
        }));
    }
    let plan = handbook::bench::Plan {
        sizes: args.pages.clone(),
        corpus: args.corpus.clone(),
        runs,
        work_dir: args.work_dir.clone(),
        cache_dir: args
            .cache_dir
            .clone()
            .unwrap_or_else(handbook::bench::default_cache_dir),
        serve_samples: args.serve_samples,
    };
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>10} {:>8} {:>10} {:>7} {:>10}",
        "pages",
        "build s",
        "pages/s",
        "peak MB",
        "floor s",
        "x floor",
        "output MB",
        "x md",
        "files/page"
    );
    let result = handbook::bench::run(&exe, &plan, |row| {
        println!(
            "{:>8} {:>10.3} {:>10.0} {:>10.1} {:>10.3} {:>8.2} {:>10.1} {:>7.2} {:>10.2}   {}",
            row.pages,
            row.build_secs,
            row.pages as f64 / row.build_secs,
            row.peak_rss_kb as f64 / 1024.0,
            row.floor_secs,
            row.build_secs / row.floor_secs,
            row.output_bytes as f64 / 1_048_576.0,
            row.output_bytes as f64 / row.markdown_bytes.max(1) as f64,
            row.output_files as f64 / row.pages.max(1) as f64,
            row.label
        );
        if let Some(s) = &row.serve {
            let (title, title90) = handbook::bench::median_p90(&s.title_ms);
            println!(
                "{:>8} serve: answers after {:.2} s (the build: {:.2} s), peak memory {:.0} MB ({:.2}x the build's)",
                row.pages,
                s.startup_secs,
                row.build_secs,
                s.peak_rss_kb as f64 / 1024.0,
                s.peak_rss_kb as f64 / row.peak_rss_kb.max(1) as f64
            );
            for (interval, times) in &s.body_ms {
                let (body, body90) = handbook::bench::median_p90(times);
                println!(
                    "{:>8} serve: body edit saved every {interval} ms, to the page served: {body:.0} ms median, {body90:.0} ms p90 ({} samples)",
                    row.pages,
                    times.len()
                );
            }
            println!(
                "{:>8} serve: title edit to the reload event: {title:.0} ms median, {title90:.0} ms p90",
                row.pages
            );
        }
    });
    print_lines(result.map(|()| Vec::new()))
}
