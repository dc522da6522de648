//! A deterministic synthetic handbook: sections of pages with prose, headings, lists,
//! tables, code blocks and links between pages, the same for every run and machine.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// A small, seeded generator (SplitMix64): same seed, same corpus, on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: &str) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        Rng(h)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const NOUNS: &[&str] = &[
    "partner",
    "reseller",
    "deal registration",
    "IACV",
    "channel",
    "co-selling motion",
    "distributor",
    "managed service provider",
    "pipeline",
    "opportunity",
    "quota",
    "territory",
    "account executive",
    "solutions architect",
    "marketplace listing",
    "rebate",
    "margin",
    "discount",
    "incentive",
    "enablement session",
    "certification",
    "partner portal",
    "lead",
    "referral",
    "renewal",
    "upsell",
    "booking",
    "forecast",
    "price book",
    "quote",
    "contract",
    "order form",
    "end customer",
    "systems integrator",
    "partner tier",
    "program",
    "benefit",
    "compliance check",
    "attribution",
    "handoff",
    "command plan",
    "close date",
    "win rate",
];
const VERBS: &[&str] = &[
    "register",
    "review",
    "approve",
    "track",
    "escalate",
    "document",
    "forecast",
    "qualify",
    "share",
    "update",
    "confirm",
    "route",
    "prioritize",
    "align",
    "validate",
    "record",
];
const ADJS: &[&str] = &[
    "qualified",
    "regional",
    "strategic",
    "open",
    "select",
    "quarterly",
    "annual",
    "new",
    "existing",
    "mid-market",
    "enterprise",
    "channel-neutral",
    "certified",
    "active",
];

fn sentence(r: &mut Rng) -> String {
    let mut s = match r.below(4) {
        0 => format!(
            "The {} {} should {} the {} before the {}",
            r.pick(ADJS),
            r.pick(NOUNS),
            r.pick(VERBS),
            r.pick(NOUNS),
            r.pick(NOUNS)
        ),
        1 => format!(
            "Every {} must {} a {} {} within {} days",
            r.pick(NOUNS),
            r.pick(VERBS),
            r.pick(ADJS),
            r.pick(NOUNS),
            r.range(2, 30)
        ),
        2 => format!(
            "When a {} reaches ${}k, {} the {} with the {}",
            r.pick(NOUNS),
            r.range(5, 50),
            r.pick(VERBS),
            r.pick(NOUNS),
            r.pick(NOUNS)
        ),
        _ => format!(
            "Sellers {} each {} {} and keep the {} current",
            r.pick(VERBS),
            r.pick(ADJS),
            r.pick(NOUNS),
            r.pick(NOUNS)
        ),
    };
    if r.below(6) == 0 {
        s.push_str(&format!(
            ", and **{}** the {}",
            r.pick(VERBS),
            r.pick(NOUNS)
        ));
    }
    s.push('.');
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

fn paragraph(r: &mut Rng) -> String {
    let n = r.range(3, 6);
    (0..n).map(|_| sentence(r)).collect::<Vec<_>>().join(" ")
}

fn title(r: &mut Rng) -> String {
    let t = format!("{} {} {}", r.pick(VERBS), r.pick(ADJS), r.pick(NOUNS));
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => t,
    }
}

fn code_block(r: &mut Rng) -> String {
    match r.below(3) {
        0 => {
            let mut s = String::from("```yaml\n");
            for i in 0..r.range(8, 14) {
                let _ = writeln!(s, "{}_{i}: {}", r.pick(VERBS), r.range(1, 999));
                if i % 4 == 0 {
                    let _ = writeln!(s, "  nested:\n    - \"{}\"", r.pick(NOUNS));
                }
            }
            s.push_str("```\n");
            s
        }
        1 => {
            let mut s = String::from("```bash\n");
            for _ in 0..r.range(8, 14) {
                let _ = writeln!(
                    s,
                    "curl -s \"https://api.example.com/v1/{}?limit={}\" | jq '.items[] | .{}'",
                    r.pick(VERBS),
                    r.range(1, 100),
                    r.pick(VERBS)
                );
            }
            s.push_str("```\n");
            s
        }
        _ => {
            let mut s = String::from("```rust\n");
            let _ = writeln!(
                s,
                "fn {}(deal: &Deal) -> Result<u64, Error> {{",
                r.pick(VERBS)
            );
            for i in 0..r.range(8, 14) {
                let _ = writeln!(
                    s,
                    "    let v{i} = deal.amount.checked_mul({}).ok_or(Error::Overflow)?;",
                    r.range(2, 9)
                );
            }
            s.push_str("    Ok(0)\n}\n```\n");
            s
        }
    }
}

/// What a generated corpus holds.
/// The generator's version: changed whenever `generate` writes different pages, so that
/// corpora cached by `handbook bench` are made again.
pub const GENERATOR_VERSION: u32 = 1;

pub struct Corpus {
    pub root: PathBuf,
    pub pages: usize,
}

