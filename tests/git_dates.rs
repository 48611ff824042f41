//! `dates: {from_git: true}`: pages dated by their last commit, in real git
//! repositories made by the test (fixed dates, a local user), including a rename,
//! a shallow clone and a folder that is no repository at all.

mod common;
use common::git;
use common::*;

use almanac::load::dates::Mode;

const CONFIG: &str =
    "title: Test Site\nbase_url: https://docs.example.com/\ndates:\n  from_git: true\n";

/// A site with `from_git` on, in a new repository (`None` when git is missing).
fn repo_site(test: &str) -> Option<Site> {
    if !git::available(test) {
        return None;
    }
    let site = Site::new().file("almanac.yaml", CONFIG);
    git::init(site.root());
    Some(site)
}

fn updated(site: &Site, mode: Mode, file: &str) -> Option<String> {
    let mut options = site.options();
    options.git_dates = mode;
    let analysis = almanac::build::analyse(&options).expect("site loads");
    let page = analysis
        .site
        .pages
        .iter()
        .find(|p| p.file == std::path::Path::new(file))
        .unwrap_or_else(|| panic!("no page {file}"));
    page.meta.updated.map(|d| d.to_string())
}

fn lastmod<'a>(sitemap: &'a str, url: &str) -> Option<&'a str> {
    let entry = between(
        sitemap,
        &format!("<loc>https://docs.example.com{url}</loc>"),
        "</url>",
    );
    entry.split("<lastmod>").nth(1).map(|rest| &rest[..10])
}

#[test]
fn each_page_is_dated_by_the_last_commit_that_changed_its_file() {
    let Some(site) = repo_site("each_page_is_dated_by_the_last_commit_that_changed_its_file")
    else {
        return;
    };
    site.write("content/guides/a.md", "---\ntitle: A\n---\nFirst.\n");
    site.write("content/guides/b.md", "---\ntitle: B\n---\nFirst.\n");
    git::commit_all(site.root(), "2026-01-10", "Add a and b");
    site.write("content/guides/b.md", "---\ntitle: B\n---\nSecond.\n");
    git::commit_all(site.root(), "2026-02-20", "Edit b");
    site.write("static/logo.txt", "not a page\n");
    git::commit_all(site.root(), "2026-03-05", "A commit that changes no page");

    let built = site.build_ok();
    assert!(
        built.report.diagnostics.is_empty(),
        "{:#?}",
        built.report.diagnostics
    );
    assert!(built.page("/guides/a/").contains("Updated 10 January 2026"));
    assert!(built
        .page("/guides/b/")
        .contains("Updated 20 February 2026"));
    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    assert_eq!(lastmod(&sitemap, "/guides/a/"), Some("2026-01-10"));
    assert_eq!(lastmod(&sitemap, "/guides/b/"), Some("2026-02-20"));
}

#[test]
fn a_renamed_page_keeps_the_date_of_its_last_edit_and_an_edited_rename_is_an_edit() {
    let Some(site) = repo_site("a_renamed_page_keeps_the_date_of_its_last_edit") else {
        return;
    };
    site.write(
        "content/guides/moved.md",
        "---\ntitle: Moved\n---\nFirst.\n",
    );
    let body: String = (1..=20)
        .map(|n| format!("Line {n} of a page long enough to stay similar.\n"))
        .collect();
    site.write(
        "content/guides/edited.md",
        &format!("---\ntitle: Edited\n---\n{body}"),
    );
    git::commit_all(site.root(), "2026-01-10", "Add");
    site.write(
        "content/guides/moved.md",
        "---\ntitle: Moved\n---\nSecond.\n",
    );
    git::commit_all(site.root(), "2026-02-01", "Edit");
    std::fs::create_dir_all(site.root().join("content/faq")).unwrap();
    git::run(
        site.root(),
        "2026-04-01",
        &["mv", "content/guides/moved.md", "content/faq/moved.md"],
    );
    git::run(
        site.root(),
        "2026-04-01",
        &["mv", "content/guides/edited.md", "content/faq/edited.md"],
    );
    site.write(
        "content/faq/edited.md",
        &format!("---\ntitle: Edited\n---\n{body}One more line.\n"),
    );
    git::commit_all(site.root(), "2026-04-01", "Move both, edit one");
    let log = git::run(
        site.root(),
        "2026-04-01",
        &["log", "-1", "-M", "--name-status", "--format="],
    );
    assert!(
        log.contains("R100\tcontent/guides/moved.md\tcontent/faq/moved.md"),
        "{log}"
    );
    assert!(
        log.lines()
            .any(|l| l.starts_with("R0") || l.starts_with("R9")),
        "an edited rename: {log}"
    );

    assert_eq!(
        updated(&site, Mode::Committed, "content/faq/moved.md").as_deref(),
        Some("2026-02-01")
    );
    assert_eq!(
        updated(&site, Mode::Committed, "content/faq/edited.md").as_deref(),
        Some("2026-04-01")
    );
}

