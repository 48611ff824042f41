//! Real-world product data: endoflife.date product files as they are, and
//! versions beyond semver (issue 7).

mod common;
use common::*;

/// A sample of endoflife.date product files as published (MIT, see its LICENSE).
fn endoflife_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/endoflife")
}

#[test]
fn every_real_endoflife_product_file_loads_and_gets_a_support_matrix() {
    let dir = endoflife_dir();
    assert!(
        dir.is_dir(),
        "expected the endoflife.date sample at {}",
        dir.display()
    );
    let site = Site::new().dir("content/products");
    let mut ids = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && name != "README.md" {
            std::fs::copy(
                entry.path(),
                site.root().join("content/products").join(&name),
            )
            .unwrap();
            ids.push(name.trim_end_matches(".md").to_string());
        }
    }
    assert!(ids.len() >= 100, "only {} product files found", ids.len());
    let built = site.build_ok();
    assert!(
        built.report.diagnostics.is_empty(),
        "{:#?}",
        built.report.diagnostics
    );
    for id in &ids {
        let page = built.main(&format!("/products/{id}/"));
        assert!(
            page.contains("class=\"support-matrix\""),
            "{id} has no support matrix"
        );
    }
    let debian = built.main("/products/debian/");
    assert!(
        debian.contains("<h1>Debian</h1>"),
        "display name comes from `title`"
    );
    assert!(
        debian.contains("Debian Long-Term Support"),
        "the Markdown body is the overview"
    );
    assert!(
        debian.contains("(Trixie)"),
        "codenames appear in the matrix"
    );
}

#[test]
fn unknown_product_and_release_fields_reach_templates_under_extra() {
    let product = "---\ntitle: PHP Thing\ncategory: framework\nreleases:\n  - releaseCycle: \"1.4\"\n    releaseDate: 2025-01-01\n    eol: false\n    latest: \"1.4.8.0\"\n    supportedPhpVersions: \"8.2 - 8.4\"\n---\n\nPolicy text.\n";
    let site = Site::new()
        .file("content/products/php-thing.md", product)
        .file(
            "templates/product.html",
            "{% extends \"base.html\" %}{% block main %}category={{ product.extra.category }} php={{ product.cycles[0].extra.supportedPhpVersions }}{% endblock main %}",
        );
    let built = site.build_ok();
    let page = built.page("/products/php-thing/");
    assert!(page.contains("category=framework php=8.2 - 8.4"), "{page}");
}

#[test]
fn a_product_defined_twice_names_both_places() {
    let site = Site::new()
        .file(
            "content/products.yaml",
            "products:\n  - id: acme\n    name: Acme\n",
        )
        .file(
            "content/products/acme.yaml",
            "name: Acme again\nreleases: []\n",
        );
    let built = site.build();
    let error = built.error("duplicate-product");
    assert!(
        error.message.contains("content/products.yaml:2"),
        "{}",
        error.message
    );
    assert_eq!(at(error), "content/products/acme.yaml:1:1");
}

// ---------------------------------------------------------------- values that are not versions

/// A product file whose cycle "2" has `latest: {LATEST}` (line 12, column 13).
/// Cycle "2" has the newest `latestReleaseDate`; cycles "2" and "1" have ended.
const ODD_PRODUCT: &str = "---
title: Odd Product
releases:
  - releaseCycle: \"3\"
    releaseDate: 2026-03-01
    eol: 2028-01-01
    latest: \"3.1.0\"
    latestReleaseDate: 2026-09-01
  - releaseCycle: \"2\"
    releaseDate: 2025-03-01
    eol: 2026-06-30
    latest: {LATEST}
    latestReleaseDate: 2026-10-01
  - releaseCycle: \"1\"
    releaseDate: 2024-01-01
    eol: 2025-01-01
    latest: \"1.9\"
---

Odd versions, as real product files have them.
";

