//! "Edit this page" and "Report a problem with this page" (`edit_url`, `issue_url`),
//! and the "Was this page helpful?" block (`feedback.endpoint`): on the pages they
//! belong to, filled in and escaped, and absent when the site does not ask for them.

mod common;
use common::*;

fn site(config_extra: &str) -> Site {
    Site::new()
        .file(
            "almanac.yaml",
            &format!("title: Test Site\nbase_url: https://docs.example.com/\n{config_extra}"),
        )
        .file("content/products.yaml", TWO_PRODUCTS)
        .page(
            "guides/acme/install notes.md",
            "title: Install & \"upgrade\" <Acme>\nslug: install",
            "x\n",
        )
        .page("faq/billing.md", "title: Billing", "## Who pays?\n\nYou.\n")
        .page(
            "releases/acme-3.md",
            "title: Acme 3.2\nproduct: acme\nversion: \"3.2.0\"\ndate: 2026-10-14",
            "x\n",
        )
}

const LINKS: &str = "edit_url: https://github.com/acme/docs/edit/main/{path}\nissue_url: \"https://github.com/acme/docs/issues/new?title=Problem+with+{title}&body={url}+({path})\"\n";

#[test]
fn every_page_links_to_its_source_and_to_a_prefilled_issue() {
    let site = site(LINKS);
    let built = site.build_ok();
    let page = built.page("/guides/acme/install/");
    let actions = between(&page, "<p class=\"page-actions\">", "</p>");
    assert!(
        actions.contains("<a href=\"https://github.com/acme/docs/edit/main/content/guides/acme/install%20notes.md\">Edit this page</a>"),
        "{actions}"
    );
    assert!(
        actions.contains("href=\"https://github.com/acme/docs/issues/new?title=Problem+with+Install%20%26%20%22upgrade%22%20%3CAcme%3E&amp;body=https%3A%2F%2Fdocs.example.com%2Fguides%2Facme%2Finstall%2F+(content/guides/acme/install%20notes.md)\">Report a problem with this page</a>"),
        "the title and URL are URL-encoded, the `&` of the template HTML-escaped: {actions}"
    );
    for url in ["/faq/billing/", "/releases/acme-3/"] {
        assert!(
            built
                .page(url)
                .contains("<p class=\"page-actions\"><a href=\"https://github.com/acme/docs/edit/"),
            "{url}"
        );
    }
}

#[test]
fn without_the_settings_there_are_no_links_and_no_feedback_block() {
    let built_site = site("");
    let built = built_site.build_ok();
    for url in ["/guides/acme/install/", "/faq/billing/"] {
        let page = built.page(url);
        assert!(!page.contains("page-actions"), "{url}");
        assert!(!page.contains("class=\"feedback\""), "{url}");
        assert!(!page.contains("Was this page helpful?"), "{url}");
    }
}

#[test]
fn guides_and_faqs_end_with_an_accessible_feedback_block_hidden_until_the_script_runs() {
    let site = site("feedback:\n  endpoint: https://feedback.example.com/votes?site=docs&v=1\n");
    let built = site.build_ok();
    let guide = built.page("/guides/acme/install/");
    let block = between(&guide, "<section class=\"feedback\"", "</section>");
    assert!(
        block.contains(" hidden data-endpoint="),
        "hidden without JavaScript: {block}"
    );
    assert!(
        block.contains("data-endpoint=\"https://feedback.example.com/votes?site=docs&amp;v=1\""),
        "{block}"
    );
    assert!(
        block.contains("data-page=\"/guides/acme/install/\""),
        "{block}"
    );
    assert!(
        !block.contains("data-version"),
        "a page without dates has no version: {block}"
    );
    assert!(
        block.contains("aria-labelledby=\"feedback-title\""),
        "{block}"
    );
    assert!(
        block.contains("<h2 id=\"feedback-title\">Was this page helpful?</h2>"),
        "{block}"
    );
    assert!(
        block.contains(
            "<button type=\"button\" class=\"feedback-choice\" data-helpful=\"true\">Yes</button>"
        ),
        "{block}"
    );
    assert!(
        block.contains(
            "<button type=\"button\" class=\"feedback-choice\" data-helpful=\"false\">No</button>"
        ),
        "{block}"
    );
    assert!(
        block.contains("<label for=\"feedback-comment\">")
            && block.contains("<textarea id=\"feedback-comment\""),
        "{block}"
    );
    assert!(
        block.contains("<p class=\"feedback-status\" role=\"status\"></p>"),
        "{block}"
    );
    assert!(
        guide.find("class=\"feedback\"") > guide.find("<div class=\"content\">"),
        "the block ends the page, after its content"
    );
    let faq = built.page("/faq/billing/");
    assert!(faq.contains("<section class=\"feedback\""));
    assert!(
        !built
            .page("/releases/acme-3/")
            .contains("class=\"feedback\""),
        "release notes ask nothing"
    );
    let dated = site.file(
        "content/faq/billing.md",
        "---\ntitle: Billing\nupdated: 2026-11-02\n---\nx\n",
    );
    assert!(dated
        .build_ok()
        .page("/faq/billing/")
        .contains("data-version=\"2026-11-02\""));
}

#[test]
fn the_theme_script_sends_the_documented_payload_without_cookies() {
    let script = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/almanac.js"),
    )
    .unwrap();
    let feedback = between(&script, "function initFeedback()", "\n  }\n");
    for needle in [
        "url: window.location.href.split(\"#\")[0]",
        "page: block.getAttribute(\"data-page\")",
        "helpful: helpful",
        "comment: comment.value.trim()",
        "version: block.getAttribute(\"data-version\")",
        "\"Content-Type\": \"application/json\"",
        "credentials: \"omit\"",
        "block.hidden = false",
    ] {
        assert!(feedback.contains(needle), "initFeedback lacks `{needle}`");
    }
    assert!(!script.contains("document.cookie") && !feedback.contains("localStorage"));
}

#[test]
fn link_templates_and_the_endpoint_are_checked_where_they_are_written() {
    // (almanac.yaml lines, the error's location, words of its message)
    let cases = [
        (
            "edit_url: https://x.test/edit/{pth}\n",
            "almanac.yaml:3:31",
            "an unknown placeholder `{pth}`",
        ),
        (
            "edit_url: https://x.test/edit\n",
            "almanac.yaml:3:11",
            "no `{path}`",
        ),
        (
            "issue_url: \"https://x.test/new?t={title\"\n",
            "almanac.yaml:3:34",
            "never closed",
        ),
        (
            "feedback:\n  endpoint: mailto:docs@example.com\n",
            "almanac.yaml:4:13",
            "must be a URL",
        ),
        (
            "feedback:\n  endpont: https://x.test\n",
            "almanac.yaml:4:3",
            "unknown field `endpont`",
        ),
        (
            "dates:\n  from_gti: true\n",
            "almanac.yaml:4:3",
            "unknown field `from_gti`",
        ),
    ];
    let mut mismatches = Vec::new();
    for (extra, location, words) in cases {
        let built_site = site(extra);
        let built = built_site.build();
        let found = built.errors().first().map(|e| (at(e), e.message.clone()));
        match found {
            Some((at, message)) if at == location && message.contains(words) => {}
            other => mismatches.push(format!(
                "{extra:?}: want {location} `{words}`, got {other:?}"
            )),
        }
    }
    assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n"));
}
