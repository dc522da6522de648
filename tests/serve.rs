//! `handbook serve` through the real binary: pages served from memory with live reload,
//! reload events after edits (atomic saves, new, renamed and deleted files), the error
//! overlay coming and going, stylesheet swaps, and requests that try to leave the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{bin, TestSite};

struct Server {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    #[allow(clippy::zombie_processes)] // Drop kills and waits for it.
    fn start(site: &TestSite, extra: &[&str]) -> Server {
        let mut child = Command::new(bin())
            .arg("--root")
            .arg(site.root())
            .args(["serve", "--port", "0"])
            .args(extra)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start serve");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve announces its address");
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let port = rest.split('/').next().unwrap().parse().unwrap();
                return Server {
                    child,
                    port,
                    log: rx,
                };
            }
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        let resp = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .new_agent()
            .get(&self.url(path))
            .call()
            .expect("request");
        let status = resp.status().as_u16();
        let ctype = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = resp.into_body().read_to_string().unwrap_or_default();
        (status, ctype, body)
    }

    /// Sends a request line as it is (no client-side normalisation of `..`).
    fn raw(&self, request_line: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "{request_line}\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    }

    fn socket(&self) -> Socket {
        let (ws, _) = tungstenite::connect(format!("ws://127.0.0.1:{}/__handbook/ws", self.port))
            .expect("websocket");
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        }
        Socket(ws)
    }
}

struct Socket(tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>);

impl Socket {
    /// The next event's JSON.
    fn next(&mut self) -> serde_json::Value {
        loop {
            match self.0.read().expect("an event within 10 s") {
                tungstenite::Message::Text(t) => return serde_json::from_str(&t).unwrap(),
                _ => continue,
            }
        }
    }

    fn next_of(&mut self, kind: &str) -> serde_json::Value {
        loop {
            let ev = self.next();
            if ev["type"] == kind {
                return ev;
            }
        }
    }
}

fn site() -> TestSite {
    TestSite::bundled()
}

#[test]
fn serves_from_memory_with_live_reload_and_theme_404() {
    let site = site();
    let server = Server::start(&site, &[]);
    let (status, ctype, body) = server.get("/program/tracks/");
    assert_eq!(status, 200);
    assert_eq!(ctype, "text/html; charset=utf-8");
    assert!(
        body.contains("/__handbook/livereload.js"),
        "reload script injected"
    );
    assert!(
        body.contains("href=\"/program/\""),
        "links are local to the server"
    );
    assert!(!site.exists("public"), "serving never writes public/");
    let (status, ctype, _) = server.get("/handbook.css");
    assert_eq!((status, ctype.as_str()), (200, "text/css; charset=utf-8"));
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the theme's 404 page");
    let (status, _, _) = server.get("/program/tracks");
    assert_eq!(status, 308, "a folder without its slash redirects");
    let (status, ctype, js) = server.get("/__handbook/livereload.js");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/javascript"));
    assert!(js.contains("WebSocket"));
}

#[test]
fn never_serves_outside_the_site() {
    let site = site();
    std::fs::write(site.root().join("secret.txt"), "TOP-SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.root().join("secret.txt"),
        site.root().join("content/link.txt"),
    )
    .unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.txt"), "OUTSIDE").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("x.txt"),
        site.root().join("content/out.txt"),
    )
    .unwrap();
    let server = Server::start(&site, &[]);
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/content/../../secret.txt",
        "/out.txt",
    ] {
        let resp = server.raw(&format!("GET {path} HTTP/1.1"));
        let status = resp.split_whitespace().nth(1).unwrap_or("");
        assert!(status == "404" || status == "400", "{path}: {status}");
        assert!(
            !resp.contains("TOP-SECRET") && !resp.contains("OUTSIDE") && !resp.contains("root:"),
            "{path} leaked"
        );
    }
    let post = server.raw("POST / HTTP/1.1\r\nContent-Length: 0");
    assert!(post.starts_with("HTTP/1.1 405"), "{post}");
    assert!(post.to_lowercase().contains("allow: get, head"));
    let delete = server.raw("DELETE /program/ HTTP/1.1");
    assert!(delete.starts_with("HTTP/1.1 405"));
    let head = server.raw("HEAD /program/ HTTP/1.1");
    assert!(head.starts_with("HTTP/1.1 200"));
}

