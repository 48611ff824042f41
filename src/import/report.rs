//! What an import did, for the writer: counts of what was converted, and per
//! file what needs attention (foreign syntax with line numbers, links that lead
//! nowhere, values kept under `extra`, files skipped). Printed as a summary and
//! written in full as `import-report.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::foreign::{Finding, Syntax};

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Not written yet.
    Planned,
    Written,
    /// The site already has a file there; it was left alone.
    Exists,
    /// Could not be written, with the reason.
    Failed(String),
}

/// One imported Markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// Path in the source folder.
    pub source: String,
    /// Path in the site, e.g. `content/guides/a.md`.
    pub target: String,
    /// `guide`, `release note`, `FAQ` or `section intro`.
    pub kind: &'static str,
    pub outcome: Outcome,
    pub notes: Vec<String>,
    pub findings: Vec<Finding>,
    /// Links to no imported file: (line, destination).
    pub unresolved: Vec<(usize, String)>,
    pub links_rewritten: usize,
    pub aliases: usize,
}

impl FileReport {
    pub fn new(source: &str) -> FileReport {
        FileReport {
            source: source.to_string(),
            target: String::new(),
            kind: "guide",
            outcome: Outcome::Planned,
            notes: Vec::new(),
            findings: Vec::new(),
            unresolved: Vec::new(),
            links_rewritten: 0,
            aliases: 0,
        }
    }

    fn needs_attention(&self) -> bool {
        !self.notes.is_empty()
            || !self.findings.is_empty()
            || !self.unresolved.is_empty()
            || matches!(self.outcome, Outcome::Failed(_))
    }
}

/// The whole import.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub source: PathBuf,
    pub site: PathBuf,
    /// URL prefix the old site served the folder under (`/blog`), or empty.
    pub mount: String,
    pub notes: Vec<String>,
    pub files: Vec<FileReport>,
    /// Other files: (source, target, outcome).
    pub assets: Vec<(String, String, Outcome)>,
    /// Files that could not be read: (source, reason).
    pub unreadable: Vec<(String, String)>,
    /// Site files created around the pages (almanac.yaml, a product stub): (path, outcome).
    pub site_files: Vec<(String, Outcome)>,
    /// Where the full report was written, if it was.
    pub report_file: Option<PathBuf>,
}

impl Report {
    pub fn new(source: &Path, site: &Path) -> Report {
        Report {
            source: source.to_path_buf(),
            site: site.to_path_buf(),
            ..Report::default()
        }
    }

    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// Markdown pages written, per kind.
    pub fn written(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for file in self.files.iter().filter(|f| f.outcome == Outcome::Written) {
            *counts.entry(file.kind).or_insert(0) += 1;
        }
        counts
    }

