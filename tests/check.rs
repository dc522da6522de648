//! `handbook check` end to end: each kind of finding, every output format, exit codes,
//! baselines, and the external link checker against a local server.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

use common::TestSite;

const TODAY: &str = "2026-11-27";

fn check(site: &TestSite, extra: &[&str]) -> common::Run {
    let mut args = vec!["check", "--today", TODAY];
    args.extend_from_slice(extra);
    site.run(&args)
}

#[test]
fn each_kind_of_finding_in_human_format() {
    let site = TestSite::fixture("check");
    site.write("content/guide/big.png", vec![0u8; 600 * 1024]);
    site.write("content/guide/hidden-linked.md", "---\ntitle: Linked hidden\nowner: Docs team\nreviewed: 2026-10-01\nhidden: true\n---\nLinked from the guide.\n");
    site.write(
        "content/guide/_index.md",
        "---\ntitle: Guide\nowner: Docs team\nreviewed: 2026-10-01\n---\n\nThe guide. ![big](big.png) [linked](hidden-linked.md)\n",
    );
    let run = check(&site, &[]);
    assert_eq!(
        run.code, 0,
        "warnings alone pass without --strict:\n{}",
        run.stdout
    );
    let out = &run.stdout;
    assert!(out.contains("content/guide/stale.md:4:1: warning[review-overdue]: last reviewed on 2024-01-10, more than 12 months ago"), "{out}");
    assert!(out.contains("content/guide/stale.md:9:1: warning[heading-skip]: heading level jumps from h2 to h4: \"Too deep\""));
    assert!(out.contains(
        "content/guide/ownerless.md:1:1: warning[missing-owner]: the page has no `owner`"
    ));
    assert!(out.contains(
        "warning[duplicate-title]: \"Twin\" is the title of several pages in this section"
    ));
    assert!(out.contains("content/guide/hidden.md:5:1: warning[orphan-page]"));
    assert!(
        !out.contains("hidden-linked.md:5:1: warning[orphan-page]"),
        "a linked hidden page is no orphan"
    );
    assert!(out.contains("content/guide/big.png: warning[large-file]: big.png is 600 KB, over the 500 KB limit for images"));
    assert!(out.contains("0 errors, 6 warnings"), "{out}");
    assert!(!out.contains("\u{1b}["), "no colour when not on a terminal");

    let strict = check(&site, &["--strict"]);
    assert_eq!(strict.code, 1, "warnings fail with --strict");
}

#[test]
fn errors_fail_and_are_reported_with_the_checks() {
    let site = TestSite::fixture("check");
    site.write(
        "content/guide/broken.md",
        "---\ntitle: Broken\nowner: X\nreviewed: 2026-10-01\n---\n[x](missing.md)\n",
    );
    let run = check(&site, &[]);
    assert_eq!(run.code, 1);
    assert!(run
        .stdout
        .contains("content/guide/broken.md:6:1: error[broken-link]"));
    assert!(
        run.stdout.contains("warning[review-overdue]"),
        "checks still run when the build has errors"
    );
    assert!(!site.exists("public"), "check writes no output");
}

#[test]
fn json_report_has_one_object_per_finding() {
    let site = TestSite::fixture("check");
    let run = check(&site, &["--format", "json"]);
    let items: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 5, "{}", run.stdout);
    for item in items {
        for key in ["file", "line", "column", "severity", "rule", "message"] {
            assert!(item.get(key).is_some(), "{key} in {item}");
        }
    }
    let stale = items
        .iter()
        .find(|i| i["rule"] == "review-overdue")
        .unwrap();
    assert_eq!(stale["file"], "content/guide/stale.md");
    assert_eq!(stale["line"], 4);
    assert_eq!(stale["column"], 1);
    assert_eq!(stale["severity"], "warning");
}

