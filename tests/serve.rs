//! `almanac serve` end to end: a real process on an ephemeral port, real HTTP,
//! real Server-Sent Events, real file edits (issue 5).

mod common;
use common::*;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `almanac serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
    out: std::path::PathBuf,
    log: mpsc::Receiver<String>,
    /// Lines printed before the server said where it listens.
    startup: Vec<String>,
}

impl Server {
    fn start(site: &Site, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_almanac"))
            .args(["serve", "--port", "0", "--today", TODAY, "--root"])
            .arg(site.root())
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start almanac serve");
        let (tx, log) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let tx2 = tx.clone();
        std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .for_each(|l| drop(tx.send(l)))
        });
        std::thread::spawn(move || {
            BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
                .for_each(|l| drop(tx2.send(l)))
        });
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut address = None;
        let mut startup = Vec::new();
        while address.is_none() && Instant::now() < deadline {
            if let Ok(line) = log.recv_timeout(Duration::from_millis(100)) {
                if let Some(rest) = line.split(" at http://").nth(1) {
                    address = Some(rest.split('/').next().unwrap().to_string());
                }
                startup.push(line);
            }
        }
        let out = std::env::temp_dir().join(format!("almanac-serve-{}", child.id()));
        Server {
            child,
            address: address.expect("serve printed its address"),
            out,
            log,
            startup,
        }
    }

    /// Sends a raw request line (so `..` reaches the server unnormalised) and
    /// returns (status, headers, body).
    fn raw(&self, method: &str, target: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a full response");
        let head = String::from_utf8_lossy(&response[..split]).into_owned();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, head, response[split + 4..].to_vec())
    }

    fn get(&self, target: &str) -> (u16, String, String) {
        let (status, head, body) = self.raw("GET", target);
        (status, head, String::from_utf8_lossy(&body).into_owned())
    }

    /// Opens the event stream; events arrive on the returned channel.
    fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        write!(stream, "GET /__almanac/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send(data.to_string()).is_err() {
                        return;
                    }
                }
            }
        });
        // The stream first replays the status; wait until the subscription is live.
        std::thread::sleep(Duration::from_millis(200));
        rx
    }

    /// Polls `path` until it answers `status` (rebuilds are asynchronous).
    fn eventually(&self, path: &str, status: u16) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.get(path).0 == status {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{path} never answered {status}");
    }

    /// Waits for the log line that ends the next rebuild.
    fn wait_rebuild(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(line) = self.log.recv_timeout(Duration::from_millis(100)) {
                if line.contains(" rendered, ")
                    || line.contains("still serving the last good build")
                {
                    return line;
                }
            }
        }
        panic!("no rebuild within 20 s");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.out);
    }
}

fn next_event(events: &mpsc::Receiver<String>, kind: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(data) = events.recv_timeout(Duration::from_millis(100)) {
            let value: serde_json::Value = serde_json::from_str(&data).unwrap();
            if value["type"] == kind {
                return value;
            }
        }
    }
    panic!("no `{kind}` event within 20 s");
}

#[test]
fn serves_pages_assets_and_the_sites_404_with_the_right_types() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &[]);
    let (status, head, body) = server.get("/guides/install/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html; charset=utf-8"), "{head}");
    assert!(
        body.contains("/__almanac/live-reload.js"),
        "serve pages carry the reload script"
    );
    for (path, kind) in [
        ("/style.css", "text/css"),
        ("/almanac.js", "text/javascript"),
        ("/search-index.json", "application/json"),
        ("/img/logo.svg", "image/svg+xml"),
        ("/sitemap.xml", "application/xml"),
    ] {
        let (status, head, _) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(head.contains(kind), "{path}: {head}");
    }
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's own 404 page");
    let (status, head, _) = server.get("/guides");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /guides/"), "{head}");
    let (status, head, body) = server.raw("HEAD", "/guides/install/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html"));
    assert!(body.is_empty(), "HEAD has no body");
    let (status, _, _) = server.get("/img/");
    assert_eq!(status, 404, "no directory listings");
}

#[test]
fn never_serves_a_file_outside_the_output() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &[]);
    let secret = std::env::temp_dir().join("almanac-serve-secret.txt");
    std::fs::write(&secret, "TOP SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, server.out.join("leak.txt")).unwrap();
    for attack in [
        "/../almanac-serve-secret.txt",
        "/%2e%2e/almanac-serve-secret.txt",
        "/%2E%2E%2Falmanac-serve-secret.txt",
        "/guides/..%2f..%2falmanac-serve-secret.txt",
        "/..%5calmanac-serve-secret.txt",
        "/..\\almanac-serve-secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/leak.txt",
        "/%00",
        "/guides/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let (status, _, body) = server.get(attack);
        assert_eq!(status, 404, "{attack}");
        assert!(
            !body.contains("TOP SECRET") && !body.contains("root:"),
            "{attack} leaked"
        );
    }
}

#[test]
fn an_edit_sends_a_reload_event_for_the_changed_page_only() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &[]);
    let events = server.events();
    let text = std::fs::read_to_string(site.root().join("content/guides/configure.md")).unwrap();
    site.write(
        "content/guides/configure.md",
        &text.replace("configure the", "then configure the"),
    );
    let line = server.wait_rebuild();
    assert!(
        line.starts_with(
            "page changed (content/guides/configure.md): 1 page rendered, 1 file changed in"
        ),
        "{line}"
    );
    let event = next_event(&events, "reload");
    assert_eq!(event["paths"], serde_json::json!(["/guides/configure/"]));
    assert!(server
        .get("/guides/configure/")
        .2
        .contains("then configure the"));
}

#[test]
fn a_css_change_swaps_the_stylesheet_without_a_reload() {
    let site = Site::fixture("basic").file("static/extra.css", "a { color: red }\n");
    let server = Server::start(&site, &[]);
    let events = server.events();
    site.write("static/extra.css", "a { color: blue }\n");
    server.wait_rebuild();
    let event = next_event(&events, "css");
    assert_eq!(event["paths"], serde_json::json!(["/extra.css"]));
}

#[test]
fn errors_show_an_overlay_and_fixing_them_clears_it() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &[]);
    let events = server.events();
    let good = std::fs::read_to_string(site.root().join("content/guides/configure.md")).unwrap();
    site.write(
        "content/guides/configure.md",
        &good.replace("title:", "titel:"),
    );
    let line = server.wait_rebuild();
    assert!(line.contains("still serving the last good build"), "{line}");
    let error = next_event(&events, "error");
    let text = error["text"].as_str().unwrap();
    assert!(
        text.contains("content/guides/configure.md:2:1")
            && text.contains("unknown front-matter field `titel`"),
        "{text}"
    );
    assert!(
        text.contains("2 | titel: Configure Acme Cloud"),
        "the source line is shown: {text}"
    );
    let (status, _, body) = server.get("/guides/configure/");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(body.contains("Configure Acme Cloud"));
    let late = server.events();
    next_event(&late, "error");
    site.write("content/guides/configure.md", &good);
    server.wait_rebuild();
    next_event(&events, "ok");
    assert!(server.child_alive());
}

impl Server {
    fn child_alive(&self) -> bool {
        std::process::Command::new("kill")
            .args(["-0", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success())
    }
}

#[test]
fn deletes_renames_and_new_pages_are_picked_up_and_match_a_full_build() {
    let site = Site::fixture("basic").page(
        "guides/setup/first-steps.md",
        "title: First steps",
        "Start with [[Install Acme Cloud]].",
    );
    let server = Server::start(&site, &[]);
    // A body edit (fast path), a new page, a deleted page and a renamed folder.
    let install = std::fs::read_to_string(site.root().join("content/guides/install.md")).unwrap();
    site.write(
        "content/guides/install.md",
        &install.replace("Intro with", "An intro with"),
    );
    server.wait_rebuild();
    site.write("content/faq/new.md", "---\ntitle: A new question page\n---\n\n## Is it new?\n\nYes, see [[Configure Acme Cloud]].\n");
    server.eventually("/faq/new/", 200);
    std::fs::remove_file(site.root().join("content/eol/acme-1.md")).unwrap();
    server.eventually("/eol/acme-1/", 404);
    std::fs::rename(
        site.root().join("content/guides/setup"),
        site.root().join("content/guides/start"),
    )
    .unwrap();
    server.eventually("/guides/start/first-steps/", 200);
    assert_eq!(
        server.get("/guides/setup/first-steps/").0,
        404,
        "renamed folders move their pages"
    );
    assert!(server.get("/guides/install/").2.contains("An intro with"));
    // Let any trailing events of the rename settle before comparing.
    std::thread::sleep(Duration::from_millis(500));

    // The incremental output must equal a full build of the same sources.
    let mut options = site.options();
    options.base_url = Some(format!("http://{}/", server.address));
    options.render.live_reload = true;
    let full = tempfile::tempdir().unwrap();
    options.out = Some(full.path().join("out"));
    let report = almanac::build::build(&options);
    assert!(report.written, "{:?}", report.diagnostics);
    let mut expected = snapshot_dir(&full.path().join("out"));
    expected.retain(|(path, _)| path != almanac::output::MARKER);
    let actual = snapshot_dir(&server.out);
    let names =
        |files: &[(String, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&actual), names(&expected));
    for ((path, a), (_, b)) in actual.iter().zip(&expected) {
        assert!(a == b, "{path} differs from a full build");
    }
}

#[test]
fn a_port_in_use_is_named_with_the_flag_to_change_it() {
    let site = Site::fixture("basic");
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_almanac"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("port {port}")) && stderr.contains("--port"),
        "{stderr}"
    );
}

#[test]
fn binding_beyond_loopback_warns() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &["--bind", "0.0.0.0"]);
    assert!(
        server
            .startup
            .iter()
            .any(|l| l.starts_with("warning: serving on 0.0.0.0")),
        "{:?}",
        server.startup
    );
}

#[test]
fn slow_clients_do_not_stall_others() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &[]);
    // Twenty connections that send half a request and then nothing.
    let idle: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = TcpStream::connect(&server.address).unwrap();
            s.write_all(b"GET /guides/install/ HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            s
        })
        .collect();
    let started = Instant::now();
    assert_eq!(server.get("/").0, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    drop(idle);
}
