//! A real browser: headless Chromium, driven over WebDriver by chromedriver,
//! shows a page reloading after an edit and the error overlay coming and going.
//! `.ci/run` installs Debian's chromium and chromium-driver; outside CI the test
//! says so and stops when they are missing.

mod common;
use common::server::Server;
use common::*;

use common::browser::Browser;
use common::static_server::StaticServer;

use std::io::{Read, Write};
use std::time::Duration;

use serde_json::{json, Value};

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

/// One browser at a time: the machines that run the suite have two cores.
static ONE_BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_browser() -> std::sync::MutexGuard<'static, ()> {
    ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner())
}

/// The demo site built into a folder and served as static files, as readers get it.
fn demo_site() -> (Site, StaticServer) {
    let site = Site::demo();
    site.build_ok();
    let server = StaticServer::start(&site.out());
    (site, server)
}

/// One page of every kind the theme renders (path, what it is).
const PAGE_KINDS: [(&str, &str); 14] = [
    ("/", "home"),
    ("/guides/acme-cloud/install/", "guide"),
    ("/faq/acme-cloud-networking/", "FAQ"),
    ("/releases/", "changelog"),
    ("/releases/acme-cloud/3-2-0/", "release note"),
    ("/eol/acme-cloud-2/", "EOL notice"),
    ("/eol/", "end-of-life timeline"),
    ("/deprecations/", "deprecations page"),
    (
        "/releases/acme-cloud/2-8-0/",
        "release note with deprecations",
    ),
    ("/products/acme-cloud/", "product page"),
    ("/tags/networking/", "tag page"),
    ("/health/", "health page"),
    ("/guides/acme-cloud/v2-api-keys/", "stale page"),
    ("/no-such-page/", "404"),
];

const AXE: &str = include_str!("fixtures/axe/axe.min.js");