/// One shape of `latest` as real product files write it.
struct OddLatest {
    /// The YAML after `latest: `.
    written: &'static str,
    /// What the support matrix shows (the value as written).
    shown: &'static str,
    /// Whether almanac warns that it is not a version.
    warns: bool,
}

/// The text as Tera's autoescape writes it into HTML.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The stale reasons of the guide titled `title`, sorted.
fn reasons(analysis: &almanac::build::Analysis, title: &str) -> Vec<&'static str> {
    let id = analysis
        .site
        .pages
        .iter()
        .position(|p| p.meta.title == title)
        .unwrap_or_else(|| panic!("no page `{title}`"));
    let mut codes: Vec<&str> = analysis.stale.per_page[id]
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    codes.sort_unstable();
    codes
}

/// What must hold for one shape; returns every mismatch.
fn check_odd_latest(case: &OddLatest) -> Vec<String> {
    let mut failures = Vec::new();
    let mut fail = |what: String| failures.push(format!("latest: {} — {what}", case.written));
    let site = Site::new()
        .file(
            "content/products/odd.md",
            &ODD_PRODUCT.replace("{LATEST}", case.written),
        )
        .page(
            "guides/new.md",
            "title: New\nproduct: odd\nversions: \">=3.0\"\nreviewed: 2026-11-01",
            "x\n",
        )
        .page(
            "guides/old.md",
            "title: Old\nproduct: odd\nversions: \"<3\"\nreviewed: 2026-11-01",
            "x\n",
        )
        .page(
            "guides/cycle.md",
            "title: Cycle\nproduct: odd\ncycles: [\"2\"]\nreviewed: 2026-09-15",
            "x\n",
        );
    let built = site.build();
    if !built.report.written {
        fail(format!("build failed: {:#?}", built.report.diagnostics));
        return failures;
    }
    let warnings: Vec<String> = built
        .report
        .diagnostics
        .iter()
        .map(|d| format!("{:?} {} {}", d.severity, d.code, at(d)))
        .collect();
    let expected: Vec<String> = if case.warns {
        vec!["Warning unparsed-version content/products/odd.md:12:13".into()]
    } else {
        Vec::new()
    };
    if warnings != expected {
        fail(format!("want {expected:?}, got {warnings:?}"));
    }
    let page = built.main("/products/odd/");
    let rows: Vec<&str> = page.split("<th scope=\"row\">").skip(1).collect();
    let names: Vec<&str> = rows.iter().map(|r| &r[..r.find('<').unwrap()]).collect();
    if names != ["3", "2", "1"] {
        fail(format!("matrix rows {names:?}, want cycles as written"));
    }
    // The cells of a row: release date, then latest.
    let latest_cell = rows
        .get(1)
        .and_then(|row| row.split("<td>").nth(2))
        .map(|cell| &cell[..cell.find('<').unwrap_or(cell.len())]);
    if latest_cell != Some(html(case.shown).as_str()) {
        fail(format!(
            "cycle 2 shows latest {latest_cell:?}, want `{}`",
            case.shown
        ));
    }
    if !page.contains("Current version 3.1.0") {
        fail("current version is not 3.1.0, the newest version".into());
    }
    let analysis = site.analyse();
    let stale = [
        ("New", vec![]),
        ("Old", vec!["end-of-life", "outdated-version"]),
        (
            "Cycle",
            vec![
                "end-of-life",
                "not-reviewed-since-release",
                "outdated-version",
            ],
        ),
    ];
    for (title, want) in stale {
        let got = reasons(&analysis, title);
        if got != want {
            fail(format!("page {title}: want {want:?}, got {got:?}"));
        }
    }
    failures
}

