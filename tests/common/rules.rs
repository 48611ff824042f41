//! The table harness of the stale-rule tests: one page (`content/guides/x.md`)
//! on one day per row, every mismatch reported at once.

use almanac::build::Analysis;

use super::*;

/// One row: on `today`, a page with front matter `front` has exactly `expect`.
pub struct Case<'a> {
    pub name: &'static str,
    pub today: &'static str,
    pub front: &'a str,
    pub expect: &'static [&'static str],
}

/// A site with `products`, `stale_config` (the `stale:` block of almanac.yaml,
/// or ""), extra pages (path, front matter) and the page under test.
pub fn site(products: &str, stale_config: &str, extra: &[(&str, &str)], front: &str) -> Site {
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

pub fn page_id(analysis: &Analysis, file: &str) -> usize {
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
pub fn codes(analysis: &Analysis, file: &str) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = analysis.stale.per_page[page_id(analysis, file)]
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    codes.sort_unstable();
    codes
}

pub fn message(analysis: &Analysis, file: &str, code: &str) -> String {
    let reasons = &analysis.stale.per_page[page_id(analysis, file)];
    reasons
        .iter()
        .find(|r| r.code.as_str() == code)
        .unwrap_or_else(|| panic!("no `{code}` in {reasons:#?}"))
        .message
        .clone()
}

/// Runs every row and reports all mismatches at once.
pub fn check(products: &str, stale_config: &str, extra: &[(&str, &str)], cases: &[Case<'_>]) {
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

/// Every warning as `code file:line:column`.
pub fn warnings(analysis: &Analysis) -> Vec<String> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| format!("{} {}", d.code, at(d)))
        .collect()
}

/// Orbit on the days around 2026-12-01: cycle 3 current (no end in sight), cycle 2
/// ending on 2027-03-01, exactly 90 days (the default `warn_days`) after 2026-12-01.
pub const ORBIT: &str = r#"products:
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

pub const ORBIT_2: &str = "title: X\nproduct: orbit\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01";
