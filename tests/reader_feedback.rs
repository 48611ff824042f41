//! Reader feedback exports (`data/feedback.jsonl`, `data/feedback.csv`) read into
//! `almanac check` and the health page: votes and the share of "no" per page over
//! the last 90 days, pages that need a writer first, malformed lines as warnings.

mod common;
use common::*;

use serde_json::Value;

/// Three guides on 2026-11-23: `stale` is overdue for review, the others are fresh.
fn site() -> Site {
    Site::new()
        .page(
            "guides/confusing.md",
            "title: Confusing\nreviewed: 2026-11-01",
            "x\n",
        )
        .page(
            "guides/stale.md",
            "title: Stale\nreviewed: 2024-01-01",
            "x\n",
        )
        .page(
            "guides/loved.md",
            "title: Loved\nreviewed: 2026-11-01",
            "x\n",
        )
}

fn vote(date: &str, page: &str, helpful: bool) -> String {
    format!("{{\"date\": \"{date}\", \"page\": \"{page}\", \"helpful\": {helpful}, \"comment\": \"\"}}\n")
}

/// Feedback rows of the health page as (title, votes, no, share, status).
fn health_rows(html: &str) -> Vec<String> {
    let table = between(html, "<h2 id=\"feedback-health-title\">", "</section>");
    table
        .split("<tr><th scope=\"row\">")
        .skip(1)
        .map(|row| {
            let title = between(row, "\">", "</a>")
                .trim_start_matches("\">")
                .to_string();
            let cells: Vec<&str> = row
                .split("<td>")
                .skip(1)
                .map(|c| c.split("</td>").next().unwrap())
                .collect();
            let status = cells[3]
                .replace("<span class=\"badge badge-danger\">", "")
                .replace("<span class=\"badge badge-warn\">", "")
                .replace("</span>", "");
            format!(
                "{title}: {} votes, {} no, {}, {}",
                cells[0],
                cells[1],
                cells[2],
                status.trim()
            )
            .trim_end()
            .to_string()
        })
        .collect()
}

#[test]
fn the_health_page_lists_votes_per_page_with_many_no_and_stale_pages_first() {
    let mut export = String::new();
    for _ in 0..3 {
        export += &vote("2026-11-20", "/guides/confusing/", false);
    }
    export += &vote("2026-11-20", "/guides/confusing/", true);
    export += &vote("2026-10-01", "/guides/stale/", true);
    for _ in 0..5 {
        export += &vote("2026-11-22", "/guides/loved/", true);
    }
    export += &vote(
        "2026-11-22",
        "https://docs.example.com/guides/loved/#steps",
        false,
    );
    export += &vote("2026-11-21", "/guides/deleted/", false);
    let site = site().file("data/feedback.jsonl", &export);
    let built = site.build_ok();
    assert!(
        built.report.diagnostics.is_empty(),
        "{:#?}",
        built.report.diagnostics
    );
    let health = built.main("/health/");
    assert_eq!(
        health_rows(&health),
        [
            "Confusing: 4 votes, 3 no, 75%, many “no”",
            "Stale: 1 votes, 0 no, 0%, stale",
            "Loved: 6 votes, 1 no, 16%,",
        ]
    );
    assert!(health.contains("12 votes from <code>data/feedback.jsonl</code>; 1 of them for pages this site no longer has"), "{health}");
    assert!(
        health.contains("(last 90 days, since 26 August 2026)"),
        "{health}"
    );
}

