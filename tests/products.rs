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

#[test]
fn an_unparseable_latest_version_is_an_error_with_its_line() {
    let site = Site::new().file(
        "content/products/acme.yaml",
        "name: Acme\nreleases:\n  - releaseCycle: \"1\"\n    latest: \"focal\"\n",
    );
    let built = site.build();
    let error = built.error("invalid-yaml");
    assert_eq!(at(error), "content/products/acme.yaml:4:13");
    assert!(
        error.message.contains("`focal` is not a valid version"),
        "{}",
        error.message
    );
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
        analysis.stale.per_page[id].iter().map(|r| r.code).collect()
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
