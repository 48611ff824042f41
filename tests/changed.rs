//! `almanac check --changed REV`, the pull-request mode, on temporary git
//! repositories: every page is evaluated, but only changed pages (and the pages
//! linking to a page whose URL changed) are reported and can fail the check.

mod common;
use common::*;

use serde_json::Value;
use std::process::Command;

/// Runs git in the site folder, with a fixed identity so commits work anywhere.
fn git(site: &Site, args: &[&str]) {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=Almanac Test",
            "-c",
            "user.email=test@example.com",
        ])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(site.root())
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn commit_all(site: &Site) {
    git(site, &["add", "-A"]);
    git(site, &["commit", "-q", "-m", "pages"]);
}

/// Two stale acme pages, committed; `guides/setup.md` is linked from an FAQ by
/// path and from a guide by title.
fn repo() -> Site {
    let site = Site::new()
        .file("content/products.yaml", ACME_PRODUCTS)
        .page(
            "guides/edited.md",
            "title: Edited\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01",
            "x\n",
        )
        .page(
            "guides/untouched.md",
            "title: Untouched\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01",
            "x\n",
        )
        .page(
            "guides/setup.md",
            "title: Set up\nreviewed: 2026-11-01",
            "x\n",
        )
        .page(
            "faq/by-path.md",
            "title: By path\nreviewed: 2026-11-01",
            "See [setup](../guides/setup.md).\n",
        )
        .page(
            "guides/by-title.md",
            "title: By title\nreviewed: 2026-11-01",
            "See [[Set up]].\n",
        )
        .file(".gitignore", "public/\n");
    git(&site, &["init", "-q"]);
    commit_all(&site);
    site
}

fn check_changed(site: &Site, extra: &[&str]) -> (i32, Value, String) {
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--today",
        TODAY,
        "--changed",
        "HEAD",
    ];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = site.run(&args);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"));
    (code, json, stderr)
}

fn stale_files(json: &Value) -> Vec<&str> {
    json["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect()
}

#[test]
fn only_the_changed_page_is_reported_and_an_unchanged_stale_page_is_left_out() {
    let site = repo();
    let (code, json, _) = check_changed(&site, &["--strict"]);
    assert_eq!(code, 0, "nothing changed, nothing reported: {json}");
    assert_eq!(stale_files(&json), Vec::<&str>::new());

    site.write(
        "content/guides/edited.md",
        "---\ntitle: Edited\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-20\n---\nx, edited\n",
    );
    let (code, json, stderr) = check_changed(&site, &["--strict"]);
    assert_eq!(stale_files(&json), ["content/guides/edited.md"], "{json}");
    assert_eq!(code, 1, "--strict fails on the changed stale page");
    assert!(
        stderr.contains("changed since HEAD (") && stderr.contains(&format!("as of {TODAY}")),
        "the revision and the date: {stderr}"
    );
    let (code, _, _) = check_changed(&site, &[]);
    assert_eq!(code, 0, "stale pages alone do not fail without --strict");

    let (full, stdout, _) = site.run(&["check", "--format", "json", "--today", TODAY, "--strict"]);
    let full_json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(full, 1);
    assert_eq!(
        stale_files(&full_json),
        ["content/guides/edited.md", "content/guides/untouched.md"],
        "a full check still sees both"
    );
}

#[test]
fn a_new_untracked_page_counts_as_changed() {
    let site = repo().page(
        "guides/new.md",
        "title: New\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-20",
        "x\n",
    );
    let (_, json, _) = check_changed(&site, &[]);
    assert_eq!(stale_files(&json), ["content/guides/new.md"], "{json}");
}

#[test]
fn a_renamed_page_brings_in_the_pages_that_linked_to_it() {
    let site = repo();
    git(
        &site,
        &[
            "mv",
            "content/guides/setup.md",
            "content/guides/installation.md",
        ],
    );
    let (code, json, _) = check_changed(&site, &[]);
    let broken: Vec<&str> = json["broken_links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        broken,
        ["content/faq/by-path.md"],
        "the unchanged page whose path link the rename broke: {json}"
    );
    assert_eq!(code, 1);

    // The link by title still resolves; its page is among those reported.
    let (_, text, _) = site.run(&["check", "--today", TODAY, "--changed", "HEAD", "--strict"]);
    assert!(
        text.starts_with("Checking 3 of 5 pages changed since HEAD ("),
        "{text}"
    );
}

#[test]
fn a_page_of_the_selection_is_reported_with_its_errors_and_others_are_not() {
    let site = repo();
    site.write("content/guides/untouched.md", "---\ntitle: Untouched\nproduct: acme\nversions: '>=2.0, <3.0'\nreviewed: 2026-11-01\n---\nSee [[Nowhere]].\n");
    git(&site, &["commit", "-q", "-am", "a broken link, committed"]);
    site.write(
        "content/guides/edited.md",
        "---\ntitle: Edited\nreviewed: 2026-11-20\n---\nSee [[Nowhere either]].\n",
    );
    let (code, json, _) = check_changed(&site, &[]);
    assert_eq!(code, 1);
    let files: Vec<&str> = json["broken_links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["content/guides/edited.md"], "{json}");
}

#[test]
fn without_a_repository_or_with_an_unknown_revision_check_fails_with_exit_2() {
    let plain = Site::new().page("guides/a.md", "title: A", "x\n");
    let (code, stdout, stderr) = plain.run(&["check", "--changed", "origin/main"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.starts_with("error: --changed"), "{stderr}");
    assert!(stderr.contains("not a git repository"), "{stderr}");

    let site = repo();
    let (code, stdout, stderr) = site.run(&["check", "--changed", "origin/nope"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("git knows no revision `origin/nope`"),
        "{stderr}"
    );
    assert_eq!(stdout, "", "nothing is checked");
}

#[test]
fn without_git_on_the_path_check_changed_says_so_with_exit_2() {
    let site = repo();
    let empty = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_almanac"))
        .args(["check", "--changed", "HEAD", "--root"])
        .arg(site.root())
        .env("PATH", empty.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: --changed needs git, and git could not be run: "),
        "{stderr}"
    );
}
