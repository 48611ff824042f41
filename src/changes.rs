//! `almanac check --changed REV`, the pull-request mode: which pages a change
//! touched. Git says which files differ between `REV` and the working tree; the
//! selection is those pages, plus the pages linking to a page whose URL changed
//! (moved, renamed, re-slugged or deleted), since their links may now be broken.
//! Every page is still evaluated; only the report is narrowed to the selection.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::build::Analysis;
use crate::diagnostics::SourceText;
use crate::load::{frontmatter, CONTENT_DIR, PRODUCTS_DIR};
use crate::model::links::is_external;
use crate::model::{routes, LinkSyntax, PageId, Site, SourceLink};

/// What changed between a revision and the working tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The revision as given, e.g. `origin/main`.
    pub revision: String,
    /// Its commit, abbreviated.
    pub commit: String,
    /// Files added, modified or renamed to, relative to the site root.
    pub changed: BTreeSet<PathBuf>,
    /// Every changed, renamed or deleted page as it was at the revision.
    pub before: Vec<OldPage>,
}

/// A page as it was at the revision: where it was and what links could name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldPage {
    pub file: PathBuf,
    pub url: String,
    /// Lowercased slug and title, as wikilinks name pages.
    pub names: Vec<String>,
    /// Where the page is now, relative to the site root; `None` once deleted.
    pub now: Option<PathBuf>,
}

/// Why the changes could not be listed: no git, no repository, no such revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangesError(pub String);

impl fmt::Display for ChangesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Asks git, in the site folder `root`, what changed since `revision`.
pub fn since(root: &Path, revision: &str) -> Result<Changes, ChangesError> {
    let commit = resolve_revision(root, revision)?;
    let diff = git(
        root,
        &[
            "diff",
            "--name-status",
            "-z",
            "-M",
            "--relative",
            &commit,
            "--",
        ],
    )?;
    let untracked = git(root, &["ls-files", "--others", "--exclude-standard", "-z"])?;
    let mut changes = Changes {
        revision: revision.to_string(),
        commit: short(root, &commit),
        changed: BTreeSet::new(),
        before: Vec::new(),
    };
    for entry in name_status(&diff) {
        if let Some(was) = &entry.was {
            changes
                .before
                .extend(old_page(root, &commit, was, entry.now.clone()));
        }
        if let Some(now) = entry.now {
            changes.changed.insert(now);
        }
    }
    changes
        .changed
        .extend(nul_separated(&untracked).map(PathBuf::from));
    Ok(changes)
}

/// The full commit id of `revision`, or an error that says what is missing.
fn resolve_revision(root: &Path, revision: &str) -> Result<String, ChangesError> {
    let spec = format!("{revision}^{{commit}}");
    match git(root, &["rev-parse", "--verify", "--quiet", "--end-of-options", &spec]) {
        Ok(id) => Ok(String::from_utf8_lossy(&id).trim().to_string()),
        Err(error) if git(root, &["rev-parse", "--git-dir"]).is_err() => Err(error),
        Err(_) => Err(ChangesError(format!(
            "--changed {revision}: git knows no revision `{revision}` in {}; fetch it first (e.g. `git fetch origin main`), or pass a commit, branch or tag",
            root.display()
        ))),
    }
}

fn short(root: &Path, commit: &str) -> String {
    git(root, &["rev-parse", "--short", commit]).map_or_else(
        |_| commit.chars().take(12).collect(),
        |id| String::from_utf8_lossy(&id).trim().to_string(),
    )
}

/// Runs git in `root`; its stdout, or an error naming what went wrong.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, ChangesError> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| {
            ChangesError(format!(
                "--changed needs git, and git could not be run: {e}"
            ))
        })?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let reason = stderr.lines().next().unwrap_or("").trim();
    let reason = reason.strip_prefix("fatal: ").unwrap_or(reason);
    Err(ChangesError(format!(
        "--changed: `git {}` failed in {}: {reason}",
        args.first().copied().unwrap_or(""),
        root.display()
    )))
}

fn nul_separated(bytes: &[u8]) -> impl Iterator<Item = String> + '_ {
    bytes
        .split(|&b| b == 0)
        .filter(|part| !part.is_empty())
        .map(|part| String::from_utf8_lossy(part).into_owned())
}

/// One line of `git diff --name-status`: the file as it is now and as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// `None` for a deleted file.
    now: Option<PathBuf>,
    /// `None` for an added file.
    was: Option<PathBuf>,
}

