//! Runs the browser tests (tests/browser/*.test.js, Node's test runner driving Debian's
//! Chromium through playwright-core) against the binary built for this test run.
//!
//! Locally, a missing Chromium, Node or npm packages skip with a printed reason; in CI
//! (`CI` set) they fail.

use std::path::Path;
use std::process::Command;

#[test]
fn browser_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ci = std::env::var_os("CI").is_some();
    let mut missing = Vec::new();
    if !Path::new("/usr/bin/chromium").exists() {
        missing.push("Chromium (/usr/bin/chromium; apt-get install chromium)");
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("Node.js");
    }
    if !root.join("node_modules/playwright-core").exists() {
        missing.push("npm packages (npm ci)");
    }
    if !missing.is_empty() {
        let msg = format!("browser tests need: {}", missing.join(", "));
        if ci {
            panic!("{msg}");
        }
        eprintln!("skipping browser tests: {msg}");
        return;
    }
    let status = Command::new("node")
        .args(["--test", "--test-concurrency=1", "tests/browser/"])
        .current_dir(root)
        .env("HANDBOOK_BIN", env!("CARGO_BIN_EXE_handbook"))
        .status()
        .expect("run node");
    assert!(status.success(), "browser tests failed (output above)");
}
