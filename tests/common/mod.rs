//! A small fluent harness: build fixture sites (folders under tests/fixtures, or
//! files written inline) into a temporary directory and ask questions about the output.
#![allow(dead_code, unreachable_pub)]

pub mod browser;
pub mod git;
pub mod rules;
pub mod server;
pub mod snapshots;
pub mod static_server;

use std::path::{Path, PathBuf};
use std::process::Command;

use almanac::build::{self, Analysis, BuildOptions, BuildReport};
use almanac::diagnostics::Diagnostic;
use almanac::model::Date;

/// The date every fixture build treats as today, unless a test says otherwise.
pub const TODAY: &str = "2026-11-23";

/// Two products with one supported cycle each, for link and navigation tests.
pub const TWO_PRODUCTS: &str = r#"products:
  - id: acme
    name: Acme Cloud
    releases:
      - releaseCycle: "3"
        releaseDate: 2026-03-02
        latest: "3.2.0"
  - id: tessera
    name: Tessera Sync
    releases:
      - releaseCycle: "5"
        releaseDate: 2026-07-20
        latest: "5.1.1"
"#;

/// Acme Cloud as of 2026-11-23: cycle 3 supported (latest 3.2.0, released
/// 2026-10-14, the newest release), cycle 2 end of life on 2026-06-30, cycle 1 long gone.
pub const ACME_PRODUCTS: &str = r#"products:
  - id: acme
    name: Acme Cloud
    releases:
      - releaseCycle: "3"
        releaseDate: 2026-03-02
        eoas: 2027-03-01
        eol: 2028-03-01
        latest: "3.2.0"
        latestReleaseDate: 2026-10-14
      - releaseCycle: "2"
        releaseDate: 2024-09-16
        eoas: 2025-12-31
        eol: 2026-06-30
        latest: "2.9.4"
        latestReleaseDate: 2026-05-12
      - releaseCycle: "1"
        releaseDate: 2023-02-01
        eol: 2024-12-31
        latest: "1.8.2"
        latestReleaseDate: 2024-11-05
"#;

pub struct Site {
    dir: tempfile::TempDir,
    today: Date,
    drafts: bool,
    base_url: Option<String>,
}

