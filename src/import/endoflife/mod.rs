//! `almanac import endoflife`: endoflife.date product files, checked with the
//! loader the build uses, copied byte for byte into `content/products/`.
//!
//! Takes the files and the site; gives the copies (a product the site has is
//! replaced only with `--update`) and an [`EndoflifeReport`]: per file what it
//! adds (cycles, current version, upcoming ends of life as of `today`), what
//! `--update` changed cycle by cycle ([`diff`]), and the loader's located errors
//! for the files that were not copied.

pub mod diff;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use self::diff::Change;
use super::report::{write_counts, Outcome};
use super::site::{ensure_site, write_new};
use crate::diagnostics::Diagnostic;
use crate::load::products::parse_product_file;
use crate::load::{CONTENT_DIR, PRODUCTS_DIR};
use crate::model::status::ProductStatus;
use crate::model::{Date, Milestone, Product};

/// What to import and where.
#[derive(Debug, Clone)]
pub struct EndoflifeOptions {
    pub files: Vec<PathBuf>,
    /// The site root; made a minimal site when it has no `almanac.yaml`.
    pub into: PathBuf,
    /// Replace products the site has already.
    pub update: bool,
    pub today: Date,
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    Added,
    /// Replaced with `--update`, with what changed.
    Updated(Vec<Change>),
    /// With `--update`, but the site's file is the same.
    Unchanged,
    /// The site has the product and `--update` was not given.
    Exists,
    /// The loader refused the file; its diagnostics say why.
    Invalid,
    /// The site defines the product in another place (`products.yaml`, another
    /// file): copying would define it twice.
    DefinedElsewhere(String),
    /// Could not be read or written, with the reason.
    Failed(String),
}

/// What one product file brings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub source: PathBuf,
    /// `content/products/<name>`.
    pub target: String,
    pub fate: Fate,
    /// `Kubernetes, 12 cycles, current version 1.36.4`, when the file is valid.
    pub adds: Option<Adds>,
}

/// The product as the site will see it on `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adds {
    pub name: String,
    pub cycles: usize,
    pub current: Option<String>,
    /// Cycles whose `eol` is a date after today: (cycle, date, days from today).
    pub upcoming_eol: Vec<(String, Date, i64)>,
}

/// The whole import.
#[derive(Debug, Clone, Default)]
pub struct EndoflifeReport {
    pub site: PathBuf,
    pub files: Vec<FileReport>,
    /// The loader's errors and warnings, located in the imported files.
    pub diagnostics: Vec<Diagnostic>,
    /// Site files created around the products (almanac.yaml).
    pub site_files: Vec<(String, Outcome)>,
}

impl super::report::ImportReport for EndoflifeReport {
    fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    fn summary(&self) -> String {
        EndoflifeReport::summary(self)
    }

    fn failed(&self) -> usize {
        EndoflifeReport::failed(self)
    }
}

impl EndoflifeReport {
    fn count(&self, wanted: impl Fn(&Fate) -> bool) -> usize {
        self.files.iter().filter(|f| wanted(&f.fate)).count()
    }

    /// Files not copied because of an error (invalid, unreadable, in conflict).
    pub fn failed(&self) -> usize {
        self.count(|f| {
            matches!(
                f,
                Fate::Invalid | Fate::DefinedElsewhere(_) | Fate::Failed(_)
            )
        })
    }

    pub fn counts(&self) -> Vec<(String, usize)> {
        vec![
            ("product files read".into(), self.files.len()),
            ("products added".into(), self.count(|f| *f == Fate::Added)),
            (
                "products updated".into(),
                self.count(|f| matches!(f, Fate::Updated(_))),
            ),
            ("unchanged".into(), self.count(|f| *f == Fate::Unchanged)),
            (
                "skipped: already in the site".into(),
                self.count(|f| *f == Fate::Exists),
            ),
            ("not copied: errors".into(), self.failed()),
        ]
    }

    /// For the terminal: counts, then what each file adds or why it was not copied.
    pub fn summary(&self) -> String {
        let mut out = format!("Imported product files into {}\n", self.site.display());
        write_counts(&mut out, &self.counts());
        for (path, outcome) in &self.site_files {
            if *outcome == Outcome::Written {
                let _ = writeln!(out, "created {path}");
            }
        }
        for file in &self.files {
            file_lines(&mut out, file);
        }
        let changed = self.count(|f| matches!(f, Fate::Added | Fate::Updated(_)));
        if changed == 0 && self.failed() == 0 {
            out.push_str(
                "Nothing changed: the site has every product already (--update replaces them).\n",
            );
        }
        out
    }
}

/// The lines for one file: what happened, what it adds, what changed.
fn file_lines(out: &mut String, file: &FileReport) {
    let source = file.source.display();
    let target = &file.target;
    let adds = file.adds.as_ref().map(Adds::line).unwrap_or_default();
    let _ = match &file.fate {
        Fate::Added => writeln!(out, "added {target}: {adds}"),
        Fate::Updated(_) => writeln!(out, "updated {target}: {adds}"),
        Fate::Unchanged => writeln!(out, "unchanged {target}: the site's file is the same"),
        Fate::Exists => writeln!(out, "skipped {source}: {target} is already in the site; import with --update to replace it"),
        Fate::Invalid => writeln!(out, "error: {source}: not copied, see the errors above"),
        Fate::DefinedElsewhere(place) => writeln!(out, "error: {source}: not copied: the site defines this product already, in {place}; remove it there first, or keep it and leave this file out"),
        Fate::Failed(reason) => writeln!(out, "error: {source}: not copied: {reason}"),
    };
    if matches!(file.fate, Fate::Added | Fate::Updated(_)) {
        if let Some(ahead) = file.adds.as_ref().and_then(Adds::upcoming_line) {
            let _ = writeln!(out, "  end of life ahead: {ahead}");
        }
    }
    if let Fate::Updated(changes) = &file.fate {
        for change in changes {
            let _ = writeln!(out, "  {change}");
        }
        if changes.is_empty() {
            let _ = writeln!(out, "  (only the file's layout or comments changed)");
        }
    }
}

