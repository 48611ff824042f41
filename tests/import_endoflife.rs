//! `almanac import endoflife`: endoflife.date product files, checked and copied.
//!
//! The real files come from `tests/fixtures/endoflife/` (a faithful sample of
//! endoflife.date, MIT; see its ABOUT.txt): `kubernetes.md` (eol as dates),
//! `jquery.md` (eol as booleans, `eoes`), `angularjs.md` (`lts: true`). The older
//! spellings `support:` and `extendedSupport:` and an `lts` date are written here,
//! since the sample has none. Every figure below is worked out by hand for
//! `TODAY` (2026-11-23).

mod common;
use common::*;

use std::path::{Path, PathBuf};

use almanac::import::endoflife::{import_endoflife, EndoflifeOptions, EndoflifeReport, Fate};

fn eol_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/endoflife")
        .join(name)
}

/// An endoflife.date-shaped file with the older field names and an `lts` date.
const ACME_DB: &str = r#"---
title: Acme DB
category: db
permalink: /acme-db
releases:
  - releaseCycle: "16"
    releaseDate: 2026-05-04
    lts: 2026-11-01
    support: 2027-05-04
    eol: 2027-02-14
    extendedSupport: 2029-05-04
    latest: "16.2"
    latestReleaseDate: 2026-09-30

  - releaseCycle: "15"
    releaseDate: 2025-05-05
    support: true
    eol: 2026-12-01
    extendedSupport: false
    latest: "15.9"
---

> Acme DB ships one major version a year.
"#;

fn import(site: &Site, files: &[PathBuf], update: bool) -> EndoflifeReport {
    import_endoflife(&EndoflifeOptions {
        files: files.to_vec(),
        into: site.root().to_path_buf(),
        update,
        today: TODAY.parse().unwrap(),
    })
    .expect("import runs")
}

