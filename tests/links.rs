//! Issue 3, links: every link form a writer can use, how it renders, and the
//! exact error (code, file:line:column, suggestion) when it does not resolve.

mod common;
use common::*;

const PRODUCTS: &str = TWO_PRODUCTS;

const INSTALL_BODY: &str =
    "Install the CLI.\n\n## Proxy\n\nSet HTTPS_PROXY.\n\n## Proxy settings (HTTP)\n\nMore.\n";

/// A small knowledge base: an install guide (acme) with two headings, a
/// configure guide, a guides intro and an image in static/.
fn kb() -> Site {
    Site::new()
        .file("content/products.yaml", PRODUCTS)
        .file(
            "content/guides/_index.md",
            "---\ntitle: All guides\n---\nEvery guide.\n",
        )
        .page(
            "guides/install.md",
            "title: Install Guide\nproduct: acme\naliases: [/guides/setup-acme/]",
            INSTALL_BODY,
        )
        .page(
            "guides/configure.md",
            "title: Configure\nproduct: acme",
            "Configure it.\n",
        )
        .file("static/img/x.png", "PNG")
}

/// A site with one page `faq/q.md` whose body is `body` (body line 1 is file line 4).
fn linking(body: &str) -> Site {
    kb().page("faq/q.md", "title: Question", body)
}

/// The rendered Markdown of `faq/q.md`, without the navigation and lists around it.
fn q_html(site: &Site) -> String {
    site.build_ok().content("/faq/q/")
}

// ---------------------------------------------------------------- link forms

