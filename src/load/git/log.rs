//! Reads the one `git log` pass ([`super::LOG_ARGS`]) into the date each file at
//! HEAD last changed, following renames.
//!
//! The stream, with `-z`, is NUL-separated tokens: a commit is `\0<author date>\0`,
//! then its changes as `\n<status>\0<path>\0`, or `\n<status>\0<old>\0<new>\0` for
//! a rename (`R100`: the score is how similar the two files are). Commits come newest
//! first (`--date-order`: never a parent before its children), so the first commit
//! that changes a file is its last change.
//!
//! Renames are followed: walking back, the history of `new` continues as `old`. A
//! pure rename (`R100`) moves a page without changing it, so it does not date it;
//! a rename with edits does.

use std::collections::HashMap;
use std::io::{self, BufRead};

use crate::model::Date;

/// The date each path (relative to the top of the repository) last changed, for
/// every path that a commit changes in its newest form.
pub(super) fn read(mut stream: impl BufRead) -> io::Result<HashMap<String, Date>> {
    let mut history = History::default();
    let mut token = Vec::new();
    // Whether the next tokens are the paths of a status just read, and how many.
    let mut pending: Option<(Status, Vec<String>, usize)> = None;
    loop {
        token.clear();
        if stream.read_until(0, &mut token)? == 0 {
            break;
        }
        if token.last() == Some(&0) {
            token.pop();
        }
        if let Some((status, mut paths, wanted)) = pending.take() {
            paths.push(String::from_utf8_lossy(&token).into_owned());
            if paths.len() == wanted {
                history.change(status, &paths);
            } else {
                pending = Some((status, paths, wanted));
            }
            continue;
        }
        let text = String::from_utf8_lossy(&token);
        let text = text.trim_start_matches('\n');
        if text.is_empty() {
            continue;
        }
        match Status::parse(text) {
            Some(status) => pending = Some((status, Vec::new(), status.paths())),
            None => history.commit(header_date(text)?),
        }
    }
    history.end_commit();
    Ok(history.dates)
}

/// The author date (`%aI`, e.g. `2026-03-02T10:15:00+01:00`) of a commit header:
/// the calendar day the author wrote, in their time zone.
fn header_date(text: &str) -> io::Result<Date> {
    text.get(..10)
        .and_then(|day| day.parse::<Date>().ok())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "unexpected line in the output of git log: `{}`",
                    text.escape_debug()
                ),
            )
        })
}

/// What a commit did to a path (`git diff --name-status` letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Added,
    Modified,
    Deleted,
    /// Moved; `pure` when the content is unchanged (score 100).
    Renamed {
        pure: bool,
    },
    /// Copied from another path (only with `-C`, which almanac does not pass).
    Copied,
}

impl Status {
    fn parse(text: &str) -> Option<Status> {
        let mut chars = text.chars();
        let letter = chars.next()?;
        let score = chars.as_str();
        if !score.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Some(match letter {
            'A' => Status::Added,
            // Type changes, unmerged and unknown entries change the file too.
            'M' | 'T' | 'U' | 'X' => Status::Modified,
            'D' => Status::Deleted,
            'R' => Status::Renamed {
                pure: score == "100",
            },
            'C' => Status::Copied,
            _ => return None,
        })
    }

    fn paths(self) -> usize {
        match self {
            Status::Renamed { .. } | Status::Copied => 2,
            _ => 1,
        }
    }
}

/// The walk back through history.
#[derive(Default)]
struct History {
    /// The date of the commit being read.
    date: Option<Date>,
    /// Its changes, applied together at the next commit: a commit that swaps two
    /// files' names must see the names as they were before it.
    changes: Vec<(Status, Vec<String>)>,
    /// Where each path's history leads at HEAD: `Some(name at HEAD)`, or `None` once
    /// the file that had this path is not the one at HEAD (added or deleted since).
    /// A path not in the map is itself at HEAD.
    lineage: HashMap<String, Option<String>>,
    dates: HashMap<String, Date>,
}

impl History {
    fn commit(&mut self, date: Date) {
        self.end_commit();
        self.date = Some(date);
    }

    fn change(&mut self, status: Status, paths: &[String]) {
        self.changes.push((status, paths.to_vec()));
    }

    fn head_name(&self, path: &str) -> Option<String> {
        match self.lineage.get(path) {
            Some(name) => name.clone(),
            None => Some(path.to_string()),
        }
    }

