//! Issue 4, stale rules: every rule at its edges, table-driven. Each row is one
//! page (`content/guides/x.md`) on one day, and the exact set of reason codes
//! it must get — no stale page missed, no fresh page flagged.

mod common;
use common::rules::*;
use common::*;

const ACME: &str = ACME_PRODUCTS;

// ---------------------------------------------------------------- when a release counts

/// Nova 2 is released on 2026-11-23 exactly.
const NOVA: &str = r#"products:
  - id: nova
    name: Nova
    releases:
      - releaseCycle: "2"
        releaseDate: 2026-11-23
        latest: "2.0.0"
        latestReleaseDate: 2026-11-23
      - releaseCycle: "1"
        releaseDate: 2025-01-10
        latest: "1.4.0"
        latestReleaseDate: 2026-05-01
"#;

#[test]
fn a_cycle_released_on_exactly_today_counts_and_one_released_tomorrow_does_not() {
    check(
        NOVA,
        "",
        &[],
        &[
            Case {
                name: "released today: current version",
                today: "2026-11-23",
                front: "title: X\nproduct: nova\nversions: '<2.0'\nreviewed: 2026-11-23",
                expect: &["outdated-version"],
            },
            Case {
                name: "released today: latest release date",
                today: "2026-11-23",
                front: "title: X\nproduct: nova\nreviewed: 2026-11-22",
                expect: &["not-reviewed-since-release"],
            },
            Case {
                name: "released tomorrow: not current",
                today: "2026-11-22",
                front: "title: X\nproduct: nova\nversions: '<2.0'\nreviewed: 2026-11-22",
                expect: &[],
            },
            Case {
                name: "released tomorrow: not the latest release",
                today: "2026-11-22",
                front: "title: X\nproduct: nova\nreviewed: 2026-05-01",
                expect: &[],
            },
            Case {
                name: "the previous release still counts",
                today: "2026-11-22",
                front: "title: X\nproduct: nova\nreviewed: 2026-04-30",
                expect: &["not-reviewed-since-release"],
            },
        ],
    );
}

const NOTE_3_3: (&str, &str) = (
    "releases/acme/3-3-0.md",
    "title: Acme Cloud 3.3.0\nproduct: acme\nversion: 3.3.0\ndate: 2026-11-23",
);

#[test]
fn a_release_note_dated_exactly_today_counts_and_one_dated_tomorrow_does_not() {
    check(
        ACME,
        "",
        &[NOTE_3_3],
        &[
            Case {
                name: "note out today: current version",
                today: "2026-11-23",
                front: "title: X\nproduct: acme\nversions: '>=3.0, <3.3'\nreviewed: 2026-11-23",
                expect: &["outdated-version"],
            },
            Case {
                name: "note out today: latest release date",
                today: "2026-11-23",
                front: "title: X\nproduct: acme\nreviewed: 2026-11-22",
                expect: &["not-reviewed-since-release"],
            },
            Case {
                name: "note out tomorrow: not current",
                today: "2026-11-22",
                front: "title: X\nproduct: acme\nversions: '>=3.0, <3.3'\nreviewed: 2026-11-01",
                expect: &[],
            },
            Case {
                name: "note out tomorrow: not the latest release",
                today: "2026-11-22",
                front: "title: X\nproduct: acme\nreviewed: 2026-10-14",
                expect: &[],
            },
        ],
    );
    let site = site(
        ACME,
        "",
        &[NOTE_3_3],
        "title: X\nproduct: acme\nversions: '>=3.0, <3.3'",
    )
    .today("2026-11-23");
    assert_eq!(
        message(&site.analyse(), "content/guides/x.md", "outdated-version"),
        "applies to >=3.0, <3.3; current version is 3.3.0"
    );
}

