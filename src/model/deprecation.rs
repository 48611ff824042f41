//! Deprecations a release note announces: a feature that goes away in a later
//! version or on a date, with the guide that tells readers what to do instead.

use super::date::Date;
use super::version::Version;

/// One `deprecations:` item of a release note.
#[derive(Debug, Clone, PartialEq)]
pub struct Deprecation {
    /// What goes away, e.g. "legacy ingress".
    pub feature: String,
    pub removal: Removal,
    /// A page link to the migration guide, as written; the link stage checks it.
    pub migration: Option<String>,
    pub description: Option<String>,
    /// When it was announced: the item's own `date:`, else the release note's
    /// date. Before that day the deprecation is not published.
    pub announced: Date,
    /// Its anchor on the release note and on `/deprecations/`: `deprecation-<slug>`.
    pub anchor: String,
}

/// When a deprecated feature is removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removal {
    /// In this version of the product.
    Version(Version),
    /// On this day.
    Date(Date),
}

impl Removal {
    /// Whether the removal has happened: the date has come, or the product's
    /// current version has reached the removal version.
    pub fn is_past(&self, current: Option<&Version>, today: Date) -> bool {
        match self {
            Removal::Date(date) => *date <= today,
            Removal::Version(version) => current.is_some_and(|c| c >= version),
        }
    }

    /// Upcoming removals by date first (soonest first), then by version; the
    /// order of the `/deprecations/` page.
    pub fn order(&self, other: &Removal) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (Removal::Date(a), Removal::Date(b)) => a.cmp(b),
            (Removal::Version(a), Removal::Version(b)) => a.cmp(b),
            (Removal::Date(_), Removal::Version(_)) => Ordering::Less,
            (Removal::Version(_), Removal::Date(_)) => Ordering::Greater,
        }
    }
}

impl std::fmt::Display for Removal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Removal::Version(v) => write!(f, "{v}"),
            Removal::Date(d) => write!(f, "{d}"),
        }
    }
}

impl std::str::FromStr for Removal {
    type Err = String;

    /// `2027-06-30` is a date, anything else must be a version.
    fn from_str(text: &str) -> Result<Removal, String> {
        let text = text.trim();
        let looks_like_date = text.len() == 10 && text.as_bytes()[4] == b'-';
        if looks_like_date {
            return text
                .parse::<Date>()
                .map(Removal::Date)
                .map_err(|e| e.to_string());
        }
        text.parse::<Version>()
            .map(Removal::Version)
            .map_err(|e| format!("`{text}` is neither a date (YYYY-MM-DD) nor a version: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn removal_reads_dates_and_versions() {
        assert_eq!(
            "2027-06-30".parse::<Removal>(),
            Ok(Removal::Date(date("2027-06-30")))
        );
        assert_eq!(
            "3.0".parse::<Removal>(),
            Ok(Removal::Version("3.0".parse().unwrap()))
        );
        assert!("2027-02-30".parse::<Removal>().is_err());
        assert!("soon".parse::<Removal>().is_err());
    }

    #[test]
    fn removal_is_past_on_its_date_or_version() {
        let today = date("2026-12-01");
        let v = |t: &str| t.parse::<Version>().unwrap();
        let cases = [
            (Removal::Date(date("2026-12-01")), None, true),
            (Removal::Date(date("2026-12-02")), None, false),
            (Removal::Version(v("3.0")), Some(v("2.9.1")), false),
            (Removal::Version(v("3.0")), Some(v("3.0.0")), true),
            (Removal::Version(v("3.0")), Some(v("3.2")), true),
            (Removal::Version(v("3.0")), None, false),
        ];
        for (removal, current, past) in cases {
            assert_eq!(
                removal.is_past(current.as_ref(), today),
                past,
                "{removal} with current {current:?}"
            );
        }
    }
}
