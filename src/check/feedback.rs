//! What readers said, per page: votes and the share of "no" over the last 90 days
//! (as of `today`), with the pages most in need of a writer first. Plain numbers
//! from the site's feedback exports and the stale verdicts; `almanac check` and the
//! health page show them.

use super::stale::StaleReport;
use crate::model::{Date, PageId, Site};

/// Votes count when they are at most this many days old: 0 (today) to 89.
pub const WINDOW_DAYS: i64 = 90;

/// At least this many "no" votes, and at least half of the votes, is many.
pub const MANY_NO: usize = 3;

/// One page's votes in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageFeedback {
    pub page: PageId,
    pub votes: usize,
    /// Votes that said the page did not help.
    pub no: usize,
    /// Whether a stale rule flagged the page.
    pub stale: bool,
}

impl PageFeedback {
    /// The share of "no" votes, in whole percent (rounded down).
    pub fn no_percent(&self) -> usize {
        self.no * 100 / self.votes.max(1)
    }

    /// Many readers said no: at least [`MANY_NO`] votes, and at least half of them.
    pub fn many_no(&self) -> bool {
        self.no >= MANY_NO && self.no * 2 >= self.votes
    }

    /// A writer should look at it first: many "no" votes, or stale.
    pub fn needs_attention(&self) -> bool {
        self.many_no() || self.stale
    }
}

/// The site's feedback as of `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackReport {
    /// The first day of the window.
    pub since: Date,
    /// Votes in the window, for any page.
    pub votes: usize,
    /// Votes in the window for pages this site does not have (moved or deleted).
    pub unmatched: usize,
    /// Pages with votes in the window: first those that need attention, then by
    /// "no" votes, share of "no", votes and source file.
    pub pages: Vec<PageFeedback>,
}

impl FeedbackReport {
    pub fn compute(site: &Site, stale: &StaleReport) -> FeedbackReport {
        let since = Date::from_days_since_epoch(site.today.days_since_epoch() - (WINDOW_DAYS - 1));
        let mut per_page: Vec<(usize, usize)> = vec![(0, 0); site.pages.len()];
        let (mut votes, mut unmatched) = (0, 0);
        for vote in site
            .feedback
            .votes
            .iter()
            .filter(|v| v.date >= since && v.date <= site.today)
        {
            votes += 1;
            match site.page_id_by_url(&vote.page) {
                Some(id) => {
                    per_page[id].0 += 1;
                    per_page[id].1 += usize::from(!vote.helpful);
                }
                None => unmatched += 1,
            }
        }
        let mut pages: Vec<PageFeedback> = per_page
            .into_iter()
            .enumerate()
            .filter(|(_, (votes, _))| *votes > 0)
            .map(|(page, (votes, no))| PageFeedback {
                page,
                votes,
                no,
                stale: stale.per_page.get(page).is_some_and(|r| !r.is_empty()),
            })
            .collect();
        pages.sort_by(|a, b| {
            b.needs_attention()
                .cmp(&a.needs_attention())
                .then(b.no.cmp(&a.no))
                .then(b.no_percent().cmp(&a.no_percent()))
                .then(b.votes.cmp(&a.votes))
                .then(site.pages[a.page].file.cmp(&site.pages[b.page].file))
        });
        FeedbackReport {
            since,
            votes,
            unmatched,
            pages,
        }
    }
}
