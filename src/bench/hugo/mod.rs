//! A deterministic Hugo/Docsy-style handbook for the benchmark: what a team that moves
//! from Hugo brings, at scale. Sections three levels deep under `content/handbook/`, each
//! with an `_index.md`; Docsy front matter (`linkTitle`, `toc_hide`, `aliases`, keys of
//! other tools); `{#id}` headings; links in the forms Hugo sites use (relative to the
//! file's folder, relative to the page URL, site paths with and without a slash or `.md`,
//! the site's own absolute URL); data in `data/`, includes in `assets/includes/`, images
//! in `static/`.
//!
//! With shortcodes, every fifth page uses Hugo shortcodes (`alert`, `details`, `label`,
//! `panel`, `figure`, `include`, `ref`/`relref`, `youtube`, one nested in another).
//! Without, each page is the same page with every shortcode replaced by what it wraps:
//! its inner Markdown, the included text, the resolved link, or nothing. The random draws
//! do not depend on the flag, so the two corpora differ only by shortcode expansion.
//!
//! Every link resolves (against the file's folder or against the page URL) and every
//! anchor names a heading of its target, with ids that are the same under the GitHub and
//! the GitLab rule (headings are lower-case words and hyphens, or have a `{#id}`).
//! Knows nothing of the pipeline; only std and rayon.

use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;

mod text;

use text::*;

/// What `generate_hugo` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HugoCorpus {
    /// Markdown pages under `content/`: the regular pages asked for plus the section
    /// pages (`_index.md`) and the home page.
    pub pages: usize,
    /// Pages that call at least one shortcode (0 without shortcodes).
    pub shortcode_pages: usize,
    /// Shortcode calls written (opening tags; a nested call counts once more; 0 without).
    pub shortcode_calls: usize,
}

/// The site's own URL, as `base_url` in the generated `handbook.yaml`.
const BASE_URL: &str = "https://handbook.example.com";
const PER_LEAF: usize = 20;
const LEAVES_PER_TOPIC: usize = 5;
const TOPICS_PER_AREA: usize = 5;
const INCLUDES: usize = 8;
const IMAGES: usize = 6;

/// The place of regular page `i` in the tree.
#[derive(Clone, Copy)]
struct Place {
    area: usize,
    topic: usize,
    leaf: usize,
    i: usize,
}

impl Place {
    fn of(i: usize) -> Self {
        let leaf = i / PER_LEAF;
        let topic = leaf / LEAVES_PER_TOPIC;
        Place {
            area: topic / TOPICS_PER_AREA,
            topic,
            leaf,
            i,
        }
    }
    /// Path segments of the page's folder under `content/`.
    fn dir(&self) -> Vec<String> {
        vec![
            "handbook".to_string(),
            format!("area-{}", self.area),
            format!("topic-{}", self.topic),
            format!("unit-{}", self.leaf),
        ]
    }
    fn slug(&self) -> String {
        format!("page-{}", self.i)
    }
    /// The file, relative to `content/`.
    fn file(&self) -> String {
        format!("{}/{}.md", self.dir().join("/"), self.slug())
    }
    /// The page URL (site path, trailing slash).
    fn url(&self) -> String {
        format!("/{}/{}/", self.dir().join("/"), self.slug())
    }
}

/// Headings of page `i` and their ids: computed the same way by the page and by the
/// pages that link to it. Every third heading has a `{#id}`.
fn headings_of(i: usize) -> Vec<(String, String, bool)> {
    let mut r = Rng::new(&format!("hugo-headings:{i}"));
    let n = r.range(4, 6);
    (0..n)
        .map(|j| {
            let text = format!(
                "{} {} {}",
                r.pick(HEAD_ADJS),
                r.pick(HEAD_WORDS),
                r.pick(HEAD_WORDS)
            );
            let custom = j % 3 == 1;
            let id = if custom {
                format!("{}-{j}", text.split(' ').next().unwrap_or("h"))
            } else {
                format!("{}-{j}", text.replace(' ', "-"))
            };
            // The text carries the index too, so ids are unique on the page.
            (format!("{} {j}", capitalized(&text)), id, custom)
        })
        .collect()
}

/// `to` relative to the folder `from_dir` (both lists of path segments).
fn relative(from_dir: &[String], to: &[String]) -> String {
    let common = from_dir.iter().zip(to).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(to[common..].iter().map(String::as_str));
    out.join("/")
}

