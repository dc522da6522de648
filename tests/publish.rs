//! Publishing: precompressed files, changed pages for review apps, and the CI examples
//! in the README.

mod common;

use common::TestSite;

#[test]
fn compress_writes_gz_and_br_beside_text_files() {
    let site = TestSite::fixture("basic");
    let run = site.run(&["build", "--compress"]);
    run.assert_ok();
    assert!(run.stderr.contains("Compressed"));
    let html = std::fs::read(site.root().join("public/index.html")).unwrap();
    let gz = std::fs::read(site.root().join("public/index.html.gz")).unwrap();
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut decoded).unwrap();
    assert_eq!(decoded, html);
    let br = std::fs::read(site.root().join("public/index.html.br")).unwrap();
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(&mut brotli::Decompressor::new(&br[..], 4096), &mut decoded)
        .unwrap();
    assert_eq!(decoded, html);
    assert!(site.exists("public/handbook.css.br"));
    assert!(
        !site.exists("public/guide/logo.png.gz"),
        "images are not compressed"
    );
    // Still byte-identical between builds (gzip carries no timestamp).
    site.run(&["build", "--compress", "--output", "again"])
        .assert_ok();
    assert_eq!(
        gz,
        std::fs::read(site.root().join("again/index.html.gz")).unwrap()
    );
}

#[test]
fn changed_since_lists_added_changed_and_removed_pages() {
    let site = TestSite::fixture("basic");
    site.run(&["build", "--output", "previous"]).assert_ok();
    site.write(
        "content/guide/second.md",
        "---\ntitle: Second steps\nweight: 2\n---\n\n## Details\n\nChanged text.\n",
    );
    site.write("content/guide/third.md", "# Third\n");
    site.remove("content/guide/nested/deep.md");
    site.write(
        "content/guide/first.md",
        site.read("content/guide/first.md")
            .replace("[the deep page](nested/deep.md)", "the deep page"),
    );
    let run = site.run(&["build", "--changed-since", "previous"]);
    run.assert_ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.contains(&"changed /docs/guide/second/"), "{lines:?}");
    assert!(lines.contains(&"added /docs/guide/third/"), "{lines:?}");
    assert!(
        lines.contains(&"removed /docs/guide/nested/deep/"),
        "{lines:?}"
    );
    assert!(!lines
        .iter()
        .any(|l| l.ends_with("/docs/guide/first/") && l.starts_with("added")));
}

fn readme_block(marker: &str) -> serde_yaml::Value {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find(&format!("```yaml\n{marker}\n"))
        .unwrap_or_else(|| panic!("no {marker} block"));
    let body = &readme[start + 8..];
    let end = body.find("```").unwrap();
    serde_yaml::from_str(&body[..end]).expect("the README's CI example is valid YAML")
}

#[test]
fn readme_gitlab_ci_example_parses_and_publishes_the_build_output() {
    let ci = readme_block("# .gitlab-ci.yml");
    let pages = &ci["pages"];
    let paths = pages["artifacts"]["paths"]
        .as_sequence()
        .expect("pages artifacts");
    // The artefact path is the folder `handbook build` writes by default.
    let default_output = handbook::config::Config::default().output_dir;
    assert!(paths.iter().any(|p| p.as_str() == default_output.to_str()));
    let script: Vec<&str> = pages["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(script.iter().any(|s| s.contains("handbook build")));
    let check = &ci["check"];
    let report = check["artifacts"]["reports"]["codequality"]
        .as_str()
        .unwrap();
    let script: Vec<&str> = check["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(script
        .iter()
        .any(|s| s.contains("--format gitlab") && s.contains(report)));
}

#[test]
fn readme_github_workflow_example_parses() {
    let wf = readme_block("# .github/workflows/handbook.yml");
    let steps = wf["jobs"]["deploy"]["steps"].as_sequence().unwrap();
    assert!(steps
        .iter()
        .any(|s| s["with"]["path"].as_str() == Some("public")));
}