#[test]
fn gitlab_report_has_the_fields_gitlab_reads() {
    let site = TestSite::fixture("check");
    site.write(
        "content/guide/broken.md",
        "---\ntitle: Broken\nowner: X\nreviewed: 2026-10-01\n---\n[x](missing.md)\n",
    );
    let run = check(
        &site,
        &[
            "--format",
            "gitlab",
            "--output",
            "gl-code-quality-report.json",
        ],
    );
    assert_eq!(run.code, 1);
    let text = site.read("gl-code-quality-report.json");
    let items: serde_json::Value = serde_json::from_str(&text).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 6);
    let mut fingerprints = std::collections::BTreeSet::new();
    for item in items {
        assert!(item["description"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(item["check_name"].as_str().is_some());
        assert!(
            fingerprints.insert(item["fingerprint"].as_str().unwrap().to_string()),
            "unique fingerprints"
        );
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&item["severity"].as_str().unwrap()));
        assert!(item["location"]["path"]
            .as_str()
            .is_some_and(|p| !p.starts_with('/')));
        assert!(item["location"]["lines"]["begin"]
            .as_u64()
            .is_some_and(|l| l >= 1));
    }
    let broken = items
        .iter()
        .find(|i| i["check_name"] == "broken-link")
        .unwrap();
    assert_eq!(broken["severity"], "major");
    assert_eq!(broken["location"]["path"], "content/guide/broken.md");
    assert_eq!(broken["location"]["lines"]["begin"], 6);
    // Fingerprints are stable across runs.
    check(&site, &["--format", "gitlab", "--output", "again.json"]);
    assert_eq!(text, site.read("again.json"));
}