#[test]
fn a_future_release_note_published_as_a_draft_preview_still_does_not_count() {
    let site = site(
        ACME,
        "",
        &[NOTE_3_3],
        "title: X\nproduct: acme\nversions: '>=3.0, <3.3'\nreviewed: 2026-11-01",
    )
    .today("2026-11-22")
    .drafts();
    let analysis = site.analyse();
    page_id(&analysis, "content/releases/acme/3-3-0.md"); // published for the preview…
    assert_eq!(codes(&analysis, "content/guides/x.md"), Vec::<&str>::new()); // …but not out yet
}

#[test]
fn a_future_cycle_counts_neither_for_the_current_version_nor_the_latest_release_date() {
    let products = ACME.replace(
        "    releases:\n",
        "    releases:\n      - releaseCycle: \"4\"\n        releaseDate: 2026-12-01\n        latest: \"4.0.0\"\n        latestReleaseDate: 2026-12-01\n",
    );
    check(
        &products,
        "",
        &[],
        &[
            Case {
                name: "3.x is still current",
                today: "2026-11-23",
                front: "title: X\nproduct: acme\nversions: '>=3.0, <4.0'\nreviewed: 2026-11-01",
                expect: &[],
            },
            Case {
                name: "a 4.x page is ahead, not current",
                today: "2026-11-23",
                front: "title: X\nproduct: acme\nversions: '>=4.0'\nreviewed: 2026-11-01",
                expect: &["outdated-version"],
            },
            Case {
                name: "reviewed after 3.2.0, before 4.0 comes out",
                today: "2026-11-23",
                front: "title: X\nproduct: acme\nreviewed: 2026-10-14",
                expect: &[],
            },
            Case {
                name: "on 4.0's release day",
                today: "2026-12-01",
                front: "title: X\nproduct: acme\nversions: '>=3.0, <4.0'\nreviewed: 2026-11-01",
                expect: &["outdated-version", "not-reviewed-since-release"],
            },
        ],
    );
}

#[test]
fn a_pinned_current_version_wins_over_the_computed_one() {
    let products = ACME.replace(
        "    name: Acme Cloud\n",
        "    name: Acme Cloud\n    current: \"3.1.0\"\n",
    );
    check(
        &products,
        "",
        &[],
        &[
            Case {
                name: "matches the pinned version",
                today: "2026-11-23",
                front: "title: X\nproduct: acme\nversions: '>=3.0, <3.2'\nreviewed: 2026-11-01",
                expect: &[],
            },
            Case {
                name: "only the newer release",
                today: "2026-11-23",
                front: "title: X\nproduct: acme\nversions: '>=3.2'\nreviewed: 2026-11-01",
                expect: &["outdated-version"],
            },
        ],
    );
    let site = site(
        &products,
        "",
        &[],
        "title: X\nproduct: acme\nversions: '>=3.2'",
    )
    .today("2026-11-23");
    assert_eq!(
        message(&site.analyse(), "content/guides/x.md", "outdated-version"),
        "applies to >=3.2; current version is 3.1.0"
    );
}

// ---------------------------------------------------------------- outdated-version and end-of-life

#[test]
fn outdated_version_says_what_the_page_covers_and_what_is_current() {
    let site = site(
        ACME,
        "",
        &[],
        "title: X\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01",
    );
    let analysis = site.analyse();
    assert_eq!(
        message(&analysis, "content/guides/x.md", "outdated-version"),
        "applies to >=2.0, <3.0; current version is 3.2.0"
    );
}

/// Nova with cycle 1 ending on 2026-06-30.
const NOVA_EOL: &str = r#"products:
  - id: nova
    name: Nova
    releases:
      - releaseCycle: "2"
        releaseDate: 2026-01-05
        eol: 2028-01-01
        latest: "2.1.0"
        latestReleaseDate: 2026-03-01
      - releaseCycle: "1"
        releaseDate: 2025-01-10
        eol: 2026-06-30
        latest: "1.4.0"
        latestReleaseDate: 2025-09-01
"#;

