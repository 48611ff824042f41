//! Content errors: each names file:line:column, says what is wrong and how to
//! fix it, and a build reports all of them at once (issue 2).
//!
//! Every error (and warning) code almanac can print has one row in [`ROWS`] and its printed
//! form pinned in `tests/snapshots/diagnostics/<code>.snap`; a code found in
//! `src/` without a row fails `the_table_covers_every_error_code_in_src_and_nothing_else`.

mod common;
use common::snapshots::snapshot;
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

/// What a build makes of one input: the page is accepted, or the build fails with
/// exactly these errors (code, line in the page's file).
enum Outcome {
    Accepted,
    Rejected(&'static [(&'static str, usize)]),
}

/// One row of the bad-input sweep: `text` as `content/guides/p.md`.
struct Input {
    name: &'static str,
    text: &'static str,
    expect: Outcome,
}

use Outcome::{Accepted, Rejected};

const PAGE: &str = "content/guides/p.md";

/// `accepted`, or every error as `code at file:line` (errors elsewhere than `PAGE` included).
fn outcome_text(built: &Built<'_>) -> String {
    if built.report.written {
        return if built.exists("/guides/p/") {
            "accepted".to_string()
        } else {
            "accepted, but /guides/p/ was not written".to_string()
        };
    }
    let errors: Vec<String> = built
        .errors()
        .iter()
        .map(|d| match &d.location {
            Some(l) => format!("{} at {}:{}", d.code, l.file.display(), l.line),
            None => format!("{} (no location)", d.code),
        })
        .collect();
    if errors.is_empty() {
        "rejected without an error".to_string()
    } else {
        errors.join("; ")
    }
}