#[test]
fn a_latest_that_is_not_a_version_is_a_warning_shown_as_written_and_never_compared() {
    let cases = [
        // placeholders
        OddLatest {
            written: "\"N/A\"",
            shown: "N/A",
            warns: true,
        },
        OddLatest {
            written: "N/A",
            shown: "N/A",
            warns: true,
        },
        OddLatest {
            written: "\"TBD\"",
            shown: "TBD",
            warns: true,
        },
        OddLatest {
            written: "\"-\"",
            shown: "-",
            warns: true,
        },
        OddLatest {
            written: "\"\"",
            shown: "—",
            warns: true,
        },
        OddLatest {
            written: "true",
            shown: "true",
            warns: true,
        },
        // patch labels
        OddLatest {
            written: "\"SP2\"",
            shown: "SP2",
            warns: true,
        },
        // build numbers in parentheses
        OddLatest {
            written: "\"4.2.1 (build 1234)\"",
            shown: "4.2.1 (build 1234)",
            warns: true,
        },
        OddLatest {
            written: "\"16.0 (20A362)\"",
            shown: "16.0 (20A362)",
            warns: true,
        },
        // underscores
        OddLatest {
            written: "\"8_2_1\"",
            shown: "8_2_1",
            warns: true,
        },
        OddLatest {
            written: "\"R2024_1\"",
            shown: "R2024_1",
            warns: true,
        },
        // markup is escaped, never interpreted
        OddLatest {
            written: "\"<unknown> & 'soon'\"",
            shown: "<unknown> & 'soon'",
            warns: true,
        },
        // a version with a text suffix is a version (2.4 < 2.4 Patch 3 < 2.5)
        OddLatest {
            written: "\"2.4 Patch 3\"",
            shown: "2.4 Patch 3",
            warns: false,
        },
        OddLatest {
            written: "\"2.9.4\"",
            shown: "2.9.4",
            warns: false,
        },
    ];
    let failures: Vec<String> = cases.iter().flat_map(check_odd_latest).collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_warning_says_what_was_expected_and_what_almanac_does_with_the_value() {
    let site = Site::new().file(
        "content/products/odd.md",
        &ODD_PRODUCT.replace("{LATEST}", "\"16.0 (20A362)\""),
    );
    let built = site.build_ok();
    let [warning] = built.report.diagnostics.as_slice() else {
        panic!("want one warning: {:#?}", built.report.diagnostics);
    };
    assert!(!warning.is_error());
    assert_eq!(
        warning.message,
        "odd 2: `latest` is `16.0 (20A362)`, which is not a version: it has `(` in its suffix \
         ` (20A362)`; a suffix may only use letters, digits, `.`, `-`, `+` and `_`"
    );
    let help = warning.help.as_deref().unwrap_or_default();
    for part in [
        "expected a version such as `1.2.3`",
        "shown as written",
        "left out of version comparisons",
    ] {
        assert!(help.contains(part), "help lacks `{part}`: {help}");
    }
    assert_eq!(
        warning.source_line.as_deref(),
        Some("    latest: \"16.0 (20A362)\"")
    );
}

#[test]
fn a_label_in_the_newest_cycle_leaves_the_cycle_itself_as_current() {
    let product = ODD_PRODUCT
        .replace("{LATEST}", "\"TBD\"")
        .replace("latest: \"3.1.0\"", "latest: \"TBD\"");
    let site = Site::new().file("content/products/odd.md", &product);
    let analysis = site.analyse();
    let status = &analysis.stale.statuses[0];
    assert_eq!(
        status.current.as_ref().map(ToString::to_string).as_deref(),
        Some("3")
    );
    assert_eq!(status.latest_release, None, "the newest release is a label");
    assert_eq!(
        status.latest_release_date,
        Some("2026-10-01".parse().unwrap())
    );
}

const PINNED_LABEL: &str = "products:
  - id: acme
    name: Acme
    current: \"TBD\"
    releases:
      - releaseCycle: \"2\"
        releaseDate: 2026-01-01
        latest: \"SP2\"
      - releaseCycle: \"1\"
        releaseDate: 2025-01-01
        latest: \"1.4\"
";

#[test]
fn a_pinned_current_that_is_not_a_version_is_shown_and_compares_with_nothing() {
    let site = Site::new()
        .file("content/products.yaml", PINNED_LABEL)
        .page(
            "guides/old.md",
            "title: Old\nproduct: acme\nversions: \"<1\"\nreviewed: 2026-11-01",
            "x\n",
        );
    let built = site.build_ok();
    let places: Vec<String> = built.report.diagnostics.iter().map(at).collect();
    assert_eq!(
        places,
        [
            "content/guides/old.md:4:1", // versions-match-nothing: `<1` is before 1.0
            "content/products.yaml:4:14",
            "content/products.yaml:8:17"
        ],
        "{:#?}",
        built.report.diagnostics
    );
    assert!(built
        .main("/products/acme/")
        .contains("Current version TBD"));
    let analysis = site.analyse();
    assert_eq!(analysis.stale.statuses[0].current, None);
    assert_eq!(
        reasons(&analysis, "Old"),
        Vec::<&str>::new(),
        "no current to be outdated against"
    );
}

#[test]
fn a_site_with_odd_versions_builds_and_reports_each_warning_once() {
    let site = Site::new()
        .file("content/products.yaml", PINNED_LABEL)
        .file(
            "content/products/odd.md",
            &ODD_PRODUCT.replace("{LATEST}", "\"N/A\""),
        );
    let (code, stdout, stderr) = site.run(&["build", "--today", TODAY]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        stderr.matches("warning[unparsed-version]").count(),
        3,
        "{stderr}"
    );
    for value in ["`TBD`", "`SP2`", "`N/A`"] {
        assert_eq!(
            stderr.matches(value).count(),
            1,
            "{value} once in: {stderr}"
        );
    }
    assert!(
        stderr.contains("--> content/products/odd.md:12:13"),
        "{stderr}"
    );
    assert!(stdout.contains("3 warnings, 0 errors"), "{stdout}");

    let (code, stdout, _) = site.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(code, 0, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["errors"], serde_json::json!([]));
    assert_eq!(json["summary"]["warnings"], 3);
    let warnings: Vec<String> = json["warnings"]
        .as_array()
        .expect("a `warnings` array")
        .iter()
        .map(|w| {
            format!(
                "{} {}:{}:{}",
                w["code"].as_str().unwrap(),
                w["file"].as_str().unwrap(),
                w["line"],
                w["column"]
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [
            "unparsed-version content/products/odd.md:12:13",
            "unparsed-version content/products.yaml:4:14",
            "unparsed-version content/products.yaml:8:17",
        ]
    );
    assert!(json["warnings"][1]["help"]
        .as_str()
        .unwrap()
        .contains("shown as written"));
}

const EKS: &str = "products:\n  - id: eks\n    name: Amazon EKS\n    releases:\n      - releaseCycle: \"1.36-eks\"\n        releaseDate: 2026-06-01\n        eol: 2027-08-01\n        latest: \"1.36-eks-6\"\n        latestReleaseDate: 2026-10-01\n      - releaseCycle: \"1.32-eks\"\n        releaseDate: 2025-01-01\n        eol: 2026-03-01\n        latest: \"1.32-eks-9\"\n        latestReleaseDate: 2025-12-01\n  - id: corretto\n    name: Corretto\n    releases:\n      - releaseCycle: \"21\"\n        releaseDate: 2023-09-19\n        eol: 2030-10-31\n        latest: \"21.0.9.10.1\"\n        latestReleaseDate: 2026-10-21\n      - releaseCycle: \"8\"\n        releaseDate: 2019-01-01\n        eol: 2026-05-01\n        latest: \"8.472.08.1\"\n        latestReleaseDate: 2026-01-01\n";

#[test]
fn stale_rules_work_on_suffixed_and_four_part_versions() {
    let site = Site::new()
        .file("content/products.yaml", EKS)
        .page(
            "guides/eks-new.md",
            "title: EKS new\nproduct: eks\nversions: \">=1.33\"\nreviewed: 2026-11-01",
            "Fresh.",
        )
        .page(
            "guides/eks-old.md",
            "title: EKS old\nproduct: eks\nversions: \"<1.33\"\nreviewed: 2026-11-01",
            "Old.",
        )
        .page(
            "guides/java21.md",
            "title: Java 21\nproduct: corretto\nversions: \">=21.0.9.10\"\nreviewed: 2026-11-01",
            "Fresh.",
        )
        .page(
            "guides/java8.md",
            "title: Java 8\nproduct: corretto\nversions: \"~8\"\nreviewed: 2026-11-01",
            "Old.",
        )
        .page(
            "guides/eks-cycle.md",
            "title: EKS by cycle\nproduct: eks\ncycles: [\"1.32-eks\"]\nreviewed: 2026-11-01",
            "Old.",
        );
    let analysis = site.analyse();
    let reasons = |title: &str| -> Vec<&str> {
        let id = analysis
            .site
            .pages
            .iter()
            .position(|p| p.meta.title == title)
            .unwrap();
        analysis.stale.per_page[id]
            .iter()
            .map(|r| r.code.as_str())
            .collect()
    };
    assert_eq!(
        reasons("EKS new"),
        Vec::<&str>::new(),
        "1.36-eks-6 satisfies >=1.33"
    );
    assert_eq!(
        reasons("EKS old"),
        ["outdated-version", "end-of-life"],
        "<1.33 does not match 1.36-eks-6; 1.32-eks ended"
    );
    assert_eq!(
        reasons("Java 21"),
        Vec::<&str>::new(),
        "21.0.9.10.1 satisfies >=21.0.9.10"
    );
    assert_eq!(reasons("Java 8"), ["outdated-version", "end-of-life"]);
    assert_eq!(
        reasons("EKS by cycle"),
        ["outdated-version", "end-of-life"],
        "named cycles work like versions"
    );
}

// ---------------------------------------------------------------- where product diagnostics point

/// One located diagnostic: a product source `file` with `text` gives exactly one
/// `code`, at `at` (file:line:column), and the line it prints contains `shows`.
struct Located {
    name: &'static str,
    file: &'static str,
    text: String,
    code: &'static str,
    at: &'static str,
    shows: &'static str,
}

/// A Markdown product file without errors. Cycles "2" and "1" share their `eol`
/// line, and the body repeats cycle "1"'s lines, so a search by text finds the
/// wrong place.
const MD_CYCLES: &str = "---\ntitle: Acme\nreleases:\n  - releaseCycle: \"3\"\n    releaseDate: 2026-01-01\n    eol: 2027-01-01\n  - releaseCycle: \"2\"\n    releaseDate: 2024-01-01\n    eol: 2025-01-01\n  - releaseCycle: \"1\"\n    releaseDate: 2023-01-01\n    eol: 2025-01-01\n---\n\n    releaseCycle: \"1\"\n    eol: 2025-01-01\n";

/// [`MD_CYCLES`] with one text replaced, to introduce one problem.
fn md_cycles(from: &str, to: &str) -> String {
    assert!(MD_CYCLES.contains(from), "`{from}` is not in the fixture");
    MD_CYCLES.replacen(from, to, 1)
}

fn check_locations(cases: &[Located]) {
    let mut failures = Vec::new();
    for case in cases {
        let site = Site::new().file(case.file, &case.text);
        let built = site.build();
        let found: Vec<_> = built
            .report
            .diagnostics
            .iter()
            .filter(|d| d.code == case.code)
            .collect();
        let [d] = found.as_slice() else {
            failures.push(format!(
                "{}: want one `{}`, got {:#?}",
                case.name, case.code, built.report.diagnostics
            ));
            continue;
        };
        let shown = d.source_line.as_deref().unwrap_or("");
        if at(d) != case.at || !shown.contains(case.shows) {
            failures.push(format!(
                "{}: want {} showing `{}`, got {} showing `{shown}`",
                case.name,
                case.at,
                case.shows,
                at(d)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn product_diagnostics_name_the_line_and_column_of_the_offending_value() {
    let md = "content/products/acme.md";
    let products_yaml = "content/products.yaml";
    check_locations(&[
        Located {
            name: "first cycle of a Markdown product file",
            file: md,
            text: md_cycles("eol: 2027-01-01", "eol: 2025-12-31"),
            code: "contradictory-cycle",
            at: "content/products/acme.md:6:10",
            shows: "eol: 2025-12-31",
        },
        Located {
            name: "a middle cycle",
            file: md,
            text: md_cycles("releaseDate: 2024-01-01", "releaseDate: 2025-06-01"),
            code: "contradictory-cycle",
            at: "content/products/acme.md:9:10",
            shows: "eol: 2025-01-01",
        },
        Located {
            name: "the last cycle, whose value repeats an earlier cycle's and the body",
            file: md,
            text: md_cycles("releaseDate: 2023-01-01", "releaseDate: 2025-02-01"),
            code: "contradictory-cycle",
            at: "content/products/acme.md:12:10",
            shows: "eol: 2025-01-01",
        },
        Located {
            name: "an alias (`support`) in a later cycle",
            file: md,
            text: md_cycles("    eol: 2025-01-01\n---", "    support: 2022-01-01\n---"),
            code: "contradictory-cycle",
            at: "content/products/acme.md:12:14",
            shows: "support: 2022-01-01",
        },
        Located {
            name: "a warning in the last cycle",
            file: md,
            text: md_cycles(
                "    eol: 2025-01-01\n---",
                "    eol: 2025-01-01\n    latest: N/A # unknown\n---",
            ),
            code: "unparsed-version",
            at: "content/products/acme.md:13:13",
            shows: "latest: N/A",
        },
        Located {
            name: "an empty releaseCycle",
            file: md,
            text: md_cycles("releaseCycle: \"2\"", "releaseCycle: \"\""),
            code: "missing-field",
            at: "content/products/acme.md:7:19",
            shows: "releaseCycle: \"\"",
        },
        Located {
            name: "YAML product file with a compact sequence",
            file: "content/products/acme.yaml",
            text: "name: Acme\nreleases:\n- releaseCycle: \"2\"\n  releaseDate: 2024-01-01\n  eol: 2025-01-01\n- releaseCycle: \"1\"\n  releaseDate: 2024-01-01\n  eol: 2023-01-01\n".into(),
            code: "contradictory-cycle",
            at: "content/products/acme.yaml:8:8",
            shows: "eol: 2023-01-01",
        },
        Located {
            name: "second product of products.yaml, same cycle as the first",
            file: products_yaml,
            text: "products:\n  - id: a\n    name: A\n    releases:\n      - releaseCycle: \"1\"\n        releaseDate: 2024-01-01\n        eol: 2025-01-01\n  - id: b\n    name: B\n    releases:\n      - releaseCycle: \"1\"\n        releaseDate: 2024-01-01\n        eol: 2025-01-01\n      - releaseCycle: \"0\"\n        releaseDate: 2024-01-01\n        eol: 2023-01-01\n".into(),
            code: "contradictory-cycle",
            at: "content/products.yaml:16:14",
            shows: "eol: 2023-01-01",
        },
        Located {
            name: "a product of products.yaml without a name",
            file: products_yaml,
            text: "products:\n  - id: a\n    name: A\n  - id: b\n    releases: []\n".into(),
            code: "missing-field",
            at: "content/products.yaml:4:9",
            shows: "- id: b",
        },
        Located {
            name: "a product of products.yaml without an id",
            file: products_yaml,
            text: "products:\n  - id: a\n    name: A\n  - name: B\n".into(),
            code: "missing-field",
            at: "content/products.yaml:4:5",
            shows: "- name: B",
        },
    ]);
}
