//! The site's git repository, asked through the `git` command: what the repository
//! is (`rev-parse`), when each file last changed (one `git log` pass for the whole
//! site, read while the rest of the site loads) and which files have uncommitted changes.
//!
//! Why the command and not a library: `git` is already on every machine that has a
//! clone, reads every repository format (packs, commit-graphs, worktrees, partial and
//! shallow clones) exactly as the writer's own git does, and adds no dependency to the
//! build; one pass costs the same tree diffs a library would make (bench/RESULTS.md).

mod log;

use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;

use crate::model::Date;

/// A site root inside a git work tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repo {
    /// The site root, where git commands run.
    root: PathBuf,
    /// The site root relative to the top of the work tree: empty, or ending in `/`.
    prefix: String,
    /// A shallow clone lacks the older history, so its dates would be wrong.
    pub shallow: bool,
    /// The commit HEAD points to; `None` before the first commit.
    pub head: Option<String>,
    /// The repository folder of this work tree (`.git`, or `.git/worktrees/<name>`): its `HEAD`.
    pub git_dir: PathBuf,
    /// The folder shared by all work trees: `refs/` and `packed-refs`.
    pub common_dir: PathBuf,
}

/// Why there is no repository to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoRepo {
    /// The `git` command is not installed (or not on `PATH`).
    GitMissing,
    /// The site root is not inside a git work tree.
    NotARepository,
    /// git refused, e.g. "detected dubious ownership"; git's own message.
    Failed(String),
}

/// `git` with the settings that keep its output the same whatever the user's
/// configuration: English messages, no signatures or colours, paths as written.
fn git(root: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "log.showSignature=false",
            "-c",
            "diff.relative=false",
            "-c",
            "color.ui=never",
        ])
        .arg("--literal-pathspecs")
        .arg("--no-optional-locks")
        .env("LC_ALL", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
    command
}

/// git's message, first line only, for a warning.
fn first_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("git failed");
    line.trim_start_matches("fatal: ").trim().to_string()
}

impl Repo {
    /// The repository the site at `root` is in.
    pub fn discover(root: &Path) -> Result<Repo, NoRepo> {
        let output = git(root)
            .args([
                "rev-parse",
                "--is-shallow-repository",
                "--show-prefix",
                "--absolute-git-dir",
                "--git-common-dir",
            ])
            .args(["--verify", "--quiet", "HEAD"])
            .output()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => NoRepo::GitMissing,
                _ => NoRepo::Failed(format!("cannot run git: {e}")),
            })?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let lines: Vec<&str> = stdout.split('\n').collect();
        // Without a commit, `--verify HEAD` fails (exit 1) after the other four lines.
        if lines.len() < 4 {
            let message = first_line(&output.stderr);
            return Err(if message.contains("not a git repository") {
                NoRepo::NotARepository
            } else {
                NoRepo::Failed(message)
            });
        }
        let head = lines
            .get(4)
            .map(|l| l.trim())
            .filter(|l| !l.is_empty() && output.status.success());
        let common = Path::new(lines[3].trim());
        Ok(Repo {
            root: root.to_path_buf(),
            prefix: lines[1].trim().to_string(),
            shallow: lines[0].trim() == "true",
            head: head.map(str::to_string),
            git_dir: PathBuf::from(lines[2].trim()),
            common_dir: if common.is_absolute() {
                common.to_path_buf()
            } else {
                root.join(common)
            },
        })
    }

    /// Starts the one `git log` pass for the files under `folder` (relative to the
    /// site root). Read it with [`PendingLog::finish`]; meanwhile the caller works.
    pub fn start_log(&self, folder: &str) -> Result<PendingLog, String> {
        if self.head.is_none() {
            return Ok(PendingLog::Empty);
        }
        let mut command = git(&self.root);
        command.args(LOG_ARGS);
        // A pathspec makes git compare every commit with its parents twice (once to
        // simplify the history, once for the output): 1.8 s instead of 0.9 s of CPU on
        // the bench repository. When the site is the repository, the few files outside
        // `folder` cost less than that, and the reader skips them; a site in a
        // sub-folder of a larger repository still limits git to its folder.
        if !self.prefix.is_empty() {
            command.arg("--").arg(folder);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run git log: {e}"))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let reader =
            std::thread::spawn(move || log::read(BufReader::with_capacity(1 << 16, stdout)));
        // Drained beside stdout: git blocks when a pipe nobody reads fills up, and it
        // may warn once per commit (rename limits).
        let errors = std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = stderr.read_to_end(&mut text);
            text
        });
        Ok(PendingLog::Running {
            child,
            reader,
            errors,
            prefix: self.prefix.clone(),
            folder: format!("{}{}/", self.prefix, folder.trim_end_matches('/')),
        })
    }

    /// Files under `folder` with changes not committed yet (staged, unstaged or
    /// untracked), relative to the site root, with `/` separators.
    pub fn uncommitted(&self, folder: &str) -> Result<HashSet<String>, String> {
        let output = git(&self.root)
            .args([
                "status",
                "--porcelain=v1",
                "-z",
                "--untracked-files=all",
                "--",
            ])
            .arg(folder)
            .output()
            .map_err(|e| format!("cannot run git status: {e}"))?;
        if !output.status.success() {
            return Err(format!("git status failed: {}", first_line(&output.stderr)));
        }
        Ok(status_paths(&output.stdout)
            .filter_map(|path| self.site_path(&path))
            .collect())
    }

    /// A path relative to the top of the work tree, relative to the site root instead.
    fn site_path(&self, path: &str) -> Option<String> {
        path.strip_prefix(self.prefix.as_str()).map(str::to_string)
    }
}

