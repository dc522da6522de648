//! Runs the browser tests (tests/browser/*.test.js, Node's test runner driving Chromium
//! through playwright-core) against the binary built for this test run.
//!
//! Needs Node.js, Chromium and the npm packages (`common::tools`): without them the test
//! is reported as ignored locally and fails under CI.

mod common;

use std::process::Command;

use common::tools::{self, Tool};

fn main() -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let trials = vec![tools::trial(
        "browser_tests",
        &[Tool::Node, Tool::NpmPackages, Tool::Chromium],
        browser_tests,
    )];
    libtest_mimic::run(&args, trials).exit_code()
}

fn browser_tests() {
    let status = Command::new("node")
        .args(["--test", "--test-concurrency=1", "tests/browser/"])
        .current_dir(tools::repo())
        .env("HANDBOOK_BIN", env!("CARGO_BIN_EXE_handbook"))
        .env("CHROMIUM_PATH", tools::chromium_path())
        .status()
        .expect("run node");
    assert!(status.success(), "browser tests failed (output above)");
}
