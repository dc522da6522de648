//! The programs some tests drive besides the binary under test (Node.js, Chromium, the npm
//! packages), found one way for every test, Rust or JS.
//!
//! The rule: Chromium is `$CHROMIUM_PATH` if set, else `/usr/bin/chromium`; Node.js is
//! `node` on the `PATH`; the npm packages are `node_modules/` of the repository. The JS
//! harness (`tests/browser/support.js`) reads the same variable with the same default.
//!
//! A test that needs a missing program is reported as ignored, with the reason printed,
//! when run locally; under CI (`CI` set) it fails, so that a machine without the program
//! never passes for one that ran the test.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A program a test needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Node,
    Chromium,
    /// The packages of `package.json` (`npm ci`).
    NpmPackages,
}

impl Tool {
    /// `Ok` when the program is here, else what is missing and how to install it.
    pub fn find(self) -> Result<(), String> {
        match self {
            Tool::Node => match Command::new("node").arg("--version").output() {
                Ok(out) if out.status.success() => Ok(()),
                _ => Err("Node.js (`node` on the PATH)".into()),
            },
            Tool::Chromium => {
                let path = chromium_path();
                if path.exists() {
                    Ok(())
                } else {
                    Err(format!(
                        "Chromium at {} (apt-get install chromium, or set CHROMIUM_PATH)",
                        path.display()
                    ))
                }
            }
            Tool::NpmPackages => {
                if repo().join("node_modules/playwright-core").exists() {
                    Ok(())
                } else {
                    Err("the npm packages (npm ci)".into())
                }
            }
        }
    }
}

/// Where Chromium is: `$CHROMIUM_PATH`, else `/usr/bin/chromium`.
pub fn chromium_path() -> PathBuf {
    std::env::var_os("CHROMIUM_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether this run is CI's, where a missing program is a failure.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// What is missing of `needs`, joined for a message; `None` when everything is here.
pub fn missing(needs: &[Tool]) -> Option<String> {
    let missing: Vec<String> = needs.iter().filter_map(|t| t.find().err()).collect();
    (!missing.is_empty()).then(|| missing.join(", "))
}

/// A test for a harness-less test target (`harness = false`, libtest-mimic) that needs
/// `needs`: ignored with the reason printed when something is missing locally, failed
/// with the reason under CI, run otherwise.
pub fn trial(
    name: &str,
    needs: &[Tool],
    run: impl FnOnce() + Send + std::panic::UnwindSafe + 'static,
) -> libtest_mimic::Trial {
    let lack = missing(needs);
    let ignored = lack.is_some() && !in_ci();
    if let (Some(what), true) = (&lack, ignored) {
        eprintln!("{name}: ignored, this machine lacks {what}");
    }
    libtest_mimic::Trial::test(name, move || {
        if let Some(what) = lack {
            return Err(format!("this test needs {what}, missing under CI").into());
        }
        std::panic::catch_unwind(run).map_err(|e| {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "the test panicked".into());
            msg.into()
        })
    })
    .with_ignored_flag(ignored)
}
