//! Entry points for the fuzz targets in `fuzz/` and for `tests/fuzz_stable.rs`, which
//! drives the same functions on stable. Not part of almanac's API.
//!
//! Each function takes arbitrary bytes, runs one parser on them and panics when the
//! parser panics or breaks one of the invariants written beside it; any other
//! outcome, a parse error included, is a pass.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, SourceText};
use crate::import;
use crate::load::{frontmatter, scan};
use crate::model::{Version, VersionReq};

/// The file every fuzzed page pretends to be.
const PAGE: &str = "content/guides/fuzz.md";

/// A 1-based position that lies in `text` (or just after its last line).
fn assert_in(text: &str, line: usize, column: usize, what: &str) {
    let lines = text.lines().count().max(1);
    assert!(
        (1..=lines + 1).contains(&line) && column >= 1,
        "{what} at {line}:{column}, but the text has {lines} lines"
    );
}

fn assert_located(text: &str, diagnostic: &Diagnostic) {
    let location = diagnostic
        .location
        .as_ref()
        .unwrap_or_else(|| panic!("no location: {diagnostic}"));
    assert_eq!(location.file, Path::new(PAGE), "{diagnostic}");
    assert_in(text, location.line, location.column, diagnostic.code);
    assert!(!diagnostic.message.is_empty(), "{diagnostic}");
}

/// The front-matter splitter and parser: a page and a section intro. Every error
/// names the page and a line and column inside it; a split's parts are the text's.
pub fn front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let source = SourceText::new(Path::new(PAGE), &text);
    let split = match frontmatter::split(&source) {
        Ok(split) => split,
        Err(error) => return assert_located(&text, &error),
    };
    assert!(text.contains(split.yaml) && text.ends_with(split.body));
    assert_in(&text, split.body_line, 1, "the body");
    for folder in ["guides", "releases", "eol", "misc"] {
        match frontmatter::parse_page(&source, &split, folder, "fuzz") {
            Ok(page) => assert!(!page.meta.title.is_empty(), "a page without a title"),
            Err(errors) => {
                assert!(!errors.is_empty(), "rejected without an error");
                errors.iter().for_each(|e| assert_located(&text, e));
            }
        }
    }
    if let Err(error) = frontmatter::parse_section(&source, &split) {
        assert_located(&text, &error);
    }
}

/// The version and requirement parsers. The first line is read as a requirement,
/// the rest as a version: whatever parses prints back as written and parses
/// again to an equal value, and a version compares equal to itself.
pub fn versions(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (first, rest) = text.split_once('\n').unwrap_or((&text, &text));
    let version = rest.parse::<Version>();
    if let Ok(version) = &version {
        assert_eq!(version.to_string(), rest.trim());
        let again: Version = version.to_string().parse().expect("prints as a version");
        assert_eq!(&again, version);
        assert_eq!(again.cmp(version), std::cmp::Ordering::Equal);
        let _ = crate::model::version::cycle_of(version, ["1", "1.36", "1.36-eks", rest]);
        let _ = crate::model::version::cycle_first_version(rest);
    }
    if let Ok(req) = first.parse::<VersionReq>() {
        assert_eq!(req.to_string(), first.trim());
        let again: VersionReq = req.to_string().parse().expect("prints as a requirement");
        assert_eq!(again, req);
        let _ = req.describe();
        if let Ok(version) = &version {
            assert_eq!(req.matches(version), again.matches(version));
        }
    }
}

/// The Markdown link and wikilink scan, and the importer's link spots and wikilink
/// escaping: positions lie in the body, heading ids are unique, a spot's range holds
/// its destination, and an escaped body has no wikilink left.
pub fn links(data: &[u8]) {
    let body = String::from_utf8_lossy(data);
    let found = scan::scan(&body, 1);
    for link in &found.links {
        assert_in(&body, link.line, link.column, "a link");
    }
    for heading in &found.headings {
        assert_in(&body, heading.line, 1, "a heading");
    }
    let mut ids: Vec<&str> = found.headings.iter().map(|h| h.id.as_str()).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "two headings share an id");
    for spot in import::links::spots(&body) {
        let written = body
            .get(spot.range.clone())
            .expect("a spot on char boundaries");
        assert_eq!(written, spot.dest);
    }
    let (escaped, _) = import::links::escape_wikilinks(&body);
    let wiki = scan::scan(&escaped, 1)
        .links
        .into_iter()
        .filter(|l| l.syntax == crate::model::LinkSyntax::Wiki)
        .count();
    assert_eq!(wiki, 0, "a wikilink survived escaping: {escaped:?}");
}

