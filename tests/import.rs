//! `almanac import docs`: Markdown written for other generators becomes an almanac site.
//!
//! The fixtures are small, unmodified copies of two real trees, each with its
//! license beside it: `tests/fixtures/import-hugo/` from gohugoio/hugoDocs
//! (`content/en/`, Apache-2.0) and `tests/fixtures/import-nodejs/` from
//! nodejs/nodejs.org (`apps/site/pages/en/blog/`, MIT). Neither has TOML front
//! matter, so that is tested on files written here. Rules with many edges (the
//! front-matter mapping, versions in titles, link forms) are tables whose rows
//! all run before any mismatch is reported.

mod common;
use common::*;

use std::path::{Path, PathBuf};

use almanac::import::report::Outcome;
use almanac::import::{import_docs, Options, Report};
use serde_json::{json, Value};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A source folder written file by file.
struct Source {
    dir: tempfile::TempDir,
}

impl Source {
    fn new() -> Source {
        Source {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(self, path: &str, text: &str) -> Source {
        self.bytes(path, text.as_bytes())
    }

    fn bytes(self, path: &str, bytes: &[u8]) -> Source {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
        self
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

fn import(src: &Path, site: &Site, product: Option<&str>, version_folders: bool) -> Report {
    import_docs(&Options {
        src: src.to_path_buf(),
        into: site.root().to_path_buf(),
        product: product.map(str::to_string),
        version_folders,
    })
    .expect("import runs")
}

fn read(site: &Site, path: &str) -> String {
    site.read(path)
}

/// The front matter of a written page, as a value.
fn front(site: &Site, path: &str) -> Value {
    site.front(path)
}

/// The body of a written page.
fn body(site: &Site, path: &str) -> String {
    let text = read(site, path);
    text.strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .map(|(_, b)| b.to_string())
        .unwrap()
}

/// Every error of the imported site that is not about links: the import's own
/// faults (front matter almanac refuses, unknown products, URL collisions).
fn non_link_errors(site: &Site) -> Vec<String> {
    let analysis = build::analyse(&site.options()).expect("site loads");
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter(|d| !matches!(d.code, "missing-anchor" | "missing-file" | "missing-page"))
        .map(|d| format!("{}: {} ({:?})", d.code, d.message, d.location))
        .collect()
}

use almanac::build;

// ---------------------------------------------------------------------------
// Front-matter mapping

/// One source file and what its written front matter must hold (`None`: absent).
struct Mapping {
    name: &'static str,
    file: &'static str,
    text: &'static str,
    expect: Vec<(&'static str, Option<Value>)>,
}

fn v(value: Value) -> Option<Value> {
    Some(value)
}

#[test]
fn front_matter_mapping_table() {
    let rows = [
        Mapping {
            name: "title as written",
            file: "a.md",
            text: "---\ntitle: Install\n---\nBody\n",
            expect: vec![("title", v(json!("Install"))), ("extra", None)],
        },
        Mapping {
            name: "title from the first # heading",
            file: "a.md",
            text: "---\nlayout: doc\n---\n\nIntro\n\n# Getting started\n\n## Next\n",
            expect: vec![("title", v(json!("Getting started")))],
        },
        Mapping {
            name: "title from the file name, without front matter",
            file: "setup-guide.md",
            text: "Just text.\n\n## Part\n",
            expect: vec![("title", v(json!("setup-guide")))],
        },
        Mapping {
            name: "description from summary; intro kept when description wins",
            file: "a.md",
            text: "---\ntitle: A\nsummary: Short.\n---\n",
            expect: vec![("description", v(json!("Short."))), ("extra", None)],
        },
        Mapping {
            name: "description wins over intro, which stays under extra",
            file: "a.md",
            text: "---\ntitle: A\ndescription: D\nintro: I\n---\n",
            expect: vec![
                ("description", v(json!("D"))),
                ("extra", v(json!({"intro": "I"}))),
            ],
        },
        Mapping {
            name: "datetime in UTC becomes its date",
            file: "a.md",
            text: "---\ntitle: A\ndate: '2023-04-18T16:07:46.722Z'\n---\n",
            expect: vec![("date", v(json!("2023-04-18")))],
        },
        Mapping {
            name: "datetime with an offset becomes its UTC date",
            file: "a.md",
            text: "---\ntitle: A\ndate: 2025-03-17T22:00:00-04:00\n---\n",
            expect: vec![("date", v(json!("2025-03-18")))],
        },
        Mapping {
            name: "lastmod, last_modified_at, updated",
            file: "a.md",
            text: "---\ntitle: A\nlast_modified_at: 2024-01-02 10:00:00 +0000\n---\n",
            expect: vec![("updated", v(json!("2024-01-02"))), ("extra", None)],
        },
        Mapping {
            name: "lastmod wins over updated",
            file: "a.md",
            text: "---\ntitle: A\nlastmod: 2024-01-02\nupdated: 2024-05-06\n---\n",
            expect: vec![
                ("updated", v(json!("2024-01-02"))),
                ("extra", v(json!({"updated": "2024-05-06"}))),
            ],
        },
        Mapping {
            name: "tags, keywords, categories and topics merge",
            file: "a.md",
            text: "---\ntitle: A\ntags: [x, y]\nkeywords: y, z\ncategories: [c]\ntopics: [t]\n---\n",
            expect: vec![("tags", v(json!(["x", "y", "z", "c", "t"])))],
        },
        Mapping {
            name: "aliases and redirect_from, after the old URL",
            file: "docs/a.md",
            text: "---\ntitle: A\naliases: [/old/a/]\nredirect_from: /older/a.html\n---\n",
            expect: vec![(
                "aliases",
                v(json!(["/docs/a/", "/old/a/", "/older/a.html"])),
            )],
        },
        Mapping {
            name: "draft",
            file: "a.md",
            text: "---\ntitle: A\ndraft: true\n---\n",
            expect: vec![("draft", v(json!(true)))],
        },
        Mapping {
            name: "published: false is a draft",
            file: "a.md",
            text: "---\ntitle: A\npublished: false\n---\n",
            expect: vec![("draft", v(json!(true))), ("extra", None)],
        },
        Mapping {
            name: "published: true is no draft",
            file: "a.md",
            text: "---\ntitle: A\npublished: true\n---\n",
            expect: vec![("draft", None), ("extra", None)],
        },
        Mapping {
            name: "weight from nav_order",
            file: "a.md",
            text: "---\ntitle: A\nnav_order: 3\n---\n",
            expect: vec![("weight", v(json!(3)))],
        },
        Mapping {
            name: "weight from sidebar_position",
            file: "a.md",
            text: "---\ntitle: A\nsidebar_position: 2\n---\n",
            expect: vec![("weight", v(json!(2)))],
        },
        Mapping {
            name: "slug kept",
            file: "a.md",
            text: "---\ntitle: A\nslug: first-steps\n---\n",
            expect: vec![("slug", v(json!("first-steps")))],
        },
        Mapping {
            name: "a slug that is a path stays under extra (but gives the old URL)",
            file: "a.md",
            text: "---\ntitle: A\nslug: /start/here\n---\n",
            expect: vec![
                ("slug", None),
                ("extra", v(json!({"slug": "/start/here"}))),
                ("aliases", v(json!(["/start/here/"]))),
            ],
        },
        Mapping {
            name: "other keys under extra, unchanged",
            file: "a.md",
            text: "---\ntitle: A\nlayout: blog-post\nauthor: Ada\nparams:\n  x: [1, 2]\nversion: 3.1\n---\n",
            expect: vec![(
                "extra",
                v(json!({"layout": "blog-post", "author": "Ada", "params": {"x": [1, 2]}, "version": 3.1})),
            )],
        },
        Mapping {
            name: "a date that is no date stays under extra",
            file: "a.md",
            text: "---\ntitle: A\ndate: last Tuesday\n---\n",
            expect: vec![("date", None), ("extra", v(json!({"date": "last Tuesday"})))],
        },
        Mapping {
            name: "TOML front matter",
            file: "a.md",
            text: "+++\ntitle = \"Toml page\"\ndate = 2023-04-18T23:30:00-02:00\nweight = 4\ntags = [\"t\"]\n[params]\nicon = \"x\"\n+++\n\nBody\n",
            expect: vec![
                ("title", v(json!("Toml page"))),
                ("date", v(json!("2023-04-19"))),
                ("weight", v(json!(4))),
                ("tags", v(json!(["t"]))),
                ("extra", v(json!({"params": {"icon": "x"}}))),
            ],
        },
        Mapping {
            name: "JSON front matter",
            file: "a.md",
            text: "{\n  \"title\": \"Json page\",\n  \"keywords\": [\"k\"]\n}\n\nBody\n",
            expect: vec![("title", v(json!("Json page"))), ("tags", v(json!(["k"])))],
        },
        Mapping {
            name: "front matter that is not YAML is kept as text",
            file: "a.md",
            text: "---\ntitle: {{ site.name }} docs\n---\n# Heading\n",
            expect: vec![
                ("title", v(json!("Heading"))),
                ("extra", v(json!({"original_front_matter": "title: {{ site.name }} docs\n"}))),
            ],
        },
    ];
    let mut failures = Vec::new();
    for row in &rows {
        let src = Source::new().file(row.file, row.text);
        let site = Site::empty_folder();
        let report = import(src.path(), &site, None, false);
        let target = format!("content/guides/{}.md", row.file.rsplit_once('.').unwrap().0);
        let fm = front(&site, &target);
        for (field, expected) in &row.expect {
            let got = fm.get(*field);
            if got != expected.as_ref() {
                failures.push(format!(
                    "{}: `{field}` is {got:?}, expected {expected:?}\n{}",
                    row.name,
                    read(&site, &target)
                ));
            }
        }
        let errors = non_link_errors(&site);
        if !errors.is_empty() {
            failures.push(format!("{}: the site does not load: {errors:?}", row.name));
        }
        if row.name.contains("no date") || row.name.contains("not YAML") {
            let notes = &report.files[0].notes;
            if notes.is_empty() {
                failures.push(format!("{}: no note for the writer", row.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---------------------------------------------------------------------------
// Release notes and their versions

#[test]
fn versions_found_in_titles_and_file_names() {
    use almanac::import::plan::find_version;
    let rows: &[(&str, Option<&str>)] = &[
        ("v20.0.0", Some("20.0.0")),
        ("Node.js 20.0.0 (Current)", Some("20.0.0")),
        ("Node v0.10.31 (Stable)", Some("0.10.31")),
        ("Node v4.2.3 \"Argon\" (LTS)", Some("4.2.3")),
        ("Version 0.6.11 (stable)", Some("0.6.11")),
        ("Node.js ersion 0.6.19 (stable)", Some("0.6.19")),
        ("Release 3.2.0-rc.1 is out", Some("3.2.0-rc.1")),
        ("v1.36-eks-6", Some("1.36-eks-6")),
        ("Acme 2024.1 released.", Some("2024.1")),
        ("v8", Some("8")),
        ("Security releases for 18.x and 20.x", None),
        ("Plans for 2023", None),
        ("weekly-update.2015-12-04", None),
        ("dev8.5", None),
        ("", None),
    ];
    let failures: Vec<String> = rows
        .iter()
        .filter(|(text, want)| find_version(text).as_deref() != *want)
        .map(|(text, want)| format!("{text:?}: got {:?}, want {want:?}", find_version(text)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One release note: file, front matter, and the version it must get (None: a guide).
struct ReleaseRow {
    file: &'static str,
    front: &'static str,
    version: Option<&'static str>,
}

#[test]
fn release_notes_take_their_version_from_front_matter_title_or_file_name() {
    let rows = [
        ReleaseRow {
            file: "release/v20.0.0.md",
            front: "title: Node.js 20.0.0 (Current)\ndate: '2023-04-18T16:07:46.722Z'",
            version: Some("20.0.0"),
        },
        ReleaseRow {
            file: "release/notes.md",
            front: "title: Node v0.10.31 (Stable)\ndate: 2014-08-19",
            version: Some("0.10.31"),
        },
        ReleaseRow {
            file: "changelog/v3.10.0.md",
            front: "title: Spring release\ndate: 2024-03-01",
            version: Some("3.10.0"),
        },
        ReleaseRow {
            file: "releases/x.md",
            front: "title: Acme 9.9.9\nversion: \"3.10\"\ndate: 2024-03-01",
            version: Some("3.10"),
        },
        ReleaseRow {
            file: "blog/2024/spring.md",
            front: "title: Acme 4.1 is here\ncategory: release\ndate: 2024-03-01",
            version: Some("4.1"),
        },
        ReleaseRow {
            file: "release/plans.md",
            front: "title: Plans for the next year\ndate: 2024-03-01",
            version: None,
        },
        ReleaseRow {
            file: "release/v5.0.0.md",
            front: "title: Node.js 5.0.0",
            version: None,
        },
    ];
    let mut src = Source::new();
    for row in &rows {
        src = src.file(row.file, &format!("---\n{}\n---\n\nNotes.\n", row.front));
    }
    let site = Site::empty_folder();
    let report = import(src.path(), &site, Some("node"), false);
    let mut failures = Vec::new();
    for row in &rows {
        let file = report.files.iter().find(|f| f.source == row.file).unwrap();
        let fm = front(&site, &file.target);
        let got = fm.get("version").and_then(Value::as_str);
        let is_release = file.target.starts_with("content/releases/");
        let ok = got == row.version
            && is_release == row.version.is_some()
            && (row.version.is_none() || fm["product"] == "node");
        let demoted_note = file.notes.iter().any(|n| n.contains("imported as a guide"));
        if !ok || demoted_note != row.version.is_none() {
            failures.push(format!(
                "{}: version {got:?} at {} (notes {:?}), want {:?}",
                row.file, file.target, file.notes, row.version
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(report.demoted(), 2);
    // The product did not exist: a stub is written so that the site builds.
    assert!(read(&site, "content/products/node.md").contains("title: node"));
    assert_eq!(non_link_errors(&site), Vec::<String>::new());
    // The changelog lists them newest version first.
    let built = site.build_ok();
    let changelog = built.main("/releases/");
    // 3.10.0 and 3.10 are the same version; the file order breaks the tie.
    let order: Vec<usize> = ["20.0.0", "4.1", "3.10.0", "3.10", "0.10.31"]
        .iter()
        .map(|v| {
            changelog
                .find(&format!("Version {v} ·"))
                .unwrap_or_else(|| panic!("no version {v} in {changelog}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn without_a_product_release_notes_are_guides() {
    let src = Source::new().file(
        "release/v1.0.0.md",
        "---\ntitle: 1.0.0\ndate: 2024-01-01\n---\n",
    );
    let site = Site::empty_folder();
    let report = import(src.path(), &site, None, false);
    assert_eq!(report.files[0].target, "content/guides/release/v1.0.0.md");
    assert!(
        report.files[0].notes[0].contains("no `--product`"),
        "{:?}",
        report.files[0].notes
    );
    assert!(!site.root().join("content/products").exists());
}

// ---------------------------------------------------------------------------
// The real trees

#[test]
fn nodejs_blog_becomes_release_notes_and_guides() {
    let site = Site::empty_folder();
    let report = import(&fixture("import-nodejs"), &site, Some("nodejs"), false);
    assert_eq!(report.mount, "/blog");
    let written = report.written();
    assert_eq!(written.get("release note"), Some(&3), "{written:?}");
    assert_eq!(written.get("guide"), Some(&3));
    assert_eq!(written.get("section intro"), Some(&1));

    let fm = front(&site, "content/releases/v4.2.3.md");
    assert_eq!(fm["version"], "4.2.3");
    assert_eq!(fm["product"], "nodejs");
    assert_eq!(fm["title"], "Node v4.2.3 \"Argon\" (LTS)");
    assert_eq!(fm["aliases"], json!(["/blog/release/v4.2.3/"]));
    assert_eq!(fm["extra"]["author"], "Rod Vagg");
    assert_eq!(
        front(&site, "content/releases/v0.6.19.md")["version"],
        "0.6.19"
    );

    // 10:00 at UTC-4 is 14:00 UTC, the same day.
    let discord = front(
        &site,
        "content/guides/announcements/official-discord-launch-announcement.md",
    );
    assert_eq!(discord["date"], "2025-03-17");

    // Links written against the old site's URLs now name the moved file.
    let weekly = body(&site, "content/guides/weekly/weekly-update.2015-12-04.md");
    assert!(
        weekly.contains("[v4.2.3 \"Argon\" (LTS)](/releases/v4.2.3.md)"),
        "{weekly}"
    );
    assert!(
        weekly.contains("(/blog/release/v0.10.41/)"),
        "not imported: left alone"
    );
    let weekly_report = report
        .files
        .iter()
        .find(|f| f.source == "weekly/weekly-update.2015-12-04.md")
        .unwrap();
    assert_eq!(weekly_report.links_rewritten, 1);
    assert!(weekly_report
        .unresolved
        .iter()
        .any(|(line, dest)| *line == 16 && dest == "/blog/release/v0.10.41/"));

    // MDX becomes .md; its component is reported with its line.
    let mdx = report
        .files
        .iter()
        .find(|f| f.source == "migrations/v20-to-v22.mdx")
        .unwrap();
    assert_eq!(mdx.target, "content/guides/migrations/v20-to-v22.md");
    assert!(mdx
        .findings
        .iter()
        .any(|f| f.line == 11 && f.text == "<AlertBox level=\"info\" title=\"!\">"));

    // The license comes along.
    assert_eq!(
        read(&site, "content/guides/LICENSE"),
        std::fs::read_to_string(fixture("import-nodejs/LICENSE")).unwrap()
    );
    assert_eq!(non_link_errors(&site), Vec::<String>::new());
}

#[test]
fn hugo_docs_keep_their_layout_and_links() {
    let site = Site::empty_folder();
    let report = import(&fixture("import-hugo"), &site, None, false);
    assert_eq!(report.mount, "");
    let written = report.written();
    assert_eq!(written.get("section intro"), Some(&6), "{written:?}");
    assert_eq!(written.get("guide"), Some(&3));
    assert_eq!(report.assets.len(), 4);
    assert!(site
        .root()
        .join("content/guides/host-and-deploy/host-on-codeberg-pages/cb-pages-01.png")
        .is_file());

    // A leaf bundle's index.md is its folder's intro.
    let bundle = front(
        &site,
        "content/guides/host-and-deploy/host-on-codeberg-pages/_index.md",
    );
    assert_eq!(bundle["title"], "Host on Codeberg Pages");

    // Hugo serves lowercased URLs: the alias is where readers were.
    let translate = front(&site, "content/guides/functions/lang/Translate.md");
    assert_eq!(
        translate["aliases"],
        json!(["/functions/lang/translate/", "/functions/i18n/"])
    );
    assert_eq!(
        translate["extra"]["params"]["functions_and_methods"]["returnType"],
        "string"
    );

    // A reference definition against the old URL names the file now.
    let locale = body(&site, "content/guides/_common/configuration/locale.md");
    assert!(
        locale.contains("[`language.Translate`]: /guides/functions/lang/Translate.md\n"),
        "{locale}"
    );
    assert_eq!(non_link_errors(&site), Vec::<String>::new());
}

#[test]
fn report_names_foreign_syntax_with_line_numbers() {
    let site = Site::empty_folder();
    let report = import(&fixture("import-hugo"), &site, None, false);
    let source =
        std::fs::read_to_string(fixture("import-hugo/functions/lang/Translate.md")).unwrap();
    let line = source
        .lines()
        .position(|l| l.starts_with("{{% glossary-term"))
        .unwrap()
        + 1;
    let text = read(&site, "import-report.md");
    assert_eq!(text, report.markdown());
    assert!(
        text.contains(
            "### `functions/lang/Translate.md` → `content/guides/functions/lang/Translate.md`"
        ),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "- line {line}: Hugo shortcode `{{{{% glossary-term \"translation table\" %}}}}`"
        )),
        "{text}"
    );
    assert!(text.contains("| links rewritten to new locations |"));
    // Every file with a shortcode outside code is named, in the report and the summary.
    let summary = report.summary();
    for file in [
        "functions/lang/Translate.md",
        "host-and-deploy/host-on-codeberg-pages/index.md",
        "_common/configuration/locale.md",
    ] {
        assert!(
            text.contains(&format!("### `{file}`")),
            "{file} missing from the report"
        );
        assert!(
            summary.contains(&format!("review {file}: ")),
            "{file} missing from:\n{summary}"
        );
    }
    assert!(
        !text.contains("### `functions/_index.md`"),
        "nothing to review there"
    );

    let src = Source::new().file(
        "page.md",
        "---\ntitle: P\n---\n{% include note.html %}\n\nHi {{ page.title }}.\n{: .lead}\n\nimport Tabs from '@theme/Tabs';\n\n<Tabs>\n\n:::tip\nx\n:::\n\n```\n{% not this %}\n```\n",
    );
    let site = Site::empty_folder();
    let report = import(src.path(), &site, None, false);
    let found: Vec<(usize, &str)> = report.files[0]
        .findings
        .iter()
        .map(|f| (f.line, f.syntax.label()))
        .collect();
    assert_eq!(
        found,
        [
            (4, "Liquid tag"),
            (6, "template expression (Liquid or Go)"),
            (7, "kramdown attribute list"),
            (9, "MDX import/export"),
            (11, "MDX component"),
            (13, "admonition"),
        ]
    );
}

// ---------------------------------------------------------------------------
// Links and aliases

#[test]
fn links_to_old_urls_are_rewritten_in_every_form() {
    let rows: &[(&str, &str)] = &[
        ("/docs/v2/install.html", "/guides/docs/v2/install.md"),
        ("/docs/v2/install/", "/guides/docs/v2/install.md"),
        ("/docs/v2/install", "/guides/docs/v2/install.md"),
        (
            "/Docs/V2/Install/index.html#proxy",
            "/guides/docs/v2/install.md#proxy",
        ),
        ("/docs/v2/", "/guides/docs/v2/_index.md"),
        ("/docs/start/", "/guides/docs/v2/getting-started.md"),
        ("/docs/faq/general.html", "/faq/docs/general.md"),
        ("install.md", "install.md"),
        ("../v2/install.md#x", "install.md#x"),
        ("../install/", "install.md"),
        ("./README.md", "_index.md"),
        ("tabs.mdx", "tabs.md"),
        ("../faq/general.md", "../../../faq/docs/general.md"),
        ("diagram.png", "diagram.png"),
        (
            "https://example.com/docs/v2/install/",
            "https://example.com/docs/v2/install/",
        ),
        ("#local", "#local"),
        ("/nowhere/", "/nowhere/"),
    ];
    let mut page = String::from("---\ntitle: Links\n---\n\n");
    for (i, (dest, _)) in rows.iter().enumerate() {
        page.push_str(&format!("- [link {i}]({dest})\n"));
    }
    let src = Source::new()
        .file("docs/v2/links.md", &page)
        .file("docs/v2/install.md", "---\ntitle: Install\n---\n## Proxy\n")
        .file("docs/v2/README.md", "# Version 2\n")
        .file("docs/v2/tabs.mdx", "# Tabs\n")
        .file(
            "docs/v2/getting-started.md",
            "---\ntitle: Start\nslug: start\nurl: /docs/start/\n---\n",
        )
        .file(
            "docs/faq/general.md",
            "---\ntitle: FAQ\n---\n## Why?\n\nBecause.\n",
        )
        .bytes("docs/v2/diagram.png", b"\x89PNG");
    let site = Site::empty_folder();
    let report = import(src.path(), &site, None, false);
    let text = body(&site, "content/guides/docs/v2/links.md");
    let mut failures = Vec::new();
    for (i, (dest, want)) in rows.iter().enumerate() {
        if !text.contains(&format!("- [link {i}]({want})\n")) {
            failures.push(format!("{dest} should become {want}"));
        }
    }
    assert!(failures.is_empty(), "{}\n{text}", failures.join("\n"));
    let links = report
        .files
        .iter()
        .find(|f| f.source == "docs/v2/links.md")
        .unwrap();
    let changed = rows.iter().filter(|(d, w)| d != w).count();
    assert_eq!(links.links_rewritten, changed);
    assert_eq!(links.unresolved, [(21, "/nowhere/".to_string())]);
    // A page moved elsewhere keeps its old URL as an alias; a listing intro has none.
    assert_eq!(
        front(&site, "content/faq/docs/general.md")["aliases"],
        json!(["/docs/faq/general/"])
    );
    assert_eq!(
        front(&site, "content/guides/docs/v2/getting-started.md")["aliases"],
        json!(["/docs/start/"])
    );
    assert_eq!(report.aliases(), 5);
}

#[test]
fn aliases_never_take_a_url_of_the_new_site() {
    // `guides/a.md` was at /guides/a/, which is now the URL of `a.md`.
    let src = Source::new()
        .file("a.md", "# A\n")
        .file("guides/a.md", "# Old A\n")
        .file(
            "b.md",
            "---\ntitle: B\naliases: [/tags/, /a/, /t/time, /t/time/format]\n---\n",
        );
    let site = Site::empty_folder();
    let report = import(src.path(), &site, None, false);
    assert_eq!(
        front(&site, "content/guides/a.md")["aliases"],
        json!(["/a/"])
    );
    assert_eq!(
        front(&site, "content/guides/guides/a.md").get("aliases"),
        None
    );
    // Folders, as Hugo writes them: a file at /t/time would block /t/time/format/.
    assert_eq!(
        front(&site, "content/guides/b.md")["aliases"],
        json!(["/b/", "/t/time/", "/t/time/format/"])
    );
    let notes: Vec<&String> = report.files.iter().flat_map(|f| &f.notes).collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert_eq!(non_link_errors(&site), Vec::<String>::new());
    site.build_ok();
}

// ---------------------------------------------------------------------------
// Never overwrite; a second run changes nothing

#[test]
fn never_overwrites_and_a_second_run_changes_nothing() {
    let site = Site::empty_folder();
    site.write(
        "content/guides/functions/_index.md",
        "---\ntitle: Mine\n---\n",
    );
    let first = import(&fixture("import-hugo"), &site, None, false);
    assert_eq!(
        read(&site, "content/guides/functions/_index.md"),
        "---\ntitle: Mine\n---\n"
    );
    let kept = first
        .files
        .iter()
        .find(|f| f.source == "functions/_index.md")
        .unwrap();
    assert_eq!(kept.outcome, Outcome::Exists);
    assert!(first
        .markdown()
        .contains("## Skipped: already in the site\n\n- `content/guides/functions/_index.md`"));
    let before = snapshot_dir(site.root());

    let second = import(&fixture("import-hugo"), &site, None, false);
    assert_eq!(
        snapshot_dir(site.root()),
        before,
        "the second run changed files"
    );
    assert_eq!(second.files_written(), 0);
    assert_eq!(second.skipped(), first.files.len() + first.assets.len());
    assert!(second.files.iter().all(|f| f.outcome == Outcome::Exists));
    assert!(
        second.summary().contains("Nothing was written"),
        "{}",
        second.summary()
    );
}

#[test]
fn a_second_import_of_another_folder_keeps_the_first_report() {
    let site = Site::empty_folder();
    import(&fixture("import-nodejs"), &site, Some("nodejs"), false);
    let first = read(&site, "import-report.md");
    let other = Source::new().file("extra/page.md", "# Extra\n");
    let report = import(other.path(), &site, Some("nodejs"), false);
    assert_eq!(read(&site, "import-report.md"), first);
    assert_eq!(
        report.report_file,
        Some(site.root().join("import-report-2.md"))
    );
}

// ---------------------------------------------------------------------------
// Version folders

#[test]
fn version_folders_give_versions_and_a_shared_topic() {
    let src = Source::new()
        .file("docs/v1.4/admin/install.md", "# Install 1.4\n")
        .file("docs/2.x/admin/install.md", "# Install 2\n")
        .file("docs/version-3.0/admin/install.md", "# Install 3.0\n")
        .file("docs/admin/install.md", "# Install (next)\n")
        .file("docs/v1.4/only-old.md", "# Old\n");
    let site = Site::empty_folder();
    import(src.path(), &site, Some("acme"), true);
    let rows = [
        (
            "content/guides/docs/v1.4/admin/install.md",
            Some("=1.4"),
            Some("docs/admin/install"),
        ),
        (
            "content/guides/docs/2.x/admin/install.md",
            Some("=2"),
            Some("docs/admin/install"),
        ),
        (
            "content/guides/docs/version-3.0/admin/install.md",
            Some("=3.0"),
            Some("docs/admin/install"),
        ),
        (
            "content/guides/docs/admin/install.md",
            None,
            Some("docs/admin/install"),
        ),
        (
            "content/guides/docs/v1.4/only-old.md",
            Some("=1.4"),
            Some("docs/only-old"),
        ),
    ];
    let mut failures = Vec::new();
    for (file, versions, topic) in rows {
        let fm = front(&site, file);
        let got = (
            fm.get("versions").and_then(Value::as_str),
            fm.get("topic").and_then(Value::as_str),
            fm.get("product").and_then(Value::as_str),
        );
        // Every page of a topic names the product, the current (unversioned) copy too.
        let want = (versions, topic, topic.map(|_| "acme"));
        if got != want {
            failures.push(format!("{file}: {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // almanac reads the topic into its model.
    let analysis = site.analyse();
    let topics: Vec<Option<&str>> = analysis
        .site
        .pages
        .iter()
        .map(|p| p.meta.topic.as_deref())
        .collect();
    assert_eq!(
        topics
            .iter()
            .filter(|t| **t == Some("docs/admin/install"))
            .count(),
        4
    );
    assert_eq!(non_link_errors(&site), Vec::<String>::new());
}

#[test]
fn version_folders_are_only_folders_without_the_flag() {
    let src = Source::new().file("docs/v1.4/install.md", "# Install\n");
    let site = Site::empty_folder();
    let report = import(src.path(), &site, Some("acme"), false);
    let fm = front(&site, "content/guides/docs/v1.4/install.md");
    assert_eq!((fm.get("versions"), fm.get("topic")), (None, None));
    assert!(
        report.notes.iter().any(|n| n.contains("--version-folders")),
        "{:?}",
        report.notes
    );
}

// ---------------------------------------------------------------------------
// Odd input

#[test]
fn odd_files_are_reported_not_fatal() {
    let src = Source::new()
        .bytes("latin1.md", b"---\ntitle: Caf\xe9\n---\n")
        .file("a.md", "# From md\n")
        .file("a.mdx", "# From mdx\n")
        .file("dir/index.md", "# Index\n")
        .file("dir/README.md", "# Readme\n")
        .file("empty.md", "")
        .file("unclosed.md", "---\ntitle: x\n")
        .file(".hidden.md", "# Hidden\n");
    let site = Site::empty_folder();
    let report = import(src.path(), &site, None, false);
    assert_eq!(
        report.unreadable,
        [("latin1.md".to_string(), "not UTF-8 text".to_string())]
    );
    let targets: Vec<&str> = report.files.iter().map(|f| f.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "content/guides/a.md",
            "content/guides/a-2.md",
            "content/guides/dir/README.md",
            "content/guides/dir/_index.md",
            "content/guides/empty.md",
            "content/guides/unclosed.md",
        ]
    );
    assert!(
        report.files[1].notes[0].contains("also becomes content/guides/a.md")
            || report.files[1].notes[0].contains("guides/a.md")
    );
    assert!(
        report.files[5].notes[0].contains("never closed"),
        "{:?}",
        report.files[5].notes
    );
    assert!(report
        .summary()
        .contains("error: latin1.md: not UTF-8 text"));
    assert_eq!(non_link_errors(&site), Vec::<String>::new());
    site.build_ok();
}

#[test]
fn the_command_imports_into_the_current_folder_by_default() {
    let site = Site::empty_folder();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_almanac"))
        .args(["import", "docs"])
        .arg(fixture("import-nodejs"))
        .args(["--product", "nodejs"])
        .current_dir(site.root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("     3  written as release notes"),
        "{stdout}"
    );
    assert!(
        stdout.contains("review migrations/v20-to-v22.mdx: "),
        "{stdout}"
    );
    assert!(site.root().join("almanac.yaml").is_file());
    assert!(site.root().join("content/releases/v4.2.3.md").is_file());
    assert!(site.root().join("import-report.md").is_file());

    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_almanac"))
        .args(["import", "docs", "no-such-folder"])
        .current_dir(site.root())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such-folder is not a folder"));

    // A file that cannot be written (its folder is a file, which stops root too) fails
    // the command, after writing and reporting everything else.
    let blocked = Site::empty_folder();
    std::fs::create_dir_all(blocked.root().join("content")).unwrap();
    std::fs::write(blocked.root().join("content/releases"), "not a folder").unwrap();
    let failed = std::process::Command::new(env!("CARGO_BIN_EXE_almanac"))
        .args(["import", "docs"])
        .arg(fixture("import-nodejs"))
        .args(["--product", "nodejs"])
        .current_dir(blocked.root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&failed.stdout);
    assert_eq!(failed.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("     3  not written: errors"), "{stdout}");
    assert!(
        stdout.contains("error: release/v4.2.3.md: cannot make its folder: "),
        "{stdout}"
    );
    assert!(stdout.contains("     3  written as guides"), "{stdout}");
    assert!(blocked.root().join("import-report.md").is_file());
}
