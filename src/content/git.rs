//! Last change dates from git, read in one pass over the history (one `git log`
//! process, not one per page). Omitted when the site is not in a git repository.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The date (YYYY-MM-DD, UTC) of the last commit that touched each file under `dir`,
/// keyed by absolute path. Empty when git or the repository is missing.
pub fn last_changes(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let Ok(top) = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--show-toplevel"])
        .output()
    else {
        return out;
    };
    if !top.status.success() {
        return out;
    }
    let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
    let Ok(log) = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "core.quotepath=off",
            "log",
            "--format=%x00%ct",
            "--name-only",
            "--no-renames",
            "--",
            ".",
        ])
        .output()
    else {
        return out;
    };
    if !log.status.success() {
        return out;
    }
    let text = String::from_utf8_lossy(&log.stdout);
    let mut date = String::new();
    for line in text.lines() {
        if let Some(ts) = line.strip_prefix('\0') {
            date = ts
                .trim()
                .parse::<i64>()
                .map(|secs| crate::check::Date::from_unix(secs).to_string())
                .unwrap_or_default();
        } else if !line.is_empty() && !date.is_empty() {
            // Newest first: the first date seen for a file is its last change.
            out.entry(top.join(line)).or_insert_with(|| date.clone());
        }
    }
    out
}
