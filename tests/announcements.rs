//! Issue 12, announcements: deprecations on release notes and on `/deprecations/`,
//! and announcements scheduled for a later day.

mod common;
use common::*;

/// A site with Acme Cloud (current 3.2.0 on TODAY), a migration guide and
/// release notes that deprecate things, removed by version or by date.
fn deprecating_site() -> Site {
    Site::new()
        .file("content/products.yaml", ACME_PRODUCTS)
        .page(
            "guides/migrate.md",
            "title: Migrate to Gateway\nproduct: acme",
            "## Replace the ingress\n\nSteps.\n",
        )
        .page(
            "releases/acme/2-8-0.md",
            r#"title: Acme 2.8.0
product: acme
version: "2.8.0"
date: 2025-08-19
deprecations:
  - feature: Legacy ingress
    removal: "3.0"
    migration: ../../guides/migrate.md#replace-the-ingress
    description: Replaced by Acme Gateway.
  - feature: Old CLI flags
    removal: 2026-01-31"#,
            "Body.\n",
        )
        .page(
            "releases/acme/3-2-0.md",
            r#"title: Acme 3.2.0
product: acme
version: "3.2.0"
date: 2026-10-14
deprecations:
  - feature: acme logs --tail
    removal: "3.4"
    description: Use --since <script>x</script>.
  - feature: Region fra1
    removal: 2027-01-31
    migration: "[[Migrate to Gateway]]""#,
            "Body.\n",
        )
}

#[test]
fn a_release_note_lists_its_deprecations_with_anchors_removal_and_migration_guide() {
    let site = deprecating_site();
    let built = site.build_ok();
    let note = built.main("/releases/acme/2-8-0/");
    let section = between(&note, "<section class=\"deprecations\"", "</section>");
    assert!(
        section.contains("id=\"deprecation-legacy-ingress\""),
        "{section}"
    );
    assert!(section.contains("Legacy ingress"), "{section}");
    assert!(section.contains("Removed in version 3.0"), "{section}");
    assert!(section.contains("Replaced by Acme Gateway."), "{section}");
    assert!(
        section.contains("href=\"/guides/migrate/#replace-the-ingress\""),
        "{section}"
    );
    assert!(
        section.contains("id=\"deprecation-old-cli-flags\""),
        "{section}"
    );
    assert!(section.contains("Removed on 31 January 2026"), "{section}");
    // A release note without deprecations has no such section.
    let plain = Site::new()
        .file("content/products.yaml", ACME_PRODUCTS)
        .page(
            "releases/acme/3-0-0.md",
            "title: Acme 3.0.0\nproduct: acme\nversion: \"3.0.0\"\ndate: 2026-03-02",
            "Body.\n",
        );
    let built = plain.build_ok();
    assert!(!built
        .page("/releases/acme/3-0-0/")
        .contains("class=\"deprecations\""));
}

#[test]
fn the_deprecations_page_lists_upcoming_removals_soonest_first_then_removed_ones() {
    let site = deprecating_site();
    let built = site.build_ok();
    let main = built.main("/deprecations/");
    let upcoming = between(&main, "Upcoming removals", "<h2>Removed</h2>");
    let removed = &main[main.find("<h2>Removed</h2>").expect("a Removed section")..];
    // Dated removals come first, soonest first; then version removals.
    let fra1 = upcoming.find("Region fra1").expect("fra1 upcoming");
    let tail = upcoming.find("acme logs --tail").expect("--tail upcoming");
    assert!(fra1 < tail, "{upcoming}");
    assert!(
        upcoming.contains("Removal on 31 January 2027"),
        "{upcoming}"
    );
    assert!(upcoming.contains("69 days left"), "{upcoming}");
    assert!(upcoming.contains("Removal in version 3.4"), "{upcoming}");
    // Each links to the announcing release note's anchor and to its migration guide.
    assert!(
        upcoming.contains("href=\"/releases/acme/3-2-0/#deprecation-region-fra1\""),
        "{upcoming}"
    );
    assert!(upcoming.contains("href=\"/guides/migrate/\""), "{upcoming}");
    // User text is escaped.
    assert!(upcoming.contains("--since &lt;script&gt;"), "{upcoming}");
    assert!(!main.contains("<script>x"), "{main}");
    // 3.0 is below the current 3.2.0, and 2026-01-31 is past: both removed.
    assert!(removed.contains("Legacy ingress"), "{removed}");
    assert!(removed.contains("Old CLI flags"), "{removed}");
    assert!(!upcoming.contains("Legacy ingress"), "{upcoming}");
}