    /// Files of any sort (pages, other files, site files) that this run wrote.
    pub fn files_written(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.outcome == Outcome::Written)
            .count()
            + self
                .assets
                .iter()
                .filter(|a| a.2 == Outcome::Written)
                .count()
            + self
                .site_files
                .iter()
                .filter(|s| s.1 == Outcome::Written)
                .count()
    }

    /// Files left alone because the site already had them.
    pub fn skipped(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.outcome == Outcome::Exists)
            .count()
            + self
                .assets
                .iter()
                .filter(|a| a.2 == Outcome::Exists)
                .count()
    }

    pub fn failed(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f.outcome, Outcome::Failed(_)))
            .count()
            + self
                .assets
                .iter()
                .filter(|a| matches!(a.2, Outcome::Failed(_)))
                .count()
    }

    pub fn links_rewritten(&self) -> usize {
        self.files.iter().map(|f| f.links_rewritten).sum()
    }

    pub fn aliases(&self) -> usize {
        self.files.iter().map(|f| f.aliases).sum()
    }

    /// Release notes that had to become guides.
    pub fn demoted(&self) -> usize {
        self.files
            .iter()
            .filter(|f| {
                f.notes
                    .iter()
                    .any(|n| n.starts_with("release note imported as a guide"))
            })
            .count()
    }

    fn with_syntax(&self) -> usize {
        self.files.iter().filter(|f| !f.findings.is_empty()).count()
    }

    fn unresolved(&self) -> usize {
        self.files.iter().map(|f| f.unresolved.len()).sum()
    }

    /// The counts as (label, number) rows.
    pub fn counts(&self) -> Vec<(String, usize)> {
        let written = self.written();
        let mut rows = vec![(
            "Markdown files found".to_string(),
            self.files.len() + self.unreadable.len(),
        )];
        for kind in ["guide", "release note", "FAQ", "section intro"] {
            rows.push((
                format!("written as {kind}s"),
                written.get(kind).copied().unwrap_or(0),
            ));
        }
        let copied = self
            .assets
            .iter()
            .filter(|a| a.2 == Outcome::Written)
            .count();
        rows.extend([
            ("other files copied".to_string(), copied),
            ("skipped: already in the site".to_string(), self.skipped()),
            (
                "not written: errors".to_string(),
                self.failed() + self.unreadable.len(),
            ),
            (
                "release notes imported as guides".to_string(),
                self.demoted(),
            ),
            (
                "links rewritten to new locations".to_string(),
                self.links_rewritten(),
            ),
            (
                "aliases (redirects from old URLs)".to_string(),
                self.aliases(),
            ),
            (
                "files with syntax to review".to_string(),
                self.with_syntax(),
            ),
            (
                "links to no imported page, left as written".to_string(),
                self.unresolved(),
            ),
        ]);
        rows
    }

    /// A short summary for the terminal: counts, and one line per file to review.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Imported {} into {}",
            self.source.display(),
            self.site.display()
        );
        write_counts(&mut out, &self.counts());
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        for file in self.files.iter().filter(|f| !f.findings.is_empty()) {
            let _ = writeln!(
                out,
                "review {}: {}",
                file.source,
                syntax_counts(&file.findings)
            );
        }
        for (source, reason) in &self.unreadable {
            let _ = writeln!(out, "error: {source}: {reason}");
        }
        for file in &self.files {
            if let Outcome::Failed(reason) = &file.outcome {
                let _ = writeln!(out, "error: {}: {reason}", file.source);
            }
        }
        match &self.report_file {
            Some(path) => {
                let _ = writeln!(out, "Full report, with line numbers: {}", path.display());
            }
            None if self.files_written() == 0 => {
                let _ = writeln!(
                    out,
                    "Nothing was written: every file is already in the site."
                );
            }
            None => {}
        }
        out
    }

    /// The full report, as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::from("# Import report\n\n");
        let _ = writeln!(
            out,
            "Imported `{}` into `{}`.\n",
            self.source.display(),
            self.site.display()
        );
        out.push_str("| what | count |\n|---|---:|\n");
        for (label, n) in self.counts() {
            let _ = writeln!(out, "| {label} | {n} |");
        }
        out.push('\n');
        if !self.mount.is_empty() {
            let _ = writeln!(
                out,
                "Links show that the old site served these pages under `{}/`; old URLs and aliases include it.\n",
                self.mount
            );
        }
        if !self.notes.is_empty() || !self.site_files.is_empty() {
            out.push_str("## Notes\n\n");
            for (path, outcome) in &self.site_files {
                let _ = writeln!(out, "- {path}: {}", outcome_text(outcome));
            }
            for note in &self.notes {
                let _ = writeln!(out, "- {note}");
            }
            out.push('\n');
        }
        if !self.unreadable.is_empty() {
            out.push_str("## Files that could not be read\n\n");
            for (source, reason) in &self.unreadable {
                let _ = writeln!(out, "- `{source}`: {reason}");
            }
            out.push('\n');
        }
        let to_review: Vec<&FileReport> =
            self.files.iter().filter(|f| f.needs_attention()).collect();
        if !to_review.is_empty() {
            out.push_str("## Files to review\n\n");
            out.push_str("Foreign syntax is left in the page as written: almanac shows it as plain text until a writer replaces it.\n\n");
        }
        for file in to_review {
            let _ = writeln!(out, "### `{}` → `{}`\n", file.source, file.target);
            if let Outcome::Failed(reason) = &file.outcome {
                let _ = writeln!(out, "- not written: {reason}");
            }
            for note in &file.notes {
                let _ = writeln!(out, "- {note}");
            }
            for finding in &file.findings {
                let _ = writeln!(
                    out,
                    "- line {}: {} `{}`",
                    finding.line,
                    finding.syntax.label(),
                    finding.text.replace('`', "'")
                );
            }
            for (line, dest) in &file.unresolved {
                let _ = writeln!(
                    out,
                    "- line {line}: link `{dest}` leads to no imported page; left as written"
                );
            }
            out.push('\n');
        }
        let skipped: Vec<&str> = self
            .files
            .iter()
            .filter(|f| f.outcome == Outcome::Exists)
            .map(|f| f.target.as_str())
            .chain(
                self.assets
                    .iter()
                    .filter(|a| a.2 == Outcome::Exists)
                    .map(|a| a.1.as_str()),
            )
            .collect();
        if !skipped.is_empty() {
            out.push_str("## Skipped: already in the site\n\n");
            for target in skipped {
                let _ = writeln!(out, "- `{target}`");
            }
            out.push('\n');
        }
        out
    }
}

/// What the command line needs of an import's report, whichever import it was.
pub trait ImportReport {
    /// Located problems of the imported files, printed rustc-style.
    fn diagnostics(&self) -> &[crate::diagnostics::Diagnostic];
    /// The counts and per-file lines for the terminal.
    fn summary(&self) -> String;
    /// How many files (or versions) could not be imported: the exit code is 1 if any.
    fn failed(&self) -> usize;
}

/// Count rows as every import prints them: the number right-aligned, then the label.
pub(crate) fn write_counts(out: &mut String, rows: &[(String, usize)]) {
    for (label, n) in rows {
        let _ = writeln!(out, "  {n:>6}  {label}");
    }
}

fn outcome_text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Planned => "not written".to_string(),
        Outcome::Written => "created".to_string(),
        Outcome::Exists => "already there, left alone".to_string(),
        Outcome::Failed(reason) => format!("not written: {reason}"),
    }
}

/// "3 Hugo shortcodes, 1 Liquid tag".
fn syntax_counts(findings: &[Finding]) -> String {
    let mut counts: BTreeMap<Syntax, usize> = BTreeMap::new();
    for f in findings {
        *counts.entry(f.syntax).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .map(|(syntax, n)| format!("{n} × {}", syntax.label()))
        .collect::<Vec<_>>()
        .join(", ")
}
