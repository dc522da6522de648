//! The search index through the real binary: what is indexed (titles, headings with their
//! anchors, body, descriptions, data records as their own results, code apart, glossary
//! synonyms) and what is not (navigation and other chrome), the files' layout, sub-path
//! sites, byte-identical rebuilds; then queries answered from the built index by the
//! client's own code under Node (tests/js/search-cli.js), when Node is there.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{snapshot, TestSite};
use serde_json::Value;

fn json(site: &TestSite, rel: &str) -> Value {
    serde_json::from_str(&site.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every fragment of the built site, by page URL.
fn fragments(site: &TestSite) -> BTreeMap<String, Value> {
    let dir = site.root().join("public/search/f");
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let v: Value = serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap();
            (v["u"].as_str().unwrap().to_string(), v)
        })
        .collect()
}

/// Every term of the built index with its entry (`[term, title, description, heading,
/// record, body, code]`).
fn terms(site: &TestSite) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for dir in ["t", "p"] {
        for e in walkdir::WalkDir::new(site.root().join("public/search").join(dir))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let list: Vec<Value> =
                serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap();
            for entry in list {
                out.insert(entry[0].as_str().unwrap().to_string(), entry);
            }
        }
    }
    // The titles' lists, in meta.json when they fit: in their entries, as the client puts
    // them (a word in titles alone has no entry in the term shards).
    let meta = json(site, "public/search/meta.json");
    for t in meta["titles"].as_array().into_iter().flatten() {
        let entry = out
            .entry(t[0].as_str().unwrap().to_string())
            .or_insert_with(|| Value::from(vec![t[0].clone()]));
        let fields = entry.as_array_mut().unwrap();
        fields.resize(fields.len().max(2), Value::from(""));
        assert_eq!(
            fields[1], "",
            "a title list in meta.json and in a shard: {fields:?}"
        );
        fields[1] = t[1].clone();
    }
    out
}

