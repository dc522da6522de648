//! Diagrams drawn at build time (Mermaid to inline SVG) and math (LaTeX to MathML): one
//! diagram of each supported type, what the SVG may and may not hold, a broken diagram's
//! located warning and fallback, PlantUML, math and prose dollar amounts, and diagrams
//! drawn once per source.

mod common;

use std::collections::BTreeMap;

use common::TestSite;
use handbook::config::Overrides;

/// (kind as the figure's class says it, Mermaid source, labels the SVG must show).
const DIAGRAMS: [(&str, &str, &[&str]); 11] = [
    (
        "flowchart",
        "flowchart LR\n  subgraph Partner[Partner side]\n    A[Register the deal] --> B{Approved?}\n  end\n  B -->|yes| C[Co-sell]\n  B -->|no| D[Sell direct]\n  style C fill:#d4f7d4,stroke:#2a7a2a\n  classDef hot fill:#fde2e2\n  class D hot\n",
        &["Register the deal", "Approved?", "Co-sell", "Sell direct", "Partner side", "yes"],
    ),
    (
        "sequence",
        "sequenceDiagram\n  participant AE\n  participant CM as Channel Manager\n  AE->>CM: Ask for an update\n  loop Every week\n    CM-->>AE: Share partner notes\n  end\n",
        &["AE", "Channel Manager", "Ask for an update", "Share partner notes", "Every week"],
    ),
    (
        "class",
        "classDiagram\n  class Partner {\n    +String tier\n    +register()\n  }\n  Partner <|-- Reseller\n",
        &["Partner", "Reseller", "register()"],
    ),
    (
        "state",
        "stateDiagram-v2\n  [*] --> Submitted\n  Submitted --> Approved : Channel review\n  Approved --> [*]\n",
        &["Submitted", "Approved", "Channel review"],
    ),
    (
        "er",
        "erDiagram\n  PARTNER ||--o{ DEAL : registers\n  DEAL {\n    string stage\n  }\n",
        &["PARTNER", "DEAL", "registers", "stage"],
    ),
    (
        "gantt",
        "gantt\n  title Partner onboarding\n  dateFormat YYYY-MM-DD\n  section Start\n  Sign agreement :a1, 2026-01-05, 5d\n  Certification :after a1, 10d\n",
        &["Partner onboarding", "Sign agreement", "Certification"],
    ),
    ("pie", "pie title Deal sources\n  \"Partner sourced\" : 40\n  \"Direct\" : 60\n", &["Deal sources", "Partner sourced", "Direct"]),
    (
        "gitGraph",
        "gitGraph\n  commit id: \"start\"\n  branch partner-program\n  commit id: \"tiers\"\n  checkout main\n  merge partner-program\n",
        &["start", "tiers", "partner-program"],
    ),
    (
        "mindmap",
        "mindmap\n  root((Channel))\n    Resellers\n    Services partners\n",
        &["Channel", "Resellers", "Services partners"],
    ),
    (
        "timeline",
        "timeline\n  title Program history\n  2020 : Open track\n  2021 : Select track\n",
        &["Program history", "Open track", "Select track"],
    ),
    (
        "journey",
        "journey\n  title A partner's first deal\n  section Register\n    Fill the form: 3: Partner\n",
        &["A partner's first deal", "Fill the form", "Partner"],
    ),
];

fn page(site: &TestSite, url: &str) -> String {
    site.read(&format!("public/{url}index.html"))
}

fn figures(html: &str) -> Vec<&str> {
    html.split("<figure class=\"diagram")
        .skip(1)
        .map(|f| &f[..f.find("</figure>").unwrap_or(f.len())])
        .collect()
}

fn ids(html: &str) -> Vec<String> {
    html.split(" id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn every_diagram_type_is_an_inline_svg_with_its_labels_and_nothing_else() {
    let site = TestSite::empty();
    let mut md = String::from("---\ntitle: Diagrams\n---\n\n");
    for (_, source, _) in DIAGRAMS {
        md.push_str(&format!("```mermaid\n{source}```\n\n"));
    }
    site.write("content/_index.md", &md);
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let html = page(&site, "");
    let figs = figures(&html);
    assert_eq!(figs.len(), DIAGRAMS.len(), "one figure per diagram");
    for (fig, (kind, _, labels)) in figs.iter().zip(DIAGRAMS) {
        // Labels may be wrapped with runs of spaces.
        let text = fig.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(fig.contains("<svg"), "{kind}: an inline SVG");
        assert!(
            fig.contains("role=\"img\""),
            "{kind}: an image to assistive technology"
        );
        assert!(fig.contains("<title"), "{kind}: a title");
        for label in labels {
            let escaped = label.replace('\'', "&#39;");
            assert!(
                text.contains(label) || text.contains(&escaped),
                "{kind}: label {label:?} missing"
            );
        }
        assert!(!fig.contains("<script"), "{kind}: no script");
        for external in ["href=\"http", "url(http", "src=\"http", "@import"] {
            assert!(
                !fig.contains(external),
                "{kind}: no external reference ({external})"
            );
        }
        // Colours follow the theme's custom properties.
        assert!(fig.contains("var(--dg-tint"), "{kind}: themed colours");
    }
    assert!(!html.contains("mermaid.js") && !site.exists("public/mermaid.min.js"));
    // Every id on the page is unique.
    let all = ids(&html);
    let mut seen = BTreeMap::new();
    for id in &all {
        *seen.entry(id).or_insert(0) += 1;
    }
    let dup: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dup.is_empty(), "duplicate ids: {dup:?}");
}

