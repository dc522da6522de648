//! Incremental rebuilds equal full builds: after each kind of change, the session's
//! output is compared, file by file, with a fresh full build of the same input.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::TestSite;
use handbook::config::Overrides;
use handbook::session::{SearchUpdate, SearchWorker, Session};

fn full_output(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let built = handbook::Builder::new()
        .build(site.root(), &Overrides::default())
        .unwrap_or_else(|d| panic!("full build failed: {d:#?}"));
    built
        .output
        .files
        .keys()
        .map(|k| (k.clone(), built.output.read(k).unwrap()))
        .collect()
}

fn session_output(session: &Session) -> BTreeMap<String, Vec<u8>> {
    let out = session.output().expect("a good build");
    out.files
        .keys()
        .map(|k| (k.clone(), out.read(k).unwrap()))
        .collect()
}

#[track_caller]
fn assert_same(site: &TestSite, session: &Session, what: &str) {
    let full = full_output(site);
    let inc = session_output(session);
    let full_keys: Vec<&String> = full.keys().collect();
    let inc_keys: Vec<&String> = inc.keys().collect();
    assert_eq!(inc_keys, full_keys, "{what}: the same files");
    for (path, bytes) in &full {
        assert!(
            inc[path] == *bytes,
            "{what}: {path} differs from a full build"
        );
    }
}

fn rebuild(session: &mut Session, site: &TestSite, paths: &[&str]) -> handbook::session::Rebuilt {
    let changed: Vec<PathBuf> = paths.iter().map(|p| site.root().join(p)).collect();
    session
        .rebuild(&changed)
        .unwrap_or_else(|d| panic!("rebuild failed: {d:#?}"))
}

#[test]
fn every_kind_of_change_equals_a_full_build() {
    let site = TestSite::bundled();
    let mut session = Session::new(site.root(), Overrides::default());
    let first = session.full_build().unwrap();
    assert!(first.rendered > 10);
    assert_same(&site, &session, "first build");

    // A page's body: only that page is rendered again.
    let path = "content/program/tracks.md";
    site.write(
        path,
        site.read(path) + "\nOne more sentence for the test.\n",
    );
    let r = rebuild(&mut session, &site, &[path]);
    assert_eq!(r.rendered, 1, "one page re-rendered");
    assert!(
        r.changed.contains(&"program/tracks/index.html".to_string()),
        "{:?}",
        r.changed
    );
    assert_same(&site, &session, "body edit");

    // A title: the page, its neighbours and the pages whose navigation shows it.
    site.write(
        path,
        site.read(path).replacen("title: ", "title: Renamed ", 1),
    );
    let r = rebuild(&mut session, &site, &[path]);
    assert!(r.rendered > 1 && r.rendered < 30, "{}", r.rendered);
    assert_same(&site, &session, "title change");

    // A section's title: breadcrumbs below it, the top-level navigation, the 404 page.
    let section = "content/program/_index.md";
    site.write(
        section,
        site.read(section).replacen("title: ", "title: The ", 1),
    );
    rebuild(&mut session, &site, &[section]);
    assert_same(&site, &session, "section title change");

    // A title that reorders its section (same weights), and a weight change.
    let services = "content/program/services.md";
    site.write(
        services,
        site.read(services).replacen("weight: ", "weight: 1", 1),
    );
    rebuild(&mut session, &site, &[services]);
    assert_same(&site, &session, "weight change");
    site.write(
        services,
        site.read(services).replacen("title: ", "title: AAA ", 1),
    );
    rebuild(&mut session, &site, &[services]);
    assert_same(&site, &session, "title change that reorders");

    // A new page, then a deleted one.
    site.write(
        "content/program/new-page.md",
        "---\ntitle: A new page\n---\nHello [tracks](tracks.md).\n",
    );
    rebuild(&mut session, &site, &["content/program/new-page.md"]);
    assert_same(&site, &session, "new page");
    site.remove("content/program/new-page.md");
    rebuild(&mut session, &site, &["content/program/new-page.md"]);
    assert_same(&site, &session, "deleted page");

    // Data: the pages that show it.
    let data = "content/_data/r7.yaml";
    site.write(
        data,
        site.read(data)
            .replacen("Log every spoken", "Log each spoken", 1),
    );
    let r = rebuild(&mut session, &site, &[data]);
    assert!(r
        .changed
        .contains(&"selling/r7-co-selling/index.html".to_string()));
    assert_same(&site, &session, "data change");

    // The glossary touches every page that uses a term.
    let glossary = "content/_data/glossary.yaml";
    site.write(
        glossary,
        site.read(glossary)
            .replacen("Incremental annual contract value", "Incremental ACV", 1),
    );
    rebuild(&mut session, &site, &[glossary]);
    assert_same(&site, &session, "glossary change");

    // A template override appears, then a stylesheet.
    site.write("templates/shortcodes/field.html", "{% set rec = record(path=args.data, id=args.id) %}<strong>{{ rec.fields[args.key] | data_value }}</strong>");
    rebuild(&mut session, &site, &["templates/shortcodes/field.html"]);
    assert_same(&site, &session, "template change");
    site.write("static/extra.css", "body { color: black; }");
    let r = rebuild(&mut session, &site, &["static/extra.css"]);
    assert!(r.css_only, "{:?} rendered {}", r.changed, r.rendered);
    assert_same(&site, &session, "static file added");
    site.write("static/extra.css", "body { color: navy; }");
    let r = rebuild(&mut session, &site, &["static/extra.css"]);
    let pages_and_assets: Vec<&String> = r
        .changed
        .iter()
        .filter(|p| !p.starts_with("search/"))
        .collect();
    assert_eq!(pages_and_assets, vec!["extra.css"]);
    assert!(r.css_only);
    assert_eq!(r.rendered, 0, "no page depends on a stylesheet's bytes");

    // A folder renamed.
    std::fs::rename(
        site.root().join("content/overview"),
        site.root().join("content/about"),
    )
    .unwrap();
    site.write(
        "content/_index.md",
        site.read("content/_index.md")
            .replace("overview/", "about/"),
    );
    rebuild(
        &mut session,
        &site,
        &["content/overview", "content/about", "content/_index.md"],
    );
    assert_same(&site, &session, "folder rename");

    // Config: everything again.
    site.write(
        "handbook.yaml",
        site.read("handbook.yaml")
            .replacen("title: ", "title: New ", 1),
    );
    rebuild(&mut session, &site, &["handbook.yaml"]);
    assert_same(&site, &session, "config change");
}

