//! `handbook bench` end to end, on small sizes: generated corpora are cached and reused,
//! rows show the output per Markdown byte and files per page, the comparisons of
//! diagrams and Hugo shortcodes report both builds, and a temporary work folder goes.

mod common;

use std::process::Command;

fn bench(args: &[&str], tmp: &std::path::Path) -> String {
    let out = Command::new(common::bin())
        .arg("bench")
        .args(args)
        .env("TMPDIR", tmp)
        .output()
        .expect("run handbook bench");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "bench {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn a_generated_corpus_is_cached_and_each_row_has_its_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (cache, work) = (dir.path().join("cache"), dir.path().join("work"));
    let args = [
        "--pages",
        "40",
        "--runs",
        "1",
        "--cache-dir",
        cache.to_str().unwrap(),
        "--work-dir",
        work.to_str().unwrap(),
    ];
    let first = bench(&args, dir.path());
    assert!(
        first.contains("corpus synthetic 40: ") && first.contains("(generated in"),
        "{first}"
    );
    assert!(
        first.contains("x md") && first.contains("files/page"),
        "{first}"
    );
    let row = first
        .lines()
        .find(|l| l.trim_end().ends_with("synthetic 40"))
        .unwrap_or_else(|| panic!("no row in {first}"));
    // pages, build, pages/s, peak, floor, x floor, output MB, x md, files/page.
    let figures: Vec<f64> = row
        .split_whitespace()
        .take(9)
        .map(|f| f.parse().unwrap_or_else(|_| panic!("{f} in {row}")))
        .collect();
    assert!(figures[7] > 0.5 && figures[8] >= 1.0, "{row}");
    let second = bench(&args, dir.path());
    assert!(second.contains("(cached)"), "{second}");
}

#[test]
fn diagrams_and_shortcodes_are_measured_against_the_same_pages_without() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    let diagrams = bench(
        &[
            "--diagrams",
            "11",
            "--runs",
            "1",
            "--work-dir",
            work.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert!(
        diagrams.contains("11 diagrams of 11 kinds drawn one at a time"),
        "{diagrams}"
    );
    assert!(diagrams.contains("(0 rejected)"), "{diagrams}");
    assert!(diagrams.contains("a diagram on 11 of them"), "{diagrams}");
    // Without a work folder, the temporary one goes when the benchmark is done.
    let empty = tempfile::tempdir().unwrap();
    let hugo = bench(&["--hugo", "30", "--runs", "1"], empty.path());
    assert!(hugo.contains("expansion adds"), "{hugo}");
    let left: Vec<_> = std::fs::read_dir(empty.path()).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