impl Adds {
    fn of(product: &Product, today: Date) -> Adds {
        let status = ProductStatus::compute(product, &[], today);
        let current = product
            .current
            .as_ref()
            .map(ToString::to_string)
            .or_else(|| status.current.as_ref().map(ToString::to_string));
        let mut upcoming_eol: Vec<(String, Date, i64)> = product
            .cycles
            .iter()
            .filter_map(|c| match c.eol {
                Some(Milestone::On(date)) if date > today => {
                    Some((c.name.clone(), date, today.days_until(date)))
                }
                _ => None,
            })
            .collect();
        upcoming_eol.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        Adds {
            name: product.name.clone(),
            cycles: product.cycles.len(),
            current,
            upcoming_eol,
        }
    }

    /// `Kubernetes, 12 cycles, current version 1.36.4`.
    fn line(&self) -> String {
        let cycles = crate::text::plural(self.cycles, "cycle");
        match &self.current {
            Some(current) => format!("{}, {cycles}, current version {current}", self.name),
            None => format!("{}, {cycles}, no current version", self.name),
        }
    }

    /// `1.34 on 2026-10-27 (in 45 days); 1.35 on 2027-02-28 (in 169 days)`.
    fn upcoming_line(&self) -> Option<String> {
        if self.upcoming_eol.is_empty() {
            return None;
        }
        let items: Vec<String> = self
            .upcoming_eol
            .iter()
            .map(|(cycle, date, days)| {
                format!(
                    "{cycle} on {date} (in {})",
                    crate::text::plural(*days as usize, "day")
                )
            })
            .collect();
        Some(items.join("; "))
    }
}

/// Runs the import. `Err` only when the site folder cannot be created; every
/// problem with one file is in the report.
pub fn import_endoflife(options: &EndoflifeOptions) -> Result<EndoflifeReport, String> {
    let root = &options.into;
    let mut report = EndoflifeReport {
        site: root.clone(),
        ..EndoflifeReport::default()
    };
    report.site_files.extend(ensure_site(root, "Products")?);
    for file in &options.files {
        // Read again for every file: an earlier one of this run is in the site now.
        let site = crate::load::load_products(root).products;
        let entry = import_file(options, file, &site, &mut report.diagnostics);
        report.files.push(entry);
    }
    Ok(report)
}

/// Checks, compares and copies one file.
fn import_file(
    options: &EndoflifeOptions,
    file: &Path,
    site: &[Product],
    diagnostics: &mut Vec<Diagnostic>,
) -> FileReport {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = format!("{CONTENT_DIR}/{PRODUCTS_DIR}{name}");
    let mut entry = FileReport {
        source: file.to_path_buf(),
        target: target.clone(),
        fate: Fate::Invalid,
        adds: None,
    };
    if ![".md", ".yaml", ".yml"]
        .iter()
        .any(|ext| name.ends_with(ext))
    {
        entry.fate = Fate::Failed(
            "not a product file: almanac reads `.md` (endoflife.date's format), `.yaml` and `.yml`"
                .to_string(),
        );
        return entry;
    }
    let text = match fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            entry.fate = Fate::Failed(format!("cannot read it: {e}"));
            return entry;
        }
    };
    let read = parse_product_file(file, &text);
    let failed = read.diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(read.diagnostics);
    let Some(product) = read.products.into_iter().next().filter(|_| !failed) else {
        return entry;
    };
    entry.adds = Some(Adds::of(&product, options.today));
    let existing = site.iter().find(|p| p.id == product.id);
    if let Some(old) = existing.filter(|old| old.file != Path::new(&target)) {
        entry.fate = Fate::DefinedElsewhere(format!("{}:{}", old.file.display(), old.line));
        return entry;
    }
    let target_path = options.into.join(&target);
    entry.fate = if !target_path.exists() {
        match write_new(&target_path, text.as_bytes()) {
            Outcome::Written => Fate::Added,
            Outcome::Exists => Fate::Exists,
            Outcome::Failed(reason) => Fate::Failed(reason),
            Outcome::Planned => Fate::Failed("not written".to_string()),
        }
    } else if !options.update {
        Fate::Exists
    } else {
        update(&target_path, &text, existing, &product)
    };
    entry
}

/// Replaces the site's file with `text` and says what changed. The site's own
/// file may not load (it had errors); then it is replaced as a whole.
fn update(path: &Path, text: &str, old: Option<&Product>, new: &Product) -> Fate {
    if fs::read(path).is_ok_and(|bytes| bytes == text.as_bytes()) {
        return Fate::Unchanged;
    }
    if let Err(e) = replace_file(path, text.as_bytes()) {
        return Fate::Failed(format!("cannot replace {}: {e}", path.display()));
    }
    Fate::Updated(match old {
        Some(old) => diff::changes(old, new),
        None => vec![Change::Product(diff::FieldChange {
            field: "file".to_string(),
            old: "did not load (it had errors)".to_string(),
            new: "valid".to_string(),
        })],
    })
}

/// Writes `bytes` beside `path` and renames it over `path`, so that a failed
/// write never leaves half a product file in the site.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A hidden name: the loader skips it should the rename never happen.
    let temporary = path.with_file_name(format!(".{name}.almanac-update"));
    fs::write(&temporary, bytes)?;
    fs::rename(&temporary, path).inspect_err(|_| {
        let _ = fs::remove_file(&temporary);
    })
}
