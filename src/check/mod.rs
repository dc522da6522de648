//! `handbook check`: everything a merge gate needs beyond what `build` validates: review
//! dates and owners, orphan pages, heading levels, duplicate titles, file sizes, redirect
//! limits, and (opt-in) external links. Findings are diagnostics; `report` renders them.
//!
//! Knows nothing of templates or output files' contents.

pub mod baseline;
pub mod external;
pub mod report;

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::front_matter::is_iso_date;
use crate::diagnostics::{Diagnostic, Position, Rule};
use crate::output::OutputFile;
use crate::{BuiltSite, Site};

/// GitLab Pages reads at most this many `_redirects` rules and bytes.
pub const REDIRECT_RULES_LIMIT: usize = 1000;
pub const REDIRECT_BYTES_LIMIT: usize = 64 * 1024;

/// A calendar date, for review ages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        if !is_iso_date(s) {
            return None;
        }
        Some(Date {
            year: s[0..4].parse().ok()?,
            month: s[5..7].parse().ok()?,
            day: s[8..10].parse().ok()?,
        })
    }

    /// Today in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days(secs.div_euclid(86_400))
    }

    /// The UTC date of a Unix timestamp.
    pub fn from_unix(secs: i64) -> Date {
        Date::from_days(secs.div_euclid(86_400))
    }

    /// Days since 1970-01-01 to a date (proleptic Gregorian).
    fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }

    /// The same day `months` months earlier (clamped to the month's length).
    pub fn months_before(self, months: u32) -> Date {
        let total = self.year * 12 + i64::from(self.month) - 1 - i64::from(months);
        let year = total.div_euclid(12);
        let month = (total.rem_euclid(12) + 1) as u32;
        let max_day = match month {
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        Date {
            year,
            month,
            day: self.day.min(max_day),
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Runs the site-level rules on a built (or partly built) site.
pub fn check_site(built: &BuiltSite, today: Date) -> Vec<Diagnostic> {
    let site = &built.site;
    let mut out = Vec::new();
    let cfg = &site.config.check;
    let cutoff = today.months_before(cfg.review_months);
    let line_of = crate::content::front_matter::key_line;
    let mut titles: BTreeMap<(Option<usize>, String), Vec<usize>> = BTreeMap::new();
    for (pid, page) in site.tree.pages.iter().enumerate() {
        if page.generated {
            continue;
        }
        let file = page.file.as_ref();
        // Review date and owner.
        if let Some(reviewed) = page.front.reviewed.as_deref().and_then(Date::parse) {
            if reviewed < cutoff {
                out.push(
                    Diagnostic::warning(
                        file,
                        Rule::ReviewOverdue,
                        format!(
                            "last reviewed on {reviewed}, more than {} months ago",
                            cfg.review_months
                        ),
                    )
                    .at(Position {
                        line: line_of(&page.source_text(&site.layout.root), "reviewed"),
                        col: 1,
                    })
                    .with_hint("review the page and update `reviewed:` to today's date"),
                );
            }
        }
        if cfg.require_owner
            && page
                .front
                .owner
                .as_deref()
                .is_none_or(|o| o.trim().is_empty())
        {
            out.push(
                Diagnostic::warning(file, Rule::MissingOwner, "the page has no `owner`")
                    .at(Position { line: 1, col: 1 })
                    .with_hint("add `owner: <team or person>` so readers know whom to ask"),
            );
        }
        // Orphans: not in the navigation and no page links here.
        let home = site.tree.sections[site.tree.root_section()].index;
        if page.front.hidden && pid != home && site.inbound.get(pid).copied().unwrap_or(0) == 0 {
            out.push(
                Diagnostic::warning(
                    file,
                    Rule::OrphanPage,
                    "no page links here and the page is hidden from the navigation",
                )
                .at(Position {
                    line: line_of(&page.source_text(&site.layout.root), "hidden"),
                    col: 1,
                })
                .with_hint("link to it from a related page, or remove `hidden: true`"),
            );
        }
        // Heading levels that skip (h2 -> h4); the page title is the h1.
        let mut prev = 1u8;
        for h in &page.doc.headings {
            if h.level > prev + 1 {
                let (hfile, pos) = h
                    .origin
                    .clone()
                    .map(|(f, p)| (f.as_ref().clone(), p))
                    .unwrap_or((file.clone(), Position { line: 1, col: 1 }));
                out.push(
                    Diagnostic::warning(
                        hfile,
                        Rule::HeadingSkip,
                        format!(
                            "heading level jumps from h{prev} to h{}: \"{}\"",
                            h.level, h.text
                        ),
                    )
                    .at(pos)
                    .with_hint(format!(
                        "use a level-{} heading here (screen readers navigate by level)",
                        prev + 1
                    )),
                );
            }
            prev = h.level;
        }
        titles
            .entry((page.parent, page.title.to_lowercase()))
            .or_default()
            .push(pid);
    }
    for ((_, _), pages) in titles {
        if pages.len() > 1 {
            let names: Vec<String> = pages
                .iter()
                .map(|&p| site.tree.pages[p].file.display().to_string())
                .collect();
            for &p in &pages[1..] {
                let page = &site.tree.pages[p];
                out.push(
                    Diagnostic::warning(
                        page.file.as_ref(),
                        Rule::DuplicateTitle,
                        format!(
                            "\"{}\" is the title of several pages in this section: {}",
                            page.title,
                            names.join(", ")
                        ),
                    )
                    .at(Position {
                        line: line_of(&page.source_text(&site.layout.root), "title"),
                        col: 1,
                    })
                    .with_hint("give each page a distinct title so readers can tell them apart"),
                );
            }
        }
    }
    out.extend(check_file_sizes(built));
    out.extend(check_redirects(site));
    out
}

/// Every external http(s) link written in the site's pages.
pub fn external_links(site: &Site) -> Vec<external::ExternalLink> {
    let mut out = Vec::new();
    for page in &site.tree.pages {
        for link in &page.doc.links {
            if link.dest.starts_with("http://") || link.dest.starts_with("https://") {
                out.push(external::ExternalLink {
                    url: link.dest.clone(),
                    file: link.origin.file.as_ref().clone(),
                    pos: link.pos,
                });
            }
        }
    }
    out
}

const IMAGE_EXTENSIONS: [&str; 8] = ["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp"];

fn check_file_sizes(built: &BuiltSite) -> Vec<Diagnostic> {
    let cfg = &built.site.config.check;
    let mut out = Vec::new();
    for file in built.output.files.values() {
        let OutputFile::Copy(path) = file else {
            continue;
        };
        let Ok(meta) = std::fs::metadata(path) else {
            continue;
        };
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let is_image = IMAGE_EXTENSIONS.contains(&ext.as_str());
        let (limit, what) = if is_image {
            (cfg.max_image_kb * 1024, format!("{} KB", cfg.max_image_kb))
        } else {
            (
                cfg.max_file_mb * 1024 * 1024,
                format!("{} MB", cfg.max_file_mb),
            )
        };
        if meta.len() > limit {
            let display = display_path(&site_root_guess(path), path);
            out.push(
                Diagnostic::warning(
                    display,
                    Rule::LargeFile,
                    format!(
                        "{} is {} KB, over the {what} limit for {}",
                        path.file_name().unwrap_or_default().to_string_lossy(),
                        meta.len() / 1024,
                        if is_image { "images" } else { "files" }
                    ),
                )
                .with_hint(if is_image {
                    "resize or compress the image (sellers read on phones)"
                } else {
                    "link to the file where it is stored instead of publishing it here"
                }),
            );
        }
    }
    out
}

/// Paths of copied files are absolute; show them from `content/` or `static/` on.
fn site_root_guess(path: &Path) -> std::path::PathBuf {
    for anc in path.ancestors() {
        if anc
            .file_name()
            .is_some_and(|n| n == "content" || n == "static")
        {
            return anc.parent().unwrap_or(anc).to_path_buf();
        }
    }
    std::path::PathBuf::new()
}

fn display_path(root: &Path, path: &Path) -> std::path::PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn check_redirects(site: &Site) -> Vec<Diagnostic> {
    let rules: usize = site.tree.pages.iter().map(|p| p.front.aliases.len()).sum();
    let bytes: usize = site
        .tree
        .pages
        .iter()
        .flat_map(|p| {
            p.front
                .aliases
                .iter()
                .map(move |a| a.len() + p.url.len() + 8)
        })
        .sum();
    let mut out = Vec::new();
    let near = |n: usize, limit: usize| n * 10 >= limit * 9;
    if rules > REDIRECT_RULES_LIMIT || bytes > REDIRECT_BYTES_LIMIT {
        out.push(
            Diagnostic::error(
                "_redirects",
                Rule::RedirectLimit,
                format!(
                    "{rules} redirect rules ({bytes} bytes): GitLab Pages reads only the first {REDIRECT_RULES_LIMIT} rules and {} KB",
                    REDIRECT_BYTES_LIMIT / 1024
                ),
            )
            .with_hint("remove aliases of pages that moved long ago"),
        );
    } else if near(rules, REDIRECT_RULES_LIMIT) || near(bytes, REDIRECT_BYTES_LIMIT) {
        out.push(
            Diagnostic::warning(
                "_redirects",
                Rule::RedirectLimit,
                format!(
                    "{rules} redirect rules ({bytes} bytes) are near GitLab Pages' limit of {REDIRECT_RULES_LIMIT} rules and {} KB",
                    REDIRECT_BYTES_LIMIT / 1024
                ),
            )
            .with_hint("remove aliases of pages that moved long ago"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_419).to_string(), "2025-11-27");
        let d = Date::parse("2026-03-31").unwrap();
        assert_eq!(d.months_before(1).to_string(), "2026-02-28");
        assert_eq!(d.months_before(12).to_string(), "2025-03-31");
        assert_eq!(d.months_before(15).to_string(), "2024-12-31");
        assert!(Date::parse("2026-3-1").is_none());
    }
}
