//! Deprecations: the list on each release note that announces them, and the
//! `/deprecations/` page of every announced deprecation, upcoming removals first.

use super::highlight::escape;
use super::views::{DeprecationView, DeprecationsView, LinkView};
use super::{nav, RenderContext};
use crate::diagnostics::Diagnostic;
use crate::model::routes;
use crate::model::{Deprecation, Page, PageId, Removal, Version};

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
    let title = strings.get("deprecations.title").to_string();
    let description = strings.get("deprecations.description").to_string();
    let view = DeprecationsView {
        head: super::head::head(
            cx,
            &title,
            Some(&description),
            &url,
            super::head::OgType::Website,
            Some(super::feeds::FeedSet::Kind(
                super::feeds::AnnouncementKind::Deprecation,
            )),
        ),
        title,
        description,
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

/// "Removal in version 3.0", "Removed on 30 June 2027".
fn removal_text(cx: &RenderContext<'_>, removal: &Removal, removed: bool) -> String {
    let strings = cx.strings();
    match (removal, removed) {
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
    }
}

/// A deprecation's title in feeds: "Acme Cloud: legacy ingress deprecated".
pub fn feed_title(cx: &RenderContext<'_>, page: &Page, deprecation: &Deprecation) -> String {
    let product = cx
        .site
        .product_of(page)
        .map(|p| p.name.as_str())
        .or(page.meta.product.as_deref())
        .unwrap_or(&cx.site.config.title);
    cx.strings().fill(
        "feed.deprecation_title",
        &[("product", product), ("feature", &deprecation.feature)],
    )
}

/// A deprecation as a feed entry's body: what goes and when, why, what to read
/// instead, and where it was announced. The removal is worded as announced
/// ("Removal in version 3.0"), so the entry does not change when the day comes.
pub fn feed_html(cx: &RenderContext<'_>, id: PageId, deprecation: &Deprecation) -> String {
    let page = &cx.site.pages[id];
    let strings = cx.strings();
    let mut html = format!(
        "<p><strong>{}</strong>: {}</p>\n",
        escape(&deprecation.feature),
        escape(&removal_text(cx, &deprecation.removal, false))
    );
    if let Some(description) = &deprecation.description {
        html.push_str(&format!("<p>{}</p>\n", escape(description)));
    }
    let migration = deprecation
        .migration
        .as_deref()
        .and_then(|dest| super::page::field_link(cx, page, dest));
    if let Some(link) = migration {
        html.push_str(&format!(
            "<p>{}: <a href=\"{}\">{}</a></p>\n",
            escape(strings.get("page.migration_guide")),
            escape(&link.url),
            escape(&link.title)
        ));
    }
    let announced = strings.fill(
        "deprecations.announced_in",
        &[("date", &strings.date(deprecation.announced))],
    );
    html.push_str(&format!(
        "<p>{} <a href=\"{}\">{}</a></p>\n",
        escape(&announced),
        escape(&cx.urls.page(id)),
        escape(&page.meta.title)
    ));
    html
}

fn view(cx: &RenderContext<'_>, id: PageId, deprecation: &Deprecation) -> DeprecationView {
    let page = &cx.site.pages[id];
    let today = cx.site.today;
    let removed = deprecation.removal.is_past(current_version(cx, id), today);
    let strings = cx.strings();
    let removal_text = removal_text(cx, &deprecation.removal, removed);
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
