//! `dates: {from_git: true}`: a page's `updated` defaults to the author date of the
//! last commit that changed its file. Front matter always wins, and `reviewed` is
//! never taken from git: a commit says a file changed, not that a writer checked it.
//!
//! - One `git log` pass for the whole site ([`super::git`]), started before the pages
//!   load and read while they do ([`start`], then [`Pending::finish`]).
//! - A shallow clone has only its newest commits, so every page would get their date:
//!   no page is dated from it, and a warning says how to fetch the history.
//! - Outside a repository (or without `git`) a warning says so and pages keep their
//!   front-matter dates; so does a file never committed, in `build`.
//! - A file with uncommitted changes is dated by its last commit in `build` and
//!   `check`, and today (`--today`) in `serve` ([`Mode::WorkingTree`]), where the
//!   writer is changing it now.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use super::git::{NoRepo, PendingLog, Repo};
use super::CONTENT_DIR;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::load::yaml::Step;
use crate::model::{Date, Page};
use crate::text::plural;

/// Which date a file with uncommitted changes gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Mode {
    /// Its last commit's: what the published site will say (`build`, `check`).
    #[default]
    Committed,
    /// Today's: the writer is editing it now (`serve`).
    WorkingTree,
}

/// What git says about the site's files.
#[derive(Debug, Clone, PartialEq)]
pub struct GitDates {
    /// The repository, for serve to watch and for a later build to reuse the history.
    pub repo: Repo,
    /// Each committed file's last change, keyed by its path relative to the site
    /// root with `/` separators (git's, on every platform).
    last_change: Arc<HashMap<String, Date>>,
    /// Files dated `today` instead ([`Mode::WorkingTree`] only), keyed the same way.
    uncommitted: HashSet<String>,
    mode: Mode,
    today: Date,
}

impl GitDates {
    /// The date git gives `file` (relative to the site root), if any.
    pub fn date_of(&self, file: &Path) -> Option<Date> {
        let key = git_path(file);
        if self.uncommitted.contains(&key) {
            return Some(self.today);
        }
        self.last_change.get(&key).copied()
    }

    /// [`GitDates::date_of`] for a file just saved, asking git again whether it
    /// now has uncommitted changes (serve's fast path for one page).
    pub fn date_of_saved(&self, file: &Path) -> Option<Date> {
        let key = git_path(file);
        if self.mode == Mode::WorkingTree {
            if let Ok(changed) = self.repo.uncommitted(&key) {
                if changed.contains(&key) {
                    return Some(self.today);
                }
                return self.last_change.get(&key).copied();
            }
        }
        self.date_of(file)
    }
}

/// Git dates being read while the site loads.
pub struct Pending {
    state: State,
    mode: Mode,
    today: Date,
}

enum State {
    Off,
    Unavailable(NoRepo),
    Shallow,
    /// The history of the last build, still valid: HEAD has not moved.
    Reused(Repo, Arc<HashMap<String, Date>>),
    Reading(Repo, PendingLog),
    Failed(Repo, String),
}

/// Starts reading git dates for the site at `root`, if `config` asks for them.
/// `previous` is the last build's, whose history is reused while HEAD stays put.
pub fn start(
    root: &Path,
    config: &SiteConfig,
    mode: Mode,
    today: Date,
    previous: Option<&GitDates>,
) -> Pending {
    let state = if !config.dates.from_git {
        State::Off
    } else {
        match Repo::discover(root) {
            Err(why) => State::Unavailable(why),
            Ok(repo) if repo.shallow => State::Shallow,
            Ok(repo) => match previous.filter(|p| p.repo == repo) {
                Some(previous) => State::Reused(repo, Arc::clone(&previous.last_change)),
                None => match repo.start_log(CONTENT_DIR) {
                    Ok(log) => State::Reading(repo, log),
                    Err(message) => State::Failed(repo, message),
                },
            },
        }
    };
    Pending { state, mode, today }
}