impl Site {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let site = Site::empty();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            site.root(),
        );
        site
    }

    /// A copy of the demo site at the root of this repository (`almanac.yaml`,
    /// `content/`, `static/`): every page kind, stale pages, code in many languages.
    pub fn demo() -> Site {
        let site = Site::empty();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(repo.join("almanac.yaml"), site.root().join("almanac.yaml")).unwrap();
        for folder in ["content", "static"] {
            copy_dir(&repo.join(folder), &site.root().join(folder));
        }
        site
    }

    /// A site with only `almanac.yaml` and an empty `content/`.
    pub fn new() -> Site {
        Site::empty()
            .file(
                "almanac.yaml",
                "title: Test Site\nbase_url: https://docs.example.com/\n",
            )
            .dir("content")
    }

    /// An empty folder, for commands that create the site themselves (`import`).
    pub fn empty_folder() -> Site {
        Site::empty()
    }

    fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temp dir"),
            today: TODAY.parse().unwrap(),
            drafts: false,
            base_url: None,
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` at `path` (relative to the site root), creating folders.
    pub fn file(self, path: &str, text: &str) -> Site {
        self.write(path, text);
        self
    }

    pub fn write(&self, path: &str, text: &str) {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.root().join(path)).unwrap();
    }

    /// The text of a file of the site; a missing one panics, naming the site's files.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join(path)).unwrap_or_else(|e| {
            let files: Vec<String> = snapshot_dir(self.root()).into_iter().map(|f| f.0).collect();
            panic!("no {path}: {e}; files: {files:?}")
        })
    }

    /// The front matter of a Markdown file of the site, as a value.
    pub fn front(&self, path: &str) -> serde_json::Value {
        let text = self.read(path);
        let yaml = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
            .unwrap_or_else(|| panic!("{path} has no front matter:\n{text}"))
            .0;
        almanac::load::yaml::parse_value(yaml).unwrap()
    }

    pub fn dir(self, path: &str) -> Site {
        std::fs::create_dir_all(self.root().join(path)).unwrap();
        self
    }

    /// A page with front matter `front` (without fences) and `body`.
    pub fn page(self, path: &str, front: &str, body: &str) -> Site {
        let text = format!("---\n{}\n---\n{body}", front.trim_end());
        self.file(&format!("content/{path}"), &text)
    }

    pub fn today(mut self, date: &str) -> Site {
        self.today = date.parse().unwrap();
        self
    }

    pub fn drafts(mut self) -> Site {
        self.drafts = true;
        self
    }

    pub fn base_url(mut self, url: &str) -> Site {
        self.base_url = Some(url.to_string());
        self
    }

    pub fn options(&self) -> BuildOptions {
        let mut options = BuildOptions::new(self.root(), self.today);
        options.drafts = self.drafts;
        options.base_url = self.base_url.clone();
        options
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Builds the site; the output can then be inspected.
    pub fn build(&self) -> Built<'_> {
        let report = build::build(&self.options());
        Built { site: self, report }
    }

    /// Builds and panics with the diagnostics if the build fails.
    pub fn build_ok(&self) -> Built<'_> {
        let built = self.build();
        assert!(
            built.report.written,
            "build failed:\n{}",
            almanac::diagnostics::render_text(&built.report.diagnostics)
        );
        built
    }

    pub fn analyse(&self) -> Analysis {
        build::analyse(&self.options()).expect("site loads")
    }

    /// Runs the real binary with `args` plus `--root <site>`; returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_almanac"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .expect("run almanac");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

pub struct Built<'a> {
    pub site: &'a Site,
    pub report: BuildReport,
}

impl Built<'_> {
    /// The HTML written for a URL path such as `/guides/install/`.
    pub fn page(&self, url: &str) -> String {
        let path = self
            .site
            .out()
            .join(almanac::model::routes::output_path(url));
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("no output for {url} at {}: {e}", path.display()))
    }

    /// Only the `<main>` element of a page: listings without the sidebar's copies of titles.
    pub fn main(&self, url: &str) -> String {
        let html = self.page(url);
        let start = html.find("<main").unwrap_or(0);
        let end = html.find("</main>").unwrap_or(html.len());
        html[start..end].to_string()
    }

    /// Only the rendered Markdown of a page, its `<div class="content">`: none of the
    /// sidebar, table of contents, pager, backlinks or related pages, which repeat
    /// titles and links of other pages.
    pub fn content(&self, url: &str) -> String {
        let html = self.page(url);
        let start = html
            .find("<div class=\"content\">")
            .unwrap_or_else(|| panic!("no <div class=\"content\"> in {url}:\n{html}"));
        let mut depth = 0;
        let mut at = start;
        loop {
            let open = html[at..].find("<div").map(|i| at + i);
            let close = html[at..]
                .find("</div>")
                .map(|i| at + i)
                .unwrap_or_else(|| panic!("unclosed content div in {url}:\n{html}"));
            match open {
                Some(open) if open < close => {
                    depth += 1;
                    at = open + "<div".len();
                }
                _ => {
                    depth -= 1;
                    at = close + "</div>".len();
                    if depth == 0 {
                        return html[start..at].to_string();
                    }
                }
            }
        }
    }

    /// A generated JSON file such as `/api/notices.json`, parsed (panicking when it is not JSON).
    pub fn json(&self, url: &str) -> serde_json::Value {
        let text = self.page(url);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url} is not JSON: {e}\n{text}"))
    }

    pub fn exists(&self, url: &str) -> bool {
        self.site
            .out()
            .join(almanac::model::routes::output_path(url))
            .exists()
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect()
    }

    /// The single error with `code`, asserting there is exactly one.
    pub fn error(&self, code: &str) -> &Diagnostic {
        let found: Vec<_> = self
            .errors()
            .into_iter()
            .filter(|d| d.code == code)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected one `{code}` error, got: {:#?}",
            self.report.diagnostics
        );
        found[0]
    }
}

/// The part of `html` from `start` up to (not including) the first `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in:\n{html}"));
    let rest = &html[from..];
    &rest[..rest
        .find(end)
        .unwrap_or_else(|| panic!("no `{end}` after `{start}`"))]
}

/// `file:line:column` of a diagnostic, for compact assertions.
pub fn at(d: &Diagnostic) -> String {
    let l = d.location.as_ref().expect("diagnostic has a location");
    format!("{}:{}:{}", l.file.display(), l.line, l.column)
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
