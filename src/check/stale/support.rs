//! The rules that warn before a product line ends: `eol-upcoming` (its end of
//! life is at most `stale.warn_days` away) and `support-ended` (its active
//! support is over: security fixes only). Both judge the same released
//! versions as `end-of-life`, and neither applies to a page that is end of life.

use super::{notices_for, versions_covered, Notices, ReaderLine, Reason, Rule, See};
use crate::model::status::ProductStatus;
use crate::model::version::cycle_of;
use crate::model::{Date, Milestone, Page, Product, Version};
use crate::text::plural;

/// The cycles (indexes into `product.cycles`) of the released versions `page`
/// applies to; `None` for a version in no cycle. A page that names neither
/// `versions` nor `cycles` applies to the product's current version.
pub(super) fn cycles_applied(
    page: &Page,
    product: &Product,
    status: &ProductStatus,
) -> Vec<Option<usize>> {
    let mut cycles: Vec<Option<usize>> = match versions_covered(page, product, status) {
        Some(matched) => matched.iter().map(|(_, cycle)| *cycle).collect(),
        None => status
            .current
            .iter()
            .map(|current| cycle_index(product, current))
            .collect(),
    };
    cycles.sort_unstable();
    cycles.dedup();
    cycles
}

fn cycle_index(product: &Product, version: &Version) -> Option<usize> {
    let names: Vec<&str> = product.cycles.iter().map(|c| c.name.as_str()).collect();
    let name = cycle_of(version, names.iter())?;
    names.iter().position(|n| *n == name)
}

/// One end of life ahead: who ends (a cycle, or the whole product) and when.
struct Ending {
    who: String,
    date: Date,
    /// The cycle's name, to find its EOL notice; `None` for the whole product.
    cycle: Option<String>,
}

/// `eol-upcoming`: every cycle the page applies to ends within `warn_days`
/// (after today: on the day itself the page is end of life), or the whole
/// product does. When both hold, the earlier end is reported.
pub(super) fn eol_upcoming(
    product: &Product,
    cycles: &[Option<usize>],
    today: Date,
    warn_days: i64,
    eol_notices: &Notices,
) -> Option<Reason> {
    let in_window = |date: Date| (1..=warn_days).contains(&today.days_until(date));
    let product_end = product
        .discontinued
        .and_then(Milestone::date)
        .filter(|d| in_window(*d))
        .map(|date| Ending {
            who: product.name.clone(),
            date,
            cycle: None,
        });
    let cycle_ends = cycles_ending(product, cycles, in_window);
    let earliest = |endings: &[Ending]| endings.iter().map(|e| e.date).min();
    let endings: Vec<Ending> = match (product_end, cycle_ends) {
        (Some(p), Some(c)) if earliest(&c).is_some_and(|d| d <= p.date) => c,
        (Some(p), _) => vec![p],
        (None, Some(c)) => c,
        (None, None) => return None,
    };
    Some(upcoming_reason(product, &endings, today, eol_notices))
}

/// Each cycle's end, when every one of `cycles` has an `eol` date in the window.
fn cycles_ending(
    product: &Product,
    cycles: &[Option<usize>],
    in_window: impl Fn(Date) -> bool,
) -> Option<Vec<Ending>> {
    if cycles.is_empty() {
        return None;
    }
    cycles
        .iter()
        .map(|cycle| {
            let cycle = &product.cycles[(*cycle)?];
            let date = cycle.eol?.date().filter(|d| in_window(*d))?;
            Some(Ending {
                who: format!("{} {}", product.name, cycle.name),
                date,
                cycle: Some(cycle.name.clone()),
            })
        })
        .collect()
}

fn upcoming_reason(
    product: &Product,
    endings: &[Ending],
    today: Date,
    eol_notices: &Notices,
) -> Reason {
    let message: Vec<String> = endings
        .iter()
        .map(|e| {
            let days = plural(today.days_until(e.date).unsigned_abs() as usize, "day");
            format!("{} reaches end of life on {}, in {days}", e.who, e.date)
        })
        .collect();
    let reader: Vec<ReaderLine> = endings
        .iter()
        .map(|e| {
            ReaderLine::new("banner.eol_upcoming")
                .text("name", e.who.clone())
                .date("date", e.date)
        })
        .collect();
    let notices = endings
        .iter()
        .flat_map(|e| notices_for(product, e.cycle.as_deref(), eol_notices));
    let first = endings.iter().map(|e| e.date).min();
    Reason {
        code: Rule::EolUpcoming,
        message: message.join("; "),
        reader,
        see: notice_or_matrix(product, notices.collect()),
        fix: first.map_or_else(String::new, |d| format!("add a migration link before {d}")),
        date: first,
    }
}

/// `support-ended`: every cycle the page applies to is past its end of active
/// support (`eoas: true`, or a date on or before today).
pub(super) fn support_ended(
    product: &Product,
    status: &ProductStatus,
    cycles: &[Option<usize>],
    today: Date,
    eol_notices: &Notices,
) -> Option<Reason> {
    let ended: Vec<(&str, Option<Date>)> = cycles
        .iter()
        .map(|cycle| {
            let cycle = &product.cycles[(*cycle)?];
            let eoas = cycle.eoas.filter(|m| m.reached(today))?;
            Some((cycle.name.as_str(), eoas.date()))
        })
        .collect::<Option<_>>()?;
    if ended.is_empty() {
        return None;
    }
    let message: Vec<String> = ended
        .iter()
        .map(|(cycle, since)| {
            let since = since.map_or_else(String::new, |d| format!(" since {d}"));
            format!("{} {cycle} gets security fixes only{since}", product.name)
        })
        .collect();
    let reader: Vec<ReaderLine> = ended
        .iter()
        .map(|(cycle, _)| {
            ReaderLine::new("banner.support_ended")
                .text("product", product.name.clone())
                .text("cycle", *cycle)
        })
        .collect();
    let notices = ended
        .iter()
        .flat_map(|(cycle, _)| notices_for(product, Some(cycle), eol_notices));
    let names: Vec<&str> = ended.iter().map(|(cycle, _)| *cycle).collect();
    let upgrade = status.current.as_ref().map_or_else(String::new, |current| {
        format!(", and link the upgrade to {current}")
    });
    Some(Reason {
        code: Rule::SupportEnded,
        message: message.join("; "),
        reader,
        see: notice_or_matrix(product, notices.collect()),
        fix: format!(
            "say that {} {} gets security fixes only{upgrade}",
            product.name,
            names.join(", ")
        ),
        // Since the last of them lost active support, all of them have.
        date: ended.iter().filter_map(|(_, since)| *since).max(),
    })
}

/// Readers are pointed to the EOL notices, or to the support matrix when there are none.
fn notice_or_matrix(product: &Product, mut notices: Vec<See>) -> Vec<See> {
    notices.dedup();
    if notices.is_empty() {
        notices.push(See::Product(product.id.clone()));
    }
    notices
}
