//! What the `basic` fixture renders to, pinned by snapshots: one page of each kind
//! (its `<main>`; the guide once as a whole page), the product overview with its
//! support matrix, the sitemap and the release feed. A change to any of them shows
//! as a diff under `tests/snapshots/` (see `tests/common/snapshots.rs`).

mod common;
use common::snapshots::{snapshot, tidy_html};
use common::*;

#[test]
fn a_guide_as_a_whole_page() {
    let site = Site::fixture("basic");
    let built = site.build_ok();
    snapshot!("guide_page", built.page("/guides/install/"));
}

#[test]
fn the_main_part_of_a_page_of_each_kind() {
    let site = Site::fixture("basic");
    let built = site.build_ok();
    common::snapshots::each(
        [
            ("guide_main", "/guides/configure/"),
            ("faq_main", "/faq/general/"),
            ("release_main", "/releases/3-0-0/"),
            ("eol_main", "/eol/acme-2/"),
            ("product_main", "/products/acme/"),
        ]
        .map(|(name, url)| (name.to_string(), url)),
        |name, url| {
            insta::with_settings!({
                description => format!("the <main> of {url}, blank lines dropped"),
                omit_expression => true,
            }, {
                snapshot!(name, tidy_html(&built.main(url)));
            });
        },
    );
}

#[test]
fn the_sitemap() {
    let site = Site::fixture("basic");
    site.build_ok();
    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    snapshot!("sitemap", sitemap);
}

#[test]
fn the_release_feed_escapes_titles_and_summaries() {
    let site = Site::fixture("basic").page(
        "releases/3-10-1.md",
        "title: Acme Cloud 3.10.1 <hotfix>\nproduct: acme\nversion: \"3.10.1\"\ndate: 2026-11-22\ndescription: Fixes \"sync\" & <login> on Windows.",
        "Fixed.\n",
    );
    site.build_ok();
    let feed = std::fs::read_to_string(site.out().join("releases/feed.xml")).unwrap();
    snapshot!("release_feed", feed);
}
