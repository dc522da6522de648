//! Program data end to end: schemas, located violations, shortcodes, escaping, Markdown
//! in data, record anchors and edit links, the glossary.

mod common;

use common::TestSite;

#[test]
fn shortcodes_render_tables_cards_fields_and_fragments() {
    let site = TestSite::fixture("data");
    site.build().assert_ok();
    let home = site.read("public/index.html");
    // Table: chosen columns and headers, a row anchor per record, numbers formatted.
    assert!(home.contains("<caption>Partners</caption>"), "{home}");
    assert!(home.contains(r#"<th scope="col">Discount ($)</th>"#));
    assert!(
        home.contains(r#"<th scope="col">Notes</th>"#),
        "missing headers fall back to the field name"
    );
    assert!(home.contains(r#"<tr id="partners-acme">"#));
    assert!(home.contains(r#"<td data-label="Discount ($)">10,000</td>"#));
    // Inline field inside a sentence.
    assert!(home.contains("discount is $10,000 per deal."), "{home}");
    // Cards of records the table above already anchors: the anchor stays on the first.
    assert!(home.contains(r#"<section class="card" aria-labelledby="partners-globex-title">"#));
    let ids: Vec<&str> = home
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "ids are unique on the page: {ids:?}"
    );
    // The fragment is included, and its relative link resolved from the fragment's folder.
    assert!(home.contains(r#"Shared text with a <a href="/guide/#rules">link to the guide</a>."#));
    // Edit links point at the record's line in the repository.
    assert!(home
        .contains("https://gitlab.com/acme/handbook/-/blob/main/content/_data/partners.yaml#L3"));
    assert!(home
        .contains("https://gitlab.com/acme/handbook/-/blob/main/content/_data/partners.yaml#L8"));
}

#[test]
fn data_values_are_escaped_and_markdown_renders() {
    let site = TestSite::fixture("data");
    site.build().assert_ok();
    let home = site.read("public/index.html");
    assert!(home.contains("Acme &lt;Resellers&gt;"), "names are escaped");
    assert!(!home.contains("<script>alert"), "no script from data");
    assert!(home.contains("&lt;script&gt;alert("));
    assert!(home.contains(
        r#"See the <a href="/guide/#rules">guide</a> and <em>use</em> <code>code</code>."#
    ));
    assert!(
        !home.contains("javascript:"),
        "unsafe link schemes are dropped"
    );
}

#[test]
fn record_anchors_are_link_targets() {
    let site = TestSite::fixture("data");
    site.build().assert_ok();
    let guide = site.read("public/guide/index.html");
    assert!(guide.contains(r#"href="/#partners-acme""#));
    site.write("content/bad.md", "[x](_index.md#partners-acmee)\n");
    site.build()
        .assert_fails_with("content/bad.md:1:1: error[broken-anchor]")
        .assert_fails_with("did you mean `#partners-acme`?");
}

#[test]
fn glossary_marks_first_use_only_and_never_in_code_links_or_headings() {
    let site = TestSite::fixture("data");
    site.build().assert_ok();
    let guide = site.read("public/guide/index.html");
    let body = &guide[guide.find("page-body").unwrap()..];
    assert_eq!(
        body.matches("<abbr").count(),
        2,
        "IACV and AE once each: {body}"
    );
    assert!(body.contains(r#"<abbr class="gloss" title="Incremental annual contract value" tabindex="0">IACV</abbr> counts once"#));
    assert!(body.contains("a second IACV mention stays plain"));
    assert!(body.contains("<code>IACV</code>"));
    assert!(body.contains(r##"<a href="#rules">IACV in a link</a>"##));
    assert!(body.contains("IACV in a code block"));
    assert!(
        body.contains(r#"<h2 id="rules">IACV rules"#),
        "headings untouched"
    );
    let glossary = site.read("public/glossary/index.html");
    assert!(glossary.contains(r#"<dt id="glossary-iacv">IACV"#));
    assert!(glossary.contains("Incremental annual contract value"));
}

fn broken(data: &str) -> (TestSite, common::Run) {
    let site = TestSite::fixture("data");
    site.build().assert_ok();
    site.write("content/_data/partners.yaml", data);
    let run = site.build();
    // Nothing was published: the previous output is intact.
    assert!(site
        .read("public/index.html")
        .contains("Acme &lt;Resellers&gt;"));
    (site, run)
}

const HEAD: &str = "# yaml-language-server: $schema=_schemas/partners.yaml\npartners:\n  - id: acme\n    name: Acme\n    kind: reseller\n    discount: 1\n";

#[test]
fn schema_missing_field() {
    let (_, run) = broken(&format!(
        "{HEAD}  - id: globex\n    kind: services\n    discount: 5\n"
    ));
    run.assert_fails_with("content/_data/partners.yaml:7:5: error[data-schema]: partners[1].name: missing required field")
        .assert_fails_with("add `name:` to this record");
}

#[test]
fn schema_wrong_type() {
    let (_, run) = broken(&format!(
        "{HEAD}  - id: globex\n    name: G\n    kind: services\n    discount: lots\n"
    ));
    run.assert_fails_with(
        "content/_data/partners.yaml:10:5: error[data-schema]: partners[1].discount: wrong type",
    );
}

#[test]
fn schema_unknown_field_suggests_nearest() {
    let (_, run) = broken(&format!(
        "{HEAD}  - id: globex\n    name: G\n    kind: services\n    discount: 5\n    discont: 6\n"
    ));
    run.assert_fails_with("content/_data/partners.yaml:11:5: error[data-schema]: partners[1].discont: unknown field `discont`")
        .assert_fails_with("did you mean `discount`?");
}

#[test]
fn schema_bad_enum_value() {
    let (_, run) = broken(&format!(
        "{HEAD}  - id: globex\n    name: G\n    kind: distributor\n    discount: 5\n"
    ));
    run.assert_fails_with("content/_data/partners.yaml:9:5: error[data-schema]: partners[1].kind: \"distributor\" is not one of the allowed values")
        .assert_fails_with("use one of: [\"reseller\",\"services\"]");
}

#[test]
fn several_violations_are_reported_together() {
    let (_, run) = broken(&format!(
        "{HEAD}  - id: Bad Id\n    kind: x\n    discount: -1\n"
    ));
    run.assert_fails_with(
        "partners.yaml:7:5: error[data-schema]: partners[1].name: missing required field",
    )
    .assert_fails_with("partners.yaml:7:5: error[data-schema]: partners[1].id:")
    .assert_fails_with("partners.yaml:8:5: error[data-schema]: partners[1].kind:")
    .assert_fails_with("partners.yaml:9:5: error[data-schema]: partners[1].discount:");
}

#[test]
fn yaml_syntax_error_in_data() {
    let (_, run) = broken("partners:\n  - id: acme\n    name: [unclosed\n  - id: x\n");
    run.assert_fails_with("content/_data/partners.yaml:4:");
}

#[test]
fn alias_bomb_is_an_error_not_a_hang() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let (_, run) = broken(&bomb);
    run.assert_fails_with("content/_data/partners.yaml:")
        .assert_fails_with("alias bomb");
}

#[test]
fn duplicate_keys_are_located() {
    let (_, run) = broken(&format!("{HEAD}    discount: 2\n"));
    run.assert_fails_with(
        "content/_data/partners.yaml:7:5: error[data-yaml]: partners[0].discount: duplicate key",
    );
}

#[test]
fn deeply_nested_data_is_an_error_not_a_crash() {
    let deep = format!("partners: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let (_, run) = broken(&deep);
    run.assert_fails_with("content/_data/partners.yaml:1:");
}

#[test]
fn shortcode_errors_point_at_the_page() {
    let site = TestSite::fixture("data");
    site.write(
        "content/bad.md",
        "Intro.\n\n{{< table data=\"partners.partnrs\" columns=\"name\" >}}\n\n{{< tabel data=\"partners.partners\" >}}\n\nA {{< field data=\"partners.partners\" id=\"acme\" key=\"discont\" >}} b.\n\n{{< cards data=\"partners.partners\" fields=\"nmae\" >}}\n",
    );
    site.build()
        .assert_fails_with("content/bad.md:3:1: error[shortcode]: `partners.partnrs`: `partners` has no `partnrs` (did you mean `partners`?)")
        .assert_fails_with("content/bad.md:5:1: error[unknown-shortcode]: unknown shortcode `tabel`")
        .assert_fails_with("did you mean `table`?")
        .assert_fails_with("content/bad.md:7:3: error[shortcode]: record `acme` has no field `discont`")
        .assert_fails_with("content/bad.md:9:1: error[shortcode]: no record in `partners.partners` has a field `nmae`");
}

#[test]
fn broken_link_in_data_is_located_in_the_data_file() {
    let (_, run) = broken(&format!("{HEAD}    notes: see [missing](nowhere.md)\n"));
    run.assert_fails_with("content/_data/partners.yaml:7:5: error[broken-link]: `nowhere.md` points to `nowhere.md`, which does not exist");
}

#[test]
fn site_shortcodes_override_and_extend() {
    let site = TestSite::fixture("data");
    site.write(
        "templates/shortcodes/badge.html",
        "<span class=\"badge\">{{ args.text }}</span>",
    );
    site.write("content/badge.md", "Status: {{< badge text=\"<new>\" >}}\n");
    site.build().assert_ok();
    let page = site.read("public/badge/index.html");
    assert!(
        page.contains(r#"Status: <span class="badge">&lt;new&gt;</span>"#),
        "{page}"
    );
}

#[test]
fn bundled_data_sets_fail_the_build_on_a_wrong_field() {
    let site = TestSite::bundled();
    site.build().assert_ok();
    let path = site.root().join("content/_data/r7.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("    guidance:", "    guidence:", 1)).unwrap();
    site.build()
        .assert_fails_with("content/_data/r7.yaml:")
        .assert_fails_with("requirements[0].guidance: missing required field")
        .assert_fails_with("unknown field `guidence`");
}
