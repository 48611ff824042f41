//! The development web server: static files from the output directory (never
//! anything outside it), the site's 404 page, and a Server-Sent Events stream
//! that tells open tabs to reload.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::output::LiveOutput;

/// The live-reload client, served at [`RELOAD_SCRIPT`].
const LIVE_RELOAD_JS: &str = include_str!("live_reload.js");
pub const RELOAD_SCRIPT: &str = "/__almanac/live-reload.js";
pub const EVENTS: &str = "/__almanac/events";

/// How many requests are served at once; a slow client holds only one worker.
const WORKERS: usize = 8;

/// Open event streams, and the last status so late tabs see a current error.
#[derive(Default)]
pub struct Broadcaster {
    clients: Mutex<Vec<Sender<String>>>,
    status: Mutex<Option<String>>,
}

impl Broadcaster {
    /// Sends one SSE event (a JSON object) to every open tab.
    pub fn send(&self, json: &str) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|client| client.send(json.to_string()).is_ok());
        }
    }

    /// Remembers the current error (or clears it) and tells every tab.
    pub fn set_status(&self, error_event: Option<String>) {
        if let Ok(mut status) = self.status.lock() {
            status.clone_from(&error_event);
        }
        self.send(&error_event.unwrap_or_else(|| r#"{"type":"ok"}"#.to_string()));
    }

    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        if let Some(status) = self.status.lock().ok().and_then(|s| s.clone()) {
            let _ = tx.send(status);
        }
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(tx);
        }
        rx
    }

    pub fn client_count(&self) -> usize {
        self.clients.lock().map_or(0, |c| c.len())
    }
}

/// A running server.
pub struct DevServer {
    pub address: SocketAddr,
    pub events: Arc<Broadcaster>,
}

/// Starts serving `output` on `bind:port` (port 0 picks a free one).
pub fn start(bind: &str, port: u16, output: Arc<LiveOutput>) -> Result<DevServer, String> {
    let server = tiny_http::Server::http((bind, port)).map_err(|e| {
        if e.to_string().contains("in use") {
            format!("port {port} on {bind} is already in use; choose another with --port, e.g. --port {}", port.wrapping_add(1))
        } else {
            format!("cannot listen on {bind}:{port}: {e}")
        }
    })?;
    let address = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| "the server has no IP address".to_string())?;
    let server = Arc::new(server);
    let events = Arc::new(Broadcaster::default());
    for _ in 0..WORKERS {
        let (server, events, output) = (
            Arc::clone(&server),
            Arc::clone(&events),
            Arc::clone(&output),
        );
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                handle(request, &output, &events);
            }
        });
    }
    Ok(DevServer { address, events })
}

fn handle(request: Request, output: &LiveOutput, events: &Arc<Broadcaster>) {
    let url = request.url().to_string();
    let path = origin_form(&url)
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(Response::from_string("method not allowed").with_status_code(405));
        return;
    }
    if path == EVENTS {
        stream_events(request, events);
        return;
    }
    if path == RELOAD_SCRIPT {
        let _ =
            request.respond(Response::from_string(LIVE_RELOAD_JS).with_header(content_type("js")));
        return;
    }
    // Resolve and read while no rebuild is being committed.
    let response = output.read(|root| respond_with_file(root, &path));
    let _ = request.respond(response);
}

/// A proxy-style absolute URL (`GET http://host/guides/ HTTP/1.1`, which
/// servers must accept) is served as its path.
fn origin_form(url: &str) -> &str {
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return url;
    };
    rest.find('/').map_or("/", |slash| &rest[slash..])
}

fn respond_with_file(root: &Path, path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    match resolve(root, path) {
        Resolved::File(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let ext = file
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                Response::from_data(bytes)
                    .with_header(content_type(&ext))
                    .with_header(no_cache())
            }
            Err(_) => not_found(root),
        },
        Resolved::Redirect(location) => match Header::from_bytes("Location", location.as_bytes()) {
            Ok(header) => Response::from_data(Vec::new())
                .with_status_code(301)
                .with_header(header),
            Err(()) => not_found(root),
        },
        Resolved::NotFound => not_found(root),
    }
}

