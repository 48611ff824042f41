//! Real git repositories for tests: `git` itself, with fixed author and committer
//! dates and a local user, and nothing from the developer's own configuration.

use std::path::Path;
use std::process::Command;

/// Whether `git` can run. Without it a git test prints why it is skipped and
/// passes, except in CI (`CI` set), where git must be installed.
pub fn available(test: &str) -> bool {
    let found = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
    assert!(
        found || !ci,
        "{test}: `git` is not installed, and CI must run the git tests"
    );
    if !found {
        eprintln!("skipping {test}: `git` is not installed");
    }
    found
}

/// `git args` in `dir`, dated `date` (YYYY-MM-DD, noon UTC), ignoring global and
/// system configuration; panics with git's message when it fails. Returns stdout.
pub fn run(dir: &Path, date: &str, args: &[&str]) -> String {
    let stamp = format!("{date}T12:00:00+00:00");
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .env("LC_ALL", "C")
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Makes `dir` a repository on branch `main` with a local user.
pub fn init(dir: &Path) {
    run(dir, "2020-01-01", &["init", "-q", "-b", "main"]);
    run(dir, "2020-01-01", &["config", "user.name", "Test Writer"]);
    run(
        dir,
        "2020-01-01",
        &["config", "user.email", "writer@example.com"],
    );
    run(dir, "2020-01-01", &["config", "commit.gpgsign", "false"]);
}

/// Stages everything and commits it on `date`.
pub fn commit_all(dir: &Path, date: &str, message: &str) {
    run(dir, date, &["add", "-A"]);
    run(dir, date, &["commit", "-q", "-m", message]);
}
