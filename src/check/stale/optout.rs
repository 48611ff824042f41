//! Opt-outs with a reason and an end: `stale: {ignore, reason, until}` switches
//! some rules off for one page until `until`, capped at `stale.max_optout_days`
//! after the page's review date (writing an opt-out is a review). After the end
//! the rules apply again and `check` warns `optout-expired` at the `stale:` line.

use super::Rule;
use crate::diagnostics::Diagnostic;
use crate::model::{Date, OptOut, Page, PageId};

/// A page's opt-out as of `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptOutStatus {
    pub page: PageId,
    pub ignore: Vec<Rule>,
    pub reason: String,
    /// The last day it holds: `until`, or the cap when that is earlier.
    pub ends: Date,
    /// Whether `max_optout_days` cut `until` short (or stood in for it).
    pub capped: bool,
    /// On or before `ends`: the rules in `ignore` are off.
    pub active: bool,
}

impl OptOutStatus {
    /// The status of `page`'s opt-out on `today`, if it has one with an end.
    /// (Load refuses an opt-out without `until` on a page without a review date.)
    pub fn of(page: &Page, id: PageId, today: Date, max_days: i64) -> Option<OptOutStatus> {
        let optout: &OptOut = page.meta.stale_optout.as_ref()?;
        let cap = page
            .meta
            .review_date()
            .map(|reviewed| Date::from_days_since_epoch(reviewed.days_since_epoch() + max_days));
        let ends = match (optout.until, cap) {
            (Some(until), Some(cap)) => until.min(cap),
            (until, cap) => until.or(cap)?,
        };
        Some(OptOutStatus {
            page: id,
            ignore: optout.ignore.clone(),
            reason: optout.reason.clone(),
            ends,
            capped: optout.until != Some(ends),
            active: today <= ends,
        })
    }

    /// Whether the opt-out switches `rule` off today.
    pub fn silences(&self, rule: Rule) -> bool {
        self.active && self.ignore.contains(&rule)
    }

    fn codes(&self) -> String {
        let codes: Vec<&str> = self.ignore.iter().map(|r| r.as_str()).collect();
        codes.join(", ")
    }

    /// `optout-expired`, at the page's `stale:` line, once the end has passed.
    pub fn expired_warning(&self, page: &Page, max_days: i64) -> Option<Diagnostic> {
        if self.active {
            return None;
        }
        let why_then = if self.capped {
            format!(", stale.max_optout_days ({max_days}) after the page's review date")
        } else {
            String::new()
        };
        let message = format!(
            "the opt-out of {} (\"{}\") ended on {}{why_then}; its rules apply again",
            self.codes(),
            self.reason,
            self.ends
        );
        let line = page.field_line("stale").unwrap_or(1);
        Some(
            Diagnostic::warning("optout-expired", message)
                .located(&page.file, line, 1)
                .with_span("stale".len())
                .with_help("check the page, then remove `stale:`, or set a new `until:` and `reviewed:` if it still holds"),
        )
    }
}
