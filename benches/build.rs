//! `cargo bench --bench build`: full builds of synthetic handbooks of 1,000 and 10,000
//! pages against the pulldown-cmark + syntect floor, through the real binary.
//! Sizes can be changed with HANDBOOK_BENCH_PAGES=1000,10000; an existing corpus (for
//! example `gen_corpus.py N --tool neutral`) with HANDBOOK_BENCH_CORPUS=dir.

fn main() {
    let exe = env!("CARGO_BIN_EXE_handbook");
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("bench");
    if let Ok(pages) = std::env::var("HANDBOOK_BENCH_PAGES") {
        cmd.arg("--pages").arg(pages);
    }
    if let Ok(corpus) = std::env::var("HANDBOOK_BENCH_CORPUS") {
        cmd.arg("--corpus").arg(corpus);
    }
    // `cargo bench` passes `--bench`; nothing else to parse.
    let status = cmd.status().expect("run handbook bench");
    std::process::exit(status.code().unwrap_or(1));
}
