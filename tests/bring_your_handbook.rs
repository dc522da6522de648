//! Existing handbooks build unedited: a Hugo/Docsy one (`tests/fixtures/hugo-docsy`) and
//! a plain GitHub-style one (`tests/fixtures/github-style`), each with the handbook.yaml
//! the README gives for its kind. What each fixture holds, line by line, is in its
//! EXPECTATIONS.md; these tests check the rendered HTML of every shortcode, the
//! navigation, each link form, heading ids and each severity setting.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{bin, copy_dir, Run};

/// A fixture copied and built once per test run (tests only read it).
struct Built {
    root: PathBuf,
    run: Run,
}

impl Built {
    fn new(fixture: &str, edit: impl FnOnce(&Path)) -> Built {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("bring-your-handbook")
            .join(format!("{fixture}-{}", std::process::id()))
            .join(unique());
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture),
            &root,
        );
        edit(&root);
        let run = Run::from(
            std::process::Command::new(bin())
                .arg("--root")
                .arg(&root)
                .arg("build")
                .output()
                .expect("run handbook"),
        );
        Built { root, run }
    }

    /// The HTML of the page at `url` (a site path such as `/handbook/sales/`).
    fn page(&self, url: &str) -> String {
        let path = self
            .root
            .join("public")
            .join(url.trim_start_matches('/'))
            .join("index.html");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The body of a page (what the Markdown made), without the navigation around it.
    fn body(&self, url: &str) -> String {
        let html = self.page(url);
        let start = html.find("<div class=\"page-body\">").expect("a page body");
        let end = html[start..]
            .find("</article>")
            .map_or(html.len(), |e| start + e);
        html[start..end].to_string()
    }

    fn exists(&self, rel: &str) -> bool {
        self.root.join("public").join(rel).exists()
    }

    /// How many diagnostics of each rule the build printed.
    fn counts(&self) -> BTreeMap<String, usize> {
        rule_counts(&self.run.stderr)
    }
}

fn unique() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed).to_string()
}

fn rule_counts(stderr: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for line in stderr.lines() {
        for sev in ["error[", "warning["] {
            if let Some(i) = line.find(&format!(": {sev}")) {
                let rest = &line[i + 2 + sev.len()..];
                let rule = rest.split(']').next().unwrap_or("");
                *counts.entry(format!("{sev}{rule}]")).or_insert(0) += 1;
            }
        }
    }
    counts
}

fn hugo() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| Built::new("hugo-docsy", |_| {}))
}

fn github() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| Built::new("github-style", |_| {}))
}