/// The history pass: newest first, with the author date of each commit and the
/// files it changed, renames detected (`-M`) so they can be followed.
pub const LOG_ARGS: &[&str] = &[
    "log",
    "--date-order",
    "-z",
    "--format=%x00%aI",
    "--name-status",
    "-M",
    "--no-color",
];

/// A `git log` being read in the background.
pub enum PendingLog {
    /// The repository has no commit yet: nothing to read.
    Empty,
    Running {
        child: Child,
        reader: JoinHandle<std::io::Result<HashMap<String, Date>>>,
        errors: JoinHandle<Vec<u8>>,
        /// The site root relative to the top of the work tree.
        prefix: String,
        /// The folder whose files are wanted, relative to the top, ending in `/`.
        folder: String,
    },
}

impl PendingLog {
    /// Waits for the pass to end: each file's last change, keyed by its path
    /// relative to the site root, with `/` separators.
    pub fn finish(self) -> Result<HashMap<String, Date>, String> {
        let PendingLog::Running {
            mut child,
            reader,
            errors,
            prefix,
            folder,
        } = self
        else {
            return Ok(HashMap::new());
        };
        let parsed = reader
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the git log reader stopped")));
        if parsed.is_err() {
            // Stop git rather than wait for output nobody reads.
            let _ = child.kill();
        }
        let status = child
            .wait()
            .map_err(|e| format!("git log did not finish: {e}"))?;
        let stderr = errors.join().unwrap_or_default();
        let dates = parsed.map_err(|e| format!("cannot read git log: {e}"))?;
        if !status.success() {
            return Err(format!("git log failed: {}", first_line(&stderr)));
        }
        Ok(dates
            .into_iter()
            .filter(|(path, _)| path.starts_with(folder.as_str()))
            .filter_map(|(path, date)| {
                Some((path.strip_prefix(prefix.as_str())?.to_string(), date))
            })
            .collect())
    }
}

/// The paths of `git status --porcelain=v1 -z`: `XY path`, and for a rename or a
/// copy an extra token, the old path, which no longer holds the file.
fn status_paths(stdout: &[u8]) -> impl Iterator<Item = String> + '_ {
    let mut tokens = stdout.split(|&b| b == 0).filter(|t| !t.is_empty());
    std::iter::from_fn(move || loop {
        let token = tokens.next()?;
        if token.len() < 4 {
            continue;
        }
        let (xy, path) = (&token[..2], &token[3..]);
        if xy.iter().any(|&b| b == b'R' || b == b'C') {
            tokens.next();
        }
        if xy == b"!!" {
            continue;
        }
        return Some(String::from_utf8_lossy(path).into_owned());
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lists_changed_and_untracked_paths_but_not_a_renames_old_name() {
        let out = b" M content/a.md\0?? content/new file.md\0R  content/b.md\0content/old-b.md\0!! content/x.md\0";
        let paths: Vec<String> = status_paths(out).collect();
        assert_eq!(
            paths,
            ["content/a.md", "content/new file.md", "content/b.md"]
        );
        assert_eq!(
            status_paths(b"\0\0M\0").count(),
            0,
            "short tokens are skipped"
        );
    }
}
