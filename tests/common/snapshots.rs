//! Snapshot helpers around `insta`: the committed `.snap` files under `tests/snapshots/`
//! are the expected output, and `cargo test` fails when the output differs or a
//! snapshot is missing.
//!
//! insta's rules (see `INSTA_UPDATE`): by default a mismatch or a missing snapshot
//! fails the test, writing a `.snap.new` beside it for review (`cargo insta review`,
//! or rename it after reading it); with `CI` set nothing is written and the test
//! fails. `INSTA_UPDATE=always` (or `unseen`, `force`) and `INSTA_FORCE_PASS` make a
//! differing snapshot pass by accepting it, which is how a developer takes a
//! reviewed change locally, and is never right in CI: [`forbid_accepting_in_ci`]
//! fails the test there instead.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// `insta::assert_snapshot!(name, value)`, refusing to run where insta would
/// accept a new or changed snapshot in CI without anyone reading it.
#[allow(unused_macros)]
macro_rules! snapshot {
    ($name:expr, $value:expr) => {{
        $crate::common::snapshots::forbid_accepting_in_ci();
        insta::assert_snapshot!($name, $value);
    }};
}
#[allow(unused_imports)]
pub(crate) use snapshot;

/// insta's own test for CI (`CI` set to anything but `false`, `0` or empty, or `TF_BUILD`).
fn is_ci() -> bool {
    match std::env::var("CI").ok().as_deref() {
        Some("false" | "0" | "") => false,
        Some(_) => true,
        None => std::env::var("TF_BUILD").is_ok(),
    }
}

/// Panics in CI when the environment would let insta accept snapshots instead of failing.
pub fn forbid_accepting_in_ci() {
    if !is_ci() {
        return;
    }
    let update = std::env::var("INSTA_UPDATE").unwrap_or_default();
    assert!(
        !matches!(update.as_str(), "always" | "1" | "unseen" | "force"),
        "INSTA_UPDATE={update} in CI would accept new or changed snapshots unread; unset it"
    );
    let force_pass = std::env::var("INSTA_FORCE_PASS").unwrap_or_default();
    assert!(
        matches!(force_pass.as_str(), "" | "0" | "false"),
        "INSTA_FORCE_PASS={force_pass} in CI would pass differing snapshots; unset it"
    );
}

/// Runs `check` for every named item and then fails once, naming every item whose
/// snapshot differed, so one run writes every `.snap.new` to review instead of the first.
pub fn each<T>(items: impl IntoIterator<Item = (String, T)>, mut check: impl FnMut(&str, T)) {
    forbid_accepting_in_ci();
    let failed: Vec<String> = items
        .into_iter()
        .filter_map(|(name, item)| {
            catch_unwind(AssertUnwindSafe(|| check(&name, item)))
                .is_err()
                .then_some(name)
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} snapshot(s) differ: {}",
        failed.len(),
        failed.join(", ")
    );
}

/// `html` without its blank and whitespace-only lines (the gaps template tags leave)
/// and without trailing spaces, except inside `<pre>`, where every byte counts.
pub fn tidy_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_pre = false;
    for line in html.lines() {
        if in_pre {
            out.push_str(line);
            out.push('\n');
        } else if !line.trim().is_empty() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        let opened = line.matches("<pre").count();
        let closed = line.matches("</pre>").count();
        in_pre = if in_pre {
            closed == 0 || opened >= closed
        } else {
            opened > closed
        };
    }
    out
}
