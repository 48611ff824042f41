//! Reader feedback exports: `data/feedback.jsonl` and `data/feedback.csv`, one vote
//! per line with its date, as a receiver of the theme's "Was this page helpful?"
//! block stores them. Both are optional. A malformed line is a warning with its
//! file, line and column, and the other lines still count.
//!
//! - JSON Lines: `{"date": "2026-11-20", "page": "/guides/install/", "helpful": false}`;
//!   `date` may be a timestamp (`2026-11-20T14:03:00Z`: its day counts). Other
//!   fields (`comment`, `url`, `version`, ids) are allowed and ignored.
//! - CSV: a header row naming at least `date`, `page` and `helpful` (any order,
//!   other columns ignored), then one vote per row; `helpful` is `true`/`false`,
//!   `yes`/`no` or `1`/`0`; fields with commas are quoted, `""` is a quote.

use std::path::Path;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, SourceText};
use crate::model::{Date, Feedback, Vote};

/// The export files, relative to the site root.
pub const FEEDBACK_FILES: [&str; 2] = ["data/feedback.jsonl", "data/feedback.csv"];

const JSONL_HELP: &str = "write one vote per line: {\"date\": \"2026-11-20\", \"page\": \"/guides/install/\", \"helpful\": false, \"comment\": \"optional\"}";
const CSV_HELP: &str = "write one vote per row under the header `date,page,helpful,comment`, e.g. 2026-11-20,/guides/install/,no,\"optional, quoted\"";

/// Reads the site's feedback exports (none is fine).
pub fn load(root: &Path) -> (Feedback, Vec<Diagnostic>) {
    let mut feedback = Feedback::default();
    let mut diagnostics = Vec::new();
    for file in FEEDBACK_FILES {
        let path = root.join(file);
        if !path.is_file() {
            continue;
        }
        let rel = Path::new(file);
        feedback.sources.push(rel.to_path_buf());
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                diagnostics.push(
                    Diagnostic::warning(
                        "malformed-feedback",
                        format!("cannot read the feedback export: {e}"),
                    )
                    .in_file(rel),
                );
                continue;
            }
        };
        let source = SourceText::new(rel, &text);
        let read = if file.ends_with(".csv") {
            parse_csv(&source)
        } else {
            parse_jsonl(&source)
        };
        for line in read {
            match line {
                Ok(vote) => feedback.votes.push(vote),
                Err(problem) => {
                    diagnostics.push(problem.diagnostic(&source, file.ends_with(".csv")))
                }
            }
        }
    }
    (feedback, diagnostics)
}

/// What is wrong with one line, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    line: usize,
    column: usize,
    message: String,
}

impl Problem {
    fn new(line: usize, column: usize, message: impl Into<String>) -> Problem {
        Problem {
            line,
            column: column.max(1),
            message: message.into(),
        }
    }

    fn diagnostic(self, source: &SourceText<'_>, csv: bool) -> Diagnostic {
        Diagnostic::warning(
            "malformed-feedback",
            format!("{}; this vote is not counted", self.message),
        )
        .at(source, self.line, self.column)
        .with_help(if csv { CSV_HELP } else { JSONL_HELP })
    }
}

fn parse_jsonl(source: &SourceText<'_>) -> Vec<Result<Vote, Problem>> {
    source
        .text
        .lines()
        .enumerate()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(i, text)| json_vote(i + 1, text))
        .collect()
}