#[test]
fn a_cycle_is_end_of_life_on_exactly_its_eol_date() {
    let page = "title: X\nproduct: nova\nversions: '>=1.0, <2.0'\nreviewed: 2026-06-01";
    check(
        NOVA_EOL,
        "",
        &[],
        &[
            Case {
                name: "eol today",
                today: "2026-06-30",
                front: page,
                expect: &["outdated-version", "end-of-life"],
            },
            Case {
                name: "eol tomorrow",
                today: "2026-06-29",
                front: page,
                expect: &["outdated-version", "eol-upcoming"],
            },
        ],
    );
    let flagged = NOVA_EOL.replace("eol: 2026-06-30", "eol: true");
    check(
        &flagged,
        "",
        &[],
        &[Case {
            name: "eol: true",
            today: "2026-04-01",
            front: page,
            expect: &["outdated-version", "end-of-life"],
        }],
    );
}

#[test]
fn end_of_life_needs_every_matched_released_version_in_an_ended_cycle() {
    let note = (
        "releases/acme/2-9-5.md",
        "title: Acme Cloud 2.9.5\nproduct: acme\nversion: 2.9.5\ndate: 2026-06-01",
    );
    check(
        ACME,
        "",
        &[note],
        &[
            Case {
                name: "cycles 1 and 2, both ended",
                today: TODAY,
                front: "title: X\nproduct: acme\nversions: '>=1.0, <3.0'\nreviewed: 2026-11-01",
                expect: &["outdated-version", "end-of-life"],
            },
            Case {
                name: "2.9.x and 3.0.0: one supported",
                today: TODAY,
                front: "title: X\nproduct: acme\nversions: '>=2.5, <3.1'\nreviewed: 2026-11-01",
                expect: &["outdated-version"],
            },
            Case {
                name: "matches no known version",
                today: TODAY,
                front: "title: X\nproduct: acme\nversions: '<1.0'\nreviewed: 2026-11-01",
                expect: &["outdated-version"],
            },
            Case {
                name: "only a release note's version",
                today: TODAY,
                front: "title: X\nproduct: acme\nversions: '>=2.9.5, <3.0'\nreviewed: 2026-11-01",
                expect: &["outdated-version", "end-of-life"],
            },
            Case {
                name: "current line",
                today: TODAY,
                front: "title: X\nproduct: acme\nversions: '>=3.0'\nreviewed: 2026-11-01",
                expect: &[],
            },
            Case {
                name: "cycle 2 on its last day",
                today: "2026-06-29",
                front: "title: X\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-06-01",
                expect: &["outdated-version", "eol-upcoming", "support-ended"],
            },
        ],
    );
}

#[test]
fn a_discontinued_product_makes_every_page_of_it_end_of_life() {
    let page = "title: X\nproduct: nova\nreviewed: 2026-08-01";
    let dated = NOVA_EOL.replace(
        "    name: Nova\n",
        "    name: Nova\n    discontinued: 2026-09-01\n",
    );
    check(
        &dated,
        "",
        &[],
        &[
            Case {
                name: "discontinued today",
                today: "2026-09-01",
                front: page,
                expect: &["end-of-life"],
            },
            Case {
                name: "discontinued tomorrow",
                today: "2026-08-31",
                front: page,
                expect: &["eol-upcoming"],
            },
        ],
    );
    let flagged = NOVA_EOL.replace(
        "    name: Nova\n",
        "    name: Nova\n    discontinued: true\n",
    );
    check(
        &flagged,
        "",
        &[],
        &[Case {
            name: "discontinued: true",
            today: "2026-08-01",
            front: page,
            expect: &["end-of-life"],
        }],
    );
    let all_ended = NOVA_EOL.replace("eol: 2028-01-01", "eol: 2026-10-01");
    check(
        &all_ended,
        "",
        &[],
        &[
            Case {
                name: "last cycle ends today",
                today: "2026-10-01",
                front: page,
                expect: &["end-of-life"],
            },
            Case {
                name: "last cycle ends tomorrow",
                today: "2026-09-30",
                front: page,
                expect: &["eol-upcoming"],
            },
        ],
    );
}

