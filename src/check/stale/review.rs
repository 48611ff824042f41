//! The review rules, for writers: `not-reviewed-since-release`, `review-overdue`
//! and `never-reviewed`. Each one's fix is the same act: check the page against
//! the current version, then date the review.

use super::{ReaderLine, Reason, Rule, See};
use crate::model::status::ProductStatus;
use crate::model::{Date, Page, Product};

/// "check the page against 3.2.0, then set reviewed: 2026-11-23".
fn review_fix(status: Option<&ProductStatus>, today: Date) -> String {
    match status.and_then(|s| s.current.as_ref()) {
        Some(current) => format!("check the page against {current}, then set reviewed: {today}"),
        None => format!("check the page, then set reviewed: {today}"),
    }
}

/// The review date is before the product's latest release date.
pub(super) fn not_reviewed_since_release(
    page: &Page,
    product: &Product,
    status: &ProductStatus,
    today: Date,
) -> Option<Reason> {
    let reviewed = page.meta.review_date()?;
    let released = status.latest_release_date?;
    (reviewed < released).then(|| {
        let what = status
            .latest_release
            .as_ref()
            .map_or(product.name.clone(), |v| format!("{} {v}", product.name));
        Reason {
            code: Rule::NotReviewedSinceRelease,
            message: format!("last reviewed {reviewed}; {what} was released {released}"),
            reader: vec![ReaderLine::new("banner.not_reviewed_since_release")
                .date("date", reviewed)
                .text("release", what.clone())],
            see: vec![See::Product(product.id.clone())],
            fix: review_fix(Some(status), today),
            date: Some(released),
        }
    })
}

/// The review date is more than `max_age_days` ago (exactly that many is fine).
pub(super) fn review_overdue(
    page: &Page,
    status: Option<&ProductStatus>,
    today: Date,
    max_age_days: i64,
) -> Option<Reason> {
    let reviewed = page.meta.review_date()?;
    let age = reviewed.days_until(today);
    (age > max_age_days).then(|| Reason {
        code: Rule::ReviewOverdue,
        message: format!("last reviewed {reviewed}, {age} days ago (limit {max_age_days})"),
        reader: vec![ReaderLine::new("banner.review_overdue").date("date", reviewed)],
        see: Vec::new(),
        fix: review_fix(status, today),
        date: Some(reviewed),
    })
}

/// A page of a product with no review date at all (only with `stale.require_review`).
pub(super) fn never_reviewed(page: &Page, status: &ProductStatus, today: Date) -> Option<Reason> {
    page.meta.review_date().is_none().then(|| Reason {
        code: Rule::NeverReviewed,
        message: "has a product but no `reviewed`, `updated` or `date`".to_string(),
        reader: vec![ReaderLine::new("banner.never_reviewed")],
        see: Vec::new(),
        fix: review_fix(Some(status), today),
        date: None,
    })
}