/// A file written into a scratch folder beside the site.
fn scratch(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn each_file_reports_what_it_adds() {
    let dir = tempfile::tempdir().unwrap();
    // (file, the lines its import must print)
    let cases: Vec<(PathBuf, Vec<&str>)> = vec![
        (
            eol_fixture("kubernetes.md"),
            vec![
                "added content/products/kubernetes.md: Kubernetes, 21 cycles, current version 1.36.4",
                // 1.34's end of life (2026-10-27) is past: only the two ahead.
                "  end of life ahead: 1.35 on 2027-02-28 (in 97 days); 1.36 on 2027-06-28 (in 217 days)",
            ],
        ),
        (
            eol_fixture("jquery.md"),
            vec!["added content/products/jquery.md: jQuery, 4 cycles, current version 4.0.0"],
        ),
        (
            eol_fixture("angularjs.md"),
            vec!["added content/products/angularjs.md: AngularJS, 9 cycles, current version 1.8.3"],
        ),
        (
            scratch(&dir, "acme-db.md", ACME_DB),
            vec![
                "added content/products/acme-db.md: Acme DB, 2 cycles, current version 16.2",
                "  end of life ahead: 15 on 2026-12-01 (in 8 days); 16 on 2027-02-14 (in 83 days)",
            ],
        ),
    ];
    let mut wrong = Vec::new();
    for (file, lines) in &cases {
        let site = Site::new();
        let report = import(&site, std::slice::from_ref(file), false);
        let summary = report.summary();
        for line in lines {
            if !summary.lines().any(|l| l == *line) {
                wrong.push(format!("{}: no `{line}` in:\n{summary}", file.display()));
            }
        }
        // The jQuery file has no date ahead: no such line.
        if lines.len() == 1 && summary.contains("end of life ahead") {
            wrong.push(format!("{}: dates ahead in:\n{summary}", file.display()));
        }
        let name = file.file_name().unwrap().to_str().unwrap();
        let copied = std::fs::read(site.root().join("content/products").join(name)).unwrap();
        if copied != std::fs::read(file).unwrap() {
            wrong.push(format!("{name}: not copied byte for byte"));
        }
        if report.failed() != 0 || !report.diagnostics.iter().all(|d| !d.is_error()) {
            wrong.push(format!("{name}: {:?}", report.diagnostics));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_copied_products_build_with_their_fields() {
    let dir = tempfile::tempdir().unwrap();
    let site = Site::new();
    let files = [
        eol_fixture("jquery.md"),
        eol_fixture("angularjs.md"),
        scratch(&dir, "acme-db.md", ACME_DB),
    ];
    import(&site, &files, false);
    let analysis = site.analyse();
    let acme = analysis
        .site
        .products
        .iter()
        .find(|p| p.id == "acme-db")
        .unwrap();
    let sixteen = &acme.cycles[0];
    // `support` and `extendedSupport` are the loader's aliases of eoas and eoes.
    assert_eq!(
        sixteen
            .eoas
            .and_then(|m| m.date())
            .map(|d| d.to_string())
            .as_deref(),
        Some("2027-05-04")
    );
    assert_eq!(
        sixteen
            .eoes
            .and_then(|m| m.date())
            .map(|d| d.to_string())
            .as_deref(),
        Some("2029-05-04")
    );
    let built = site.build_ok();
    assert!(built.errors().is_empty());
    let jquery = built.main("/products/jquery/");
    assert!(jquery.contains("Current version 4.0.0"), "{jquery}");
    let angular = built.main("/products/angularjs/");
    assert!(angular.contains(">LTS</span>"), "{angular}");
}

#[test]
fn an_existing_product_is_kept_unless_update() {
    let site = Site::new();
    let jquery = eol_fixture("jquery.md");
    import(&site, std::slice::from_ref(&jquery), false);
    let target = site.root().join("content/products/jquery.md");
    let ours =
        "---\ntitle: jQuery (ours)\nreleases:\n  - releaseCycle: \"4\"\n    eol: false\n---\n";
    std::fs::write(&target, ours).unwrap();

    let report = import(&site, std::slice::from_ref(&jquery), false);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), ours);
    assert_eq!(report.files[0].fate, Fate::Exists);
    assert_eq!(report.failed(), 0);
    let summary = report.summary();
    assert!(
        summary.contains(
            "content/products/jquery.md is already in the site; import with --update to replace it"
        ),
        "{summary}"
    );
    assert!(summary.contains("Nothing changed: "), "{summary}");
}

#[test]
fn update_prints_what_changed_cycle_by_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let site = Site::new();
    let jquery = eol_fixture("jquery.md");
    import(&site, std::slice::from_ref(&jquery), false);
    // The next snapshot of endoflife.date: 5 is out, 1 is dropped, 4 gets a
    // patch release, 3 an end of life and a support date, 2 turns LTS.
    let original = std::fs::read_to_string(&jquery).unwrap();
    let next = original
        .replace(
            "releases:\n  - releaseCycle: \"4\"",
            "releases:\n  - releaseCycle: \"5\"\n    releaseDate: 2026-11-02\n    eol: false\n    latest: \"5.0.0\"\n\n  - releaseCycle: \"4\"",
        )
        .replace("latest: \"4.0.0\"", "latest: \"4.0.1\"")
        .replace(
            "    releaseDate: 2016-06-09\n    eol: false\n",
            "    releaseDate: 2016-06-09\n    eol: 2027-06-09\n    support: 2026-12-31\n",
        )
        .replace(
            "    releaseDate: 2013-04-18\n",
            "    releaseDate: 2013-04-18\n    lts: true\n",
        );
    let cut = next.find("\n  - releaseCycle: \"1\"").unwrap();
    let end = next[cut..].find("\n---").unwrap() + cut;
    let next = format!("{}{}", &next[..cut], &next[end..]);
    assert_ne!(next, original);
    let file = scratch(&dir, "jquery.md", &next);

    let report = import(&site, std::slice::from_ref(&file), true);
    let summary = report.summary();
    let expected = "updated content/products/jquery.md: jQuery, 4 cycles, current version 5.0.0
  end of life ahead: 3 on 2027-06-09 (in 198 days)
  + cycle 5 (released 2026-11-02, eol false, latest 5.0.0)
  ~ cycle 4: latest 4.0.0 → 4.0.1
  ~ cycle 3: eoas (none) → 2026-12-31; eol false → 2027-06-09
  ~ cycle 2: lts (none) → true
  - cycle 1
";
    assert!(summary.contains(expected), "{summary}");
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/products/jquery.md")).unwrap(),
        next
    );
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(site.root().join("content/products"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["jquery.md"]);

    // The same file again: nothing to update.
    let again = import(&site, std::slice::from_ref(&file), true);
    assert_eq!(again.files[0].fate, Fate::Unchanged);
    assert!(again.summary().contains("Nothing changed: "));
    site.build_ok();
}

#[test]
fn an_invalid_file_is_located_not_copied_and_fails_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let site = Site::new();
    let bad = scratch(
        &dir,
        "bad.md",
        "---\ntitle: Bad\nreleases:\n  - releaseCycle: \"2\"\n    releaseDate: 2026-01-10\n    eol: 2025-12-01\n  - releaseCycle: \"1\"\n    eol: 2026-13-01\n---\n",
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_almanac"))
        .args(["import", "endoflife"])
        .arg(&bad)
        .arg(eol_fixture("jquery.md"))
        .args(["--today", TODAY])
        .current_dir(site.root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    // The loader's located error, with its fix.
    assert!(
        stderr.contains("error[invalid-yaml]: releases[1].eol: `2026-13-01` is not a valid date"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}:8:10", bad.display())),
        "{stderr}"
    );
    assert!(
        stdout.contains(&format!(
            "error: {}: not copied, see the errors above",
            bad.display()
        )),
        "{stdout}"
    );
    assert!(!site.root().join("content/products/bad.md").exists());
    // The good file beside it is copied all the same.
    assert!(
        stdout.contains("added content/products/jquery.md: jQuery, 4 cycles"),
        "{stdout}"
    );
    assert!(stdout.contains("     1  not copied: errors"), "{stdout}");

    // Fixed but contradictory (cycle 2 ends before it is released): still refused, located.
    std::fs::write(&bad, "---\ntitle: Bad\nreleases:\n  - releaseCycle: \"2\"\n    releaseDate: 2026-01-10\n    eol: 2025-12-01\n---\n").unwrap();
    let report = import(&site, std::slice::from_ref(&bad), false);
    assert_eq!(report.failed(), 1);
    let error = &report.diagnostics[0];
    assert_eq!(error.code, "contradictory-cycle");
    assert!(at(error).ends_with("bad.md:6:10"), "{}", at(error));
    assert!(error.help.is_some());
}

#[test]
fn a_product_the_site_defines_elsewhere_is_not_copied() {
    let site = Site::new().file(
        "content/products.yaml",
        "products:\n  - id: jquery\n    name: jQuery\n",
    );
    let report = import(&site, &[eol_fixture("jquery.md")], true);
    assert_eq!(
        report.files[0].fate,
        Fate::DefinedElsewhere("content/products.yaml:2".into())
    );
    assert_eq!(report.failed(), 1);
    assert!(!site.root().join("content/products/jquery.md").exists());
    site.build_ok();
}