fn expected_text(outcome: &Outcome) -> String {
    match outcome {
        Accepted => "accepted".to_string(),
        Rejected(errors) => errors
            .iter()
            .map(|(code, line)| format!("{code} at {PAGE}:{line}"))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

#[test]
fn bad_input_never_panics_and_is_accepted_or_rejected_at_its_line() {
    let inputs = [
        Input {
            name: "empty file",
            text: "",
            expect: Rejected(&[("missing-front-matter", 1)]),
        },
        Input {
            name: "a fence without a newline",
            text: "---",
            expect: Rejected(&[("missing-front-matter", 1)]),
        },
        Input {
            name: "an opening fence only",
            text: "---\n",
            expect: Rejected(&[("unclosed-front-matter", 1)]),
        },
        Input {
            name: "empty front matter",
            text: "---\n---\n",
            expect: Rejected(&[("missing-field", 1)]),
        },
        Input {
            name: "empty front matter, no final newline",
            text: "---\n---",
            expect: Rejected(&[("missing-field", 1)]),
        },
        Input {
            name: "byte order mark",
            text: "\u{feff}---\ntitle: BOM\n---\n",
            expect: Accepted,
        },
        Input {
            name: "CRLF line endings",
            text: "---\r\ntitle: CRLF\r\n---\r\nbody\r\n",
            expect: Accepted,
        },
        Input {
            name: "unclosed flow sequence",
            text: "---\ntitle: [\n---\n",
            expect: Rejected(&[("invalid-yaml", 2)]),
        },
        Input {
            name: "front matter is a list",
            text: "---\n- a list\n---\n",
            expect: Rejected(&[("invalid-yaml", 2)]),
        },
        Input {
            name: "a number as the title",
            text: "---\ntitle: 12\n---\n",
            expect: Accepted,
        },
        Input {
            name: "tags not a list",
            text: "---\ntitle: A\ntags: notalist\n---\n",
            expect: Rejected(&[("invalid-yaml", 3)]),
        },
        Input {
            name: "versions a bare number",
            text: "---\ntitle: A\nversions: 3\n---\n",
            expect: Accepted,
        },
        Input {
            name: "fractional weight",
            text: "---\ntitle: A\nweight: 1.5\n---\n",
            expect: Rejected(&[("invalid-yaml", 3)]),
        },
        Input {
            name: "degenerate links",
            text: "---\ntitle: A\n---\n[[]] [[|]] [[#]] [x](#) [y]() ![z](",
            expect: Rejected(&[("unknown-wikilink", 4)]),
        },
        Input {
            name: "a key given twice",
            text: "---\ntitle: A\ntitle: B\n---\n",
            // At the second one, which is the line to remove.
            expect: Rejected(&[("invalid-yaml", 3)]),
        },
        Input {
            name: "a tab before a key",
            text: "---\ntitle: A\n\tweight: 1\n---\n",
            expect: Rejected(&[("invalid-yaml", 3)]),
        },
        Input {
            name: "a NUL byte in the body",
            text: "---\ntitle: A\n---\na\u{0}b\n",
            expect: Accepted,
        },
        Input {
            name: "a null title",
            text: "---\ntitle: ~\n---\n",
            expect: Rejected(&[("missing-field", 1)]),
        },
        Input {
            name: "a fence with trailing spaces",
            text: "---\ntitle: A\n---   \nbody\n",
            expect: Accepted,
        },
        Input {
            name: "front matter that is a string",
            text: "---\njust words\n---\n",
            expect: Rejected(&[("invalid-yaml", 2)]),
        },
    ];
    let mut failures = Vec::new();
    for input in &inputs {
        let site = site().file(PAGE, input.text);
        let built = site.build();
        let (got, want) = (outcome_text(&built), expected_text(&input.expect));
        if got != want {
            failures.push(format!("{}: want {want}, got {got}", input.name));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_misspelt_required_field_is_reported_once_not_also_as_missing() {
    let site = site().page("guides/a.md", "titel: A", "Body");
    let built = site.build();
    let codes: Vec<&str> = built.errors().iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unknown-field"]);
}

// ---------------------------------------------------------------- every code, as printed

/// The site a [`Row`] starts from.
#[derive(Clone, Copy)]
enum Base {
    /// `almanac.yaml` and a `content/products.yaml` with Acme Cloud 3.
    Site,
    /// An empty folder.
    Bare,
}

/// One row: a small input that makes `almanac build` print exactly one error, `code`
/// (or, for a warning's row, succeed and print exactly one warning, `code`).
/// Files are bytes so a row can hold a file that is not UTF-8; `{site}` in `args`
/// is the site root.
struct Row {
    code: &'static str,
    base: Base,
    files: &'static [(&'static str, &'static [u8])],
    args: &'static [&'static str],
    warns: bool,
}

const fn row(code: &'static str, files: &'static [(&'static str, &'static [u8])]) -> Row {
    Row {
        code,
        base: Base::Site,
        files,
        args: &[],
        warns: false,
    }
}

/// The row of a warning: the build succeeds, and prints it.
const fn warning(code: &'static str, files: &'static [(&'static str, &'static [u8])]) -> Row {
    Row {
        warns: true,
        ..row(code, files)
    }
}

const CONFIG: &[u8] = b"title: Test Site\nbase_url: https://docs.example.com/\n";

const ROWS: &[Row] = &[
    row(
        "ambiguous-link",
        &[
            ("content/guides/setup.md", b"---\ntitle: Setup\n---\nx\n"),
            ("content/guides/setup/index.md", b"---\ntitle: Setup, the bundle\n---\nx\n"),
            ("content/guides/a.md", b"---\ntitle: A\n---\nFirst [setup](setup.html).\n"),
        ],
    ),
    row(
        "ambiguous-wikilink",
        &[
            ("content/guides/setup.md", b"---\ntitle: Setup\nproduct: acme\n---\nx\n"),
            ("content/faq/setup.md", b"---\ntitle: Setup\n---\nx\n"),
            ("content/guides/a.md", b"---\ntitle: A\n---\nFirst [[Setup]].\n"),
        ],
    ),
    row(
        "contradictory-cycle",
        &[(
            "content/products.yaml",
            b"products:\n  - id: acme\n    name: Acme Cloud\n    releases:\n      - releaseCycle: \"3\"\n        releaseDate: 2026-03-02\n        eol: 2025-01-01\n",
        )],
    ),
    row(
        "duplicate-product",
        &[("content/products/acme.yaml", b"name: Acme again\nreleases: []\n")],
    ),
    row(
        "duplicate-url",
        &[
            ("content/guides/a.md", b"---\ntitle: A\n---\nx\n"),
            ("content/guides/b.md", b"---\ntitle: B\nslug: a\n---\nx\n"),
        ],
    ),
    Row {
        code: "foreign-output-directory",
        base: Base::Site,
        files: &[
            ("content/guides/a.md", b"---\ntitle: A\n---\nx\n"),
            ("public/precious.txt", b"keep me\n"),
        ],
        args: &[],
        warns: false,
    },
    Row {
        code: "invalid-config",
        base: Base::Site,
        files: &[
            ("almanac.yaml", b"title: Test Site\nbase_url: https://docs.example.com/\nedit_url: https://github.com/acme/docs/edit/main/{pth}\n"),
            ("content/guides/a.md", b"---\ntitle: A\n---\nx\n"),
        ],
        args: &[],
        warns: false,
    },
    row(
        "invalid-alias",
        &[("content/guides/a.md", b"---\ntitle: A\naliases: [/../../escape/]\n---\nx\n")],
    ),
    row(
        "invalid-kind",
        &[("content/misc/a.md", b"---\ntitle: A\nkind: gide\n---\nx\n")],
    ),
    row(
        "invalid-slug",
        &[("content/guides/a.md", b"---\ntitle: A\nslug: a/b\n---\nx\n")],
    ),
    row(
        "invalid-yaml",
        &[("content/guides/a.md", b"---\ntitle: Upgrade: step by step\n---\nx\n")],
    ),
    row(
        "misplaced-field",
        &[("content/guides/a.md", b"---\ntitle: A\neol_date: 2026-01-01\n---\nx\n")],
    ),
    row(
        "missing-anchor",
        &[
            ("content/guides/a.md", b"---\ntitle: A\n---\n## Proxy settings\n"),
            ("content/guides/b.md", b"---\ntitle: B\n---\nSee [the proxy](a.md#proxy-setings).\n"),
        ],
    ),
    Row {
        code: "missing-config",
        base: Base::Bare,
        files: &[("content/guides/a.md", b"---\ntitle: A\n---\nx\n")],
        args: &[],
        warns: false,
    },
    Row {
        code: "missing-content",
        base: Base::Bare,
        files: &[("almanac.yaml", CONFIG)],
        args: &[],
        warns: false,
    },
    row(
        "missing-field",
        &[("content/guides/a.md", b"---\ndescription: no title here\n---\nx\n")],
    ),
    row(
        "missing-file",
        &[("content/guides/a.md", b"---\ntitle: A\n---\n![diagram](/img/diagram.png)\n")],
    ),
    row(
        "missing-front-matter",
        &[("content/guides/a.md", b"# A\n\nNo front matter.\n")],
    ),
    row(
        "missing-page",
        &[
            ("content/guides/install.md", b"---\ntitle: Install\n---\nx\n"),
            ("content/guides/a.md", b"---\ntitle: A\n---\nFirst [install](instal.md).\n"),
        ],
    ),
    Row {
        code: "missing-theme",
        base: Base::Site,
        files: &[
            ("almanac.yaml", b"title: Test Site\nbase_url: https://docs.example.com/\ntheme: midnight\n"),
            ("content/guides/a.md", b"---\ntitle: A\n---\nx\n"),
        ],
        args: &[],
        warns: false,
    },
    Row {
        code: "output-inside-content",
        base: Base::Site,
        files: &[("content/guides/a.md", b"---\ntitle: A\n---\nx\n")],
        args: &["--out", "{site}/content/public"],
        warns: false,
    },
    Row {
        code: "output-not-a-directory",
        base: Base::Site,
        files: &[
            ("content/guides/a.md", b"---\ntitle: A\n---\nx\n"),
            ("out.txt", b"a file\n"),
        ],
        args: &["--out", "{site}/out.txt"],
        warns: false,
    },
    row(
        "template-error",
        &[
            ("content/guides/a.md", b"---\ntitle: A\n---\nx\n"),
            ("templates/page.html", b"{% extends \"base.html\" %}{% block main %}{{ page.title | nosuchfilter }}{% endblock main %}"),
        ],
    ),
    row(
        "missing-strings",
        &[
            ("almanac.yaml", b"title: Test Site\nbase_url: https://docs.example.com/\nlanguage: fr\n"),
            ("content/guides/a.md", b"---\ntitle: A\n---\nx\n"),
        ],
    ),
    row(
        "topic-mixed-products",
        &[
            (
                "content/products.yaml",
                b"products:\n  - id: acme\n    name: Acme Cloud\n    releases:\n      - releaseCycle: \"3\"\n        releaseDate: 2026-03-02\n  - id: tessera\n    name: Tessera Sync\n    releases:\n      - releaseCycle: \"5\"\n        releaseDate: 2026-07-20\n",
            ),
            ("content/guides/install-acme.md", b"---\ntitle: Install\nproduct: acme\ntopic: install\n---\nx\n"),
            ("content/guides/install-tessera.md", b"---\ntitle: Install Tessera\nproduct: tessera\ntopic: install\n---\nx\n"),
        ],
    ),
    row(
        "topic-overlap",
        &[
            ("content/guides/install-3.md", b"---\ntitle: Install 3\nproduct: acme\nversions: \">=3.0\"\ntopic: install\n---\nx\n"),
            ("content/guides/install-all.md", b"---\ntitle: Install\nproduct: acme\nversions: \">=1.0\"\ntopic: install\n---\nx\n"),
        ],
    ),
    row(
        "unclosed-front-matter",
        &[("content/guides/a.md", b"---\ntitle: A\n\nBody, but the fence was never closed.\n")],
    ),
    row(
        "unknown-field",
        &[("content/guides/a.md", b"---\ntitle: A\ntitel: B\n---\nx\n")],
    ),
    row(
        "unknown-kind",
        &[("content/misc/a.md", b"---\ntitle: A\n---\nx\n")],
    ),
    row(
        "unknown-product",
        &[("content/guides/a.md", b"---\ntitle: A\nproduct: acne\n---\nx\n")],
    ),
    row(
        "unknown-wikilink",
        &[
            ("content/guides/install.md", b"---\ntitle: Install Acme\n---\nx\n"),
            ("content/guides/a.md", b"---\ntitle: A\n---\nFirst [[Instal Acme]].\n"),
        ],
    ),
    warning(
        "unprocessed-template",
        &[("content/guides/a.md", b"---\ntitle: A\n---\nAs `{{ .Title }}` shows:\n\n{{< figure src=\"a.png\" >}} and {{% note %}}\n")],
    ),
    row(
        "unreadable-file",
        &[("content/guides/a.md", b"---\ntitle: Caf\xe9 (Latin-1)\n---\nx\n")],
    ),
    Row {
        code: "write-failed",
        base: Base::Site,
        files: &[
            ("content/guides/a.md", b"---\ntitle: A\n---\nx\n"),
            ("out.txt", b"a file, so nothing can be created under it\n"),
        ],
        args: &["--out", "{site}/out.txt/public"],
        warns: false,
    },
];

/// Codes in `src/` that are not diagnostics.
const NOT_DIAGNOSTIC_CODES: &[(&str, &str)] = &[
    (
        "outdated-version",
        "stale rule: a reason in `almanac check`, not a diagnostic",
    ),
    ("end-of-life", "stale rule"),
    ("eol-upcoming", "stale rule"),
    ("support-ended", "stale rule"),
    ("not-reviewed-since-release", "stale rule"),
    ("review-overdue", "stale rule"),
    ("never-reviewed", "stale rule"),
    ("no-cache", "an HTTP header value in serve"),
    ("xdg-open", "the program serve --open runs"),
    ("rev-parse", "a git command check --changed runs"),
    ("ls-files", "a git command check --changed runs"),
    (
        "kebab-case",
        "serde's rename rule for the stale rules' codes",
    ),
    ("import-report", "the file name of the importer's report"),
    (
        "release-notes",
        "a folder name the importer reads as release notes",
    ),
    (
        "versions-match-nothing",
        "a warning, not an error: tests/stale.rs pins it, and that check --strict fails on it",
    ),
    (
        "optout-expired",
        "a warning, not an error: tests/stale.rs pins it at the page's `stale:` line",
    ),
    (
        "shallow-clone",
        "a warning, not an error: tests/git_dates.rs pins it on a real shallow clone",
    ),
    (
        "no-git-dates",
        "a warning: tests/git_dates.rs pins it outside a repository",
    ),
    (
        "malformed-feedback",
        "a warning: tests/reader_feedback.rs pins it for JSON Lines and CSV",
    ),
    ("rev-parse", "a git command load/git.rs runs"),
    (
        "packed-refs",
        "a file of the git repository serve watches for new commits",
    ),
    (
        "skipped-symlink",
        "a warning: tests/bad_input pins it (symlink-loop, symlink-out-of-the-site), as a row cannot hold a symlink",
    ),
    (
        "unparsed-version",
        "a warning, not an error: tests/products.rs pins it for every odd shape",
    ),
    (
        "invalid-date",
        "printed by `almanac import changelog`, not by build: tests/import_changelog.rs pins it with its line, column and help",
    ),
    ("not-a-version", "import changelog: tests/import_changelog.rs pins it"),
    (
        "duplicate-version",
        "import changelog: tests/import_changelog.rs pins it",
    ),
    (
        "missing-date",
        "an import changelog warning: tests/import_changelog.rs pins it and its help",
    ),
];

/// Every kebab-case string literal in `src/**/*.rs` outside `#[cfg(test)] mod`s, with
/// the file it is first in: the form every diagnostic code takes, wherever it is
/// declared (a `Diagnostic::error("code", ..)` call, a `code: "..."` field, a const).
fn kebab_literals_in_src() -> std::collections::BTreeMap<String, String> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        // Unit-test modules hold example strings, not codes.
        let code = text.split("#[cfg(test)]\nmod ").next().unwrap_or("");
        let file = entry
            .path()
            .strip_prefix(&src)
            .unwrap()
            .display()
            .to_string();
        for literal in code.split('"').skip(1) {
            let is_kebab = literal.starts_with(|c: char| c.is_ascii_lowercase())
                && literal.contains('-')
                && literal.split('-').all(|part| {
                    !part.is_empty()
                        && part
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                });
            if is_kebab {
                found
                    .entry(literal.to_string())
                    .or_insert_with(|| file.clone());
            }
        }
    }
    found
}

/// What `almanac build` printed for a row, with the site root written `[site]`.
struct Printed {
    exit: i32,
    stdout: String,
    stderr: String,
}

fn build_row(row: &Row) -> Printed {
    let site = match row.base {
        Base::Site => site(),
        Base::Bare => {
            let site = Site::new();
            site.remove("almanac.yaml");
            std::fs::remove_dir(site.root().join("content")).unwrap();
            site
        }
    };
    for (path, bytes) in row.files {
        let full = site.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    let root = site.root().display().to_string();
    let mut args = vec![
        "build".to_string(),
        "--today".to_string(),
        TODAY.to_string(),
    ];
    args.extend(row.args.iter().map(|a| a.replace("{site}", &root)));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (exit, stdout, stderr) = site.run(&args);
    Printed {
        exit,
        stdout: stdout.replace(&root, "[site]"),
        stderr: stderr.replace(&root, "[site]"),
    }
}

/// The snapshot of a row: the command, the files it adds to its base, and stderr.
fn transcript(row: &Row, printed: &Printed) -> String {
    let mut out = String::from("$ almanac build --today ");
    out.push_str(TODAY);
    for arg in row.args {
        out.push(' ');
        out.push_str(&arg.replace("{site}", "[site]"));
    }
    out.push('\n');
    for (path, bytes) in row.files {
        out.push_str(&format!("--- {path}\n{}", String::from_utf8_lossy(bytes)));
        if !bytes.ends_with(b"\n") {
            out.push('\n');
        }
    }
    out.push_str("--- stderr\n");
    out.push_str(&printed.stderr);
    out
}

/// The codes of the `error[code]:` (or other `heading`) headings in printed diagnostics.
fn printed_codes<'a>(stderr: &'a str, heading: &str) -> Vec<&'a str> {
    stderr
        .lines()
        .filter_map(|line| line.strip_prefix(heading)?.split_once("]: "))
        .map(|(code, _)| code)
        .collect()
}

fn snapshot_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/diagnostics")
}

