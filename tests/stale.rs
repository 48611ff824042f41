//! Issue 4, stale rules: every rule at its edges, table-driven. Each row is one
//! page (`content/guides/x.md`) on one day, and the exact set of reason codes
//! it must get — no stale page missed, no fresh page flagged.

mod common;
use common::*;

use almanac::build::Analysis;

const ACME: &str = ACME_PRODUCTS;

/// One row: on `today`, a page with front matter `front` has exactly `expect`.
struct Case<'a> {
    name: &'static str,
    today: &'static str,
    front: &'a str,
    expect: &'static [&'static str],
}

/// A site with `products`, `stale_config` (the `stale:` block of almanac.yaml,
/// or ""), extra pages (path, front matter) and the page under test.
fn site(products: &str, stale_config: &str, extra: &[(&str, &str)], front: &str) -> Site {
    let mut site = Site::new()
        .file(
            "almanac.yaml",
            &format!("title: T\nbase_url: https://docs.example.com/\n{stale_config}"),
        )
        .file("content/products.yaml", products)
        .page("guides/x.md", front, "Body.\n");
    for (path, front) in extra {
        site = site.page(path, front, "Notes.\n");
    }
    site
}

fn page_id(analysis: &Analysis, file: &str) -> usize {
    let files: Vec<String> = analysis
        .site
        .pages
        .iter()
        .map(|p| p.file.display().to_string())
        .collect();
    files.iter().position(|f| f == file).unwrap_or_else(|| {
        panic!(
            "no page {file} among {files:?}: {:#?}",
            analysis.diagnostics
        )
    })
}

/// The sorted reason codes of `file`.
fn codes(analysis: &Analysis, file: &str) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = analysis.stale.per_page[page_id(analysis, file)]
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    codes.sort_unstable();
    codes
}

fn message(analysis: &Analysis, file: &str, code: &str) -> String {
    let reasons = &analysis.stale.per_page[page_id(analysis, file)];
    reasons
        .iter()
        .find(|r| r.code.as_str() == code)
        .unwrap_or_else(|| panic!("no `{code}` in {reasons:#?}"))
        .message
        .clone()
}