#[test]
fn junit_report() {
    let site = TestSite::fixture("check");
    let run = check(&site, &["--format", "junit"]);
    assert!(run.stdout.starts_with("<?xml"));
    assert!(
        run.stdout
            .contains(r#"<testsuite name="handbook check" tests="5" failures="5">"#),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains(r#"<testcase classname="review-overdue" name="content/guide/stale.md:4:1""#));
    assert!(run.stdout.contains(
        r#"<failure type="warning" message="last reviewed on 2024-01-10, more than 12 months ago">"#
    ));
    let clean = TestSite::empty();
    clean.write(
        "content/_index.md",
        "---\ntitle: Home\nowner: X\nreviewed: 2026-11-01\n---\nHi\n",
    );
    let run = check(&clean, &["--format", "junit", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains(r#"tests="1" failures="0""#));
}

#[test]
fn exit_codes() {
    let clean = TestSite::empty();
    clean.write(
        "content/_index.md",
        "---\ntitle: Home\nowner: X\nreviewed: 2026-11-01\n---\nHi\n",
    );
    assert_eq!(check(&clean, &["--strict"]).code, 0);
    assert_eq!(
        clean.run(&["check", "--format", "nope"]).code,
        2,
        "usage error"
    );
    clean.write("bad-baseline.json", "not json");
    assert_eq!(
        check(&clean, &["--baseline", "bad-baseline.json"]).code,
        2,
        "I/O or unreadable input"
    );
    clean.write("content/x.md", "[x](y.md)\n");
    assert_eq!(check(&clean, &[]).code, 1, "findings");
}

#[test]
fn baseline_fails_only_on_new_findings() {
    let site = TestSite::fixture("check");
    let first = check(&site, &["--strict", "--baseline", "check-baseline.json"]);
    assert_eq!(
        first.code, 0,
        "recording a baseline passes: {}",
        first.stderr
    );
    assert!(first.stderr.contains("Recorded 5 findings"));
    let again = check(&site, &["--strict", "--baseline", "check-baseline.json"]);
    assert_eq!(again.code, 0, "{}", again.stdout);
    // An edit above a known finding shifts its line: still known.
    let stale = site
        .read("content/guide/stale.md")
        .replace("## Overview", "Intro.\n\n## Overview");
    site.write("content/guide/stale.md", &stale);
    assert_eq!(
        check(&site, &["--strict", "--baseline", "check-baseline.json"]).code,
        0
    );
    // A new finding fails.
    site.write(
        "content/guide/new.md",
        "---\ntitle: New\nreviewed: 2026-10-01\n---\nNo owner.\n",
    );
    let run = check(&site, &["--strict", "--baseline", "check-baseline.json"]);
    assert_eq!(run.code, 1);
    assert!(run
        .stdout
        .contains("content/guide/new.md:1:1: warning[missing-owner]"));
    assert!(run.stdout.contains("0 errors, 1 warning"), "{}", run.stdout);
}

#[test]
fn redirects_near_the_gitlab_limit() {
    let site = TestSite::fixture("check");
    let aliases: Vec<String> = (0..950).map(|i| format!("/old/{i}/")).collect();
    site.write(
        "content/guide/twin.md",
        format!(
            "---\ntitle: Twin page\nowner: X\nreviewed: 2026-10-01\naliases: [{}]\n---\nx\n",
            aliases.join(", ")
        ),
    );
    let run = check(&site, &[]);
    assert!(
        run.stdout
            .contains("_redirects: warning[redirect-limit]: 950 redirect rules"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_bundled_handbook_passes_strict_check() {
    let site = TestSite::bundled();
    let run = site.run(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

/// A local HTTP server answering 200, 301, 404, 500, slowly, or not at all.
fn serve_fixture_routes() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            std::thread::spawn(move || {
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) <= 2 {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                let (status, extra) = match path.as_str() {
                    "/ok" => ("200 OK", String::new()),
                    "/moved" => ("301 Moved Permanently", "Location: /ok\r\n".to_string()),
                    "/gone" => ("404 Not Found", String::new()),
                    "/error" => ("500 Internal Server Error", String::new()),
                    "/slow" => {
                        std::thread::sleep(Duration::from_secs(4));
                        ("200 OK", String::new())
                    }
                    _ => ("404 Not Found", String::new()),
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\n{extra}Content-Length: 2\r\nConnection: close\r\n\r\nok"
                );
            });
        }
    });
    (port, hits)
}

#[test]
fn external_links_against_a_local_server() {
    let (port, hits) = serve_fixture_routes();
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let site = TestSite::empty();
    site.write(
        "handbook.yaml",
        "title: X\ncheck:\n  external_timeout_secs: 1\n  external_retries: 1\n  skip_external: [\"http://127.0.0.1:*/skipped*\"]\n",
    );
    let u = |p: &str| format!("http://127.0.0.1:{port}{p}");
    site.write(
        "content/_index.md",
        format!(
            "---\ntitle: Home\nowner: X\nreviewed: 2026-11-01\n---\n\n[ok]({})\n[moved]({})\n[gone]({})\n[error]({})\n[slow]({})\n[down](http://127.0.0.1:{closed}/)\n[skipped]({})\n",
            u("/ok"), u("/moved"), u("/gone"), u("/error"), u("/slow"), u("/skipped")
        ),
    );
    let run = check(&site, &["--external"]);
    let out = &run.stdout;
    assert_eq!(run.code, 1, "a 404 is an error: {out}");
    assert!(
        !out.contains(&format!("`{}` answers", u("/ok"))),
        "200 is fine: {out}"
    );
    assert!(
        out.contains(&format!(
            "content/_index.md:8:1: warning[external-redirect]: `{}` has moved permanently to `{}`",
            u("/moved"),
            u("/ok")
        )),
        "{out}"
    );
    assert!(out.contains(&format!(
        "content/_index.md:9:1: error[external-link]: `{}` answers 404",
        u("/gone")
    )));
    assert!(out.contains(&format!(
        "content/_index.md:10:1: warning[external-link]: `{}` answers 500",
        u("/error")
    )));
    assert!(out.contains(&format!(
        "content/_index.md:11:1: warning[external-link]: `{}` did not answer: timed out",
        u("/slow")
    )));
    assert!(out.contains("content/_index.md:12:1: warning[external-link]: `http://127.0.0.1:"));
    assert!(!out.contains("skipped"), "skip patterns apply");
    // Retries: the 500 was asked twice (one retry).
    let first_hits = hits.load(std::sync::atomic::Ordering::SeqCst);
    assert!(first_hits >= 6, "{first_hits}");
    // The cache: a second run does not ask again for what answered 200.
    assert!(site.exists(".handbook-links.json"));
    let before = hits.load(std::sync::atomic::Ordering::SeqCst);
    site.write(
        "content/_index.md",
        format!(
            "---\ntitle: Home\nowner: X\nreviewed: 2026-11-01\n---\n\n[ok]({})\n",
            u("/ok")
        ),
    );
    let run = check(&site, &["--external", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        before,
        "answered from the cache"
    );
}
