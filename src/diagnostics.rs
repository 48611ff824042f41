//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every content problem becomes a [`Diagnostic`] that carries its [`Location`]
//! (file relative to the site root, 1-based line and column) and a copy of the
//! offending source line, so it can be printed rustc-style with a caret or as JSON.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file. `file` is relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// One problem found in the sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, machine-readable code such as `unknown-field`.
    pub code: &'static str,
    pub message: String,
    #[serde(flatten)]
    pub location: Option<Location>,
    /// The text of the offending line, shown under the message with a caret.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters the caret underlines (at least one).
    #[serde(skip)]
    pub span: usize,
    /// A suggestion for fixing the problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with no location yet; attach one with [`Diagnostic::at`].
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            source_line: None,
            span: 1,
            help: None,
        }
    }

    /// A warning with no location yet.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Points the diagnostic at `line:column` of `source`, copying the line text.
    pub fn at(mut self, source: &SourceText<'_>, line: usize, column: usize) -> Self {
        self.source_line = source.line_text(line).map(str::to_owned);
        self.location = Some(Location {
            file: source.path.to_path_buf(),
            line,
            column,
        });
        self
    }

    /// Points the diagnostic at a file as a whole (no line is known).
    pub fn in_file(self, file: &Path) -> Self {
        self.located(file, 1, 1)
    }

    /// Points the diagnostic at `file:line:column` without the line's text;
    /// [`fill_source_lines`] reads it when the report is printed.
    pub fn located(mut self, file: &Path, line: usize, column: usize) -> Self {
        self.location = Some(Location {
            file: file.to_path_buf(),
            line,
            column,
        });
        self
    }

    /// Sets how many characters the caret underlines.
    pub fn with_span(mut self, span: usize) -> Self {
        self.span = span.max(1);
        self
    }

    /// Adds a suggestion for fixing the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// rustc-style: `error[code]: message`, `--> file:line:col`, the line and a caret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}[{}]: {}", self.code, self.message)?;
        if let Some(loc) = &self.location {
            let gutter = " ".repeat(loc.line.to_string().len());
            writeln!(
                f,
                "{gutter}--> {}:{}:{}",
                shown_path(&loc.file),
                loc.line,
                loc.column
            )?;
            if let Some(text) = &self.source_line {
                let text = text.replace('\t', " ");
                let caret_pad: String = text
                    .chars()
                    .take(loc.column.saturating_sub(1))
                    .map(|_| ' ')
                    .collect();
                writeln!(f, "{gutter} |")?;
                writeln!(f, "{} | {}", loc.line, text)?;
                writeln!(f, "{gutter} | {caret_pad}{}", "^".repeat(self.span))?;
            }
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// A path as printed after `-->`: as it is, or quoted with escapes when it holds a
/// control character (a file name with a newline would break the line in two).
fn shown_path(path: &Path) -> String {
    let text = path.display().to_string();
    if text.chars().any(char::is_control) {
        format!("{text:?}")
    } else {
        text
    }
}

/// Renders diagnostics as text, one block per diagnostic, separated by blank lines.
pub fn render_text(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{d}");
    }
    out
}

/// How many warnings a report for people prints in full; the rest are counted.
pub const WARNINGS_IN_FULL: usize = 20;

/// How many errors a report for people prints in full. Every error must be fixed, so
/// all are printed up to this many; past it (a site just imported, a moved folder)
/// the first ones and a count per code say more than screens of text.
pub const ERRORS_IN_FULL: usize = 100;

/// Renders diagnostics for people: the first [`ERRORS_IN_FULL`] errors and the first
/// [`WARNINGS_IN_FULL`] warnings in full, in order; for each severity with more than
/// that, a count per code and how many were not shown. `render_text` prints them all.
pub fn render_summarised(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut shown = [0usize; 2];
    for d in diagnostics {
        let (slot, limit) = match d.severity {
            Severity::Error => (0, ERRORS_IN_FULL),
            Severity::Warning => (1, WARNINGS_IN_FULL),
        };
        if shown[slot] < limit {
            shown[slot] += 1;
            let _ = writeln!(out, "{d}");
        }
    }
    for (severity, shown) in [(Severity::Error, shown[0]), (Severity::Warning, shown[1])] {
        let _ = write!(out, "{}", left_out(diagnostics, severity, shown));
    }
    out
}

