//! Faults during the write: a build killed halfway, a write that fails, two
//! builds of one output at once. In every case the published site is either the
//! previous one or the new one, whole, and nothing is left behind.

mod common;
use common::*;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A site big enough that writing it takes a while in a debug build.
fn big_site(pages: usize) -> Site {
    // No fenced code: highlighting is slow in a debug build and adds nothing here.
    let body =
        "## Steps\n\nRun `acme deploy` and check the output.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
            .repeat(4);
    (0..pages).fold(Site::new(), |site, i| {
        site.page(
            &format!("guides/g{}/page-{i}.md", i % 20),
            &format!("title: Guide number {i}\ntags: [t{}]", i % 7),
            &body,
        )
    })
}

fn build_command(site: &Site) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_almanac"));
    command
        .args(["build", "--today", TODAY, "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// What almanac keeps beside `public/` on purpose: the lock, and the previous
/// site with its manifest, which the next build reuses.
const KEPT: [&str; 3] = [
    ".public.almanac-lock",
    ".public.almanac-prev",
    ".public.almanac-manifests",
];

/// Every file beside `public/` that almanac owns (staging, old copies), kept ones aside.
fn debris(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.almanac-") && !KEPT.contains(&n.as_str()))
        .collect()
}

fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn still_running(child: &mut Child) -> bool {
    child.try_wait().unwrap().is_none()
}

#[test]
fn a_build_killed_while_writing_leaves_the_previous_site_whole() {
    let site = big_site(400);
    site.build_ok();
    let before = snapshot_dir(&site.out());
    site.write(
        "content/guides/g0/page-0.md",
        "---\ntitle: Changed\n---\nNew body.\n",
    );
    let mut child = build_command(&site).spawn().unwrap();
    let staging = site.root().join(".public.almanac-staging");
    // Kill once the staging folder has files in it: the write phase has begun.
    wait_for("the write phase", || {
        std::fs::read_dir(&staging).is_ok_and(|mut d| d.next().is_some())
            || !still_running(&mut child)
    });
    assert!(
        still_running(&mut child),
        "the build ended before it could be killed"
    );
    child.kill().unwrap(); // SIGKILL: no destructor runs
    child.wait().unwrap();
    assert!(
        snapshot_dir(&site.out()) == before,
        "public/ is the previous site, byte for byte"
    );
    // The next build succeeds and cleans up after the killed one.
    let report = site.build_ok().report;
    assert!(report.written);
    assert!(debris(&site).is_empty(), "{:?}", debris(&site));
    assert!(
        std::fs::read_to_string(site.out().join("guides/g0/page-0/index.html"))
            .unwrap()
            .contains("New body.")
    );
}

#[test]
fn a_write_that_fails_fails_the_build_and_keeps_the_previous_site() {
    let site = big_site(30);
    site.build_ok();
    let before = snapshot_dir(&site.out());
    site.write(
        "content/guides/big.md",
        &format!(
            "---\ntitle: Big\n---\n{}\n",
            "A long line of text. ".repeat(20_000)
        ),
    );
    // Files over 64 KB cannot be written (EFBIG; the signal is ignored so the
    // write fails instead of killing the process).
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 128; exec \"$0\" build --today \"$1\" --root \"$2\"")
        .arg(env!("CARGO_BIN_EXE_almanac"))
        .arg(TODAY)
        .arg(site.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[write-failed]"), "{stderr}");
    assert!(
        stderr.contains("guides/big/index.html"),
        "names the file: {stderr}"
    );
    assert!(
        snapshot_dir(&site.out()) == before,
        "the previous site is intact"
    );
    assert!(debris(&site).is_empty(), "{:?}", debris(&site));
}

#[test]
fn two_builds_of_one_output_take_turns() {
    let site = big_site(200);
    let mut first = build_command(&site).spawn().unwrap();
    let staging = site.root().join(".public.almanac-staging");
    wait_for("the first build to start writing", || {
        staging.exists() || !still_running(&mut first)
    });
    let second = build_command(&site).spawn().unwrap();
    let (first, second) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    for output in [&first, &second] {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // The output is one complete site: what a single build writes.
    let expected = tempfile::tempdir().unwrap();
    let mut options = site.options();
    options.out = Some(expected.path().join("out"));
    assert!(almanac::build::build(&options).written);
    assert!(snapshot_dir(&site.out()) == snapshot_dir(&expected.path().join("out")));
    assert!(debris(&site).is_empty(), "{:?}", debris(&site));
}

#[test]
fn a_build_waits_while_another_holds_the_output_and_says_so() {
    use std::io::{BufRead, BufReader};
    let site = big_site(5);
    site.build_ok();
    let before = snapshot_dir(&site.out());
    site.write(
        "content/guides/g0/page-0.md",
        "---\ntitle: Changed\n---\nNew body.\n",
    );
    // This test plays the other build: it holds the output's lock.
    let lock = std::fs::File::create(site.root().join(".public.almanac-lock")).unwrap();
    lock.lock().unwrap();
    let mut child = build_command(&site).spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(
        line.contains("waiting for another almanac build writing"),
        "{line}"
    );
    assert!(still_running(&mut child), "it waits");
    assert!(
        snapshot_dir(&site.out()) == before,
        "and touches nothing meanwhile"
    );
    drop(lock);
    assert!(child.wait().unwrap().success());
    assert!(
        std::fs::read_to_string(site.out().join("guides/g0/page-0/index.html"))
            .unwrap()
            .contains("New body.")
    );
}
