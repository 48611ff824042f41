//! Broken-link severity (`links: {broken: error|warn}` in almanac.yaml) and the
//! summary of many warnings: what each command exits with and what it writes.

mod common;
use common::*;

const CONFIG: &str = "title: Test Site\nbase_url: https://docs.example.com/\n";

/// The `links:` block a case adds to almanac.yaml.
#[derive(Clone, Copy, Debug)]
enum Links {
    /// No `links:` key: the default.
    Unset,
    Error,
    Warn,
}

/// A site with a guide, and a FAQ page linking to it with a typo when `broken`.
/// No page is stale, so `--strict` can only fail on the link.
fn site(links: Links, broken: bool) -> Site {
    let block = match links {
        Links::Unset => "",
        Links::Error => "links: {broken: error}\n",
        Links::Warn => "links:\n  broken: warn\n",
    };
    let target = if broken { "instal.md" } else { "install.md" };
    Site::new()
        .file("almanac.yaml", &format!("{CONFIG}{block}"))
        .page("guides/install.md", "title: Install", "Install it.\n")
        .page(
            "faq/q.md",
            "title: Question",
            &format!("See [the guide](../guides/{target}).\n"),
        )
}

/// One row: a site, a command, and what it must exit with and print.
struct Case {
    links: Links,
    broken: bool,
    args: &'static [&'static str],
    exit: i32,
    /// For `build`: whether the site was written.
    written: Option<bool>,
    /// Must appear in stdout + stderr.
    says: &'static [&'static str],
    /// Must not appear in stdout + stderr.
    never: &'static [&'static str],
}

const BUILD: &[&str] = &["build"];
const CHECK: &[&str] = &["check"];
const STRICT: &[&str] = &["check", "--strict"];
const JSON: &[&str] = &["check", "--format", "json"];
const JSON_STRICT: &[&str] = &["check", "--format", "json", "--strict"];

