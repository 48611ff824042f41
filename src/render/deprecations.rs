//! Deprecations: the list on each release note that announces them, and the
//! `/deprecations/` page of every announced deprecation, upcoming removals first.

use super::views::{DeprecationView, DeprecationsView, LinkView};
use super::{nav, RenderContext};
use crate::diagnostics::Diagnostic;
use crate::model::routes;
use crate::model::{Deprecation, PageId, Removal, Version};

/// The deprecations release note `id` announces, as its page shows them.
pub fn of_release(cx: &RenderContext<'_>, id: PageId) -> Vec<DeprecationView> {
    let page = &cx.site.pages[id];
    page.deprecations()
        .iter()
        .map(|d| view(cx, id, d))
        .collect()
}

/// `/deprecations/`: upcoming removals (soonest first), then removed ones
/// (most recent first), each linking to the release note that announced it.
pub fn page(cx: &RenderContext<'_>) -> Result<String, Diagnostic> {
    let mut all: Vec<(PageId, &Deprecation)> = cx
        .site
        .pages
        .iter()
        .enumerate()
        .flat_map(|(id, page)| page.deprecations().iter().map(move |d| (id, d)))
        .collect();
    all.sort_by(|(a_id, a), (b_id, b)| {
        a.removal
            .order(&b.removal)
            .then_with(|| product_name(cx, *a_id).cmp(product_name(cx, *b_id)))
            .then_with(|| a.feature.cmp(&b.feature))
            .then(a_id.cmp(b_id))
    });
    let (removed, upcoming): (Vec<_>, Vec<_>) = all
        .into_iter()
        .map(|(id, d)| view(cx, id, d))
        .partition(|v| v.removed);
    let url = cx.urls.href(routes::DEPRECATIONS);
    let strings = cx.strings();
    let view = DeprecationsView {
        title: strings.get("deprecations.title").to_string(),
        description: strings.get("deprecations.description").to_string(),
        canonical: cx.urls.absolute(&url),
        breadcrumbs: nav::breadcrumbs(cx, ""),
        sidebar: nav::sidebar(cx, "", None),
        upcoming,
        removed: removed.into_iter().rev().collect(),
    };
    cx.render_template(
        "deprecations.html",
        &[("deprecations", tera::Value::from_serializable(&view))],
    )
}

fn product_name<'a>(cx: &'a RenderContext<'_>, id: PageId) -> &'a str {
    cx.site
        .product_of(&cx.site.pages[id])
        .map_or("", |p| p.name.as_str())
}

/// The product's current version, which decides whether a version removal happened.
fn current_version<'a>(cx: &'a RenderContext<'_>, id: PageId) -> Option<&'a Version> {
    let product = cx.site.pages[id].meta.product.as_deref()?;
    let index = cx.site.product_index(product)?;
    cx.stale.statuses[index].current.as_ref()
}

fn view(cx: &RenderContext<'_>, id: PageId, deprecation: &Deprecation) -> DeprecationView {
    let page = &cx.site.pages[id];
    let today = cx.site.today;
    let removed = deprecation.removal.is_past(current_version(cx, id), today);
    let strings = cx.strings();
    let removal_text = match (&deprecation.removal, removed) {
        (Removal::Version(v), false) => strings.fill(
            "deprecations.removal_version",
            &[("version", &v.to_string())],
        ),
        (Removal::Version(v), true) => strings.fill(
            "deprecations.removed_version",
            &[("version", &v.to_string())],
        ),
        (Removal::Date(d), false) => {
            strings.fill("deprecations.removal_date", &[("date", &strings.date(*d))])
        }
        (Removal::Date(d), true) => {
            strings.fill("deprecations.removed_date", &[("date", &strings.date(*d))])
        }
    };
    let days_left = match deprecation.removal {
        Removal::Date(d) if !removed => {
            let days = today.days_until(d).max(0) as usize;
            Some(strings.count("timeline.days_left", days))
        }
        _ => None,
    };
    DeprecationView {
        feature: deprecation.feature.clone(),
        anchor: deprecation.anchor.clone(),
        removal: deprecation.removal.to_string(),
        removal_text,
        removed,
        days_left,
        description: deprecation.description.clone(),
        migration: deprecation
            .migration
            .as_deref()
            .and_then(|dest| super::page::field_link(cx, page, dest)),
        announced: strings.date(deprecation.announced),
        release: LinkView {
            title: page.meta.title.clone(),
            url: format!("{}#{}", cx.urls.page(id), deprecation.anchor),
        },
        product: cx.site.product_of(page).map(|p| LinkView {
            title: p.name.clone(),
            url: super::status::product_url(cx, p),
        }),
    }
}
