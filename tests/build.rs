//! `handbook build` end to end through the real binary: fixture sites in, HTML out.

mod common;

use common::{snapshot, TestSite};

#[test]
fn resolves_links_under_a_sub_path() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let home = site.read("public/index.html");
    assert!(home.contains(r#"href="/docs/guide/""#), "{home}");
    assert!(home.contains(r#"href="/docs/guide/first/#step-one""#));
    let first = site.read("public/guide/first/index.html");
    assert!(first.contains(r#"href="/docs/guide/second/#details""#));
    assert!(first.contains(r#"href="/docs/guide/nested/deep/""#));
    assert!(first.contains(r#"src="/docs/guide/logo.png""#));
    assert!(site.exists("public/guide/logo.png"));
    let section = site.read("public/guide/index.html");
    // A site-path link is checked and prefixed with the base path.
    assert!(section.contains(r#"href="/docs/guide/second/#details""#));
    let second = site.read("public/guide/second/index.html");
    assert!(second.contains(r#"href="/docs/guide/first/#step-one-1""#));
    assert!(second.contains(r#"href="/docs/""#));
    // Assets are under the base path too.
    assert!(first.contains(r#"href="/docs/handbook.css""#));
}

#[test]
fn heading_ids_permalinks_and_toc() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let first = site.read("public/guide/first/index.html");
    assert!(first.contains(r##"<h2 id="step-one">Step one<a class="anchor" href="#step-one""##));
    assert!(first.contains(r#"<h2 id="step-one-1">"#));
    assert!(first.contains(r#"<h3 id="my-anchor">"#));
    // The TOC lists both h2s and nests the h3 (theme's page template).
    let deep = site.read("public/guide/nested/deep/index.html");
    assert!(deep.contains(r#"id="ünïcode-héading""#), "{deep}");
    assert!(
        deep.contains("<h1>Deep page</h1>"),
        "title from the first heading"
    );
}

#[test]
fn toc_in_default_theme() {
    let site = TestSite::fixture("basic");
    site.remove("templates/page.html");
    site.build().assert_ok();
    let first = site.read("public/guide/first/index.html");
    let toc_start = first.find("On this page").expect("toc");
    let toc = &first[toc_start..];
    let a = toc.find(r##"href="#step-one""##).unwrap();
    let b = toc.find(r##"href="#step-one-1""##).unwrap();
    let c = toc.find(r##"href="#my-anchor""##).unwrap();
    assert!(a < b && b < c);
    // Owner and review date from front matter; the edit link from the repository URL.
    assert!(first.contains("Enablement"));
    assert!(first.contains("2026-01-15"));
    assert!(first.contains("https://gitlab.com/acme/handbook/-/edit/main/content/guide/first.md"));
}

#[test]
fn navigation_order_breadcrumbs_and_prev_next() {
    let site = TestSite::fixture("basic");
    site.remove("templates/page.html");
    site.build().assert_ok();
    let first = site.read("public/guide/first/index.html");
    let nav_start = first.find("<nav id=\"site-nav\"").unwrap();
    let nav = &first[nav_start..first[nav_start..].find("</nav>").unwrap() + nav_start];
    let p1 = nav.find("First steps").unwrap();
    let p2 = nav.find("Second steps").unwrap();
    let p3 = nav.find("Nested").unwrap();
    assert!(
        p1 < p2 && p2 < p3,
        "weight order, pages before sub-sections: {nav}"
    );
    assert!(nav.contains(r#"aria-current="page">First steps"#));
    assert!(first.contains(r#"rel="prev" href="/docs/guide/""#));
    assert!(first.contains(r#"rel="next" href="/docs/guide/second/""#));
    assert!(first.contains(r#"<li><a href="/docs/guide/">Guide</a></li>"#));
}

#[test]
fn redirects_sitemap_and_404() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let redirect = site.read("public/old/second/index.html");
    assert!(redirect.contains(r#"url=/docs/guide/second/"#));
    assert!(site.exists("public/older-second.html"));
    let rules = site.read("public/_redirects");
    assert!(
        rules.contains("/docs/old/second/ /docs/guide/second/ 301"),
        "{rules}"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap
        .contains("<loc>https://example.com/docs/guide/first/</loc><lastmod>2026-01-15</lastmod>"));
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("Page not found"));
    assert!(
        not_found.contains(r#"href="/docs/handbook.css""#),
        "404 works at any path"
    );
}

#[test]
fn site_templates_and_static_override_the_theme() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let first = site.read("public/guide/first/index.html");
    assert!(first.contains(r#"<article class="site-override">"#));
    assert_eq!(site.read("public/extra.css"), "body{color:red}");
    assert!(
        site.exists("public/handbook.js"),
        "theme static files are kept"
    );
}

#[test]
fn highlights_code_and_leaves_unknown_languages_plain() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let first = site.read("public/guide/first/index.html");
    // Runs of one colour are spans numbering the light and the dark theme's colour.
    assert!(
        first.contains(r#"<pre class="code" data-lang="rust"><code><span class="l"#),
        "{first}"
    );
    assert!(first.contains("&lt;not&gt; &amp; highlighted"));
    let css = site.read("public/highlight.css");
    assert!(css.contains("pre.code .l0 {") && css.contains("prefers-color-scheme: dark"));
}

#[test]
fn a_plain_markdown_handbook_builds_as_it_is() {
    let site = TestSite::fixture("plain-markdown");
    site.build().assert_ok();
    let home = site.read("public/index.html");
    assert!(home.contains("<h1>Team handbook</h1>") || home.contains("Team handbook"));
    assert!(home.contains(r#"href="/setup/""#));
    assert!(home.contains(r#"href="/tools/#editors""#));
    let setup = site.read("public/setup/index.html");
    assert!(setup.contains(r#"href="/tools/""#));
}

#[test]
fn flags_override_config() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/guide/draft.md",
        "---\ntitle: Secret\ndraft: true\n---\nDraft.\n",
    );
    site.run(&["build", "--output", "out", "--base-url", "https://x.test/"])
        .assert_ok();
    assert!(site.read("out/index.html").contains(r#"href="/guide/""#));
    assert!(!site.exists("out/guide/draft/index.html"));
    site.run(&["build", "--drafts"]).assert_ok();
    assert!(site.exists("public/guide/draft/index.html"));
    site.write("other.yaml", "title: Other\n");
    site.run(&["build", "--config", "other.yaml"]).assert_ok();
    assert!(site.read("public/index.html").contains("Other"));
}

#[test]
fn two_builds_are_byte_identical() {
    let a = TestSite::bundled();
    a.build().assert_ok();
    let first = snapshot(&a.root().join("public"));
    a.build().assert_ok();
    let second = snapshot(&a.root().join("public"));
    assert!(first.len() > 10);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

#[test]
fn the_bundled_handbook_builds_without_warnings() {
    let site = TestSite::bundled();
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let r7 = site.read("public/selling/r7-co-selling/index.html");
    assert!(r7.contains(r#"<tr id="r7-command-plans">"#));
    assert!(
        r7.contains("5,000"),
        "thresholds render from numbers in the data"
    );
}
