//! `almanac import changelog`: a Keep a Changelog 1.1 file becomes one release
//! note per version in `content/releases/<product>/`.
//!
//! Takes the changelog, the product id and the site; gives new files (never
//! replacing one) and a [`ChangelogReport`]: what was written, what was skipped
//! and why, and every problem of the changelog with its file, line and column.
//! [`parse`] reads the file, [`note`] turns a section into a note, this module
//! decides each section's fate and writes.

pub mod note;
pub mod parse;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use self::note::Note;
use self::parse::{DateField, SectionKind};
use super::report::{write_counts, Outcome};
use super::site::{check_page, ensure_product, ensure_site, write_new};
use crate::config::CONFIG_FILE;
use crate::diagnostics::{Diagnostic, SourceText};
use crate::load::CONTENT_DIR;
use crate::model::routes::slugify;
use crate::model::{Date, PageKind, Version};

/// What to do with a version the changelog gives no date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateMissing {
    /// Report it and write nothing: a release note needs its real date.
    Skip,
    /// Date it `today`.
    Today,
}

/// What to import and where.
#[derive(Debug, Clone)]
pub struct ChangelogOptions {
    pub file: PathBuf,
    pub product: String,
    /// The site root; made a minimal site when it has no `almanac.yaml`.
    pub into: PathBuf,
    pub date_missing: DateMissing,
    pub today: Date,
}

/// What happened to one `##` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// Written (or, if not [`Outcome::Written`], attempted) at `target`.
    Note {
        target: String,
        outcome: Outcome,
    },
    /// The site has a release note of this version already, in another file.
    InSite(PathBuf),
    Unreleased,
    /// No date, and `--date-missing today` was not given.
    NoDate,
    /// The heading could not be read; the diagnostic says why.
    Invalid,
}

/// One section of the changelog and its fate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionReport {
    pub line: usize,
    /// The version as written, or the heading for sections without one.
    pub version: String,
    pub fate: Fate,
    /// What the writer may want to check (dated today, a `Removed` section, …).
    pub notes: Vec<String>,
}

/// The whole import.
#[derive(Debug, Clone, Default)]
pub struct ChangelogReport {
    pub source: PathBuf,
    pub site: PathBuf,
    pub product: String,
    pub sections: Vec<SectionReport>,
    /// Problems of the changelog, located in it.
    pub diagnostics: Vec<Diagnostic>,
    /// Site files created around the notes (almanac.yaml, a product stub).
    pub site_files: Vec<(String, Outcome)>,
}

impl super::report::ImportReport for ChangelogReport {
    fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    fn summary(&self) -> String {
        ChangelogReport::summary(self)
    }

    fn failed(&self) -> usize {
        ChangelogReport::failed(self)
    }
}

impl ChangelogReport {
    fn count(&self, wanted: impl Fn(&Fate) -> bool) -> usize {
        self.sections.iter().filter(|s| wanted(&s.fate)).count()
    }

    pub fn written(&self) -> usize {
        self.count(|f| {
            matches!(
                f,
                Fate::Note {
                    outcome: Outcome::Written,
                    ..
                }
            )
        })
    }

    /// Errors: sections that could not be read or written. Skips are not errors.
    pub fn failed(&self) -> usize {
        self.count(|f| {
            matches!(
                f,
                Fate::Invalid
                    | Fate::Note {
                        outcome: Outcome::Failed(_),
                        ..
                    }
            )
        })
    }

    /// The counts as (label, number) rows.
    pub fn counts(&self) -> Vec<(String, usize)> {
        let exists = |f: &Fate| {
            matches!(
                f,
                Fate::Note {
                    outcome: Outcome::Exists,
                    ..
                } | Fate::InSite(_)
            )
        };
        vec![
            ("`##` sections found".into(), self.sections.len()),
            ("release notes written".into(), self.written()),
            ("skipped: already in the site".into(), self.count(exists)),
            (
                "skipped: Unreleased".into(),
                self.count(|f| *f == Fate::Unreleased),
            ),
            (
                "skipped: no date".into(),
                self.count(|f| *f == Fate::NoDate),
            ),
            ("not written: errors".into(), self.failed()),
        ]
    }

