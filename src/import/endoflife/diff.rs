//! What changed between two versions of a product, cycle by cycle, for
//! `almanac import endoflife --update`. Pure: two products in, changes out.

use std::fmt;

use crate::model::{Cycle, Date, Milestone, Product, VersionOrLabel};

/// One difference between the site's product and the imported one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A product-level field (`title`, `current`, …) or the overview text.
    Product(FieldChange),
    /// A cycle only the imported file has, with its dates in a few words.
    CycleAdded {
        cycle: String,
        summary: String,
    },
    CycleRemoved {
        cycle: String,
    },
    CycleChanged {
        cycle: String,
        fields: Vec<FieldChange>,
    },
}

/// `field: old → new`, each value as the product file writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

impl fmt::Display for FieldChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} → {}", self.field, self.old, self.new)
    }
}

impl fmt::Display for Change {
    /// `+ cycle 1.37 (…)`, `- cycle 1.30`, `~ cycle 1.36: eol 2027-06-28 → 2027-07-28`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Product(field) => write!(f, "~ {field}"),
            Change::CycleAdded { cycle, summary } => write!(f, "+ cycle {cycle} ({summary})"),
            Change::CycleRemoved { cycle } => write!(f, "- cycle {cycle}"),
            Change::CycleChanged { cycle, fields } => {
                let fields: Vec<String> = fields.iter().map(ToString::to_string).collect();
                write!(f, "~ cycle {cycle}: {}", fields.join("; "))
            }
        }
    }
}

/// Every change from `old` to `new`: product fields first, then cycles in the
/// new file's order (added or changed), then the cycles it no longer has.
pub fn changes(old: &Product, new: &Product) -> Vec<Change> {
    let mut changes: Vec<Change> = product_fields(old, new)
        .into_iter()
        .map(Change::Product)
        .collect();
    for cycle in &new.cycles {
        match old.cycles.iter().find(|c| c.name == cycle.name) {
            None => changes.push(Change::CycleAdded {
                cycle: cycle.name.clone(),
                summary: summary(cycle),
            }),
            Some(before) => {
                let fields = cycle_fields(before, cycle);
                if !fields.is_empty() {
                    changes.push(Change::CycleChanged {
                        cycle: cycle.name.clone(),
                        fields,
                    });
                }
            }
        }
    }
    for cycle in &old.cycles {
        if !new.cycles.iter().any(|c| c.name == cycle.name) {
            changes.push(Change::CycleRemoved {
                cycle: cycle.name.clone(),
            });
        }
    }
    changes
}

/// A field's value as written in product files: a date, `true`/`false`, a
/// version as written; `(none)` when absent.
fn shown<T: fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "(none)".to_string(), |v| v.to_string())
}

fn milestone(m: Option<Milestone>) -> String {
    shown(m.map(|m| match m {
        Milestone::On(date) => date.to_string(),
        Milestone::Flag(flag) => flag.to_string(),
    }))
}

fn date(d: Option<Date>) -> String {
    shown(d)
}

fn version(v: Option<&VersionOrLabel>) -> String {
    shown(v)
}

/// Collects `field: old → new` for every pair that differs.
fn differing(pairs: Vec<(&str, String, String)>) -> Vec<FieldChange> {
    pairs
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| FieldChange {
            field: field.to_string(),
            old,
            new,
        })
        .collect()
}

fn product_fields(old: &Product, new: &Product) -> Vec<FieldChange> {
    let mut fields = differing(vec![
        ("title", old.name.clone(), new.name.clone()),
        (
            "description",
            shown(old.description.as_ref()),
            shown(new.description.as_ref()),
        ),
        (
            "current",
            version(old.current.as_ref()),
            version(new.current.as_ref()),
        ),
        (
            "discontinued",
            milestone(old.discontinued),
            milestone(new.discontinued),
        ),
    ]);
    if old.overview.trim() != new.overview.trim() {
        fields.push(FieldChange {
            field: "overview".to_string(),
            old: format!("{} words", words(&old.overview)),
            new: format!("{} words", words(&new.overview)),
        });
    }
    fields.extend(extra_fields(&old.extra, &new.extra));
    fields
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The fields of a cycle by their endoflife.date names, compared as written.
fn cycle_fields(old: &Cycle, new: &Cycle) -> Vec<FieldChange> {
    let mut fields = differing(vec![
        (
            "releaseDate",
            date(old.release_date),
            date(new.release_date),
        ),
        ("eoas", milestone(old.eoas), milestone(new.eoas)),
        ("eol", milestone(old.eol), milestone(new.eol)),
        ("eoes", milestone(old.eoes), milestone(new.eoes)),
        (
            "latest",
            version(old.latest.as_ref()),
            version(new.latest.as_ref()),
        ),
        (
            "latestReleaseDate",
            date(old.latest_release_date),
            date(new.latest_release_date),
        ),
        ("lts", milestone(old.lts), milestone(new.lts)),
        (
            "discontinued",
            milestone(old.discontinued),
            milestone(new.discontinued),
        ),
        (
            "codename",
            shown(old.codename.as_ref()),
            shown(new.codename.as_ref()),
        ),
        (
            "releaseLabel",
            shown(old.release_label.as_ref()),
            shown(new.release_label.as_ref()),
        ),
        ("link", shown(old.link.as_ref()), shown(new.link.as_ref())),
    ]);
    fields.extend(extra_fields(&old.extra, &new.extra));
    fields
}

/// Fields almanac keeps without knowing them (`supportedPhpVersions`, …), as JSON.
fn extra_fields(
    old: &serde_json::Map<String, serde_json::Value>,
    new: &serde_json::Map<String, serde_json::Value>,
) -> Vec<FieldChange> {
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    differing(
        keys.into_iter()
            .map(|key| (key.as_str(), shown(old.get(key)), shown(new.get(key))))
            .collect(),
    )
}

/// A new cycle in a few words: `released 2026-08-27, eol 2027-10-28, lts`.
pub fn summary(cycle: &Cycle) -> String {
    let mut parts = Vec::new();
    if let Some(released) = cycle.release_date {
        parts.push(format!("released {released}"));
    }
    if cycle.eol.is_some() {
        parts.push(format!("eol {}", milestone(cycle.eol)));
    }
    if let Some(latest) = &cycle.latest {
        parts.push(format!("latest {latest}"));
    }
    if cycle.lts.is_some_and(|m| m != Milestone::Flag(false)) {
        parts.push(format!("lts {}", milestone(cycle.lts)));
    }
    if parts.is_empty() {
        parts.push("no dates".to_string());
    }
    parts.join(", ")
}
