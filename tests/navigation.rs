//! Issue 3, navigation: backlinks, related pages, sidebar, breadcrumbs,
//! previous/next, tags, alias redirects, sitemap, robots.txt, 404 and sites
//! hosted under a base path.

mod common;
use common::*;

const PRODUCTS: &str = TWO_PRODUCTS;

fn with_products() -> Site {
    Site::new().file("content/products.yaml", PRODUCTS)
}

/// The text between the first `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in:\n{html}"));
    let rest = &html[from..];
    let to = rest
        .find(end)
        .unwrap_or_else(|| panic!("no `{end}` after `{start}`"));
    &rest[..to]
}

/// Position of `needle` in `haystack`, panicking with context when absent.
fn pos(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("no `{needle}` in:\n{haystack}"))
}

/// Every `href="…"` and `src="…"` value in `html`.
fn urls_in(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\"", "data-index=\""] {
        for (i, _) in html.match_indices(attr) {
            let value = &html[i + attr.len()..];
            found.push(value[..value.find('"').unwrap()].to_string());
        }
    }
    found
}

// ---------------------------------------------------------------- backlinks and related pages

#[test]
fn a_page_lists_the_pages_that_link_to_it_under_referenced_by() {
    let site = with_products()
        .page("guides/target.md", "title: Target", "Body.\n")
        .page("faq/a.md", "title: Asker", "See [[Target]].\n")
        .page("guides/b.md", "title: Bee", "See [t](target.md).\n")
        .page("guides/c.md", "title: Sea", "No links.\n");
    let built = site.build_ok();
    let html = built.page("/guides/target/");
    let section = between(&html, "<h2>Referenced by</h2>", "</section>");
    assert!(
        section.contains(r#"<a href="/faq/a/">Asker</a>"#),
        "{section}"
    );
    assert!(
        section.contains(r#"<a href="/guides/b/">Bee</a>"#),
        "{section}"
    );
    assert!(!section.contains("Sea"), "{section}");
    assert!(
        !built.page("/guides/c/").contains("Referenced by"),
        "a page nobody links to has no backlinks"
    );
}

#[test]
fn the_link_graph_records_links_in_both_directions() {
    let site = with_products()
        .page("guides/target.md", "title: Target", "Body.\n")
        .page(
            "faq/a.md",
            "title: Asker",
            "[[Target]] twice: [[Target]].\n",
        );
    let analysis = site.analyse();
    let id = |url: &str| {
        analysis
            .site
            .pages
            .iter()
            .position(|p| p.url == url)
            .unwrap()
    };
    let (asker, target) = (id("/faq/a/"), id("/guides/target/"));
    assert_eq!(
        analysis.graph.outgoing[asker],
        [target],
        "distinct targets only"
    );
    assert_eq!(analysis.graph.incoming[target], [asker]);
    assert!(analysis.graph.incoming[asker].is_empty());
}

#[test]
fn related_pages_share_the_product_and_are_ranked_by_shared_tags() {
    let site = with_products()
        .page(
            "guides/a.md",
            "title: Alpha\nproduct: acme\ntags: [proxy, tls]",
            "A.\n",
        )
        .page(
            "guides/b.md",
            "title: Bravo\nproduct: acme\ntags: [proxy, tls]",
            "B.\n",
        )
        .page(
            "guides/c.md",
            "title: Charlie\nproduct: acme\ntags: [proxy]",
            "C.\n",
        )
        .page(
            "guides/d.md",
            "title: Delta\nproduct: tessera\ntags: [proxy, tls]",
            "D.\n",
        )
        .page(
            "guides/e.md",
            "title: Echo\nproduct: acme\ntags: [billing]",
            "E.\n",
        );
    let html = site.build_ok().page("/guides/a/");
    let related = between(&html, "<h2>Related pages</h2>", "</section>");
    assert!(
        pos(related, "Bravo") < pos(related, "Charlie"),
        "two shared tags rank above one: {related}"
    );
    for other_product_or_no_shared_tag in ["Delta", "Echo", "Alpha"] {
        assert!(
            !related.contains(other_product_or_no_shared_tag),
            "{related}"
        );
    }
}

#[test]
fn related_pages_of_the_same_title_and_score_come_in_page_order() {
    // Ties of score and title used to come in hash-map order: two builds of the
    // same site could list different related pages.
    let mut site = with_products().page(
        "guides/a.md",
        "title: Alpha\nproduct: acme\ntags: [proxy]",
        "A.\n",
    );
    for n in 1..=7 {
        site = site.page(
            &format!("guides/s{n}.md"),
            "title: Same title\nproduct: acme\ntags: [proxy]",
            "S.\n",
        );
    }
    let html = site.build_ok().page("/guides/a/");
    let related = between(&html, "<h2>Related pages</h2>", "</section>");
    let hrefs: Vec<String> = urls_in(related);
    assert_eq!(
        hrefs,
        [
            "/guides/s1/",
            "/guides/s2/",
            "/guides/s3/",
            "/guides/s4/",
            "/guides/s5/"
        ],
        "{related}"
    );
}

// ---------------------------------------------------------------- sidebar, breadcrumbs, prev/next, toc

fn acme_section() -> Site {
    with_products()
        .file(
            "content/guides/_index.md",
            "---\ntitle: All guides\n---\nIntro.\n",
        )
        .page(
            "guides/acme/second.md",
            "title: Second\nproduct: acme\nweight: 2",
            "## Step one\n\nx\n\n### Detail\n\ny\n",
        )
        .page(
            "guides/acme/first.md",
            "title: First\nproduct: acme\nweight: 1",
            "x\n",
        )
        .page("guides/acme/beta.md", "title: Beta\nproduct: acme", "x\n")
        .page("guides/acme/alpha.md", "title: Alpha\nproduct: acme", "x\n")
        .page(
            "guides/tessera/other.md",
            "title: Other product page\nproduct: tessera",
            "x\n",
        )
}

#[test]
fn the_sidebar_lists_the_pages_siblings_by_weight_then_title_and_marks_the_current_page() {
    let html = acme_section().build_ok().page("/guides/acme/second/");
    let sidebar = between(&html, "<nav id=\"sidebar\"", "</nav>");
    let order: Vec<usize> = ["First", "Second", "Alpha", "Beta"]
        .iter()
        .map(|t| pos(sidebar, &format!(">{t}</a>")))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "order weight 1, weight 2, Alpha, Beta: {sidebar}"
    );
    assert!(
        sidebar.contains(r#"<a href="/guides/acme/second/" aria-current="page">Second</a>"#),
        "{sidebar}"
    );
    assert_eq!(
        sidebar.matches("aria-current=\"page\"").count(),
        1,
        "{sidebar}"
    );
    assert!(
        !sidebar.contains("Other product page"),
        "closed folders stay closed: {sidebar}"
    );
}

#[test]
fn breadcrumbs_lead_from_home_through_each_folder() {
    let html = acme_section().build_ok().page("/guides/acme/alpha/");
    let crumbs = between(&html, "<nav class=\"breadcrumbs\"", "</nav>");
    assert!(
        crumbs.contains(
            r#"<li><a href="/">Home</a></li><li><a href="/guides/">All guides</a></li><li><a href="/guides/acme/">Acme Cloud</a></li>"#
        ),
        "{crumbs}"
    );
}

#[test]
fn previous_and_next_follow_the_folder_order() {
    let site = acme_section();
    let built = site.build_ok();
    let html = built.page("/guides/acme/second/");
    assert!(
        html.contains(r#"<a rel="prev" href="/guides/acme/first/"><span>Previous</span>First</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a rel="next" href="/guides/acme/alpha/"><span>Next</span>Alpha</a>"#),
        "{html}"
    );
    let first = built.page("/guides/acme/first/");
    assert!(
        !first.contains(r#"<a rel="prev""#),
        "the first page has no previous page"
    );
    assert!(
        !built
            .page("/guides/acme/beta/")
            .contains(r#"<a rel="next""#),
        "the last page has no next page"
    );
}

#[test]
fn the_table_of_contents_lists_level_two_and_three_headings() {
    let html = acme_section().build_ok().page("/guides/acme/second/");
    let toc = between(&html, "<aside class=\"toc\"", "</aside>");
    assert!(
        toc.contains(r##"<li><a href="#step-one">Step one</a></li>"##),
        "{toc}"
    );
    assert!(
        toc.contains(r##"<li class="toc-level-3"><a href="#detail">Detail</a></li>"##),
        "{toc}"
    );
}

// ---------------------------------------------------------------- tags

#[test]
fn a_tag_page_lists_by_weight_then_title_ignoring_case_then_url() {
    // Titles compare lower-cased, so `beta` comes between `Alpha` and `Zeta`,
    // and non-ASCII titles after ASCII ones by code point (å < é); two pages of
    // one title in URL order; a weight comes before every unweighted page.
    let titles = [
        ("w", "Zulu weighted", Some(5)),
        ("b", "beta", None),
        ("a", "Alpha", None),
        ("z", "Zeta", None),
        ("e2", "Émile", None),
        ("e1", "éclair", None),
        ("an", "Ångström", None),
        ("d2", "Duplicate", None),
        ("d1", "DUPLICATE", None),
    ];
    let mut site = with_products();
    for (file, title, weight) in titles {
        let weight = weight.map_or(String::new(), |w| format!("\nweight: {w}"));
        site = site.page(
            &format!("guides/{file}.md"),
            &format!("title: {title}{weight}\ntags: [order]"),
            "x\n",
        );
    }
    let page = site.build_ok().page("/tags/order/");
    let expected = ["w", "a", "b", "d1", "d2", "z", "an", "e1", "e2"];
    let at: Vec<usize> = expected
        .iter()
        .map(|file| pos(&page, &format!("href=\"/guides/{file}/\"")))
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "order {expected:?}: {page}"
    );
}

#[test]
fn each_tag_has_a_page_and_the_tag_index_lists_every_tag() {
    let site = with_products()
        .page(
            "guides/a.md",
            "title: Alpha\ntags: [Getting Started, proxy]",
            "A.\n",
        )
        .page("faq/b.md", "title: Bravo\ntags: [proxy]", "B.\n")
        .page("guides/c.md", "title: Charlie", "C.\n");
    let built = site.build_ok();
    let proxy = built.page("/tags/proxy/");
    assert!(proxy.contains(r#"href="/guides/a/">Alpha</a>"#), "{proxy}");
    assert!(proxy.contains(r#"href="/faq/b/">Bravo</a>"#), "{proxy}");
    assert!(!proxy.contains("Charlie"), "{proxy}");
    let started = built.page("/tags/getting-started/");
    assert!(
        started.contains("Alpha") && !started.contains("Bravo"),
        "{started}"
    );
    let index = built.page("/tags/");
    assert!(
        index.contains(r#"href="/tags/proxy/">proxy</a>"#),
        "{index}"
    );
    assert!(
        index.contains(r#"href="/tags/getting-started/">Getting Started</a>"#),
        "{index}"
    );
    assert!(index.contains("2 pages"), "{index}");
    let page = built.page("/guides/a/");
    assert!(
        page.contains(r#"<a href="/tags/getting-started/">Getting Started</a>"#),
        "{page}"
    );
}

// ---------------------------------------------------------------- aliases

#[test]
fn an_alias_writes_a_redirect_page_at_the_old_url() {
    let site = with_products().page(
        "guides/new-home.md",
        "title: New home\naliases: [/guides/old-home/, /legacy/page/]",
        "x\n",
    );
    let built = site.build_ok();
    for old in ["/guides/old-home/", "/legacy/page/"] {
        let html = built.page(old);
        assert!(
            html.contains(r#"<meta http-equiv="refresh" content="0; url=/guides/new-home/">"#),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<link rel="canonical" href="https://docs.example.com/guides/new-home/">"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="/guides/new-home/">New home</a>"#),
            "{html}"
        );
    }
}

#[test]
fn a_link_to_a_moved_pages_old_url_still_works() {
    let site = with_products()
        .page(
            "guides/new-home.md",
            "title: New home\naliases: [/guides/old-home/]",
            "## Details\n\nx\n",
        )
        .page(
            "faq/q.md",
            "title: Q",
            "[old](/guides/old-home/) and [older](../guides/old-home/#details)\n",
        );
    let built = site.build();
    assert!(built.errors().is_empty(), "{:#?}", built.report.diagnostics);
    let html = built.page("/faq/q/");
    assert!(
        html.contains(r#"<a href="/guides/new-home/">old</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r##"<a href="/guides/new-home/#details">older</a>"##),
        "{html}"
    );
}

// ---------------------------------------------------------------- sitemap, robots, 404

#[test]
fn the_sitemap_lists_pages_with_lastmod_from_their_dates() {
    let site = with_products()
        .page(
            "guides/updated.md",
            "title: U\ndate: 2026-01-05\nupdated: 2026-03-01",
            "x\n",
        )
        .page(
            "guides/reviewed.md",
            "title: R\nreviewed: 2026-02-02",
            "x\n",
        )
        .page("guides/dated.md", "title: D\ndate: 2025-12-24", "x\n")
        .page("guides/undated.md", "title: N", "x\n");
    let built = site.build_ok();
    let xml = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    for line in [
        "<url><loc>https://docs.example.com/guides/updated/</loc><lastmod>2026-03-01</lastmod></url>",
        "<url><loc>https://docs.example.com/guides/reviewed/</loc><lastmod>2026-02-02</lastmod></url>",
        "<url><loc>https://docs.example.com/guides/dated/</loc><lastmod>2025-12-24</lastmod></url>",
        "<url><loc>https://docs.example.com/guides/undated/</loc></url>",
        "<url><loc>https://docs.example.com/</loc></url>",
    ] {
        assert!(xml.contains(line), "missing {line} in:\n{xml}");
    }
    assert!(!xml.contains("/health/"), "{xml}");
    assert!(built.exists("/sitemap.xml"));
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let site = with_products().page("guides/a.md", "title: A", "x\n");
    site.build_ok();
    let robots = std::fs::read_to_string(site.out().join("robots.txt")).unwrap();
    assert!(robots.contains("User-agent: *"), "{robots}");
    assert!(
        robots.contains("Sitemap: https://docs.example.com/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn a_404_page_is_written() {
    let site = with_products().page("guides/a.md", "title: A", "x\n");
    let html = site.build_ok().page("/404.html");
    assert!(html.contains("<h1>Page not found</h1>"), "{html}");
    assert!(
        html.contains(r#"<meta name="robots" content="noindex">"#),
        "{html}"
    );
}

#[test]
fn pages_have_an_absolute_canonical_url() {
    let site = with_products().page("guides/a.md", "title: A", "x\n");
    let html = site.build_ok().page("/guides/a/");
    assert!(
        html.contains(r#"<link rel="canonical" href="https://docs.example.com/guides/a/">"#),
        "{html}"
    );
}

// ---------------------------------------------------------------- base path

fn under_docs() -> Site {
    with_products()
        .file("static/img/x.png", "PNG")
        .page("guides/install.md", "title: Install\nproduct: acme\ntags: [setup]\naliases: [/guides/old-install/]", "## Proxy\n\nx\n")
        .page("guides/z.md", "title: Zed\nproduct: acme\ntags: [setup]", "Link back to [[Install]].\n")
        .page(
            "faq/q.md",
            "title: Question\nproduct: acme\ntags: [setup]",
            "See [install](../guides/install.md#proxy), [[Install]], [all guides](../guides/_index.md), \
             ![x](/img/x.png), [external](https://example.org/).\n",
        )
        .page("releases/acme/3-2-0.md", "title: Acme 3.2.0\nproduct: acme\nversion: 3.2.0\ndate: 2026-10-14", "x\n")
        .base_url("https://example.com/docs/")
}

#[test]
fn under_a_base_path_every_link_and_asset_on_a_page_starts_with_it() {
    let site = under_docs();
    let built = site.build_ok();
    let html = built.page("/faq/q/");
    assert!(
        html.contains(r#"<link rel="stylesheet" href="/docs/style.css">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/docs/guides/install/#proxy">install</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/docs/guides/install/">Install</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/docs/guides/">all guides</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"<img src="/docs/img/x.png""#), "{html}");
    assert!(
        html.contains(r#"<a href="https://example.org/">external</a>"#),
        "{html}"
    );
    assert!(!html.contains("href=\"/guides"), "{html}");
    for url in urls_in(&html) {
        let ok = url.starts_with("/docs/") || url.starts_with('#') || url.starts_with("https://");
        assert!(ok, "`{url}` does not start with /docs/");
    }
}

#[test]
fn under_a_base_path_generated_pages_keep_the_prefix_too() {
    let site = under_docs();
    let built = site.build_ok();
    for url in [
        "/",
        "/guides/",
        "/tags/setup/",
        "/tags/",
        "/products/acme/",
        "/404.html",
        "/health/",
        "/releases/",
    ] {
        let html = built.page(url);
        for link in urls_in(&html) {
            let ok =
                link.starts_with("/docs/") || link.starts_with('#') || link.starts_with("https://");
            assert!(ok, "{url}: `{link}` does not start with /docs/");
        }
    }
}

#[test]
fn under_a_base_path_canonical_sitemap_feed_and_redirects_are_absolute_with_the_path() {
    let site = under_docs();
    let built = site.build_ok();
    assert!(built
        .page("/faq/q/")
        .contains(r#"<link rel="canonical" href="https://example.com/docs/faq/q/">"#));
    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.com/docs/faq/q/</loc>"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("<loc>https://example.com/faq/"),
        "{sitemap}"
    );
    let robots = std::fs::read_to_string(site.out().join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.com/docs/sitemap.xml"),
        "{robots}"
    );
    let feed = std::fs::read_to_string(site.out().join("releases/feed.xml")).unwrap();
    assert!(
        feed.contains(r#"<link href="https://example.com/docs/releases/acme/3-2-0/"/>"#),
        "{feed}"
    );
    assert!(
        feed.contains(r#"<link rel="self" href="https://example.com/docs/releases/feed.xml"/>"#),
        "{feed}"
    );
    let redirect = built.page("/guides/old-install/");
    assert!(
        redirect.contains(r#"content="0; url=/docs/guides/install/""#),
        "{redirect}"
    );
    assert!(
        redirect
            .contains(r#"<link rel="canonical" href="https://example.com/docs/guides/install/">"#),
        "{redirect}"
    );
    // Output paths stay relative to the output folder: the server maps /docs/ to it.
    assert!(built.exists("/guides/install/") && !built.exists("/docs/guides/install/"));
}

#[test]
fn long_listings_are_split_into_numbered_pages() {
    let mut site = Site::new();
    for i in 0..230 {
        site = site.page(
            &format!("guides/g{i:03}.md"),
            &format!("title: Guide {i:03}\ntags: [bulk]"),
            "Body.",
        );
    }
    let built = site.build_ok();
    let first = built.main("/guides/");
    assert!(
        first.contains("Guide 000") && first.contains("Guide 099") && !first.contains("Guide 100"),
        "100 per page"
    );
    assert!(
        first.contains("Page 1 of 3") && first.contains(r#"<a rel="next" href="/guides/page/2/">"#)
    );
    let last = built.main("/guides/page/3/");
    assert!(
        last.contains("Guide 229")
            && last.contains("Page 3 of 3")
            && last.contains(r#"<a rel="prev" href="/guides/page/2/">"#)
    );
    assert!(!last.contains("rel=\"next\""));
    assert!(
        built.main("/tags/bulk/page/3/").contains("Guide 229"),
        "tag pages paginate too"
    );
    let small = Site::fixture("basic");
    let built = small.build_ok();
    assert!(
        !built.main("/guides/").contains("class=\"pagination\""),
        "short listings have no pager"
    );
}
