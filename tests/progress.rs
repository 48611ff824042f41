//! Issue 17, long work shows progress: a bar with the current stage on a
//! terminal, nothing on pipes, and `--quiet` prints nothing but errors. Progress
//! never changes the output.

mod common;
use common::*;

use std::process::Command;

fn site_with_a_warning() -> Site {
    (0..30).fold(
        Site::new()
            .file(
                "almanac.yaml",
                "title: T\nbase_url: https://docs.example.com/\nlinks:\n  broken: warn\n",
            )
            .page(
                "guides/broken.md",
                "title: Broken",
                "See [gone](gone.md).\n",
            ),
        |site, i| {
            site.page(
                &format!("guides/p{i}.md"),
                &format!("title: Page {i}"),
                "Text.\n",
            )
        },
    )
}

/// Runs `almanac ARGS --root SITE` in a pseudo-terminal (util-linux `script`),
/// with the bar shown at once; returns what the terminal showed.
fn on_a_terminal(site: &Site, args: &str) -> Option<String> {
    let available = Command::new("script").arg("--version").output().is_ok();
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` (util-linux) is needed in CI"
        );
        eprintln!("skipped: no `script` command for a pseudo-terminal");
        return None;
    }
    let command = format!(
        "{} {args} --today {TODAY} --root {}",
        env!("CARGO_BIN_EXE_almanac"),
        site.root().display()
    );
    let output = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .env("ALMANAC_PROGRESS_DELAY_MS", "0")
        .output()
        .expect("run script");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn a_terminal_sees_the_stages_and_a_pipe_sees_only_the_summary() {
    let site = site_with_a_warning();
    let Some(terminal) = on_a_terminal(&site, "build") else {
        return;
    };
    // The first stage is always drawn; later ones may fall between two redraws
    // (the bar redraws at most 20 times a second), so they are not asserted.
    assert!(terminal.contains("Loading pages"), "{terminal:?}");
    assert!(terminal.contains("Built 31 pages"), "{terminal:?}");
    let piped = Command::new(env!("CARGO_BIN_EXE_almanac"))
        .args(["build", "--today", TODAY, "--root"])
        .arg(site.root())
        .env("ALMANAC_PROGRESS_DELAY_MS", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&piped.stderr);
    let stdout = String::from_utf8_lossy(&piped.stdout);
    assert!(
        !stderr.contains("Loading pages") && !stderr.contains('\r'),
        "{stderr:?}"
    );
    assert_eq!(stdout.lines().count(), 1, "one summary line: {stdout:?}");
    assert!(stderr.contains("warning[missing-page]"), "{stderr}");
}

#[test]
fn progress_never_changes_the_output() {
    let site = site_with_a_warning();
    let Some(_) = on_a_terminal(&site, "build") else {
        return;
    };
    let with_bar = snapshot_dir(&site.out());
    let (code, _, _) = site.run(&["build", "--today", TODAY]);
    assert_eq!(code, 0);
    assert!(snapshot_dir(&site.out()) == with_bar);
}

#[test]
fn quiet_prints_nothing_but_errors() {
    let site = site_with_a_warning();
    let (code, stdout, stderr) = site.run(&["build", "--quiet", "--today", TODAY]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "", ""),
        "warnings and summary are quiet"
    );
    let (code, stdout, _) = site.run(&["check", "--quiet", "--today", TODAY]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    if let Some(terminal) = on_a_terminal(&site, "build --quiet") {
        assert!(
            !terminal.contains("Loading pages"),
            "no bar when quiet: {terminal:?}"
        );
    }
    site.write("content/guides/bad.md", "---\ntitle: [unclosed\n---\n");
    let (code, stdout, stderr) = site.run(&["build", "-q", "--today", TODAY]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("error[") && stderr.contains("content/guides/bad.md:2"),
        "{stderr}"
    );
    assert!(!stderr.contains("warning["), "{stderr}");
    let (code, stdout, _) = site.run(&["check", "-q", "--today", TODAY]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("content/guides/bad.md:2") && !stdout.contains("warning["),
        "{stdout}"
    );
}