#[test]
fn a_broken_change_keeps_the_last_good_site_and_recovers() {
    let site = TestSite::bundled();
    let mut session = Session::new(site.root(), Overrides::default());
    session.full_build().unwrap();
    let before = session_output(&session);
    let path = "content/program/tracks.md";
    let good = site.read(path);
    site.write(path, good.clone() + "\n[broken](nowhere.md)\n");
    let errors = session.rebuild(&[site.root().join(path)]).unwrap_err();
    assert!(errors
        .iter()
        .any(|d| d.rule == "broken-link" && d.file.ends_with("tracks.md")));
    assert_eq!(
        session_output(&session),
        before,
        "the last good site is kept"
    );
    site.write(path, good + "\nFixed.\n");
    rebuild(&mut session, &site, &[path]);
    assert_same(&site, &session, "after the fix");
}

#[test]
fn editor_temp_files_are_ignored() {
    let site = TestSite::bundled();
    let session = Session::new(site.root(), Overrides::default());
    for name in [
        "content/.tracks.md.swp",
        "content/4913",
        "content/tracks.md~",
        "content/.#tracks.md",
        "content/tracks.md___jb_tmp___",
    ] {
        assert_eq!(
            session.classify(&site.root().join(name)),
            handbook::session::ChangeKind::Ignored,
            "{name}"
        );
    }
}

/// Waits for the worker's next update and puts it into the session's output.
fn apply_next(session: &mut Session, updates: &std::sync::mpsc::Receiver<SearchUpdate>) {
    let update = updates
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the search worker answers");
    session.apply_search(update);
}

