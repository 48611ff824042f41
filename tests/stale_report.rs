//! Issue 4, where stale flags show: `almanac check` (JSON schema, text, exit
//! codes), the build summary, banners for readers, the `/health/` page for
//! writers and the per-product support matrix.

mod common;
use common::snapshots::{snapshot, tidy_html};
use common::*;

use serde_json::{json, Value};

const ACME: &str = ACME_PRODUCTS;

/// Four pages on 2026-11-23: two acme pages that are stale, a general page
/// overdue for review, one fresh page.
fn mixed() -> Site {
    Site::new()
        .file("content/products.yaml", ACME)
        .page(
            "guides/old.md",
            "title: Old guide\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01",
            "x\n",
        )
        .page(
            "faq/z.md",
            "title: Zed question\nproduct: acme\nreviewed: 2026-10-01",
            "x\n",
        )
        .page(
            "guides/general.md",
            "title: General\nreviewed: 2025-01-01",
            "x\n",
        )
        .page(
            "guides/fresh.md",
            "title: Fresh\nproduct: acme\nversions: '>=3.0'\nreviewed: 2026-11-01",
            "x\n",
        )
}

fn check_json(site: &Site, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json", "--today", TODAY];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = site.run(&args);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"));
    (code, json)
}

fn sorted_keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

// ---------------------------------------------------------------- almanac check

#[test]
fn check_json_lists_stale_pages_sorted_by_file_with_their_reasons() {
    let (code, json) = check_json(&mixed(), &[]);
    assert_eq!(code, 0, "stale pages alone do not fail check: {json}");
    let stale = json["stale"].as_array().unwrap();
    let files: Vec<&str> = stale.iter().map(|s| s["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        [
            "content/faq/z.md",
            "content/guides/general.md",
            "content/guides/old.md"
        ]
    );
    for entry in stale {
        assert_eq!(
            sorted_keys(entry),
            ["file", "product", "reasons", "title", "url"],
            "{entry}"
        );
        for reason in entry["reasons"].as_array().unwrap() {
            let keys = sorted_keys(reason);
            let dated = reason["code"] != "outdated-version";
            let want: &[&str] = if dated {
                &["code", "date", "fix", "message"]
            } else {
                &["code", "fix", "message"]
            };
            assert_eq!(keys, want, "{reason}");
        }
    }
    let old = &stale[2];
    assert_eq!(old["url"], "/guides/old/");
    assert_eq!(old["title"], "Old guide");
    assert_eq!(old["product"], "acme");
    assert_eq!(
        old["reasons"][0],
        json!({
            "code": "outdated-version",
            "message": "applies to >=2.0, <3.0; current version is 3.2.0",
            "fix": "narrow versions to \">=3.0\" or update the page for 3.2.0"
        })
    );
    assert_eq!(old["reasons"][1]["code"], "end-of-life");
    assert_eq!(old["reasons"].as_array().unwrap().len(), 2);
    assert_eq!(
        stale[0]["reasons"],
        json!([{
            "code": "not-reviewed-since-release",
            "message": "last reviewed 2026-10-01; Acme Cloud 3.2.0 was released 2026-10-14",
            "fix": "check the page against 3.2.0, then set reviewed: 2026-11-23",
            "date": "2026-10-14"
        }])
    );
    assert_eq!(stale[1]["product"], Value::Null);
    assert_eq!(stale[1]["reasons"][0]["code"], "review-overdue");
}

#[test]
fn check_json_summary_counts_pages_stale_pages_and_errors() {
    let (_, json) = check_json(&mixed(), &[]);
    assert_eq!(json["summary"]["pages"], 4);
    assert_eq!(json["summary"]["stale"], 3);
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["errors"], json!([]));
    assert_eq!(json["broken_links"], json!([]));
}

#[test]
fn check_exit_codes_gate_on_errors_and_with_strict_on_stale_pages() {
    let stale = mixed();
    assert_eq!(check_json(&stale, &[]).0, 0);
    assert_eq!(check_json(&stale, &["--strict"]).0, 1);
    let fresh = Site::new().file("content/products.yaml", ACME).page(
        "guides/a.md",
        "title: A\nproduct: acme\nreviewed: 2026-11-01",
        "x\n",
    );
    assert_eq!(check_json(&fresh, &["--strict"]).0, 0);
    let broken = fresh.file("content/guides/b.md", "---\ntitle: B\n---\n[[Nowhere]]\n");
    let (code, json) = check_json(&broken, &[]);
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["summary"]["stale"], 0);
}

