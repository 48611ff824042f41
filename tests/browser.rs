//! A real browser: headless Chromium, driven over WebDriver by chromedriver,
//! shows a page reloading after an edit and the error overlay coming and going.
//! `.ci/run` installs Debian's chromium and chromium-driver; outside CI the test
//! says so and stops when they are missing.

mod common;
use common::server::Server;
use common::*;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A chromedriver process with one browser session.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Option<Browser> {
        if !std::path::Path::new(CHROMEDRIVER).exists() || !std::path::Path::new(CHROMIUM).exists()
        {
            assert!(
                std::env::var("CI").is_err(),
                "CI must install chromium and chromium-driver (see .ci/run)"
            );
            eprintln!("skipping the browser test: install Debian's chromium and chromium-driver to run it");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args}}}});
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        let created = browser.call("POST", "/session", &capabilities);
        browser.session = created["sessionId"]
            .as_str()
            .expect("a WebDriver session")
            .to_string();
        Some(browser)
    }

    /// One WebDriver call; returns its `value`.
    fn call(&self, method: &str, path: &str, body: &Value) -> Value {
        let body = body.to_string();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        // Read the head, then exactly Content-Length bytes: the driver may keep the socket open.
        let mut response = Vec::new();
        let mut byte = [0u8; 1];
        while !response.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).unwrap();
            response.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&response).to_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no Content-Length in {head}"));
        let mut body = vec![0u8; length];
        stream.read_exact(&mut body).unwrap();
        let value: Value = serde_json::from_slice(&body).unwrap_or_else(|e| {
            panic!(
                "bad WebDriver reply ({e}): {}",
                String::from_utf8_lossy(&body)
            )
        });
        value["value"].clone()
    }

    fn open(&self, url: &str) {
        self.call(
            "POST",
            &format!("/session/{}/url", self.session),
            &json!({ "url": url }),
        );
    }

    fn run(&self, script: &str) -> Value {
        self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            &json!({ "script": script, "args": [] }),
        )
    }

    /// Polls `script` until it returns true.
    fn wait_for(&self, script: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.run(script) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what}");
    }

    fn screenshot(&self, file: &str) {
        let data = self.call(
            "GET",
            &format!("/session/{}/screenshot", self.session),
            &json!({}),
        );
        if let Some(b64) = data.as_str() {
            let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(file);
            std::fs::write(&path, decode_base64(b64)).unwrap();
            eprintln!("screenshot: {}", path.display());
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.call("DELETE", &format!("/session/{}", self.session), &json!({}))
            }));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0);
    for byte in text
        .bytes()
        .filter(|b| *b != b'=' && !b.is_ascii_whitespace())
    {
        let Some(value) = alphabet.iter().position(|a| *a == byte) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

#[test]
fn an_open_tab_reloads_after_an_edit_and_shows_errors_until_they_are_fixed() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = Site::fixture("basic");
    let server = Server::start(&site, &[]);
    browser.open(&format!("http://{}/guides/configure/", server.address));
    browser.wait_for(
        "return !!window.__almanacLiveReload && window.__almanacLiveReload.readyState === 1",
        "the event stream to open",
    );
    browser.run("window.__beforeReload = true; return true;");

    let page = site.root().join("content/guides/configure.md");
    let original = std::fs::read_to_string(&page).unwrap();
    site.write(
        "content/guides/configure.md",
        &format!("{original}\nFreshly edited paragraph.\n"),
    );
    browser.wait_for(
        "return window.__beforeReload === undefined && document.body.innerText.includes('Freshly edited paragraph.')",
        "the tab to reload with the edit",
    );
    browser.screenshot("browser-after-reload.png");

    browser.wait_for(
        "return !!window.__almanacLiveReload && window.__almanacLiveReload.readyState === 1",
        "the event stream to reopen",
    );
    site.write(
        "content/guides/configure.md",
        &original.replace("title:", "titel:"),
    );
    browser.wait_for(
        "var o = document.getElementById('almanac-error-overlay'); return !!o && o.innerText.includes('content/guides/configure.md:2:1') && o.innerText.includes('titel');",
        "the error overlay",
    );
    browser.screenshot("browser-error-overlay.png");
    site.write("content/guides/configure.md", &original);
    browser.wait_for(
        "return document.getElementById('almanac-error-overlay') === null",
        "the overlay to clear",
    );
}

/// A feedback endpoint for the browser: answers CORS preflights and sends each
/// POSTed body on the channel.
fn feedback_receiver() -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}/votes", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let mut reader = std::io::BufReader::new(stream);
            let (mut request, mut length) = (String::new(), 0usize);
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                if request.is_empty() {
                    request = line.clone();
                }
                if let Some(value) = line.to_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let mut body = vec![0u8; length];
            let _ = reader.read_exact(&mut body);
            let cors = "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: POST\r\nAccess-Control-Allow-Headers: Content-Type\r\n";
            let _ = write!(reader.get_mut(), "HTTP/1.1 204 No Content\r\n{cors}Connection: close\r\n\r\n");
            if request.starts_with("POST ") {
                let _ = tx.send(String::from_utf8_lossy(&body).into_owned());
            }
        }
    });
    (endpoint, rx)
}

#[test]
fn the_feedback_block_sends_one_vote_as_json_and_thanks_the_reader() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let (endpoint, votes) = feedback_receiver();
    let site = Site::new()
        .file(
            "almanac.yaml",
            &format!("title: T\nbase_url: https://docs.example.com/\nfeedback:\n  endpoint: {endpoint}\n"),
        )
        .page("guides/a.md", "title: A\nupdated: 2026-11-02", "Some steps.\n");
    let server = Server::start(&site, &[]);
    browser.open(&format!("http://{}/guides/a/", server.address));
    browser.wait_for(
        "var b = document.querySelector('.feedback'); return !!b && !b.hidden && b.offsetHeight > 0;",
        "the script to show the feedback block",
    );
    browser.run("document.querySelector('.feedback-choice[data-helpful=\"false\"]').click(); return true;");
    browser.wait_for(
        "return document.querySelector('.feedback-choice[data-helpful=\"false\"]').getAttribute('aria-pressed') === 'true' && !document.querySelector('.feedback-more').hidden;",
        "No to be pressed and the comment field shown",
    );
    browser.screenshot("browser-feedback-form.png");
    browser.run("document.getElementById('feedback-comment').value = '  The proxy step is missing.  '; document.querySelector('.feedback-send').click(); return true;");
    browser.wait_for(
        "return document.querySelector('.feedback-status').textContent === 'Thank you for your feedback.' && document.querySelector('.feedback-form').hidden;",
        "the thank-you",
    );
    browser.screenshot("browser-feedback-thanks.png");
    let vote = votes
        .recv_timeout(Duration::from_secs(20))
        .expect("the endpoint received the vote");
    let vote: Value = serde_json::from_str(&vote).unwrap();
    assert_eq!(
        vote,
        json!({"url": format!("http://{}/guides/a/", server.address), "page": "/guides/a/",
               "helpful": false, "comment": "The proxy step is missing.", "version": "2026-11-02"})
    );
    assert!(votes.try_recv().is_err(), "one vote, one request");
}