#[test]
fn a_version_removal_happens_when_the_product_reaches_that_version() {
    let site = deprecating_site().page(
        "releases/acme/3-4-0.md",
        "title: Acme 3.4.0\nproduct: acme\nversion: \"3.4.0\"\ndate: 2026-11-30",
        "Body.\n",
    );
    let before = site.build_ok().main("/deprecations/");
    assert!(
        between(&before, "Upcoming removals", "<h2>Removed</h2>").contains("acme logs --tail"),
        "{before}"
    );
    let site = site.today("2026-11-30");
    let after = site.build_ok().main("/deprecations/");
    let removed = &after[after.find("<h2>Removed</h2>").unwrap()..];
    assert!(removed.contains("acme logs --tail"), "{after}");
    assert!(removed.contains("Removed in version 3.4"), "{after}");
}

#[test]
fn a_broken_migration_link_is_reported_at_its_value() {
    let site = Site::new()
        .file("content/products.yaml", ACME_PRODUCTS)
        .page(
            "releases/acme/3-2-0.md",
            "title: Acme 3.2.0\nproduct: acme\nversion: \"3.2.0\"\ndate: 2026-10-14\ndeprecations:\n  - feature: X\n    removal: \"3.4\"\n    migration: ../../guides/nowhere.md",
            "Body.\n",
        );
    let built = site.build();
    assert!(!built.report.written);
    let error = built.error("missing-page");
    assert_eq!(
        at(error),
        "content/releases/acme/3-2-0.md:9:16",
        "{error:?}"
    );
}

