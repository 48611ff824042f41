//! Issue 12, the notices API: `/api/notices.json` and `/api/products/<id>.json`,
//! for products to show in-app messages. Every flag and day count is as of the
//! build's `--today`.

mod common;
use common::snapshots::snapshot;
use common::*;
use serde_json::{json, Value};

const NOTICES: &str = "/api/notices.json";

/// Nova: cycle 3 supported and LTS since 2026-09-01; cycle 2 ends on 2026-12-15;
/// cycle 1 ended on 2025-06-30. Atlas (declared second, listed first) declares
/// active and extended support, which Nova does not.
const PRODUCTS: &str = r#"products:
  - id: nova
    name: Nova
    releases:
      - releaseCycle: "3"
        releaseDate: 2026-03-02
        eol: 2028-03-01
        latest: "3.10.0"
        latestReleaseDate: 2026-10-14
        lts: 2026-09-01
        link: https://nova.example/changelog/3
      - releaseCycle: "2"
        releaseDate: 2024-09-16
        eol: 2026-12-15
        latest: "2.9.4"
        latestReleaseDate: 2026-11-01
      - releaseCycle: "1"
        releaseDate: 2023-02-01
        eol: 2025-06-30
        latest: "1.8.2"
  - id: atlas
    name: Atlas
    releases:
      - releaseCycle: "1"
        releaseDate: 2025-01-01
        eoas: 2026-01-01
        eol: 2026-12-01
        eoes: 2027-12-01
        codename: Zenith
        releaseLabel: "1 (Zenith)"
"#;

/// What Nova 3.10.0 deprecates: a removal in 4.0 (released 2026-12-01), one on
/// 2026-12-10, and one announced only on 2026-12-05.
const DEPRECATIONS: &str = r#"breaking: true
deprecations:
  - feature: classic dashboard
    removal: "4.0"
    migration: ../../guides/upgrade.md
    description: Replaced by the new dashboard.
  - feature: v1 tokens
    removal: 2026-12-10
  - feature: XML export
    removal: "5.0"
    date: 2026-12-05"#;

/// Release notes whose file names, dates and versions each sort differently:
/// by file name `4-0-0.md` is last (and scheduled), then `4-0-0-rc1.md` (a
/// pre-release), then `3-9-1.md`; by date `2-9-4.md` is the newest out; 3.10.1
/// is yanked; by version, 3.10.0 is the latest release on 2026-11-23.
fn nova() -> Site {
    let release = |version: &str, date: &str, extra: &str| {
        format!(
            "title: Nova {version}\nproduct: nova\nversion: \"{version}\"\ndate: {date}\n{extra}"
        )
    };
    Site::new()
        .file("content/products.yaml", PRODUCTS)
        .page("releases/nova/3-9-1.md", &release("3.9.1", "2026-09-01", ""), "")
        .page(
            "releases/nova/3-10-0.md",
            &release("3.10.0", "2026-10-14", DEPRECATIONS),
            "",
        )
        .page("releases/nova/2-9-4.md", &release("2.9.4", "2026-11-01", ""), "")
        .page(
            "releases/nova/4-0-0-rc1.md",
            &release("4.0.0-rc1", "2026-11-10", ""),
            "",
        )
        .page("releases/nova/4-0-0.md", &release("4.0.0", "2026-12-01", ""), "")
        // Withdrawn: never the latest release.
        .page(
            "releases/nova/3-10-1.md",
            &release("3.10.1", "2026-10-20", "yanked: true"),
            "",
        )
        // Links to the API are checked like links to any generated file.
        .page(
            "guides/upgrade.md",
            "title: Upgrade to Nova 3\nproduct: nova",
            "Products read [the notices](/api/notices.json) or [Nova's](/api/products/nova.json).\n",
        )
        .page(
            "eol/nova-2.md",
            "title: Nova 2 end of life\nproduct: nova\ncycle: \"2\"\neol_date: 2026-12-15\nreplacement: nova\nmigration: ../guides/upgrade.md",
            "",
        )
        .page(
            "eol/nova-1.md",
            "title: Nova 1 end of life\nproduct: nova\ncycle: \"1\"\ncycles: [\"1\", \"0\"]\neol_date: 2025-06-30\nreplacement: \"[[Upgrade to Nova 3]]\"",
            "",
        )
        // Announced on 2026-12-01: not in the API before that day.
        .page(
            "eol/nova-3.md",
            "title: Nova 3 end of life\nproduct: nova\ncycle: \"3\"\ndate: 2026-12-01\neol_date: 2028-03-01",
            "",
        )
        .page(
            "eol/atlas-1.md",
            "title: Atlas 1 end of life\nproduct: atlas\ncycle: \"1\"\neol_date: 2026-12-01\nreplacement: https://atlas.example/next",
            "",
        )
}

