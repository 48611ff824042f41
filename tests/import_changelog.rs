//! `almanac import changelog`: a Keep a Changelog file becomes release notes.
//!
//! The changelogs under `tests/fixtures/changelog/` are written in the shapes real
//! projects use (see its README). The mapping of headings to front matter is a
//! table whose rows all run before any mismatch is reported; the notes of the
//! main fixture are an insta snapshot, since their bytes are the point.

mod common;
use common::snapshots::snapshot;
use common::*;

use std::path::{Path, PathBuf};

use almanac::import::changelog::{
    import_changelog, ChangelogOptions, ChangelogReport, DateMissing, Fate,
};
use almanac::import::report::Outcome;
use serde_json::{json, Value};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/changelog")
        .join(name)
}

fn options(site: &Site, name: &str, product: &str) -> ChangelogOptions {
    ChangelogOptions {
        file: fixture(name),
        product: product.to_string(),
        into: site.root().to_path_buf(),
        date_missing: DateMissing::Skip,
        today: TODAY.parse().unwrap(),
    }
}

fn import(site: &Site, name: &str, product: &str) -> ChangelogReport {
    import_changelog(&options(site, name, product)).expect("import runs")
}

/// A site that defines the product, as `almanac new` expects.
fn site_with_tessera() -> Site {
    Site::new().file(
        "content/products.yaml",
        "products:\n  - id: tessera-sync\n    name: Tessera Sync\n",
    )
}

fn read(site: &Site, path: &str) -> String {
    site.read(path)
}

fn front(site: &Site, path: &str) -> Value {
    site.front(path)
}

/// The written release notes under `content/releases/`, sorted.
fn notes(site: &Site) -> Vec<String> {
    snapshot_dir(&site.root().join("content/releases"))
        .into_iter()
        .map(|(path, _)| path)
        .collect()
}

