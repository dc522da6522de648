//! Page facts and views the theme shows: last change dates from git (one pass over the
//! history) and the per-section print view.

mod common;

use std::process::Command;

use common::TestSite;

fn git(site: &TestSite, args: &[&str], date: &str) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(site.root())
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git")
        .status
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn last_change_dates_come_from_git() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    assert!(
        !site
            .read("public/guide/first/index.html")
            .contains("Updated"),
        "no git, no date"
    );
    git(&site, &["init", "-q"], "2026-01-02T10:00:00Z");
    git(&site, &["add", "."], "2026-01-02T10:00:00Z");
    git(&site, &["commit", "-qm", "first"], "2026-01-02T10:00:00Z");
    site.write(
        "content/guide/second.md",
        site.read("content/guide/second.md") + "\nMore.\n",
    );
    git(&site, &["commit", "-qam", "second"], "2026-03-04T10:00:00Z");
    site.remove("templates/page.html");
    site.build().assert_ok();
    let first = site.read("public/guide/first/index.html");
    assert!(first.contains(r#"datetime="2026-01-02""#), "{first}");
    let second = site.read("public/guide/second/index.html");
    assert!(second.contains(r#"datetime="2026-03-04""#));
}

#[test]
fn sections_have_a_print_view_listing_their_pages_in_order() {
    let site = TestSite::fixture("basic");
    site.remove("templates/page.html");
    site.build().assert_ok();
    let section = site.read("public/guide/index.html");
    assert!(section.contains(r#"href="/docs/guide/print/""#));
    let print = site.read("public/guide/print/index.html");
    let print = &print[print.find("class=\"print-list\"").expect("print list")..];
    let order: Vec<usize> = [
        "/docs/guide/\"",
        "/docs/guide/first/",
        "/docs/guide/second/",
        "/docs/guide/nested/",
        "/docs/guide/nested/deep/",
    ]
    .iter()
    .map(|u| {
        print
            .find(&format!("href=\"{}", u.trim_end_matches('"')))
            .unwrap_or_else(|| panic!("{u} in {print}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "navigation order: {order:?}"
    );
    assert!(
        site.exists("public/print/index.html"),
        "the whole handbook too"
    );
}