    /// For the terminal: counts, then one line per section that was not simply
    /// written, and what nothing written means.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "Imported {} into {} (product {})\n",
            self.source.display(),
            self.site.display(),
            self.product
        );
        write_counts(&mut out, &self.counts());
        for (path, outcome) in &self.site_files {
            if *outcome == Outcome::Written {
                out.push_str(&format!("created {path}\n"));
            }
        }
        for section in &self.sections {
            out.push_str(&section_line(section));
            for note in &section.notes {
                out.push_str(&format!("  note: {note}\n"));
            }
        }
        if self.written() == 0 && self.failed() == 0 {
            out.push_str("Nothing changed: the site already has every release note this changelog can give.\n");
        }
        out
    }
}

/// What became of one section, in one line.
fn section_line(section: &SectionReport) -> String {
    let at = format!("line {}", section.line);
    match &section.fate {
        Fate::Note { target, outcome } => match outcome {
            Outcome::Written => format!("wrote {target} ({})\n", section.version),
            Outcome::Exists => format!(
                "skipped {}: {target} is already in the site; it was left as it is\n",
                section.version
            ),
            Outcome::Failed(reason) => {
                format!("error: {} ({at}): not written: {reason}\n", section.version)
            }
            Outcome::Planned => String::new(),
        },
        Fate::InSite(file) => format!(
            "skipped {}: the site has its release note already, in {}\n",
            section.version,
            file.display()
        ),
        Fate::Unreleased => {
            format!("skipped [Unreleased] ({at}): unreleased changes have no version yet\n")
        }
        Fate::NoDate => format!(
            "skipped {} ({at}): no date; add it to the heading or import with --date-missing today\n",
            section.version
        ),
        Fate::Invalid => format!(
            "error: {} ({at}): not imported, see the errors above\n",
            section.version
        ),
    }
}

/// Runs the import. `Err` only when nothing can be done at all (the changelog
/// cannot be read, the product is unknown, the site folder cannot be created);
/// every problem with one version is in the report instead.
pub fn import_changelog(options: &ChangelogOptions) -> Result<ChangelogReport, String> {
    let text = std::fs::read_to_string(&options.file)
        .map_err(|e| format!("cannot read {}: {e}", options.file.display()))?;
    let root = &options.into;
    let new_site = !root.join(CONFIG_FILE).is_file();
    if !new_site {
        crate::scaffold::check_product_exists(root, &options.product).map_err(|message| {
            format!("{message}; add the product first (`almanac import endoflife FILE.md` copies an endoflife.date file), or check --product")
        })?;
    }
    let mut report = ChangelogReport {
        source: options.file.clone(),
        site: root.clone(),
        product: options.product.clone(),
        ..ChangelogReport::default()
    };
    report
        .site_files
        .extend(ensure_site(root, &options.product)?);
    report
        .site_files
        .extend(ensure_product(root, &options.product));
    let site = SiteReleases::read(root, &options.product);
    let source = SourceText::new(&options.file, &text);
    let changelog = parse::parse(&text);
    let mut seen: HashMap<Version, usize> = HashMap::new();
    for section in &changelog.sections {
        let (entry, diagnostic) =
            plan_section(options, &changelog, section, &source, &site, &mut seen);
        report.diagnostics.extend(diagnostic);
        report.sections.push(entry);
    }
    Ok(report)
}

/// The site's release notes of the product, and its display name.
struct SiteReleases {
    name: String,
    /// Version → file of its release note.
    notes: HashMap<Version, PathBuf>,
}

impl SiteReleases {
    fn read(root: &Path, product: &str) -> SiteReleases {
        let loaded = if root.join(CONTENT_DIR).is_dir() {
            crate::load::load(root, None)
        } else {
            crate::load::Loaded::default()
        };
        let name = loaded
            .products
            .iter()
            .find(|p| p.id == product)
            .map_or_else(|| product.to_string(), |p| p.name.clone());
        let notes = loaded
            .pages
            .iter()
            .filter(|p| p.meta.product.as_deref() == Some(product))
            .filter_map(|p| match &p.kind {
                PageKind::Release(info) => Some((info.version.clone(), p.file.clone())),
                _ => None,
            })
            .collect();
        SiteReleases { name, notes }
    }
}