/// One link from page `here` to page `there` (with an anchor), in one of the forms Hugo
/// handbooks use; every form resolves.
fn link(r: &mut Rng, here: Place, there: Place, anchor: &str) -> String {
    let mut there_file: Vec<String> = there.dir();
    there_file.push(format!("{}.md", there.slug()));
    let mut here_url: Vec<String> = here.dir();
    here_url.push(here.slug());
    let mut there_url: Vec<String> = there.dir();
    there_url.push(there.slug());
    let same_leaf = here.leaf == there.leaf;
    let form = r.below(8);
    if here.i == there.i {
        return format!("#{anchor}");
    }
    match form {
        // Relative to the file's folder (Hugo's link hook tries this first).
        0 | 1 => format!("{}#{anchor}", relative(&here.dir(), &there_file)),
        // Relative to the page URL.
        2 => format!("{}/#{anchor}", relative(&here_url, &there_url)),
        // Site paths, with and without the trailing slash, or with `.md`.
        3 => format!("{}#{anchor}", there.url()),
        4 => format!("{}#{anchor}", there.url().trim_end_matches('/')),
        5 => format!("/{}#{anchor}", there_file.join("/")),
        // The site's own absolute URL.
        6 => format!("{BASE_URL}{}#{anchor}", there.url()),
        // A sibling by name, without extension (folder-relative).
        _ if same_leaf => format!("{}#{anchor}", there.slug()),
        _ => format!("{}#{anchor}", there.url()),
    }
}

/// One block of a page that uses shortcodes: as written with them, as written without
/// (what the shortcodes wrap), and the number of calls in it.
struct Piece {
    with: String,
    without: String,
    calls: usize,
}

fn include_text(k: usize, with: bool) -> String {
    let mut r = Rng::new(&format!("hugo-include:{k}"));
    let mut s = format!(
        "**Note from {}:** {}\n\n",
        r.pick(OWNERS),
        paragraph(&mut r, 2, 3)
    );
    for _ in 0..r.range(2, 4) {
        let _ = writeln!(s, "- {}", sentence(&mut r));
    }
    // Include of an include: the first snippet pulls in the second.
    if k == 0 {
        s.push('\n');
        if with {
            s.push_str("{{% include \"includes/snippet-1.md\" %}}\n");
        } else {
            s.push_str(&include_text(1, false));
        }
    }
    s
}