#[test]
fn a_page_without_versions_is_never_outdated_or_end_of_life_by_version() {
    check(
        ACME,
        "",
        &[],
        &[
            Case {
                name: "product, no versions",
                today: TODAY,
                front: "title: X\nproduct: acme\nreviewed: 2026-11-01",
                expect: &[],
            },
            Case {
                name: "versions but no product",
                today: TODAY,
                front: "title: X\nversions: '>=1.0, <2.0'\nreviewed: 2026-11-01",
                expect: &[],
            },
        ],
    );
}

// ---------------------------------------------------------------- review rules

#[test]
fn not_reviewed_since_release_is_strictly_before_the_latest_release_date() {
    check(
        ACME,
        "",
        &[],
        &[
            Case {
                name: "day before 3.2.0",
                today: TODAY,
                front: "title: X\nproduct: acme\nreviewed: 2026-10-13",
                expect: &["not-reviewed-since-release"],
            },
            Case {
                name: "same day as 3.2.0",
                today: TODAY,
                front: "title: X\nproduct: acme\nreviewed: 2026-10-14",
                expect: &[],
            },
            Case {
                name: "updated counts when not reviewed",
                today: TODAY,
                front: "title: X\nproduct: acme\ndate: 2026-01-01\nupdated: 2026-10-20",
                expect: &[],
            },
            Case {
                name: "date counts when nothing else",
                today: TODAY,
                front: "title: X\nproduct: acme\ndate: 2026-10-13",
                expect: &["not-reviewed-since-release"],
            },
            Case {
                name: "reviewed wins over a newer updated",
                today: TODAY,
                front: "title: X\nproduct: acme\nreviewed: 2026-10-01\nupdated: 2026-10-20",
                expect: &["not-reviewed-since-release"],
            },
            Case {
                name: "no product, no release",
                today: TODAY,
                front: "title: X\nreviewed: 2026-10-13",
                expect: &[],
            },
        ],
    );
    let site = site(
        ACME,
        "",
        &[],
        "title: X\nproduct: acme\nreviewed: 2026-10-13",
    );
    assert_eq!(
        message(
            &site.analyse(),
            "content/guides/x.md",
            "not-reviewed-since-release"
        ),
        "last reviewed 2026-10-13; Acme Cloud 3.2.0 was released 2026-10-14"
    );
}

#[test]
fn review_overdue_starts_the_day_after_max_age_days() {
    check(
        ACME,
        "",
        &[],
        &[
            Case {
                name: "exactly 365 days",
                today: TODAY,
                front: "title: X\nreviewed: 2025-11-23",
                expect: &[],
            },
            Case {
                name: "366 days",
                today: TODAY,
                front: "title: X\nreviewed: 2025-11-22",
                expect: &["review-overdue"],
            },
            Case {
                name: "updated, 366 days",
                today: TODAY,
                front: "title: X\nupdated: 2025-11-22",
                expect: &["review-overdue"],
            },
            Case {
                name: "date, 366 days",
                today: TODAY,
                front: "title: X\ndate: 2025-11-22",
                expect: &["review-overdue"],
            },
            Case {
                name: "reviewed recently, updated long ago",
                today: TODAY,
                front: "title: X\nreviewed: 2026-01-01\nupdated: 2025-01-01",
                expect: &[],
            },
            Case {
                name: "no review date at all",
                today: TODAY,
                front: "title: X",
                expect: &[],
            },
            Case {
                name: "with a product",
                today: TODAY,
                front: "title: X\nproduct: acme\nversions: '>=3.0'\nreviewed: 2025-11-22",
                expect: &["review-overdue", "not-reviewed-since-release"],
            },
        ],
    );
    let site = site(ACME, "", &[], "title: X\nreviewed: 2025-11-22");
    assert_eq!(
        message(&site.analyse(), "content/guides/x.md", "review-overdue"),
        "last reviewed 2025-11-22, 366 days ago (limit 365)"
    );
}

