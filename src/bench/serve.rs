//! Live preview latency, end to end, through a real `handbook serve`: from writing a page
//! to its new HTML being served over HTTP, at the save rates editors use.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content::{self, Class};

/// The pauses between saves measured: a person saving by hand, and editors' auto-save.
pub const SAVE_INTERVALS_MS: [u64; 3] = [2500, 1000, 300];

/// Live preview figures of one site.
pub struct ServeLatency {
    /// From starting `handbook serve` until it answers HTTP (the full build in memory).
    pub startup_secs: f64,
    /// Body edits, from the write to the edited page served with the edit, per pause
    /// between saves (`SAVE_INTERVALS_MS`).
    pub body_ms: Vec<(u64, Vec<f64>)>,
    /// Title edits (the navigation of other pages changes), from the write to the reload
    /// event, saved by hand.
    pub title_ms: Vec<f64>,
    /// Peak resident memory of the server process at the end, KiB (Linux; 0 elsewhere).
    pub peak_rss_kb: u64,
}

/// A page to edit: its file, its URL path, and its text before the benchmark.
struct Target {
    file: PathBuf,
    url: String,
    text: String,
}

/// Measures `samples` body edits per save interval and `samples` title edits on the site
/// at `root`, through `exe serve`. Pages are restored afterwards.
pub fn serve_latency(exe: &Path, root: &Path, samples: usize) -> Result<ServeLatency, String> {
    let targets = pick_pages(&root.join("content"), samples.max(1))?;
    let start = Instant::now();
    let mut child = std::process::Command::new(exe)
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start serve: {e}"))?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let mut lines = std::io::BufReader::new(stderr).lines();
    let mut port = None;
    for line in lines.by_ref().map_while(Result::ok) {
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
            break;
        }
    }
    let pid = child.id();
    let result = (|| {
        let port = port.ok_or("serve did not start")?;
        let base = format!("http://127.0.0.1:{port}/");
        ureq::get(&base)
            .call()
            .map_err(|e| format!("serve does not answer: {e}"))?;
        let startup_secs = start.elapsed().as_secs_f64();
        // Keep reading the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
        let (mut ws, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}/__handbook/ws"))
            .map_err(|e| format!("websocket: {e}"))?;
        let mut body_ms = Vec::new();
        let mut edit = 0;
        for interval in SAVE_INTERVALS_MS {
            let mut times = Vec::new();
            for t in &targets {
                edit += 1;
                let marker = format!("Edited for the benchmark, save {edit}.");
                let saved = Instant::now();
                std::fs::write(&t.file, format!("{}\n{marker}\n", t.text))
                    .map_err(|e| format!("{}: {e}", t.file.display()))?;
                wait_served(&mut ws, &format!("{base}{}", t.url), &marker)?;
                times.push(saved.elapsed().as_secs_f64() * 1000.0);
                sleep_until(saved + Duration::from_millis(interval));
            }
            body_ms.push((interval, times));
        }
        let mut title_ms = Vec::new();
        for (i, t) in targets.iter().enumerate() {
            let retitled = retitle(&t.text, i);
            let saved = Instant::now();
            std::fs::write(&t.file, retitled).map_err(|e| e.to_string())?;
            wait_reload(&mut ws)?;
            title_ms.push(saved.elapsed().as_secs_f64() * 1000.0);
            sleep_until(saved + Duration::from_millis(SAVE_INTERVALS_MS[0]));
        }
        Ok(ServeLatency {
            startup_secs,
            body_ms,
            title_ms,
            peak_rss_kb: peak_rss_kb(pid),
        })
    })();
    for t in &targets {
        let _ = std::fs::write(&t.file, &t.text);
    }
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// `samples` regular pages spread over the site, without a `slug` or `url` of their own
/// (so their URL follows from their path).
fn pick_pages(content: &Path, samples: usize) -> Result<Vec<Target>, String> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            let rel = rel_path(content, p);
            content::classify(&rel) == Class::Page
                && !matches!(
                    p.file_name().and_then(|n| n.to_str()),
                    Some("_index.md" | "index.md" | "README.md")
                )
        })
        .collect();
    pages.sort();
    let mut targets = Vec::new();
    let step = (pages.len() / samples).max(1);
    for file in pages.into_iter().step_by(step) {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let front_end = text.get(3..).and_then(|t| t.find("\n---")).unwrap_or(0);
        if text[..front_end]
            .lines()
            .any(|l| l.starts_with("slug:") || l.starts_with("url:"))
        {
            continue;
        }
        let url = content::url_for(&rel_path(content, &file), false);
        targets.push(Target { file, url, text });
        if targets.len() == samples {
            break;
        }
    }
    if targets.is_empty() {
        return Err(format!("no page to edit under {}", content.display()));
    }
    Ok(targets)
}

fn rel_path(content: &Path, file: &Path) -> String {
    file.strip_prefix(content)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The page's text with a new title: in front matter when it has one there, else a new
/// leading heading.
fn retitle(text: &str, i: usize) -> String {
    match text.find("\ntitle: ") {
        Some(at) => format!("{}\ntitle: Retitled {i} {}", &text[..at], &text[at + 8..]),
        None => format!("# Retitled {i}\n\n{text}"),
    }
}

type Socket = tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>;

/// Waits for reload events until `url` serves a page holding `marker`.
fn wait_served(ws: &mut Socket, url: &str, marker: &str) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        wait_reload(ws)?;
        let mut response = ureq::get(url).call().map_err(|e| format!("{url}: {e}"))?;
        let body = response
            .body_mut()
            .read_to_string()
            .map_err(|e| format!("{url}: {e}"))?;
        if body.contains(marker) {
            return Ok(());
        }
    }
    Err(format!("{url} did not show the edit within a minute"))
}

fn wait_reload(ws: &mut Socket) -> Result<(), String> {
    loop {
        match ws.read().map_err(|e| format!("websocket: {e}"))? {
            tungstenite::Message::Text(t) if t.contains("\"reload\"") => return Ok(()),
            tungstenite::Message::Text(t) if t.contains("\"error\"") => {
                return Err(format!("the rebuild failed: {t}"))
            }
            _ => {}
        }
    }
}

fn sleep_until(at: Instant) {
    let now = Instant::now();
    if at > now {
        std::thread::sleep(at - now);
    }
}

/// The peak resident memory of process `pid` (`VmHWM`), KiB; 0 where unknown.
fn peak_rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

/// The median and the 90th percentile of a sample.
pub fn median_p90(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.9))
}
