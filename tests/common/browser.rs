//! A real browser for tests: headless Chromium driven over WebDriver by
//! chromedriver. `.ci/run` installs Debian's chromium and chromium-driver; outside
//! CI the tests say so and stop when they are missing.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A chromedriver process with one browser session.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn start() -> Option<Browser> {
        Browser::start_with(json!({}))
    }

    /// A browser whose pages run no scripts, as some readers have it.
    pub fn start_without_javascript() -> Option<Browser> {
        Browser::start_with(json!({"profile.managed_default_content_settings.javascript": 2}))
    }

    fn start_with(prefs: Value) -> Option<Browser> {
        if !std::path::Path::new(CHROMEDRIVER).exists() || !std::path::Path::new(CHROMIUM).exists()
        {
            assert!(
                std::env::var("CI").is_err(),
                "CI must install chromium and chromium-driver (see .ci/run)"
            );
            eprintln!("skipping the browser test: install Debian's chromium and chromium-driver to run it");
            return None;
        }
        let (driver, port) = start_driver();
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
        // Browser logs are kept so tests can assert that a page logged no errors.
        let capabilities = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args, "prefs": prefs}}}});
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
    pub fn call(&self, method: &str, path: &str, body: &Value) -> Value {
        request(self.port, method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path} failed: {e}"))
    }

    pub fn open(&self, url: &str) {
        self.call(
            "POST",
            &format!("/session/{}/url", self.session),
            &json!({ "url": url }),
        );
    }

    pub fn run(&self, script: &str) -> Value {
        self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            &json!({ "script": script, "args": [] }),
        )
    }

    /// Polls `script` until it returns true.
    pub fn wait_for(&self, script: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.run(script) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what}");
    }

    /// Runs `script` as an async script: it calls `arguments[0]` with its result.
    pub fn run_async(&self, script: &str) -> Value {
        self.call(
            "POST",
            &format!("/session/{}/execute/async", self.session),
            &json!({ "script": script, "args": [] }),
        )
    }

    /// Resizes the window to `width` × `height` CSS pixels.
    pub fn resize(&self, width: u32, height: u32) {
        self.call(
            "POST",
            &format!("/session/{}/window/rect", self.session),
            &json!({ "width": width, "height": height }),
        );
    }

    /// The browser's log entries since the last call (console messages, failed loads).
    pub fn log_entries(&self) -> Vec<Value> {
        let value = self.call(
            "POST",
            &format!("/session/{}/se/log", self.session),
            &json!({ "type": "browser" }),
        );
        value.as_array().cloned().unwrap_or_default()
    }

    /// Errors logged since the last call: console errors and failed requests.
    pub fn errors(&self) -> Vec<String> {
        self.log_entries()
            .into_iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// Saves a screenshot of the viewport as `path` (its folder is created).
    pub fn screenshot_to(&self, path: &std::path::Path) {
        let data = self.call(
            "GET",
            &format!("/session/{}/screenshot", self.session),
            &json!({}),
        );
        let b64 = data.as_str().expect("a screenshot");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, decode_base64(b64)).unwrap();
        eprintln!("screenshot: {}", path.display());
    }

    pub fn screenshot(&self, file: &str) {
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

/// Starts chromedriver on a free port and waits until it says it is ready.
///
/// Readiness is a `GET /status` reply with `ready: true`, not an accepted TCP
/// connection: polling a free port in the ephemeral range can connect a socket to
/// itself on Linux, which once let a test talk to a driver that was not there yet
/// (CI: "Connection refused" on `POST /session`). And the port is only free when
/// picked: if another test's driver takes it first, ours exits and we pick again.
fn start_driver() -> (Child, u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        loop {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            if let Ok(Some(_exited)) = driver.try_wait() {
                break;
            }
            if let Ok(status) = request(port, "GET", "/status", &json!({})) {
                if status["ready"] == json!(true) {
                    return (driver, port);
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// One HTTP request to the driver on `port`; returns the reply's `value`.
fn request(port: u16, method: &str, path: &str, body: &Value) -> std::io::Result<Value> {
    let body = body.to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    // Read the head, then exactly Content-Length bytes: the driver may keep the socket open.
    let mut response = Vec::new();
    let mut byte = [0u8; 1];
    while !response.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte)?;
        response.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&response).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no Content-Length in {head}")))?;
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body)?;
    let value: Value = serde_json::from_slice(&body).map_err(|e| {
        std::io::Error::other(format!(
            "bad WebDriver reply ({e}): {}",
            String::from_utf8_lossy(&body)
        ))
    })?;
    Ok(value["value"].clone())
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