/// Decides and carries out one section's fate: the report entry, and the
/// diagnostic that explains a skip or an error.
fn plan_section(
    options: &ChangelogOptions,
    changelog: &parse::Changelog,
    section: &parse::Section,
    source: &SourceText<'_>,
    site: &SiteReleases,
    seen: &mut HashMap<Version, usize>,
) -> (SectionReport, Option<Diagnostic>) {
    let mut entry = SectionReport {
        line: section.line,
        version: section.heading.trim_start_matches('#').trim().to_string(),
        fate: Fate::Invalid,
        notes: Vec::new(),
    };
    let heading = match &section.kind {
        SectionKind::Unreleased => {
            entry.version = "Unreleased".to_string();
            entry.fate = Fate::Unreleased;
            return (entry, None);
        }
        SectionKind::NotAVersion { column, problem } => {
            let error = Diagnostic::error("not-a-version", format!("this `##` heading names no version: {problem}"))
                .at(source, section.line, *column)
                .with_span(section.heading.chars().count().saturating_sub(*column - 1))
                .with_help("Keep a Changelog heads each version `## [1.2.0] - 2024-05-01`; make other headings `###` under a version, or fix the version");
            return (entry, Some(error));
        }
        SectionKind::Release(heading) => heading,
    };
    entry.version = heading.version_text.clone();
    let version_column = section.heading.find(&heading.label).map_or(1, |i| i + 1);
    if let Some(first) = seen.insert(heading.version.clone(), section.line) {
        let error = Diagnostic::error(
            "duplicate-version",
            format!(
                "version {} is in the changelog twice (first on line {first})",
                heading.version_text
            ),
        )
        .at(source, section.line, version_column)
        .with_span(heading.label.chars().count())
        .with_help("merge the two sections into one, or correct the version of this one");
        return (entry, Some(error));
    }
    let date = match &heading.date {
        DateField::On(date) => *date,
        DateField::Invalid {
            text,
            column,
            problem,
        } => {
            let error = Diagnostic::error(
                "invalid-date",
                format!("the date of {}: {problem}", heading.version_text),
            )
            .at(source, section.line, *column)
            .with_span(text.chars().count())
            .with_help(format!(
                "write the release date as YYYY-MM-DD: `## [{}] - 2024-05-01`",
                heading.version_text
            ));
            return (entry, Some(error));
        }
        DateField::Missing => match options.date_missing {
            DateMissing::Today => {
                entry.notes.push(format!(
                    "no date in the changelog: dated {} (--date-missing today)",
                    options.today
                ));
                options.today
            }
            DateMissing::Skip => {
                entry.fate = Fate::NoDate;
                let end = section.heading.chars().count() + 1;
                let warning = Diagnostic::warning("missing-date", format!("version {} has no date; it was not imported", heading.version_text))
                    .at(source, section.line, end)
                    .with_help(format!("add the release date after the version, `## [{}] - YYYY-MM-DD`, or import with `--date-missing today` to date it today", heading.version_text));
                return (entry, Some(warning));
            }
        },
    };
    let target = format!(
        "releases/{}/{}.md",
        slugify(&options.product),
        file_stem(&heading.version_text)
    );
    // The note of an earlier import is in its place (and reported as such below);
    // a note of this version in any other file would be a second one.
    if let Some(file) = site.notes.get(&heading.version) {
        if *file != Path::new(CONTENT_DIR).join(&target) {
            entry.fate = Fate::InSite(file.clone());
            return (entry, None);
        }
    }
    let note = Note::new(
        changelog,
        heading,
        &section.body,
        date,
        (&options.product, &site.name),
    );
    if note::has_removals(&section.body) && !note.breaking {
        entry.notes.push(
            "it has a `Removed` section: set `breaking: true` if the removal breaks users"
                .to_string(),
        );
    }
    let text = note.text();
    let outcome = match check_page(&target, &text, false) {
        Ok(()) => write_new(
            &options.into.join(CONTENT_DIR).join(&target),
            text.as_bytes(),
        ),
        Err(reason) => Outcome::Failed(reason),
    };
    entry.fate = Fate::Note {
        target: format!("{CONTENT_DIR}/{target}"),
        outcome,
    };
    (entry, None)
}

/// The file name of a version's note, as the demo names them: `2.9.0` → `2-9-0`.
fn file_stem(version: &str) -> String {
    let slug = slugify(version);
    if slug.is_empty() {
        "release".to_string()
    } else {
        slug
    }
}