fn json_vote(line: usize, text: &str) -> Result<Vote, Problem> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        Problem::new(line, e.column(), format!("not a JSON object: {message}"))
    })?;
    let Value::Object(fields) = value else {
        return Err(Problem::new(
            line,
            1,
            "not a JSON object: a vote is `{…}` with `date`, `page` and `helpful`",
        ));
    };
    // Where a field's value is written, for the caret (its key when that is all there is).
    let column_of = |key: &str| {
        let quoted = format!("\"{key}\"");
        text.find(&quoted).map_or(1, |at| {
            let after = at + quoted.len();
            let value = text[after..].find(':').map_or(after, |colon| {
                let rest = &text[after + colon + 1..];
                after + colon + 1 + (rest.len() - rest.trim_start().len())
            });
            text[..value].chars().count() + 1
        })
    };
    let field = |key: &str| {
        fields
            .get(key)
            .ok_or_else(|| Problem::new(line, 1, format!("this vote has no `{key}`")))
    };
    let date = match field("date")? {
        Value::String(s) => vote_date(s),
        _ => None,
    }
    .ok_or_else(|| Problem::new(line, column_of("date"), format!("`date` must be a date such as \"2026-11-20\" (or a timestamp starting with one), not {}", fields["date"])))?;
    let page = match field("page")? {
        Value::String(s) if !s.trim().is_empty() => page_path(s),
        other => {
            return Err(Problem::new(
                line,
                column_of("page"),
                format!(
                    "`page` must be the page's URL path such as \"/guides/install/\", not {other}"
                ),
            ))
        }
    };
    let helpful = match field("helpful")? {
        Value::Bool(b) => *b,
        other => {
            return Err(Problem::new(
                line,
                column_of("helpful"),
                format!("`helpful` must be true or false, not {other}"),
            ))
        }
    };
    Ok(Vote {
        page,
        date,
        helpful,
    })
}

/// The day of a vote: `2026-11-20`, or the date part of a timestamp.
fn vote_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let day = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    day.parse().ok()
}

/// A page as exports name it, as a site URL path: `/guides/install/`. Full URLs
/// lose their origin, queries and fragments go, and a folder URL gets its slash.
pub fn page_path(text: &str) -> String {
    let text = text.trim();
    let text = match text.find("://") {
        Some(i) => text[i + 3..]
            .find('/')
            .map_or("/", |slash| &text[i + 3 + slash..]),
        None => text,
    };
    let text = text.split(['?', '#']).next().unwrap_or("");
    let mut path = format!("/{}", text.trim_start_matches('/'));
    let last = path.rsplit('/').next().unwrap_or("");
    if !last.is_empty() && !last.contains('.') {
        path.push('/');
    }
    path
}

fn parse_csv(source: &SourceText<'_>) -> Vec<Result<Vote, Problem>> {
    let mut rows = source
        .text
        .lines()
        .enumerate()
        .map(|(i, text)| (i + 1, text.trim_start_matches('\u{feff}')))
        .filter(|(_, text)| !text.trim().is_empty());
    let Some((header_line, header)) = rows.next() else {
        return Vec::new();
    };
    let columns = match csv_columns(header_line, header) {
        Ok(columns) => columns,
        Err(problem) => return vec![Err(problem)],
    };
    rows.map(|(line, text)| csv_vote(line, text, &columns))
        .collect()
}

/// The positions of `date`, `page` and `helpful` in the header row.
#[derive(Debug, Clone, Copy)]
struct Columns {
    date: usize,
    page: usize,
    helpful: usize,
}

fn csv_columns(line: usize, header: &str) -> Result<Columns, Problem> {
    let fields = csv_fields(line, header)?;
    let find = |name: &str| {
        fields
            .iter()
            .position(|(_, f)| f.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| Problem::new(line, 1, format!("the header row has no `{name}` column, so no vote of this file can be read")))
    };
    Ok(Columns {
        date: find("date")?,
        page: find("page")?,
        helpful: find("helpful")?,
    })
}

fn csv_vote(line: usize, text: &str, columns: &Columns) -> Result<Vote, Problem> {
    let fields = csv_fields(line, text)?;
    let get = |index: usize, name: &str| {
        fields.get(index).ok_or_else(|| {
            Problem::new(
                line,
                text.chars().count() + 1,
                format!("this row has {} fields, and no `{name}`", fields.len()),
            )
        })
    };
    let (column, date) = get(columns.date, "date")?;
    let date = vote_date(date).ok_or_else(|| {
        Problem::new(
            line,
            *column,
            format!(
                "`date` must be a date such as 2026-11-20, not `{}`",
                date.trim()
            ),
        )
    })?;
    let (column, page) = get(columns.page, "page")?;
    if page.trim().is_empty() {
        return Err(Problem::new(
            line,
            *column,
            "`page` is empty: write the page's URL path, such as /guides/install/",
        ));
    }
    let (column, helpful) = get(columns.helpful, "helpful")?;
    let helpful = match helpful.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => true,
        "false" | "no" | "0" => false,
        other => {
            return Err(Problem::new(
                line,
                *column,
                format!("`helpful` must be yes or no (true/false, 1/0), not `{other}`"),
            ))
        }
    };
    Ok(Vote {
        page: page_path(page),
        date,
        helpful,
    })
}

