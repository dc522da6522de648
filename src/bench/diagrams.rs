//! `handbook bench --diagrams N`: what Mermaid diagrams cost. N distinct diagrams of every
//! common type, each drawn alone (time per diagram), then a synthetic handbook of 10 N
//! pages with one of them on every tenth page, built against the same pages with the
//! diagrams as plain code blocks (what drawing adds to a build).

use std::path::Path;
use std::time::Instant;

use super::{best_builds, generate, WorkDir};
use crate::markdown::diagram::Diagrams;

/// What diagrams cost.
pub struct DiagramCost {
    /// Diagrams drawn, and how many of them the renderer rejected.
    pub diagrams: usize,
    pub failed: usize,
    /// Milliseconds to draw each diagram, sorted.
    pub draw_ms: Vec<f64>,
    /// Pages of the handbook built, and how many hold a diagram.
    pub pages: usize,
    pub diagram_pages: usize,
    /// Best full build with the diagrams drawn, and with them as code blocks.
    pub with_secs: f64,
    pub without_secs: f64,
}

impl DiagramCost {
    /// The `p`th percentile of the drawing times (0-100).
    pub fn percentile(&self, p: f64) -> f64 {
        let Some(last) = self.draw_ms.len().checked_sub(1) else {
            return f64::NAN;
        };
        self.draw_ms[((last as f64) * p / 100.0).round() as usize]
    }

    /// What drawing adds to the build, as a fraction of the build without it.
    pub fn overhead(&self) -> f64 {
        self.with_secs / self.without_secs - 1.0
    }
}

/// The `i`th diagram: the eleven kinds in turn, each with its own labels (so that no two
/// are the same source and every one is drawn).
pub fn diagram(i: usize) -> String {
    let n = i / KINDS;
    match i % KINDS {
        0 => {
            let dir = ["TD", "LR", "RL", "BT"][n % 4];
            let mut s = format!("flowchart {dir}\n  A{n}[Register deal {n}] --> B{n}{{Approved?}}\n  B{n} -->|yes| C{n}[Co-sell with partner]\n  B{n} -->|no| D{n}[Fix the registration]\n  D{n} --> A{n}\n");
            if n.is_multiple_of(2) {
                s.push_str(&format!(
                    "  subgraph Close{n} [Close plan {n}]\n    C{n} --> E{n}([Closed won])\n  end\n  style E{n} fill:#dfd\n"
                ));
            }
            s
        }
        1 => format!("sequenceDiagram\n  participant AE{n} as Account executive {n}\n  participant CM as Channel manager\n  AE{n}->>CM: Ask for partner {n}\n  loop Every week\n    CM-->>AE{n}: Share notes on deal {n}\n  end\n  Note over AE{n},CM: Log the call\n"),
        2 => format!("classDiagram\n  class Partner{n} {{\n    +String tier\n    +register()\n  }}\n  class Reseller{n}\n  Partner{n} <|-- Reseller{n}\n  Partner{n} : +int deals_{n}\n"),
        3 => format!("stateDiagram-v2\n  [*] --> Submitted{n}\n  Submitted{n} --> Approved{n} : Channel review {n}\n  Submitted{n} --> Rejected{n}\n  Approved{n} --> [*]\n  Rejected{n} --> [*]\n"),
        4 => format!("erDiagram\n  PARTNER{n} ||--o{{ DEAL{n} : registers\n  DEAL{n} {{\n    string stage\n    int amount_{n}\n  }}\n  DEAL{n} }}o--|| ACCOUNT{n} : for\n"),
        5 => format!("gantt\n  title Onboarding plan {n}\n  dateFormat YYYY-MM-DD\n  section Start\n  Sign agreement {n} :a1, 2026-01-05, 5d\n  Certification :after a1, 10d\n  section Sell\n  First deal {n} :2026-02-01, 20d\n"),
        6 => format!("pie title Deal sources {n}\n  \"Partner sourced {n}\" : {}\n  \"Direct\" : 60\n  \"Marketplace\" : 15\n", 20 + n % 50),
        7 => format!("gitGraph\n  commit id: \"start-{n}\"\n  branch track-{n}\n  commit id: \"tiers-{n}\"\n  checkout main\n  commit id: \"fix-{n}\"\n  merge track-{n}\n"),
        8 => format!("mindmap\n  root((Channel {n}))\n    Resellers\n      Select {n}\n      Open\n    Services partners {n}\n"),
        9 => format!("timeline\n  title Program history {n}\n  2020 : Open track {n}\n  2021 : Select track\n  2022 : Services track {n}\n"),
        _ => format!("journey\n  title First deal of partner {n}\n  section Register\n    Fill the form {n}: 3: Partner\n    Review: 4: Channel manager\n  section Close\n    Sign: 5: Partner, AE\n"),
    }
}

/// Kinds of diagram `diagram` writes in turn.
const KINDS: usize = 11;

/// Measures `DiagramCost` for `count` diagrams; the builds `runs` times each, alternately.
pub fn diagram_cost(
    exe: &Path,
    count: usize,
    runs: usize,
    work_dir: Option<&Path>,
) -> Result<DiagramCost, String> {
    let sources: Vec<String> = (0..count).map(diagram).collect();
    // Each drawn alone, in turn, by a renderer of its own (nothing cached).
    let diagrams = Diagrams::default();
    let mut draw_ms = Vec::with_capacity(count);
    let mut failed = 0;
    for source in &sources {
        let started = Instant::now();
        let drawn = diagrams.draw(source);
        draw_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        failed += usize::from(drawn.is_err());
    }
    draw_ms.sort_by(f64::total_cmp);

    let work = WorkDir::new(work_dir)?;
    let with = work.path.join(format!("diagrams-{count}"));
    let without = work.path.join(format!("diagrams-{count}-as-code"));
    let mut pages = 0;
    let mut diagram_pages = 0;
    for (root, lang) in [(&with, "mermaid"), (&without, "text")] {
        let corpus = generate(root, count * 10).map_err(|e| format!("generating: {e}"))?;
        pages = corpus.pages;
        diagram_pages = add_diagrams(&root.join("content"), &sources, lang)
            .map_err(|e| format!("adding diagrams: {e}"))?;
    }
    let (with_secs, without_secs) = best_builds(exe, &with, &without, runs)?;
    Ok(DiagramCost {
        diagrams: count,
        failed,
        draw_ms,
        pages,
        diagram_pages,
        with_secs,
        without_secs,
    })
}

/// Appends the diagrams, one to every tenth regular page (in path order), in fences of
/// `lang`; returns how many pages got one.
fn add_diagrams(content: &Path, sources: &[String], lang: &str) -> std::io::Result<usize> {
    let mut files: Vec<_> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.file_name().is_some_and(|n| n != "_index.md")
        })
        .collect();
    files.sort();
    let mut added = 0;
    for (file, source) in files.iter().step_by(10).zip(sources) {
        let mut text = std::fs::read_to_string(file)?;
        text.push_str(&format!("\n## How it flows\n\n```{lang}\n{source}```\n"));
        std::fs::write(file, text)?;
        added += 1;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_drawn_and_no_two_sources_are_the_same() {
        let diagrams = Diagrams::default();
        let sources: Vec<String> = (0..2 * KINDS).map(diagram).collect();
        for s in &sources {
            assert!(diagrams.draw(s).is_ok(), "not drawn: {s}");
        }
        let distinct: std::collections::BTreeSet<&String> = sources.iter().collect();
        assert_eq!(distinct.len(), sources.len());
        assert_eq!(diagrams.renders(), sources.len());
    }
}