/// The shortcode pieces of a page that uses them, drawn from `r` the same way whether
/// or not they are written as shortcodes.
fn shortcode_pieces(r: &mut Rng, here: Place, n: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    // alert with a list inside
    {
        let title = capitalized(&format!("{} {}", r.pick(HEAD_ADJS), r.pick(HEAD_WORDS)));
        let color = r.pick(COLORS);
        let mut inner = String::new();
        for _ in 0..r.range(2, 4) {
            let _ = writeln!(inner, "- {}", sentence(r));
        }
        out.push(Piece {
            with: format!(
                "{{{{% alert title=\"{title}\" color=\"{color}\" %}}}}\n{inner}{{{{% /alert %}}}}\n"
            ),
            without: inner,
            calls: 1,
        });
    }
    // details with a nested alert
    {
        let summary = format!("{}?", capitalized(&sentence(r).replace(['.', '*'], "")));
        let para = paragraph(r, 2, 3);
        let note = sentence(r);
        out.push(Piece {
            with: format!(
                "{{{{< details summary=\"{summary}\" >}}}}\n{para}\n\n{{{{% alert color=\"info\" %}}}}\n{note}\n{{{{% /alert %}}}}\n{{{{< /details >}}}}\n"
            ),
            without: format!("{para}\n\n{note}\n"),
            calls: 2,
        });
    }
    // an inline label
    {
        let label = r.pick(LABELS);
        let text = sentence(r);
        out.push(Piece {
            with: format!("{text} Status: {{{{< label name=\"{label}\" color=\"#428BCA\" >}}}}\n"),
            without: format!("{text} Status: \n"),
            calls: 1,
        });
    }
    // panel
    {
        let header = capitalized(&format!("{} {}", r.pick(HEAD_ADJS), r.pick(HEAD_WORDS)));
        let inner = paragraph(r, 2, 4);
        out.push(Piece {
            with: format!(
                "{{{{< panel header=\"**{header}**\" header-bg=\"blue\" >}}}}\n{inner}\n{{{{< /panel >}}}}\n"
            ),
            without: format!("{inner}\n"),
            calls: 1,
        });
    }
    // figure from static/
    {
        let img = r.below(IMAGES);
        let caption = sentence(r);
        out.push(Piece {
            with: format!(
                "{{{{< figure src=\"/images/chart-{img}.png\" alt=\"Chart {img}\" caption=\"{}\" >}}}}\n",
                caption.replace('"', "")
            ),
            without: String::new(),
            calls: 1,
        });
    }
    // include (snippet-0 includes snippet-1)
    {
        let k = r.below(INCLUDES);
        out.push(Piece {
            with: format!("{{{{% include \"includes/snippet-{k}.md\" %}}}}\n"),
            without: include_text(k, false),
            calls: if k == 0 { 2 } else { 1 },
        });
    }
    // ref and relref in links
    {
        let t = Place::of(r.below(n));
        let th = headings_of(t.i);
        let (title, id, _) = &th[r.below(th.len())];
        let lower = here.leaf * PER_LEAF;
        let upper = ((here.leaf + 1) * PER_LEAF).min(n);
        let s = Place::of(lower + r.below(upper - lower));
        let sh = headings_of(s.i);
        let (stitle, sid, _) = &sh[r.below(sh.len())];
        out.push(Piece {
            with: format!(
                "See [{title}]({{{{< ref \"/{}#{id}\" >}}}}) and [{stitle}]({{{{< relref \"{}.md#{sid}\" >}}}}).\n",
                t.file(),
                s.slug()
            ),
            without: format!(
                "See [{title}]({}#{id}) and [{stitle}]({}.md#{sid}).\n",
                t.url(),
                s.slug()
            ),
            calls: 2,
        });
    }
    // youtube, sometimes with a start time
    {
        let id: String = (0..11)
            .map(|_| {
                let c =
                    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[r.below(62)];
                c as char
            })
            .collect();
        let start = if r.below(2) == 0 {
            format!("?start={}", r.range(10, 600))
        } else {
            String::new()
        };
        out.push(Piece {
            with: format!("{{{{< youtube \"{id}{start}\" >}}}}\n"),
            without: String::new(),
            calls: 1,
        });
    }
    out
}

