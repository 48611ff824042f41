//! Content errors: each names file:line:column, says what is wrong and how to
//! fix it, and a build reports all of them at once (issue 2).

mod common;
use common::*;

const PRODUCTS: &str = "products:\n  - id: acme\n    name: Acme Cloud\n    releases:\n      - releaseCycle: \"3\"\n        releaseDate: 2026-03-02\n        latest: \"3.2.0\"\n";

fn site() -> Site {
    Site::new().file("content/products.yaml", PRODUCTS)
}

#[test]
fn malformed_yaml_points_at_the_line_in_the_file() {
    let site = site().file(
        "content/guides/a.md",
        "---\ntitle: Upgrade: step by step\n---\nBody\n",
    );
    let built = site.build();
    let error = built.error("invalid-yaml");
    assert_eq!(at(error), "content/guides/a.md:2:15");
    assert!(
        error.message.contains("mapping values are not allowed"),
        "{}",
        error.message
    );
    assert!(error.help.as_deref().unwrap().contains("must be quoted"));
    assert_eq!(
        error.source_line.as_deref(),
        Some("title: Upgrade: step by step")
    );
}

#[test]
fn a_missing_title_is_reported_at_the_front_matter() {
    let site = site().page("guides/a.md", "description: no title here", "Body");
    let built = site.build();
    let error = built.error("missing-field");
    assert_eq!(at(error), "content/guides/a.md:1:1");
    assert_eq!(
        error.message,
        "missing required field `title` for a guide page"
    );
}

#[test]
fn a_wrongly_typed_field_names_the_field_and_its_position() {
    let site = site().page("guides/a.md", "title: A\nweight: heavy", "Body");
    let built = site.build();
    let error = built.error("invalid-yaml");
    assert_eq!(at(error), "content/guides/a.md:3:9");
    assert!(
        error
            .message
            .starts_with("weight: invalid type: string \"heavy\", expected i64"),
        "{}",
        error.message
    );
}

#[test]
fn an_unknown_field_suggests_the_closest_known_one() {
    let site = site().page(
        "guides/a.md",
        "title: A\ntitel: B\nreviwed: 2026-01-01\ncolour: blue",
        "Body",
    );
    let built = site.build();
    let errors: Vec<_> = built
        .errors()
        .into_iter()
        .filter(|d| d.code == "unknown-field")
        .collect();
    assert_eq!(errors.len(), 3, "all unknown fields at once");
    assert_eq!(at(errors[0]), "content/guides/a.md:3:1");
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `title`?"));
    assert_eq!(errors[1].help.as_deref(), Some("did you mean `reviewed`?"));
    assert!(
        errors[2].help.as_deref().unwrap().contains("extra:"),
        "far-off names are pointed to extra:"
    );
    assert!(
        errors[0].to_string().contains("3 | titel: B\n  | ^^^^^"),
        "{}",
        errors[0]
    );
}

#[test]
fn extra_holds_free_fields_for_templates() {
    let site = site()
        .page("guides/a.md", "title: A\nextra:\n  colour: blue", "Body")
        .file("templates/page.html", "{% extends \"base.html\" %}{% block main %}colour={{ page.extra.colour }}{% endblock main %}");
    let built = site.build_ok();
    assert!(built.page("/guides/a/").contains("colour=blue"));
}

#[test]
fn an_unknown_product_is_reported_at_the_product_field() {
    let site = site().page("guides/a.md", "title: A\nproduct: acne", "Body");
    let built = site.build();
    let error = built.error("unknown-product");
    assert_eq!(at(error), "content/guides/a.md:3:1");
    assert_eq!(error.help.as_deref(), Some("did you mean `acme`?"));
}

#[test]
fn an_invalid_version_requirement_is_reported_at_its_value() {
    let site = site().page(
        "guides/a.md",
        "title: A\nproduct: acme\nversions: \">>2\"",
        "Body",
    );
    let built = site.build();
    let error = built.error("invalid-yaml");
    assert_eq!(at(error), "content/guides/a.md:4:11");
    assert!(
        error
            .message
            .contains("`>>2` is not a valid version requirement"),
        "{}",
        error.message
    );
}