/// Writes a synthetic handbook of `n` regular pages (20 per leaf section, leaf sections 5
/// per level-2 section, level-2 sections 5 per level-1 section) into `root/content`.
/// Each page: front matter, 600-1200 words, 3-6 headings, lists, a table, 1-2 code blocks
/// (~22 lines), 3-5 relative links to other pages with anchors, and on every tenth page a
/// data table from a data set.
pub fn generate(root: &Path, n: usize) -> std::io::Result<Corpus> {
    let content = root.join("content");
    if content.exists() {
        std::fs::remove_dir_all(&content)?;
    }
    std::fs::create_dir_all(content.join("_data"))?;
    std::fs::write(
        root.join("handbook.yaml"),
        "title: Synthetic handbook\nbase_url: https://example.com/handbook/\n",
    )?;
    let mut data = String::from("records:\n");
    for i in 0..50 {
        let mut r = Rng::new(&format!("data:{i}"));
        let _ = writeln!(
            data,
            "  - id: rec-{i}\n    name: {}\n    threshold: {}\n    guidance: \"{}\"",
            title(&mut r),
            r.range(1, 100) * 1000,
            sentence(&mut r)
        );
    }
    std::fs::write(content.join("_data/records.yaml"), data)?;

    let per_leaf = 20;
    let leaves = n.div_ceil(per_leaf);
    let path_of = |i: usize| {
        let leaf = i / per_leaf;
        let l2 = leaf / 5;
        let l1 = l2 / 5;
        format!("s{l1}/t{l2}/u{leaf}/page-{i}.md")
    };
    // Headings of page i, computed the same way by the page and by pages linking to it.
    let headings_of = |i: usize| -> Vec<String> {
        let mut r = Rng::new(&format!("headings:{i}"));
        let k = r.range(3, 6);
        (0..k).map(|j| format!("{} {j}", title(&mut r))).collect()
    };
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: Synthetic handbook\n---\n\nA generated handbook for benchmarks.\n",
    )?;
    let mut made_dirs = std::collections::BTreeSet::new();
    for leaf in 0..leaves {
        let l2 = leaf / 5;
        let l1 = l2 / 5;
        for (dir, t) in [
            (format!("s{l1}"), format!("Area {l1}")),
            (format!("s{l1}/t{l2}"), format!("Topic {l2}")),
            (format!("s{l1}/t{l2}/u{leaf}"), format!("Unit {leaf}")),
        ] {
            if made_dirs.insert(dir.clone()) {
                std::fs::create_dir_all(content.join(&dir))?;
                std::fs::write(
                    content.join(&dir).join("_index.md"),
                    format!("---\ntitle: {t}\n---\n\nOverview of {t}.\n"),
                )?;
            }
        }
    }
    (0..n).into_par_iter().try_for_each(|i| {
        let mut r = Rng::new(&format!("page:{i}"));
        let mut s = String::with_capacity(8_000);
        let _ = write!(
            s,
            "---\ntitle: \"{} {i}\"\ndescription: \"{}\"\nweight: {}\n---\n\n",
            title(&mut r),
            sentence(&mut r),
            r.range(1, 100)
        );
        s.push_str(&paragraph(&mut r));
        s.push_str("\n\n");
        let headings = headings_of(i);
        let code_at = r.below(headings.len());
        for (j, h) in headings.iter().enumerate() {
            let level = if j > 0 && r.below(3) == 0 {
                "###"
            } else {
                "##"
            };
            let _ = write!(s, "{level} {h}\n\n{}\n\n", paragraph(&mut r));
            if j == 0 {
                for _ in 0..r.range(3, 5) {
                    let _ = writeln!(s, "- {}", sentence(&mut r));
                }
                s.push('\n');
            }
            if j == 1 {
                s.push_str("| Step | Owner | Detail |\n|---|---|---|\n");
                for k in 0..r.range(3, 5) {
                    let _ = writeln!(s, "| {k} | {} | {} |", r.pick(NOUNS), sentence(&mut r));
                }
                s.push('\n');
            }
            if j == code_at {
                s.push_str(&code_block(&mut r));
                s.push('\n');
                if r.below(2) == 0 {
                    s.push_str(&code_block(&mut r));
                    s.push('\n');
                }
            }
            let _ = write!(s, "{}\n\n", paragraph(&mut r));
        }
        s.push_str("## Related\n\n");
        let here = path_of(i);
        for _ in 0..r.range(3, 5) {
            let target = r.below(n);
            let th = headings_of(target);
            let anchor = crate::markdown::slug::heading_slug(&th[r.below(th.len())]);
            let _ = writeln!(
                s,
                "- [{}]({}#{anchor})",
                th[0],
                relative(&here, &path_of(target))
            );
        }
        if i % 10 == 0 {
            s.push_str(
                "\n{{< table data=\"records.records\" columns=\"name,threshold,guidance\" >}}\n",
            );
        }
        // The related-links list makes "Related" a heading whose id is unique per page.
        let path = content.join(&here);
        std::fs::write(path, s)
    })?;
    Ok(Corpus {
        root: root.to_path_buf(),
        pages: n + 1 + leaves + leaves.div_ceil(5) + leaves.div_ceil(25),
    })
}

/// The relative path from the file `from` to the file `to` (both content-relative).
fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

/// Reads every Markdown file under `content` (bodies only).
pub fn read_markdown(content: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
        .par_iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| {
            let start = crate::content::front_matter::body_start(&t);
            t[start..].to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::render_floor;
    use crate::markdown::highlight::Highlighter;

    #[test]
    fn relative_paths() {
        assert_eq!(relative("a/b/x.md", "a/b/y.md"), "y.md");
        assert_eq!(relative("a/b/x.md", "a/c/y.md"), "../c/y.md");
        assert_eq!(relative("a/x.md", "d/e/y.md"), "../d/e/y.md");
    }

    #[test]
    fn generated_corpus_builds_and_is_deterministic() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let corpus = generate(a.path(), 45).unwrap();
        generate(b.path(), 45).unwrap();
        let read = |p: &Path| read_markdown(&p.join("content"));
        assert_eq!(read(a.path()), read(b.path()));
        let site = crate::Builder::new()
            .build(a.path(), &crate::config::Overrides::default())
            .unwrap_or_else(|d| panic!("{:#?}", &d[..d.len().min(5)]));
        assert_eq!(site.site.tree.pages.len(), corpus.pages);
        assert!(render_floor(&read(a.path()), &Highlighter::new()) > 0);
    }
}
