//! Watching the sources: notify events, debounced into batches, classified into
//! a [`Change`] that tells the session how much to rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::load::is_ignored;

/// What changed, from the smallest rebuild to the largest.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// One existing Markdown page was written (perhaps only its body changed).
    Page(PathBuf),
    /// Files under `static/` only.
    Static,
    /// The product data: `content/products.yaml`, or one file under
    /// `content/products/`, was written.
    Products(PathBuf),
    /// Anything else under `content/`: new, deleted or renamed files and folders;
    /// and the reader feedback exports in `data/`.
    Content,
    /// Templates, themes or strings: reload the theme too.
    Templates,
    /// `almanac.yaml`.
    Config,
    /// The git history moved (a commit, a checkout, a pull): dates from git may
    /// have changed, so everything is re-read and re-rendered.
    History,
}

/// The folders and files `serve` watches, relative to the site root.
pub const WATCHED: &[&str] = &[
    "content",
    "static",
    "templates",
    "themes",
    "strings",
    "data",
    "almanac.yaml",
];

/// Decides the kind of change for a batch of changed paths (absolute).
pub fn classify(root: &Path, paths: &[PathBuf]) -> Option<Change> {
    let relevant: Vec<&PathBuf> = paths
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| !is_ignored(&n.to_string_lossy()))
        })
        .filter(|p| WATCHED.iter().any(|w| p.starts_with(root.join(w))))
        // Editors and tools save through short-lived temporary files (`sedX1b2`, vim's
        // `4913`): gone by now and never sources. A deleted source has an extension.
        .filter(|p| p.exists() || p.extension().is_some())
        .collect();
    if relevant.is_empty() {
        return None;
    }
    let under = |dir: &str| relevant.iter().any(|p| p.starts_with(root.join(dir)));
    if relevant.iter().any(|p| *p == &root.join("almanac.yaml")) {
        return Some(Change::Config);
    }
    if under("templates") || under("themes") || under("strings") {
        return Some(Change::Templates);
    }
    if under("data") {
        return Some(Change::Content);
    }
    if !under("content") {
        return Some(Change::Static);
    }
    let mut distinct: Vec<&PathBuf> = relevant.clone();
    distinct.sort();
    distinct.dedup();
    match distinct.as_slice() {
        [one] if one.is_file() && is_product_data(root, one) => {
            Some(Change::Products((*one).clone()))
        }
        [one] if one.is_file() && one.extension().is_some_and(|e| e == "md") => {
            Some(Change::Page((*one).clone()))
        }
        _ => Some(Change::Content),
    }
}

/// Whether `path` is where products are declared: `content/products.yaml`, or
/// a product's own file under `content/products/`.
fn is_product_data(root: &Path, path: &Path) -> bool {
    let content = root.join(crate::load::CONTENT_DIR);
    let Ok(relative) = path.strip_prefix(&content) else {
        return false;
    };
    let dir = crate::load::PRODUCTS_DIR.trim_end_matches('/');
    let declares = path
        .extension()
        .is_some_and(|e| e == "md" || e == "yaml" || e == "yml");
    relative == Path::new(crate::load::PRODUCTS_FILE) || (relative.starts_with(dir) && declares)
}

/// Where a git repository records that its history moved, for [`Change::History`].
#[derive(Debug, Clone)]
pub struct HistoryFiles {
    /// The work tree's own repository folder, with its `HEAD`.
    git_dir: PathBuf,
    /// The folder with `refs/` and `packed-refs`, shared by all work trees.
    common_dir: PathBuf,
}

impl HistoryFiles {
    pub fn of(repo: &crate::load::git::Repo) -> HistoryFiles {
        HistoryFiles {
            git_dir: repo.git_dir.clone(),
            common_dir: repo.common_dir.clone(),
        }
    }