/// Parses `git diff --name-status -z`: a status, then one path, or two for a
/// rename or copy (`R100`, `C75`).
fn name_status(bytes: &[u8]) -> Vec<Entry> {
    let mut parts = nul_separated(bytes);
    let mut entries = Vec::new();
    while let Some(status) = parts.next() {
        let Some(first) = parts.next().map(PathBuf::from) else {
            break;
        };
        let entry = match status.chars().next() {
            Some('R') => Entry {
                now: parts.next().map(PathBuf::from),
                was: Some(first),
            },
            Some('C') => Entry {
                now: parts.next().map(PathBuf::from),
                was: None,
            },
            Some('A') => Entry {
                now: Some(first),
                was: None,
            },
            Some('D') => Entry {
                now: None,
                was: Some(first),
            },
            _ => Entry {
                now: Some(first.clone()),
                was: Some(first),
            },
        };
        entries.push(entry);
    }
    entries
}

/// Whether `file` (relative to the site root) is an authored page's source.
fn is_page_file(file: &Path) -> bool {
    let Ok(relative) = file.strip_prefix(CONTENT_DIR) else {
        return false;
    };
    let relative = relative.to_string_lossy().replace('\\', "/");
    relative.ends_with(".md")
        && !relative.starts_with(PRODUCTS_DIR)
        && file.file_name().is_some_and(|n| n != "_index.md")
}

/// The page `file` was at `commit`: its URL from its folder and slug, and its names.
fn old_page(root: &Path, commit: &str, file: &Path, now: Option<PathBuf>) -> Option<OldPage> {
    if !is_page_file(file) {
        return None;
    }
    let spec = format!("{commit}:./{}", file.to_string_lossy().replace('\\', "/"));
    let text = String::from_utf8(git(root, &["show", &spec]).ok()?).ok()?;
    let source = SourceText::new(file, &text);
    let yaml = frontmatter::split(&source).map(|s| s.yaml).unwrap_or("");
    let fields: serde_yaml::Mapping = serde_yaml::from_str(yaml).unwrap_or_default();
    let field = |key: &str| fields.get(key).and_then(serde_yaml::Value::as_str);
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    let slug = field("slug").map_or(stem, str::to_string);
    let folder = file
        .parent()?
        .strip_prefix(CONTENT_DIR)
        .ok()?
        .to_string_lossy()
        .replace('\\', "/");
    let names = [Some(slug.as_str()), field("title")]
        .into_iter()
        .flatten()
        .map(|n| n.trim().to_lowercase())
        .collect();
    Some(OldPage {
        file: file.to_path_buf(),
        url: routes::page(&folder, &slug),
        names,
        now,
    })
}

impl Changes {
    /// The pages to report: those whose source changed, and those that link
    /// to a page whose URL changed (by their links as written, so a link left
    /// broken by a rename counts, and through the link graph, for links that
    /// still resolve, by title or alias, to the moved page).
    pub fn selected_pages(&self, analysis: &Analysis) -> BTreeSet<PageId> {
        let site = &analysis.site;
        let mut selected: BTreeSet<PageId> = (0..site.pages.len())
            .filter(|&id| self.changed.contains(&site.pages[id].file))
            .collect();
        for old in self
            .before
            .iter()
            .filter(|o| site.page_id_by_url(&o.url).is_none())
        {
            selected.extend(referrers_of(site, old));
            let moved = old
                .now
                .as_ref()
                .and_then(|now| site.pages.iter().position(|p| p.file == *now));
            if let Some(moved) = moved {
                selected.extend(analysis.graph.incoming[moved].iter().copied());
            }
        }
        selected
    }
}

/// Pages with a link, as written, to where `old` was.
fn referrers_of<'a>(site: &'a Site, old: &'a OldPage) -> impl Iterator<Item = PageId> + 'a {
    site.pages.iter().enumerate().filter_map(move |(id, page)| {
        page.links
            .iter()
            .any(|link| points_at(&page.file, link, old))
            .then_some(id)
    })
}