/// The item of list `list` in `parent` whose `key` is `value`.
fn item<'a>(parent: &'a Value, list: &str, key: &str, value: &str) -> &'a Value {
    parent[list]
        .as_array()
        .unwrap_or_else(|| panic!("`{list}` is not a list in {parent:#}"))
        .iter()
        .find(|item| item[key] == value)
        .unwrap_or_else(|| panic!("no {list} item with {key} `{value}` in {parent:#}"))
}

/// The product object `id` of `notices.json`.
fn product<'a>(notices: &'a Value, id: &str) -> &'a Value {
    item(notices, "products", "id", id)
}

fn cycle<'a>(product: &'a Value, name: &str) -> &'a Value {
    item(product, "cycles", "name", name)
}

fn notice<'a>(product: &'a Value, title: &str) -> &'a Value {
    item(product, "eolNotices", "title", title)
}

#[test]
fn the_demo_notices_json() {
    let site = Site::demo();
    let built = site.build_ok();
    snapshot!("demo_notices_json", built.page(NOTICES));
}

#[test]
fn the_top_level_names_the_schema_the_build_date_and_the_site() {
    let site = nova();
    let notices = site.build_ok().json(NOTICES);
    assert_eq!(notices["schema"], 1);
    assert_eq!(
        notices["generated"], TODAY,
        "the build's --today, not the clock"
    );
    assert_eq!(
        notices["site"],
        json!({"title": "Test Site", "url": "https://docs.example.com/"})
    );
    let ids: Vec<&Value> = notices["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(ids, ["atlas", "nova"], "sorted by id, not as declared");
    let nova = product(&notices, "nova");
    assert_eq!(nova["name"], "Nova");
    assert_eq!(nova["url"], "https://docs.example.com/products/nova/");
    assert_eq!(
        product(&notices, "atlas")["current"],
        "1",
        "cycle 1 is its only version"
    );
}

#[test]
fn the_latest_release_is_the_highest_released_version_not_the_last_file_or_date() {
    let site = nova();
    let notices = site.build_ok().json(NOTICES);
    assert_eq!(
        product(&notices, "nova")["latestRelease"],
        json!({
            "version": "3.10.0",
            "date": "2026-10-14",
            "url": "https://docs.example.com/releases/nova/3-10-0/",
            "breaking": true,
        })
    );
    assert_eq!(
        product(&notices, "atlas")["latestRelease"],
        Value::Null,
        "no release notes, no latest release"
    );
    // On its date the scheduled 4.0.0 is published and is the latest.
    let site = site.today("2026-12-01");
    let notices = site.build_ok().json(NOTICES);
    assert_eq!(
        product(&notices, "nova")["latestRelease"]["version"],
        "4.0.0"
    );
}

#[test]
fn is_eol_and_is_maintained_flip_on_the_eol_day_and_days_remaining_count_down() {
    // (today, Nova 2's isEol, isMaintained, its notice's daysRemaining and status)
    let rows = [
        ("2026-11-23", false, true, 22, "upcoming"),
        ("2026-12-14", false, true, 1, "upcoming"),
        ("2026-12-15", true, false, 0, "active"),
        ("2026-12-16", true, false, -1, "active"),
    ];
    let mut wrong = Vec::new();
    for (today, is_eol, maintained, days, status) in rows {
        let site = nova().today(today);
        let notices = site.build_ok().json(NOTICES);
        let nova = product(&notices, "nova");
        let got = (
            cycle(nova, "2")["isEol"].clone(),
            cycle(nova, "2")["isMaintained"].clone(),
            notice(nova, "Nova 2 end of life")["daysRemaining"].clone(),
            notice(nova, "Nova 2 end of life")["status"].clone(),
        );
        let expected = (json!(is_eol), json!(maintained), json!(days), json!(status));
        if got != expected {
            wrong.push(format!("{today}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn cycles_carry_endoflife_date_api_v1_fields() {
    let site = nova();
    let notices = site.build_ok().json(NOTICES);
    assert_eq!(
        cycle(product(&notices, "nova"), "3"),
        &json!({
            "name": "3",
            "codename": null,
            "label": "3",
            "releaseDate": "2026-03-02",
            "isLts": true,
            "ltsFrom": "2026-09-01",
            "isEol": false,
            "eolFrom": "2028-03-01",
            "isMaintained": true,
            "latest": {"name": "3.10.0", "date": "2026-10-14", "link": "https://nova.example/changelog/3"},
        }),
        "no `isEoas` or `isEoes` when the product declares neither"
    );
    assert_eq!(
        cycle(product(&notices, "atlas"), "1"),
        &json!({
            "name": "1",
            "codename": "Zenith",
            "label": "1 (Zenith)",
            "releaseDate": "2025-01-01",
            "isLts": false,
            "ltsFrom": null,
            "isEoas": true,
            "eoasFrom": "2026-01-01",
            "isEol": false,
            "eolFrom": "2026-12-01",
            "isEoes": false,
            "eoesFrom": "2027-12-01",
            "isMaintained": true,
            "latest": null,
        })
    );
}

#[test]
fn eol_notices_link_absolutely_and_list_upcoming_before_active() {
    let site = nova();
    let notices = site.build_ok().json(NOTICES);
    assert_eq!(
        product(&notices, "nova")["eolNotices"],
        json!([
            {
                "title": "Nova 2 end of life",
                "cycles": ["2"],
                "date": "2026-12-15",
                "daysRemaining": 22,
                "status": "upcoming",
                "url": "https://docs.example.com/eol/nova-2/",
                "replacement": {"title": "Nova", "url": "https://docs.example.com/products/nova/"},
                "migration": {"title": "Upgrade to Nova 3", "url": "https://docs.example.com/guides/upgrade/"},
            },
            {
                "title": "Nova 1 end of life",
                "cycles": ["1", "0"],
                "date": "2025-06-30",
                "daysRemaining": -511,
                "status": "active",
                "url": "https://docs.example.com/eol/nova-1/",
                "replacement": {"title": "Upgrade to Nova 3", "url": "https://docs.example.com/guides/upgrade/"},
                "migration": null,
            },
        ]),
        "the scheduled Nova 3 notice is not published yet"
    );
    assert_eq!(
        notice(product(&notices, "atlas"), "Atlas 1 end of life")["replacement"]["url"],
        "https://atlas.example/next",
        "an external replacement stays as written"
    );
}

#[test]
fn removals_list_deprecations_until_their_date_or_version_comes() {
    let site = nova();
    let notices = site.build_ok().json(NOTICES);
    let removals = product(&notices, "nova");
    assert_eq!(
        item(removals, "removals", "feature", "classic dashboard"),
        &json!({
            "feature": "classic dashboard",
            "removalVersion": "4.0",
            "removalDate": null,
            "daysRemaining": null,
            "announced": "2026-10-14",
            "announcedIn": {
                "version": "3.10.0",
                "url": "https://docs.example.com/releases/nova/3-10-0/#deprecation-classic-dashboard",
            },
            "migration": {"title": "Upgrade to Nova 3", "url": "https://docs.example.com/guides/upgrade/"},
            "description": "Replaced by the new dashboard.",
        })
    );
    assert_eq!(
        item(removals, "removals", "feature", "v1 tokens")["daysRemaining"],
        17
    );
    // (today, the removals listed, in order: dated ones first, then by version)
    let rows: [(&str, &[&str]); 5] = [
        ("2026-11-23", &["v1 tokens", "classic dashboard"]),
        ("2026-12-01", &["v1 tokens"]), // 4.0.0 is out: the dashboard is gone
        ("2026-12-05", &["v1 tokens", "XML export"]), // announced today
        ("2026-12-09", &["v1 tokens", "XML export"]),
        ("2026-12-10", &["XML export"]), // removed on its day
    ];
    let mut wrong = Vec::new();
    for (today, expected) in rows {
        let site = nova().today(today);
        let notices = site.build_ok().json(NOTICES);
        let got: Vec<&str> = product(&notices, "nova")["removals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["feature"].as_str().unwrap())
            .collect();
        if got != expected {
            wrong.push(format!("{today}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_scheduled_notice_appears_on_its_date() {
    let titles = |today: &str| -> Vec<String> {
        let site = nova().today(today);
        let notices = site.build_ok().json(NOTICES);
        product(&notices, "nova")["eolNotices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["title"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!titles("2026-11-30").contains(&"Nova 3 end of life".to_string()));
    assert!(titles("2026-12-01").contains(&"Nova 3 end of life".to_string()));
}

#[test]
fn each_product_file_is_that_products_object_with_schema_and_date() {
    let site = nova();
    let built = site.build_ok();
    let notices = built.json(NOTICES);
    for id in ["atlas", "nova"] {
        let mut file = built.json(&format!("/api/products/{id}.json"));
        let file = file.as_object_mut().unwrap();
        assert_eq!(file.remove("schema"), Some(json!(1)), "{id}");
        assert_eq!(file.remove("generated"), Some(json!(TODAY)), "{id}");
        assert_eq!(&Value::Object(file.clone()), product(&notices, id), "{id}");
    }
}

#[test]
fn the_same_site_and_day_give_the_same_bytes() {
    let first = nova();
    let second = nova();
    let a = first.build_ok();
    let b = second.build_ok();
    for url in [
        NOTICES,
        "/api/products/nova.json",
        "/api/products/atlas.json",
    ] {
        assert_eq!(a.page(url), b.page(url), "{url}");
    }
    // And a rebuild of the same folder.
    let before = a.page(NOTICES);
    let again = first.build_ok();
    assert_eq!(again.page(NOTICES), before);
}