fn not_found(root: &Path) -> Response<std::io::Cursor<Vec<u8>>> {
    let body =
        std::fs::read(root.join("404.html")).unwrap_or_else(|_| b"<h1>Not found</h1>".to_vec());
    Response::from_data(body)
        .with_status_code(StatusCode(404))
        .with_header(content_type("html"))
}

fn no_cache() -> Header {
    Header::from_bytes("Cache-Control", "no-cache").expect("valid header")
}

/// Keeps the connection open and writes events as they come, with a comment
/// every 15 s so proxies and browsers keep it alive. Runs on its own thread so
/// open tabs never occupy the request workers.
fn stream_events(request: Request, events: &Arc<Broadcaster>) {
    let receiver = events.subscribe();
    let mut writer = request.into_writer();
    std::thread::spawn(move || {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
        if writer
            .write_all(head.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
        loop {
            let chunk = match receiver.recv_timeout(Duration::from_secs(15)) {
                Ok(json) => format!("data: {json}\n\n"),
                Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if writer
                .write_all(chunk.as_bytes())
                .and_then(|()| writer.flush())
                .is_err()
            {
                return;
            }
        }
    });
}

/// What a request path maps to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    NotFound,
}

/// Maps a URL path to a file inside `root`, refusing anything that could leave
/// it: `..` segments (also percent-encoded), encoded slashes used to smuggle them,
/// backslashes, NUL bytes, and symlinks that point outside the root.
pub fn resolve(root: &Path, url_path: &str) -> Resolved {
    let Some(decoded) = percent_decode(url_path) else {
        return Resolved::NotFound;
    };
    if decoded.contains('\\') || decoded.contains('\0') {
        return Resolved::NotFound;
    }
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty() && *s != ".") {
        if segment == ".." || segment.contains(':') {
            return Resolved::NotFound;
        }
        relative.push(segment);
    }
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return Resolved::NotFound;
    }
    let candidate = root.join(&relative);
    let (Ok(real_root), Ok(real)) = (root.canonicalize(), candidate.canonicalize()) else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&real_root) {
        return Resolved::NotFound;
    }
    if real.is_dir() {
        if !url_path.ends_with('/') {
            return Resolved::Redirect(format!("{url_path}/"));
        }
        let index = real.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type for a file extension.
pub fn content_type(ext: &str) -> Header {
    let value = match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "csv" => "text/csv; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "yaml" | "yml" => "application/yaml",
        _ => "application/octet-stream",
    };
    Header::from_bytes("Content-Type", value).expect("valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_attempts_never_leave_the_root() {
        let base = std::env::temp_dir().join(format!("almanac-http-test-{}", std::process::id()));
        let root = base.join("public");
        std::fs::create_dir_all(root.join("guides")).unwrap();
        std::fs::write(root.join("guides/index.html"), "ok").unwrap();
        std::fs::write(base.join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        let _ = std::os::unix::fs::symlink(base.join("secret.txt"), root.join("link.txt"));
        for attack in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/guides/..%2f..%2fsecret.txt",
            "/..\\secret.txt",
            "/%5c..%5csecret.txt",
            "//etc/passwd",
            "/link.txt",
            "/%00",
            "/C:/Windows",
            "/guides/%2e%2e/%2e%2e/secret.txt",
            "/%",
        ] {
            assert_eq!(resolve(&root, attack), Resolved::NotFound, "{attack}");
        }
        assert_eq!(
            resolve(&root, "/guides/"),
            Resolved::File(root.canonicalize().unwrap().join("guides/index.html"))
        );
        assert_eq!(
            resolve(&root, "/guides"),
            Resolved::Redirect("/guides/".to_string())
        );
        let _ = std::fs::remove_dir_all(&base);
    }
}