#[test]
fn max_age_days_comes_from_almanac_yaml() {
    check(
        ACME,
        "stale:\n  max_age_days: 30\n",
        &[],
        &[
            Case {
                name: "exactly 30 days",
                today: TODAY,
                front: "title: X\nreviewed: 2026-10-24",
                expect: &[],
            },
            Case {
                name: "31 days",
                today: TODAY,
                front: "title: X\nreviewed: 2026-10-23",
                expect: &["review-overdue"],
            },
        ],
    );
}

#[test]
fn never_reviewed_applies_only_when_required_and_only_to_product_pages() {
    let required = "stale:\n  require_review: true\n";
    check(
        ACME,
        required,
        &[],
        &[
            Case {
                name: "product, no dates",
                today: TODAY,
                front: "title: X\nproduct: acme",
                expect: &["never-reviewed"],
            },
            Case {
                name: "product, reviewed",
                today: TODAY,
                front: "title: X\nproduct: acme\nreviewed: 2026-11-01",
                expect: &[],
            },
            Case {
                name: "no product, no dates",
                today: TODAY,
                front: "title: X",
                expect: &[],
            },
        ],
    );
    check(
        ACME,
        "",
        &[],
        &[Case {
            name: "off by default",
            today: TODAY,
            front: "title: X\nproduct: acme",
            expect: &[],
        }],
    );
}

// ---------------------------------------------------------------- switching rules off

#[test]
fn stale_ignore_in_almanac_yaml_switches_rules_off() {
    let old = "title: X\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2025-01-01";
    check(
        ACME,
        "",
        &[],
        &[Case {
            name: "nothing ignored",
            today: TODAY,
            front: old,
            expect: &[
                "outdated-version",
                "end-of-life",
                "not-reviewed-since-release",
                "review-overdue",
            ],
        }],
    );
    check(
        ACME,
        "stale:\n  ignore: [outdated-version]\n",
        &[],
        &[Case {
            name: "ignore outdated-version",
            today: TODAY,
            front: old,
            expect: &[
                "end-of-life",
                "not-reviewed-since-release",
                "review-overdue",
            ],
        }],
    );
    check(
        ACME,
        "stale:\n  ignore: [end-of-life, review-overdue]\n",
        &[],
        &[Case {
            name: "ignore two",
            today: TODAY,
            front: old,
            expect: &["outdated-version", "not-reviewed-since-release"],
        }],
    );
    check(
        ACME,
        "stale:\n  ignore: [not-reviewed-since-release]\n",
        &[],
        &[Case {
            name: "ignore nrsr",
            today: TODAY,
            front: "title: X\nproduct: acme\nreviewed: 2026-10-13",
            expect: &[],
        }],
    );
    check(
        ACME,
        "stale:\n  require_review: true\n  ignore: [never-reviewed]\n",
        &[],
        &[Case {
            name: "ignore never-reviewed",
            today: TODAY,
            front: "title: X\nproduct: acme",
            expect: &[],
        }],
    );
}

#[test]
fn stale_false_in_front_matter_switches_every_rule_off_for_that_page() {
    check(ACME, "stale:\n  require_review: true\n", &[], &[
        Case { name: "every rule would apply", today: TODAY, front: "title: X\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2025-01-01\nstale: false", expect: &[] },
        Case { name: "never reviewed", today: TODAY, front: "title: X\nproduct: acme\nstale: false", expect: &[] },
        Case { name: "stale: true is the default", today: TODAY, front: "title: X\nproduct: acme\nstale: true", expect: &["never-reviewed"] },
    ]);
}

