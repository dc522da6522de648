//! The search index through the real binary: what is indexed (titles, headings with their
//! anchors, body, descriptions, data records as their own results, code apart, glossary
//! synonyms) and what is not (navigation and other chrome), the files' layout, sub-path
//! sites, byte-identical rebuilds. The index is read with the format's own types
//! (`common::index`). Queries answered by the client are in `search_client.rs`.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::index::IndexFiles;
use common::{snapshot, TestSite};
use handbook::search::format::{Filters, TermEntry};

fn index(site: &TestSite) -> IndexFiles {
    IndexFiles::of_site(&site.root().join("public"))
}

#[test]
fn the_bundled_handbook_is_indexed_from_its_content() {
    let site = TestSite::bundled();
    site.build().assert_ok();
    for f in [
        "search/meta.json",
        "search/filters.json",
        "search/t/0.json",
        "search/p/0.json",
        "search/e/0.json",
        "search/f/0.json",
        "search/index.html",
    ] {
        assert!(site.exists(&format!("public/{f}")), "{f}");
    }
    let index = index(&site);
    let meta = index.meta();
    let frags = index.fragments();
    // Each page's number of title words, a base64 digit a page.
    let lens = &meta.lens;
    assert_eq!(lens.len(), meta.pages);
    assert!(!lens.contains('A'), "every page has a title: {lens}");
    assert_eq!(frags.len(), meta.pages);

    // Headings are sub-results with their anchors; data records too, with their facet.
    let r7 = &frags["selling/r7-co-selling/"];
    assert_eq!(r7.t, "R7 co-selling requirements");
    assert_eq!(r7.p, "Selling with partners");
    let subs: Vec<(String, String, String)> =
        r7.r.iter()
            .map(|s| (s.kind.clone(), s.title.clone(), s.anchor.clone()))
            .collect();
    assert_eq!(subs[0].0, "", "the page itself first");
    assert!(subs.contains(&("h".into(), "Who does what".into(), "who-does-what".into())));
    assert!(subs.contains(&(
        "r7.requirements".into(),
        "Log call notes with (ii) in the title".into(),
        "r7-call-notes".into()
    )));
    assert!(subs.contains(&("r7.thresholds".into(), "SMB".into(), "r7-smb".into())));
    // A record's sub-result holds its fields as text; a field shown in a sentence is text.
    let call = r7.r.iter().find(|s| s.anchor == "r7-call-notes").unwrap();
    assert!(call.text.contains("spoken interaction"));
    let thresholds =
        r7.r.iter()
            .find(|s| s.anchor == "dollar-thresholds-by-segment")
            .unwrap();
    // Stored text is cut short (excerpts come from it); what comes later is still indexed:
    // the field's value in the sentence after the table is a term of the page's body.
    let stored = &thresholds.text;
    assert!(
        stored.contains("must be over the threshold") && stored.ends_with('…'),
        "{thresholds:?}"
    );
    // The glossary's terms are records of the glossary page.
    let glossary = &frags["glossary/"];
    assert!(glossary
        .r
        .iter()
        .any(|s| s.kind == "glossary.terms" && s.title == "IACV" && s.anchor == "glossary-iacv"));

    // Chrome is not indexed: navigation, header, footer, page facts, buttons.
    let all = site.read("public/search/f/0.json");
    for f in frags.values() {
        let text = serde_json::to_string(f).unwrap();
        for chrome in [
            "Skip to content",
            "Edit this page",
            "On this page",
            "Owner:",
            "Previous",
        ] {
            assert!(!text.contains(chrome), "{chrome} in {}", f.u);
        }
    }
    assert!(!all.contains("Dark theme"));
    let terms = index.terms();
    let pairs = index.pairs();
    for word in ["skip", "menu", "reviewed"] {
        assert!(!terms.contains_key(word), "chrome word {word} indexed");
    }

    // Fields: a title term, a heading term with its sub-result, body and description.
    let tracks = &terms["tracks"];
    assert!(!tracks.title.is_empty(), "in a title");
    // The titles' lists are in meta.json (a query the titles settle reads no term shard):
    // sorted as the shards are, no stopword's, and none left in a term shard.
    let titles = &meta.titles;
    assert!(titles.iter().any(|t| t.0 == "tracks"));
    let keys: Vec<&str> = titles.iter().map(|t| t.0.as_str()).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    assert!(!keys.contains(&"the") && !keys.contains(&"and"));
    // The other words a typo is most likely of: sorted, five letters or more, no title's
    // word (those are known from the titles' lists), each in a term shard.
    let words = handbook::search::format::front_decoded(&meta.words).expect("front-coded words");
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    assert!(words.windows(2).all(|w| w[0] < w[1]), "{words:?}");
    assert!(words.contains(&"commission"), "{words:?}");
    for w in &words {
        assert!(
            w.chars().count() >= 5 && w.chars().all(char::is_alphabetic),
            "{w}"
        );
        assert!(!keys.contains(w), "{w} is a title's word");
        assert!(terms.contains_key(*w), "{w}");
    }
    for (n, text) in index.numbered("t/").iter().enumerate() {
        let shard: Vec<TermEntry> = serde_json::from_str(text).unwrap();
        assert!(shard.iter().all(|e| e.title.is_empty()), "t/{n}.json");
    }
    assert!(
        !terms["5000"].body.is_empty(),
        "a field's value in a sentence"
    );
    let callnotes = &terms["notes"];
    assert!(!callnotes.record.is_empty(), "in a record's title");

    // The glossary's terms stand for their expansions and back (the group term is
    // indexed wherever any name is found), and the groups are in meta for queries.
    assert!(meta
        .syn
        .iter()
        .any(|g| g[0] == "=iacv" && g.contains(&"incremental annual contract value".to_string())));
    assert!(terms.contains_key("=iacv") && terms.contains_key("=deal reg"));
    // Word pairs, with the stopwords between.
    assert!(pairs.contains_key("call notes"));
    // A pair in a heading's or record's title lists those pages too ("Log call notes").
    assert!(
        !pairs["call notes"].headed.is_empty(),
        "{:?}",
        pairs["call notes"]
    );
    assert!(pairs.keys().any(|k| k.starts_with("channel neutral")));
    // Stopwords: just the word in the term shard, their lists in a file of their own.
    let only_the = TermEntry {
        term: "the".into(),
        ..TermEntry::default()
    };
    assert_eq!(terms["the"], only_the);
    let stop = &meta.stop;
    let at = stop.iter().position(|w| w == "the").unwrap();
    let own: TermEntry = index.read(&format!("s/{at}.json"));
    assert_eq!(own.term, "the");
    assert!(!own.body.is_empty(), "the body list of \"the\"");
    assert_eq!(
        std::fs::read_dir(site.root().join("public/search/s"))
            .unwrap()
            .count(),
        stop.len(),
        "a file for every stopword"
    );

    // Filters: top-level sections and record facets with their pages.
    let filters: Filters = index.read("filters.json");
    let sections: Vec<&str> = filters.sections.iter().map(|s| s.title.as_str()).collect();
    assert!(sections.contains(&"Selling with partners") && sections.contains(&"Program"));
    let facets: Vec<(&str, &str)> = filters
        .facets
        .iter()
        .map(|s| (s.path.as_str(), s.label.as_str()))
        .collect();
    assert!(facets.contains(&("r7.requirements", "R7 requirements")));
    assert!(facets.contains(&("partner_types.types", "Partner types")));
    assert!(facets.contains(&("tracks.tracks", "Tracks")));

    // The results page is a page of the site, with its navigation.
    let page = site.read("public/search/index.html");
    assert!(page.contains("data-search-page") && page.contains("id=\"site-nav\""));
    assert!(page.contains("<script src=\"/search.js\" defer>"));
}

