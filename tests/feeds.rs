//! The announcement feeds (Atom 1.0 and JSON Feed 1.1), read back with a real feed
//! parser as readers read them, and what page heads tell machines: OpenGraph and
//! Twitter meta, canonical links, feed discovery, an FAQ's schema.org JSON-LD.

mod common;
use common::*;

use feed_rs::model::{Feed, FeedType};

/// The `basic` fixture with a second product, a release note whose body links
/// around the site, a title that needs escaping, a deprecation (and one
/// scheduled for later), and an author.
fn announcing_site() -> Site {
    Site::fixture("basic")
        .file(
            "almanac.yaml",
            "title: Basic Docs\nbase_url: https://docs.example.com/\nauthor: {name: Acme Docs Team, email: docs@acme.example, uri: https://acme.example/}\n",
        )
        .file(
            "content/products.yaml",
            &format!(
                "{}  - id: tessera\n    name: Tessera Sync\n    releases:\n      - releaseCycle: \"5\"\n        releaseDate: 2026-07-20\n",
                std::fs::read_to_string(
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("tests/fixtures/basic/content/products.yaml")
                )
                .unwrap()
            ),
        )
        .page(
            "releases/tessera-5-1.md",
            "title: Tessera <Sync> 5.1 \"&\" more\nproduct: tessera\nversion: \"5.1.0\"\ndate: 2026-11-21\nupdated: 2026-11-22\ndescription: Faster <sync>.\ndeprecations:\n  - feature: Legacy <sync> API\n    removal: \"6.0\"\n    migration: ../guides/install.md\n    description: Use the v2 API.\n  - feature: Old relay\n    removal: 2027-06-30\n    date: 2026-12-24",
            "See [the install guide](../guides/install.md), [below](#details) and ![logo](/img/logo.svg).\n\n## Details\n\nText with `code`.\n",
        )
}

const ORIGIN: &str = "https://docs.example.com/";

fn read(site: &Site, path: &str) -> String {
    std::fs::read_to_string(site.out().join(path))
        .unwrap_or_else(|e| panic!("no {path} in the output: {e}"))
}

fn parse(site: &Site, path: &str) -> Feed {
    let text = read(site, path);
    feed_rs::parser::parse(text.as_bytes())
        .unwrap_or_else(|e| panic!("{path} does not parse: {e}\n{text}"))
}

fn ids(feed: &Feed) -> Vec<String> {
    feed.entries.iter().map(|e| e.id.clone()).collect()
}

/// One feed: where it is and the entries (page URLs) it carries, newest first.
struct Case {
    feed: &'static str,
    title: &'static str,
    entries: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        feed: "feed",
        title: "Basic Docs — announcements",
        entries: &[
            "/releases/tessera-5-1/",
            "/releases/tessera-5-1/#deprecation-legacy-sync-api",
            "/releases/3-10-0/",
            "/releases/3-2-0/",
            "/releases/3-0-0/",
            "/eol/acme-2/",
            "/eol/acme-1/",
        ],
    },
    Case {
        feed: "releases/feed",
        title: "Basic Docs — release notes",
        entries: &[
            "/releases/tessera-5-1/",
            "/releases/3-10-0/",
            "/releases/3-2-0/",
            "/releases/3-0-0/",
        ],
    },
    Case {
        feed: "eol/feed",
        title: "Basic Docs — end-of-life notices",
        entries: &["/eol/acme-2/", "/eol/acme-1/"],
    },
    Case {
        feed: "deprecations/feed",
        title: "Basic Docs — deprecations",
        entries: &["/releases/tessera-5-1/#deprecation-legacy-sync-api"],
    },
    Case {
        feed: "products/acme/feed",
        title: "Basic Docs — Acme Cloud announcements",
        entries: &[
            "/releases/3-10-0/",
            "/releases/3-2-0/",
            "/releases/3-0-0/",
            "/eol/acme-2/",
            "/eol/acme-1/",
        ],
    },
    Case {
        feed: "products/tessera/feed",
        title: "Basic Docs — Tessera Sync announcements",
        entries: &[
            "/releases/tessera-5-1/",
            "/releases/tessera-5-1/#deprecation-legacy-sync-api",
        ],
    },
];