#[test]
fn deprecation_mistakes_are_located_errors() {
    struct Case {
        name: &'static str,
        item: &'static str,
        code: &'static str,
        at: &'static str,
        message: &'static str,
    }
    let cases = [
        Case {
            name: "no removal",
            item: "  - feature: X\n    description: Gone.",
            code: "missing-field",
            at: "7:5",
            message: "missing field `removal`",
        },
        Case {
            name: "removal is neither date nor version",
            item: "  - feature: X\n    removal: soon",
            code: "invalid-yaml",
            at: "8:14",
            message: "neither a date",
        },
        Case {
            name: "impossible date",
            item: "  - feature: X\n    removal: 2027-02-30",
            code: "invalid-yaml",
            at: "8:14",
            message: "2027-02-30",
        },
        Case {
            name: "unknown key",
            item: "  - feature: X\n    removal: \"3.4\"\n    removed_in: \"3.4\"",
            code: "invalid-yaml",
            at: "9:5",
            message: "removed_in",
        },
    ];
    let mut failures = Vec::new();
    for case in &cases {
        let site = Site::new()
            .file("content/products.yaml", ACME_PRODUCTS)
            .page(
                "releases/acme/3-2-0.md",
                &format!(
                    "title: Acme 3.2.0\nproduct: acme\nversion: \"3.2.0\"\ndate: 2026-10-14\ndeprecations:\n{}",
                    case.item
                ),
                "Body.\n",
            );
        let built = site.build();
        let found = built
            .errors()
            .into_iter()
            .find(|d| d.code == case.code)
            .map(|d| (at(d), d.message.clone()));
        match found {
            Some((location, message))
                if location.ends_with(case.at) && message.contains(case.message) => {}
            other => failures.push(format!(
                "{}: expected {} at {} containing {:?}, got {other:?} in {:#?}",
                case.name, case.code, case.at, case.message, built.report.diagnostics
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_demo_has_upcoming_and_removed_deprecations() {
    let site = Site::demo().today("2026-12-01");
    let built = site.build_ok();
    let main = built.main("/deprecations/");
    let upcoming = between(&main, "Upcoming removals", "<h2>Removed</h2>");
    assert!(
        upcoming.matches("class=\"card deprecation\"").count() >= 2,
        "{upcoming}"
    );
    assert!(main[main.find("<h2>Removed</h2>").unwrap()..].contains("deprecation-removed"));
}

// ---------------------------------------------------------------- scheduled announcements

/// A release note, an EOL notice and a deprecation that go out on 2026-12-10.
fn scheduled_site(today: &str) -> Site {
    Site::new()
        .today(today)
        .file("content/products.yaml", ACME_PRODUCTS)
        .page(
            "releases/acme/3-2-0.md",
            r#"title: Acme 3.2.0
product: acme
version: "3.2.0"
date: 2026-10-14
deprecations:
  - feature: Announced with the release
    removal: "4.0"
  - feature: Announced later
    removal: "4.0"
    date: 2026-12-10"#,
            "Body.\n",
        )
        .page(
            "releases/acme/3-3-0.md",
            "title: Acme 3.3.0\nproduct: acme\nversion: \"3.3.0\"\ndate: 2026-12-10",
            "Body.\n",
        )
        .page(
            "eol/acme-3.md",
            "title: Acme 3 end of life\nproduct: acme\ncycle: \"3\"\neol_date: 2028-03-01\nannounced: 2026-12-10",
            "Body.\n",
        )
}

#[test]
fn scheduled_announcements_appear_exactly_on_their_date() {
    let before = scheduled_site("2026-12-09");
    let built = before.build_ok();
    assert!(!built.exists("/releases/acme/3-3-0/"));
    assert!(!built.exists("/eol/acme-3/"));
    let note = built.page("/releases/acme/3-2-0/");
    assert!(note.contains("Announced with the release"));
    assert!(
        !note.contains("Announced later"),
        "scheduled deprecation shown early"
    );
    let everything = snapshot_dir(&before.out())
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("Announced later"))
        .map(|(path, _)| path)
        .collect::<Vec<_>>();
    assert!(
        everything.is_empty(),
        "scheduled text leaked into {everything:?}"
    );
    let releases = built.main("/releases/");
    assert!(!releases.contains("Acme 3.3.0"), "{releases}");

    let on = scheduled_site("2026-12-10");
    let built = on.build_ok();
    assert!(built.exists("/releases/acme/3-3-0/"));
    assert!(built.exists("/eol/acme-3/"));
    assert!(built
        .page("/releases/acme/3-2-0/")
        .contains("Announced later"));
    assert!(built.main("/deprecations/").contains("Announced later"));
    assert!(built.main("/releases/").contains("Acme 3.3.0"));
}

// ---------------------------------------------------------------- changelog

/// Release notes whose file names sort differently from their versions.
fn changelog_site() -> Site {
    let note = |version: &str, date: &str, extra: &str| {
        format!("title: Acme {version}\nproduct: acme\nversion: \"{version}\"\ndate: {date}{extra}")
    };
    Site::new()
        .file("content/products.yaml", ACME_PRODUCTS)
        .page(
            "releases/a.md",
            &note("3.10.0", "2026-10-14", ""),
            "Body.\n",
        )
        .page("releases/b.md", &note("3.9.0", "2026-09-01", ""), "Body.\n")
        .page(
            "releases/c.md",
            &note("3.0.0", "2026-03-02", "\nbreaking: true"),
            "Body.\n",
        )
        .page("releases/d.md", &note("2.9.4", "2026-05-12", ""), "Body.\n")
        .page(
            "releases/e.md",
            &note("4.0.0-rc.1", "2026-11-20", ""),
            "Body.\n",
        )
        .page(
            "releases/f.md",
            &note("3.10.1", "2026-11-01", "\nyanked: true"),
            "Body.\n",
        )
}

#[test]
fn the_changelog_lists_releases_by_version_grouped_by_cycle_newest_first() {
    let site = changelog_site();
    let built = site.build_ok();
    let main = built.main("/releases/");
    let order: Vec<usize> = [
        "Acme 4.0.0-rc.1",
        "Acme 3.10.0",
        "Acme 3.9.0",
        "Acme 3.0.0",
        "Acme 2.9.4",
    ]
    .iter()
    .map(|t| {
        main.find(&format!(">{t}</a>"))
            .unwrap_or_else(|| panic!("{t} missing: {main}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "version order: {order:?}\n{main}"
    );
    // Each cycle is a heading linked to its row in the support matrix; 4.x has no cycle yet.
    let cycle3 = main.find(r##"<a href="/products/acme/#cycle-3">Acme Cloud 3</a>"##);
    let cycle2 = main.find(r##"<a href="/products/acme/#cycle-2">Acme Cloud 2</a>"##);
    assert!(cycle3.is_some() && cycle2.is_some(), "{main}");
    assert!(main.contains("<h2>Acme Cloud 4.x</h2>"), "{main}");
    assert!(cycle3 < order.get(1).copied() && cycle2 < order.get(4).copied());
    // Breaking releases are marked.
    let entry = between(&main, ">Acme 3.0.0</a>", "</li>");
    assert!(entry.contains("Breaking"), "{entry}");
    // The matrix row exists.
    assert!(built
        .page("/products/acme/")
        .contains(r#"<tr id="cycle-3">"#));
}

#[test]
fn a_release_note_links_to_its_neighbours_by_version_and_to_its_cycle() {
    let site = changelog_site();
    let built = site.build_ok();
    let facts = between(
        &built.main("/releases/b/"),
        "<dl class=\"facts release-facts\">",
        "</dl>",
    )
    .to_string();
    assert!(
        facts.contains(r##"<a href="/products/acme/#cycle-3">Acme Cloud 3</a>"##),
        "{facts}"
    );
    assert!(
        facts.contains(r#"<a rel="prev" href="/releases/c/">Acme 3.0.0</a>"#),
        "{facts}"
    );
    assert!(
        facts.contains(r#"<a rel="next" href="/releases/a/">Acme 3.10.0</a>"#),
        "{facts}"
    );
    let oldest = built.main("/releases/d/");
    assert!(
        !oldest.contains("rel=\"prev\""),
        "the oldest release has no previous one"
    );
    assert!(oldest.contains(r#"<a rel="next" href="/releases/c/">Acme 3.0.0</a>"#));
}

#[test]
fn the_home_page_shows_the_latest_release_per_product_and_ends_of_life_soon() {
    let site = changelog_site()
        .file(
            "content/products.yaml",
            &ACME_PRODUCTS.replace("eol: 2028-03-01", "eol: 2027-01-31"),
        )
        .page(
            "releases/t.md",
            "title: Tessera 5.1.1\nproduct: tessera\nversion: \"5.1.1\"\ndate: 2026-11-02",
            "Body.\n",
        )
        .file(
            "content/products.yaml",
            &format!(
                "{}  - id: tessera\n    name: Tessera Sync\n    releases:\n      - releaseCycle: \"5\"\n        releaseDate: 2026-07-20\n        eol: 2027-06-01\n",
                ACME_PRODUCTS.replace("eol: 2028-03-01", "eol: 2027-01-31")
            ),
        )
        .page(
            "eol/acme-3.md",
            "title: Acme 3 end of life\nproduct: acme\ncycle: \"3\"\neol_date: 2027-01-31",
            "Body.\n",
        );
    let built = site.build_ok();
    let new = between(&built.main("/"), "<h2 id=\"whats-new\">", "</section>").to_string();
    // The highest stable version per product, not the newest date, a pre-release
    // or a yanked release.
    assert!(new.contains(">Acme 3.10.0</a>"), "{new}");
    assert!(!new.contains("3.10.1"), "{new}");
    assert!(!new.contains("4.0.0-rc.1"), "{new}");
    assert!(new.contains(">Tessera 5.1.1</a>"), "{new}");
    // Acme 3 ends in 69 days (within 90) and links to its notice; Tessera 5 is too far.
    assert!(
        new.contains(
            r#"<a class="card-title" href="/eol/acme-3/">Acme Cloud 3 reaches end of life</a>"#
        ),
        "{new}"
    );
    assert!(new.contains("69 days left"), "{new}");
    assert!(!new.contains("Tessera Sync 5 reaches"), "{new}");
}

#[test]
fn the_eol_timeline_lists_upcoming_notices_soonest_first_then_past_ones() {
    let notice = |cycle: &str, date: &str| {
        format!("title: Acme {cycle} end of life\nproduct: acme\ncycle: \"{cycle}\"\neol_date: {date}\nreplacement: acme\nmigration: ../guides/move.md")
    };
    let site = Site::new()
        .file("content/products.yaml", ACME_PRODUCTS)
        .page("guides/move.md", "title: Move on", "Body.\n")
        .page("eol/one.md", &notice("1", "2024-12-31"), "Body.\n")
        .page("eol/two.md", &notice("2", "2026-06-30"), "Body.\n")
        .page("eol/three.md", &notice("3", "2028-03-01"), "Body.\n")
        .page("eol/four.md", &notice("4", "2027-01-01"), "Body.\n");
    let built = site.build_ok();
    let main = built.main("/eol/");
    let upcoming = between(&main, "<h2>Upcoming</h2>", "</section>");
    let past = between(&main, "<h2>Reached end of life</h2>", "</section>");
    let four = upcoming.find("Acme 4 end of life").expect("4 upcoming");
    let three = upcoming.find("Acme 3 end of life").expect("3 upcoming");
    assert!(four < three, "soonest first: {upcoming}");
    let two = past.find("Acme 2 end of life").expect("2 past");
    let one = past.find("Acme 1 end of life").expect("1 past");
    assert!(two < one, "latest first: {past}");
    // Each entry: cycle and versions, date, days remaining, replacement, migration guide.
    let entry = between(upcoming, "Acme 3 end of life", "</ul>");
    assert!(
        entry.contains("Acme Cloud 3 (versions 3.0 to 3.2.0)"),
        "{entry}"
    );
    assert!(entry.contains("End of life 1 March 2028"), "{entry}");
    assert!(entry.contains("464 days left"), "{entry}");
    assert!(
        entry.contains(r#"<a href="/products/acme/">Replacement: Acme Cloud</a>"#),
        "{entry}"
    );
    assert!(
        entry.contains(r#"<a href="/guides/move/">Migration guide: Move on</a>"#),
        "{entry}"
    );
    // The notice itself says the same.
    let page = built.main("/eol/three/");
    let facts = between(&page, "<dl class=\"facts\">", "</dl>");
    assert!(facts.contains("(464 days left)"), "{facts}");
    assert!(
        facts.contains("<dt>Affected versions</dt><dd>Acme Cloud 3 (versions 3.0 to 3.2.0)</dd>"),
        "{facts}"
    );
}
