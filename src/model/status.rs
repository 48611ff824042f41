//! What a product's metadata means on a given day: its current version, its
//! newest release date, which cycles have ended. Pure functions of the product,
//! its release notes and `today`.

use super::version::{cycle_first_version, cycle_of};
use super::{Cycle, Date, Milestone, Product, Version, VersionOrLabel};

/// A product as of `today`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductStatus {
    /// The highest released version (or the pinned `current`). `None` when the
    /// pinned `current` is a label: there is then nothing to compare pages with.
    pub current: Option<Version>,
    /// The date of the newest released version.
    pub latest_release_date: Option<Date>,
    /// The version released on `latest_release_date`, for messages.
    pub latest_release: Option<Version>,
    /// Whether the product as a whole is discontinued, and since when.
    pub discontinued: Discontinued,
    /// Every known released version with the index of its cycle, if any.
    pub known_versions: Vec<(Version, Option<usize>)>,
}

/// Whether a product as a whole is discontinued: explicitly (`discontinued:`
/// reached), or because every one of its cycles has reached end of life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discontinued {
    No,
    /// Discontinued, with no date known (`discontinued: true`, or cycles that
    /// ended without dates).
    Undated,
    On(Date),
}

impl Discontinued {
    pub fn is_discontinued(self) -> bool {
        self != Discontinued::No
    }
}

/// A release-note page's contribution to its product: version and date.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteRelease<'a> {
    pub version: &'a Version,
    pub date: Option<Date>,
    /// A withdrawn release is never the current version nor the newest release
    /// (nobody should install it, so pages need no review against it); it still
    /// counts as a known released version, since readers may run it.
    pub yanked: bool,
}

impl ProductStatus {
    /// Computes the status of `product` on `today`, counting released release notes too.
    pub fn compute(product: &Product, notes: &[NoteRelease<'_>], today: Date) -> ProductStatus {
        let released = Released {
            cycles: product
                .cycles
                .iter()
                .enumerate()
                .filter(|(_, c)| c.is_released(today))
                .collect(),
            notes: notes
                .iter()
                .filter(|n| n.date.is_none_or(|d| d <= today))
                .collect(),
        };
        let newest = released.newest(today);
        ProductStatus {
            current: match &product.current {
                Some(pinned) => pinned.version().cloned(),
                None => released.highest_version(),
            },
            latest_release_date: newest.as_ref().map(|(d, _)| *d),
            latest_release: newest.and_then(|(_, v)| v),
            discontinued: discontinued(product, today),
            known_versions: released.known_versions(product),
        }
    }
}

/// What of a product is out by `today`: cycles (with their index) and release notes.
struct Released<'a> {
    cycles: Vec<(usize, &'a Cycle)>,
    notes: Vec<&'a NoteRelease<'a>>,
}

impl Released<'_> {
    /// The newest release as (date, version), over cycles' first and latest
    /// releases and release notes; on the same date the higher version wins.
    fn newest(&self, today: Date) -> Option<(Date, Option<Version>)> {
        let mut newest: Option<(Date, Option<Version>)> = None;
        let mut consider = |date: Option<Date>, version: Option<&Version>| {
            let Some(date) = date.filter(|d| *d <= today) else {
                return;
            };
            // A pre-release is the newest only when nothing stable is out: a release
            // candidate asks no page to be reviewed against it.
            fn rank(date: Date, version: Option<&Version>) -> (bool, Date, Option<&Version>) {
                (version.is_none_or(|v| !v.is_prerelease()), date, version)
            }
            let newer = newest
                .as_ref()
                .is_none_or(|(d, v)| rank(date, version) > rank(*d, v.as_ref()));
            if newer {
                newest = Some((date, version.cloned()));
            }
        };
        for (_, cycle) in &self.cycles {
            consider(cycle.latest_release_date, latest_version(cycle));
            consider(
                cycle.release_date,
                cycle_first_version(&cycle.name).as_ref(),
            );
        }
        for note in self.notes.iter().filter(|n| !n.yanked) {
            consider(note.date, Some(note.version));
        }
        newest
    }

    /// The highest released version of cycles and release notes; a pre-release
    /// only when there is no stable version (`4.0.0-rc.1` is not the current 4.x).
    fn highest_version(&self) -> Option<Version> {
        self.cycles
            .iter()
            .filter_map(|(_, c)| {
                // A cycle whose `latest` is a label still has its first version.
                latest_version(c)
                    .cloned()
                    .or_else(|| cycle_first_version(&c.name))
            })
            .chain(
                self.notes
                    .iter()
                    .filter(|n| !n.yanked)
                    .map(|n| n.version.clone()),
            )
            .max_by(|a, b| (!a.is_prerelease(), a).cmp(&(!b.is_prerelease(), b)))
    }

