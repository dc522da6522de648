//! Hugo's shortcode grammar end to end (escapes, nesting, `%` and `<`, calls in code,
//! broken calls located), `severity:` settings, data in `data_dir` with JSON Schemas in
//! `schema/`, and incremental rebuilds of include and data changes outside `content/`.

mod common;

use std::path::PathBuf;

use common::TestSite;
use handbook::config::Overrides;
use handbook::session::Session;

fn site_with(page: &str) -> TestSite {
    let site = TestSite::empty();
    site.write("content/_index.md", "---\ntitle: Home\n---\n\nHello.\n");
    site.write("content/p.md", page);
    site
}

fn body(site: &TestSite, url: &str) -> String {
    let html = site.read(&format!("public/{url}index.html"));
    let start = html.find("<div class=\"page-body\">").unwrap();
    let end = html[start..]
        .find("</article>")
        .map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

#[test]
fn shortcode_grammar_escapes_nesting_delimiters_and_code() {
    let site = site_with(concat!(
        "---\ntitle: P\n---\n",
        "Escaped: `{{</* alert title=\"x\" */>}}` and {{%/* note */%}}.\n\n",
        "{{% details summary=\"Outer\" %}}\n",
        "{{< alert color=\"danger\" title=\"Inner\" >}}\n",
        "- a [link](#here)\n",
        "{{< /alert >}}\n",
        "{{% /details %}}\n\n",
        "## Here\n\n",
        "```text\n",
        "{{< label \"scope::value\" >}}\n",
        "{{</* label \"kept\" */>}}\n",
        "```\n",
    ));
    site.build().assert_ok();
    let page = body(&site, "p/");
    assert!(
        page.contains("<code>{{&lt; alert title=\"x\" &gt;}}</code>"),
        "{page}"
    );
    assert!(page.contains("{{% note %}}."), "{page}");
    let outer = page
        .find("<summary>Outer</summary>")
        .expect("outer details");
    let inner = page
        .find("<div class=\"callout callout-caution alert\"")
        .expect("inner alert");
    let link = page
        .find("<a href=\"#here\">link</a>")
        .expect("the link inside");
    assert!(outer < inner && inner < link, "{page}");
    // In a fence: a call is expanded, an escape is shown as written.
    assert!(
        page.contains("<span class=\"gl-label-key\">scope</span>"),
        "{page}"
    );
    assert!(
        page.contains("{{&lt; label &quot;kept&quot; &gt;}}"),
        "{page}"
    );
}

#[test]
fn broken_calls_are_located_errors() {
    let site = site_with(concat!(
        "---\ntitle: P\n---\n",
        "Text {{< alert title=\"unclosed >}}\n\n",
        "{{< note >}}\n\nnever closed\n\n",
        "Crossed {{< a >}}{{< b >}}{{< /a >}}{{< /b >}}\n\n",
        "Mixed {{< x %}}\n",
    ));
    let run = site.build();
    run.assert_fails_with(
        "content/p.md:4:22: error[shortcode]: a quoted argument has no closing `\"`",
    )
    .assert_fails_with(
        "content/p.md:6:1: error[shortcode]: `note` is not closed: its content would be lost",
    )
    .assert_fails_with("content/p.md:10:37: error[shortcode]: `/b` closes no open `b` shortcode")
    .assert_fails_with(
        "content/p.md:12:7: error[shortcode]: a shortcode opened with `{{<` is closed with `%}}`",
    );
}

#[test]
fn severity_settings_make_a_rule_an_error_a_warning_or_nothing() {
    let page = "---\ntitle: P\n---\n[gone](#nowhere)\n";
    let site = site_with(page);
    site.build()
        .assert_fails_with("content/p.md:4:1: error[broken-anchor]")
        .assert_fails_with("  broken-anchor: warning    # 1 error");
    site.write("handbook.yaml", "severity:\n  broken-anchor: warning\n");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains("warning[broken-anchor]"),
        "{}",
        run.stderr
    );
    let check = site.run(&["check", "--strict", "--today", "2026-01-01"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("warning[broken-anchor]"),
        "{}",
        check.stdout
    );
    site.write("handbook.yaml", "severity:\n  broken-anchor: off\n");
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("broken-anchor"), "{}", run.stderr);
    assert_eq!(
        site.run(&["check", "--strict", "--today", "2026-01-01"])
            .stdout
            .matches("broken-anchor")
            .count(),
        0
    );
    // A warning made an error.
    site.write("content/p.md", "---\ntitle: P\ntitel: x\n---\nBody\n");
    site.write("handbook.yaml", "severity:\n  unknown-key: error\n");
    site.build()
        .assert_fails_with("content/p.md:3:1: error[unknown-key]");
}

