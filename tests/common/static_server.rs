//! A static file server for browser tests: serves a built site from a folder on
//! an ephemeral loopback port, as any static host would (`/x/` → `x/index.html`,
//! missing files → `404.html` with status 404), and records every request so a
//! test can assert that nothing failed and count the bytes a page fetched.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One answered request.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    pub status: u16,
    pub bytes: usize,
}

/// A running server; it stops with the test process.
pub struct StaticServer {
    pub address: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl StaticServer {
    pub fn start(root: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let address = listener.local_addr().unwrap().to_string();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let (root, log) = (root.to_path_buf(), Arc::clone(&hits));
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let (root, log) = (root.clone(), Arc::clone(&log));
                std::thread::spawn(move || {
                    if let Some(hit) = answer(stream, &root) {
                        log.lock().unwrap().push(hit);
                    }
                });
            }
        });
        StaticServer { address, hits }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Every request answered so far, and forgets them.
    pub fn take_hits(&self) -> Vec<Hit> {
        std::mem::take(&mut *self.hits.lock().unwrap())
    }
}

fn answer(stream: TcpStream, root: &Path) -> Option<Hit> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    // Skip the headers: nothing in them changes the answer.
    let mut line = String::new();
    while reader.read_line(&mut line).ok()? > 2 {
        line.clear();
    }
    let target = request_line.split_whitespace().nth(1)?.to_string();
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
    let (status, file) = match resolve(root, &path) {
        Some(file) => (200, file),
        None => (404, root.join("404.html")),
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Not Found" },
        content_type(&file),
        body.len()
    );
    let mut stream = stream;
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(&body).ok()?;
    Some(Hit {
        path,
        status,
        bytes: body.len(),
    })
}

/// The file a URL path names, if it exists under `root` (never outside it).
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    if path.split('/').any(|part| part == "..") {
        return None;
    }
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}
