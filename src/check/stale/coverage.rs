//! `versions-match-nothing`: a page whose `versions` or `cycles` match no
//! released version and no announced cycle (one with a future `releaseDate`) of
//! its product. Usually a typo, or a range written for another product; the
//! stale rules have nothing to judge such a page by, so `check` warns, and
//! `check --strict` fails.

use super::versions_covered;
use crate::diagnostics::Diagnostic;
use crate::model::status::ProductStatus;
use crate::model::version::cycle_first_version;
use crate::model::{Cycle, Date, Page, Product, VersionOrLabel};

/// The diagnostic code, shared with `check --strict`.
pub const VERSIONS_MATCH_NOTHING: &str = "versions-match-nothing";

/// Whether each product and `versions` range (or `cycles` list), as
/// [`super::applies_to`] writes it, matches nothing: pages share a handful of
/// ranges, and matching one against every known version of a product with
/// thousands of release notes, page by page, was most of the stale rules' time.
pub(super) type MatchesNothing<'a> = std::collections::HashMap<(&'a str, String), bool>;

/// The warning for `page`, when its `versions` or `cycles` match nothing of `product`.
pub(super) fn versions_match_nothing<'a>(
    page: &Page,
    product: &'a Product,
    status: &ProductStatus,
    today: Date,
    known: &mut MatchesNothing<'a>,
) -> Option<Diagnostic> {
    let applies_to = super::applies_to(page)?;
    let nothing = *known
        .entry((product.id.as_str(), applies_to))
        .or_insert_with(|| matches_nothing(page, product, status, today));
    if !nothing {
        return None;
    }
    let (field, written) = match &page.meta.versions {
        Some(req) => ("versions", req.to_string()),
        None => ("cycles", page.meta.cycles.join(", ")),
    };
    let cycles: Vec<&str> = product.cycles.iter().map(|c| c.name.as_str()).collect();
    let known = if cycles.is_empty() {
        format!("{} has no release cycles in its product data", product.name)
    } else {
        format!("{}'s cycles are {}", product.name, cycles.join(", "))
    };
    let message = format!(
        "{field} `{written}` match no released version and no announced cycle of {}; {known}",
        product.name
    );
    let line = page.field_line(field).unwrap_or(1);
    Some(
        Diagnostic::warning(VERSIONS_MATCH_NOTHING, message)
            .located(&page.file, line, 1)
            .with_span(field.len())
            .with_help(format!(
                "write `{field}` for one of those cycles, or check `product:`; without `{field}` the page applies to every version"
            )),
    )
}

fn matches_nothing(page: &Page, product: &Product, status: &ProductStatus, today: Date) -> bool {
    let covered = versions_covered(page, product, status).unwrap_or_default();
    let announced = product.cycles.iter().filter(|c| !c.is_released(today));
    covered.is_empty() && !announced.into_iter().any(|c| page_names(page, c))
}

/// Whether the page's `versions` or `cycles` name the (announced) cycle `cycle`.
fn page_names(page: &Page, cycle: &Cycle) -> bool {
    match &page.meta.versions {
        Some(req) => {
            let latest = cycle
                .latest
                .as_ref()
                .and_then(VersionOrLabel::version)
                .cloned();
            [cycle_first_version(&cycle.name), latest]
                .iter()
                .flatten()
                .any(|v| req.matches(v))
        }
        None => page.meta.cycles.contains(&cycle.name),
    }
}
