//! Reader feedback: the votes of an export of "Was this page helpful?".

use std::path::PathBuf;

use super::date::Date;

/// One reader's answer to "Was this page helpful?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vote {
    /// The page's site-relative URL path, as the block sent it (`/guides/install/`).
    pub page: String,
    pub date: Date,
    pub helpful: bool,
}

/// The feedback exports of a site (`data/feedback.jsonl`, `data/feedback.csv`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feedback {
    /// The export files found, relative to the site root.
    pub sources: Vec<PathBuf>,
    /// Every well-formed vote in them, in file order.
    pub votes: Vec<Vote>,
}