    /// Every known released version with the index of its cycle, sorted.
    fn known_versions(&self, product: &Product) -> Vec<(Version, Option<usize>)> {
        let cycle_names: Vec<&str> = product.cycles.iter().map(|c| c.name.as_str()).collect();
        let cycle_index = |v: &Version| {
            cycle_of(v, cycle_names.iter())
                .and_then(|name| cycle_names.iter().position(|n| *n == name))
        };
        let mut known: Vec<(Version, Option<usize>)> = Vec::new();
        for (index, cycle) in &self.cycles {
            let versions = [
                cycle_first_version(&cycle.name),
                latest_version(cycle).cloned(),
            ];
            known.extend(versions.into_iter().flatten().map(|v| (v, Some(*index))));
        }
        for note in &self.notes {
            known.push((note.version.clone(), cycle_index(note.version)));
        }
        known.sort();
        known.dedup();
        known
    }
}

/// Discontinued when `discontinued:` is reached, or when every cycle has ended
/// (then since the last cycle's end of life).
fn discontinued(product: &Product, today: Date) -> Discontinued {
    let since = |date: Option<Date>| date.map_or(Discontinued::Undated, Discontinued::On);
    let all_cycles_ended =
        !product.cycles.is_empty() && product.cycles.iter().all(|c| c.is_end_of_life(today));
    match product.discontinued {
        Some(m) if m.reached(today) => since(m.date()),
        _ if all_cycles_ended => since(
            product
                .cycles
                .iter()
                .filter_map(|c| c.eol.and_then(Milestone::date))
                .max(),
        ),
        _ => Discontinued::No,
    }
}

/// A cycle's `latest`, when it is a version: labels take no part in comparisons.
fn latest_version(cycle: &Cycle) -> Option<&Version> {
    cycle.latest.as_ref().and_then(VersionOrLabel::version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(current: Option<&str>) -> Product {
        Product {
            id: "acme".into(),
            name: "Acme".into(),
            description: None,
            cycles: Vec::new(),
            current: current.map(VersionOrLabel::parse),
            discontinued: None,
            file: "content/products.yaml".into(),
            line: 1,
            overview: String::new(),
            overview_headings: Vec::new(),
            overview_links: Vec::new(),
            extra: serde_json::Map::new(),
        }
    }

    #[test]
    fn a_yanked_release_is_neither_current_nor_newest_but_known() {
        let v = |s: &str| s.parse::<Version>().unwrap();
        let (one, two, broken) = (v("1.0.0"), v("1.1.0"), v("1.2.0"));
        let day = |s: &str| s.parse::<Date>().unwrap();
        let note = |version, date: &str, yanked| NoteRelease {
            version,
            date: Some(day(date)),
            yanked,
        };
        let notes = [
            note(&one, "2026-01-01", false),
            note(&two, "2026-02-01", false),
            note(&broken, "2026-03-01", true),
        ];
        let status = ProductStatus::compute(&product(None), &notes, day("2026-06-01"));
        assert_eq!(status.current.as_ref(), Some(&two));
        assert_eq!(status.latest_release.as_ref(), Some(&two));
        assert_eq!(status.latest_release_date, Some(day("2026-02-01")));
        assert!(status.known_versions.iter().any(|(k, _)| *k == broken));
        // Without the flag the same note would be current: the test can fail.
        let unflagged = [
            note(&one, "2026-01-01", false),
            note(&broken, "2026-03-01", false),
        ];
        let status = ProductStatus::compute(&product(None), &unflagged, day("2026-06-01"));
        assert_eq!(status.current.as_ref(), Some(&broken));
    }

    #[test]
    fn a_pre_release_is_current_and_newest_only_while_nothing_stable_is_out() {
        let v = |s: &str| s.parse::<Version>().unwrap();
        let day = |s: &str| s.parse::<Date>().unwrap();
        let (stable, candidate) = (v("3.2.0"), v("4.0.0-rc.1"));
        let note = |version, date: &str| NoteRelease {
            version,
            date: Some(day(date)),
            yanked: false,
        };
        let today = day("2026-06-01");
        let both = [note(&stable, "2026-01-01"), note(&candidate, "2026-05-01")];
        let status = ProductStatus::compute(&product(None), &both, today);
        assert_eq!(status.current.as_ref(), Some(&stable));
        assert_eq!(status.latest_release.as_ref(), Some(&stable));
        assert_eq!(status.latest_release_date, Some(day("2026-01-01")));
        assert!(status.known_versions.iter().any(|(k, _)| *k == candidate));

        let only_candidate = [note(&candidate, "2026-05-01")];
        let status = ProductStatus::compute(&product(None), &only_candidate, today);
        assert_eq!(status.current.as_ref(), Some(&candidate));
        assert_eq!(status.latest_release_date, Some(day("2026-05-01")));

        // The stable release of the same version is higher than its candidate.
        let released = v("4.0.0");
        let later = [
            note(&candidate, "2026-05-01"),
            note(&released, "2026-05-20"),
        ];
        let status = ProductStatus::compute(&product(None), &later, today);
        assert_eq!(status.current.as_ref(), Some(&released));
    }
}
