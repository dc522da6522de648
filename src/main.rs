//! The `handbook` command line: parses arguments, calls the library, prints diagnostics,
//! and sets the exit code (0 success, 1 errors in the site, 2 usage or I/O problems).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use handbook::config::Overrides;
use handbook::diagnostics::Diagnostic;

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

#[derive(clap::Args, Clone)]
struct BuildArgs {
    /// Config file to use instead of <root>/handbook.yaml (relative to the root).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Output folder, relative to the root (default: public).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Published URL, e.g. https://example.com/handbook/ (overrides base_url).
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
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
    /// Keep generated corpora in this folder (default: a temporary folder).
    #[arg(long)]
    work_dir: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(&cli.root, &args),
        Command::Bench(args) => run_bench(&args),
    }
}

fn overrides(args: &BuildArgs) -> Overrides {
    Overrides {
        config_file: args.config.clone(),
        output_dir: args.output.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
    }
}

fn run_build(root: &Path, args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    match handbook::build(root, &overrides(args)) {
        Ok(site) => {
            print_diagnostics(&site.warnings);
            if args.timings {
                for (stage, d) in &site.timings.stages {
                    eprintln!("{stage:>20}: {:>8.1} ms", d.as_secs_f64() * 1000.0);
                }
            }
            let out = root.join(&site.config.output_dir);
            eprintln!(
                "Built {} pages in {} ms into {}",
                site.tree.pages.len(),
                started.elapsed().as_millis(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diagnostics(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "Build failed: {errors} error{}; the previous output was left as it was.",
                if errors == 1 { "" } else { "s" }
            );
            if diags.iter().any(|d| d.rule == "io" && d.line == 0) {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
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
    let plan = handbook::bench::Plan {
        sizes: args.pages.clone(),
        corpus: args.corpus.clone(),
        runs: args.runs.max(1),
        work_dir: args.work_dir.clone(),
    };
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>10} {:>8} {:>10}",
        "pages", "build s", "pages/s", "peak MB", "floor s", "x floor", "output MB"
    );
    let result = handbook::bench::run(&exe, &plan, |row| {
        println!(
            "{:>8} {:>10.3} {:>10.0} {:>10.1} {:>10.3} {:>8.2} {:>10.1}   {}",
            row.pages,
            row.build_secs,
            row.pages as f64 / row.build_secs,
            row.peak_rss_kb as f64 / 1024.0,
            row.floor_secs,
            row.build_secs / row.floor_secs,
            row.output_bytes as f64 / 1_048_576.0,
            row.label
        );
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