#[test]
fn severity_command_and_strict_decide_the_exit_code_and_the_output() {
    use Links::{Error, Unset, Warn};
    let case = |links, broken, args, exit, written, says, never| Case {
        links,
        broken,
        args,
        exit,
        written,
        says,
        never,
    };
    #[rustfmt::skip]
    let cases = [
        // build: an error stops it, a warning is printed and the site is written.
        case(Unset, true, BUILD, 1, Some(false), &["error[missing-page]", "Build failed", "1 error, 0 warnings"], &["warning["]),
        case(Error, true, BUILD, 1, Some(false), &["error[missing-page]", "1 error"], &["warning["]),
        case(Warn, true, BUILD, 0, Some(true), &["warning[missing-page]", "help: did you mean `../guides/install.md`?", "1 warning, 0 errors"], &["error["]),
        case(Warn, false, BUILD, 0, Some(true), &["0 warnings, 0 errors"], &["warning[", "error["]),
        // check (text): --strict also fails on warnings.
        case(Unset, true, CHECK, 1, None, &["error[missing-page]", "1 error (1 broken link), 0 warnings"], &["warning["]),
        case(Error, true, STRICT, 1, None, &["error[missing-page]"], &["warning["]),
        case(Warn, true, CHECK, 0, None, &["warning[missing-page]", "0 errors, 1 warning (1 broken link)"], &["error["]),
        case(Warn, true, STRICT, 1, None, &["warning[missing-page]"], &["error["]),
        case(Warn, false, STRICT, 0, None, &["0 errors, 0 warnings (0 broken links)"], &["warning[", "error["]),
        case(Unset, false, STRICT, 0, None, &["0 errors (0 broken links), 0 warnings"], &["warning[", "error["]),
        // check --format json: each broken link says its severity; the summary counts it.
        case(Error, true, JSON, 1, None, &[r#""severity": "error""#, r#""errors": 1,"#, r#""warnings": 0"#], &[r#""severity": "warning""#]),
        case(Warn, true, JSON, 0, None, &[r#""severity": "warning""#, r#""errors": 0,"#, r#""warnings": 1"#], &[r#""severity": "error""#]),
        case(Warn, true, JSON_STRICT, 1, None, &[r#""severity": "warning""#], &[]),
        case(Warn, false, JSON_STRICT, 0, None, &[r#""broken_links": []"#], &[]),
    ];
    let mut failures = Vec::new();
    for case in &cases {
        let site = site(case.links, case.broken);
        let mut args = case.args.to_vec();
        args.extend(["--today", TODAY]);
        let (exit, stdout, stderr) = site.run(&args);
        let printed = format!("{stdout}{stderr}");
        let name = format!(
            "{:?}, {} broken link, `{}`",
            case.links,
            if case.broken { "a" } else { "no" },
            case.args.join(" ")
        );
        if exit != case.exit {
            failures.push(format!("{name}: exit {exit}, want {}", case.exit));
        }
        if let Some(want) = case.written {
            let written = site.out().join("faq/q/index.html").exists();
            if written != want {
                failures.push(format!("{name}: site written: {written}, want {want}"));
            }
        }
        for text in case.says.iter().filter(|t| !printed.contains(**t)) {
            failures.push(format!("{name}: does not say {text:?}"));
        }
        for text in case.never.iter().filter(|t| printed.contains(**t)) {
            failures.push(format!("{name}: says {text:?}"));
        }
        if !failures.is_empty() && failures.last().unwrap().starts_with(&name) {
            failures.push(format!("{name}: printed\n{printed}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_wrong_links_block_is_a_located_error() {
    let cases = [
        (
            "links: {broken: maybe}\n",
            "almanac.yaml:3:17",
            "unknown variant `maybe`, expected `error` or `warn`",
        ),
        (
            "links:\n  brokn: warn\n",
            "almanac.yaml:4:3",
            "unknown field `brokn`, expected `broken`",
        ),
        (
            "links: warn\n",
            "almanac.yaml:3:8",
            "invalid type: string \"warn\", expected a mapping such as `{broken: warn}`",
        ),
    ];
    let mut failures = Vec::new();
    for (block, place, message) in cases {
        let site = Site::new()
            .file("almanac.yaml", &format!("{CONFIG}{block}"))
            .page("guides/a.md", "title: A", "x\n");
        let built = site.build();
        let errors = built.errors();
        let ok = !built.report.written
            && errors.len() == 1
            && errors[0].code == "invalid-yaml"
            && at(errors[0]) == place
            && errors[0].message.contains(message);
        if !ok {
            failures.push(format!(
                "{block:?}: want {place} {message:?}, got {errors:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// A site in warn mode whose page `faq/q.md` has `missing` links to missing files and
/// `unknown` wikilinks to no page.
fn many_broken(links: Links, missing: usize, unknown: usize) -> Site {
    let block = match links {
        Links::Warn => "links: {broken: warn}\n",
        _ => "",
    };
    let mut body = String::new();
    for i in 0..missing {
        body.push_str(&format!("[file {i}](/files/missing-{i}.pdf)\n"));
    }
    for i in 0..unknown {
        body.push_str(&format!("[[No Such Page {i}]]\n"));
    }
    Site::new()
        .file("almanac.yaml", &format!("{CONFIG}{block}"))
        .page("faq/q.md", "title: Question", &body)
}

fn headings(text: &str, prefix: &str) -> usize {
    text.lines().filter(|l| l.starts_with(prefix)).count()
}

#[test]
fn thirty_broken_links_as_warnings_print_twenty_and_a_count_per_code() {
    let site = many_broken(Links::Warn, 25, 5);
    let (exit, stdout, stderr) = site.run(&["build", "--today", TODAY]);
    assert_eq!(exit, 0, "{stdout}{stderr}");
    assert!(stdout.contains("30 warnings, 0 errors"), "{stdout}");
    assert_eq!(headings(&stderr, "warning["), 20, "{stderr}");
    let footer = "30 warnings, by code:\n  25 missing-file\n   5 unknown-wikilink\n\
                  10 more warnings not shown (the first 20 are above); \
                  `almanac check --format json` lists them all\n";
    assert!(stderr.contains(footer), "{stderr}");
    assert!(site.out().join("faq/q/index.html").exists());

    let (exit, stdout, _) = site.run(&["check", "--today", TODAY]);
    assert_eq!(exit, 0);
    assert_eq!(headings(&stdout, "warning["), 20, "{stdout}");
    assert!(stdout.contains(footer), "{stdout}");

    let (exit, stdout, _) = site.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(exit, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let links = json["broken_links"].as_array().unwrap();
    assert_eq!(links.len(), 30, "{stdout}");
    assert!(links.iter().all(|l| l["severity"] == "warning"), "{stdout}");
    assert_eq!(json["summary"]["warnings"], 30);
    assert_eq!(json["summary"]["errors"], 0);
}

#[test]
fn errors_are_printed_in_full_up_to_a_hundred_then_counted() {
    let cases = [(100, 100, None), (101, 100, Some("1 more error not shown"))];
    for (count, shown, footer) in cases {
        let site = many_broken(Links::Unset, count, 0);
        let (exit, _, stderr) = site.run(&["build", "--today", TODAY]);
        assert_eq!(exit, 1);
        assert_eq!(headings(&stderr, "error["), shown, "{count} errors");
        match footer {
            Some(footer) => {
                let by_code = format!("{count} errors, by code:\n  {count} missing-file\n");
                assert!(stderr.contains(&by_code), "{stderr}");
                assert!(stderr.contains(footer), "{stderr}");
            }
            None => assert!(!stderr.contains("not shown"), "{stderr}"),
        }
    }
}