/// The fields of one CSV row, each with the 1-based column it starts at. A row is
/// one line: a quoted field left open at its end is a problem, not a multi-line field.
fn csv_fields(line: usize, text: &str) -> Result<Vec<(usize, String)>, Problem> {
    let mut fields = Vec::new();
    let mut chars = text.chars().enumerate().peekable();
    loop {
        let start = chars.peek().map_or(text.chars().count(), |&(i, _)| i) + 1;
        let mut field = String::new();
        if chars.peek().is_some_and(|&(_, c)| c == '"') {
            chars.next();
            loop {
                match chars.next() {
                    Some((_, '"')) if chars.peek().is_some_and(|&(_, c)| c == '"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some((_, '"')) => break,
                    Some((_, c)) => field.push(c),
                    None => {
                        return Err(Problem::new(
                            line,
                            start,
                            "a quoted field is never closed (a vote is one line)",
                        ))
                    }
                }
            }
            match chars.next() {
                None | Some((_, ',')) => {}
                Some((i, c)) => return Err(Problem::new(line, i + 1, format!("`{c}` after a quoted field: put it inside the quotes, or a comma before it"))),
            }
            let last = chars.peek().is_none() && !text.ends_with(',');
            fields.push((start, field));
            if last {
                return Ok(fields);
            }
            continue;
        }
        loop {
            match chars.next() {
                None => {
                    fields.push((start, field));
                    return Ok(fields);
                }
                Some((_, ',')) => break,
                Some((_, c)) => field.push(c),
            }
        }
        fields.push((start, field));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_named_by_their_site_path() {
        for (written, path) in [
            ("/guides/install/", "/guides/install/"),
            ("guides/install", "/guides/install/"),
            (
                "https://docs.example.com/guides/install/?ref=x#steps",
                "/guides/install/",
            ),
            ("https://docs.example.com", "/"),
            ("/img/a.png", "/img/a.png"),
        ] {
            assert_eq!(page_path(written), path, "{written}");
        }
    }

    #[test]
    fn csv_fields_keep_quoted_commas_and_doubled_quotes() {
        let fields = csv_fields(1, "2026-11-20,/a/,no,\"Too long, and \"\"wrong\"\"\"").unwrap();
        let texts: Vec<&str> = fields.iter().map(|(_, f)| f.as_str()).collect();
        assert_eq!(
            texts,
            ["2026-11-20", "/a/", "no", "Too long, and \"wrong\""]
        );
        let columns: Vec<usize> = fields.iter().map(|(c, _)| *c).collect();
        assert_eq!(columns, [1, 12, 16, 19]);
        assert_eq!(csv_fields(1, "a,,").unwrap().len(), 3, "empty fields count");
        assert_eq!(csv_fields(1, "a,\"b\",").unwrap().len(), 3);
        assert!(csv_fields(1, "a,\"open")
            .unwrap_err()
            .message
            .contains("never closed"));
        assert_eq!(csv_fields(1, "\"a\"x,b").unwrap_err().column, 4);
    }

    #[test]
    fn vote_dates_are_days_or_timestamps() {
        assert_eq!(
            vote_date("2026-11-20").map(|d| d.to_string()).as_deref(),
            Some("2026-11-20")
        );
        assert_eq!(
            vote_date("2026-11-20T23:59:00+05:00")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-11-20")
        );
        for bad in [
            "2026-11-2",
            "2026-11-200",
            "20/11/2026",
            "2026-02-30",
            "",
            "2026-11-20x",
        ] {
            assert_eq!(vote_date(bad), None, "{bad}");
        }
    }
}