fn field(entry: &Value, i: usize) -> &str {
    entry.get(i).and_then(Value::as_str).unwrap_or("")
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
        "search/f/0/0.json",
        "search/index.html",
    ] {
        assert!(site.exists(&format!("public/{f}")), "{f}");
    }
    let meta = json(&site, "public/search/meta.json");
    let pages = meta["pages"].as_u64().unwrap();
    let frags = fragments(&site);
    // Each page's number of title words, a base64 digit a page.
    let lens = meta["lens"].as_str().unwrap();
    assert_eq!(lens.len() as u64, pages);
    assert!(!lens.contains('A'), "every page has a title: {lens}");
    assert_eq!(frags.len() as u64, pages);

    // Headings are sub-results with their anchors; data records too, with their facet.
    let r7 = &frags["selling/r7-co-selling/"];
    assert_eq!(r7["t"], "R7 co-selling requirements");
    assert_eq!(r7["p"], "Selling with partners");
    let subs: Vec<(String, String, String)> = r7["r"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s[0].as_str().unwrap().to_string(),
                s[1].as_str().unwrap().to_string(),
                s[2].as_str().unwrap().to_string(),
            )
        })
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
    let call = r7["r"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s[2] == "r7-call-notes")
        .unwrap();
    assert!(call[3].as_str().unwrap().contains("spoken interaction"));
    let thresholds = r7["r"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s[2] == "dollar-thresholds-by-segment")
        .unwrap();
    // Stored text is cut short (excerpts come from it); what comes later is still indexed:
    // the field's value in the sentence after the table is a term of the page's body.
    let stored = thresholds[3].as_str().unwrap();
    assert!(
        stored.contains("must be over the threshold") && stored.ends_with('…'),
        "{thresholds}"
    );
    // The glossary's terms are records of the glossary page.
    let glossary = &frags["glossary/"];
    assert!(glossary["r"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s[0] == "glossary.terms" && s[1] == "IACV" && s[2] == "glossary-iacv"));

    // Chrome is not indexed: navigation, header, footer, page facts, buttons.
    let all = site.read("public/search/f/0/0.json");
    for f in frags.values() {
        let text = f.to_string();
        for chrome in [
            "Skip to content",
            "Edit this page",
            "On this page",
            "Owner:",
            "Previous",
        ] {
            assert!(!text.contains(chrome), "{chrome} in {}", f["u"]);
        }
    }
    assert!(!all.contains("Dark theme"));
    let terms = terms(&site);
    for word in ["skip", "menu", "reviewed"] {
        assert!(!terms.contains_key(word), "chrome word {word} indexed");
    }

    // Fields: a title term, a heading term with its sub-result, body and description.
    let tracks = &terms["tracks"];
    assert!(!field(tracks, 1).is_empty(), "in a title");
    // The titles' lists are in meta.json (a query the titles settle reads no term shard):
    // sorted as the shards are, no stopword's, and none left in a term shard.
    let titles = meta["titles"].as_array().unwrap();
    assert!(titles.iter().any(|t| t[0] == "tracks"));
    let keys: Vec<&str> = titles.iter().map(|t| t[0].as_str().unwrap()).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    assert!(!keys.contains(&"the") && !keys.contains(&"and"));
    // The other words a typo is most likely of: sorted, five letters or more, no title's
    // word (those are known from the titles' lists), each in a term shard.
    let words: Vec<&str> = meta["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
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
    for e in walkdir::WalkDir::new(site.root().join("public/search/t")) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let shard: Vec<Value> =
                serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap();
            assert!(
                shard.iter().all(|e| field(e, 1).is_empty()),
                "{}",
                e.path().display()
            );
        }
    }
    assert!(
        !field(&terms["5000"], 5).is_empty(),
        "a field's value in a sentence"
    );
    let callnotes = &terms["notes"];
    assert!(!field(callnotes, 4).is_empty(), "in a record's title");

    // The glossary's terms stand for their expansions and back (the group term is
    // indexed wherever any name is found), and the groups are in meta for queries.
    let syn = meta["syn"].as_array().unwrap();
    assert!(syn.iter().any(|g| g[0] == "=iacv"
        && g.as_array()
            .unwrap()
            .contains(&Value::from("incremental annual contract value"))));
    assert!(terms.contains_key("=iacv") && terms.contains_key("=deal reg"));
    // Word pairs, with the stopwords between.
    assert!(terms.contains_key("call notes"));
    // A pair in a heading's or record's title lists those pages too ("Log call notes").
    assert!(
        !field(&terms["call notes"], 2).is_empty(),
        "{}",
        terms["call notes"]
    );
    assert!(terms.keys().any(|k| k.starts_with("channel neutral")));
    // Stopwords: just the word in the term shard, their lists in a file of their own.
    assert_eq!(terms["the"], serde_json::json!(["the"]));
    let stop = meta["stop"].as_array().unwrap();
    let at = stop.iter().position(|w| w == "the").unwrap();
    let own = json(&site, &format!("public/search/s/{at}.json"));
    assert_eq!(own[0], "the");
    assert!(!field(&own, 5).is_empty(), "the body list of \"the\"");
    assert_eq!(
        std::fs::read_dir(site.root().join("public/search/s"))
            .unwrap()
            .count(),
        stop.len(),
        "a file for every stopword"
    );

    // Filters: top-level sections and record facets with their pages.
    let filters = json(&site, "public/search/filters.json");
    let sections: Vec<&str> = filters["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[0].as_str().unwrap())
        .collect();
    assert!(sections.contains(&"Selling with partners") && sections.contains(&"Program"));
    let facets: Vec<(&str, &str)> = filters["facets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s[0].as_str().unwrap(), s[1].as_str().unwrap()))
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
    let terms = terms(&site);
    let code = &terms["zyxcode"];
    assert!(
        field(code, 5).is_empty() && !field(code, 6).is_empty(),
        "{code}"
    );
    for t in ["cafe", "resume", "midmarket", "mid", "market", "10k"] {
        assert!(!field(&terms[t], 5).is_empty(), "{t} in the body");
    }
    assert!(
        !field(&terms["営業"], 3).is_empty(),
        "a CJK pair in a heading"
    );
    assert!(terms.contains_key("パー"));
    let frags = fragments(&site);
    let home = &frags[""];
    assert_eq!(home["r"][1][2], "営業担当者の役割");
    // Code is kept apart in the fragment, short.
    assert_eq!(home["r"][1][4], "fn zyxcode() {}");
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
    assert_eq!(fragments(&a)["program/tracks/"]["u"], "program/tracks/");
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

/// Whether Node.js is here to run the client's code: in CI it must be; elsewhere a test
/// says it skips that part.
fn node_is_here() -> bool {
    if Command::new("node").arg("--version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "Node.js is needed for this test"
    );
    eprintln!("skipping the client's part: Node.js is missing");
    false
}

/// The client's answers (tests/js/search-cli.js under Node) to `queries` on the site built
/// in `site`, one JSON value each.
fn client_answers(site: &TestSite, queries: &[&str]) -> Vec<Value> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("node")
        .arg(repo.join("tests/js/search-cli.js"))
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
#[test]
fn queries_answered_from_the_built_index() {
    if !node_is_here() {
        return;
    }
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
#[test]
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
    let terms = terms(&site);
    let meta = json(&site, "public/search/meta.json");
    let pages = meta["pages"].as_u64().unwrap() as usize;

    // "approval": in one heading text on 820 pages (and in the body of each): pages only.
    let approval = field(&terms["approval"], 3);
    assert!(
        approval.starts_with('*') && !approval.contains('+'),
        "{approval}"
    );
    // "step": in 820 different headings: its pages, its sub-results in a file of their own.
    let step = field(&terms["step"], 3);
    let (_, n) = step.split_once('+').expect("pages, then the file");
    assert!(step.starts_with('*'), "{step}");
    let values = json(&site, &format!("public/search/h/{n}.json"));
    assert!(
        values.as_str().unwrap().len() >= 820,
        "a value a page: {values}"
    );

    // "partner": in the body of 820 pages: its own file, the same pages as the list would be.
    let partner = field(&terms["partner"], 5);
    let n = partner.strip_prefix('+').expect("a file of its own");
    let body: String = json(&site, &format!("public/search/b/{n}.json"))
        .as_str()
        .unwrap()
        .to_string();
    assert!(body.starts_with('~'), "a bitmap of {pages} pages: {body}");
    let set = body[1..]
        .bytes()
        .map(char::from)
        .filter(|&c| c != 'A')
        .count();
    assert!(set > 100, "{body}");
    // A word on a few pages keeps its list.
    assert!(!field(&terms["home"], 5).starts_with('+'));

    // Through the client: a heading query lands on the heading; words found only in body
    // text are found.
    if !node_is_here() {
        return;
    }
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
#[test]
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
    let meta = json(&site, "public/search/meta.json");
    assert_eq!(
        meta["titles"],
        Value::Array(vec![]),
        "too many for meta.json"
    );
    let terms = terms(&site);
    let w = word(123 * 40 + 7);
    assert!(!field(&terms[&w], 1).is_empty(), "{w} keeps its title list");
    // And it is among the word endings (for typos in its first letters).
    let ends = meta["ends"].as_array().unwrap().len();
    assert!((0..ends).any(|n| site
        .read(&format!("public/search/e/{n}.json"))
        .contains(&format!("\"{w}\""))));

    if !node_is_here() {
        return;
    }
    let query = format!("{w} {}", word(123 * 40 + 8));
    let line = &client_answers(&site, &[&query])[0];
    let url = line["results"][0]["url"].as_str().unwrap_or("");
    assert!(url.starts_with("/p123/?"), "{line}");
}
