//! Versions of one topic: pages that declare the same `topic:` show a version
//! switcher in version order; an outdated page of the topic sends readers (and
//! writers, in its fix) to the topic's page for the current version; overlapping
//! versions and mixed products are errors naming both places.

mod common;
use common::*;

use serde_json::Value;

/// Three versions of "install", in files whose order is not the version order.
fn install_topic() -> Site {
    Site::new()
        .file("content/products.yaml", ACME_PRODUCTS)
        .page(
            "guides/a-install-3.md",
            "title: Install Acme Cloud 3\nproduct: acme\nversions: '>=3.0'\ntopic: install\nreviewed: 2026-11-01",
            "x\n",
        )
        .page(
            "guides/b-install-1.md",
            "title: Install Acme Cloud 1\nproduct: acme\nversions: '>=1.0, <2.0'\ntopic: install\nreviewed: 2026-11-01",
            "x\n",
        )
        .page(
            "guides/c-install-2.md",
            "title: Install Acme Cloud 2\nproduct: acme\nversions: '>=2.0, <3.0'\ntopic: install\nreviewed: 2026-11-01",
            "x\n",
        )
}

fn switcher(html: &str) -> &str {
    between(html, "<nav class=\"version-switcher\"", "</nav>")
}

#[test]
fn each_page_of_a_topic_shows_a_switcher_in_version_order() {
    let site = install_topic();
    let built = site.build_ok();
    let html = built.page("/guides/c-install-2/");
    let nav = switcher(&html);
    let one = nav.find("/guides/b-install-1/").expect("1.x listed");
    let two = nav.find("&gt;=2.0, &lt;3.0").expect("2.x listed, escaped");
    let three = nav.find("/guides/a-install-3/").expect("3.x listed");
    assert!(one < two && two < three, "version order: {nav}");
    assert!(
        nav.contains(
            r#"<span class="version-current" aria-current="page">&gt;=2.0, &lt;3.0</span>"#
        ),
        "the page itself is marked, not linked: {nav}"
    );
    assert!(!nav.contains("/guides/c-install-2/"), "{nav}");
    assert!(
        nav.contains(r#"<a href="/guides/a-install-3/">&gt;=3.0</a>"#),
        "{nav}"
    );
}

#[test]
fn a_page_alone_in_its_topic_has_no_switcher() {
    let site = Site::new()
        .file("content/products.yaml", ACME_PRODUCTS)
        .page(
            "guides/a.md",
            "title: A\nproduct: acme\nversions: '>=3.0'\ntopic: lonely",
            "x\n",
        );
    assert!(!site
        .build_ok()
        .page("/guides/a/")
        .contains("version-switcher"));
}

#[test]
fn an_outdated_page_of_a_topic_links_the_page_for_the_current_version() {
    let site = install_topic();
    let built = site.build_ok();
    for old in ["/guides/b-install-1/", "/guides/c-install-2/"] {
        let html = built.page(old);
        let banner = between(
            &html,
            "<div class=\"banner",
            "<header class=\"page-header\">",
        );
        assert!(
            banner.contains(
                r#"<a href="/guides/a-install-3/">Read this page for Acme Cloud 3.2.0</a>"#
            ),
            "{old}: {banner}"
        );
    }
    let current = built.page("/guides/a-install-3/");
    assert!(
        !current.contains("Read this page for"),
        "no banner on the current page"
    );
}

#[test]
fn the_fix_of_an_outdated_page_of_a_topic_names_the_current_page() {
    let site = install_topic();
    let (_, stdout, _) = site.run(&["check", "--format", "json", "--today", TODAY]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let two = json["stale"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["file"] == "content/guides/c-install-2.md")
        .expect("the 2.x page is stale");
    for reason in two["reasons"].as_array().unwrap() {
        let fix = reason["fix"].as_str().unwrap();
        assert!(
            fix.contains("/guides/a-install-3/") && fix.contains("3.2.0"),
            "{}: {fix}",
            reason["code"]
        );
    }
}

#[test]
fn two_pages_of_a_topic_for_the_same_version_are_an_error_naming_both() {
    let site = install_topic().page(
        "guides/d-install-any.md",
        "title: Install any\nproduct: acme\nversions: '>=2.5'\ntopic: install",
        "x\n",
    );
    let built = site.build();
    assert!(!built.report.written);
    let errors = built.errors();
    let codes: Vec<(&str, String)> = errors.iter().map(|e| (e.code, at(e))).collect();
    assert_eq!(
        codes,
        [(
            "topic-overlap",
            "content/guides/d-install-any.md:5:1".to_string()
        )],
        "one error, at the later page's topic line: {errors:#?}"
    );
    assert_eq!(
        errors[0].message,
        "this page and content/guides/a-install-3.md:4 both apply to Acme Cloud 3.2.0, in topic `install`"
    );
}

#[test]
fn a_topic_whose_pages_name_different_products_is_an_error_naming_both() {
    let site = Site::new()
        .file("content/products.yaml", TWO_PRODUCTS)
        .page(
            "guides/a.md",
            "title: A\nproduct: acme\ntopic: setup",
            "x\n",
        )
        .page(
            "guides/b.md",
            "title: B\nproduct: tessera\ntopic: setup",
            "x\n",
        )
        .page(
            "guides/c.md",
            "title: C\nproduct: acme\ntopic: setup",
            "x\n",
        );
    let built = site.build();
    let e = built.error("topic-mixed-products");
    assert_eq!(at(e), "content/guides/b.md:4:1");
    assert_eq!(
        e.message,
        "topic `setup` mixes products: this page names `tessera`, content/guides/a.md:3 names `acme`"
    );
    assert!(e.help.is_some());
}

#[test]
fn topic_is_a_field_of_every_kind() {
    let site = Site::new()
        .file("content/products.yaml", ACME_PRODUCTS)
        .page("faq/a.md", "title: A\nproduct: acme\ntopic: t", "x\n")
        .page(
            "releases/r.md",
            "title: R\nproduct: acme\nversion: 3.2.0\ndate: 2026-10-14\ntopic: r",
            "x\n",
        )
        .page(
            "eol/e.md",
            "title: E\nproduct: acme\neol_date: 2026-06-30\ntopic: e",
            "x\n",
        );
    site.build_ok();
}
