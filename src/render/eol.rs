//! What an end-of-life notice says about its cycles on the build's day: which
//! cycles and versions it covers and how many days are left. The notice's page
//! and the `/eol/` timeline show the same facts.

use super::RenderContext;
use crate::model::version::cycle_first_version;
use crate::model::{Page, PageKind};

/// The facts of one notice, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EolFacts {
    /// "Acme Cloud 2 (versions 2.0 to 2.9.4)", one per affected cycle.
    pub cycles: Vec<String>,
    /// "87 days left", "Reached on 30 June 2026".
    pub when: String,
    /// Days until the end of life; zero or less once reached.
    pub days_left: i64,
}

/// The facts of `page`, if it is an EOL notice.
pub fn facts(cx: &RenderContext<'_>, page: &Page) -> Option<EolFacts> {
    let PageKind::Eol(info) = &page.kind else {
        return None;
    };
    let strings = cx.strings();
    let product = cx.site.product_of(page);
    let names = info.cycle.iter().chain(&page.meta.cycles);
    let mut cycles: Vec<String> = Vec::new();
    for name in names {
        let row = product.and_then(|p| p.cycles.iter().find(|c| &c.name == name));
        let label = row.map_or(name.as_str(), |c| c.label());
        let product_name = product.map_or("", |p| p.name.as_str());
        // A cycle named "4" starts with 4.0.
        let first = cycle_first_version(name).map(|v| match v.components() {
            [major] => format!("{major}.0"),
            _ => v.to_string(),
        });
        let latest = row.and_then(|c| c.latest.as_ref()).map(ToString::to_string);
        let text = match (first, latest) {
            (Some(first), Some(latest)) if first != latest => strings.fill(
                "eol.cycle_versions",
                &[
                    ("product", product_name),
                    ("cycle", label),
                    ("first", &first),
                    ("latest", &latest),
                ],
            ),
            _ => strings.fill("eol.cycle", &[("product", product_name), ("cycle", label)]),
        };
        let text = text.trim().to_string();
        if !cycles.contains(&text) {
            cycles.push(text);
        }
    }
    let days_left = cx.site.today.days_until(info.eol_date);
    let when = if days_left > 0 {
        strings.count("timeline.days_left", days_left as usize)
    } else {
        strings.fill(
            "timeline.reached_on",
            &[("date", &strings.date(info.eol_date))],
        )
    };
    Some(EolFacts {
        cycles,
        when,
        days_left,
    })
}
