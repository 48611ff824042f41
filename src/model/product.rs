//! Products and their release cycles, as declared in `products.yaml`.

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
    pub latest: Option<Version>,
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
    pub fn is_released(&self, today: Date) -> bool {
        self.release_date.is_none_or(|d| d <= today)
    }

    pub fn is_end_of_life(&self, today: Date) -> bool {
        self.eol.is_some_and(|m| m.reached(today))
    }

    pub fn active_support_ended(&self, today: Date) -> bool {
        self.eoas.is_some_and(|m| m.reached(today))
    }
}

/// A product and its release cycles, newest first as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub cycles: Vec<Cycle>,
    /// A pinned current version, overriding the computed one.
    pub current: Option<Version>,
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