/// "N warnings, by code: …", then how many were not shown and where to see them all;
/// empty when every diagnostic of `severity` was shown.
fn left_out(diagnostics: &[Diagnostic], severity: Severity, shown: usize) -> String {
    let mut by_code: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in diagnostics.iter().filter(|d| d.severity == severity) {
        *by_code.entry(d.code).or_default() += 1;
    }
    let total: usize = by_code.values().sum();
    if total == shown {
        return String::new();
    }
    let word = match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut counts: Vec<(&str, usize)> = by_code.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let width = counts[0].1.to_string().len();
    let mut out = format!("{total} {word}s, by code:\n");
    for (code, count) in counts {
        let _ = writeln!(out, "  {count:>width$} {code}");
    }
    let hidden = total - shown;
    let _ = writeln!(
        out,
        "{} not shown (the first {shown} are above); \
         `almanac check --format json` lists them all\n",
        crate::text::plural(hidden, &format!("more {word}"))
    );
    out
}

/// Reads the offending line for every diagnostic that has a location but no text yet.
///
/// Later stages only know positions; the text is fetched once, here, for the report.
pub fn fill_source_lines(diagnostics: &mut [Diagnostic], root: &Path) {
    let mut cache: std::collections::HashMap<PathBuf, Option<String>> =
        std::collections::HashMap::new();
    for d in diagnostics.iter_mut().filter(|d| d.source_line.is_none()) {
        let Some(loc) = &d.location else { continue };
        let text = cache
            .entry(loc.file.clone())
            .or_insert_with(|| std::fs::read_to_string(root.join(&loc.file)).ok());
        d.source_line = text
            .as_deref()
            .and_then(|t| t.lines().nth(loc.line.saturating_sub(1)))
            .map(str::to_owned);
    }
}

/// Sorts diagnostics by file, line and column so reports are deterministic.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.location
            .cmp(&b.location)
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// A source file's text with its path, for diagnostics that show the line.
pub struct SourceText<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl<'a> SourceText<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        SourceText { path, text }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&'a str> {
        self.text.lines().nth(line.checked_sub(1)?)
    }
}

/// The known name closest to `unknown`, if it is close enough to be a likely typo.
///
/// The rule is [`crate::suggest`]'s; this compares every name, each with a bounded
/// distance, so use it for short lists and [`crate::suggest::Suggestions`] for a site's
/// pages, files or names.
pub fn did_you_mean<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    crate::suggest::closest(unknown, known)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    crate::suggest::distance_within(&a, &b, a.len().max(b.len())).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_rustc_with_a_caret_under_the_column() {
        let text = "---\ntitel: Hello\n---\n";
        let source = SourceText::new(Path::new("content/guides/a.md"), text);
        let d = Diagnostic::error("unknown-field", "unknown field `titel`")
            .at(&source, 2, 1)
            .with_span(5)
            .with_help("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "error[unknown-field]: unknown field `titel`\n --> content/guides/a.md:2:1\n  |\n2 | titel: Hello\n  | ^^^^^\n  = help: did you mean `title`?\n"
        );
    }

    #[test]
    fn summarised_text_prints_the_first_ones_and_counts_the_rest() {
        let many = |severity, n: usize| {
            (0..n).map(move |i| Diagnostic {
                severity,
                ..Diagnostic::error("missing-file", format!("m{i}"))
            })
        };
        // (errors, warnings) → (errors shown, warnings shown, the lines that count them)
        #[rustfmt::skip]
        let cases: [(usize, usize, usize, usize, &[&str]); 5] = [
            (0, 20, 0, 20, &[]),
            (0, 21, 0, 20, &["21 warnings, by code:", "  21 missing-file", "1 more warning not shown (the first 20 are above)"]),
            (100, 0, 100, 0, &[]),
            (101, 0, 100, 0, &["101 errors, by code:", "1 more error not shown (the first 100 are above)"]),
            (150, 25, 100, 20, &["50 more errors not shown", "5 more warnings not shown"]),
        ];
        for (errors, warnings, errors_shown, warnings_shown, counts) in cases {
            let all: Vec<Diagnostic> = many(Severity::Error, errors)
                .chain(many(Severity::Warning, warnings))
                .collect();
            let text = render_summarised(&all);
            let blocks = |label: &str| text.lines().filter(|l| l.starts_with(label)).count();
            let got = (blocks("error["), blocks("warning["));
            assert_eq!(
                got,
                (errors_shown, warnings_shown),
                "{errors} errors, {warnings} warnings"
            );
            for line in counts {
                assert!(text.contains(line), "no {line:?} in:\n{text}");
            }
            assert_eq!(text.contains("not shown"), !counts.is_empty(), "{text}");
        }
    }

    #[test]
    fn suggests_close_names_only() {
        let known = ["title", "tags", "weight", "reviewed"];
        assert_eq!(did_you_mean("titel", known), Some("title"));
        assert_eq!(did_you_mean("reviwed", known), Some("reviewed"));
        assert_eq!(did_you_mean("colour", known), None);
    }
}