    fn end_commit(&mut self) {
        let Some(date) = self.date else {
            self.changes.clear();
            return;
        };
        let changes = std::mem::take(&mut self.changes);
        // (path, name at HEAD) as they were before this commit, and which names it dated.
        let mut lineage = Vec::new();
        let mut dated = Vec::new();
        for (status, paths) in &changes {
            let path = paths.last().expect("every status has a path");
            let head = self.head_name(path);
            match status {
                Status::Modified => dated.extend(head),
                Status::Added | Status::Copied => {
                    dated.extend(head);
                    lineage.push((path.clone(), None));
                }
                Status::Deleted => lineage.push((path.clone(), None)),
                Status::Renamed { pure } => {
                    if !pure {
                        dated.extend(head.clone());
                    }
                    lineage.push((path.clone(), None));
                    lineage.push((paths[0].clone(), head));
                }
            }
        }
        for head in dated {
            self.dates.entry(head).or_insert(date);
        }
        // A rename's old name wins over the removal of the same path by another
        // entry (a swap `a → b`, `b → a`), so old names are written last.
        lineage.sort_by_key(|(_, head)| head.is_some());
        self.lineage.extend(lineage);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `git log -z --format=%x00%aI --name-status` stream of `commits`, newest
    /// first, each as (date, changes like "M a.md" or "R100 a.md b.md").
    fn stream(commits: &[(&str, &[&str])]) -> Vec<u8> {
        let mut out = String::new();
        for (i, (date, changes)) in commits.iter().enumerate() {
            if i > 0 {
                out.push('\0');
            }
            out.push_str(&format!("\0{date}T10:00:00+02:00\0"));
            for change in *changes {
                let (status, paths) = change.split_once(' ').unwrap();
                let paths: Vec<&str> = if status.starts_with('R') {
                    paths.splitn(2, ' ').collect()
                } else {
                    vec![paths]
                };
                out.push('\n');
                for part in std::iter::once(status).chain(paths) {
                    out.push_str(part);
                    out.push('\0');
                }
            }
        }
        out.into_bytes()
    }

    fn dates(commits: &[(&str, &[&str])]) -> Vec<(String, String)> {
        let mut dates: Vec<(String, String)> = read(&stream(commits)[..])
            .unwrap()
            .into_iter()
            .map(|(path, date)| (path, date.to_string()))
            .collect();
        dates.sort();
        dates
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(p, d)| (p.to_string(), d.to_string()))
            .collect()
    }

    #[test]
    fn the_newest_commit_that_changes_a_file_dates_it() {
        let got = dates(&[
            ("2026-03-01", &["M content/a.md"]),
            ("2026-02-01", &["M content/a.md", "M content/b.md"]),
            (
                "2026-01-01",
                &["A content/a.md", "A content/b.md", "A content/c.md"],
            ),
        ]);
        assert_eq!(
            got,
            pairs(&[
                ("content/a.md", "2026-03-01"),
                ("content/b.md", "2026-02-01"),
                ("content/c.md", "2026-01-01")
            ])
        );
    }

    #[test]
    fn a_pure_rename_is_followed_back_to_the_last_edit() {
        let got = dates(&[
            ("2026-04-01", &["R100 content/old/a.md content/new/a.md"]),
            ("2026-03-01", &["R100 content/a.md content/old/a.md"]),
            ("2026-02-01", &["M content/a.md"]),
            ("2026-01-01", &["A content/a.md"]),
        ]);
        assert_eq!(got, pairs(&[("content/new/a.md", "2026-02-01")]));
    }

    #[test]
    fn a_rename_with_edits_dates_the_file() {
        let got = dates(&[
            ("2026-03-01", &["R087 content/a.md content/b.md"]),
            ("2026-01-01", &["A content/a.md"]),
        ]);
        assert_eq!(got, pairs(&[("content/b.md", "2026-03-01")]));
    }

    #[test]
    fn a_path_reused_by_another_file_does_not_inherit_the_old_files_history() {
        // b.md was deleted in February and a new b.md added in March: the old one's
        // edits are not the new one's. a.md moved away in April, freeing its name.
        let got = dates(&[
            ("2026-05-01", &["A content/a.md"]),
            ("2026-04-01", &["R100 content/a.md content/moved.md"]),
            ("2026-03-01", &["A content/b.md"]),
            ("2026-02-01", &["D content/b.md", "M content/a.md"]),
            ("2026-01-01", &["A content/a.md", "A content/b.md"]),
        ]);
        assert_eq!(
            got,
            pairs(&[
                ("content/a.md", "2026-05-01"),
                ("content/b.md", "2026-03-01"),
                ("content/moved.md", "2026-02-01")
            ])
        );
    }

    #[test]
    fn two_files_swapping_names_in_one_commit_keep_their_own_histories() {
        let got = dates(&[
            (
                "2026-03-01",
                &[
                    "R100 content/a.md content/b.md",
                    "R100 content/b.md content/a.md",
                ],
            ),
            ("2026-02-01", &["M content/a.md"]),
            ("2026-01-01", &["A content/a.md", "A content/b.md"]),
        ]);
        assert_eq!(
            got,
            pairs(&[
                ("content/a.md", "2026-01-01"),
                ("content/b.md", "2026-02-01")
            ])
        );
    }

    #[test]
    fn merges_without_changes_and_odd_paths_are_read() {
        let got = dates(&[
            ("2026-03-01", &[]),
            ("2026-02-01", &["M content/with space/é.md", "M content/M"]),
        ]);
        assert_eq!(
            got,
            pairs(&[
                ("content/M", "2026-02-01"),
                ("content/with space/é.md", "2026-02-01")
            ])
        );
    }

    #[test]
    fn output_that_is_not_git_log_is_an_error_not_a_panic() {
        for bad in [
            &b"\0not a date\0"[..],
            b"\0\xff\xfe\0",
            b"\x002026-13-45T00:00:00Z\0",
        ] {
            let error = read(bad).unwrap_err();
            assert!(
                error
                    .to_string()
                    .contains("unexpected line in the output of git log"),
                "{error}"
            );
        }
        assert!(read(&b""[..]).unwrap().is_empty());
        // A truncated stream (git killed mid-record) loses at most the last change.
        assert!(read(&b"\x002026-01-01T00:00:00Z\0\nR100\0a.md\0"[..])
            .unwrap()
            .is_empty());
    }
}