/// One fixture and what its import must give: every note's front matter, and
/// the sections skipped (`version`, why).
struct Case {
    fixture: &'static str,
    product: &'static str,
    notes: Vec<(&'static str, Value)>,
    skipped: Vec<(&'static str, Fate)>,
}

#[test]
fn each_version_becomes_a_release_note_with_its_front_matter() {
    let cases = [
        Case {
            fixture: "tessera-sync.md",
            product: "tessera-sync",
            notes: vec![
                (
                    "tessera-sync/2-0-1.md",
                    json!({"title": "Tessera Sync 2.0.1", "version": "2.0.1", "date": "2024-03-12", "product": "tessera-sync", "yanked": true}),
                ),
                // BREAKING in an entry: breaking; its `### Removed` alone would not be.
                (
                    "tessera-sync/2-0-0.md",
                    json!({"title": "Tessera Sync 2.0.0", "version": "2.0.0", "date": "2024-03-04", "product": "tessera-sync", "breaking": true}),
                ),
                (
                    "tessera-sync/2-0-0-rc-1.md",
                    json!({"title": "Tessera Sync 2.0.0-rc.1", "version": "2.0.0-rc.1", "date": "2024-02-12", "product": "tessera-sync"}),
                ),
                (
                    "tessera-sync/1-4-0.md",
                    json!({"title": "Tessera Sync 1.4.0", "version": "1.4.0", "date": "2023-11-20", "product": "tessera-sync"}),
                ),
                (
                    "tessera-sync/1-2-1.md",
                    json!({"title": "Tessera Sync 1.2.1", "version": "1.2.1", "date": "2023-06-02", "product": "tessera-sync"}),
                ),
                // `## 1.0.0 - 2020-01-01`: no link brackets.
                (
                    "tessera-sync/1-0-0.md",
                    json!({"title": "Tessera Sync 1.0.0", "version": "1.0.0", "date": "2020-01-01", "product": "tessera-sync"}),
                ),
            ],
            skipped: vec![("Unreleased", Fate::Unreleased), ("1.3.0", Fate::NoDate)],
        },
        Case {
            fixture: "ledger-cli.md",
            product: "ledger",
            notes: vec![
                // A `### Breaking changes` heading: breaking.
                (
                    "ledger/1-1-0.md",
                    json!({"title": "ledger 1.1.0", "version": "1.1.0", "date": "2021-03-04", "product": "ledger", "breaking": true}),
                ),
                (
                    "ledger/1-0-1.md",
                    json!({"title": "ledger 1.0.1", "version": "1.0.1", "date": "2021-01-15", "product": "ledger"}),
                ),
                (
                    "ledger/1-0-0.md",
                    json!({"title": "ledger 1.0.0", "version": "1.0.0", "date": "2021-01-01", "product": "ledger"}),
                ),
            ],
            skipped: vec![],
        },
    ];
    let mut wrong = Vec::new();
    for case in &cases {
        // The tessera fixture goes into a site that defines the product; the
        // ledger one into an empty folder, which becomes a new site.
        let site = if case.product == "tessera-sync" {
            site_with_tessera()
        } else {
            Site::empty_folder()
        };
        let report = import(&site, case.fixture, case.product);
        let expected: Vec<String> = case.notes.iter().map(|(p, _)| p.to_string()).collect();
        let mut expected_sorted = expected.clone();
        expected_sorted.sort();
        if notes(&site) != expected_sorted {
            wrong.push(format!("{}: wrote {:?}", case.fixture, notes(&site)));
            continue;
        }
        for (path, want) in &case.notes {
            let got = front(&site, &format!("content/releases/{path}"));
            if got != *want {
                wrong.push(format!("{path}: {got}"));
            }
        }
        let skipped: Vec<(String, Fate)> = report
            .sections
            .iter()
            .filter(|s| !matches!(s.fate, Fate::Note { .. }))
            .map(|s| (s.version.clone(), s.fate.clone()))
            .collect();
        let want: Vec<(String, Fate)> = case
            .skipped
            .iter()
            .map(|(v, f)| ((*v).to_string(), f.clone()))
            .collect();
        if skipped != want {
            wrong.push(format!("{}: skipped {skipped:?}", case.fixture));
        }
        if report.failed() != 0 {
            wrong.push(format!("{}: {} failed", case.fixture, report.failed()));
        }
        // Every imported site builds without an error.
        let built = site.build();
        if !built.errors().is_empty() {
            wrong.push(format!(
                "{}: build errors {}",
                case.fixture,
                almanac::diagnostics::render_text(&built.report.diagnostics)
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn notes_keep_entries_byte_for_byte_with_their_links() {
    let site = site_with_tessera();
    import(&site, "tessera-sync.md", "tessera-sync");
    let written: String = notes(&site)
        .iter()
        .rev()
        .map(|path| {
            format!(
                "==> {path}\n{}",
                read(&site, &format!("content/releases/{path}"))
            )
        })
        .collect();
    snapshot!("changelog_tessera_notes", written);

    // The snapshot is reviewed once; this part holds whatever it says: each
    // entry block of the changelog is in its note exactly as written.
    let changelog = std::fs::read_to_string(fixture("tessera-sync.md")).unwrap();
    let block = |from: &str, to: &str| {
        let start = changelog.find(from).unwrap() + from.len();
        let end = start + changelog[start..].find(to).unwrap();
        changelog[start..end].trim().to_string()
    };
    let note = read(&site, "content/releases/tessera-sync/1-4-0.md");
    let nested = block("## [1.4.0] - 2023-11-20\n\n### Added\n", "### Deprecated");
    assert!(
        note.contains(&format!("## Added\n\n{nested}\n\n## Deprecated")),
        "{note}"
    );
    let note = read(&site, "content/releases/tessera-sync/2-0-0.md");
    let code = block("## [2.0.0] - 2024-03-04\n\n### Changed\n", "### Removed");
    assert!(note.contains(&code), "{note}");
    // The compare link is kept, and the issue link an entry uses comes along.
    let note = read(&site, "content/releases/tessera-sync/2-0-1.md");
    assert!(note.contains("[Compare with the previous version](<https://github.com/example/tessera-sync/compare/v2.0.0...v2.0.1>)"), "{note}");
    assert!(
        note.ends_with("[#311]: https://github.com/example/tessera-sync/issues/311\n"),
        "{note}"
    );
}

#[test]
fn a_second_run_changes_nothing_and_says_so() {
    let site = site_with_tessera();
    let first = import(&site, "tessera-sync.md", "tessera-sync");
    assert_eq!(first.written(), 6);
    let before = snapshot_dir(site.root());
    let second = import(&site, "tessera-sync.md", "tessera-sync");
    assert_eq!(snapshot_dir(site.root()), before);
    assert_eq!(second.written(), 0);
    let summary = second.summary();
    assert!(
        summary.contains("     6  skipped: already in the site"),
        "{summary}"
    );
    assert!(summary.contains("Nothing changed: "), "{summary}");
    assert!(!first.summary().contains("Nothing changed"));
}

#[test]
fn existing_notes_are_never_overwritten() {
    let hand_written = "---\ntitle: Tessera Sync 2.0.0, the big one\nproduct: tessera-sync\nversion: \"2.0.0\"\ndate: 2024-03-04\n---\n\nWritten by hand.\n";
    let other_file = "---\ntitle: Tessera Sync 1.4\nproduct: tessera-sync\nversion: \"1.4.0\"\ndate: 2023-11-20\n---\n\nAlso by hand.\n";
    let site = site_with_tessera()
        .file("content/releases/tessera-sync/2-0-0.md", hand_written)
        .file("content/releases/tessera-sync/v1.4.md", other_file);
    let report = import(&site, "tessera-sync.md", "tessera-sync");
    assert_eq!(
        read(&site, "content/releases/tessera-sync/2-0-0.md"),
        hand_written
    );
    assert_eq!(
        read(&site, "content/releases/tessera-sync/v1.4.md"),
        other_file
    );
    // The site's 1.4.0 note is in another file: no second note of that version.
    assert!(!site
        .root()
        .join("content/releases/tessera-sync/1-4-0.md")
        .exists());
    let fate = |version: &str| {
        report
            .sections
            .iter()
            .find(|s| s.version == version)
            .map(|s| s.fate.clone())
            .unwrap()
    };
    assert_eq!(
        fate("2.0.0"),
        Fate::Note {
            target: "content/releases/tessera-sync/2-0-0.md".into(),
            outcome: Outcome::Exists
        }
    );
    assert_eq!(
        fate("1.4.0"),
        Fate::InSite("content/releases/tessera-sync/v1.4.md".into())
    );
    let summary = report.summary();
    assert!(summary.contains("skipped 1.4.0: the site has its release note already, in content/releases/tessera-sync/v1.4.md"), "{summary}");
    assert_eq!(report.written(), 4);
    site.build_ok();
}

#[test]
fn the_imported_site_builds_and_a_yanked_release_is_never_current() {
    let site = site_with_tessera();
    import(&site, "tessera-sync.md", "tessera-sync");
    let built = site.build_ok();
    assert_eq!(built.errors().len(), 0);
    // 2.0.1 is the highest version, but yanked: the current version is 2.0.0.
    let product = built.main("/products/tessera-sync/");
    assert!(product.contains("Current version 2.0.0"), "{product}");
    assert!(!product.contains("Current version 2.0.1"), "{product}");
    let analysis = site.analyse();
    let current = analysis.stale.statuses[0]
        .current
        .as_ref()
        .map(ToString::to_string);
    assert_eq!(current.as_deref(), Some("2.0.0"));
    // Marked on its page and in the changelog; other releases are not.
    let yanked = built.main("/releases/tessera-sync/2-0-1/");
    assert!(yanked.contains(">Yanked</span>"), "{yanked}");
    assert!(!built
        .main("/releases/tessera-sync/2-0-0/")
        .contains(">Yanked<"));
    assert!(built
        .main("/releases/tessera-sync/2-0-0/")
        .contains(">Breaking changes</span>"));
    let listing = built.main("/releases/");
    assert_eq!(listing.matches(">Yanked</span>").count(), 1, "{listing}");
}

#[test]
fn a_german_site_says_yanked_in_german() {
    let site = Site::new()
        .file(
            "almanac.yaml",
            "title: Test\nbase_url: https://docs.example.com/\nlanguage: de\n",
        )
        .file(
            "content/products.yaml",
            "products:\n  - id: tessera-sync\n    name: Tessera Sync\n",
        );
    import(&site, "tessera-sync.md", "tessera-sync");
    let built = site.build_ok();
    assert!(built
        .main("/releases/tessera-sync/2-0-1/")
        .contains(">Zurückgezogen</span>"));
}

#[test]
fn a_version_without_a_date_is_dated_today_only_when_asked() {
    let site = site_with_tessera();
    let report = import_changelog(&ChangelogOptions {
        date_missing: DateMissing::Today,
        today: "2026-11-20".parse().unwrap(),
        ..options(&site, "tessera-sync.md", "tessera-sync")
    })
    .unwrap();
    assert_eq!(
        front(&site, "content/releases/tessera-sync/1-3-0.md")["date"],
        json!("2026-11-20")
    );
    let section = report
        .sections
        .iter()
        .find(|s| s.version == "1.3.0")
        .unwrap();
    assert_eq!(
        section.notes,
        ["no date in the changelog: dated 2026-11-20 (--date-missing today)"]
    );
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);

    // Without the flag: a located warning that says how to fix it.
    let site = site_with_tessera();
    let report = import(&site, "tessera-sync.md", "tessera-sync");
    let warning = &report.diagnostics[0];
    assert_eq!(warning.code, "missing-date");
    assert!(
        at(warning).ends_with("tessera-sync.md:70:11"),
        "{}",
        at(warning)
    );
    assert!(warning
        .help
        .as_deref()
        .unwrap()
        .contains("--date-missing today"));
}

/// Runs the real binary in `dir`; gives (exit code, stdout, stderr).
fn almanac(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_almanac"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn problems_are_located_in_the_changelog_and_fail_the_command() {
    let site = site_with_tessera();
    let file = fixture("broken.md");
    let file = file.to_str().unwrap();
    let (code, stdout, stderr) = almanac(
        site.root(),
        &["import", "changelog", file, "--product", "tessera-sync"],
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    // Each error names file, line and column, and how to fix it.
    let expected = [
        (
            "error[invalid-date]",
            "broken.md:3:14",
            "write the release date as YYYY-MM-DD",
        ),
        (
            "error[not-a-version]",
            "broken.md:9:4",
            "make other headings `###` under a version",
        ),
        (
            "error[duplicate-version]",
            "broken.md:19:5",
            "merge the two sections into one",
        ),
    ];
    for (code, place, help) in expected {
        let block = stderr
            .split("\n\n")
            .find(|b| b.starts_with(code))
            .unwrap_or_else(|| panic!("no {code} in:\n{stderr}"));
        assert!(block.contains(place), "{block}");
        assert!(block.contains(help), "{block}");
    }
    // The version that is fine is imported all the same.
    assert!(
        stdout.contains("wrote content/releases/tessera-sync/1-1-0.md (1.1.0)"),
        "{stdout}"
    );
    assert!(stdout.contains("     3  not written: errors"), "{stdout}");

    let (code, stdout, stderr) = almanac(
        site.root(),
        &[
            "import",
            "changelog",
            fixture("ledger-cli.md").to_str().unwrap(),
            "--product",
            "tessera-sync",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn an_unknown_product_is_refused_with_a_suggestion() {
    let site = site_with_tessera();
    let file = fixture("tessera-sync.md");
    let (code, stdout, stderr) = almanac(
        site.root(),
        &[
            "import",
            "changelog",
            file.to_str().unwrap(),
            "--product",
            "tesera-sync",
        ],
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stderr.contains("error: unknown product `tesera-sync`; did you mean `tessera-sync`?"),
        "{stderr}"
    );
    assert!(!site.root().join("content/releases").exists());

    // A new site (no almanac.yaml) gets one, and a stub for the product.
    let empty = Site::empty_folder();
    let (code, stdout, stderr) = almanac(
        empty.root(),
        &[
            "import",
            "changelog",
            file.to_str().unwrap(),
            "--product",
            "tessera-sync",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("created almanac.yaml\ncreated content/products/tessera-sync.md\n"),
        "{stdout}"
    );
    assert!(empty
        .root()
        .join("content/releases/tessera-sync/2-0-0.md")
        .is_file());
    assert!(stderr.contains("warning[missing-date]"), "{stderr}");
    empty.build_ok();
}
