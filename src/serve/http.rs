//! The HTTP side: GET and HEAD only, files from the in-memory site only, nothing outside
//! the site root (`..` in any encoding, backslashes, symlinks out), correct content
//! types, no listings, the theme's 404 page, and the live reload WebSocket.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::{Event, Shared};
use crate::output::{Output, OutputFile};

const LIVERELOAD_JS: &str = include_str!("livereload.js");
const LIVERELOAD_TAG: &str = "<script src=\"/__handbook/livereload.js\" defer></script>";

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__handbook/ws", get(websocket))
        .route("/__handbook/livereload.js", get(livereload_script))
        .fallback(serve_path)
        .with_state(shared)
}

async fn livereload_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        LIVERELOAD_JS,
    )
        .into_response()
}

/// Decodes `%XX` escapes; `None` for a malformed escape or a result that is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The site path a request names, or `None` if it tries to leave the site.
pub fn site_path(uri_path: &str) -> Option<String> {
    let decoded = percent_decode(uri_path)?;
    if decoded.contains(['\\', '\0'])
        || decoded.contains("%") && percent_decode(&decoded) != Some(decoded.clone())
    {
        return None;
    }
    let trimmed = decoded.trim_start_matches('/');
    if trimmed.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    if trimmed.contains(':') && trimmed.split('/').next().is_some_and(|s| s.contains(':')) {
        return None;
    }
    Some(trimmed.to_string())
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

enum Found {
    File(String, Vec<u8>),
    Redirect(String),
    Missing,
}

fn read_file(output: &Output, root: &std::path::Path, path: &str) -> Option<Vec<u8>> {
    match output.files.get(path)? {
        OutputFile::Bytes(b) => Some(b.to_vec()),
        OutputFile::Packed(b) => b.unpack().ok(),
        OutputFile::Copy(src) => {
            // A file copied from the site must really be inside it (no symlink out).
            let real = src.canonicalize().ok()?;
            if !real.starts_with(root) {
                return None;
            }
            std::fs::read(real).ok()
        }
        OutputFile::Written => None,
    }
}

fn find(shared: &Shared, path: &str) -> Found {
    let live = shared.live.read().unwrap_or_else(|e| e.into_inner());
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    if let Some(bytes) = read_file(&live.output, &live.root, &file) {
        return Found::File(file, bytes);
    }
    if !path.is_empty()
        && !path.ends_with('/')
        && live
            .output
            .files
            .contains_key(&format!("{path}/index.html"))
    {
        return Found::Redirect(format!("/{path}/"));
    }
    Found::Missing
}

fn with_livereload(html: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{LIVERELOAD_TAG}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{LIVERELOAD_TAG}").into_bytes(),
    }
}

fn respond(status: StatusCode, path: &str, bytes: Vec<u8>) -> Response {
    let ctype = content_type(path);
    let body = if ctype.starts_with("text/html") {
        with_livereload(bytes)
    } else {
        bytes
    };
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    resp
}

fn not_found(shared: &Shared) -> Response {
    match find(shared, "404.html") {
        Found::File(p, bytes) => respond(StatusCode::NOT_FOUND, &p, bytes),
        _ => {
            let errors = {
                let live = shared.live.read().unwrap_or_else(|e| e.into_inner());
                !live.errors.is_empty()
            };
            let text = if errors {
                "<!DOCTYPE html><title>Build failed</title><h1>The build failed</h1><p>Fix the errors shown here; the page reloads by itself.</p></body>"
            } else {
                "<!DOCTYPE html><title>Not found</title><h1>Not found</h1></body>"
            };
            respond(StatusCode::NOT_FOUND, "404.html", text.as_bytes().to_vec())
        }
    }
}

async fn serve_path(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut resp = StatusCode::METHOD_NOT_ALLOWED.into_response();
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return resp;
    }
    let Some(path) = site_path(uri.path()) else {
        return not_found(&shared);
    };
    match find(&shared, &path) {
        Found::File(p, bytes) => respond(StatusCode::OK, &p, bytes),
        Found::Redirect(to) => {
            let mut resp = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            resp
        }
        Found::Missing => not_found(&shared),
    }
}

async fn websocket(State(shared): State<Arc<Shared>>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| live_socket(socket, shared))
}

async fn live_socket(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut events = shared.events.subscribe();
    let current = {
        let live = shared.live.read().unwrap_or_else(|e| e.into_inner());
        if live.errors.is_empty() {
            None
        } else {
            Some(Event::Errors(live.errors.clone()))
        }
    };
    if let Some(ev) = current {
        if socket
            .send(Message::Text(ev.to_json().into()))
            .await
            .is_err()
        {
            return;
        }
    }
    loop {
        tokio::select! {
            ev = events.recv() => match ev {
                Ok(ev) => {
                    if socket.send(Message::Text(ev.to_json().into())).await.is_err() {
                        return;
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    if socket.send(Message::Text(Event::Reload.to_json().into())).await.is_err() {
                        return;
                    }
                }
                Err(_) => return,
            },
            msg = socket.recv() => match msg {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                _ => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        assert_eq!(site_path("/a/b/").as_deref(), Some("a/b/"));
        assert_eq!(site_path("/%C3%BCber/").as_deref(), Some("über/"));
        // Extra slashes stay inside the site.
        assert_eq!(site_path("//etc/passwd").as_deref(), Some("etc/passwd"));
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%5c..%5cetc",
            "/a%00b",
            "/%252e%252e/x",
            "/a/%zz",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