#[test]
fn edits_reload_pages_and_serve_what_a_full_build_gives() {
    let site = site();
    let server = Server::start(&site, &[]);
    let mut socket = server.socket();
    let page = "content/program/tracks.md";
    site.write(
        page,
        site.read(page) + "\nA sentence added while serving.\n",
    );
    socket.next_of("reload");
    let (_, _, body) = server.get("/program/tracks/");
    assert!(body.contains("A sentence added while serving."));
    let line = server.log.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        line.starts_with("Rebuilt in") && line.contains("1 pages rendered"),
        "{line}"
    );

    // Editor-style atomic save: write a temporary file, rename it over the page.
    let tmp = site.root().join("content/program/.tracks.md.swp");
    std::fs::write(
        &tmp,
        site.read(page)
            .replace("A sentence added", "A sentence saved atomically"),
    )
    .unwrap();
    std::fs::rename(&tmp, site.root().join(page)).unwrap();
    socket.next_of("reload");
    assert!(server
        .get("/program/tracks/")
        .2
        .contains("A sentence saved atomically"));

    // A new page appears, is renamed, then deleted.
    site.write(
        "content/program/fresh.md",
        "---\ntitle: Fresh page\n---\nNew here.\n",
    );
    socket.next_of("reload");
    assert_eq!(server.get("/program/fresh/").0, 200);
    assert!(
        server.get("/program/").2.contains("Fresh page"),
        "the navigation shows it"
    );
    std::fs::rename(
        site.root().join("content/program/fresh.md"),
        site.root().join("content/program/renamed.md"),
    )
    .unwrap();
    socket.next_of("reload");
    assert_eq!(server.get("/program/fresh/").0, 404);
    assert_eq!(server.get("/program/renamed/").0, 200);
    site.remove("content/program/renamed.md");
    socket.next_of("reload");
    assert_eq!(server.get("/program/renamed/").0, 404);

    // What is served equals a full build of the same files.
    site.run(&["build", "--base-url", &server.url("/")])
        .assert_ok();
    for path in ["program/tracks/", "program/", "", "selling/r7-co-selling/"] {
        let served = server.get(&format!("/{path}")).2;
        let built = site.read(&format!("public/{path}index.html"));
        let served = served.replace(
            "<script src=\"/__handbook/livereload.js\" defer></script>",
            "",
        );
        assert!(served == built, "/{path} differs from a full build");
    }
    // The search index follows from its own thread, and ends up as a full build's.
    let built_index: Vec<(String, String)> =
        ["search/meta.json", "search/f/0.json", "search/filters.json"]
            .iter()
            .map(|p| (p.to_string(), site.read(&format!("public/{p}"))))
            .collect();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    for (path, built) in &built_index {
        while server.get(&format!("/{path}")).2 != *built {
            assert!(
                std::time::Instant::now() < deadline,
                "the served {path} never became a full build's"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn errors_show_an_overlay_until_fixed() {
    let site = site();
    let server = Server::start(&site, &[]);
    let mut socket = server.socket();
    let page = "content/program/tracks.md";
    let good = site.read(page);
    site.write(page, good.clone() + "\nSee [this](missing-page.md).\n");
    let ev = socket.next_of("error");
    let err = &ev["errors"][0];
    assert_eq!(err["file"], "content/program/tracks.md");
    assert!(err["line"].as_u64().unwrap() > 1);
    assert!(err["text"].as_str().unwrap().contains("missing-page.md"));
    // The last good page is still served, and a newly opened page learns of the error.
    assert_eq!(server.get("/program/tracks/").0, 200);
    let mut late = server.socket();
    assert_eq!(late.next()["type"], "error");
    site.write(page, good + "\nFixed.\n");
    socket.next_of("ok");
    socket.next_of("reload");
    assert!(server.get("/program/tracks/").2.contains("Fixed."));
}

#[test]
fn a_stylesheet_change_swaps_styles_without_reload() {
    let site = site();
    site.write("static/extra.css", "body { color: black; }");
    let server = Server::start(&site, &[]);
    let mut socket = server.socket();
    site.write("static/extra.css", "body { color: navy; }");
    let ev = socket.next();
    assert_eq!(ev["type"], "css");
    assert_eq!(server.get("/extra.css").2, "body { color: navy; }");
}

#[test]
fn binds_loopback_by_default_and_warns_otherwise() {
    let site = site();
    let server = Server::start(&site, &[]);
    drop(server);
    let mut child = Command::new(bin())
        .arg("--root")
        .arg(site.root())
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut warned = false;
    for line in lines.by_ref().take(10).map_while(Result::ok) {
        if line.contains("warning: serving on 0.0.0.0") {
            warned = true;
        }
        if line.starts_with("Serving") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(warned);
}