#[test]
fn check_text_groups_stale_pages_by_product_and_reason() {
    let (code, stdout, _) = mixed().run(&["check", "--today", TODAY]);
    assert_eq!(code, 0);
    snapshot!("check_text_stale_only", stdout);
}

/// `mixed()` plus a page with a broken link and one with a front-matter error.
fn mixed_with_errors() -> Site {
    mixed()
        .page(
            "guides/links.md",
            "title: Links\nreviewed: 2026-11-01",
            "See [the old guide](old.md) and [[Gone Page]].\n",
        )
        .page("faq/bad.md", "title: Bad\nreviwed: 2026-11-01", "x\n")
}

#[test]
fn check_text_prints_errors_rustc_style_before_the_stale_groups() {
    let site = mixed_with_errors();
    let (code, stdout, stderr) = site.run(&["check", "--today", TODAY]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    snapshot!(
        "check_text_with_errors",
        stdout.replace(&site.root().display().to_string(), "[site]")
    );
}

#[test]
fn check_json_of_errors_broken_links_and_stale_pages() {
    let site = mixed_with_errors();
    let (code, stdout, _) = site.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(code, 1);
    snapshot!(
        "check_json_with_errors",
        stdout.replace(&site.root().display().to_string(), "[site]")
    );
}

// ---------------------------------------------------------------- build summary

#[test]
fn the_build_summary_line_counts_stale_pages() {
    let site = mixed();
    let built = site.build_ok();
    assert_eq!(built.report.stale, 3);
    assert!(
        built.report.summary().contains("3 stale pages"),
        "{}",
        built.report.summary()
    );
    let (code, stdout, _) = site.run(&["build", "--today", TODAY]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Built 4 pages") && stdout.contains("3 stale pages"),
        "{stdout}"
    );
    let one = Site::new().file("content/products.yaml", ACME).page(
        "guides/a.md",
        "title: A\nreviewed: 2020-01-01",
        "x\n",
    );
    assert!(
        one.build_ok().report.summary().contains("1 stale page "),
        "singular"
    );
}

// ---------------------------------------------------------------- banners

fn banner(html: &str) -> Option<&str> {
    html.find("<div class=\"banner").map(|_| {
        between(
            html,
            "<div class=\"banner",
            "<header class=\"page-header\">",
        )
    })
}

#[test]
fn an_outdated_page_shows_the_current_version_and_links_to_the_product() {
    let site = Site::new().file("content/products.yaml", ACME).page(
        "guides/a.md",
        "title: A\nproduct: acme\nversions: '>=3.0, <3.2'\nreviewed: 2026-11-01",
        "x\n",
    );
    let html = site.build_ok().page("/guides/a/");
    let banner = banner(&html).expect("an outdated page has a banner");
    assert!(banner.contains("The current version is 3.2.0"), "{banner}");
    assert!(banner.contains(r#"href="/products/acme/""#), "{banner}");
    assert!(!banner.contains("end of life"), "{banner}");
}

#[test]
fn an_end_of_life_page_says_when_and_links_to_the_eol_notice_of_its_cycle() {
    let site = Site::new()
        .file("content/products.yaml", ACME)
        .page(
            "eol/acme-2.md",
            "title: Acme Cloud 2 end of life\nproduct: acme\neol_date: 2026-06-30\ncycle: \"2\"",
            "x\n",
        )
        .page(
            "eol/acme-1.md",
            "title: Acme Cloud 1 end of life\nproduct: acme\neol_date: 2024-12-31\ncycle: \"1\"",
            "x\n",
        )
        .page(
            "guides/a.md",
            "title: A\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01",
            "x\n",
        );
    let html = site.build_ok().page("/guides/a/");
    let banner = banner(&html).expect("an end-of-life page has a banner");
    assert!(
        banner.contains("Acme Cloud 2 reached end of life on 30 June 2026"),
        "{banner}"
    );
    assert!(
        banner.contains(r#"<a href="/eol/acme-2/">Acme Cloud 2 end of life</a>"#),
        "{banner}"
    );
    assert!(
        !banner.contains("/eol/acme-1/"),
        "the notice of another cycle is not linked: {banner}"
    );
    assert!(banner.contains("banner-danger"), "{banner}");
}

#[test]
fn an_end_of_life_page_without_a_notice_still_says_when() {
    let site = Site::new().file("content/products.yaml", ACME).page(
        "guides/a.md",
        "title: A\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01",
        "x\n",
    );
    let html = site.build_ok().page("/guides/a/");
    let banner = banner(&html).expect("banner");
    assert!(
        banner.contains("reached end of life on 30 June 2026"),
        "{banner}"
    );
    assert!(!banner.contains("/eol/"), "{banner}");
    assert!(banner.contains(r#"href="/products/acme/""#), "{banner}");
}

#[test]
fn a_page_of_a_discontinued_product_says_so() {
    let products = ACME.replace(
        "    name: Acme Cloud\n",
        "    name: Acme Cloud\n    discontinued: 2026-09-01\n",
    );
    let site = Site::new().file("content/products.yaml", &products).page(
        "guides/a.md",
        "title: A\nproduct: acme\nreviewed: 2026-11-01",
        "x\n",
    );
    let html = site.build_ok().page("/guides/a/");
    let banner = banner(&html).expect("banner");
    assert!(
        banner.contains("Acme Cloud was discontinued on 1 September 2026."),
        "{banner}"
    );
    assert!(site
        .build_ok()
        .page("/products/acme/")
        .contains(">Discontinued</span>"));
}

#[test]
fn review_only_reasons_show_no_banner_unless_the_site_asks_for_it() {
    let page = "title: A\nproduct: acme\nreviewed: 2026-10-13";
    let quiet = Site::new()
        .file("content/products.yaml", ACME)
        .page("guides/a.md", page, "x\n");
    let html = quiet.build_ok().page("/guides/a/");
    assert_eq!(
        banner(&html),
        None,
        "not-reviewed-since-release is for writers only"
    );
    assert!(!html.contains("Needs review"), "no badge either");
    let loud = Site::new()
        .file(
            "almanac.yaml",
            "title: T\nbase_url: https://docs.example.com/\nstale:\n  show_review_banners: true\n",
        )
        .file("content/products.yaml", ACME)
        .page("guides/a.md", page, "x\n");
    let html = loud.build_ok().page("/guides/a/");
    let banner = banner(&html).expect("review banners were asked for");
    assert!(
        banner.contains("last reviewed on 13 October 2026"),
        "{banner}"
    );
}

#[test]
fn a_fresh_page_has_no_banner() {
    let html = mixed().build_ok().page("/guides/fresh/");
    assert_eq!(banner(&html), None);
}

// ---------------------------------------------------------------- the health page

#[test]
fn the_health_page_lists_stale_pages_by_reason_for_writers_only() {
    let site = mixed();
    let built = site.build_ok();
    let html = built.page("/health/");
    assert!(
        html.contains(r#"<meta name="robots" content="noindex"#),
        "{html}"
    );
    let section =
        |code: &str| between(&html, &format!("<code>{code}</code>"), "</section>").to_string();
    assert!(
        section("outdated-version").contains(r#"<a href="/guides/old/">Old guide</a>"#),
        "{html}"
    );
    assert!(
        section("end-of-life").contains(r#"<a href="/guides/old/">Old guide</a>"#),
        "{html}"
    );
    assert!(
        section("not-reviewed-since-release").contains(r#"<a href="/faq/z/">Zed question</a>"#),
        "{html}"
    );
    assert!(
        section("review-overdue").contains(r#"<a href="/guides/general/">General</a>"#),
        "{html}"
    );
    assert!(section("never-reviewed").contains("No pages."), "{html}");
    assert!(!html.contains(">Fresh</a>"), "a fresh page is not listed");
    assert!(html.contains("4 pages, 3 stale, 0 broken links"), "{html}");
    snapshot!("health_main", tidy_html(&built.main("/health/")));
}

#[test]
fn the_health_page_lists_the_first_hundred_pages_of_a_rule_and_counts_the_rest() {
    let mut site = Site::new();
    for n in 0..103 {
        site = site.page(
            &format!("guides/g{n:03}.md"),
            &format!("title: Guide {n:03}\nreviewed: 2025-01-01"),
            "x\n",
        );
    }
    let html = site.build_ok().page("/health/");
    let section = between(&html, "<code>review-overdue</code>", "</section>");
    assert!(section.contains("(103)"), "{section}");
    assert_eq!(section.matches("<li>").count(), 100, "{section}");
    assert!(section.contains(">Guide 099</a>"), "{section}");
    assert!(!section.contains(">Guide 100</a>"), "{section}");
    assert!(
        section.contains("…and 3 more: “almanac check --format json” lists every one."),
        "{section}"
    );
}

#[test]
fn the_health_page_is_in_neither_the_sitemap_nor_the_navigation() {
    let site = mixed();
    let built = site.build_ok();
    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/guides/old/"), "{sitemap}");
    assert!(!sitemap.contains("/health/"), "{sitemap}");
    for url in ["/", "/guides/old/", "/guides/"] {
        assert!(
            !built.page(url).contains("href=\"/health/\""),
            "{url} links to the health page"
        );
    }
}

// ---------------------------------------------------------------- product support matrix

/// The `<tr>` of `cycle` in the support matrix.
fn matrix_row(html: &str, cycle: &str) -> String {
    let table = between(html, "<table class=\"support-matrix\">", "</table>");
    table
        .split("<tr>")
        .find(|row| row.contains(&format!("<th scope=\"row\">{cycle}<")))
        .unwrap_or_else(|| panic!("no row for cycle {cycle} in:\n{table}"))
        .to_string()
}

#[test]
fn the_product_page_has_a_support_matrix_with_a_status_per_cycle() {
    let html = mixed().build_ok().page("/products/acme/");
    assert!(
        matrix_row(&html, "3").contains(">Supported</span>"),
        "{html}"
    );
    assert!(
        matrix_row(&html, "2").contains(">End of life</span>"),
        "{html}"
    );
    assert!(
        matrix_row(&html, "1").contains(">End of life</span>"),
        "{html}"
    );
    assert!(matrix_row(&html, "3").contains("3.2.0"), "{html}");
    assert!(matrix_row(&html, "2").contains("30 June 2026"), "{html}");
    assert!(
        between(&html, "<header class=\"page-header\">", "</header>")
            .contains("Current version 3.2.0"),
        "{html}"
    );
}

/// A cycle in every state on 2026-11-23: upcoming, supported, security fixes only,
/// end of life, and one with no end date.
const EVERY_STATUS: &str = r#"products:
  - id: acme
    name: Acme Cloud
    releases:
      - releaseCycle: "4"
        releaseDate: 2027-01-10
      - releaseCycle: "3"
        releaseDate: 2026-03-02
        eoas: 2027-03-01
        eol: 2028-03-01
        latest: "3.2.0"
        latestReleaseDate: 2026-10-14
      - releaseCycle: "2"
        releaseDate: 2024-09-16
        eoas: 2025-12-31
        eol: 2026-12-31
        latest: "2.9.4"
        latestReleaseDate: 2026-05-12
      - releaseCycle: "1"
        releaseDate: 2023-02-01
        eol: 2024-12-31
        latest: "1.8.2"
      - releaseCycle: "0"
        releaseDate: 2022-01-01
        eol: false
"#;

#[test]
fn the_support_matrix_of_a_cycle_in_every_state() {
    let site = Site::new()
        .file("content/products.yaml", EVERY_STATUS)
        .page("guides/a.md", "title: A", "x\n");
    let html = site.build_ok().page("/products/acme/");
    let section = between(
        &html,
        "<section class=\"group\" aria-labelledby=\"support-title\">",
        "</section>",
    );
    snapshot!("support_matrix", tidy_html(section));
}

#[test]
fn the_support_matrix_status_turns_on_exactly_the_eol_date() {
    let site =
        Site::new()
            .file("content/products.yaml", ACME)
            .page("guides/a.md", "title: A", "x\n");
    let html = site.build_ok().page("/products/acme/");
    assert!(matrix_row(&html, "2").contains(">End of life</span>"));
    let on_the_day = Site::new()
        .file("content/products.yaml", ACME)
        .page("guides/a.md", "title: A", "x\n")
        .today("2026-06-30");
    assert!(
        matrix_row(&on_the_day.build_ok().page("/products/acme/"), "2")
            .contains(">End of life</span>")
    );
    let day_before = Site::new()
        .file("content/products.yaml", ACME)
        .page("guides/a.md", "title: A", "x\n")
        .today("2026-06-29");
    let row = matrix_row(&day_before.build_ok().page("/products/acme/"), "2");
    assert!(
        row.contains(">Security fixes only</span>"),
        "eoas passed, eol not yet: {row}"
    );
}

#[test]
fn support_is_an_alias_of_eoas_and_unreleased_cycles_are_upcoming() {
    let products = ACME
        .replace("eoas: 2027-03-01", "support: 2026-11-23")
        .replace(
            "    releases:\n",
            "    releases:\n      - releaseCycle: \"4\"\n        releaseDate: 2027-01-10\n",
        );
    let site =
        Site::new()
            .file("content/products.yaml", &products)
            .page("guides/a.md", "title: A", "x\n");
    let html = site.build_ok().page("/products/acme/");
    assert!(
        matrix_row(&html, "3").contains(">Security fixes only</span>"),
        "support: today has ended"
    );
    assert!(matrix_row(&html, "4").contains(">Upcoming</span>"));
}

// ---------------------------------------------------------------- neutral banners before the end

/// Acme Cloud on 2026-12-01 with cycle 2 in security fixes only and ending on
/// 2027-03-01, 90 days later; `outdated-version` ignored, so only the new rules speak.
fn ending_soon() -> Site {
    let products = ACME.replace("eol: 2026-06-30", "eol: 2027-03-01");
    Site::new()
        .file(
            "almanac.yaml",
            "title: T\nbase_url: https://docs.example.com/\nstale:\n  ignore: [outdated-version]\n",
        )
        .file("content/products.yaml", &products)
        .page(
            "guides/a.md",
            "title: A\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01",
            "x\n",
        )
        .today("2026-12-01")
}

#[test]
fn an_end_of_life_ahead_shows_a_neutral_banner_with_the_date_and_the_support_matrix() {
    let site = ending_soon();
    let html = site.build_ok().page("/guides/a/");
    let banner = banner(&html).expect("an end of life ahead has a banner");
    assert!(banner.contains("banner-info"), "neutral: {banner}");
    assert!(
        banner.contains("<p>Acme Cloud 2 reaches end of life on 1 March 2027.</p>"),
        "{banner}"
    );
    assert!(
        banner.contains("<p>Acme Cloud 2 receives security fixes only.</p>"),
        "{banner}"
    );
    assert!(
        banner.contains(r#"href="/products/acme/""#),
        "no notice: {banner}"
    );
}

#[test]
fn an_end_of_life_ahead_links_the_eol_notice_of_its_cycle() {
    let site = ending_soon().page(
        "eol/acme-2.md",
        "title: Acme Cloud 2 end of life\nproduct: acme\neol_date: 2027-03-01\ncycle: \"2\"",
        "x\n",
    );
    let html = site.build_ok().page("/guides/a/");
    let banner = banner(&html).expect("banner");
    assert!(
        banner.contains(r#"<a href="/eol/acme-2/">Acme Cloud 2 end of life</a>"#),
        "{banner}"
    );
    assert!(!banner.contains("banner-danger"), "{banner}");
}

// ---------------------------------------------------------------- opt-outs on the health page

#[test]
fn the_health_page_lists_every_active_opt_out_with_its_reason_and_end() {
    let optout = |until: &str| {
        format!("title: {until}\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01\nstale:\n  ignore: [end-of-life, outdated-version]\n  reason: \"kept for <customers> on 2\"\n  until: {until}")
    };
    let site = mixed()
        .page("guides/kept.md", &optout("2027-06-30"), "x\n")
        .page("guides/lapsed.md", &optout("2026-11-22"), "x\n");
    let built = site.build_ok();
    let html = built.page("/health/");
    let section = between(&html, "id=\"optouts-title\"", "</section>");
    assert!(section.contains("(1)"), "only the active one: {section}");
    assert!(
        section.contains(r#"<a href="/guides/kept/">2027-06-30</a>"#),
        "{section}"
    );
    assert!(
        section.contains(
            "end-of-life, outdated-version until 2027-06-30: kept for &lt;customers&gt; on 2"
        ),
        "the reason is escaped: {section}"
    );
    assert!(!section.contains("/guides/lapsed/"), "{section}");
    let lapsed = between(&html, "<code>end-of-life</code>", "</section>");
    assert!(lapsed.contains("/guides/lapsed/"), "{lapsed}");
    assert!(!lapsed.contains("/guides/kept/"), "{lapsed}");
}