#[test]
fn front_matter_wins_and_reviewed_never_comes_from_git() {
    let Some(site) = repo_site("front_matter_wins_and_reviewed_never_comes_from_git") else {
        return;
    };
    site.write(
        "content/guides/typed.md",
        "---\ntitle: Typed\nupdated: 2025-05-05\n---\nx\n",
    );
    site.write("content/guides/plain.md", "---\ntitle: Plain\n---\nx\n");
    git::commit_all(site.root(), "2026-03-01", "Add");

    let analysis = site.analyse();
    let meta = |file: &str| {
        let page = analysis
            .site
            .pages
            .iter()
            .find(|p| p.file.ends_with(file))
            .unwrap();
        (page.meta.updated.map(|d| d.to_string()), page.meta.reviewed)
    };
    assert_eq!(meta("typed.md"), (Some("2025-05-05".to_string()), None));
    assert_eq!(meta("plain.md"), (Some("2026-03-01".to_string()), None));
    assert!(site
        .build_ok()
        .page("/guides/typed/")
        .contains("Updated 5 May 2025"));
}

#[test]
fn stale_rules_see_the_git_date_of_a_page_without_dates() {
    let Some(site) = repo_site("stale_rules_see_the_git_date_of_a_page_without_dates") else {
        return;
    };
    site.write("content/guides/old.md", "---\ntitle: Old\n---\nx\n");
    git::commit_all(site.root(), "2024-01-15", "Add");

    let with_git = site.analyse();
    let reasons: Vec<&str> = with_git.stale.per_page[0]
        .iter()
        .map(|r| r.message.as_str())
        .collect();
    assert_eq!(
        reasons,
        ["last reviewed 2024-01-15, 1043 days ago (limit 365)"]
    );

    site.write(
        "almanac.yaml",
        "title: Test Site\nbase_url: https://docs.example.com/\n",
    );
    let without = site.analyse();
    assert!(
        without.stale.per_page[0].is_empty(),
        "without from_git the page has no date to judge"
    );
}

#[test]
fn uncommitted_changes_keep_the_last_commit_in_build_and_are_dated_today_in_serve() {
    let Some(site) = repo_site("uncommitted_changes_keep_the_last_commit_in_build") else {
        return;
    };
    site.write("content/guides/clean.md", "---\ntitle: Clean\n---\nx\n");
    site.write("content/guides/edited.md", "---\ntitle: Edited\n---\nx\n");
    git::commit_all(site.root(), "2026-02-01", "Add");
    site.write(
        "content/guides/edited.md",
        "---\ntitle: Edited\n---\nchanged, not committed\n",
    );
    site.write(
        "content/guides/new.md",
        "---\ntitle: New\n---\nnever committed\n",
    );

    let dates = |mode| {
        ["clean.md", "edited.md", "new.md"]
            .map(|f| updated(&site, mode, &format!("content/guides/{f}")))
    };
    let (february, today) = (Some("2026-02-01".to_string()), Some(TODAY.to_string()));
    assert_eq!(
        dates(Mode::Committed),
        [february.clone(), february.clone(), None]
    );
    assert_eq!(dates(Mode::WorkingTree), [february, today.clone(), today]);
}