/// The Markdown of regular page `i`, with or without shortcodes, and its shortcode calls.
fn page(i: usize, n: usize, shortcodes: bool) -> (String, usize) {
    let here = Place::of(i);
    let mut r = Rng::new(&format!("hugo-page:{i}"));
    let heads = headings_of(i);
    let title = capitalized(&format!(
        "{} {} {}",
        r.pick(HEAD_ADJS),
        r.pick(HEAD_WORDS),
        r.pick(HEAD_WORDS)
    ));
    let mut s = String::with_capacity(9_000);
    let _ = write!(s, "---\ntitle: \"{title} ({i})\"\n",);
    if r.below(2) == 0 {
        let _ = writeln!(s, "linkTitle: \"{} {i}\"", r.pick(HEAD_WORDS));
    }
    let _ = writeln!(
        s,
        "description: \"{}\"\nweight: {}",
        sentence(&mut r).replace('"', ""),
        r.range(1, 100)
    );
    if i % 20 == 7 {
        s.push_str("toc_hide: true\n");
    }
    if i % 10 == 3 {
        let _ = writeln!(s, "aliases:\n  - /handbook/old/{}/", here.slug());
    }
    let _ = writeln!(
        s,
        "lastmod: 2024-{:02}-{:02}\nowner: {}",
        r.range(1, 12),
        r.range(1, 28),
        r.pick(OWNERS)
    );
    if r.below(3) == 0 {
        let _ = writeln!(
            s,
            "upstream_path: {}\nstatus: approved\ncategory: {}",
            here.url(),
            r.pick(HEAD_WORDS)
        );
    }
    s.push_str("---\n\n");
    s.push_str(&paragraph(&mut r, 3, 5));
    s.push_str("\n\n");

    let uses_shortcodes = i.is_multiple_of(5);
    let mut pieces = if uses_shortcodes {
        shortcode_pieces(&mut r, here, n)
    } else {
        Vec::new()
    };
    let calls = if shortcodes {
        pieces.iter().map(|p| p.calls).sum()
    } else {
        0
    };
    let code_at = r.below(heads.len());
    let table_at = r.below(heads.len());
    for (j, (text, id, custom)) in heads.iter().enumerate() {
        let level = if j > 0 && r.below(3) == 0 {
            "###"
        } else {
            "##"
        };
        if *custom {
            let _ = writeln!(s, "{level} {text} {{#{id}}}\n");
        } else {
            let _ = writeln!(s, "{level} {text}\n");
        }
        let _ = write!(s, "{}\n\n", paragraph(&mut r, 3, 5));
        if j == table_at {
            s.push_str("| Step | Owner | When |\n|---|---|---|\n");
            for k in 1..=r.range(3, 5) {
                let _ = writeln!(
                    s,
                    "| {k} | {} | {} |",
                    capitalized(r.pick(SUBJECTS)),
                    r.pick(WHENS)
                );
            }
            s.push('\n');
        }
        if j == code_at {
            s.push_str("```yaml\n");
            let _ = writeln!(s, "registration:\n  id: DR-{:05}", r.range(1, 99_999));
            for k in 0..r.range(6, 10) {
                let _ = writeln!(s, "  {}_{k}: {}", r.pick(HEAD_WORDS), r.range(1, 999));
            }
            s.push_str("```\n\n");
        }
        // Spread the shortcode pieces over the sections of the page.
        if !pieces.is_empty() {
            let take = pieces.len().div_ceil(heads.len() - j);
            for p in pieces.drain(..take) {
                s.push_str(if shortcodes { &p.with } else { &p.without });
                s.push('\n');
            }
        }
        if j == 0 {
            for _ in 0..r.range(3, 5) {
                let _ = writeln!(s, "- {}", sentence(&mut r));
            }
            s.push('\n');
        }
    }
    s.push_str("## Related pages {#related}\n\n");
    for _ in 0..r.range(3, 5) {
        // Half of the links stay in the unit, as real sections link mostly to siblings.
        let target = if r.below(2) == 0 {
            let lower = here.leaf * PER_LEAF;
            let upper = ((here.leaf + 1) * PER_LEAF).min(n);
            lower + r.below(upper - lower)
        } else {
            r.below(n)
        };
        let th = headings_of(target);
        let (text, id, _) = &th[r.below(th.len())];
        let href = link(&mut r, here, Place::of(target), id);
        let _ = writeln!(s, "- [{text}]({href})");
    }
    (s, calls)
}

fn section_page(title: &str, weight: usize, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nlinkTitle: \"{title}\"\ndescription: \"Pages about {}.\"\nweight: {weight}\n{extra}---\n\n{body}\n",
        title.to_lowercase()
    )
}

