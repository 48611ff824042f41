//! `eol-upcoming` and `support-ended`: the window of `stale.warn_days` at its
//! edges, `eoas` as a date and as `true`, a product discontinued within the window.

mod common;
use common::rules::*;

// ---------------------------------------------------------------- eol-upcoming and support-ended

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
                expect: &[
                    "outdated-version",
                    "support-ended",
                    "not-reviewed-since-release",
                ],
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
                expect: &[
                    "outdated-version",
                    "end-of-life",
                    "not-reviewed-since-release",
                ],
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