#[test]
fn the_same_diagram_twice_on_a_page_has_unique_ids_and_is_drawn_once() {
    let site = TestSite::empty();
    let d = DIAGRAMS[0].1;
    site.write(
        "content/_index.md",
        format!("---\ntitle: Twice\n---\n\n```mermaid\n{d}```\n\nAgain:\n\n```mermaid\n{d}```\n"),
    );
    site.write(
        "content/other.md",
        format!("---\ntitle: Other\n---\n\n```mermaid\n{d}```\n"),
    );
    let builder = handbook::Builder::new();
    let built = builder
        .build(site.root(), &Overrides::default())
        .unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(builder.diagrams_drawn(), 1, "one source, drawn once");
    let html = String::from_utf8(built.output.read("index.html").unwrap()).unwrap();
    assert_eq!(figures(&html).len(), 2);
    let all = ids(&html);
    let unique: std::collections::BTreeSet<_> = all.iter().collect();
    assert_eq!(
        unique.len(),
        all.len(),
        "ids unique with the same diagram twice"
    );
    // A rebuild draws nothing again.
    builder.build(site.root(), &Overrides::default()).unwrap();
    assert_eq!(builder.diagrams_drawn(), 1);
}

#[test]
fn a_broken_diagram_is_a_located_warning_and_shows_its_source() {
    let site = TestSite::empty();
    site.write(
        "content/_index.md",
        "---\ntitle: Broken\n---\n\nText.\n\n```mermaid\nflowchart LR\n  A --> B\n  B -->|oops C[[[\n```\n\n```plantuml\n@startuml\nA -> B\n@enduml\n```\n",
    );
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains("content/_index.md:7:1: warning[diagram]: the Mermaid diagram cannot be drawn")
            || run.stderr.contains("content/_index.md:10:1: warning[diagram]: the Mermaid diagram cannot be drawn (line 3 of the diagram)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/_index.md:13:1: warning[unsupported-diagram]: PlantUML"),
        "{}",
        run.stderr
    );
    let html = page(&site, "");
    assert!(html.contains("<p class=\"diagram-note\">This diagram could not be drawn; its source is shown instead.</p><pre class=\"code\" data-lang=\"mermaid\">"));
    assert!(html.contains("oops C[[["));
    assert!(html.contains("@startuml"));
    // check --strict fails on it.
    assert_eq!(
        site.run(&["check", "--strict", "--today", "2026-01-01"])
            .code,
        1
    );
}

#[test]
fn math_becomes_mathml_and_dollar_amounts_stay_text() {
    let site = TestSite::empty();
    site.write(
        "content/_index.md",
        "---\ntitle: Math\n---\n\nDeals over $5k and $10k IACV need a plan.\n\nMargin is $m = \\frac{p - c}{p}$ here.\n\n$$\\sum_{i=1}^{n} d_i$$\n\n```math\nx^2 + y^2\n```\n",
    );
    site.build().assert_ok();
    let html = page(&site, "");
    assert!(
        html.contains("<p>Deals over $5k and $10k IACV need a plan.</p>"),
        "{html}"
    );
    assert!(html.contains("<math"), "{html}");
    assert!(html.contains("<mfrac>"), "{html}");
    assert!(html.contains("display=\"block\""), "{html}");
    assert!(html.contains("<div class=\"math\"><math"), "{html}");
    site.write(
        "content/_index.md",
        "---\ntitle: Math\n---\n\nBroken $\\frac{1}$ here.\n",
    );
    site.build()
        .assert_fails_with("content/_index.md:5:17: error[math]: invalid LaTeX")
        .assert_fails_with("  math: warning    # 1 error");
}

/// Math is on only where pulldown-cmark's rules say: the bundled handbook's pages parse to
/// the same events with it as without it (its prose has dollar amounts such as $5k).
#[test]
fn the_bundled_handbook_reads_the_same_with_math_on() {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut checked = 0;
    let mut with_dollars = 0;
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        with_dollars += usize::from(text.contains('$'));
        let html = |options| {
            let mut out = String::new();
            let events: Vec<_> = pulldown_cmark::Parser::new_ext(&text, options).collect();
            assert!(
                !events.iter().any(|e| matches!(
                    e,
                    pulldown_cmark::Event::InlineMath(_) | pulldown_cmark::Event::DisplayMath(_)
                )),
                "{} has math",
                entry.path().display()
            );
            pulldown_cmark::html::push_html(&mut out, events.into_iter());
            out
        };
        assert_eq!(
            html(handbook::markdown::options()),
            html(handbook::markdown::page_options()),
            "{} reads differently with math on",
            entry.path().display()
        );
        checked += 1;
    }
    assert!(
        checked >= 10 && with_dollars >= 1,
        "{checked} files, {with_dollars} with $"
    );
}