/// Writes a Hugo/Docsy-style handbook of `pages` regular pages under `root` (content/,
/// data/, assets/includes/, static/, plus `hugo.toml`, which we ignore, and a
/// `handbook.yaml` with `base_url`, `data_dir: data` and `include_dir: assets`). With
/// `shortcodes`, a fifth of the pages use Hugo shortcodes (alert, details, label, panel,
/// figure, include, ref/relref, youtube, nested ones); without, the same pages with each
/// shortcode replaced by what it wraps (its inner Markdown, or nothing), so that the two
/// differ only by shortcode expansion. Deterministic: the same bytes on every run.
pub fn generate_hugo(root: &Path, pages: usize, shortcodes: bool) -> std::io::Result<HugoCorpus> {
    for d in ["content", "data", "assets", "static"] {
        let p = root.join(d);
        if p.exists() {
            std::fs::remove_dir_all(&p)?;
        }
    }
    let content = root.join("content");
    std::fs::create_dir_all(content.join("handbook"))?;
    std::fs::create_dir_all(root.join("data/sales"))?;
    std::fs::create_dir_all(root.join("assets/includes"))?;
    std::fs::create_dir_all(root.join("static/images"))?;
    std::fs::write(
        root.join("hugo.toml"),
        format!(
            "baseURL = \"{BASE_URL}/\"\ntitle = \"Generated handbook\"\n\n[module]\n  [[module.imports]]\n    path = \"github.com/google/docsy\"\n"
        ),
    )?;
    std::fs::write(
        root.join("handbook.yaml"),
        format!(
            "title: Generated Hugo handbook\nbase_url: {BASE_URL}/\ndata_dir: data\ninclude_dir: assets\n"
        ),
    )?;

    // Data, in both extensions and a subfolder.
    let mut tiers = String::from("tiers:\n");
    let mut regions = String::from("regions:\n");
    for k in 0..12 {
        let mut r = Rng::new(&format!("hugo-data:{k}"));
        let _ = writeln!(
            tiers,
            "  - id: tier-{k}\n    name: \"{}\"\n    discount_percent: {}\n    note: \"{}\"",
            capitalized(r.pick(HEAD_ADJS)),
            r.range(5, 30),
            sentence(&mut r).replace('"', "")
        );
        let _ = writeln!(
            regions,
            "  - code: R{k}\n    lead: \"{}\"",
            capitalized(r.pick(SUBJECTS))
        );
    }
    std::fs::write(root.join("data/partner_tiers.yml"), tiers)?;
    std::fs::write(root.join("data/sales/regions.yaml"), regions)?;
    for k in 0..INCLUDES {
        std::fs::write(
            root.join(format!("assets/includes/snippet-{k}.md")),
            include_text(k, true),
        )?;
    }
    for k in 0..IMAGES {
        let c = (k * 40) as u8;
        std::fs::write(
            root.join(format!("static/images/chart-{k}.png")),
            png(32, 16, [c, 120, 255 - c]),
        )?;
    }

    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: Generated handbook\nlinkTitle: Home\n---\n\nA generated Hugo/Docsy handbook for benchmarks. Start at the [handbook](handbook/_index.md).\n",
    )?;
    std::fs::write(
        content.join("handbook/_index.md"),
        section_page(
            "Handbook",
            1,
            "",
            "Every area of the handbook is listed below.",
        ),
    )?;
    let leaves = pages.div_ceil(PER_LEAF);
    let mut sections = 2;
    let mut made = std::collections::BTreeSet::new();
    for leaf in 0..leaves {
        let p = Place::of(leaf * PER_LEAF);
        let d = p.dir();
        let levels = [
            (
                d[..2].join("/"),
                format!("Area {}", p.area),
                p.area,
                "no_list: true\n",
            ),
            (
                d[..3].join("/"),
                format!("Topic {}", p.topic),
                p.topic,
                "simple_list: true\n",
            ),
            (d.join("/"), format!("Unit {}", p.leaf), p.leaf, ""),
        ];
        for (dir, title, w, extra) in levels {
            if !made.insert(dir.clone()) {
                continue;
            }
            std::fs::create_dir_all(content.join(&dir))?;
            let first = Place::of(leaf * PER_LEAF);
            let body = format!(
                "Overview of {}. The first page of this part is [{}](/{}).",
                title.to_lowercase(),
                first.slug(),
                first.file()
            );
            std::fs::write(
                content.join(&dir).join("_index.md"),
                section_page(&title, w + 1, extra, &body),
            )?;
            sections += 1;
        }
    }
    let written: Vec<usize> = (0..pages)
        .into_par_iter()
        .map(|i| {
            let (md, calls) = page(i, pages, shortcodes);
            std::fs::write(content.join(Place::of(i).file()), md).map(|()| calls)
        })
        .collect::<std::io::Result<_>>()?;
    Ok(HugoCorpus {
        pages: pages + sections,
        shortcode_pages: written.iter().filter(|&&c| c > 0).count(),
        shortcode_calls: written.iter().sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                    out.push((rel, std::fs::read(&p).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    fn tmp(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("handbook-hugo-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn two_runs_write_the_same_bytes() {
        let (a, b) = (tmp("a"), tmp("b"));
        let ca = generate_hugo(&a, 130, true).unwrap();
        let cb = generate_hugo(&b, 130, true).unwrap();
        assert_eq!(ca, cb);
        assert_eq!(files(&a), files(&b));
        let _ = (std::fs::remove_dir_all(&a), std::fs::remove_dir_all(&b));
    }

    #[test]
    fn writes_the_pages_asked_for() {
        let d = tmp("count");
        let c = generate_hugo(&d, 130, true).unwrap();
        let all = files(&d.join("content"));
        let regular = all
            .iter()
            .filter(|(p, _)| p.rsplit('/').next().unwrap().starts_with("page-"))
            .count();
        assert_eq!(regular, 130);
        assert_eq!(all.len(), c.pages);
        // 130 pages: 7 units, 2 topics, 1 area, the handbook and the home page.
        assert_eq!(c.pages, 130 + 7 + 2 + 1 + 2);
        assert_eq!(c.shortcode_pages, 26);
        assert!(c.shortcode_calls >= 26 * 10, "{c:?}");
        // Three levels of sections below handbook/.
        assert!(all
            .iter()
            .any(|(p, _)| p.ends_with("handbook/area-0/topic-1/unit-5/page-100.md")));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn without_shortcodes_none_remain_and_the_rest_is_the_same() {
        let (a, b) = (tmp("with"), tmp("without"));
        let with = generate_hugo(&a, 60, true).unwrap();
        let without = generate_hugo(&b, 60, false).unwrap();
        assert_eq!(with.pages, without.pages);
        assert_eq!(without.shortcode_calls, 0);
        assert_eq!(without.shortcode_pages, 0);
        let fa = files(&a.join("content"));
        let fb = files(&b.join("content"));
        assert_eq!(fa.len(), fb.len());
        for ((pa, ta), (pb, tb)) in fa.iter().zip(&fb) {
            assert_eq!(pa, pb);
            let tb = String::from_utf8(tb.clone()).unwrap();
            assert!(
                !tb.contains("{{<") && !tb.contains("{{%"),
                "{pb} still has a shortcode"
            );
            // Pages without shortcodes are byte-identical in both corpora.
            let ta = String::from_utf8(ta.clone()).unwrap();
            if !ta.contains("{{<") && !ta.contains("{{%") {
                assert_eq!(ta, tb, "{pa}");
            }
        }
        let _ = (std::fs::remove_dir_all(&a), std::fs::remove_dir_all(&b));
    }

    #[test]
    fn every_link_resolves_by_folder_or_url() {
        let d = tmp("links");
        generate_hugo(&d, 200, false).unwrap();
        let content = d.join("content");
        let all = files(&content);
        let pages: std::collections::BTreeMap<String, String> = all
            .iter()
            .map(|(p, t)| (p.clone(), String::from_utf8(t.clone()).unwrap()))
            .collect();
        let url_of = |file: &str| -> String {
            let f = file.trim_end_matches(".md");
            match f.strip_suffix("_index") {
                Some(dir) => format!("/{dir}"),
                None => format!("/{f}/"),
            }
        };
        let by_url: std::collections::BTreeMap<String, &String> =
            pages.keys().map(|p| (url_of(p), p)).collect();
        let ids = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| l.starts_with("## ") || l.starts_with("### "))
                .map(|l| {
                    let h = l.trim_start_matches('#').trim();
                    match h.rsplit_once(" {#") {
                        Some((_, id)) => id.trim_end_matches('}').to_string(),
                        None => h.to_lowercase().replace(' ', "-"),
                    }
                })
                .collect()
        };
        let norm = |path: &str| -> String {
            let mut out: Vec<&str> = Vec::new();
            for seg in path.split('/') {
                match seg {
                    "" | "." => {}
                    ".." => {
                        out.pop();
                    }
                    s => out.push(s),
                }
            }
            out.join("/")
        };
        let find = |p: &str| -> Option<&String> {
            let p = p.trim_end_matches('/');
            let cands = [p.to_string(), format!("{p}.md"), format!("{p}/_index.md")];
            cands
                .iter()
                .find_map(|c| pages.get_key_value(c).map(|(k, _)| k))
        };
        let mut checked = 0;
        for (file, text) in &pages {
            let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
            let url = url_of(file);
            for part in text.split("](").skip(1) {
                let target = &part[..part.find(')').unwrap()];
                let target = target.strip_prefix(BASE_URL).unwrap_or(target);
                let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
                let found = if path.is_empty() {
                    Some(file)
                } else if let Some(site) = path.strip_prefix('/') {
                    find(&norm(site)).or_else(|| by_url.get(&format!("/{}/", norm(site))).copied())
                } else {
                    find(&norm(&format!("{dir}/{path}"))).or_else(|| {
                        by_url
                            .get(&format!("/{}/", norm(&format!("{url}{path}"))))
                            .copied()
                    })
                };
                let Some(found) = found else {
                    panic!("{file}: no page for {target}");
                };
                if !anchor.is_empty() {
                    assert!(
                        ids(&pages[found]).iter().any(|i| i == anchor),
                        "{file}: no #{anchor} in {found}"
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 600, "{checked}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