#[test]
fn every_error_code_prints_rustc_style_as_its_snapshot() {
    let mut failures = Vec::new();
    let mut printed = Vec::new();
    for row in ROWS {
        let result = build_row(row);
        let (exit, heading, summary) = if row.warns {
            (0, "warning[", "Built ")
        } else {
            (1, "error[", "Build failed")
        };
        let codes = printed_codes(&result.stderr, heading);
        let errors = printed_codes(&result.stderr, "error[");
        let other_errors = row.warns && !errors.is_empty();
        if result.exit != exit
            || codes != [row.code]
            || other_errors
            || !result.stdout.starts_with(summary)
        {
            failures.push(format!(
                "{}: want exit {exit} and exactly one `{heading}{}]`, got exit {} and {codes:?} (errors {errors:?}):\n{}{}",
                row.code, row.code, result.exit, result.stderr, result.stdout
            ));
        }
        printed.push((row, result));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir());
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        common::snapshots::each(
            printed
                .iter()
                .map(|(row, result)| (row.code.to_string(), transcript(row, result))),
            |code, text| snapshot!(code, text),
        );
    });
}

#[test]
fn the_table_covers_every_error_code_in_src_and_nothing_else() {
    let in_src = kebab_literals_in_src();
    let ignored: Vec<&str> = NOT_DIAGNOSTIC_CODES.iter().map(|(code, _)| *code).collect();
    let mut rows: Vec<&str> = ROWS.iter().map(|r| r.code).collect();
    let mut problems = Vec::new();
    for (code, file) in &in_src {
        if !ignored.contains(&code.as_str()) && !rows.contains(&code.as_str()) {
            problems.push(format!(
                "`{code}` (src/{file}) has no row in ROWS: add one (or list it in NOT_DIAGNOSTIC_CODES)"
            ));
        }
    }
    for code in rows.iter().chain(&ignored) {
        if !in_src.contains_key(*code) {
            problems.push(format!(
                "`{code}` is no longer a string in src/: remove its row, or teach kebab_literals_in_src where codes now live"
            ));
        }
    }
    let count = rows.len();
    rows.sort_unstable();
    rows.dedup();
    if rows.len() != count {
        problems.push("a code has two rows; each code has one snapshot".to_string());
    }
    let on_disk: Vec<String> = std::fs::read_dir(snapshot_dir())
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter_map(|name| name.strip_suffix(".snap").map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    for name in &on_disk {
        if !rows.contains(&name.as_str()) {
            problems.push(format!(
                "tests/snapshots/diagnostics/{name}.snap has no row: delete it"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn check_fails_on_a_theme_that_build_would_fail_on() {
    // (almanac.yaml extra line or template override, the error code both report)
    for (extra_config, template, code) in [
        ("theme: midnight\n", None, "missing-theme"),
        ("", Some("{% if %}broken"), "template-error"),
    ] {
        let mut site = Site::new()
            .file(
                "almanac.yaml",
                &format!("title: T\nbase_url: https://docs.example.com/\n{extra_config}"),
            )
            .page("guides/a.md", "title: A", "Body.\n");
        if let Some(text) = template {
            site = site.file("templates/page.html", text);
        }
        let (build_code, _, build_err) = site.run(&["build", "--today", TODAY]);
        let (check_code, check_out, _) = site.run(&["check", "--today", TODAY]);
        assert_eq!(
            (build_code, check_code),
            (1, 1),
            "{code}: {build_err}\n{check_out}"
        );
        assert!(build_err.contains(&format!("error[{code}]")), "{build_err}");
        assert!(check_out.contains(&format!("error[{code}]")), "{check_out}");
    }
}
