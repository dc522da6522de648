//! Queries answered from built sites by the client's own code under Node
//! (`tests/js/search-cli.mjs`, which imports the client's sources): the bundled handbook,
//! a site whose very common words' lists are written small, and one whose titles are too
//! many for meta.json. Each test also checks the index it queries.
//!
//! Needs Node.js (`common::tools`): without it a test is reported as ignored, with the
//! reason, locally, and fails under CI.

mod common;

use std::process::Command;

use common::index::IndexFiles;
use common::tools::{self, Tool};
use common::TestSite;
use serde_json::Value;

fn main() -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let trials = vec![
        tools::trial(
            "queries_answered_from_the_built_index",
            &[Tool::Node],
            queries_answered_from_the_built_index,
        ),
        tools::trial(
            "very_common_words_lists_are_written_small",
            &[Tool::Node],
            very_common_words_lists_are_written_small,
        ),
        tools::trial(
            "titles_past_their_size_stay_in_the_term_shards",
            &[Tool::Node],
            titles_past_their_size_stay_in_the_term_shards,
        ),
    ];
    libtest_mimic::run(&args, trials).exit_code()
}

/// The client's answers (tests/js/search-cli.mjs under Node) to `queries` on the site built
/// in `site`, one JSON value each.
fn client_answers(site: &TestSite, queries: &[&str]) -> Vec<Value> {
    let repo = tools::repo();
    let out = Command::new("node")
        .arg(repo.join("tests/js/search-cli.mjs"))
        .arg("--json")
        .arg(site.root().join("public"))
        .args(queries)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Queries answered from the built bundled handbook by the client's code under Node.
fn queries_answered_from_the_built_index() {
    let site = TestSite::bundled();
    site.build().assert_ok();
    let cases = [
        ("deal reg", "/glossary/", "glossary-deal-reg"),
        ("IACV", "/glossary/", "glossary-iacv"),
        (
            "incremental annual contract value",
            "/glossary/",
            "glossary-iacv",
        ),
        ("comand plan", "/glossary/", "glossary-command-plan"),
        ("call notes", "/selling/r7-co-selling/", "r7-call-notes"),
        (
            "command plan mid-market",
            "/selling/r7-co-selling/",
            "r7-command-plans",
        ),
        (
            "channel neutral",
            "/program/compensation/",
            "what-channel-neutral-means",
        ),
        (
            "reselle",
            "/partners/partner-types/",
            "partner-types-reseller",
        ),
        ("select track", "/program/tracks/", "select-track"),
        // A dollar amount, as a data field's value in a table row.
        ("$5,000", "/selling/r7-co-selling/", "r7-smb"),
        // A stopword is not looked up beside other words.
        (
            "the partner types",
            "/partners/partner-types/",
            "the-partner-types",
        ),
    ];
    let queries: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let mut wrong = Vec::new();
    for (v, (query, page, anchor)) in client_answers(&site, &queries).into_iter().zip(cases) {
        let first = &v["results"][0];
        let url = first["url"].as_str().unwrap_or("");
        let sub = first["subs"][0]["url"].as_str().unwrap_or("");
        if !url.starts_with(&format!("{page}?")) || !sub.ends_with(&format!("#{anchor}")) {
            wrong.push(format!("{query}: {url} {sub}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The ways a very common word's lists are kept small, on a site big enough to have them:
/// the heading list of a word in the same heading of 800+ pages as its pages only, of a
/// word in 800+ different headings as its pages with the sub-results in a file of their
/// own, and the body list of a word on 500+ pages (one in six or more) in a file of its own.
fn very_common_words_lists_are_written_small() {
    let site = TestSite::empty();
    site.write(
        "content/_index.md",
        "---\ntitle: Home\n---\n\nThe home page.\n",
    );
    for i in 0..820 {
        site.write(
            &format!("content/p{i}.md"),
            format!(
                "---\ntitle: Topic {i}\n---\n\nEvery partner signs form {i}.\n\n## Approval criteria\n\nWho approves topic {i}.\n\n## Step {i}\n\nThen approval.\n"
            ),
        );
    }
    site.build().assert_ok();
    let index = IndexFiles::of_site(&site.root().join("public"));
    let terms = index.terms();
    let pages = index.meta().pages;

    // "approval": in one heading text on 820 pages (and in the body of each): pages only.
    let approval = &terms["approval"].heading;
    assert!(
        approval.starts_with('*') && !approval.contains('+'),
        "{approval}"
    );
    // "step": in 820 different headings: its pages, its sub-results in a file of their own.
    let step = &terms["step"].heading;
    let (_, n) = step.split_once('+').expect("pages, then the file");
    assert!(step.starts_with('*'), "{step}");
    let values: String = index.read(&format!("h/{n}.json"));
    assert!(values.len() >= 820, "a value a page: {values}");

    // "partner": in the body of 820 pages: its own file, the same pages as the list would be.
    let partner = &terms["partner"].body;
    let n = partner.strip_prefix('+').expect("a file of its own");
    let body: String = index.read(&format!("b/{n}.json"));
    assert!(body.starts_with('~'), "a bitmap of {pages} pages: {body}");
    let set = body[1..]
        .bytes()
        .map(char::from)
        .filter(|&c| c != 'A')
        .count();
    assert!(set > 100, "{body}");
    // A word on a few pages keeps its list.
    assert!(!terms["home"].body.starts_with('+'));

    // Through the client: a heading query lands on the heading; words found only in body
    // text are found.
    let lines = client_answers(&site, &["approval criteria", "partner signs", "step 417"]);
    let sub = lines[0]["results"][0]["subs"][0]["url"].as_str().unwrap();
    assert!(sub.ends_with("#approval-criteria"), "{}", lines[0]);
    // Found only in body text, by words whose body lists are in files of their own.
    let first = lines[1]["results"][0]["url"].as_str().unwrap_or("");
    assert!(first.starts_with("/p"), "{}", lines[1]);
    // A heading of many different ones, its sub-results read from their file.
    let sub = lines[2]["results"][0]["subs"][0]["url"]
        .as_str()
        .unwrap_or("");
    let hl = sub
        .strip_prefix("/p417/?hl=")
        .and_then(|s| s.strip_suffix("#step-417"));
    let mut words: Vec<&str> = hl.unwrap_or_default().split("%20").collect();
    words.sort_unstable();
    assert_eq!(words, ["417", "step"], "{}", lines[2]);
}

/// Titles too many for meta.json (a handbook of tens of thousands of pages): their lists
/// stay in the term shards, and the client finds them there.
fn titles_past_their_size_stay_in_the_term_shards() {
    // A distinct word of letters for each number.
    let word = |mut n: usize| {
        let mut w = String::from("q");
        for _ in 0..8 {
            w.push(char::from(b'a' + (n % 26) as u8));
            n /= 26;
        }
        w
    };
    let site = TestSite::empty();
    site.write(
        "content/_index.md",
        "---\ntitle: Home\n---\n\nThe home page.\n",
    );
    for i in 0..400 {
        let title: Vec<String> = (0..40).map(|k| word(i * 40 + k)).collect();
        site.write(
            &format!("content/p{i}.md"),
            format!("---\ntitle: {}\n---\n\nBody text.\n", title.join(" ")),
        );
    }
    site.build().assert_ok();
    let index = IndexFiles::of_site(&site.root().join("public"));
    let meta = index.meta();
    assert_eq!(meta.titles, Vec::new(), "too many for meta.json");
    let terms = index.terms();
    let w = word(123 * 40 + 7);
    assert!(!terms[&w].title.is_empty(), "{w} keeps its title list");
    // And it is among the word endings (for typos in its first letters).
    let ends = meta.ends.len();
    assert!((0..ends).any(|n| site
        .read(&format!("public/search/e/{n}.json"))
        .contains(&format!("\"{w}\""))));

    let query = format!("{w} {}", word(123 * 40 + 8));
    let line = &client_answers(&site, &[&query])[0];
    let url = line["results"][0]["url"].as_str().unwrap_or("");
    assert!(url.starts_with("/p123/?"), "{line}");
}