fn set_config(root: &Path, from: &str, to: &str) {
    let path = root.join("handbook.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "handbook.yaml lacks {from:?}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

#[track_caller]
fn has(html: &str, needle: &str) {
    assert!(html.contains(needle), "missing {needle:?} in:\n{html}");
}

#[track_caller]
fn lacks(html: &str, needle: &str) {
    assert!(!html.contains(needle), "unexpected {needle:?} in:\n{html}");
}

// ---- Hugo/Docsy ----

#[test]
fn hugo_docsy_builds_unedited_with_its_findings_as_warnings() {
    let b = hugo();
    b.run.assert_ok();
    let counts = b.counts();
    assert_eq!(
        counts.get("warning[broken-anchor]"),
        Some(&22),
        "{counts:?}"
    );
    // Three links to pages that are gone, and one to a draft.
    assert_eq!(counts.get("warning[broken-link]"), Some(&4), "{counts:?}");
    assert_eq!(counts.get("warning[unknown-key]"), Some(&3), "{counts:?}");
    assert_eq!(
        counts.get("warning[unknown-shortcode]"),
        Some(&29),
        "{counts:?}"
    );
    assert!(
        !counts.keys().any(|k| k.starts_with("error")),
        "{}",
        b.run.stderr
    );
    let err = &b.run.stderr;
    has(err, "content/handbook/about/editing.md:66:");
    has(
        err,
        "content/handbook/sales/channel/channel-neutral-compensation.md:14:",
    );
    has(
        err,
        "warning[unknown-key]: `weigth` is not a front matter key",
    );
    has(err, "hint: did you mean `weight`?");
    // The call is named with its arguments, at its line and column.
    has(err, "content/handbook/sales/channel/channel-operations.md:35:1: warning[unknown-shortcode]: unknown shortcode `tableau` ({{< tableau");
    has(b.run.stderr.as_str(), "Built 69 pages");
}

#[test]
fn with_default_severities_the_build_fails_and_names_the_settings_that_publish_it() {
    let b = Built::new("hugo-docsy", |root| {
        set_config(
            root,
            "severity:\n  broken-anchor: warning\n  broken-link: warning\n  unknown-shortcode: warning\n",
            "",
        )
    });
    assert_eq!(b.run.code, 1, "{}", b.run.stderr);
    has(&b.run.stderr, "Build failed: 55 errors");
    has(&b.run.stderr, "set in handbook.yaml:\nseverity:\n");
    has(&b.run.stderr, "  broken-anchor: warning    # 22 errors\n");
    has(&b.run.stderr, "  broken-link: warning    # 4 errors\n");
    has(
        &b.run.stderr,
        "  unknown-shortcode: warning    # 29 errors\n",
    );
    assert!(!b.exists("index.html"), "nothing written");
}

#[test]
fn alert_details_label_include_and_refs_render() {
    let page = hugo().body("/handbook/about/shortcodes/");
    // alert: Docsy's color picks the callout; inner Markdown with a checked link.
    has(&page, "<div class=\"callout callout-warning alert\" role=\"note\"><p class=\"callout-title\">Before you quote</p>\n<p>Check the <a href=\"/handbook/sales/deal-desk/discounts/\">discount bands</a> first.</p>\n</div>");
    // details with its summary.
    has(&page, "<details class=\"details\"><summary>Why do we ask for the close date?</summary>\n<div class=\"details-body\"><p>Registrations expire 90 days");
    // Scoped labels in two parts, with the given colour and a readable text colour.
    has(&page, "<span class=\"gl-label gl-label-scoped\" style=\"--label-bg: #6e49cb; --label-fg: #fff\"><span class=\"gl-label-key\">partner</span><span class=\"gl-label-value\">select</span></span>");
    // Escapes print the call, in inline code and in fences; nothing is left unexpanded.
    has(&page, "<code>{{&lt; name &gt;}}</code>");
    has(&page, "<code>{{% name %}}</code>");
    has(
        &page,
        "{{% alert title=&quot;Before you quote&quot; color=&quot;warning&quot; %}}",
    );
    // A call inside a fence is expanded before Markdown, as Hugo does.
    has(&page, "Status: <span class=\"gl-label gl-label-scoped\"");
    // include of a YAML file inside a fence: its text, highlighted as YAML.
    has(&page, "deal_registration.updated</span>");
    // ref and relref are links.
    has(&page, "href=\"/handbook/sales/deal-desk/\"");
    has(
        &page,
        "href=\"/handbook/sales/channel/program-tracks/#select-track\"",
    );
    lacks(&page, "hbsc");
}

#[test]
fn nested_shortcodes_and_includes_of_includes() {
    let b = hugo();
    let faq = b.body("/handbook/sales/sales-faq/");
    // An alert with a list inside a details.
    let details = faq
        .find("<details class=\"details\"><summary>Who approves a discount above my band?")
        .expect("the outer details");
    let alert = faq[details..]
        .find("<div class=\"callout callout-warning alert\" role=\"note\"><p class=\"callout-title\">Escalations</p>")
        .expect("the alert inside");
    let list = faq[details + alert..]
        .find("<ul>")
        .expect("the list inside");
    let closes = faq[details..].find("</details>").unwrap();
    assert!(alert + list < closes, "nested in order:\n{faq}");
    let reg = b.body("/handbook/sales/channel/deal-registration/");
    // deal-reg-steps.md includes deal-reg-contacts.md.
    has(&reg, "<ol>");
    has(&reg, "<table>");
    // A raw string title spanning two lines.
    has(&reg, "Registrations close\nat the quote stage");
    // Positional label arguments.
    has(
        &reg,
        "<span class=\"gl-label-key\">dealreg</span><span class=\"gl-label-value\">approved</span>",
    );
    // A shortcode inside an included file renders.
    let footer_page = b.body("/handbook/enablement/level-up/");
    has(&footer_page, "<span class=\"gl-label-key\">enablement</span><span class=\"gl-label-value\">request</span>");
}

#[test]
fn cards_panels_notes_figures_and_videos_render() {
    let b = hugo();
    let program = b.body("/handbook/sales/channel/partner-program/");
    has(&program, "<div class=\"sc-cardpane\">");
    assert_eq!(
        program.matches("<div class=\"sc-card\">").count(),
        2,
        "{program}"
    );
    has(
        &program,
        "<div class=\"sc-card-header\"><strong>Open</strong></div>",
    );
    has(
        &program,
        "<div class=\"sc-card-footer\">Anyone can join</div>",
    );
    // A video loads nothing from YouTube until played: a local play button in srcdoc.
    has(
        &program,
        "src=\"https://www.youtube-nocookie.com/embed/J3xRq8LkP0w?autoplay=1&amp;start=0\"",
    );
    has(&program, "srcdoc=\"&lt;style&gt;");
    has(
        &program,
        "href=\"https://www.youtube.com/watch?v=J3xRq8LkP0w&amp;t=0s\"",
    );
    lacks(&program, "<script");
    let partners = b.body("/handbook/sales/channel/working-with-partners/");
    has(&partners, "embed/J3xRq8LkP0w?autoplay=1&amp;start=120");
    let webinars = b.body("/handbook/marketing/webinars/");
    has(
        &webinars,
        "https://player.vimeo.com/video/486213579?autoplay=1&amp;dnt=1",
    );
    has(&webinars, "title=\"FY25 Q2 kickoff\"");
    let tracks = b.body("/handbook/sales/channel/program-tracks/");
    has(&tracks, "<div class=\"panel\" style=\"--panel-bg: purple; --panel-fg: #fff\"><div class=\"panel-header\"><strong>What Select partners get</strong></div>");
    has(&tracks, "href=\"/handbook/sales/deal-desk/discounts/\"");
    let services = b.body("/handbook/sales/channel/services-partners/");
    has(
        &services,
        "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Note</p>",
    );
    let branding = b.body("/handbook/marketing/partner-marketing/co-branding/");
    has(
        &branding,
        "<figure><img src=\"/images/logos/partner-badge-select.svg\" alt=\"Select partner badge\"",
    );
    has(&branding, "<figcaption>The Select badge");
    assert!(b.exists("images/logos/partner-badge-select.svg"));
}

#[test]
fn shortcodes_we_cannot_render_show_a_placeholder_with_their_content() {
    let b = hugo();
    let kpis = b.body("/handbook/sales/channel/channel-kpis/");
    let at = kpis
        .find("<div class=\"shortcode-missing\" role=\"note\"><p class=\"shortcode-missing-name\">Not shown on this site: <code>tableau</code></p>")
        .expect("a placeholder naming tableau");
    // The inner paragraph is still there, with its link resolved.
    has(
        &kpis[at..],
        "href=\"/handbook/sales/channel/channel-team/\"",
    );
    let err = &b.run.stderr;
    has(err, "unknown shortcode `team-members`");
    has(err, "unknown shortcode `blocks/cover` ({{< blocks/cover");
}

#[test]
fn a_site_adds_a_template_for_a_shortcode_it_has() {
    let b = Built::new("hugo-docsy", |root| {
        let dir = root.join("templates/shortcodes");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("partner-tiers.html"),
            "<p class=\"tiers\">Tiers: {{ args.track | default(value=\"all\") }}</p>",
        )
        .unwrap();
    });
    b.run.assert_ok();
    assert!(
        !b.run.stderr.contains("unknown shortcode `partner-tiers`"),
        "{}",
        b.run.stderr
    );
    has(
        &b.body("/handbook/sales/channel/program-tracks/"),
        "<p class=\"tiers\">Tiers:",
    );
}

#[test]
fn docsy_front_matter_shapes_the_navigation() {
    let b = hugo();
    let home = b.page("/handbook/sales/channel/");
    let nav_start = home.find("<nav").unwrap();
    let nav_end = home[nav_start..].find("</nav>").unwrap() + nav_start;
    let nav = &home[nav_start..nav_end];
    // linkTitle is the navigation label.
    has(nav, ">MDF</a>");
    // toc_hide: built, linked, but not in the navigation.
    lacks(nav, "/handbook/sales/channel/partner-portal/");
    assert!(b.exists("handbook/sales/channel/partner-portal/index.html"));
    // build: {render: never}: not written at all.
    assert!(!b.exists("handbook/sales/channel/old-partner-program/index.html"));
    assert!(!b.exists("handbook/sales/deal-desk/internal-notes/index.html"));
    // Drafts are not built.
    assert!(!b.exists("handbook/alliances/isv-partners/index.html"));
    // no_list: no child list; simple_list: titles only.
    lacks(&b.page("/handbook/sales/"), "class=\"section-list");
    let channel = b.body("/handbook/sales/channel/");
    has(&channel, "<ul class=\"section-list simple\">");
    // noindex: the robots meta, and out of the sitemap.
    has(
        &b.page("/handbook/about/changelog/"),
        "<meta name=\"robots\" content=\"noindex\">",
    );
    lacks(&b.page("/handbook/sales/"), "name=\"robots\"");
    let sitemap = std::fs::read_to_string(b.root.join("public/sitemap.xml")).unwrap();
    lacks(&sitemap, "/handbook/about/changelog/");
    lacks(&sitemap, "old-partner-program");
    // `Title` with a capital is the title.
    has(
        &b.page("/handbook/sales/operating-cadence/"),
        "<title>Sales operating cadence",
    );
    // Aliases, absolute and relative to the page's section.
    assert!(b.exists("handbook/handbook-usage/index.html"));
    assert!(b.exists("handbook/sales/channel/deal-reg-process/index.html"));
}

#[test]
fn unknown_front_matter_keys_reach_templates_as_page_extra() {
    let b = Built::new("hugo-docsy", |root| {
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(
            root.join("templates/wide.html"),
            "{% extends \"page.html\" %}{% block after_content %}<dl class=\"extra\">{% for k, v in page.extra %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}</dl>{% endblock after_content %}",
        )
        .unwrap();
    });
    b.run.assert_ok();
    // partner-program.md has `layout: wide`: the site's template is used, with the keys
    // the site does not read.
    let page = b.page("/handbook/sales/channel/partner-program/");
    has(&page, "<dl class=\"extra\">");
    has(
        &page,
        "<dt>category</dt><dd>channel</dd><dt>controlled_document</dt><dd>false</dd>",
    );
}

#[test]
fn links_resolve_as_hugo_resolved_them() {
    let b = hugo();
    let editing = b.body("/handbook/about/editing/");
    // Against the file's folder.
    has(
        &editing,
        "href=\"/handbook/about/style-guide/#front-matter-keys\"",
    );
    // Against the page's URL (`../editing/` from /handbook/about/editing/).
    has(&editing, "href=\"/handbook/about/editing/#local-preview\"");
    // Served by another site on the same host: left as written, not checked.
    has(&editing, "href=\"/job-families/");
    has(&editing, "href=\"/company/team/\"");
    let onboarding = b.body("/handbook/sales/onboarding/");
    // The site's own absolute URL is internal.
    has(&onboarding, "href=\"/handbook/sales/sales-faq/#qa--faq\"");
    let changelog = b.body("/handbook/about/changelog/");
    // Site paths without a slash, to _index.md, with .md.
    has(&changelog, "href=\"/handbook/sales/channel/\"");
    has(
        &changelog,
        "href=\"/handbook/sales/channel/partner-program/\"",
    );
    // Raw HTML href with a relative .md path.
    let channel = b.body("/handbook/sales/channel/");
    has(&channel, "href=\"/handbook/sales/channel/partner-portal/\"");
    has(&channel, "href=\"https://partners.example.com/locator\"");
    // A file in content/ beside its page, and files of static/.
    has(&channel, "/handbook/sales/channel/images/channel-flow.svg");
    assert!(b.exists("handbook/sales/channel/images/channel-flow.svg"));
    let tracks = b.body("/handbook/sales/channel/program-tracks/");
    has(&tracks, "<img src=\"/images/");
    // Without links.ignore the other site's paths are broken links.
    let strict = Built::new("hugo-docsy", |root| {
        set_config(root, "links:\n  ignore: [/job-families/, /company/]\n", "")
    });
    assert_eq!(
        strict.counts().get("warning[broken-link]"),
        Some(&11),
        "{}",
        strict.run.stderr
    );
}

#[test]
fn heading_ids_follow_github_and_hugo_unless_told_gitlab() {
    let b = hugo();
    has(
        &b.body("/handbook/sales/channel/partner-program/"),
        "<h2 id=\"partner-types--tracks\">",
    );
    has(&b.body("/handbook/sales/sales-faq/"), "<h2 id=\"qa--faq\">");
    has(
        &b.body("/handbook/sales/channel/working-with-partners/"),
        "<h2 id=\"-know-your-partners\">",
    );
    has(
        &b.body("/handbook/sales/channel/distributors/"),
        "<h2 id=\"région-dach-österreich--schweiz\">",
    );
    let style = b.body("/handbook/about/style-guide/");
    has(&style, "<h3 id=\"examples\">");
    has(&style, "<h3 id=\"examples-1\">");
    has(
        &b.body("/handbook/sales/commercial/command-plan/"),
        "<h3 id=\"overview-1\">",
    );
    // Raw HTML anchors are link targets: no broken-anchor for them.
    lacks(&b.run.stderr, "#faq`:");
    let gitlab = Built::new("hugo-docsy", |root| {
        set_config(
            root,
            "title: Sales & Partner Handbook\n",
            "title: Sales & Partner Handbook\nheading_ids: gitlab\n",
        )
    });
    assert_eq!(
        gitlab.counts().get("warning[broken-anchor]"),
        Some(&27),
        "{}",
        gitlab.run.stderr
    );
    has(
        &gitlab.body("/handbook/sales/sales-faq/"),
        "<h2 id=\"qa-faq\">",
    );
}

#[test]
fn check_reports_the_same_findings_by_rule_and_strict_fails_on_them() {
    let b = hugo();
    let out = std::process::Command::new(bin())
        .arg("--root")
        .arg(&b.root)
        .args(["check", "--format", "json", "--today", "2026-12-01"])
        .output()
        .unwrap();
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let count = |rule: &str| findings.iter().filter(|f| f["rule"] == rule).count();
    assert_eq!(count("broken-anchor"), 22);
    assert_eq!(count("unknown-shortcode"), 29);
    assert_eq!(count("unknown-key"), 3);
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let strict = std::process::Command::new(bin())
        .arg("--root")
        .arg(&b.root)
        .args(["check", "--strict", "--today", "2026-12-01"])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
}

// ---- GitHub-style ----

#[test]
fn github_style_builds_unedited() {
    let b = github();
    b.run.assert_ok();
    let counts = b.counts();
    assert_eq!(
        counts.get("warning[broken-anchor]"),
        Some(&11),
        "{counts:?}"
    );
    assert_eq!(counts.get("warning[broken-link]"), Some(&2), "{counts:?}");
    assert_eq!(
        counts.values().sum::<usize>(),
        13,
        "nothing else:\n{}",
        b.run.stderr
    );
}

#[test]
fn readme_index_and_a_file_beside_its_folder_are_section_pages() {
    let b = github();
    // README.md of content/ is the home page.
    has(&b.page("/"), "<title>Revenue Team Handbook</title>");
    // getting-started.md beside getting-started/ is that folder's page, listing its pages.
    let section = b.page("/getting-started/");
    has(&section, "href=\"/getting-started/accounts/\"");
    // Its relative links resolve against its file's folder (content/).
    has(
        &b.body("/getting-started/"),
        "href=\"/getting-started/accounts/\"",
    );
    // index.md.
    assert!(b.exists("marketing/index.html"));
    // A file name with spaces and capitals, linked with %20.
    assert!(b.exists("sales/deal-desk-faq/index.html"));
    has(&b.body("/"), "href=\"/sales/deal-desk-faq/\"");
}

#[test]
fn double_hyphen_anchors_and_colocated_files_resolve() {
    let b = github();
    has(
        &b.body("/sales/metrics/"),
        "<h2 id=\"arr--topline-metrics\">",
    );
    has(
        &b.body("/"),
        "href=\"/sales/metrics/#arr--topline-metrics\"",
    );
    // A co-located SVG referenced from raw HTML <img src>: copied and its src resolved.
    has(
        &b.body("/sales/pipeline/"),
        "src=\"/sales/images/funnel.svg\"",
    );
    assert!(b.exists("sales/images/funnel.svg"));
}

#[test]
fn a_glossary_of_another_shape_is_plain_data() {
    let b = github();
    // data/glossary.yml is grouped by category: no glossary marking on pages.
    lacks(&b.page("/sales/metrics/"), "class=\"gloss\"");
    // Named as the glossary, a data set of the glossary's shape is used.
    let named = Built::new("github-style", |root| {
        std::fs::write(
            root.join("data/terms.yml"),
            "- term: ARR\n  expansion: Annual recurring revenue\n  definition: Yearly value of subscriptions.\n",
        )
        .unwrap();
        set_config(
            root,
            "data_dir: data\n",
            "data_dir: data\nglossary: terms\n",
        );
    });
    named.run.assert_ok();
    has(
        &named.page("/sales/metrics/"),
        "title=\"Annual recurring revenue\"",
    );
    // Naming a set of another shape is an error naming it.
    let wrong = Built::new("github-style", |root| {
        set_config(
            root,
            "data_dir: data\n",
            "data_dir: data\nglossary: glossary\n",
        )
    });
    assert_ne!(wrong.run.code, 0);
    has(
        &wrong.run.stderr,
        "glossary: `glossary` is not a list of terms",
    );
}

// ---- At scale ----

#[test]
fn a_generated_hugo_handbook_of_hundreds_of_pages_builds_clean() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = handbook::bench::generate_hugo(dir.path(), 400, true).unwrap();
    assert!(
        corpus.shortcode_pages >= 80 && corpus.shortcode_calls > 500,
        "{}",
        corpus.shortcode_calls
    );
    let out = std::process::Command::new(bin())
        .arg("--root")
        .arg(dir.path())
        .arg("build")
        .output()
        .unwrap();
    let run = Run::from(out);
    run.assert_ok();
    assert!(rule_counts(&run.stderr).is_empty(), "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(
        !html.contains("{{<") && !html.contains("hbsc"),
        "no call left unexpanded"
    );
}
