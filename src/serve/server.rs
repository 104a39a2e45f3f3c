//! HTTP: the site from memory, the live-reload channel, the review view.
//!
//! Only GET and HEAD are answered. A request path is percent-decoded once; anything that is not
//! UTF-8, holds `..`, `.`, a backslash or NUL, or names a copied file that resolves outside the
//! site root (a symbolic link out) is 404 — Zola's #2257 was such a hole. A client gets
//! `HEADER_TIMEOUT` to send each request's headers and the server `RESPONSE_TIMEOUT` to answer,
//! and connections are capped, so slow or idle clients cannot hold the server.

use super::{Shared, page, review};
use crate::diagnostics::{Failure, Problem};
use crate::output::OutputFile;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

/// The script every HTML page gets in serve mode (never in `build` output).
pub const LIVE_SCRIPT: &str = r#"(() => {
  const events = new EventSource("/__puente/events");
  events.addEventListener("reload", () => location.reload());
})();
"#;

#[derive(Clone)]
struct App {
    state: Shared,
    reload: broadcast::Sender<u64>,
}

/// Binds (so a busy port is reported before anything else) and serves on a background thread.
pub fn start(
    addr: SocketAddr,
    state: Shared,
) -> Result<(broadcast::Sender<u64>, std::thread::JoinHandle<()>), Failure> {
    let listener = std::net::TcpListener::bind(addr).map_err(|err| {
        Failure::config(
            Problem::new(format!("cannot listen on {addr}: {}", crate::io_reason(&err)))
                .hint("another program may be using that port; choose another with --port"),
        )
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Failure::config(Problem::new(format!("cannot listen on {addr}: {e}"))))?;
    let (reload, _) = broadcast::channel(16);
    let app = App { state, reload: reload.clone() };
    let handle = std::thread::spawn(move || {
        let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
            Ok(runtime) => runtime,
            Err(err) => {
                eprintln!("error: cannot start the web server: {err}");
                return;
            }
        };
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
            let router = Router::new().fallback(dispatch).with_state(app).layer(
                tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, RESPONSE_TIMEOUT),
            );
            accept_loop(listener, router).await;
        });
    });
    Ok((reload, handle))
}

/// How long a client may take to send a request's headers (and, on a kept-alive connection,
/// to start the next request) before its connection is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long answering one request may take.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; more wait in the kernel's queue until one closes. With the
/// header deadline, clients that hold connections without using them cannot starve a browser.
const MAX_CONNECTIONS: usize = 256;

/// `axum::serve` with the header deadline and the connection cap it lacks.
async fn accept_loop(listener: tokio::net::TcpListener, router: Router) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = slots.clone().acquire_owned().await else { return };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait for connections to close, then go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
            // A client that goes away mid-answer is an error here and nothing to report.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

async fn dispatch(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = (StatusCode::METHOD_NOT_ALLOWED, "Only GET and HEAD are allowed.\n").into_response();
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    // Absolute-form request targets (`GET http://other/…`) are not ours to answer.
    if uri.scheme().is_some() || uri.authority().is_some() {
        return not_found();
    }
    let raw = uri.path();
    match raw {
        "/__puente/live.js" => return with_type(LIVE_SCRIPT.as_bytes().to_vec(), "text/javascript; charset=utf-8"),
        "/__puente/events" => return events(&app).into_response(),
        _ => {}
    }
    let Some(path) = safe_path(raw) else { return not_found() };
    if path == "_review" || path.starts_with("_review/") {
        let html = review::render(&app.state, path.trim_start_matches("_review").trim_start_matches('/'));
        return match html {
            Some(html) => with_type(html.into_bytes(), "text/html; charset=utf-8"),
            None => not_found(),
        };
    }
    serve_file(&app, &path, raw.ends_with('/'))
}

/// The decoded path without its leading `/`, or `None` when it could name anything outside.
pub fn safe_path(raw: &str) -> Option<String> {
    let decoded = percent_decode_str(raw).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return None;
    }
    Some(segments.join("/"))
}

fn serve_file(app: &App, path: &str, is_dir: bool) -> Response {
    let Ok(state) = app.state.read() else { return not_found() };
    let candidates = if path.is_empty() || is_dir {
        vec![if path.is_empty() { "index.html".to_string() } else { format!("{path}/index.html") }]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    for key in candidates {
        let Some(bytes) = lookup(&state, &key) else { continue };
        let content_type = content_type(&key);
        if content_type.starts_with("text/html") {
            let html = page::decorate(&String::from_utf8_lossy(&bytes), &key, &state);
            return with_type(html.into_bytes(), content_type);
        }
        return with_type(bytes, content_type);
    }
    let body = match lookup(&state, "404.html") {
        Some(bytes) => page::decorate(&String::from_utf8_lossy(&bytes), "404.html", &state),
        None => page::decorate("<!DOCTYPE html><html><body><h1>404</h1></body></html>", "404.html", &state),
    };
    let mut response = with_type(body.into_bytes(), "text/html; charset=utf-8");
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

/// An output file: from the cache, the copied files, or rendered now (and cached with the
/// other files its job makes).
fn lookup(state: &super::State, key: &str) -> Option<Vec<u8>> {
    if let Some(bytes) = state.cache.lock().ok()?.get(key) {
        return Some(bytes.clone());
    }
    let session = state.session.as_ref()?;
    if let Some(file) = session.copied().files.get(key) {
        return read(file, &state.root);
    }
    if let Some(cached) = session.processed_image(key) {
        return read(&OutputFile::Copy(cached), &state.root);
    }
    let files = session.render_path(key)?.ok()?;
    let mut cache = state.cache.lock().ok()?;
    let mut found = None;
    for (path, bytes) in files {
        if path == key {
            found = Some(bytes.clone());
        }
        cache.insert(path, bytes);
    }
    found
}

/// The bytes of an output file; a copied file must resolve inside the site root.
fn read(file: &OutputFile, root: &std::path::Path) -> Option<Vec<u8>> {
    match file {
        OutputFile::Data(bytes) => Some(bytes.clone()),
        OutputFile::Copy(source) => {
            let real = source.canonicalize().ok()?;
            let root = root.canonicalize().ok()?;
            if !real.starts_with(&root) {
                return None;
            }
            std::fs::read(real).ok()
        }
    }
}

fn events(app: &App) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>> + use<>> {
    let stream = BroadcastStream::new(app.reload.subscribe()).filter_map(|message| {
        message.ok().map(|generation| Ok(Event::default().event("reload").data(generation.to_string())))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn with_type(bytes: Vec<u8>, content_type: &str) -> Response {
    let mut response = Response::new(Body::from(bytes));
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found.\n").into_response()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::safe_path;

    #[test]
    fn traversal_in_any_encoding_is_refused() {
        for raw in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc",
            "/en/..%2f..%2f",
            "/a\\b",
            "/%5c..",
            "/%00",
            "/%ff",
        ] {
            assert_eq!(safe_path(raw), None, "{raw}");
        }
        assert_eq!(safe_path("/es/noticias/"), Some("es/noticias".to_string()));
        assert_eq!(safe_path("/es/caf%C3%A9/"), Some("es/café".to_string()));
    }
}