#[test]
fn a_relative_link_to_a_source_file_goes_to_the_target_pages_url() {
    let site = linking("See [Install](../guides/install.md).\n");
    assert!(q_html(&site).contains(r#"<a href="/guides/install/">Install</a>"#));
}

#[test]
fn a_link_to_a_sibling_source_file_keeps_its_heading_anchor() {
    let site = kb().page(
        "guides/b.md",
        "title: B",
        "See [proxy](install.md#proxy).\n",
    );
    let html = site.build_ok().content("/guides/b/");
    assert!(
        html.contains(r#"<a href="/guides/install/#proxy">proxy</a>"#),
        "{html}"
    );
}

#[test]
fn a_link_to_an_index_file_goes_to_the_folder_listing() {
    let site = linking("All [guides](../guides/_index.md).\n");
    assert!(q_html(&site).contains(r#"<a href="/guides/">guides</a>"#));
}

#[test]
fn a_wikilink_matches_a_title_case_insensitively() {
    let site = linking("See [[install guide]].\n");
    assert!(q_html(&site).contains(r#"<a href="/guides/install/">Install Guide</a>"#));
}

#[test]
fn a_wikilink_matches_a_slug() {
    let site = kb()
        .page(
            "guides/start.md",
            "title: First steps\nslug: getting-started",
            "Hi.\n",
        )
        .page(
            "faq/q.md",
            "title: Question",
            "See [[install]] and [[getting-started]].\n",
        );
    let html = q_html(&site);
    assert!(
        html.contains(r#"<a href="/guides/install/">Install Guide</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/guides/getting-started/">First steps</a>"#),
        "{html}"
    );
}

#[test]
fn a_wikilink_matches_the_slug_form_of_a_title() {
    let site = linking("See [[install-guide]].\n");
    assert!(q_html(&site).contains(r#"<a href="/guides/install/">Install Guide</a>"#));
}

#[test]
fn a_wikilink_matches_an_alias() {
    let site = linking("See [[setup-acme]].\n");
    assert!(q_html(&site).contains(r#"<a href="/guides/install/">Install Guide</a>"#));
}

#[test]
fn a_wikilink_with_custom_text_shows_that_text() {
    let site = linking("See [[Install Guide|see the guide]].\n");
    let html = q_html(&site);
    assert!(
        html.contains(r#"<a href="/guides/install/">see the guide</a>"#),
        "{html}"
    );
    assert!(!html.contains(">Install Guide</a>"), "{html}");
}

#[test]
fn a_bare_wikilink_shows_the_target_title() {
    let site = linking("See [[INSTALL GUIDE]].\n");
    let html = q_html(&site);
    assert!(
        html.contains(r#"<a href="/guides/install/">Install Guide</a>"#),
        "{html}"
    );
    assert!(!html.contains("INSTALL GUIDE"), "{html}");
}

#[test]
fn a_wikilink_to_a_heading_goes_to_the_heading_id() {
    let site = linking("See [[Install Guide#Proxy settings (HTTP)]].\n");
    let html = q_html(&site);
    assert!(
        html.contains(r#"href="/guides/install/#proxy-settings-http""#),
        "{html}"
    );
}

#[test]
fn a_product_scoped_wikilink_picks_the_page_of_that_product() {
    let site = kb()
        .page(
            "guides/tessera-install.md",
            "title: Install Guide\nproduct: tessera",
            "Sync.\n",
        )
        .page(
            "faq/q.md",
            "title: Question",
            "Acme: [[acme:Install Guide]]. Tessera: [[tessera:Install Guide]].\n",
        );
    let html = q_html(&site);
    assert!(
        html.contains(r#"Acme: <a href="/guides/install/">Install Guide</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"Tessera: <a href="/guides/tessera-install/">Install Guide</a>"#),
        "{html}"
    );
}

#[test]
fn wikilinks_in_code_spans_and_code_blocks_are_left_alone() {
    let site = linking("Write `[[Nowhere Page]]` inline.\n\n```\n[[Also Nowhere]]\n```\n");
    let built = site.build_ok();
    assert!(built.errors().is_empty());
    let html = built.content("/faq/q/");
    assert!(html.contains("<code>[[Nowhere Page]]</code>"), "{html}");
    assert!(html.contains("[[Also Nowhere]]"), "{html}");
    assert!(!html.contains("href=\"Nowhere"), "{html}");
}

#[test]
fn a_link_to_a_static_file_resolves() {
    let site = linking("![diagram](/img/x.png) and [download](/img/x.png).\n");
    let built = site.build_ok();
    let html = built.content("/faq/q/");
    assert!(
        html.contains(r#"<img src="/img/x.png" alt="diagram""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/img/x.png">download</a>"#),
        "{html}"
    );
    assert!(built.exists("/img/x.png"));
}

#[test]
fn links_to_listings_and_static_files_keep_their_fragment() {
    let site =
        linking("[a](../guides/_index.md#intro), [b](/guides/#intro), [c](/img/x.png#frame=2).\n");
    let html = q_html(&site);
    assert!(
        html.contains(r##"<a href="/guides/#intro">a</a>"##),
        "{html}"
    );
    assert!(
        html.contains(r##"<a href="/guides/#intro">b</a>"##),
        "{html}"
    );
    assert!(
        html.contains(r##"<a href="/img/x.png#frame=2">c</a>"##),
        "{html}"
    );
}

#[test]
fn external_links_are_untouched_and_never_errors() {
    let site = linking("See [docs](https://example.org/missing.md), <https://example.net/x> and [mail](mailto:a@b.c).\n");
    let built = site.build_ok();
    assert!(built.errors().is_empty());
    assert!(site.analyse().graph.broken.is_empty());
    let html = built.content("/faq/q/");
    assert!(
        html.contains(r#"<a href="https://example.org/missing.md">docs</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="https://example.net/x">https://example.net/x</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="mailto:a@b.c">mail</a>"#),
        "{html}"
    );
}

// ---------------------------------------------------------------- errors, each at its exact location

#[test]
fn a_link_to_a_missing_page_is_an_error_at_the_link_with_a_suggestion() {
    // Line 4 is the first body line; the link starts at column 5 of line 6.
    let site = linking("Intro.\n\nSee [the guide](../guides/instal.md) now.\n");
    let built = site.build();
    let e = built.error("missing-page");
    assert_eq!(at(e), "content/faq/q.md:6:5");
    assert!(e.message.contains("../guides/instal.md"), "{}", e.message);
    assert_eq!(
        e.help.as_deref(),
        Some("did you mean `../guides/install.md`?")
    );
}

#[test]
fn a_link_to_a_missing_anchor_is_an_error_with_the_closest_heading() {
    let site = linking("One.\nTwo [proxy](../guides/install.md#proxi).\n");
    let built = site.build();
    let e = built.error("missing-anchor");
    assert_eq!(at(e), "content/faq/q.md:5:5");
    assert!(e.message.contains("#proxi"), "{}", e.message);
    assert_eq!(e.help.as_deref(), Some("did you mean `#proxy`?"));
}

#[test]
fn a_wikilink_to_a_missing_heading_is_a_missing_anchor() {
    let site = linking("[[Install Guide#Proxy setings (HTTP)]]\n");
    let built = site.build();
    let e = built.error("missing-anchor");
    assert_eq!(at(e), "content/faq/q.md:4:1");
    assert_eq!(
        e.help.as_deref(),
        Some("did you mean `#proxy-settings-http`?")
    );
}

#[test]
fn an_unknown_wikilink_is_an_error_at_the_wikilink() {
    let site = linking("Text first, then [[Instal Guide]].\n");
    let built = site.build();
    let e = built.error("unknown-wikilink");
    assert_eq!(at(e), "content/faq/q.md:4:18");
    assert!(e.message.contains("Instal Guide"), "{}", e.message);
    assert_eq!(e.help.as_deref(), Some("did you mean `[[Install Guide]]`?"));
}

#[test]
fn an_ambiguous_wikilink_is_an_error_listing_every_candidate() {
    let site = kb()
        .page(
            "guides/tessera-install.md",
            "title: Install Guide\nproduct: tessera",
            "Sync.\n",
        )
        .page("faq/q.md", "title: Question", "\n  [[Install Guide]]\n");
    let built = site.build();
    let e = built.error("ambiguous-wikilink");
    assert_eq!(at(e), "content/faq/q.md:5:3");
    assert!(
        e.message.contains("content/guides/install.md"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("content/guides/tessera-install.md"),
        "{}",
        e.message
    );
    let help = e.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("[[acme:Install Guide]]") || help.contains("[[tessera:Install Guide]]"),
        "{help}"
    );
}

#[test]
fn a_link_to_a_missing_static_file_is_an_error() {
    let site = linking("![chart](/img/y.png)\n");
    let built = site.build();
    let e = built.error("missing-file");
    assert_eq!(at(e), "content/faq/q.md:4:1");
    assert!(e.message.contains("/img/y.png"), "{}", e.message);
}

#[test]
fn every_broken_link_is_reported_in_one_build_and_nothing_is_written() {
    let site = kb()
        .page("guides/tessera-install.md", "title: Install Guide\nproduct: tessera", "Sync.\n")
        .page(
            "faq/q.md",
            "title: Question",
            "[a](../guides/nope.md)\n[b](../guides/configure.md#nope)\n[[No Such Page]]\n[[Install Guide]]\n![c](/img/nope.png)\n",
        )
        .page("faq/r.md", "title: Another", "[[Configure#Missing]]\n");
    let built = site.build();
    assert!(!built.report.written);
    assert!(
        !site.out().exists(),
        "a failed build leaves no output directory"
    );
    let mut found: Vec<(String, &str)> = built.errors().iter().map(|d| (at(d), d.code)).collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("content/faq/q.md:4:1".to_string(), "missing-page"),
            ("content/faq/q.md:5:1".to_string(), "missing-anchor"),
            ("content/faq/q.md:6:1".to_string(), "unknown-wikilink"),
            ("content/faq/q.md:7:1".to_string(), "ambiguous-wikilink"),
            ("content/faq/q.md:8:1".to_string(), "missing-file"),
            ("content/faq/r.md:4:1".to_string(), "missing-anchor"),
        ]
    );
}

#[test]
fn a_build_that_fails_on_a_broken_link_leaves_the_previous_output_untouched() {
    let site = linking("[[Install Guide]]\n");
    site.build_ok();
    let before = snapshot_dir(&site.out());
    site.write(
        "content/faq/q.md",
        "---\ntitle: Question\n---\n[[Install Guid]]\n",
    );
    let built = site.build();
    assert_eq!(at(built.error("unknown-wikilink")), "content/faq/q.md:4:1");
    assert!(!built.report.written);
    assert!(
        snapshot_dir(&site.out()) == before,
        "the output changed after a failed build"
    );
}

#[test]
fn a_broken_link_in_a_folder_intro_is_reported_too() {
    let site = kb().file(
        "content/faq/_index.md",
        "---\ntitle: FAQ\n---\nStart with [[Instal Guide]].\n",
    );
    let built = site.build();
    assert_eq!(
        at(built.error("unknown-wikilink")),
        "content/faq/_index.md:4:12"
    );
}

// ---------------------------------------------------------------- almanac check

fn check_json(site: &Site) -> (i32, serde_json::Value) {
    let (code, stdout, stderr) = site.run(&["check", "--format", "json", "--today", TODAY]);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"));
    (code, json)
}

#[test]
fn check_json_reports_each_broken_link_as_a_record() {
    let site = linking("Intro.\n\nSee [the guide](../guides/instal.md) now.\n");
    let (code, json) = check_json(&site);
    assert_eq!(code, 1);
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["errors", "warnings", "broken_links", "stale", "summary"] {
        assert!(keys.contains(&key), "missing `{key}` in {json}");
    }
    let links = json["broken_links"].as_array().unwrap();
    assert_eq!(links.len(), 1, "{json}");
    let record = links[0].as_object().unwrap();
    let mut record_keys: Vec<&str> = record.keys().map(String::as_str).collect();
    record_keys.sort_unstable();
    assert_eq!(
        record_keys,
        ["code", "column", "file", "line", "message", "severity", "suggestion"]
    );
    assert_eq!(record["severity"], "error");
    assert_eq!(record["file"], "content/faq/q.md");
    assert_eq!(record["line"], 6);
    assert_eq!(record["column"], 5);
    assert_eq!(record["code"], "missing-page");
    assert_eq!(record["suggestion"], "../guides/install.md");
    assert!(record["message"].as_str().unwrap().contains("instal.md"));
}

#[test]
fn check_json_lists_broken_links_sorted_by_file_and_line() {
    let site = kb()
        .page("guides/z.md", "title: Zed", "[[Nope One]]\n")
        .page(
            "faq/q.md",
            "title: Question",
            "x\n[[Nope Two]]\n[[Nope Three]]\n",
        );
    let (_, json) = check_json(&site);
    let places: Vec<(String, u64)> = json["broken_links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("content/faq/q.md".into(), 5),
            ("content/faq/q.md".into(), 6),
            ("content/guides/z.md".into(), 4)
        ]
    );
}

#[test]
fn check_exits_zero_without_broken_links() {
    let site = linking("See [[Install Guide]] and [it](../guides/install.md#proxy).\n");
    let (code, json) = check_json(&site);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["broken_links"], serde_json::json!([]));
    assert_eq!(json["errors"], serde_json::json!([]));
    assert_eq!(json["summary"]["errors"], 0);
}

#[test]
fn check_writes_no_output_directory() {
    let site = linking("[[Install Guide]]\n");
    let (code, _, _) = site.run(&["check", "--today", TODAY]);
    assert_eq!(code, 0);
    assert!(!site.out().exists());
    let (code, _, _) = site.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(code, 0);
    assert!(!site.out().exists());
}

#[test]
fn check_text_prints_the_error_with_its_location() {
    let site = linking("Intro.\n\nSee [the guide](../guides/instal.md) now.\n");
    let (code, stdout, _) = site.run(&["check", "--today", TODAY]);
    assert_eq!(code, 1);
    assert!(stdout.contains("error[missing-page]"), "{stdout}");
    assert!(stdout.contains("--> content/faq/q.md:6:5"), "{stdout}");
    assert!(
        stdout.contains("did you mean `../guides/install.md`?"),
        "{stdout}"
    );
}

// ------------------------------------------- links outside page bodies

/// An EOL notice for acme 2 whose `replacement:` and `migration:` are `fields`.
fn eol_notice(fields: &str) -> Site {
    kb().page(
        "eol/acme-2.md",
        &format!("title: Acme Cloud 2 end of life\nproduct: acme\neol_date: 2026-06-30\ncycle: \"2\"\n{fields}"),
        "Upgrade.\n",
    )
}

#[test]
fn eol_replacement_and_migration_links_resolve_like_body_links() {
    // (fields, expected href of the replacement, expected href of the migration guide)
    for (fields, replacement, migration) in [
        (
            "replacement: tessera\nmigration: ../guides/install.md",
            r#"href="/products/tessera/">Tessera Sync</a>"#,
            r#"href="/guides/install/">Install Guide</a>"#,
        ),
        (
            "replacement: \"[[Configure]]\"\nmigration: \"[[Install Guide#Proxy]]\"",
            r#"href="/guides/configure/">Configure</a>"#,
            r#"href="/guides/install/#proxy">Install Guide</a>"#,
        ),
        (
            "replacement: /guides/configure/\nmigration: https://example.com/upgrade",
            r#"href="/guides/configure/">Configure</a>"#,
            r#"href="https://example.com/upgrade">https://example.com/upgrade</a>"#,
        ),
    ] {
        let site = eol_notice(fields);
        let html = site.build_ok().main("/eol/acme-2/");
        assert!(html.contains(replacement), "{fields}: {html}");
        assert!(html.contains(migration), "{fields}: {html}");
    }
    // The migration guide lists the notice among the pages that link to it.
    let site = eol_notice("migration: ../guides/install.md");
    assert!(site.build_ok().main("/guides/install/").contains("/eol/acme-2/"));
}

#[test]
fn a_broken_eol_link_is_an_error_at_the_fields_value() {
    // (fields, code, location): front matter starts on line 2, so `replacement`
    // on its own fifth line is file line 6.
    for (fields, code, location) in [
        ("replacement: tesera", "missing-file", "content/eol/acme-2.md:6:14"),
        ("replacement: \"[[Configur]]\"", "unknown-wikilink", "content/eol/acme-2.md:6:15"),
        ("replacement: tessera\nmigration: ../guides/upgrade.md", "missing-page", "content/eol/acme-2.md:7:12"),
        ("migration:   '../guides/install.md#nope'", "missing-anchor", "content/eol/acme-2.md:6:15"),
    ] {
        let site = eol_notice(fields);
        let built = site.build();
        assert!(!built.report.written, "{fields}");
        let e = built.error(code);
        assert_eq!(at(e), location, "{fields}");
    }
}

/// A product file in endoflife.date's format with `overview` as its body
/// (front matter of 5 lines, so the body's first line is file line 7).
fn product_with_overview(overview: &str) -> Site {
    kb().file(
        "content/products/widget.md",
        &format!("---\ntitle: Widget\npermalink: /widget\nreleases:\n  - releaseCycle: \"1\"\n---\n{overview}"),
    )
}

#[test]
fn product_overview_links_are_resolved_and_checked() {
    // (overview, expected in the product page's HTML)
    for (overview, expected) in [
        ("See [the guide](../guides/install.md).\n", r#"<a href="/guides/install/">the guide</a>"#),
        ("See [[Configure]].\n", r#"<a href="/guides/configure/">Configure</a>"#),
        // endoflife.date links products as `/id`: to the site's page when it has it…
        ("Replaced by [Acme](/acme).\n", r#"<a href="/products/acme/">Acme</a>"#),
        // …and to endoflife.date when it does not.
        ("Runs on [MySQL](/mysql).\n", r#"<a href="https://endoflife.date/mysql">MySQL</a>"#),
    ] {
        let site = product_with_overview(overview);
        let html = site.build_ok().main("/products/widget/");
        assert!(html.contains(expected), "{overview}: {html}");
    }
    // A product file that is not endoflife.date's has no such fallback.
    let site = kb().file(
        "content/products/gadget.md",
        "---\ntitle: Gadget\nreleases:\n  - releaseCycle: \"1\"\n---\nSee [MySQL](/mysql).\n",
    );
    assert_eq!(at(site.build().error("missing-file")), "content/products/gadget.md:6:5");
}

#[test]
fn a_broken_product_overview_link_is_located_in_the_product_file() {
    let site = product_with_overview("Intro.\n\nSee [setup](../guides/setup.md) and [[Nothing here]].\n");
    let built = site.build();
    assert!(!built.report.written);
    assert_eq!(at(built.error("missing-page")), "content/products/widget.md:9:5");
    assert_eq!(at(built.error("unknown-wikilink")), "content/products/widget.md:9:37");
}