#[test]
fn an_invalid_date_is_reported_at_its_value() {
    let site = site().page("guides/a.md", "title: A\nreviewed: 2026-02-30", "Body");
    let built = site.build();
    let error = built.error("invalid-yaml");
    assert_eq!(at(error), "content/guides/a.md:3:11");
    assert!(
        error.message.contains("that day does not exist"),
        "{}",
        error.message
    );
}

#[test]
fn two_pages_claiming_the_same_url_are_an_error() {
    let site = site().page("guides/a.md", "title: A", "Body").page(
        "guides/b.md",
        "title: B\nslug: a",
        "Body",
    );
    let built = site.build();
    let error = built.error("duplicate-url");
    assert_eq!(at(error), "content/guides/b.md:3:1");
    assert!(
        error.message.contains("content/guides/a.md") && error.message.contains("/guides/a/"),
        "{}",
        error.message
    );
}

#[test]
fn kind_specific_fields_are_checked_per_kind() {
    let site = site()
        .page("releases/r.md", "title: R\nproduct: acme", "Body")
        .page("guides/g.md", "title: G\neol_date: 2026-01-01", "Body");
    let built = site.build();
    let missing: Vec<_> = built
        .errors()
        .into_iter()
        .filter(|d| d.code == "missing-field")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        missing,
        [
            "missing required field `date` for a release page",
            "missing required field `version` for a release page"
        ]
    );
    let misplaced = built.error("misplaced-field");
    assert_eq!(at(misplaced), "content/guides/g.md:3:1");
}

#[test]
fn contradictory_product_cycles_are_reported_with_their_line() {
    let products = "products:\n  - id: acme\n    name: Acme\n    releases:\n      - releaseCycle: \"3\"\n        releaseDate: 2026-03-02\n        eol: 2025-01-01\n";
    let site = Site::new().file("content/products.yaml", products);
    let built = site.build();
    let error = built.error("contradictory-cycle");
    assert_eq!(
        at(error),
        "content/products.yaml:7:14",
        "at the `eol` value"
    );
    assert!(
        error
            .message
            .contains("`eol` (2025-01-01) is before `releaseDate` (2026-03-02)"),
        "{}",
        error.message
    );
}

#[test]
fn every_error_of_a_build_is_reported_at_once() {
    let site = site()
        .file("content/guides/a.md", "---\ntitle: [unclosed\n---\n")
        .page("guides/b.md", "titel: B", "Body")
        .page("guides/c.md", "title: C\nproduct: nope", "Body")
        .page("guides/d.md", "title: D", "[missing](nowhere.md)");
    let built = site.build();
    let files: std::collections::BTreeSet<String> = built
        .errors()
        .iter()
        .map(|d| at(d).split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(files.len(), 4, "{:#?}", built.report.diagnostics);
    assert!(!built.report.written);
    assert!(!site.out().exists(), "nothing written on failure");
}

#[test]
fn bad_input_never_panics() {
    let inputs = [
        "",
        "---",
        "---\n",
        "---\n---\n",
        "---\n---",
        "\u{feff}---\ntitle: BOM\n---\n",
        "---\r\ntitle: CRLF\r\n---\r\nbody\r\n",
        "---\ntitle: [\n---\n",
        "---\n- a list\n---\n",
        "---\ntitle: 12\n---\n",
        "---\ntitle: A\ntags: notalist\n---\n",
        "---\ntitle: A\nversions: 3\n---\n",
        "---\ntitle: A\nweight: 1.5\n---\n",
        "---\ntitle: A\n---\n[[]] [[|]] [[#]] [x](#) [y]() ![z](",
    ];
    for (i, text) in inputs.iter().enumerate() {
        let site = site().file(&format!("content/guides/p{i}.md"), text);
        let _ = site.build();
    }
}

#[test]
fn a_misspelt_required_field_is_reported_once_not_also_as_missing() {
    let site = site().page("guides/a.md", "titel: A", "Body");
    let built = site.build();
    let codes: Vec<&str> = built.errors().iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unknown-field"]);
}
