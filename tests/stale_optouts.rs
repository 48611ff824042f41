//! Opt-outs with a reason and an end, `versions-match-nothing`, and the fix and
//! date every stale reason carries.

mod common;
use common::rules::*;
use common::*;

const ACME: &str = ACME_PRODUCTS;

// ---------------------------------------------------------------- opt-outs with a reason and an end

/// A 2.x page (outdated and end of life on 2026-11-23) that opts out of
/// `end-of-life` until `until`; `stale:` is on line 6 of the file.
fn opted_out(until: &str) -> String {
    let until = if until.is_empty() {
        String::new()
    } else {
        format!("\n  until: {until}")
    };
    format!(
        "title: X\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01\nstale:\n  ignore: [end-of-life]\n  reason: kept for customers still on 2{until}"
    )
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
    assert!(
        warning.help.as_deref().unwrap().contains("`until:`"),
        "{warning:?}"
    );
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
        warning.message.contains(
            "ended on 2026-12-01, stale.max_optout_days (30) after the page's review date"
        ),
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
        errors[0]
            .message
            .contains("unknown variant `outdated-versions`"),
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
    let analysis = site(
        &products,
        "",
        &[],
        "title: X\nproduct: acme\nversions: '<1.0'",
    )
    .analyse();
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
    assert_eq!(
        json["warnings"][0]["code"], "versions-match-nothing",
        "{json}"
    );
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
        let analysis = site(row.products, "", &[], row.front)
            .today(row.today)
            .analyse();
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