/// Every mismatch of every feed in both formats, reported at once.
#[test]
fn every_feed_in_both_formats_carries_its_announcements_newest_first() {
    let site = announcing_site();
    site.build_ok();
    let mut problems = Vec::new();
    for case in CASES {
        for (ext, feed_type) in [("xml", FeedType::Atom), ("json", FeedType::JSON)] {
            let path = format!("{}.{ext}", case.feed);
            let feed = parse(&site, &path);
            let mut check = |ok: bool, what: String| {
                if !ok {
                    problems.push(format!("{path}: {what}"));
                }
            };
            check(
                feed.feed_type == feed_type,
                format!("type {:?}", feed.feed_type),
            );
            let expected: Vec<String> = case
                .entries
                .iter()
                .map(|url| format!("https://docs.example.com{url}"))
                .collect();
            check(ids(&feed) == expected, format!("ids {:?}", ids(&feed)));
            let title = feed.title.as_ref().map(|t| t.content.as_str());
            check(title == Some(case.title), format!("title {title:?}"));
            let authors: Vec<_> = feed.authors.iter().map(|a| a.name.as_deref()).collect();
            check(
                authors == [Some("Acme Docs Team")],
                format!("authors {authors:?}"),
            );
            for entry in &feed.entries {
                let links: Vec<&str> = entry.links.iter().map(|l| l.href.as_str()).collect();
                check(
                    links.first() == Some(&entry.id.as_str()),
                    format!("{}: links {links:?}", entry.id),
                );
                check(
                    entry.published.is_some() && entry.updated >= entry.published,
                    format!(
                        "{}: published {:?}, updated {:?}",
                        entry.id, entry.published, entry.updated
                    ),
                );
                let content = entry.content.as_ref().and_then(|c| c.body.as_deref());
                check(
                    content.is_some_and(|c| c.contains("<p>")),
                    format!("{}: content {content:?}", entry.id),
                );
                let terms: Vec<&str> = entry.categories.iter().map(|c| c.term.as_str()).collect();
                let kind = if entry.id.contains("/eol/") {
                    "eol"
                } else if entry.id.contains("#deprecation-") {
                    "deprecation"
                } else {
                    "release"
                };
                check(
                    terms.contains(&kind)
                        && (terms.contains(&"acme") || terms.contains(&"tessera")),
                    format!("{}: categories {terms:?}", entry.id),
                );
            }
            let newest = feed.entries.iter().filter_map(|e| e.updated).max();
            if feed_type == FeedType::Atom {
                check(
                    feed.updated == newest,
                    format!("updated {:?}", feed.updated),
                );
                check(
                    feed.links.iter().any(|l| {
                        l.rel.as_deref() == Some("self")
                            && l.href == format!("{ORIGIN}{}.xml", case.feed)
                    }),
                    format!("links {:?}", feed.links),
                );
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_entry_has_its_dates_title_summary_and_full_body_with_absolute_links() {
    let site = announcing_site();
    site.build_ok();
    for path in ["feed.xml", "feed.json"] {
        let feed = parse(&site, path);
        let entry = &feed.entries[0];
        assert_eq!(entry.id, "https://docs.example.com/releases/tessera-5-1/");
        assert_eq!(
            entry.title.as_ref().unwrap().content,
            "Tessera <Sync> 5.1 \"&\" more",
            "{path}"
        );
        assert_eq!(
            entry.summary.as_ref().unwrap().content,
            "Faster <sync>.",
            "{path}"
        );
        assert_eq!(
            entry.published.unwrap().to_rfc3339(),
            "2026-11-21T00:00:00+00:00"
        );
        assert_eq!(
            entry.updated.unwrap().to_rfc3339(),
            "2026-11-22T00:00:00+00:00"
        );
        let body = entry.content.as_ref().unwrap().body.as_deref().unwrap();
        for part in [
            r#"<a href="https://docs.example.com/guides/install/">the install guide</a>"#,
            r##"<a href="https://docs.example.com/releases/tessera-5-1/#details">below</a>"##,
            r#"src="https://docs.example.com/img/logo.svg""#,
            "<code>code</code>",
        ] {
            assert!(body.contains(part), "{path}: no {part} in\n{body}");
        }
    }
    // The Atom feed says the body is HTML, escaped once.
    let atom = read(&site, "feed.xml");
    assert!(
        atom.contains(r#"<content type="html" xml:base="https://docs.example.com/releases/tessera-5-1/">&lt;p&gt;See"#),
        "{atom}"
    );
    assert!(atom.contains("<email>docs@acme.example</email>"), "{atom}");
    assert!(atom.contains("<uri>https://acme.example/</uri>"), "{atom}");
}

#[test]
fn a_deprecation_is_an_entry_of_its_own_at_its_anchor_on_the_release_note() {
    let site = announcing_site();
    site.build_ok();
    for path in ["deprecations/feed.xml", "deprecations/feed.json"] {
        let feed = parse(&site, path);
        let entry = &feed.entries[0];
        assert_eq!(
            entry.id,
            "https://docs.example.com/releases/tessera-5-1/#deprecation-legacy-sync-api"
        );
        assert_eq!(entry.links[0].href, entry.id, "{path}");
        assert_eq!(
            entry.title.as_ref().unwrap().content,
            "Tessera Sync: Legacy <sync> API deprecated",
            "{path}"
        );
        assert_eq!(entry.summary.as_ref().unwrap().content, "Use the v2 API.");
        assert_eq!(
            entry.published.unwrap().to_rfc3339(),
            "2026-11-21T00:00:00+00:00"
        );
        let body = entry.content.as_ref().unwrap().body.as_deref().unwrap();
        for part in [
            "<strong>Legacy &lt;sync&gt; API</strong>: Removal in version 6.0",
            r#"Migration guide: <a href="https://docs.example.com/guides/install/">Install Acme Cloud</a>"#,
            r#"in <a href="https://docs.example.com/releases/tessera-5-1/">"#,
        ] {
            assert!(body.contains(part), "{path}: no {part} in\n{body}");
        }
        // The deprecation announced for later is not there yet.
        assert_eq!(feed.entries.len(), 1, "{path}");
    }
    let page = std::fs::read_to_string(site.out().join("deprecations/index.html")).unwrap();
    assert!(page.contains(r#"<link rel="alternate" type="application/atom+xml" title="Basic Docs — deprecations" href="/deprecations/feed.xml">"#));
}

#[test]
fn json_feeds_have_every_required_field() {
    let site = announcing_site();
    site.build_ok();
    for case in CASES {
        let path = format!("{}.json", case.feed);
        let json: serde_json::Value = serde_json::from_str(&read(&site, &path)).unwrap();
        assert_eq!(
            json["version"], "https://jsonfeed.org/version/1.1",
            "{path}"
        );
        assert_eq!(json["title"], case.title, "{path}");
        assert_eq!(json["feed_url"], format!("{ORIGIN}{path}"), "{path}");
        assert!(
            json["home_page_url"].as_str().unwrap().starts_with(ORIGIN),
            "{path}"
        );
        assert_eq!(json["authors"][0]["name"], "Acme Docs Team", "{path}");
        let items = json["items"].as_array().unwrap();
        assert_eq!(items.len(), case.entries.len(), "{path}");
        for item in items {
            for field in [
                "id",
                "url",
                "title",
                "content_html",
                "date_published",
                "date_modified",
            ] {
                assert!(
                    item[field].as_str().is_some_and(|v| !v.is_empty()),
                    "{path}: {field} of {item}"
                );
            }
            assert!(item["url"].as_str().unwrap().starts_with(ORIGIN), "{item}");
            assert!(item["tags"].as_array().is_some_and(|t| !t.is_empty()));
            assert_eq!(item["authors"][0]["name"], "Acme Docs Team");
        }
    }
}

#[test]
fn two_builds_write_the_same_feeds_byte_for_byte() {
    let site = announcing_site();
    site.build_ok();
    let paths: Vec<String> = CASES
        .iter()
        .flat_map(|c| [format!("{}.xml", c.feed), format!("{}.json", c.feed)])
        .collect();
    let first: Vec<String> = paths.iter().map(|p| read(&site, p)).collect();
    let first_ids: Vec<Vec<String>> = paths.iter().map(|p| ids(&parse(&site, p))).collect();
    site.build_ok();
    for (i, path) in paths.iter().enumerate() {
        assert_eq!(ids(&parse(&site, path)), first_ids[i], "{path}");
        assert_eq!(read(&site, path), first[i], "{path}");
    }
}

#[test]
fn a_feed_keeps_its_newest_fifty_announcements() {
    let mut site = Site::fixture("basic");
    for day in 1..=28 {
        for month in [9, 10] {
            site = site.page(
                &format!("releases/r-{month}-{day}.md"),
                &format!(
                    "title: R {month}.{day}\nproduct: acme\nversion: \"3.{month}.{day}\"\ndate: 2026-{month:02}-{day:02}"
                ),
                "x\n",
            );
        }
    }
    site.build_ok();
    let feed = parse(&site, "releases/feed.xml");
    assert_eq!(feed.entries.len(), 50);
    assert_eq!(
        feed.entries[0].id,
        "https://docs.example.com/releases/3-10-0/"
    );
    let dates: Vec<_> = feed.entries.iter().map(|e| e.published.unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn a_scheduled_announcement_enters_the_feeds_on_its_day() {
    let site_at = |today: &str| {
        Site::fixture("basic")
        .today(today)
        .page(
            "releases/3-11-0.md",
            "title: Acme Cloud 3.11.0\nproduct: acme\nversion: \"3.11.0\"\ndate: 2026-12-01",
            "Soon.\n",
        )
        .page(
            "eol/acme-3.md",
            "title: Acme Cloud 3 end of life\nproduct: acme\ncycle: \"3\"\neol_date: 2028-03-01\nannounced: 2026-12-01",
            "Announced on the day.\n",
        )
        .page(
            "releases/3-10-5.md",
            "title: Acme Cloud 3.10.5\nproduct: acme\nversion: \"3.10.5\"\ndate: 2026-11-22\ndeprecations:\n  - feature: Old CLI\n    removal: \"4.0\"\n    date: 2026-12-01",
            "Deprecates later.\n",
        )
    };
    let entry_ids = |today: &str| {
        let site = site_at(today);
        site.build_ok();
        ["feed.xml", "feed.json", "products/acme/feed.xml"]
            .map(|path| ids(&parse(&site, path)).join(" "))
    };
    for feed in entry_ids("2026-11-30") {
        assert!(!feed.contains("3-11-0"), "{feed}");
        assert!(!feed.contains("acme-3/"), "{feed}");
        assert!(!feed.contains("#deprecation-old-cli"), "{feed}");
    }
    for feed in entry_ids("2026-12-01") {
        // Announcements of one day come in file order.
        assert!(
            feed.starts_with(
                "https://docs.example.com/eol/acme-3/ https://docs.example.com/releases/3-10-5/#deprecation-old-cli https://docs.example.com/releases/3-11-0/"
            ),
            "{feed}"
        );
    }
}

#[test]
fn the_demo_feeds_parse_and_link_back_to_the_site() {
    let site = Site::demo();
    site.build_ok();
    let origin = "https://help.acme.example/";
    let mut feeds = vec![
        "feed.xml".to_string(),
        "feed.json".to_string(),
        "releases/feed.xml".to_string(),
        "eol/feed.json".to_string(),
        "deprecations/feed.xml".to_string(),
    ];
    feeds.extend(["acme-cloud", "tessera-sync"].map(|p| format!("products/{p}/feed.xml")));
    for path in feeds {
        let feed = parse(&site, &path);
        assert!(!feed.entries.is_empty(), "{path}");
        for entry in &feed.entries {
            assert!(entry.id.starts_with(origin), "{path}: {}", entry.id);
            let body = entry.content.as_ref().unwrap().body.as_deref().unwrap();
            assert!(
                !body.contains("href=\"/"),
                "{path}: a site-relative link in {}",
                entry.id
            );
        }
    }
}

/// The JSON-LD of a page, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let script = between(html, "<script type=\"application/ld+json\">", "</script>");
    let json = &script["<script type=\"application/ld+json\">".len()..];
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn an_faq_page_describes_its_questions_and_answers_as_schema_org_json_ld() {
    let site = Site::fixture("basic").page(
        "faq/tricky.md",
        "title: Tricky questions\nproduct: acme",
        "Intro.\n\n## Can a title say `</script>`?\n\nYes: `</script><!--` & \"quotes\" stay text.\n\n### A detail\n\nMore text.\n\n## Second?\n\nNo.\n",
    );
    let built = site.build_ok();
    let general = json_ld(&built.page("/faq/general/"));
    assert_eq!(general["@context"], "https://schema.org");
    assert_eq!(general["@type"], "FAQPage");
    assert_eq!(general["url"], "https://docs.example.com/faq/general/");
    let questions: Vec<(&str, &str, &str)> = general["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["@type"].as_str().unwrap(),
                q["name"].as_str().unwrap(),
                q["acceptedAnswer"]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        questions,
        [
            (
                "Question",
                "Which platforms are supported?",
                "Linux, macOS and Windows."
            ),
            ("Question", "How do I get a token?", "From the console."),
        ]
    );
    let html = built.page("/faq/tricky/");
    let head = between(&html, "<head>", "</head>");
    assert_eq!(head.matches("</script>").count(), 2, "{head}");
    let tricky = json_ld(&html);
    assert_eq!(
        tricky["mainEntity"][0]["name"],
        "Can a title say </script>?"
    );
    assert_eq!(
        tricky["mainEntity"][0]["acceptedAnswer"]["text"],
        "Yes: </script><!-- & “quotes” stay text. A detail More text."
    );
    assert_eq!(tricky["mainEntity"][1]["acceptedAnswer"]["text"], "No.");
    // Other kinds have none.
    assert!(!built
        .page("/guides/install/")
        .contains("application/ld+json"));
}

/// The `content` of `<meta property|name="{key}" …>` in `html`, as written.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    let at = html
        .find(&format!("property=\"{key}\" content=\""))
        .or_else(|| html.find(&format!("name=\"{key}\" content=\"")))?;
    let rest = &html[at..];
    let start = rest.find("content=\"")? + "content=\"".len();
    Some(&rest[start..start + rest[start..].find('"')?])
}

#[test]
fn every_page_has_a_canonical_link_and_open_graph_and_twitter_meta() {
    let site = announcing_site();
    site.build_ok();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(site.out()) {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path.strip_prefix(site.out()).unwrap().display().to_string();
        if path.extension().is_none_or(|e| e != "html") || rel == "404.html" {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue; // an alias: a redirect, not a page
        }
        let head = between(&html, "<head>", "</head>");
        for key in [
            "og:title",
            "og:description",
            "og:url",
            "og:type",
            "og:site_name",
            "twitter:card",
        ] {
            if meta(head, key).is_none_or(str::is_empty) {
                problems.push(format!("{rel}: no {key}"));
            }
        }
        // Twitter reads the Open Graph title and description: no copies of them.
        for key in ["twitter:title", "twitter:description"] {
            if meta(head, key).is_some() {
                problems.push(format!("{rel}: {key} repeats og:{}", &key[8..]));
            }
        }
        if head.matches("<link rel=\"canonical\"").count() != 1 {
            problems.push(format!("{rel}: not one canonical link"));
        }
        if meta(head, "og:url").is_some_and(|url| !url.starts_with(ORIGIN)) {
            problems.push(format!("{rel}: og:url not absolute"));
        }
        for discovery in [
            r#"<link rel="alternate" type="application/atom+xml" title="Basic Docs — announcements" href="/feed.xml">"#,
            r#"<link rel="alternate" type="application/feed+json" title="Basic Docs — announcements" href="/feed.json">"#,
        ] {
            if !head.contains(discovery) {
                problems.push(format!("{rel}: no {discovery}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn titles_and_descriptions_in_meta_are_escaped() {
    let site = announcing_site();
    let built = site.build_ok();
    let head = built.page("/releases/tessera-5-1/");
    let head = between(&head, "<head>", "</head>");
    let title = "Tessera &lt;Sync&gt; 5.1 &quot;&amp;&quot; more";
    assert_eq!(meta(head, "og:title"), Some(title));
    assert_eq!(meta(head, "og:description"), Some("Faster &lt;sync&gt;."));
    assert_eq!(meta(head, "og:type"), Some("article"));
    assert_eq!(
        meta(head, "og:url"),
        Some("https://docs.example.com/releases/tessera-5-1/")
    );
    assert!(!head.contains("<Sync>"), "{head}");
    // A page without a description is previewed with the start of its body.
    let configure = built.page("/guides/configure/");
    assert_eq!(
        meta(&configure, "og:description"),
        Some("After you Install Acme Cloud, configure the proxy.")
    );
}

#[test]
fn a_products_pages_and_its_product_page_offer_its_feed_and_kind_listings_theirs() {
    let site = announcing_site();
    let built = site.build_ok();
    let acme = [
        r#"<link rel="alternate" type="application/atom+xml" title="Basic Docs — Acme Cloud announcements" href="/products/acme/feed.xml">"#,
        r#"<link rel="alternate" type="application/feed+json" title="Basic Docs — Acme Cloud announcements" href="/products/acme/feed.json">"#,
    ];
    for url in ["/products/acme/", "/guides/install/", "/releases/3-2-0/"] {
        let page = built.page(url);
        for link in acme {
            assert!(page.contains(link), "{url}: no {link}");
        }
    }
    assert!(!built.page("/releases/tessera-5-1/").contains(acme[0]));
    assert!(built
        .page("/releases/")
        .contains(r#"type="application/atom+xml" title="Basic Docs — release notes" href="/releases/feed.xml">"#));
    assert!(built
        .page("/eol/")
        .contains(r#"type="application/feed+json" title="Basic Docs — end-of-life notices" href="/eol/feed.json">"#));
}