/// Whether `link`, written in `from`, named the page `old` by its file, URL or name.
/// A lexical reading of the link forms the link stage resolves, enough to tell
/// whether a link meant a page that is no longer there.
fn points_at(from: &Path, link: &SourceLink, old: &OldPage) -> bool {
    let dest = link.dest.trim();
    let wiki = match link.syntax {
        LinkSyntax::Wiki => Some(dest),
        LinkSyntax::Field => dest.strip_prefix("[[").and_then(|d| d.strip_suffix("]]")),
        LinkSyntax::Markdown | LinkSyntax::Image => None,
    };
    if let Some(name) = wiki {
        let name = name.split(['|', '#']).next().unwrap_or("");
        let name = name.split_once(':').map_or(name, |(_, title)| title);
        return old.names.contains(&name.trim().to_lowercase());
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || is_external(path) {
        return false;
    }
    let from_dir = from.parent().unwrap_or(Path::new(""));
    if path.ends_with(".md") {
        let target = match path.strip_prefix('/') {
            Some(rooted) => Path::new(CONTENT_DIR).join(rooted),
            None => from_dir.join(path),
        };
        return lexical(&target) == lexical(&old.file);
    }
    let url = match path.strip_prefix('/') {
        Some(_) => lexical(Path::new(path)),
        None => lexical(
            &from_dir
                .strip_prefix(CONTENT_DIR)
                .unwrap_or(from_dir)
                .join(path),
        ),
    };
    url.trim_end_matches('/') == old.url.trim_end_matches('/')
}

/// `.` and `..` resolved without touching the disk, as `/`-separated text from `/`
/// (the link stage's own rule, so both read a link the same way).
fn lexical(path: &Path) -> String {
    crate::model::links::lexical_path(path)
}

/// Narrows `analysis` to what `check --changed` reports: the stale reasons,
/// diagnostics and broken links of the selected pages and changed files, and
/// every problem located outside page sources (configuration, products,
/// templates), which concerns the whole site.
pub fn restrict(analysis: &mut Analysis, changes: &Changes, selected: &BTreeSet<PageId>) {
    let mut reported: BTreeSet<PathBuf> = changes.changed.clone();
    reported.extend(
        selected
            .iter()
            .map(|&id| analysis.site.pages[id].file.clone()),
    );
    let keep = |file: &Path| !is_page_file(file) || reported.contains(file);
    analysis
        .diagnostics
        .retain(|d| d.location.as_ref().is_none_or(|l| keep(&l.file)));
    analysis.graph.broken.retain(|b| keep(&b.file));
    for (id, reasons) in analysis.stale.per_page.iter_mut().enumerate() {
        if !selected.contains(&id) {
            reasons.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_name_status_with_renames_and_deletions() {
        let out = b"M\0content/a.md\0R087\0content/old.md\0content/new.md\0D\0content/gone.md\0A\0content/b.md\0";
        let entries = name_status(out);
        let pair = |now: Option<&str>, was: Option<&str>| Entry {
            now: now.map(PathBuf::from),
            was: was.map(PathBuf::from),
        };
        assert_eq!(
            entries,
            [
                pair(Some("content/a.md"), Some("content/a.md")),
                pair(Some("content/new.md"), Some("content/old.md")),
                pair(None, Some("content/gone.md")),
                pair(Some("content/b.md"), None),
            ]
        );
    }

    #[test]
    fn a_link_points_at_an_old_page_by_file_url_or_name() {
        let old = OldPage {
            file: "content/guides/setup.md".into(),
            url: "/guides/setup/".into(),
            names: vec!["setup".into(), "set up acme".into()],
            now: None,
        };
        let from = Path::new("content/faq/q.md");
        let link = |syntax, dest: &str| SourceLink {
            syntax,
            dest: dest.into(),
            line: 1,
            column: 1,
            len: 1,
        };
        // (syntax, dest, points at the old page?)
        let cases = [
            (LinkSyntax::Markdown, "../guides/setup.md", true),
            (LinkSyntax::Markdown, "../guides/setup.md#step-2", true),
            (LinkSyntax::Markdown, "/guides/setup.md", true),
            (LinkSyntax::Markdown, "/guides/setup/", true),
            (LinkSyntax::Markdown, "../guides/setup/", true),
            (LinkSyntax::Markdown, "../guides/other.md", false),
            (
                LinkSyntax::Markdown,
                "https://example.com/guides/setup/",
                false,
            ),
            (LinkSyntax::Wiki, "Set up Acme|the setup", true),
            (LinkSyntax::Wiki, "acme:Set up Acme", true),
            (LinkSyntax::Wiki, "setup#Step 2", true),
            (LinkSyntax::Wiki, "Other", false),
            (LinkSyntax::Field, "[[setup]]", true),
        ];
        for (syntax, dest, expected) in cases {
            assert_eq!(
                points_at(from, &link(syntax, dest), &old),
                expected,
                "{dest}"
            );
        }
    }
}