    /// Whether `path` is HEAD or a branch: git writes them only when the history
    /// moves. The index and the other files git rewrites on `git status` or
    /// `git add` are not, and their lock files are written before the real ones.
    pub fn moved(&self, path: &Path) -> bool {
        if path.extension().is_some_and(|e| e == "lock") {
            return false;
        }
        path == self.git_dir.join("HEAD")
            || path == self.common_dir.join("packed-refs")
            || path.starts_with(self.common_dir.join("refs").join("heads"))
    }
}

/// The change a batch makes: [`Change::History`] when it moves the git history
/// (whatever else it does, since a checkout also rewrites pages), else [`classify`].
pub fn classify_with_history(
    root: &Path,
    history: Option<&HistoryFiles>,
    paths: &[PathBuf],
) -> Option<Change> {
    if history.is_some_and(|h| paths.iter().any(|p| h.moved(p))) {
        return Some(Change::History);
    }
    classify(root, paths)
}

/// A running watcher and its debounced event stream.
pub struct SourceWatcher {
    watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
}

impl SourceWatcher {
    /// Watches the site's sources. The root itself is watched non-recursively so
    /// that `almanac.yaml` edits and newly created folders are seen.
    pub fn start(root: &Path) -> notify::Result<SourceWatcher> {
        let (tx, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        for dir in WATCHED.iter().map(|w| root.join(w)).filter(|p| p.is_dir()) {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
        Ok(SourceWatcher { watcher, events })
    }

    /// Also watches the files that say the git history moved ([`HistoryFiles`]).
    pub fn watch_history(&mut self, history: &HistoryFiles) -> notify::Result<()> {
        self.watcher
            .watch(&history.git_dir, RecursiveMode::NonRecursive)?;
        if history.common_dir != history.git_dir {
            self.watcher
                .watch(&history.common_dir, RecursiveMode::NonRecursive)?;
        }
        let heads = history.common_dir.join("refs").join("heads");
        if heads.is_dir() {
            self.watcher.watch(&heads, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    /// Waits for the next batch: the first event, then everything that follows
    /// within `quiet` of the previous event (editors save in bursts), or within
    /// [`SETTLE`] of an event that ends a save.
    pub fn next_batch(&self, quiet: Duration) -> Option<Vec<PathBuf>> {
        let first = self.events.recv().ok()?;
        let mut wait = wait_after(&first, quiet);
        let mut paths = paths_of(first);
        let deadline = Instant::now() + Duration::from_secs(1);
        loop {
            match self.events.recv_timeout(wait) {
                Ok(event) => {
                    wait = wait_after(&event, quiet);
                    paths.extend(paths_of(event));
                    if Instant::now() > deadline {
                        break;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(paths)
    }
}

/// How long the burst may still go on after an event that ends a save: a file
/// closed after writing, or renamed into place (an editor's atomic save). Most of
/// a reload's wait was the quiet period after the save had ended.
pub const SETTLE: Duration = Duration::from_millis(2);

/// How long to wait for the next event of a burst after `event`.
fn wait_after(event: &notify::Result<notify::Event>, quiet: Duration) -> Duration {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    use notify::EventKind::{Access, Modify};
    let ends_a_save = |event: &notify::Event| {
        matches!(
            event.kind,
            Access(AccessKind::Close(AccessMode::Write))
                | Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
        )
    };
    match event {
        Ok(event) if ends_a_save(event) => SETTLE.min(quiet),
        _ => quiet,
    }
}

fn paths_of(event: notify::Result<notify::Event>) -> Vec<PathBuf> {
    match event {
        Ok(event) if !matches!(event.kind, notify::EventKind::Access(_)) => event.paths,
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_is_short_only_after_an_event_that_ends_a_save() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RenameMode,
        };
        use notify::EventKind;
        let quiet = Duration::from_millis(10);
        let cases = [
            (
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                SETTLE,
            ),
            (EventKind::Modify(ModifyKind::Name(RenameMode::To)), SETTLE),
            (
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                SETTLE,
            ),
            (EventKind::Modify(ModifyKind::Name(RenameMode::From)), quiet),
            (EventKind::Modify(ModifyKind::Data(DataChange::Any)), quiet),
            (EventKind::Create(CreateKind::File), quiet),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                quiet,
            ),
        ];
        for (kind, wait) in cases {
            let event = Ok(notify::Event::new(kind));
            assert_eq!(wait_after(&event, quiet), wait, "{kind:?}");
        }
        let failed = Err(notify::Error::generic("gone"));
        assert_eq!(wait_after(&failed, quiet), quiet);
    }

    #[test]
    fn classifies_changes_from_smallest_to_largest() {
        let dir = tempfile_dir();
        let root = dir.as_path();
        std::fs::create_dir_all(root.join("content/guides")).unwrap();
        std::fs::write(root.join("content/guides/a.md"), "x").unwrap();
        let page = root.join("content/guides/a.md");
        assert_eq!(
            classify(root, &[page.clone(), page.clone()]),
            Some(Change::Page(page.clone()))
        );
        assert_eq!(
            classify(root, &[root.join("content/guides/gone.md")]),
            Some(Change::Content)
        );
        assert_eq!(
            classify(root, &[page.clone(), root.join("content/guides/b.md")]),
            Some(Change::Content)
        );
        assert_eq!(
            classify(root, &[root.join("static/style.css")]),
            Some(Change::Static)
        );
        std::fs::write(root.join("content/products.yaml"), "products: []\n").unwrap();
        let products = root.join("content/products.yaml");
        assert_eq!(
            classify(root, &[products.clone()]),
            Some(Change::Products(products.clone())),
            "one product file written: only the products are read again"
        );
        assert_eq!(
            classify(root, &[products, page.clone()]),
            Some(Change::Content)
        );
        assert_eq!(
            classify(root, &[root.join("templates/page.html"), page.clone()]),
            Some(Change::Templates)
        );
        assert_eq!(
            classify(root, &[root.join("almanac.yaml")]),
            Some(Change::Config)
        );
        assert_eq!(
            classify(root, &[root.join("data/feedback.jsonl")]),
            Some(Change::Content),
            "a new feedback export re-reads the votes"
        );
        assert_eq!(
            classify(root, &[root.join("content/guides/.a.md.swp")]),
            None
        );
        assert_eq!(classify(root, &[root.join("public/index.html")]), None);
        assert_eq!(
            classify(root, &[page.clone(), root.join("content/guides/sedX1b2")]),
            Some(Change::Page(page.clone()))
        );
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn heads_and_branches_move_the_history_and_the_index_does_not() {
        let root = Path::new("/site");
        let history = HistoryFiles {
            git_dir: PathBuf::from("/repo/.git/worktrees/site"),
            common_dir: PathBuf::from("/repo/.git"),
        };
        let batch = |paths: &[&str]| {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            classify_with_history(root, Some(&history), &paths)
        };
        for moved in [
            "/repo/.git/worktrees/site/HEAD",
            "/repo/.git/refs/heads/main",
            "/repo/.git/refs/heads/team/topic",
            "/repo/.git/packed-refs",
        ] {
            assert_eq!(batch(&[moved]), Some(Change::History), "{moved}");
        }
        for still in [
            "/repo/.git/index",
            "/repo/.git/worktrees/site/index",
            "/repo/.git/refs/heads/main.lock",
            "/repo/.git/HEAD",
            "/repo/.git/FETCH_HEAD",
            "/repo/.git/refs/tags/v1",
        ] {
            assert_eq!(batch(&[still]), None, "{still}");
        }
        assert_eq!(
            batch(&["/site/content/a.md", "/repo/.git/refs/heads/main"]),
            Some(Change::History),
            "a checkout rewrites pages and moves HEAD: the history wins"
        );
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("almanac-watch-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