#[test]
fn a_shallow_clone_is_named_with_the_fix_and_its_pages_keep_their_front_matter_dates() {
    let Some(site) = repo_site("a_shallow_clone_is_named_with_the_fix") else {
        return;
    };
    site.write(
        "content/guides/typed.md",
        "---\ntitle: Typed\nupdated: 2025-05-05\n---\nx\n",
    );
    site.write("content/guides/plain.md", "---\ntitle: Plain\n---\nx\n");
    site.write("content/faq/other.md", "---\ntitle: Other\n---\nx\n");
    git::commit_all(site.root(), "2025-01-10", "Add");
    site.write("content/guides/plain.md", "---\ntitle: Plain\n---\ny\n");
    git::commit_all(site.root(), "2026-03-01", "Edit");

    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", site.root().display());
    git::run(
        clone.path(),
        "2026-03-02",
        &["clone", "-q", "--depth", "1", &url, "site"],
    );
    let clone_root = clone.path().join("site");
    let (code, stdout, stderr) = run_in(&clone_root, &["build", "--today", TODAY]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 warning, 0 errors"), "{stdout}");
    assert!(stderr.contains("warning[shallow-clone]: "), "{stderr}");
    assert!(stderr.contains("dates from git would all be the same; 2 pages without `updated` keep their front-matter dates"), "{stderr}");
    assert!(
        stderr.contains(" --> almanac.yaml:4:13"),
        "at the value of from_git: {stderr}"
    );
    assert!(
        stderr.contains("git fetch --unshallow") && stderr.contains("fetch-depth: 0"),
        "{stderr}"
    );
    let sitemap = std::fs::read_to_string(clone_root.join("public/sitemap.xml")).unwrap();
    assert_eq!(lastmod(&sitemap, "/guides/typed/"), Some("2025-05-05"));
    assert_eq!(
        lastmod(&sitemap, "/guides/plain/"),
        None,
        "not the clone's one commit date"
    );
}

#[test]
fn outside_a_repository_the_warning_says_so_and_pages_keep_their_dates() {
    if !git::available("outside_a_repository_the_warning_says_so") {
        return;
    }
    let site = Site::new()
        .file("almanac.yaml", CONFIG)
        .page("guides/a.md", "title: A", "x\n")
        .page("guides/b.md", "title: B\nupdated: 2026-01-02", "x\n");
    if in_a_repository(site.root()) {
        eprintln!(
            "skipping: the temp folder {} is inside a git repository",
            site.root().display()
        );
        return;
    }
    let built = site.build_ok();
    let warnings: Vec<_> = built.report.diagnostics.iter().collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(warnings[0].code, "no-git-dates");
    assert_eq!(at(warnings[0]), "almanac.yaml:4:13");
    assert!(
        warnings[0]
            .message
            .contains("is not in a git repository; 1 page without `updated` keeps"),
        "{}",
        warnings[0].message
    );
    assert!(built.page("/guides/b/").contains("Updated 2 January 2026"));
    assert!(!built.page("/guides/a/").contains("Updated "));
}

#[test]
fn a_repository_without_commits_dates_nothing_and_warns_about_nothing() {
    let Some(site) = repo_site("a_repository_without_commits_dates_nothing") else {
        return;
    };
    site.write("content/guides/a.md", "---\ntitle: A\n---\nx\n");
    let built = site.build_ok();
    assert!(
        built.report.diagnostics.is_empty(),
        "{:#?}",
        built.report.diagnostics
    );
    assert_eq!(
        updated(&site, Mode::WorkingTree, "content/guides/a.md").as_deref(),
        Some(TODAY)
    );
}

#[test]
fn a_site_in_a_subfolder_of_the_repository_is_dated_too() {
    let Some(site) = repo_site("a_site_in_a_subfolder_of_the_repository_is_dated_too") else {
        return;
    };
    std::fs::create_dir_all(site.root().join("docs")).unwrap();
    for entry in ["almanac.yaml", "content"] {
        std::fs::rename(
            site.root().join(entry),
            site.root().join("docs").join(entry),
        )
        .unwrap();
    }
    site.write("docs/content/guides/a.md", "---\ntitle: A\n---\nx\n");
    git::commit_all(site.root(), "2026-06-30", "Add");
    let (code, stdout, stderr) = run_in(&site.root().join("docs"), &["build", "--today", TODAY]);
    assert_eq!(code, 0, "{stderr}");
    let page =
        std::fs::read_to_string(site.root().join("docs/public/guides/a/index.html")).unwrap();
    assert!(page.contains("Updated 30 June 2026"), "{stdout}{stderr}");
}

/// Runs the binary with `--root dir`; returns (exit code, stdout, stderr).
fn run_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_almanac"))
        .args(args)
        .arg("--root")
        .arg(dir)
        .output()
        .expect("run almanac");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_release_feed_says_when_a_note_last_changed() {
    let Some(site) = repo_site("the_release_feed_says_when_a_note_last_changed") else {
        return;
    };
    site.write("content/products.yaml", TWO_PRODUCTS);
    site.write(
        "content/releases/acme-3-2.md",
        "---\ntitle: Acme 3.2\nproduct: acme\nversion: \"3.2.0\"\ndate: 2026-10-14\n---\nx\n",
    );
    git::commit_all(site.root(), "2026-10-20", "Release notes, a week late");
    let built = site.build_ok();
    let feed = std::fs::read_to_string(site.out().join("releases/feed.xml")).unwrap();
    let entry = between(&feed, "<entry>", "</entry>");
    assert!(
        entry.contains("<updated>2026-10-20T00:00:00Z</updated>"),
        "{feed}"
    );
    assert!(built
        .page("/releases/acme-3-2/")
        .contains("Updated 20 October 2026"));
}

#[test]
fn serve_dates_a_page_being_edited_today_and_a_commit_re_dates_it_without_a_restart() {
    let Some(site) = repo_site("serve_dates_a_page_being_edited_today") else {
        return;
    };
    site.write("content/guides/a.md", "---\ntitle: A\n---\nFirst.\n");
    git::commit_all(site.root(), "2026-01-10", "Add");
    let server = common::server::Server::start(&site, &[]);
    server.eventually_contains("/guides/a/", "Updated 10 January 2026");

    site.write("content/guides/a.md", "---\ntitle: A\n---\nSecond.\n");
    server.eventually_contains("/guides/a/", "Updated 23 November 2026");

    git::commit_all(site.root(), "2026-06-15", "Edit");
    server.eventually_contains("/guides/a/", "Updated 15 June 2026");
    git::run(
        site.root(),
        "2026-06-16",
        &["commit", "-q", "--allow-empty", "-m", "Nothing"],
    );
    // A commit that changes no page re-reads the history and rewrites nothing.
    let lines =
        server.log_until(|l| l.starts_with("git history changed") && l.contains("0 files changed"));
    assert!(
        lines.last().unwrap().contains("(.git/refs/heads/main)"),
        "names the branch: {lines:#?}"
    );
}

#[test]
fn init_turns_dates_from_git_on_in_a_repository_and_off_elsewhere() {
    if !git::available("init_turns_dates_from_git_on_in_a_repository") {
        return;
    }
    let repo = tempfile::tempdir().unwrap();
    git::init(repo.path());
    let outside = tempfile::tempdir().unwrap();
    let mut cases = vec![(repo.path(), "from_git: true")];
    if !in_a_repository(outside.path()) {
        cases.push((outside.path(), "from_git: false"));
    }
    for (parent, expected) in cases {
        let target = parent.join("docs");
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_almanac"))
            .arg("init")
            .arg(&target)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let config = std::fs::read_to_string(target.join("almanac.yaml")).unwrap();
        assert!(
            config.contains(&format!("dates:\n  {expected} ")),
            "{config}"
        );
        let report = almanac::build::build(&almanac::build::BuildOptions::new(
            &target,
            TODAY.parse().unwrap(),
        ));
        assert!(
            report.written && report.diagnostics.is_empty(),
            "{:?}",
            report.diagnostics
        );
    }
}

/// Whether `dir` is inside a git work tree (a temp folder usually is not).
fn in_a_repository(dir: &std::path::Path) -> bool {
    std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--git-dir"])
        .output()
        .is_ok_and(|o| o.status.success())
}
