//! Products and their release cycles, as declared in `products.yaml`.

use std::fmt;
use std::path::PathBuf;

use super::date::Date;
use super::page::{Heading, SourceLink};
use super::version::Version;

/// A field that is either a date or a plain yes/no, as in endoflife.date data
/// (`eol: 2026-06-30` or `eol: true`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    Flag(bool),
    On(Date),
}

impl Milestone {
    /// Whether the milestone has been reached on `today` (a date counts on its own day).
    pub fn reached(self, today: Date) -> bool {
        match self {
            Milestone::Flag(flag) => flag,
            Milestone::On(date) => date <= today,
        }
    }

    pub fn date(self) -> Option<Date> {
        match self {
            Milestone::On(date) => Some(date),
            Milestone::Flag(_) => None,
        }
    }
}

/// A version field of product data (`latest`, `current`) as written.
///
/// Real product files put free text where a version belongs: placeholders (`N/A`,
/// `TBD`), patch labels (`SP2`), build numbers (`16.0 (20A362)`). Such a value is
/// kept as a label: shown exactly as written, and left out of every comparison
/// of versions, so it can neither fail the build nor be ordered by a guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionOrLabel {
    Parsed(Version),
    Label(String),
}

impl VersionOrLabel {
    /// A version when `text` reads as one, else the text itself.
    pub fn parse(text: &str) -> VersionOrLabel {
        text.parse().map_or_else(
            |_| VersionOrLabel::Label(text.to_owned()),
            VersionOrLabel::Parsed,
        )
    }

    /// The version, for comparisons; `None` for a label.
    pub fn version(&self) -> Option<&Version> {
        match self {
            VersionOrLabel::Parsed(version) => Some(version),
            VersionOrLabel::Label(_) => None,
        }
    }
}

/// Never fails: what is not a version is a label.
impl std::str::FromStr for VersionOrLabel {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<VersionOrLabel, Self::Err> {
        Ok(VersionOrLabel::parse(text))
    }
}

impl fmt::Display for VersionOrLabel {
    /// The value as the data wrote it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionOrLabel::Parsed(version) => version.fmt(f),
            VersionOrLabel::Label(text) => f.write_str(text),
        }
    }
}

/// One release cycle (a major or minor line) of a product.
#[derive(Debug, Clone, PartialEq)]
pub struct Cycle {
    /// `releaseCycle`, e.g. "3", "2.1", "focal".
    pub name: String,
    pub release_date: Option<Date>,
    /// End of active support.
    pub eoas: Option<Milestone>,
    pub eol: Option<Milestone>,
    /// End of extended support.
    pub eoes: Option<Milestone>,
    /// The newest release of the cycle; a label when it is not a version.
    pub latest: Option<VersionOrLabel>,
    pub latest_release_date: Option<Date>,
    pub lts: Option<Milestone>,
    pub codename: Option<String>,
    pub release_label: Option<String>,
    pub link: Option<String>,
    pub discontinued: Option<Milestone>,
    /// 1-based line of the cycle's entry in its file.
    pub line: usize,
    /// Fields almanac does not know, kept for templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Cycle {
    /// What the cycle is called for readers: `releaseLabel`, else its name.
    pub fn label(&self) -> &str {
        self.release_label.as_deref().unwrap_or(&self.name)
    }

    pub fn is_released(&self, today: Date) -> bool {
        self.release_date.is_none_or(|d| d <= today)
    }

    pub fn is_end_of_life(&self, today: Date) -> bool {
        self.eol.is_some_and(|m| m.reached(today))
    }

    pub fn active_support_ended(&self, today: Date) -> bool {
        self.eoas.is_some_and(|m| m.reached(today))
    }

    /// endoflife.date's `isMaintained`: some end the cycle declares (active support,
    /// end of life, extended support, discontinued) is still ahead. A cycle without
    /// `eol` never reaches end of life in almanac, so it stays maintained. Each end
    /// counts from its own day, as everywhere in almanac (endoflife.date counts it
    /// from the day after).
    pub fn is_maintained(&self, today: Date) -> bool {
        self.eol.is_none()
            || [self.eoas, self.eol, self.eoes, self.discontinued]
                .into_iter()
                .flatten()
                .any(|m| !m.reached(today))
    }
}

/// A product and its release cycles, newest first as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub cycles: Vec<Cycle>,
    /// A pinned current version, overriding the computed one. A label is shown
    /// but, not being a version, leaves the product without a current version to
    /// compare pages against.
    pub current: Option<VersionOrLabel>,
    /// Discontinued as a whole: on a date, or `true`.
    pub discontinued: Option<Milestone>,
    /// Where the product is declared (relative to the site root) and on which line.
    pub file: PathBuf,
    pub line: usize,
    /// Markdown overview (the body of an endoflife.date-style product file).
    pub overview: String,
    /// The overview's headings and links, scanned at load like a page body's,
    /// so the link stage checks them.
    pub overview_headings: Vec<Heading>,
    pub overview_links: Vec<SourceLink>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Product {
    /// The cycle a version belongs to: the longest cycle name it starts with.
    pub fn cycle_of(&self, version: &super::Version) -> Option<&Cycle> {
        let name = super::version::cycle_of(version, self.cycles.iter().map(|c| &c.name))?;
        self.cycles.iter().find(|c| c.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_is_not_a_version_as_written() {
        // (text, read as a version?)
        let cases = [
            ("1.36-eks-6", true),
            ("2.4 Patch 3", true),
            ("N/A", false),
            ("SP2", false),
            ("16.0 (20A362)", false),
            ("8_2_1", false),
            (" TBD ", false),
            ("", false),
        ];
        for (text, is_version) in cases {
            let value = VersionOrLabel::parse(text);
            assert_eq!(value.version().is_some(), is_version, "`{text}`");
            if !is_version {
                assert_eq!(value.to_string(), text, "a label is shown as written");
            }
        }
    }

    fn cycle(eoas: Option<Milestone>, eol: Option<Milestone>, eoes: Option<Milestone>) -> Cycle {
        Cycle {
            name: "2".into(),
            release_date: None,
            eoas,
            eol,
            eoes,
            latest: None,
            latest_release_date: None,
            lts: None,
            codename: None,
            release_label: None,
            link: None,
            discontinued: None,
            line: 1,
            extra: serde_json::Map::new(),
        }
    }

    #[test]
    fn a_cycle_is_maintained_while_some_end_is_ahead() {
        let on = |d: &str| Some(Milestone::On(d.parse().unwrap()));
        let flag = |f| Some(Milestone::Flag(f));
        // (eoas, eol, eoes, maintained on 2026-06-30)
        let cases = [
            (None, None, None, true),
            (None, on("2026-07-01"), None, true),
            (None, on("2026-06-30"), None, false),
            (on("2025-12-31"), on("2026-06-30"), None, false),
            (None, on("2026-06-30"), on("2026-07-01"), true),
            (None, on("2026-06-30"), flag(false), true),
            (None, flag(true), flag(true), false),
            (None, flag(false), None, true),
        ];
        let today = "2026-06-30".parse().unwrap();
        for (eoas, eol, eoes, maintained) in cases {
            let cycle = cycle(eoas, eol, eoes);
            assert_eq!(
                cycle.is_maintained(today),
                maintained,
                "eoas {eoas:?}, eol {eol:?}, eoes {eoes:?}"
            );
        }
    }
}
