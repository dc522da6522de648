//! Live preview latency, end to end, through a real `handbook serve`.

use std::path::Path;

/// Live preview latency, end to end: from writing a file to a WebSocket client (as the
/// browser's) receiving the reload event from a real `handbook serve`.
pub struct ServeLatency {
    /// From starting `handbook serve` until it answers.
    pub startup_secs: f64,
    pub body_ms: Vec<f64>,
    pub title_ms: Vec<f64>,
}

/// Measures `samples` body edits and `samples` title edits on the site at `root` (a
/// corpus made by `generate`).
pub fn serve_latency(exe: &Path, root: &Path, samples: usize) -> Result<ServeLatency, String> {
    use std::io::BufRead;
    let start = std::time::Instant::now();
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
    let result = (|| {
        let port = port.ok_or("serve did not start")?;
        let startup_secs = start.elapsed().as_secs_f64();
        // Keep reading the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
        let (mut ws, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}/__handbook/ws"))
            .map_err(|e| format!("websocket: {e}"))?;
        let wait_reload = |ws: &mut tungstenite::WebSocket<_>| -> Result<(), String> {
            loop {
                match ws.read().map_err(|e| format!("websocket: {e}"))? {
                    tungstenite::Message::Text(t) if t.contains("\"reload\"") => return Ok(()),
                    tungstenite::Message::Text(t) if t.contains("\"error\"") => {
                        return Err(format!("the rebuild failed: {t}"))
                    }
                    _ => {}
                }
            }
        };
        let content = root.join("content");
        let mut body_ms = Vec::new();
        let mut title_ms = Vec::new();
        for i in 0..samples {
            let leaf = i % 5;
            let page = leaf * 20 + 3 + i / 5;
            let path = content.join(format!("s0/t0/u{leaf}/page-{page}.md"));
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let t = std::time::Instant::now();
            std::fs::write(&path, format!("{text}\nEdited for the benchmark ({i}).\n"))
                .map_err(|e| e.to_string())?;
            wait_reload(&mut ws)?;
            body_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            std::thread::sleep(std::time::Duration::from_millis(150));
            let retitled = text.replacen("title: \"", &format!("title: \"Retitled {i} "), 1);
            let t = std::time::Instant::now();
            std::fs::write(&path, retitled).map_err(|e| e.to_string())?;
            wait_reload(&mut ws)?;
            title_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            std::thread::sleep(std::time::Duration::from_millis(150));
        }
        Ok(ServeLatency {
            startup_secs,
            body_ms,
            title_ms,
        })
    })();
    let _ = child.kill();
    let _ = child.wait();
    result
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
