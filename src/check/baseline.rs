//! Baselines: today's findings recorded in a file, so that a large existing handbook can
//! adopt `check` and fail only on new findings. Findings match by rule, file and message
//! (not line), as many times as they were recorded.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub rule: String,
    pub file: String,
    pub message: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

fn entry(d: &Diagnostic) -> Entry {
    Entry {
        rule: d.rule.to_string(),
        file: d.file.display().to_string(),
        message: d.message.clone(),
    }
}

impl Baseline {
    pub fn from_findings(diags: &[Diagnostic]) -> Self {
        let mut findings: Vec<Entry> = diags.iter().map(entry).collect();
        findings.sort();
        Baseline {
            version: 1,
            findings,
        }
    }

    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("the baseline {} is not valid: {e}", path.display()))
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())? + "\n";
        std::fs::write(path, text)
            .map_err(|e| format!("cannot write the baseline {}: {e}", path.display()))
    }

    /// The findings that the baseline does not cover.
    pub fn new_findings(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut budget: BTreeMap<&Entry, usize> = BTreeMap::new();
        for e in &self.findings {
            *budget.entry(e).or_default() += 1;
        }
        diags
            .into_iter()
            .filter(|d| {
                let e = entry(d);
                match budget.get_mut(&e) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }
}