#[test]
fn release_notes_and_eol_notices_are_never_stale() {
    let site = site(
        ACME,
        "stale:\n  require_review: true\n  max_age_days: 30\n",
        &[
            ("releases/acme/1-8-2.md", "title: Acme Cloud 1.8.2\nproduct: acme\nversion: 1.8.2\ndate: 2024-11-05\nversions: '<2.0'"),
            ("releases/acme/1-0-0.md", "title: Acme Cloud 1.0.0\nproduct: acme\nversion: 1.0.0\ndate: 2023-02-01"),
            ("eol/acme-1.md", "title: Acme Cloud 1 end of life\nproduct: acme\neol_date: 2024-12-31\ncycle: \"1\"\nversions: '<2.0'"),
            ("eol/acme-2.md", "title: Acme Cloud 2 end of life\nproduct: acme\neol_date: 2026-06-30\ncycle: \"2\"\ndate: 2025-06-01"),
        ],
        "title: X\nproduct: acme\nversions: '<2.0'\nreviewed: 2024-01-01",
    );
    let analysis = site.analyse();
    for file in [
        "content/releases/acme/1-8-2.md",
        "content/releases/acme/1-0-0.md",
        "content/eol/acme-1.md",
        "content/eol/acme-2.md",
    ] {
        assert_eq!(codes(&analysis, file), Vec::<&str>::new(), "{file}");
    }
    // The same front matter on a guide is stale on every count: the rules did run.
    assert_eq!(
        codes(&analysis, "content/guides/x.md"),
        [
            "end-of-life",
            "not-reviewed-since-release",
            "outdated-version",
            "review-overdue"
        ]
    );
}

// ---------------------------------------------------------------- bad product data is an error, located

#[test]
fn a_cycle_that_ends_before_it_is_released_is_an_error_at_its_entry() {
    let products = "products:\n  - id: acme\n    name: Acme Cloud\n    releases:\n      - releaseCycle: \"3\"\n        releaseDate: 2026-03-02\n        eol: 2026-01-01\n";
    let site =
        Site::new()
            .file("content/products.yaml", products)
            .page("guides/a.md", "title: A", "x\n");
    let built = site.build();
    let e = built.error("contradictory-cycle");
    assert_eq!(at(e), "content/products.yaml:7:14");
    assert!(
        e.message.contains("2026-01-01") && e.message.contains("2026-03-02"),
        "{}",
        e.message
    );
    assert!(!built.report.written);
}

#[test]
fn an_unknown_product_id_on_a_page_is_an_error_at_the_field() {
    let site = Site::new().file("content/products.yaml", ACME).page(
        "guides/a.md",
        "title: A\nproduct: acmee",
        "x\n",
    );
    let built = site.build();
    let e = built.error("unknown-product");
    assert_eq!(at(e), "content/guides/a.md:3:1");
    assert_eq!(e.help.as_deref(), Some("did you mean `acme`?"));
}

#[test]
fn invalid_dates_and_versions_are_errors_with_file_and_line() {
    let bad_date = ACME.replace("releaseDate: 2024-09-16", "releaseDate: 2024-02-30");
    let site =
        Site::new()
            .file("content/products.yaml", &bad_date)
            .page("guides/a.md", "title: A", "x\n");
    let built = site.build();
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        at(errors[0]).starts_with("content/products.yaml:12:"),
        "{}",
        at(errors[0])
    );
    assert!(
        errors[0].message.contains("2024-02-30"),
        "{}",
        errors[0].message
    );

    let site = Site::new().file("content/products.yaml", ACME).page(
        "guides/a.md",
        "title: A\nproduct: acme\nversions: '>=two'",
        "x\n",
    );
    let built = site.build();
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        at(errors[0]).starts_with("content/guides/a.md:4:"),
        "{}",
        at(errors[0])
    );
    assert!(errors[0].message.contains(">=two"), "{}", errors[0].message);
}

#[test]
fn an_unknown_rule_in_stale_ignore_is_a_located_error() {
    let site = Site::new()
        .file(
            "almanac.yaml",
            "title: T\nbase_url: https://docs.example.com/\nstale:\n  ignore: [review-overdue, outdated]\n",
        )
        .page("guides/a.md", "title: A", "Body.\n");
    let built = site.build();
    assert!(!built.report.written);
    let e = &built.errors()[0];
    assert_eq!(at(e), "almanac.yaml:4:28", "{e:?}");
    assert!(
        e.message.contains("unknown variant `outdated`"),
        "{}",
        e.message
    );
    assert!(e.message.contains("`outdated-version`"), "{}", e.message);
    assert_eq!(e.help.as_deref(), Some("did you mean `outdated-version`?"));
}