/// Runs every row and reports all mismatches at once.
fn check(products: &str, stale_config: &str, extra: &[(&str, &str)], cases: &[Case<'_>]) {
    let mut failures = Vec::new();
    for case in cases {
        let site = site(products, stale_config, extra, case.front).today(case.today);
        let analysis = site.analyse();
        let errors: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(
            errors.is_empty(),
            "{}: the fixture has errors: {errors:#?}",
            case.name
        );
        let got = codes(&analysis, "content/guides/x.md");
        let mut want = case.expect.to_vec();
        want.sort_unstable();
        if got != want {
            failures.push(format!(
                "{} (today {}): want {want:?}, got {got:?}",
                case.name, case.today
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

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
    assert!(e.message.contains("unknown variant `outdated`"), "{}", e.message);
    assert!(e.message.contains("`outdated-version`"), "{}", e.message);
    assert_eq!(e.help.as_deref(), Some("did you mean `outdated-version`?"));
}

// ---------------------------------------------------------------- eol-upcoming and support-ended

/// Orbit on the days around 2026-12-01: cycle 3 current (no end in sight), cycle 2
/// ending on 2027-03-01, exactly 90 days (the default `warn_days`) after 2026-12-01.
const ORBIT: &str = r#"products:
  - id: orbit
    name: Orbit
    releases:
      - releaseCycle: "3"
        releaseDate: 2026-06-01
        eol: 2029-01-01
        latest: "3.1.0"
        latestReleaseDate: 2026-09-01
      - releaseCycle: "2"
        releaseDate: 2025-01-10
        eol: 2027-03-01
        latest: "2.4.0"
        latestReleaseDate: 2025-09-01
"#;

const ORBIT_2: &str = "title: X\nproduct: orbit\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01";

#[test]
fn eol_upcoming_warns_from_warn_days_ahead_up_to_the_day_before_the_end() {
    check(
        ORBIT,
        "",
        &[],
        &[
            Case {
                name: "warn_days + 1 (91 days)",
                today: "2026-11-30",
                front: ORBIT_2,
                expect: &["outdated-version"],
            },
            Case {
                name: "exactly warn_days (90 days)",
                today: "2026-12-01",
                front: ORBIT_2,
                expect: &["outdated-version", "eol-upcoming"],
            },
            Case {
                name: "warn_days - 1 (89 days)",
                today: "2026-12-02",
                front: ORBIT_2,
                expect: &["outdated-version", "eol-upcoming"],
            },
            Case {
                name: "the day before",
                today: "2027-02-28",
                front: ORBIT_2,
                expect: &["outdated-version", "eol-upcoming"],
            },
            Case {
                name: "the eol day itself is end of life",
                today: "2027-03-01",
                front: ORBIT_2,
                expect: &["outdated-version", "end-of-life"],
            },
            Case {
                name: "a page of the current cycle only",
                today: "2026-12-01",
                front: "title: X\nproduct: orbit\nversions: '>=3.0'\nreviewed: 2026-11-01",
                expect: &[],
            },
            Case {
                name: "one cycle ending, one not",
                today: "2026-12-01",
                front: "title: X\nproduct: orbit\nversions: '>=2.0'\nreviewed: 2026-11-01",
                expect: &[],
            },
            Case {
                name: "by cycles instead of versions",
                today: "2026-12-01",
                front: "title: X\nproduct: orbit\ncycles: [\"2\"]\nreviewed: 2026-11-01",
                expect: &["outdated-version", "eol-upcoming"],
            },
        ],
    );
    let site = site(ORBIT, "", &[], ORBIT_2).today("2027-01-15");
    assert_eq!(
        message(&site.analyse(), "content/guides/x.md", "eol-upcoming"),
        "Orbit 2 reaches end of life on 2027-03-01, in 45 days"
    );
}

#[test]
fn warn_days_comes_from_almanac_yaml() {
    check(
        ORBIT,
        "stale:\n  warn_days: 30\n",
        &[],
        &[
            Case {
                name: "31 days",
                today: "2027-01-29",
                front: ORBIT_2,
                expect: &["outdated-version"],
            },
            Case {
                name: "30 days",
                today: "2027-01-30",
                front: ORBIT_2,
                expect: &["outdated-version", "eol-upcoming"],
            },
        ],
    );
}

#[test]
fn a_page_without_versions_warns_when_the_current_version_reaches_its_end() {
    let ending = ORBIT.replace("eol: 2029-01-01", "eol: 2027-01-10");
    let page = "title: X\nproduct: orbit\nreviewed: 2026-11-01";
    check(
        &ending,
        "",
        &[],
        &[
            Case {
                name: "current cycle 3 ends in 40 days",
                today: "2026-12-01",
                front: page,
                expect: &["eol-upcoming"],
            },
            Case {
                name: "not yet in the window",
                today: "2026-10-01",
                front: page,
                expect: &[],
            },
        ],
    );
}

#[test]
fn a_product_discontinued_within_warn_days_warns_every_page_of_it() {
    let products = ORBIT.replace(
        "    name: Orbit\n",
        "    name: Orbit\n    discontinued: 2027-02-01\n",
    );
    let page = "title: X\nproduct: orbit\nversions: '>=3.0'\nreviewed: 2026-11-01";
    check(
        &products,
        "",
        &[],
        &[
            Case {
                name: "91 days ahead",
                today: "2026-11-02",
                front: page,
                expect: &[],
            },
            Case {
                name: "90 days ahead",
                today: "2026-11-03",
                front: page,
                expect: &["eol-upcoming"],
            },
            Case {
                name: "no versions",
                today: "2026-12-01",
                front: "title: X\nproduct: orbit\nreviewed: 2026-11-01",
                expect: &["eol-upcoming"],
            },
            Case {
                name: "on the day",
                today: "2027-02-01",
                front: page,
                expect: &["end-of-life"],
            },
        ],
    );
    let site = site(&products, "", &[], page).today("2027-01-02");
    assert_eq!(
        message(&site.analyse(), "content/guides/x.md", "eol-upcoming"),
        "Orbit reaches end of life on 2027-02-01, in 30 days"
    );
}

#[test]
fn support_ended_takes_eoas_as_a_date_or_true() {
    let dated = ORBIT.replace(
        "        eol: 2027-03-01\n",
        "        eoas: 2026-09-01\n        eol: 2027-03-01\n",
    );
    let page = "title: X\nproduct: orbit\nversions: '>=2.0, <3.0'\nreviewed: 2026-08-01";
    check(
        &dated,
        "",
        &[],
        &[
            Case {
                name: "the day before eoas",
                today: "2026-08-31",
                front: page,
                expect: &["outdated-version"],
            },
            Case {
                name: "on the eoas date",
                today: "2026-09-01",
                front: page,
                expect: &["outdated-version", "support-ended", "not-reviewed-since-release"],
            },
            Case {
                name: "security fixes only and ending soon",
                today: "2026-12-01",
                front: page,
                expect: &[
                    "outdated-version",
                    "support-ended",
                    "eol-upcoming",
                    "not-reviewed-since-release",
                ],
            },
            Case {
                name: "end of life, not support-ended",
                today: "2027-03-01",
                front: page,
                expect: &["outdated-version", "end-of-life", "not-reviewed-since-release"],
            },
            Case {
                name: "cycles 2 and 3: 3 is still supported",
                today: "2026-09-01",
                front: "title: X\nproduct: orbit\nversions: '>=2.0'\nreviewed: 2026-09-01",
                expect: &[],
            },
        ],
    );
    let since = site(&dated, "", &[], page).today("2026-10-01");
    assert_eq!(
        message(&since.analyse(), "content/guides/x.md", "support-ended"),
        "Orbit 2 gets security fixes only since 2026-09-01"
    );
    let flagged = ORBIT.replace(
        "        eol: 2027-03-01\n",
        "        eoas: true\n        eol: 2027-03-01\n",
    );
    let unflagged = ORBIT.replace(
        "        eol: 2027-03-01\n",
        "        eoas: false\n        eol: 2027-03-01\n",
    );
    let page = "title: X\nproduct: orbit\nversions: '>=2.0, <3.0'\nreviewed: 2026-09-01";
    check(
        &flagged,
        "",
        &[],
        &[Case {
            name: "eoas: true",
            today: "2026-10-01",
            front: page,
            expect: &["outdated-version", "support-ended"],
        }],
    );
    check(
        &unflagged,
        "",
        &[],
        &[Case {
            name: "eoas: false",
            today: "2026-10-01",
            front: page,
            expect: &["outdated-version"],
        }],
    );
    let site = site(&flagged, "", &[], page).today("2026-10-01");
    assert_eq!(
        message(&site.analyse(), "content/guides/x.md", "support-ended"),
        "Orbit 2 gets security fixes only"
    );
}

#[test]
fn the_new_rules_can_be_ignored_site_wide() {
    let dated = ORBIT.replace(
        "        eol: 2027-03-01\n",
        "        eoas: 2026-09-01\n        eol: 2027-03-01\n",
    );
    check(
        &dated,
        "stale:\n  ignore: [eol-upcoming, support-ended]\n",
        &[],
        &[Case {
            name: "both ignored",
            today: "2026-12-01",
            front: ORBIT_2,
            expect: &["outdated-version"],
        }],
    );
}

// ---------------------------------------------------------------- opt-outs with a reason and an end

/// A 2.x page (outdated and end of life on 2026-11-23) that opts out of
/// `end-of-life` until `until`; `stale:` is on line 6 of the file.
fn opted_out(until: &str) -> String {
    let until = if until.is_empty() { String::new() } else { format!("\n  until: {until}") };
    format!(
        "title: X\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01\nstale:\n  ignore: [end-of-life]\n  reason: kept for customers still on 2{until}"
    )
}

fn warnings(analysis: &Analysis) -> Vec<String> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| format!("{} {}", d.code, at(d)))
        .collect()
}

#[test]
fn an_opt_out_holds_until_its_until_day_and_then_the_rules_apply_again() {
    let page = opted_out("2027-06-30");
    check(
        ACME,
        "",
        &[],
        &[
            Case {
                name: "before until",
                today: TODAY,
                front: &page,
                expect: &["outdated-version"],
            },
            Case {
                name: "on until",
                today: "2027-06-30",
                front: &page,
                expect: &["outdated-version"],
            },
            Case {
                name: "the day after until",
                today: "2027-07-01",
                front: &page,
                expect: &["outdated-version", "end-of-life"],
            },
        ],
    );
    let on = site(ACME, "", &[], &page).today("2027-06-30").analyse();
    assert_eq!(warnings(&on), Vec::<String>::new());
    let after = site(ACME, "", &[], &page).today("2027-07-01").analyse();
    assert_eq!(warnings(&after), ["optout-expired content/guides/x.md:6:1"]);
    let warning = &after.diagnostics[0];
    assert_eq!(
        warning.message,
        "the opt-out of end-of-life (\"kept for customers still on 2\") ended on 2027-06-30; its rules apply again"
    );
    assert!(warning.help.as_deref().unwrap().contains("`until:`"), "{warning:?}");
}

#[test]
fn max_optout_days_caps_an_opt_out_from_the_review_date() {
    let far = opted_out("2030-01-01");
    let open = opted_out("");
    let config = "stale:\n  max_optout_days: 30\n";
    check(
        ACME,
        config,
        &[],
        &[
            Case {
                name: "until far away: capped, 30 days after review",
                today: "2026-12-01",
                front: &far,
                expect: &["outdated-version"],
            },
            Case {
                name: "until far away: the day after the cap",
                today: "2026-12-02",
                front: &far,
                expect: &["outdated-version", "end-of-life"],
            },
            Case {
                name: "no until: 30 days after review",
                today: "2026-12-01",
                front: &open,
                expect: &["outdated-version"],
            },
            Case {
                name: "no until: the day after",
                today: "2026-12-02",
                front: &open,
                expect: &["outdated-version", "end-of-life"],
            },
        ],
    );
    let expired = site(ACME, config, &[], &open).today("2026-12-02").analyse();
    let warning = expired
        .diagnostics
        .iter()
        .find(|d| d.code == "optout-expired")
        .expect("an expired opt-out is reported");
    assert!(
        warning
            .message
            .contains("ended on 2026-12-01, stale.max_optout_days (30) after the page's review date"),
        "{}",
        warning.message
    );
}

#[test]
fn an_opt_out_switches_off_only_the_rules_it_names() {
    let page = "title: X\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-01-01\nstale:\n  ignore: [review-overdue, outdated-version]\n  reason: archived\n  until: 2027-01-01";
    check(
        ACME,
        "stale:\n  max_age_days: 300\n",
        &[],
        &[Case {
            name: "two of four rules ignored",
            today: TODAY,
            front: page,
            expect: &["end-of-life", "not-reviewed-since-release"],
        }],
    );
}

#[test]
fn an_unknown_rule_in_a_page_opt_out_is_an_error_with_a_suggestion() {
    let site = Site::new().file("content/products.yaml", ACME).page(
        "guides/a.md",
        "title: A\nstale:\n  ignore: [review-overdue, outdated-versions]\n  reason: x\n  until: 2027-01-01",
        "x\n",
    );
    let built = site.build();
    assert!(!built.report.written);
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(at(errors[0]), "content/guides/a.md:4:28", "{:?}", errors[0]);
    assert!(
        errors[0].message.contains("unknown variant `outdated-versions`"),
        "{}",
        errors[0].message
    );
    assert_eq!(
        errors[0].help.as_deref(),
        Some("did you mean `outdated-version`?")
    );
}

#[test]
fn an_opt_out_needs_a_reason_and_an_end() {
    // (front matter, the start of the message)
    let cases = [
        (
            "title: A\nreviewed: 2026-11-01\nstale:\n  ignore: [review-overdue]\n  until: 2027-01-01",
            "the opt-out of review-overdue gives no `reason`",
        ),
        (
            "title: A\nreviewed: 2026-11-01\nstale:\n  ignore: [review-overdue]\n  reason: \"  \"",
            "the opt-out of review-overdue gives no `reason`",
        ),
        (
            "title: A\nstale:\n  ignore: [review-overdue]\n  reason: kept",
            "the opt-out of review-overdue never ends",
        ),
    ];
    for (front, message) in cases {
        let site = Site::new().page("guides/a.md", front, "x\n");
        let built = site.build();
        let e = built.error("missing-field");
        assert!(e.message.starts_with(message), "{front}: {}", e.message);
        let stale_line = front.lines().position(|l| l == "stale:").unwrap() + 2;
        assert_eq!(at(e), format!("content/guides/a.md:{stale_line}:1"));
        assert!(e.help.is_some(), "{e:?}");
    }
}

// ---------------------------------------------------------------- versions that match nothing

/// Acme with an announced cycle 4, released after 2026-11-23.
fn acme_with_4() -> String {
    ACME.replace(
        "    releases:\n",
        "    releases:\n      - releaseCycle: \"4\"\n        releaseDate: 2027-02-01\n",
    )
}

#[test]
fn versions_that_match_no_released_version_and_no_announced_cycle_are_a_warning() {
    // (front matter after the product, warned?)
    let cases = [
        ("versions: '<1.0'", true),
        ("versions: '>=9.0'", true),
        ("cycles: [\"7\"]", true),
        ("versions: '>=1.0, <2.0'", false),
        ("versions: '>=4.0'", false),
        ("cycles: [\"4\"]", false),
        ("cycles: [\"2\"]", false),
        ("reviewed: 2026-11-01", false),
    ];
    let products = acme_with_4();
    let mut failures = Vec::new();
    for (front, warned) in cases {
        let page = format!("title: X\nproduct: acme\n{front}");
        let analysis = site(&products, "", &[], &page).analyse();
        let got: Vec<String> = warnings(&analysis);
        let want: Vec<String> = if warned {
            vec!["versions-match-nothing content/guides/x.md:4:1".to_string()]
        } else {
            Vec::new()
        };
        if got != want {
            failures.push(format!("{front}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    let analysis = site(&products, "", &[], "title: X\nproduct: acme\nversions: '<1.0'").analyse();
    let warning = &analysis.diagnostics[0];
    assert_eq!(
        warning.message,
        "versions `<1.0` match no released version and no announced cycle of Acme Cloud; Acme Cloud's cycles are 4, 3, 2, 1"
    );
    assert!(warning.help.is_some());
}

#[test]
fn check_strict_fails_on_versions_that_match_nothing() {
    // `outdated-version` is off, so the page is not stale: only the warning can fail it.
    let page = |versions: &str| {
        Site::new()
            .file(
                "almanac.yaml",
                "title: T\nbase_url: https://docs.example.com/\nstale:\n  ignore: [outdated-version]\n",
            )
            .file("content/products.yaml", ACME)
            .page(
            "guides/a.md",
            &format!("title: A\nproduct: acme\nversions: '{versions}'\nreviewed: 2026-11-20"),
            "x\n",
        )
    };
    let nothing = page(">=9.0");
    let (code, stdout, _) = nothing.run(&["check", "--today", TODAY, "--format", "json"]);
    assert_eq!(code, 0, "a warning alone passes: {stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["stale"], serde_json::json!([]), "{json}");
    assert_eq!(json["warnings"][0]["code"], "versions-match-nothing", "{json}");
    assert_eq!(json["warnings"][0]["file"], "content/guides/a.md");
    assert_eq!(json["warnings"][0]["line"], 4);
    assert_eq!(json["warnings"][0]["column"], 1);
    let (code, _, _) = nothing.run(&["check", "--today", TODAY, "--strict"]);
    assert_eq!(code, 1, "--strict fails on it");
    let fine = page(">=3.0");
    let (code, stdout, _) = fine.run(&["check", "--today", TODAY, "--strict"]);
    assert_eq!(code, 0, "{stdout}");
}

// ---------------------------------------------------------------- a fix for every flag

/// One row: on `today`, the page `front` gets `code` with exactly this fix and date.
struct FixCase<'a> {
    today: &'static str,
    products: &'a str,
    front: &'static str,
    code: &'static str,
    fix: &'static str,
    date: Option<&'static str>,
}

#[test]
fn every_reason_says_what_to_do_with_the_exact_values() {
    let orbit_security = ORBIT.replace(
        "        eol: 2027-03-01\n",
        "        eoas: 2026-09-01\n        eol: 2027-03-01\n",
    );
    let rows = [
        FixCase {
            today: TODAY,
            products: ACME,
            front: "title: X\nproduct: acme\nversions: '>=2.0, <3.0'",
            code: "outdated-version",
            fix: "narrow versions to \">=3.0\" or update the page for 3.2.0",
            date: None,
        },
        FixCase {
            today: TODAY,
            products: ACME,
            front: "title: X\nproduct: acme\ncycles: [\"2\"]",
            code: "outdated-version",
            fix: "set cycles to [\"3\"] or update the page for 3.2.0",
            date: None,
        },
        FixCase {
            today: TODAY,
            products: ACME,
            front: "title: X\nproduct: acme\nreviewed: 2026-10-13",
            code: "not-reviewed-since-release",
            fix: "check the page against 3.2.0, then set reviewed: 2026-11-23",
            date: Some("2026-10-14"),
        },
        FixCase {
            today: TODAY,
            products: ACME,
            front: "title: X\nproduct: acme\nversions: '>=3.0'\nreviewed: 2025-11-22",
            code: "review-overdue",
            fix: "check the page against 3.2.0, then set reviewed: 2026-11-23",
            date: Some("2025-11-22"),
        },
        FixCase {
            today: TODAY,
            products: ACME,
            front: "title: X\nreviewed: 2025-11-22",
            code: "review-overdue",
            fix: "check the page, then set reviewed: 2026-11-23",
            date: Some("2025-11-22"),
        },
        FixCase {
            today: TODAY,
            products: ACME,
            front: "title: X\nproduct: acme\nversions: '>=2.0, <3.0'",
            code: "end-of-life",
            fix: "link the migration guide, or set stale: false if the page is kept for reference",
            date: Some("2026-06-30"),
        },
        FixCase {
            today: "2026-12-01",
            products: ORBIT,
            front: ORBIT_2,
            code: "eol-upcoming",
            fix: "add a migration link before 2027-03-01",
            date: Some("2027-03-01"),
        },
        FixCase {
            today: "2026-12-01",
            products: &orbit_security,
            front: ORBIT_2,
            code: "support-ended",
            fix: "say that Orbit 2 gets security fixes only, and link the upgrade to 3.1.0",
            date: Some("2026-09-01"),
        },
    ];
    let mut failures = Vec::new();
    for row in &rows {
        let analysis = site(row.products, "", &[], row.front).today(row.today).analyse();
        let reasons = &analysis.stale.per_page[page_id(&analysis, "content/guides/x.md")];
        let Some(reason) = reasons.iter().find(|r| r.code.as_str() == row.code) else {
            failures.push(format!("{}: no `{}` in {reasons:?}", row.front, row.code));
            continue;
        };
        let date = reason.date.map(|d| d.to_string());
        if reason.fix != row.fix || date.as_deref() != row.date {
            failures.push(format!(
                "{} `{}`: want {:?} {:?}, got {:?} {date:?}",
                row.front, row.code, row.fix, row.date, reason.fix
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn check_json_gives_each_reason_its_fix_and_date() {
    let site = site(ORBIT, "", &[], ORBIT_2).today("2026-12-01");
    let (code, stdout, _) = site.run(&["check", "--format", "json", "--today", "2026-12-01"]);
    assert_eq!(code, 0, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        json["stale"][0]["reasons"][1],
        serde_json::json!({
            "code": "eol-upcoming",
            "message": "Orbit 2 reaches end of life on 2027-03-01, in 90 days",
            "fix": "add a migration link before 2027-03-01",
            "date": "2027-03-01"
        })
    );
    let (_, text, _) = site.run(&["check", "--today", "2026-12-01"]);
    assert!(
        text.contains("    content/guides/x.md: Orbit 2 reaches end of life on 2027-03-01, in 90 days\n      = help: add a migration link before 2027-03-01\n"),
        "{text}"
    );
}