#[test]
fn the_search_index_written_on_another_thread_equals_a_full_builds() {
    let site = TestSite::bundled();
    let mut session = Session::new(site.root(), Overrides::default());
    session.defer_search(true);
    session.full_build().unwrap();
    let index_files = |session: &Session| {
        session_output(session)
            .into_keys()
            .filter(|p| handbook::search::is_index_file(p))
            .count()
    };
    assert_eq!(index_files(&session), 0, "the first build leaves the index");
    let (tx, updates) = std::sync::mpsc::channel();
    let worker = SearchWorker::spawn(move |u| tx.send(u).unwrap()).unwrap();
    worker.request(session.search_request().expect("the index is stale"));
    assert!(session.search_request().is_none(), "asked for once");
    apply_next(&mut session, &updates);
    assert!(index_files(&session) > 10);
    assert_same(&site, &session, "first index");

    // A body edit: the worker makes the records again from the parses.
    let path = "content/program/tracks.md";
    site.write(
        path,
        site.read(path) + "\nA sentence about zanzibarite for the index.\n",
    );
    rebuild(&mut session, &site, &[path]);
    worker.request(session.search_request().unwrap());
    apply_next(&mut session, &updates);
    assert_same(&site, &session, "body edit");

    // Edits faster than the worker: requests pile up, the last update shows the last edit.
    for n in 0..3 {
        site.write(path, site.read(path) + &format!("\nSave number {n}.\n"));
        rebuild(&mut session, &site, &[path]);
        worker.request(session.search_request().unwrap());
    }
    let section = "content/program/_index.md";
    site.write(
        section,
        site.read(section).replacen("title: ", "title: The ", 1),
    );
    rebuild(&mut session, &site, &[section]);
    worker.request(session.search_request().unwrap());
    while let Ok(update) = updates.recv_timeout(std::time::Duration::from_secs(5)) {
        session.apply_search(update);
    }
    assert_same(&site, &session, "edits while the index was being written");

    // The config changes: the site is loaded afresh, the whole index comes again.
    site.write(
        "handbook.yaml",
        site.read("handbook.yaml")
            .replacen("title: ", "title: New ", 1),
    );
    rebuild(&mut session, &site, &["handbook.yaml"]);
    worker.request(session.search_request().unwrap());
    apply_next(&mut session, &updates);
    assert_same(&site, &session, "config change");
}

/// The dev server keeps the text only of pages that include fragments: a changed fragment
/// parses those pages again from it, and any other page is parsed again only from its
/// file read anew. A retitled home page is in every page's breadcrumbs.
#[test]
fn a_changed_fragment_or_page_equals_a_full_build() {
    let site = TestSite::empty();
    site.write("content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n");
    site.write(
        "content/_fragments/steps.md",
        "1. Register the deal.\n2. Wait for approval.\n",
    );
    site.write(
        "content/with.md",
        "---\ntitle: With steps\n---\n\nBefore.\n\n{{< include path=\"_fragments/steps.md\" >}}\n\nAfter.\n",
    );
    site.write(
        "content/plain.md",
        "---\ntitle: Plain\n---\n\nNo includes here.\n",
    );
    let mut session = Session::new(site.root(), Overrides::default());
    session.full_build().unwrap();
    assert_same(&site, &session, "first build");

    site.write(
        "content/_fragments/steps.md",
        "1. Register the deal.\n2. Wait for approval.\n3. Co-sell.\n",
    );
    let r = rebuild(&mut session, &site, &["content/_fragments/steps.md"]);
    assert!(
        r.changed.contains(&"with/index.html".to_string()),
        "{:?}",
        r.changed
    );
    assert!(
        String::from_utf8(session.output().unwrap().read("with/index.html").unwrap())
            .unwrap()
            .contains("Co-sell.")
    );
    assert_same(&site, &session, "fragment changed");

    site.write(
        "content/plain.md",
        "---\ntitle: Plain\n---\n\nStill no includes.\n",
    );
    rebuild(&mut session, &site, &["content/plain.md"]);
    assert_same(&site, &session, "plain page changed");

    site.write("content/_fragments/steps.md", "1. Register.\n");
    rebuild(&mut session, &site, &["content/_fragments/steps.md"]);
    assert_same(&site, &session, "fragment changed again");

    site.write(
        "content/_index.md",
        "---\ntitle: Home page\n---\n\nWelcome.\n",
    );
    rebuild(&mut session, &site, &["content/_index.md"]);
    assert_same(&site, &session, "home retitled");
}