impl Pending {
    /// Waits for git, dates `pages` (those without `updated` in their front matter)
    /// and returns the dates for later rebuilds, with any warning. `root` locates
    /// the warning at `dates.from_git` in `almanac.yaml`.
    pub fn finish(self, root: &Path, pages: &mut [Page]) -> (Option<GitDates>, Vec<Diagnostic>) {
        let undated = pages.iter().filter(|p| p.meta.updated.is_none()).count();
        // Without git dates the build is what it would be with `from_git: false`;
        // that is worth a warning only when some page would have taken one.
        let without = |warning: Diagnostic| {
            (
                None,
                if undated > 0 {
                    vec![warning]
                } else {
                    Vec::new()
                },
            )
        };
        let (repo, last_change) = match self.state {
            State::Off => return (None, Vec::new()),
            State::Unavailable(why) => return without(unavailable(root, &why, undated)),
            State::Shallow => return without(shallow(root, undated)),
            State::Failed(repo, message) => return without(failed(root, &repo, &message, undated)),
            State::Reused(repo, last_change) => (repo, last_change),
            State::Reading(repo, log) => match log.finish() {
                Ok(dates) => (repo, Arc::new(dates)),
                Err(message) => return without(failed(root, &repo, &message, undated)),
            },
        };
        let mut warnings = Vec::new();
        let uncommitted = match self.mode {
            Mode::Committed => HashSet::new(),
            Mode::WorkingTree => repo.uncommitted(CONTENT_DIR).unwrap_or_else(|message| {
                warnings.push(failed(root, &repo, &message, 0));
                HashSet::new()
            }),
        };
        let dates = GitDates {
            repo,
            last_change,
            uncommitted,
            mode: self.mode,
            today: self.today,
        };
        apply(&dates, pages);
        (Some(dates), warnings)
    }
}

/// `file` as git writes paths: `/`-separated.
fn git_path(file: &Path) -> String {
    file.to_string_lossy().replace('\\', "/")
}

/// Front matter wins: only pages without `updated` take git's date.
pub fn apply(dates: &GitDates, pages: &mut [Page]) {
    for page in pages.iter_mut().filter(|p| p.meta.updated.is_none()) {
        page.meta.updated = dates.date_of(&page.file);
    }
}

fn at_from_git(root: &Path, diagnostic: Diagnostic) -> Diagnostic {
    crate::config::at_value(
        root,
        &[Step::Key("dates"), Step::Key("from_git")],
        diagnostic,
    )
}

fn keep(undated: usize) -> String {
    let verb = if undated == 1 {
        "keeps its front-matter dates"
    } else {
        "keep their front-matter dates"
    };
    format!("{} without `updated` {verb}", plural(undated, "page"))
}

fn shallow(root: &Path, undated: usize) -> Diagnostic {
    let message = format!(
        "the site's repository is a shallow clone (`git rev-parse --is-shallow-repository`): it has only the newest commits, so dates from git would all be the same; {}",
        keep(undated)
    );
    at_from_git(root, Diagnostic::warning("shallow-clone", message)).with_help(
        "fetch the whole history with `git fetch --unshallow`; in CI, clone it whole (GitHub Actions: `fetch-depth: 0` on actions/checkout)",
    )
}

fn unavailable(root: &Path, why: &NoRepo, undated: usize) -> Diagnostic {
    let (what, help) = match why {
        NoRepo::GitMissing => (
            "the `git` command was not found".to_string(),
            "install git, or set `dates: {from_git: false}`",
        ),
        NoRepo::NotARepository => (
            format!("{} is not in a git repository", root.display()),
            "build from a clone of the site's repository, or set `dates: {from_git: false}`",
        ),
        NoRepo::Failed(message) => (
            format!("git cannot read the repository ({message})"),
            "fix what git says (run `git status` in the site folder), or set `dates: {from_git: false}`",
        ),
    };
    let message = format!("`dates.from_git` is on, but {what}; {}", keep(undated));
    at_from_git(root, Diagnostic::warning("no-git-dates", message)).with_help(help)
}

fn failed(root: &Path, repo: &Repo, message: &str, undated: usize) -> Diagnostic {
    let keeps = if undated > 0 {
        format!("; {}", keep(undated))
    } else {
        String::new()
    };
    let message = format!(
        "cannot read dates from {}: {message}{keeps}",
        repo.git_dir.display()
    );
    at_from_git(root, Diagnostic::warning("no-git-dates", message))
        .with_help("run the same command in the site folder to see what git says, or set `dates: {from_git: false}`")
}