/// Runs axe-core on the open page; returns its serious and critical violations.
fn serious_violations(browser: &Browser) -> Vec<String> {
    browser.run(&format!("{AXE}\n;return true;"));
    let result = browser.run_async(
        "var done = arguments[0];
         axe.run(document).then(function (r) {
           done({passes: r.passes.length, violations: r.violations.map(function (v) {
             return {id: v.id, impact: v.impact, nodes: v.nodes.map(function (n) {
               return n.target.join(' ') + ': ' + n.failureSummary; })}; })});
         }, function (e) { done({error: String(e)}); });",
    );
    assert!(
        result["passes"].as_u64().unwrap_or(0) > 10,
        "axe-core did not run: {result}"
    );
    result["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| format!("{} ({}): {}", v["id"], v["impact"], v["nodes"]))
        .collect()
}

fn set_theme(browser: &Browser, theme: &str) {
    browser.run(&format!(
        "localStorage.setItem('almanac-theme', '{theme}'); location.reload(); return true;"
    ));
    browser.wait_for(
        &format!("return document.readyState === 'complete' && document.documentElement.dataset.theme === '{theme}'"),
        "the theme to apply",
    );
}

/// Types `query` into the search box and waits for the results list.
fn search_for(browser: &Browser, query: &str) {
    browser.run(&format!(
        "var i = document.getElementById('search-input'); i.focus(); i.value = {}; i.dispatchEvent(new Event('input')); return true;",
        serde_json::Value::from(query)
    ));
    browser.wait_for(
        "var l = document.getElementById('search-results'); return !!l && !l.hidden && l.querySelectorAll('li[role=option]:not([aria-disabled])').length > 0",
        "search results",
    );
}

#[test]
fn every_page_kind_passes_axe_core_in_light_and_dark_with_no_errors_or_failed_requests() {
    let _one = one_browser();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.resize(1440, 900);
    let (_site, server) = demo_site();
    let mut problems = Vec::new();
    for theme in ["light", "dark"] {
        browser.open(&server.url("/"));
        set_theme(&browser, theme);
        for (path, kind) in PAGE_KINDS {
            browser.open(&server.url(path));
            browser.wait_for(
                "return document.readyState === 'complete'",
                "the page to load",
            );
            for violation in serious_violations(&browser) {
                problems.push(format!("{theme} {kind} {path}: {violation}"));
            }
        }
        browser.open(&server.url("/"));
        search_for(&browser, "proxy");
        for violation in serious_violations(&browser) {
            problems.push(format!("{theme} search results: {violation}"));
        }
    }
    // The 404 page answers 404 by design; nothing else may fail or log an error.
    let missing = format!(
        "{} - Failed to load resource: the server responded with a status of 404",
        server.url("/no-such-page/")
    );
    for error in browser.errors() {
        if !error.starts_with(&missing) {
            problems.push(format!("browser error: {error}"));
        }
    }
    for hit in server.take_hits() {
        if hit.status != 200 && hit.path != "/no-such-page/" {
            problems.push(format!("failed request: {} → {}", hit.path, hit.status));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_theme_choice_survives_a_reload() {
    let _one = one_browser();
    let Some(browser) = Browser::start() else {
        return;
    };
    let (_site, server) = demo_site();
    browser.open(&server.url("/guides/acme-cloud/install/"));
    browser.wait_for(
        "return document.readyState === 'complete'",
        "the page to load",
    );
    let background = "return getComputedStyle(document.body).backgroundColor";
    let light = browser.run(background);
    assert_eq!(
        light, "rgb(255, 255, 255)",
        "headless Chromium prefers light"
    );
    browser.run("document.querySelector('.theme-toggle').click(); return true;");
    browser.open(&server.url("/guides/acme-cloud/install/"));
    browser.wait_for(
        "return document.readyState === 'complete'",
        "the page to reload",
    );
    assert_eq!(
        browser.run("return document.documentElement.dataset.theme"),
        "dark"
    );
    assert_eq!(browser.run(background), "rgb(14, 17, 23)");
    assert_eq!(
        browser.run("return document.querySelector('.theme-toggle').getAttribute('aria-label')"),
        "Switch to light theme"
    );
}

#[test]
fn without_javascript_everything_but_search_works() {
    let _one = one_browser();
    let Some(browser) = Browser::start_without_javascript() else {
        return;
    };
    browser.resize(390, 844);
    let (_site, server) = demo_site();
    browser.open(&server.url("/guides/acme-cloud/install/"));
    browser.wait_for(
        "return document.readyState === 'complete'",
        "the page to load",
    );
    let visible = |selector: &str| {
        browser.run(&format!(
            "var e = document.querySelector('{selector}'); if (!e) return 'missing'; var r = e.getBoundingClientRect(); return getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden' && r.width > 0;"
        ))
    };
    assert_eq!(
        browser.run("return document.documentElement.className"),
        "no-js",
        "scripts ran"
    );
    // No controls that do nothing without scripts.
    for dead in [".search", ".theme-toggle", ".nav-toggle"] {
        assert_eq!(visible(dead), false, "{dead} is shown without JavaScript");
    }
    // The navigation a phone reader would open from the drawer is on the page, after it.
    assert_eq!(visible(".sidebar a[aria-current=page]"), true);
    assert_eq!(
        browser.run("var s = document.querySelector('.sidebar').getBoundingClientRect(), m = document.querySelector('main').getBoundingClientRect(); return s.top >= m.bottom;"),
        true,
        "the sidebar should follow the page"
    );
    // Code blocks, tables, banners and links are plain HTML.
    assert_eq!(visible("pre.code"), true);
    assert_eq!(
        visible(".toc"),
        false,
        "the phone layout has no table of contents column"
    );
    browser.screenshot_to(&screenshots().join("no-js-390.png"));
    assert_eq!(
        browser.run("var w = document.documentElement.scrollWidth; if (w > window.innerWidth) { var wide = [].filter.call(document.querySelectorAll('body *'), function (e) { return e.getBoundingClientRect().right > window.innerWidth + 1; }).slice(0, 5).map(function (e) { return e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right); }); return wide.join(', '); } return true;"),
        true,
        "the page scrolls sideways on a phone"
    );
    browser.screenshot_to(&screenshots().join("no-js-390.png"));
}

/// Where the screenshots for people go: `target/screenshots/`.
fn screenshots() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("screenshots")
}

/// Types `query` into the search box and waits until its answer is on screen;
/// returns the results as `{count, results: [{url, title, product, status, marks, excerpt}]}`.
fn search(browser: &Browser, query: &str) -> serde_json::Value {
    browser.run(&format!(
        "var i = document.getElementById('search-input'); i.focus(); i.value = {}; i.dispatchEvent(new Event('input')); return true;",
        serde_json::Value::from(query)
    ));
    let q = serde_json::Value::from(query);
    browser.wait_for(
        &format!(
            "return !!(window.almanac && almanac.lastSearch && almanac.lastSearch.query === {q})"
        ),
        &format!("an answer to {q}"),
    );
    browser.run(
        "return {count: almanac.lastSearch.count, live: document.querySelector('.search [role=status]').textContent,
          results: [].map.call(document.querySelectorAll('#search-results li.search-result'), function (li) {
            var q = function (s) { var e = li.querySelector(s); return e ? e.textContent : null; };
            return {url: li.getAttribute('data-url'), title: q('.search-title'), product: q('.search-product'),
              status: q('.search-eyebrow .badge'), excerpt: q('.search-excerpt'),
              marks: [].map.call(li.querySelectorAll('.search-excerpt mark'), function (m) { return m.textContent; })};
          })};",
    )
}

#[test]
fn search_finds_body_text_filters_marks_stale_pages_and_answers_the_keyboard() {
    let _one = one_browser();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.resize(1440, 900);
    let (site, server) = demo_site();
    browser.open(&server.url("/"));
    browser.wait_for(
        "return document.readyState === 'complete'",
        "the page to load",
    );
    let before: Vec<String> = server.take_hits().into_iter().map(|h| h.path).collect();
    assert!(
        !before.iter().any(|p| p.contains("search")),
        "search code or index loaded before first use: {before:?}"
    );

    // A word that is only in one page's body (not its title, headings, tags or description).
    let source = std::fs::read_to_string(
        site.root()
            .join("content/guides/tessera-sync/proxy-settings.md"),
    )
    .unwrap();
    let (front, body) = source.trim_start_matches("---").split_once("---").unwrap();
    assert!(!front.contains("WinHTTP") && body.contains("WinHTTP"));
    assert!(body
        .lines()
        .filter(|l| l.starts_with('#'))
        .all(|l| !l.contains("WinHTTP")));
    let found = search(&browser, "winhttp");
    assert_eq!(found["count"], 1, "{found:#}");
    let first = &found["results"][0];
    assert_eq!(
        first["url"], "/guides/tessera-sync/proxy-settings/#system-proxy",
        "{found:#}"
    );
    assert!(
        first["marks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "WinHTTP"),
        "{found:#}"
    );
    let first_query: usize = server.take_hits().iter().map(|h| h.bytes).sum();
    eprintln!("the first query fetched {first_query} bytes");

    // Word prefixes, not substrings; the live region tells the true count.
    assert!(search(&browser, "applic")["count"].as_u64().unwrap() > 0);
    assert_eq!(search(&browser, "plication")["count"], 0);
    let proxy = search(&browser, "proxy");
    let all = proxy["count"].as_u64().unwrap();
    assert!(
        all > 10 && proxy["results"].as_array().unwrap().len() == 10,
        "{proxy:#}"
    );
    assert_eq!(proxy["live"], format!("{all} results"));
    // Two pages titled "Configure proxy settings" are told apart by their product.
    let twins: Vec<&serde_json::Value> = proxy["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["title"]
                .as_str()
                .unwrap()
                .starts_with("Configure proxy settings")
        })
        .collect();
    assert_eq!(twins.len(), 2, "{proxy:#}");
    assert_ne!(twins[0]["title"], twins[1]["title"], "{proxy:#}");

    // A filter narrows the results to one product.
    browser.run("var s = document.getElementById('search-product'); s.value = 'tessera-sync'; s.dispatchEvent(new Event('change')); return true;");
    browser.wait_for(&format!("return almanac.lastSearch.count < {all} && document.querySelectorAll('#search-results .search-result').length > 0"), "the filter");
    let filtered = search(&browser, "proxy");
    assert!(filtered["count"].as_u64().unwrap() < all, "{filtered:#}");
    for r in filtered["results"].as_array().unwrap() {
        assert_eq!(r["product"], "Tessera Sync", "{filtered:#}");
    }
    browser.run("var s = document.getElementById('search-product'); s.value = ''; s.dispatchEvent(new Event('change')); return true;");

    // A stale page is marked in its result.
    let stale = search(&browser, "rotate api keys");
    let marked = stale["results"].as_array().unwrap().iter().find(|r| {
        r["url"]
            .as_str()
            .unwrap()
            .starts_with("/guides/acme-cloud/v2-api-keys/")
    });
    let status = marked.map(|r| r["status"].clone()).unwrap_or_default();
    assert!(
        status == "End of life" || status == "Older version",
        "{stale:#}"
    );

    // Keyboard: Escape closes, "/" focuses, arrows move, Enter opens.
    browser.run("document.getElementById('search-input').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})); return true;");
    assert_eq!(
        browser.run("return document.querySelector('.search-panel').hidden"),
        true
    );
    browser.run("document.getElementById('search-input').blur(); document.body.dispatchEvent(new KeyboardEvent('keydown', {key: '/', bubbles: true})); return true;");
    assert_eq!(
        browser.run("return document.activeElement.id"),
        "search-input"
    );
    search(&browser, "winhttp");
    browser.run("var i = document.getElementById('search-input'); i.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', bubbles: true})); return true;");
    assert_eq!(
        browser.run(
            "return document.getElementById('search-input').getAttribute('aria-activedescendant')"
        ),
        "search-result-0"
    );
    browser.run("document.getElementById('search-input').dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true})); return true;");
    browser.wait_for("return location.pathname === '/guides/tessera-sync/proxy-settings/' && location.hash === '#system-proxy'", "Enter to open the result");

    assert_eq!(browser.errors(), Vec::<String>::new());
    let failed: Vec<_> = server
        .take_hits()
        .into_iter()
        .filter(|h| h.status != 200)
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
}

/// Screenshots for people to look at (and two for the README): phone and desktop,
/// light and dark, of the home page, a guide with code and search with results.
/// Each view is checked for what would look broken: sideways scrolling, and code
/// covered by its copy button.
#[test]
fn screenshots_of_the_demo_on_phone_and_desktop_in_light_and_dark() {
    let _one = one_browser();
    let Some(browser) = Browser::start() else {
        return;
    };
    let (_site, server) = demo_site();
    let no_overflow = "return document.documentElement.scrollWidth <= window.innerWidth";
    let mut problems = Vec::new();
    for (width, height) in [(1440, 900), (390, 844)] {
        browser.resize(width, height);
        for theme in ["light", "dark"] {
            browser.open(&server.url("/"));
            set_theme(&browser, theme);
            browser.screenshot_to(&screenshots().join(format!("home-{width}-{theme}.png")));
            if browser.run(no_overflow) != true {
                problems.push(format!("home at {width}px scrolls sideways"));
            }
            browser.open(&server.url("/guides/acme-cloud/proxy-settings/"));
            browser.wait_for(
                "return !!document.querySelector('.code-block .copy-button')",
                "copy buttons",
            );
            // The copy button sits above the code, never over it.
            let covered = browser.run(
                "return [].some.call(document.querySelectorAll('.code-block'), function (b) {
                   var c = b.querySelector('.copy-button').getBoundingClientRect(), p = b.querySelector('pre').getBoundingClientRect();
                   return c.bottom > p.top && c.top < p.bottom; })",
            );
            if covered != false {
                problems.push(format!("a copy button covers code at {width}px"));
            }
            // Instantly: the theme scrolls smoothly, and the screenshot must not catch it halfway.
            browser.run("var c = document.querySelector('.code-block'); window.scrollTo({top: c.getBoundingClientRect().top + scrollY - 140, behavior: 'instant'}); return true;");
            browser.wait_for("var t = document.querySelector('.code-block').getBoundingClientRect().top; return t > 100 && t < 200;", "the code in view");
            browser.screenshot_to(&screenshots().join(format!("guide-{width}-{theme}.png")));
            if browser.run(no_overflow) != true {
                problems.push(format!("the guide at {width}px scrolls sideways"));
            }
            for (path, name) in [
                ("/deprecations/", "deprecations"),
                ("/eol/", "eol-timeline"),
            ] {
                browser.open(&server.url(path));
                set_theme(&browser, theme);
                browser.screenshot_to(&screenshots().join(format!("{name}-{width}-{theme}.png")));
                if browser.run(no_overflow) != true {
                    problems.push(format!("{path} at {width}px scrolls sideways"));
                }
            }
            browser.open(&server.url("/guides/"));
            search_for(&browser, "proxy");
            browser.wait_for(
                "return document.querySelectorAll('#search-results .search-result').length >= 5",
                "search results",
            );
            browser.run("document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', bubbles: true})); return true;");
            browser.screenshot_to(&screenshots().join(format!("search-{width}-{theme}.png")));
            let panel_fits = browser.run("var r = document.querySelector('.search-panel').getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth;");
            if panel_fits != true {
                problems.push(format!("the search panel leaves the screen at {width}px"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
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
            let _ = write!(
                reader.get_mut(),
                "HTTP/1.1 204 No Content\r\n{cors}Connection: close\r\n\r\n"
            );
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
    browser.run(
        "document.querySelector('.feedback-choice[data-helpful=\"false\"]').click(); return true;",
    );
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
