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
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(&cli.root, &args),
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
