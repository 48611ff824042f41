//! `almanac serve` end to end: a real process on an ephemeral port, real HTTP,
//! real Server-Sent Events, real file edits (issue 5).

mod common;
use common::server::Server;
use common::*;

use std::io::Write;
use std::net::TcpStream;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

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
        ("/search/index.json", "application/json"),
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
fn any_request_gets_a_response() {
    let site = Site::fixture("basic")
        .file("static/über.txt", "umlaut\n")
        .file("static/ünï/index.html", "<p>folder</p>\n");
    let server = Server::start(&site, &[]);
    let host = &server.address;
    // (request bytes, expected status, text the body must contain)
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        // Raw UTF-8 in the request line is read as a browser would have encoded it.
        (
            format!("GET /über.txt HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .into_bytes(),
            200,
            "umlaut",
        ),
        (
            format!("GET /%C3%BCber.txt HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .into_bytes(),
            200,
            "umlaut",
        ),
        (
            format!("GET /guides/über HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .into_bytes(),
            404,
            "Page not found",
        ),
        (
            format!("GET /ünï/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").into_bytes(),
            200,
            "folder",
        ),
        // Bytes that are not UTF-8 at all, and a lone percent sign.
        (
            b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
            404,
            "",
        ),
        (
            b"GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
            404,
            "",
        ),
        // A header that is not ASCII, and a request line that is not HTTP.
        (
            format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Name: Jürgen\r\n\r\n").into_bytes(),
            400,
            "",
        ),
        (b"NONSENSE\r\n\r\n".to_vec(), 400, ""),
    ];
    for (request, status, body) in cases {
        let shown = String::from_utf8_lossy(&request)
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        let (got, _, text) = server.raw_bytes(&request);
        assert_eq!(got, status, "{shown}");
        assert!(String::from_utf8_lossy(&text).contains(body), "{shown}");
    }
    // A folder asked for without its slash redirects to an ASCII Location.
    let (status, head, _) = server.raw_bytes(
        format!("GET /ünï HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 301);
    assert!(head.contains("Location: /%C3%BCn%C3%AF/"), "{head}");
    assert!(server.child_alive(), "no worker panicked the server away");
    assert_eq!(server.get("/über.txt").0, 200, "the server still answers");
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
    let text = site.read("content/guides/configure.md");
    site.write(
        "content/guides/configure.md",
        &text.replace("configure the", "then configure the"),
    );
    let line = server.wait_rebuild();
    assert!(
        line.starts_with("page changed (content/guides/configure.md): 1 page rendered, "),
        "{line}"
    );
    let event = next_event(&events, "reload");
    // The page, the search pack with its text (excerpts are cut from it) and the
    // search shards whose excerpts show the edited sentence; no tab shows those,
    // so none reloads for them.
    let paths: Vec<&str> = event["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(paths[0], "/guides/configure/", "{paths:?}");
    assert_eq!(
        paths.iter().filter(|p| p.starts_with("/search/p/")).count(),
        1,
        "{paths:?}"
    );
    assert!(
        paths[1..].iter().all(|p| p.starts_with("/search/")),
        "{paths:?}"
    );
    assert!(
        line.contains(&format!(" {} files changed in", paths.len())),
        "{line}"
    );
    assert!(server
        .get("/guides/configure/")
        .2
        .contains("then configure the"));
}

#[test]
fn a_body_edit_of_a_release_note_rewrites_the_feeds_that_carry_it() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &[]);
    let text = site.read("content/releases/3-2-0.md");
    site.write(
        "content/releases/3-2-0.md",
        &text.replace("Bug fixes.", "Bug fixes and a faster sync."),
    );
    let line = server.wait_rebuild();
    // The page, its search fragment, the Atom and JSON feeds of everything, of
    // release notes and of its product, and the search shards of its new words.
    assert!(
        line.starts_with("page changed (content/releases/3-2-0.md): 1 page rendered, "),
        "{line}"
    );
    for feed in [
        "/feed.xml",
        "/feed.json",
        "/releases/feed.xml",
        "/products/acme/feed.json",
    ] {
        assert!(
            server.get(feed).2.contains("a faster sync"),
            "{feed} still has the old body"
        );
    }
}

#[test]
fn with_broken_links_as_warnings_a_body_edit_still_renders_one_page() {
    let site = Site::fixture("basic").page(
        "guides/moved.md",
        "title: Moved",
        "See [the old page](gone.md).\n",
    );
    let config = site.read("almanac.yaml");
    site.write(
        "almanac.yaml",
        &format!("{config}links: {{broken: warn}}\n"),
    );
    let server = Server::start(&site, &[]);
    let text = site.read("content/guides/configure.md");
    site.write(
        "content/guides/configure.md",
        &text.replace("configure the", "then configure the"),
    );
    let line = server.wait_rebuild();
    // One page rendered: the page, its search pack, the shards whose excerpts show
    // the edit.
    assert!(
        line.starts_with("page changed (content/guides/configure.md): 1 page rendered, "),
        "{line}"
    );
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
    let good = site.read("content/guides/configure.md");
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

#[test]
fn deletes_renames_and_new_pages_are_picked_up_and_match_a_full_build() {
    let site = Site::fixture("basic").page(
        "guides/setup/first-steps.md",
        "title: First steps",
        "Start with [[Install Acme Cloud]].",
    );
    let server = Server::start(&site, &[]);
    // A body edit (fast path), a new page, a deleted page and a renamed folder.
    let install = site.read("content/guides/install.md");
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
    // Trailing events of the rename may still be queued: wait until they are handled.
    server.settle(&site);

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

#[test]
fn hostile_requests_get_error_responses() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &[]);
    let secret = std::env::temp_dir().join("almanac-hostile-secret.txt");
    std::fs::write(&secret, "TOP SECRET").unwrap();
    let host = &server.address;
    let get = |target: &str| {
        format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").into_bytes()
    };
    let huge = "a".repeat(1024 * 1024);
    // (what, request bytes, expected status)
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("1 MB request line", get(&format!("/{huge}")), 414),
        (
            "1 MB header",
            format!("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: {huge}\r\n\r\n")
                .into_bytes(),
            431,
        ),
        ("invalid UTF-8 encoded", get("/%ff%fe/"), 404),
        ("bad percent-encoding", get("/guides/%zz/"), 404),
        (
            "double-encoded ..",
            get("/%252e%252e/almanac-hostile-secret.txt"),
            404,
        ),
        (
            "encoded ..",
            get("/guides/%2e%2e/%2e%2e/almanac-hostile-secret.txt"),
            404,
        ),
        ("backslash ..", get("/..%5calmanac-hostile-secret.txt"), 404),
        (
            "overlong UTF-8 ..",
            get("/%c0%ae%c0%ae/almanac-hostile-secret.txt"),
            404,
        ),
        (
            "absolute-form",
            get(&format!("http://{host}/guides/install/")),
            200,
        ),
        (
            "absolute-form ..",
            get(&format!("http://{host}/../almanac-hostile-secret.txt")),
            404,
        ),
        (
            "CONNECT",
            format!("CONNECT {host} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .into_bytes(),
            405,
        ),
        (
            "POST",
            format!(
                "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            .into_bytes(),
            405,
        ),
    ];
    let mut failures = Vec::new();
    for (what, request, status) in &cases {
        let (got, _, body) = server.raw_bytes(request);
        if got != *status || String::from_utf8_lossy(&body).contains("TOP SECRET") {
            failures.push(format!("{what}: got {got}, want {status}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(server.child_alive());
    assert_eq!(server.get("/guides/install/").0, 200, "still serving");
}

#[test]
fn two_hundred_idle_connections_do_not_stop_the_server() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &[]);
    // Half of them send nothing at all, half stop halfway through a request.
    let idle: Vec<TcpStream> = (0..200)
        .map(|i| {
            let mut s = TcpStream::connect(&server.address).unwrap();
            if i % 2 == 1 {
                s.write_all(b"GET /guides/install/ HTTP/1.1\r\nHost: x\r\n")
                    .unwrap();
            }
            s
        })
        .collect();
    for path in ["/", "/guides/install/", "/style.css"] {
        let started = Instant::now();
        assert_eq!(server.get(path).0, 200, "{path}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{path} took {:?}",
            started.elapsed()
        );
    }
    drop(idle);
    assert!(server.child_alive());
}

#[test]
fn a_new_server_removes_outputs_left_by_servers_that_are_gone() {
    let abandoned = std::env::temp_dir().join("almanac-serve-999999999");
    std::fs::create_dir_all(abandoned.join("guides")).unwrap();
    let site = Site::fixture("basic");
    let server = Server::start(&site, &[]);
    assert!(
        !abandoned.exists(),
        "the output of a server that no longer runs is removed"
    );
    assert!(server.out.exists(), "the running server's own output stays");
}

#[test]
fn warnings_are_printed_once_per_change_of_them() {
    let site = Site::fixture("basic").file(
        "content/products/widget.md",
        "---\ntitle: Widget\nreleases:\n  - releaseCycle: \"1\"\n    latest: \"N/A\"\n---\n",
    );
    let server = Server::start(&site, &[]);
    let warned = |line: &str| line.contains("warning[unparsed-version]");
    // stderr and stdout arrive on one channel in either order.
    if !server.startup.iter().any(|l| warned(l)) {
        server.log_until(warned);
    }
    // A rebuild with the same warnings does not print them again…
    site.write("static/extra.txt", "x\n");
    let lines = server.log_until(|line| line.contains(" rendered, "));
    assert!(!lines.iter().any(|l| l.contains("warning[")), "{lines:#?}");
    // …and one that changes them does.
    site.write(
        "content/products/widget.md",
        "---\ntitle: Widget\nreleases:\n  - releaseCycle: \"1\"\n    latest: \"TBD\"\n---\n",
    );
    let lines = server.log_until(|line| line.contains("TBD"));
    assert!(lines.iter().any(|l| l.contains("TBD")), "{lines:#?}");
}

/// Serve's output after `edit` equals a full build of the same sources; the
/// differences, if any, as one line per file.
fn differences_from_a_full_build(server: &Server, site: &Site) -> (Vec<String>, usize) {
    let mut options = site.options();
    options.base_url = Some(format!("http://{}/", server.address));
    options.render.live_reload = true;
    let full = tempfile::tempdir().unwrap();
    options.out = Some(full.path().join("out"));
    let report = almanac::build::build(&options);
    if !report.written {
        return (
            vec![format!("the full build failed: {:?}", report.diagnostics)],
            0,
        );
    }
    let mut expected = snapshot_dir(&full.path().join("out"));
    expected.retain(|(path, _)| path != almanac::output::MARKER);
    let actual = snapshot_dir(&server.out);
    let mut problems = Vec::new();
    let names = |files: &[(String, Vec<u8>)]| -> std::collections::BTreeMap<String, Vec<u8>> {
        files.iter().cloned().collect()
    };
    let (actual, expected) = (names(&actual), names(&expected));
    for (path, bytes) in &expected {
        match actual.get(path) {
            None => problems.push(format!("{path}: missing from serve's output")),
            Some(served) if served != bytes => problems.push(format!("{path}: differs")),
            Some(_) => {}
        }
    }
    for path in actual.keys().filter(|p| !expected.contains_key(*p)) {
        problems.push(format!("{path}: only in serve's output"));
    }
    (problems, report.pages)
}

/// The edits serve answers with a full re-render (see the README's `serve`).
const FULL_RE_RENDERS: &[&str] = &[
    "draft on",
    "draft off",
    "release note title",
    "product name",
];

#[test]
fn every_kind_of_front_matter_edit_matches_a_full_build() {
    let site = Site::fixture("basic").page(
        "guides/setup/first-steps.md",
        "title: First steps\ntags: [cli]",
        "Start with [[configure]].",
    );
    let server = Server::start(&site, &[]);
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "body",
            "content/guides/configure.md",
            "configure the",
            "then configure the",
        ),
        (
            "title",
            "content/guides/configure.md",
            "title: Configure Acme Cloud",
            "title: Configure Acme Cloud well",
        ),
        (
            "title case only (same listing order)",
            "content/guides/configure.md",
            "title: Configure Acme Cloud well",
            "title: Configure Acme Cloud Well",
        ),
        (
            "tags",
            "content/guides/configure.md",
            "tags: [cli]",
            "tags: [cli, install]",
        ),
        (
            "tag removed",
            "content/guides/configure.md",
            "tags: [cli, install]",
            "tags: [install]",
        ),
        (
            "versions",
            "content/guides/configure.md",
            "versions: \">=3.0\"",
            "versions: \">=3.2\"",
        ),
        (
            "reviewed",
            "content/guides/configure.md",
            "reviewed: 2026-11-01",
            "reviewed: 2025-01-02",
        ),
        (
            "aliases",
            "content/guides/configure.md",
            "weight: 2",
            "weight: 2\naliases: [/guides/setup-old/]",
        ),
        (
            "weight",
            "content/guides/configure.md",
            "weight: 2",
            "weight: 0",
        ),
        (
            "alias removed",
            "content/guides/configure.md",
            "\naliases: [/guides/setup-old/]",
            "",
        ),
        (
            "weight reorders",
            "content/guides/install.md",
            "weight: 1",
            "weight: 5",
        ),
        (
            "draft on",
            "content/guides/setup/first-steps.md",
            "tags: [cli]",
            "tags: [cli]
draft: true",
        ),
        (
            "draft off",
            "content/guides/setup/first-steps.md",
            "\ndraft: true",
            "",
        ),
        (
            "release note body",
            "content/releases/3-2-0.md",
            "Bug fixes.",
            "Bug fixes and a faster sync.",
        ),
        (
            "release note title",
            "content/releases/3-2-0.md",
            "title: Acme Cloud 3.2.0",
            "title: Acme Cloud 3.2.0 (sync)",
        ),
        (
            "product data",
            "content/products.yaml",
            "latest: \"3.2.0\"",
            "latest: \"3.2.1\"",
        ),
        (
            "product release date",
            "content/products.yaml",
            "latestReleaseDate: 2026-10-14",
            "latestReleaseDate: 2026-10-20",
        ),
        (
            "product cycle latest (an EOL notice shows it)",
            "content/products.yaml",
            "latest: \"2.9.4\"",
            "latest: \"2.9.5\"",
        ),
        (
            "product end of life near (pages' verdicts change)",
            "content/products.yaml",
            "eol: 2028-03-01",
            "eol: 2026-12-20",
        ),
        (
            "product cycle label",
            "content/products.yaml",
            "releaseCycle: \"3\"\n",
            "releaseCycle: \"3\"\n        releaseLabel: \"Three\"\n",
        ),
        (
            "product name",
            "content/products.yaml",
            "name: Acme Cloud",
            "name: Acme Cloud Platform",
        ),
    ];
    let failures = apply_and_compare(&server, &site, cases);
    assert!(failures.is_empty(), "{failures:#?}");
}

/// An edit of one product's data renders that product's pages (those it shows
/// differently), never another product's, and matches a full build.
#[test]
fn a_product_data_edit_renders_only_what_shows_that_product() {
    let mut site = Site::fixture("basic");
    let products = site.read("content/products.yaml");
    site = site.file(
        "content/products.yaml",
        &format!(
            "{products}  - id: widget\n    name: Widget\n    releases:\n      - releaseCycle: \"1\"\n        releaseDate: 2026-01-05\n        eol: 2027-01-05\n        latest: \"1.4.0\"\n        latestReleaseDate: 2026-09-01\n"
        ),
    );
    for i in 0..20 {
        site = site.page(
            &format!("guides/widget/page-{i:02}.md"),
            &format!("title: \"Widget page {i:02}\"\nproduct: widget\nversions: \">=1.0\"\nreviewed: 2026-10-01"),
            "About the widget.",
        );
    }
    let server = Server::start(&site, &[]);
    // One after another, each judged from the verdicts the one before left.
    let products = "content/products.yaml";
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "acme's end of life near",
            products,
            "eol: 2028-03-01",
            "eol: 2026-12-20",
        ),
        (
            "acme released since its pages were reviewed",
            products,
            "latestReleaseDate: 2026-10-14",
            "latestReleaseDate: 2026-11-20",
        ),
        (
            "acme's current version",
            products,
            "latest: \"3.2.0\"",
            "latest: \"3.3.0\"",
        ),
        (
            "widget's end of life passed",
            products,
            "eol: 2027-01-05",
            "eol: 2026-01-06",
        ),
        (
            "acme's end of life back",
            products,
            "eol: 2026-12-20",
            "eol: 2028-03-01",
        ),
    ];
    let (mut failures, rendered) = apply_and_count(&server, &site, cases);
    // Acme has 3 guides, 3 release notes and 2 EOL notices; Widget's 20 pages stay.
    if rendered[0] > 8 {
        failures.push(format!(
            "{} pages rendered, more than acme has",
            rendered[0]
        ));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// In a folder of 130 pages (paginated listings, bounded sidebar windows, long
/// tag lists for related pages), edits that move a page or keep it in place.
#[test]
fn front_matter_edits_in_a_large_folder_match_a_full_build() {
    let mut site = Site::fixture("basic");
    for i in 0..130 {
        let tags = match i % 3 {
            0 => "[cli, sync]",
            1 => "[sync]",
            _ => "[cli]",
        };
        site = site.page(
            &format!("guides/many/page-{i:03}.md"),
            &format!("title: \"Page {i:03}\"\nproduct: acme\nreviewed: 2026-10-01\ntags: {tags}"),
            &format!(
                "Body of page {i}. See [the next one](page-{:03}.md).",
                (i + 1) % 130
            ),
        );
    }
    let server = Server::start(&site, &[]);
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "reviewed",
            "content/guides/many/page-050.md",
            "reviewed: 2026-10-01",
            "reviewed: 2025-01-01",
        ),
        (
            "title in place",
            "content/guides/many/page-050.md",
            "title: \"Page 050\"",
            "title: \"Page 050 again\"",
        ),
        (
            "title moves far",
            "content/guides/many/page-010.md",
            "title: \"Page 010\"",
            "title: \"Page 120b\"",
        ),
        (
            "title moves back",
            "content/guides/many/page-010.md",
            "title: \"Page 120b\"",
            "title: \"Page 000a\"",
        ),
        (
            "tag added",
            "content/guides/many/page-070.md",
            "tags: [sync]",
            "tags: [sync, cli]",
        ),
        (
            "tag removed",
            "content/guides/many/page-072.md",
            "tags: [cli, sync]",
            "tags: [sync]",
        ),
        (
            "weight first",
            "content/guides/many/page-099.md",
            "reviewed: 2026-10-01",
            "reviewed: 2026-10-01\nweight: 1",
        ),
        (
            "description",
            "content/guides/many/page-030.md",
            "reviewed: 2026-10-01",
            "reviewed: 2026-10-01\ndescription: Thirty.",
        ),
    ];
    let failures = apply_and_compare(&server, &site, cases);
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Makes each edit (what, file, text replaced, its replacement) in turn, waits
/// for serve to show it, and compares serve's output with a full build after
/// each; gives every difference. Each edit of a page also changes its body, so
/// that the wait can tell when serve has rebuilt it.
fn apply_and_compare(
    server: &Server,
    site: &Site,
    cases: &[(&str, &str, &str, &str)],
) -> Vec<String> {
    apply_and_count(server, site, cases).0
}

/// [`apply_and_compare`], with how many pages each edit rendered.
fn apply_and_count(
    server: &Server,
    site: &Site,
    cases: &[(&str, &str, &str, &str)],
) -> (Vec<String>, Vec<usize>) {
    let mut failures = Vec::new();
    let mut counts = Vec::new();
    for (n, (what, file, from, to)) in cases.iter().enumerate() {
        let text = site.read(file);
        assert!(text.contains(from), "{what}: {file} has no `{from}`");
        let mut text = text.replacen(from, to, 1);
        let marker = format!("marker{n}x");
        if file.ends_with(".md") {
            text.push_str(&format!("\n{marker}\n"));
        }
        site.write(file, &text);
        let line = server.wait_rebuild();
        if file.ends_with(".md") && !text.contains("draft: true") {
            let url = format!(
                "/{}/",
                file.trim_start_matches("content/").trim_end_matches(".md")
            );
            server.eventually_contains(&url, &marker);
        }
        let (problems, pages) = differences_from_a_full_build(server, site);
        for problem in problems {
            failures.push(format!("{what}: {problem}"));
        }
        let rendered: usize = line
            .split(": ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(usize::MAX);
        counts.push(rendered);
        let fast = !FULL_RE_RENDERS.contains(what);
        if fast && rendered >= pages {
            failures.push(format!("{what}: not the fast path: {line}"));
        }
        if !fast && rendered != pages {
            failures.push(format!("{what}: expected a full re-render: {line}"));
        }
    }
    (failures, counts)
}

/// A body of `n` distinct made-up words of letters (`w<seed>` and `i` in base
/// 26), whose results their shards carry: an index grows by a shard per few
/// hundred of them.
fn many_words(seed: &str, n: usize) -> String {
    let word = |mut i: usize| {
        let mut word = format!("w{seed}");
        loop {
            word.push((b'a' + (i % 26) as u8) as char);
            i /= 26;
            if i == 0 {
                return word;
            }
        }
    };
    (0..n).map(word).collect::<Vec<_>>().join(" ")
}

#[test]
fn body_edits_that_add_and_remove_whole_shards_match_a_full_build() {
    let site =
        Site::fixture("basic").page("guides/glossary.md", "title: Glossary", "A few words.\n");
    let server = Server::start(&site, &[]);
    let shards = |server: &Server| {
        std::fs::read_dir(server.out.join("search/s"))
            .unwrap()
            .count()
    };
    let before = shards(&server);
    // Thousands of new words: the index gains shards (a body edit, the fast path)...
    site.write(
        "content/guides/glossary.md",
        &format!("---\ntitle: Glossary\n---\n\n{}\n", many_words("a", 3000)),
    );
    let line = server.wait_rebuild();
    assert!(line.contains(": 1 page rendered, "), "{line}");
    server.eventually_contains("/guides/glossary/", "wajle");
    let grown = shards(&server);
    assert!(grown > before + 2, "{before} → {grown} shards");
    assert_eq!(
        differences_from_a_full_build(&server, &site).0,
        Vec::<String>::new()
    );
    // ...and loses them again: the shards it no longer has are gone.
    site.write(
        "content/guides/glossary.md",
        "---\ntitle: Glossary\n---\n\nA few words again.\n",
    );
    server.wait_rebuild();
    server.eventually_contains("/guides/glossary/", "again");
    assert_eq!(shards(&server), before);
    assert_eq!(
        differences_from_a_full_build(&server, &site).0,
        Vec::<String>::new()
    );
}