#[test]
fn only_the_last_90_days_count_relative_to_today() {
    // (vote date, counted on 2026-11-23): today and the 89 days before it.
    let cases = [
        ("2026-11-23", true),
        ("2026-08-26", true),
        ("2026-08-25", false),
        ("2026-11-24", false),
        ("2025-11-23", false),
    ];
    let export: String = cases
        .iter()
        .map(|(date, _)| vote(date, "/guides/loved/", false))
        .collect();
    let site = site().file("data/feedback.jsonl", &export);
    let (_, stdout, _) = site.run(&["check", "--format", "json", "--today", TODAY]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let counted = cases.iter().filter(|(_, counted)| *counted).count();
    assert_eq!(json["feedback"]["votes"], counted, "{}", json["feedback"]);
    assert_eq!(json["feedback"]["since"], "2026-08-26");
    let page = &json["feedback"]["pages"][0];
    assert_eq!(
        (
            page["file"].as_str(),
            page["votes"].as_u64(),
            page["no"].as_u64(),
            page["no_percent"].as_u64()
        ),
        (Some("content/guides/loved.md"), Some(2), Some(2), Some(100))
    );
    let (_, later, _) = site.run(&["check", "--format", "json", "--today", "2026-11-24"]);
    let later: Value = serde_json::from_str(&later).unwrap();
    assert_eq!(
        later["feedback"]["votes"], 2,
        "--today moves the window: {}",
        later["feedback"]
    );
    assert_eq!(later["feedback"]["since"], "2026-08-27");
}

#[test]
fn check_prints_the_pages_by_their_votes_and_without_an_export_says_nothing() {
    let export =
        vote("2026-11-20", "/guides/stale/", false) + &vote("2026-11-20", "/guides/loved/", true);
    let site = site().file("data/feedback.jsonl", &export);
    let (code, stdout, _) = site.run(&["check", "--today", TODAY]);
    assert_eq!(code, 0, "{stdout}");
    let part = between(&stdout, "feedback since", "pages checked");
    assert_eq!(
        part,
        "feedback since 2026-08-26 (90 days): 2 votes\n  content/guides/stale.md: 1 vote, 1 no (100%) [stale]\n  content/guides/loved.md: 1 vote, 0 no (0%)\n3 "
    );
    let without = self::site();
    let (_, stdout, _) = without.run(&["check", "--today", TODAY]);
    assert!(!stdout.contains("feedback"), "{stdout}");
    let (_, json, _) = without.run(&["check", "--format", "json", "--today", TODAY]);
    assert!(!json.contains("\"feedback\""), "{json}");
    assert!(!without
        .build_ok()
        .page("/health/")
        .contains("Reader feedback"));
}

#[test]
fn malformed_lines_are_warnings_with_file_line_and_column_and_the_rest_still_count() {
    let export = [
        vote("2026-11-20", "/guides/loved/", true),
        "{\"date\": \"2026-11-20\", \"page\": \"/guides/loved/\"}\n".to_string(),
        "{\"date\": \"20/11/2026\", \"page\": \"/guides/loved/\", \"helpful\": true}\n".to_string(),
        "{\"date\": \"2026-11-20\", \"page\": \"/guides/loved/\", \"helpful\": \"maybe\"}\n"
            .to_string(),
        "\n".to_string(),
        "{\"date\": \"2026-11-20\", \"page\": \"/guides/loved/\" \"helpful\": true}\n".to_string(),
        "[1, 2]\n".to_string(),
        vote("2026-11-21", "/guides/loved/", false),
    ]
    .concat();
    let site = site().file("data/feedback.jsonl", &export);
    let built = site.build_ok();
    let warnings: Vec<(String, String)> = built
        .report
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.code, "malformed-feedback");
            assert!(
                d.help.as_deref().unwrap().contains("one vote per line"),
                "{d}"
            );
            (at(d), d.message.clone())
        })
        .collect();
    assert_eq!(
        warnings,
        [
            ("data/feedback.jsonl:2:1".to_string(), "this vote has no `helpful`; this vote is not counted".to_string()),
            ("data/feedback.jsonl:3:10".to_string(), "`date` must be a date such as \"2026-11-20\" (or a timestamp starting with one), not \"20/11/2026\"; this vote is not counted".to_string()),
            ("data/feedback.jsonl:4:61".to_string(), "`helpful` must be true or false, not \"maybe\"; this vote is not counted".to_string()),
            ("data/feedback.jsonl:6:49".to_string(), "not a JSON object: expected `,` or `}`; this vote is not counted".to_string()),
            ("data/feedback.jsonl:7:1".to_string(), "not a JSON object: a vote is `{…}` with `date`, `page` and `helpful`; this vote is not counted".to_string()),
        ]
    );
    assert!(
        health_rows(&built.main("/health/")).contains(&"Loved: 2 votes, 1 no, 50%,".to_string())
    );
    let printed = built.report.diagnostics[2].to_string();
    assert!(
        printed.contains("4 | {\"date\""),
        "the source line is shown: {printed}"
    );
}

#[test]
fn a_csv_export_is_read_by_its_header_and_its_bad_rows_are_located() {
    let csv = "\u{feff}page,Date,helpful,comment\n\
        /guides/confusing/,2026-11-20,no,\"Step 3 fails, \"\"401\"\"\"\n\
        /guides/confusing/,2026-11-20T08:00:00Z,No,\n\
        /guides/confusing/,2026-11-21,0,\n\
        /guides/loved/,2026-11-21,yes,\n\
        /guides/loved/,2026-11-21,maybe,\n\
        /guides/loved/,2026-11-21\n\
        /guides/loved/,2026-11-21,yes,\"never closed\n";
    let site = site().file("data/feedback.csv", csv);
    let built = site.build_ok();
    let warnings: Vec<(String, &str)> = built
        .report
        .diagnostics
        .iter()
        .map(|d| (at(d), d.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            ("data/feedback.csv:6:27".to_string(), "`helpful` must be yes or no (true/false, 1/0), not `maybe`; this vote is not counted"),
            ("data/feedback.csv:7:26".to_string(), "this row has 2 fields, and no `helpful`; this vote is not counted"),
            ("data/feedback.csv:8:31".to_string(), "a quoted field is never closed (a vote is one line); this vote is not counted"),
        ]
    );
    assert_eq!(
        health_rows(&built.main("/health/")),
        [
            "Confusing: 3 votes, 3 no, 100%, many “no”",
            "Loved: 1 votes, 0 no, 0%,"
        ]
    );

    let headless = self::site().file(
        "data/feedback.csv",
        "when,page,helpful\n2026-11-20,/guides/loved/,yes\n",
    );
    let built = headless.build_ok();
    let problem = &built.report.diagnostics[0];
    assert_eq!(
        (at(problem), problem.code),
        ("data/feedback.csv:1:1".to_string(), "malformed-feedback")
    );
    assert!(
        problem
            .message
            .starts_with("the header row has no `date` column"),
        "{}",
        problem.message
    );
    assert!(built
        .main("/health/")
        .contains("No votes in the last 90 days."));
}
