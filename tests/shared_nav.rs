//! A site with many top-level sections shares the navigation's top level in one script
//! (`nav-top.js`): each page keeps its own entry and calls the script for the others. What
//! the script writes in place must be exactly the navigation the page has unshared.

mod common;

use common::TestSite;
use handbook::config::Overrides;
use handbook::session::Session;

/// A site of `sections` top-level sections of two pages each, and a page at the top.
fn site(sections: usize, shared_from: usize) -> TestSite {
    let site = TestSite::empty();
    site.write(
        "handbook.yaml",
        format!("title: Many sections\nbase_url: https://example.com/docs/\nshared_nav_from: {shared_from}\n"),
    );
    site.write("content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n");
    site.write(
        "content/about.md",
        "---\ntitle: About <us> & \"them\"\n---\n\nText.\n",
    );
    for s in 0..sections {
        site.write(
            &format!("content/s{s:02}/_index.md"),
            format!("---\ntitle: Section {s}\nweight: {s}\n---\n\nSection text.\n"),
        );
        for p in 0..2 {
            site.write(
                &format!("content/s{s:02}/p{p}.md"),
                format!("---\ntitle: Page {s}.{p}\n---\n\nBody of page {p}.\n"),
            );
        }
    }
    site
}

/// The `<nav id="site-nav">` element of a page.
fn nav(html: &str) -> &str {
    let start = html
        .find("<nav id=\"site-nav\"")
        .expect("a site navigation");
    let end = start + html[start..].find("</nav>").expect("its end");
    &html[start..end]
}

/// The entries the shared script holds, as its `handbookNavTop` array.
fn shared_entries(script: &str) -> Vec<String> {
    let start = script.find("var handbookNavTop=").expect("the entries") + 19;
    let end = start + script[start..].find(";\n").expect("their end");
    serde_json::from_str(&script[start..end]).expect("a JSON array of strings")
}

/// The page's navigation with each `handbookNav(from, to)` call replaced by what it writes.
fn written(nav: &str, entries: &[String]) -> String {
    let mut out = String::new();
    let mut rest = nav;
    while let Some(at) = rest.find("<script>handbookNav(") {
        out.push_str(&rest[..at]);
        let args_end = at + rest[at..].find(")</script>").expect("a call");
        let args: Vec<usize> = rest[at + 20..args_end]
            .split(',')
            .map(|a| a.parse().expect("a number"))
            .collect();
        let to = args
            .get(1)
            .copied()
            .unwrap_or(entries.len())
            .min(entries.len());
        out.push_str(&entries[args[0]..to].concat());
        rest = &rest[args_end + ")</script>".len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn a_shared_top_level_writes_exactly_the_navigation_of_an_unshared_one() {
    let shared = site(8, 5);
    shared.build().assert_ok();
    let whole = site(8, 0);
    whole.build().assert_ok();
    assert!(!whole.exists("public/nav-top.js"), "0 never shares");
    let script = shared.read("public/nav-top.js");
    let entries = shared_entries(&script);
    // The home page, the page at the top, the sections and their pages, and the 404 page.
    assert_eq!(entries.len(), 9, "{entries:?}");
    assert!(entries
        .iter()
        .any(|e| e.contains("About &lt;us&gt; &amp; &quot;them&quot;")));
    let mut pages = vec![
        "index.html".to_string(),
        "about/index.html".into(),
        "404.html".into(),
    ];
    for s in [0, 3, 7] {
        pages.push(format!("s{s:02}/index.html"));
        pages.push(format!("s{s:02}/p1/index.html"));
    }
    for page in &pages {
        let html = shared.read(&format!("public/{page}"));
        assert!(
            html.contains("<script src=\"/docs/nav-top.js\"></script>\n</head>"),
            "{page} loads the shared entries in its head, before the navigation"
        );
        let own = nav(&html);
        assert!(own.len() < nav(&whole.read(&format!("public/{page}"))).len());
        assert_eq!(
            written(own, &entries),
            nav(&whole.read(&format!("public/{page}"))),
            "{page}"
        );
    }
    // Below the threshold nothing is shared.
    let few = site(3, 5);
    few.build().assert_ok();
    assert!(!few.exists("public/nav-top.js"));
    assert!(!few.read("public/s00/index.html").contains("handbookNav"));
}

#[test]
fn a_renamed_top_level_section_reaches_the_shared_script_in_serve() {
    let site = site(8, 5);
    let mut session = Session::new(site.root(), Overrides::default());
    session.full_build().expect("a first build");
    site.write(
        "content/s03/_index.md",
        "---\ntitle: Renamed section\nweight: 3\n---\n\nSection text.\n",
    );
    session
        .rebuild(&[site.root().join("content/s03/_index.md")])
        .unwrap_or_else(|d| panic!("rebuild failed: {d:#?}"));
    let built = handbook::Builder::new()
        .build(site.root(), &Overrides::default())
        .unwrap_or_else(|d| panic!("full build failed: {d:#?}"));
    let served = session.output().expect("a good build");
    for path in [
        "nav-top.js",
        "index.html",
        "s00/p0/index.html",
        "s03/index.html",
        "404.html",
    ] {
        assert_eq!(
            served.read(path).unwrap(),
            built.output.read(path).unwrap(),
            "{path} after the rename"
        );
    }
    assert!(String::from_utf8(served.read("nav-top.js").unwrap())
        .unwrap()
        .contains("Renamed section"));
}