#[test]
fn code_is_indexed_apart_and_unicode_text_is_found() {
    let site = TestSite::empty();
    site.write(
        "content/_index.md",
        "---\ntitle: Home\n---\n\nCafé résumé for the Mid-Market team, $10k deals.\n\n## 営業担当者の役割\n\nパートナーと協力します。\n\n```rust\nfn zyxcode() {}\n```\n",
    );
    site.build().assert_ok();
    let index = index(&site);
    let terms = index.terms();
    let code = &terms["zyxcode"];
    assert!(code.body.is_empty() && !code.code.is_empty(), "{code:?}");
    for t in ["cafe", "resume", "midmarket", "mid", "market", "10k"] {
        assert!(!terms[t].body.is_empty(), "{t} in the body");
    }
    assert!(!terms["営業"].heading.is_empty(), "a CJK pair in a heading");
    assert!(terms.contains_key("パー"));
    let frags = index.fragments();
    let home = &frags[""];
    assert_eq!(home.r[1].anchor, "営業担当者の役割");
    // Code is kept apart in the fragment, short.
    assert_eq!(home.r[1].code.as_deref(), Some("fn zyxcode() {}"));
}

#[test]
fn rebuilds_are_byte_identical_and_sub_paths_are_the_client_s_business() {
    let a = TestSite::bundled();
    let b = TestSite::bundled();
    a.run(&["build", "--base-url", "https://example.com/handbook/"])
        .assert_ok();
    b.run(&["build", "--base-url", "https://example.com/handbook/"])
        .assert_ok();
    let index = |site: &TestSite| -> BTreeMap<String, Vec<u8>> {
        snapshot(&site.root().join("public"))
            .into_iter()
            .filter(|(k, _)| k.starts_with("search"))
            .collect()
    };
    let (x, y) = (index(&a), index(&b));
    assert!(x.len() > 20);
    assert!(
        x == y,
        "two builds of the same site wrote different index files"
    );
    // Fragments hold URLs below the base path; the page knows the base path.
    let frags = IndexFiles::of_site(&a.root().join("public")).fragments();
    assert_eq!(frags["program/tracks/"].u, "program/tracks/");
    let page = a.read("public/search/index.html");
    assert!(page.contains("action=\"/handbook/search/\""));
    assert!(page.contains("src=\"/handbook/search.js\""));
}

#[test]
fn a_page_of_the_site_at_search_wins_and_the_index_can_be_left_out() {
    let site = TestSite::empty();
    site.write("content/_index.md", "---\ntitle: Home\n---\n\nHello.\n");
    site.write(
        "content/search.md",
        "---\ntitle: Our search page\n---\n\nOwn words.\n",
    );
    site.build().assert_ok();
    assert!(site
        .read("public/search/index.html")
        .contains("Our search page"));
    assert!(site.exists("public/search/meta.json"));

    let plain = TestSite::empty();
    plain.write("content/_index.md", "---\ntitle: Home\n---\n\nHello.\n");
    let out = Command::new(common::bin())
        .arg("--root")
        .arg(plain.root())
        .arg("build")
        .arg("--no-search-index")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!plain.exists("public/search/meta.json"));
    assert!(plain.exists("public/search/index.html"));
}
