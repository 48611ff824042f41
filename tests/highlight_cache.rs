//! The cache of highlighted code blocks that `almanac build` keeps in
//! `.almanac/cache/highlight` (issue 17): it changes the build's speed, never
//! its output.

mod common;
use common::*;

use std::os::unix::fs::MetadataExt;
use std::path::Path;

const CACHE: &str = ".almanac/cache/highlight";

fn site() -> Site {
    Site::new().page(
        "guides/code.md",
        "title: Code",
        "Some code.\n\n```rust\nfn cached_block() -> u32 { 1 }\n```\n\n```yaml\nkey: value\n```\n",
    )
}

fn build(site: &Site, out: &Path, extra: &[&str]) {
    let out = out.to_str().unwrap();
    let mut args = vec!["build", "--today", "2026-12-01", "--out", out, "--quiet"];
    args.extend_from_slice(extra);
    let (code, _, stderr) = site.run(&args);
    assert_eq!(code, 0, "{stderr}");
}

fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e.path().strip_prefix(dir).unwrap().display().to_string();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_build_from_the_cache_writes_the_site_a_build_without_it_writes() {
    let site = site();
    let outputs = tempfile::tempdir().unwrap();
    let (cold, warm, uncached) = (
        outputs.path().join("cold"),
        outputs.path().join("warm"),
        outputs.path().join("uncached"),
    );
    build(&site, &cold, &[]);
    let cache = site.root().join(CACHE);
    let written = std::fs::metadata(&cache).expect("the first build writes the cache");
    build(&site, &warm, &[]);
    // Rewritten means a block was missing: the second build found both.
    let after = std::fs::metadata(&cache).unwrap();
    assert_eq!(
        (after.ino(), after.mtime_nsec()),
        (written.ino(), written.mtime_nsec())
    );
    build(&site, &uncached, &["--no-cache"]);
    assert_eq!(tree(&warm), tree(&cold));
    assert_eq!(tree(&uncached), tree(&cold));
}

#[test]
fn no_cache_neither_reads_nor_writes_it() {
    let site = site();
    let outputs = tempfile::tempdir().unwrap();
    build(&site, &outputs.path().join("a"), &["--no-cache"]);
    assert!(!site.root().join(".almanac").exists());
}

#[test]
fn the_cache_keeps_the_blocks_of_the_last_build_only() {
    let site = site();
    let outputs = tempfile::tempdir().unwrap();
    build(&site, &outputs.path().join("a"), &[]);
    let cache = site.root().join(CACHE);
    let has = |text: &str| {
        let bytes = std::fs::read(&cache).unwrap();
        bytes.windows(text.len()).any(|w| w == text.as_bytes())
    };
    assert!(has("fn cached_block()") && has("key: value"));
    site.write(
        "content/guides/code.md",
        "---\ntitle: Code\n---\n\n```rust\nfn edited_block() {}\n```\n",
    );
    build(&site, &outputs.path().join("b"), &[]);
    assert!(has("fn edited_block()"), "a new block is added");
    assert!(
        !has("fn cached_block()") && !has("key: value"),
        "gone blocks go"
    );
}

#[test]
fn a_damaged_or_foreign_cache_is_an_empty_one() {
    let site = site();
    let outputs = tempfile::tempdir().unwrap();
    let reference = outputs.path().join("reference");
    build(&site, &reference, &["--no-cache"]);
    let cache = site.root().join(CACHE);
    std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
    for (n, junk) in [
        b"".to_vec(),
        b"almanac highlight cache 1\n".to_vec(),
        b"almanac highlight cache 1\n0.0.0 1 2\nnot a block at all, and no hash".to_vec(),
        vec![0xff; 4096],
    ]
    .into_iter()
    .enumerate()
    {
        std::fs::write(&cache, &junk).unwrap();
        let out = outputs.path().join(format!("damaged-{n}"));
        build(&site, &out, &[]);
        assert_eq!(tree(&out), tree(&reference), "cache {n}");
        assert_ne!(
            std::fs::read(&cache).unwrap(),
            junk,
            "cache {n} is written afresh"
        );
    }
}