#[test]
fn severity_settings_name_rules_the_build_can_relax() {
    let site = site_with("---\ntitle: P\n---\nBody\n");
    site.write(
        "handbook.yaml",
        "title: T\nseverity:\n  broken-anchors: warning\n",
    );
    site.build()
        .assert_fails_with(
            "handbook.yaml:3:3: error[config]: severity: `broken-anchors` is not a rule",
        )
        .assert_fails_with("did you mean `broken-anchor`?");
    site.write("handbook.yaml", "severity:\n  template: off\n");
    site.build()
        .assert_fails_with("error[config]: severity: `template` cannot be turned off");
}

#[test]
fn data_dir_with_json_schemas_in_schema_folder() {
    let site = site_with(
        "---\ntitle: P\n---\n{{< table data=\"partners.list\" columns=\"name,tier\" >}}\n",
    );
    site.write("handbook.yaml", "data_dir: data\n");
    site.write(
        "data/partners.yml",
        "list:\n  - name: Acme\n    tier: gold\n  - name: Bolt\n    tier: 3\n",
    );
    site.write(
        "schema/partners.schema.json",
        r#"{"type": "object", "properties": {"list": {"type": "array", "items": {"type": "object", "properties": {"tier": {"type": "string"}}}}}}"#,
    );
    site.build()
        .assert_fails_with("data/partners.yml:5:")
        .assert_fails_with("error[data-schema]");
    site.write(
        "data/partners.yml",
        "list:\n  - name: Acme\n    tier: gold\n",
    );
    site.build().assert_ok();
    assert!(body(&site, "p/").contains("<td data-label=\"Name\">Acme"));
}

fn full_output(site: &TestSite) -> std::collections::BTreeMap<String, Vec<u8>> {
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

fn session_output(session: &Session) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = session.output().expect("a good build");
    out.files
        .keys()
        .map(|k| (k.clone(), out.read(k).unwrap()))
        .collect()
}

#[test]
fn includes_and_data_outside_content_rebuild_incrementally() {
    let site = site_with("---\ntitle: P\n---\n{{% include \"snippet.md\" %}}\n\n{{< table data=\"people.list\" columns=\"name\" >}}\n");
    site.write("handbook.yaml", "data_dir: data\ninclude_dir: assets\n");
    site.write("assets/snippet.md", "Included **once**.\n");
    site.write("data/people.yml", "list:\n  - name: Ada\n");
    let mut session = Session::new(site.root(), Overrides::default());
    session.full_build().unwrap();
    let changed =
        |paths: &[&str]| -> Vec<PathBuf> { paths.iter().map(|p| site.root().join(p)).collect() };
    site.write("assets/snippet.md", "Included **twice**.\n");
    let r = session.rebuild(&changed(&["assets/snippet.md"])).unwrap();
    assert!(
        r.changed.contains(&"p/index.html".to_string()),
        "{:?}",
        r.changed
    );
    assert_eq!(
        session_output(&session),
        full_output(&site),
        "after an include edit"
    );
    site.write("data/people.yml", "list:\n  - name: Grace\n");
    let r = session.rebuild(&changed(&["data/people.yml"])).unwrap();
    assert!(
        r.changed.contains(&"p/index.html".to_string()),
        "{:?}",
        r.changed
    );
    assert_eq!(
        session_output(&session),
        full_output(&site),
        "after a data edit"
    );
    assert!(String::from_utf8_lossy(&session_output(&session)["p/index.html"]).contains("Grace"));
}