/// The importer's reading of another generator's file and its front-matter mapping:
/// every source key is either used or kept under `extra`, a mapped slug is a slug,
/// and the fields written back as YAML read back as the same values.
pub fn import_front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let document = import::source::read(&text);
    assert!(document.body_line >= 1);
    assert!(text.ends_with(&document.body) || document.body == text.trim_start_matches('\u{feff}'));
    let mut keys: Vec<String> = document.fields.keys().cloned().collect();
    let mapped = import::frontmatter::map(document.fields);
    let mut kept: Vec<String> = mapped.extra.keys().cloned().collect();
    kept.extend(mapped.used.iter().map(|(k, _)| k.clone()));
    keys.sort();
    kept.sort();
    assert_eq!(keys, kept, "a key was lost or doubled");
    if let Some(slug) = &mapped.slug {
        assert!(import::frontmatter::is_slug(slug), "{slug:?}");
    }
    let extra = serde_json::Value::Object(mapped.extra);
    let written = crate::load::yaml::to_string(&extra);
    let read = crate::load::yaml::parse_value(&written).expect("written YAML reads back");
    assert_eq!(
        read, extra,
        "extra does not survive a round trip:\n{written}"
    );
}

/// A served folder for [`serve_path`]: `site/` with a page, a folder and a symlink
/// to `secret.txt` beside it (outside the served folder).
fn served_root() -> &'static Path {
    static ROOT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        // One fixed folder, written the same way by every run, so runs leave no
        // debris; one per process where another user owns it.
        let temp = std::env::temp_dir();
        let process = temp.join(format!("almanac_fuzz_serve_{}", std::process::id()));
        [temp.join("almanac_fuzz_serve"), process]
            .into_iter()
            .find_map(|base| make_served_root(&base).ok())
            .expect("a temp folder to serve from")
    })
}

fn make_served_root(base: &Path) -> std::io::Result<PathBuf> {
    let site = base.join("site");
    std::fs::create_dir_all(site.join("guides/a"))?;
    std::fs::write(site.join("index.html"), "home")?;
    std::fs::write(site.join("guides/a/index.html"), "a")?;
    std::fs::write(base.join("secret.txt"), "secret")?;
    #[cfg(unix)]
    {
        let _ = std::os::unix::fs::symlink(base.join("secret.txt"), site.join("leak.txt"));
        let _ = std::os::unix::fs::symlink(base, site.join("up"));
    }
    site.canonicalize()
}

/// The dev server's URL-to-path mapping: a file it serves is inside the served
/// folder, and a redirect only adds the trailing slash.
pub fn serve_path(data: &[u8]) {
    let Ok(url) = std::str::from_utf8(data) else {
        return;
    };
    let root = served_root();
    match crate::serve::http::resolve(root, url) {
        crate::serve::http::Resolved::File(path) => {
            let real = path.canonicalize().expect("a served file exists");
            assert!(
                real.starts_with(root),
                "{url:?} escaped to {}",
                real.display()
            );
            assert!(real.is_file());
        }
        crate::serve::http::Resolved::Redirect(to) => assert_eq!(to, format!("{url}/")),
        crate::serve::http::Resolved::NotFound => {}
    }
}

/// The Keep a Changelog importer: sections and their headings lie in the text, a
/// release heading's version prints back as written, and every release note it
/// would write is a page almanac loads, with the version and date of its heading.
pub fn changelog(data: &[u8]) {
    use crate::import::changelog::{note::Note, parse};
    let text = String::from_utf8_lossy(data);
    let changelog = parse::parse(&text);
    let lines: Vec<&str> = text.lines().collect();
    for section in &changelog.sections {
        assert_in(&text, section.line, 1, "a section");
        let written = lines.get(section.line - 1).copied().unwrap_or("");
        assert!(
            written.contains(section.heading.trim()),
            "heading {:?} is not line {}: {written:?}",
            section.heading,
            section.line
        );
        let parse::SectionKind::Release(heading) = &section.kind else {
            continue;
        };
        let version: Version = heading
            .version_text
            .parse()
            .expect("a release heading's version parses");
        assert_eq!(version, heading.version);
        let date = match heading.date {
            parse::DateField::On(date) => date,
            _ => "2026-01-01".parse().expect("a date"),
        };
        let note = Note::new(&changelog, heading, &section.body, date, ("acme", "Acme"));
        let page = note.text();
        let source = SourceText::new(Path::new("content/releases/acme/fuzz.md"), &page);
        let split = frontmatter::split(&source).expect("a note has front matter");
        let parsed = frontmatter::parse_page(&source, &split, "releases", "fuzz")
            .unwrap_or_else(|e| panic!("the note does not load: {e:?}\n{page}"));
        assert_eq!(parsed.meta.date, Some(date));
        match parsed.kind {
            crate::model::PageKind::Release(info) => {
                assert_eq!(info.version, heading.version);
                assert_eq!(info.yanked, heading.yanked);
            }
            other => panic!("a note that is not a release note: {other:?}"),
        }
    }
    for definition in &changelog.definitions {
        assert!(text.contains(definition.text.trim()), "{definition:?}");
    }
}
