//! `handbook serve`: the dev server. Builds into memory (never touches `public/`),
//! watches the site's inputs, rebuilds incrementally, and tells open pages over a
//! WebSocket to reload (or to swap stylesheets, or to show the build's errors).
//!
//! Owns: HTTP, the watcher, live reload. Knows nothing of Markdown: it asks the
//! `Session` to rebuild and serves the `Output` it holds.

mod http;
mod memory;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use crate::config::Overrides;
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::session::Session;

pub use watch::watch_and_rebuild;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub overrides: Overrides,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    /// Print how long each step of each rebuild took.
    pub timings: bool,
}

/// What the server shows: the last good site and the current errors, if any.
pub struct Live {
    pub output: Arc<Output>,
    pub errors: Vec<Diagnostic>,
    /// The canonical site root: files copied from outside it are never served.
    pub root: PathBuf,
}

/// A message to the open pages.
#[derive(Debug, Clone)]
pub enum Event {
    Reload,
    Css,
    Errors(Vec<Diagnostic>),
    Fixed,
}

impl Event {
    pub fn to_json(&self) -> String {
        match self {
            Event::Reload => r#"{"type":"reload"}"#.to_string(),
            Event::Css => r#"{"type":"css"}"#.to_string(),
            Event::Fixed => r#"{"type":"ok"}"#.to_string(),
            Event::Errors(errors) => {
                let list: Vec<serde_json::Value> = errors
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| {
                        serde_json::json!({
                            "file": d.file.display().to_string(),
                            "line": d.line,
                            "column": d.col,
                            "message": d.message,
                            "hint": d.hint,
                            "text": d.to_string(),
                        })
                    })
                    .collect();
                serde_json::json!({ "type": "error", "errors": list }).to_string()
            }
        }
    }
}

pub(crate) struct Shared {
    pub live: RwLock<Live>,
    pub events: broadcast::Sender<Event>,
}

/// Builds, serves and watches until interrupted.
pub fn serve(opts: ServeOptions) -> Result<(), String> {
    memory::return_freed_memory_promptly();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    runtime.block_on(run(opts))
}

async fn run(opts: ServeOptions) -> Result<(), String> {
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot read the address: {e}"))?;
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes the preview reachable from other machines",
            opts.bind
        );
    }
    let host = if opts.bind.is_unspecified() {
        "127.0.0.1".to_string()
    } else if local.ip().is_ipv6() {
        format!("[{}]", local.ip())
    } else {
        local.ip().to_string()
    };
    let url = format!("http://{host}:{}/", local.port());
    let mut overrides = opts.overrides.clone();
    overrides.base_url = Some(url.clone());
    // Served files never include the output folder's contents: the build is in memory.
    let mut session = Session::new(&opts.root, overrides);
    // Pages are served as soon as they are built; the search index follows from the
    // watcher's search thread.
    session.defer_search(true);
    let started = std::time::Instant::now();
    let (output, errors) = match session.full_build() {
        Ok(r) => {
            for w in &r.warnings {
                eprintln!("{w}");
            }
            let out = session.output().cloned().unwrap_or_default();
            eprintln!(
                "Built {} files in {} ms",
                out.files.len(),
                started.elapsed().as_millis()
            );
            if let (true, Some(t)) = (opts.timings, &r.timings) {
                eprint!("{}", t.report());
            }
            (Arc::new(out), Vec::new())
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!("The build has errors; the pages show them until they are fixed.");
            (Arc::new(Output::in_memory()), errors)
        }
    };
    let root = opts
        .root
        .canonicalize()
        .unwrap_or_else(|_| opts.root.clone());
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        live: RwLock::new(Live {
            output,
            errors,
            root,
        }),
        events,
    });
    let watcher = watch::start(session, opts.timings, shared.clone())?;
    eprintln!("Serving {} at {url} (Ctrl+C to stop)", opts.root.display());
    if opts.open {
        let _ = std::process::Command::new("xdg-open")
            .arg(&url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
    let app = http::router(shared);
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("server error: {e}"));
    drop(watcher);
    result
}
