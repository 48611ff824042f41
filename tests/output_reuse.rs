//! The site a build replaces is reused by the build after next: only files whose
//! bytes changed are written, and files the site no longer has are deleted. Each
//! case checks the output against a build into an empty folder, byte for byte.

mod common;
use common::*;

use std::os::unix::fs::MetadataExt;
use std::path::Path;

fn site() -> Site {
    (0..12).fold(
        Site::new().file("static/files/report.txt", "first report\n"),
        |site, i| {
            site.page(
                &format!("guides/g{}/page-{i}.md", i % 3),
                &format!("title: Guide {i}\ntags: [t{}]", i % 2),
                "## Steps\n\nRun `acme deploy`.\n",
            )
        },
    )
}

/// What a build of the site as it is now writes into an empty folder.
fn fresh_build(site: &Site) -> Vec<(String, Vec<u8>)> {
    let expected = tempfile::tempdir().unwrap();
    let mut options = site.options();
    options.out = Some(expected.path().join("out"));
    assert!(almanac::build::build(&options).written);
    snapshot_dir(&expected.path().join("out"))
}

fn assert_same_as_fresh(site: &Site, when: &str) {
    let got = snapshot_dir(&site.out());
    let want = fresh_build(site);
    let names =
        |files: &[(String, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "{when}: the same files");
    for ((path, a), (_, b)) in got.iter().zip(&want) {
        assert!(a == b, "{when}: {path} differs from a fresh build");
    }
}

fn inode(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap().ino()
}

#[test]
fn a_rebuild_of_an_unchanged_site_reuses_the_files_of_the_site_before() {
    let site = site();
    site.build_ok();
    let page = site.out().join("guides/g0/page-0/index.html");
    let first = inode(&page);
    site.build_ok();
    assert!(
        site.root()
            .join(".public.almanac-prev")
            .join("guides/g0/page-0/index.html")
            .is_file(),
        "the replaced site is kept beside the output"
    );
    site.build_ok();
    assert_eq!(
        inode(&page),
        first,
        "the third build reuses the first build's file instead of writing a new one"
    );
    assert_same_as_fresh(&site, "unchanged");
}

#[test]
fn a_reused_tree_gets_every_change_of_the_last_two_builds() {
    let site = site();
    site.build_ok();
    // Build 2: a page changes, a page goes, a page comes, an asset changes.
    site.write(
        "content/guides/g0/page-0.md",
        "---\ntitle: Renamed guide\n---\nNew body.\n",
    );
    site.remove("content/guides/g1/page-1.md");
    site.write(
        "content/guides/g2/new.md",
        "---\ntitle: New guide\n---\nHello.\n",
    );
    site.write("static/files/report.txt", "second report\n");
    site.build_ok();
    assert_same_as_fresh(&site, "after build 2");
    // Build 3 reuses build 1's tree, which has none of build 2's changes.
    site.build_ok();
    assert_same_as_fresh(&site, "after build 3, unchanged since build 2");
    // Build 4 reuses build 2's tree; now undo one change and make another.
    site.write(
        "content/guides/g1/page-1.md",
        "---\ntitle: Back again\n---\nBody.\n",
    );
    site.remove("content/guides/g2/new.md");
    site.build_ok();
    assert_same_as_fresh(&site, "after build 4");
    assert!(!site.out().join("guides/g2/new/index.html").exists());
    site.build_ok();
    assert_same_as_fresh(&site, "after build 5");
}

#[test]
fn files_changed_or_added_by_other_programs_do_not_survive_reuse() {
    let site = site();
    site.build_ok();
    site.build_ok();
    // A deploy step compresses pages in place and edits one: this tree is the
    // next build's previous site, and the build after that reuses it.
    let page = site.out().join("guides/g0/page-0/index.html");
    std::fs::write(site.out().join("guides/g0/page-0/index.html.gz"), "zipped").unwrap();
    let html = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, html.replace("Guide 0", "Guide X")).unwrap();
    std::fs::create_dir_all(site.out().join("extra/deep")).unwrap();
    std::fs::write(site.out().join("extra/deep/file.txt"), "left over").unwrap();
    site.build_ok();
    site.build_ok();
    assert_same_as_fresh(&site, "after reusing the edited tree");
    assert!(
        !site.out().join("extra").exists(),
        "folders emptied are removed"
    );
}

#[test]
fn a_file_that_becomes_a_folder_and_back_is_handled() {
    let site = site().file("static/files/data", "a file\n");
    site.build_ok();
    site.build_ok();
    site.remove("static/files/data");
    site.write("static/files/data/inner.txt", "now a folder\n");
    site.build_ok();
    site.build_ok();
    assert_same_as_fresh(&site, "file → folder");
    std::fs::remove_dir_all(site.root().join("static/files/data")).unwrap();
    site.write("static/files/data", "a file again\n");
    site.build_ok();
    site.build_ok();
    assert_same_as_fresh(&site, "folder → file");
}

#[test]
fn a_lost_manifest_means_a_full_write_not_a_wrong_site() {
    let site = site();
    site.build_ok();
    site.build_ok();
    std::fs::remove_file(site.root().join(".public.almanac-manifests")).unwrap();
    site.write(
        "content/guides/g0/page-0.md",
        "---\ntitle: Changed\n---\nBody.\n",
    );
    site.build_ok();
    assert_same_as_fresh(&site, "without manifest");
    site.build_ok();
    assert_same_as_fresh(&site, "the build after");
}
