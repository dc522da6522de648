//! Renders findings for people and machines: human (coloured on a terminal), JSON (one
//! object per finding), GitLab Code Quality (shown on merge requests) and JUnit XML.

use crate::diagnostics::{Diagnostic, Severity};

/// Output formats of `handbook check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Gitlab,
    Junit,
}

pub fn render(diags: &[Diagnostic], format: Format, color: bool) -> String {
    match format {
        Format::Human => human(diags, color),
        Format::Json => json(diags),
        Format::Gitlab => gitlab(diags),
        Format::Junit => junit(diags),
    }
}

fn human(diags: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for d in diags {
        let text = d.to_string();
        if color {
            let (code, word) = match d.severity {
                Severity::Error => ("\x1b[1;31m", "error"),
                Severity::Warning => ("\x1b[1;33m", "warning"),
            };
            let text = text
                .replacen(&format!(": {word}["), &format!(": {code}{word}\x1b[0m["), 1)
                .replacen("\n  hint:", "\n  \x1b[36mhint\x1b[0m:", 1);
            out.push_str(&text);
        } else {
            out.push_str(&text);
        }
        out.push('\n');
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    out.push_str(&format!(
        "{errors} error{}, {warnings} warning{}\n",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    ));
    out
}

fn file_str(d: &Diagnostic) -> String {
    d.file.display().to_string()
}

fn json(diags: &[Diagnostic]) -> String {
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "file": file_str(d),
                "line": d.line,
                "column": d.col,
                "severity": d.severity,
                "rule": d.rule,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

/// A stable fingerprint: FNV-1a of rule, file and message (not the line, so that an
/// edit above a finding does not make it "new"), plus its occurrence number.
pub fn fingerprint(d: &Diagnostic, occurrence: usize) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        d.rule.name(),
        &file_str(d),
        &d.message,
        &occurrence.to_string(),
    ] {
        for b in part.bytes().chain(std::iter::once(0)) {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn gitlab(diags: &[Diagnostic]) -> String {
    let mut seen = std::collections::BTreeMap::new();
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let key = (d.rule, file_str(d), d.message.clone());
            let n = seen.entry(key).or_insert(0usize);
            *n += 1;
            let description = match &d.hint {
                Some(h) => format!("{} ({h})", d.message),
                None => d.message.clone(),
            };
            serde_json::json!({
                "description": description,
                "check_name": d.rule,
                "fingerprint": fingerprint(d, *n),
                "severity": match d.severity { Severity::Error => "major", Severity::Warning => "minor" },
                "location": { "path": file_str(d), "lines": { "begin": d.line.max(1) } },
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn junit(diags: &[Diagnostic]) -> String {
    let failures = diags.len();
    let tests = failures.max(1);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"handbook check\" tests=\"{tests}\" failures=\"{failures}\">\n  <testsuite name=\"handbook check\" tests=\"{tests}\" failures=\"{failures}\">\n"
    );
    if diags.is_empty() {
        out.push_str("    <testcase classname=\"handbook\" name=\"check\"/>\n");
    }
    for d in diags {
        let name = format!("{}:{}:{}", file_str(d), d.line, d.col);
        let body = match &d.hint {
            Some(h) => format!("{}\nhint: {h}", d),
            None => d.to_string(),
        };
        out.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
            xml(d.rule.name()),
            xml(&name),
            xml(&file_str(d)),
            d.line,
            match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
            xml(&d.message),
            xml(&body),
        ));
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
