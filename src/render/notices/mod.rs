//! The notices API: `/api/notices.json` and `/api/products/<id>.json`, for products
//! to show in-app messages (a release to upgrade to, an end of life ahead).
//!
//! Takes the checked, published site (pages dated after `--today` are already out
//! of the model, so a scheduled notice is not announced early) and the product
//! statuses the stale rules computed; gives JSON files whose every flag and day
//! count is as of `--today`, never the wall clock, so a build is reproducible.

pub mod schema;

use super::RenderContext;
use crate::model::{routes, Cycle, Date, Milestone, Page, PageId, PageKind, Product, Removal};
use schema::{
    AnnouncedIn, CycleLatest, CycleStatus, EolNotice, LatestRelease, Link, NoticeStatus,
    NoticesFile, ProductFile, ProductNotices, RemovalNotice, SiteInfo, SCHEMA,
};

/// Both files, as (output path, bytes).
pub fn notices_files(cx: &RenderContext<'_>) -> Vec<(String, Vec<u8>)> {
    let mut products: Vec<ProductNotices<'_>> = (0..cx.site.products.len())
        .map(|index| product_notices(cx, index))
        .collect();
    products.sort_by(|a, b| a.id.cmp(b.id));
    let today = cx.site.today;
    let mut files: Vec<(String, Vec<u8>)> = products
        .iter()
        .map(|product| {
            let file = ProductFile {
                schema: SCHEMA,
                generated: today,
                product,
            };
            (routes::product_api(product.id), to_json(&file))
        })
        .collect();
    let all = NoticesFile {
        schema: SCHEMA,
        generated: today,
        site: SiteInfo {
            title: &cx.site.config.title,
            url: cx.urls.absolute(&cx.urls.folder("")),
        },
        products,
    };
    files.push((routes::NOTICES_API.to_string(), to_json(&all)));
    files
        .into_iter()
        .map(|(url, bytes)| (routes::output_path(&url), bytes))
        .collect()
}

/// Pretty-printed, ending with a newline: small files that people read too.
fn to_json(value: &impl serde::Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn product_notices<'a>(cx: &RenderContext<'a>, index: usize) -> ProductNotices<'a> {
    let product = &cx.site.products[index];
    let status = &cx.stale.statuses[index];
    ProductNotices {
        id: &product.id,
        name: &product.name,
        url: cx.urls.absolute(&super::status::product_url(cx, product)),
        current: super::status::current_shown(product, status),
        latest_release: latest_release(cx, product),
        cycles: product
            .cycles
            .iter()
            .map(|c| cycle_status(product, c, cx.site.today))
            .collect(),
        eol_notices: eol_notices(cx, product),
        removals: removals(cx, index),
    }
}

/// The product's highest released version among its release notes; pre-releases
/// and yanked releases do not count. Version order, never file names or dates:
/// `3.10.0` is after `3.9.1`, and a patch of an older line published later is not
/// the latest.
fn latest_release(cx: &RenderContext<'_>, product: &Product) -> Option<LatestRelease> {
    let (id, page, info) = cx
        .site
        .pages_of_product(&product.id)
        .filter_map(|(id, page)| match &page.kind {
            PageKind::Release(info) if !info.version.is_prerelease() && !info.yanked => {
                Some((id, page, info))
            }
            _ => None,
        })
        // Equal versions (`3.2` and `3.2.0`) fall back to the URL, for one answer.
        .max_by(|a, b| a.2.version.cmp(&b.2.version).then(b.1.url.cmp(&a.1.url)))?;
    Some(LatestRelease {
        version: info.version.clone(),
        date: page.meta.date,
        url: page_url(cx, id),
        breaking: info.breaking,
    })
}

fn page_url(cx: &RenderContext<'_>, id: PageId) -> String {
    cx.urls.absolute(&cx.urls.page(id))
}

/// A cycle as endoflife.date API v1 describes a release, as of `today`.
fn cycle_status<'a>(product: &Product, cycle: &'a Cycle, today: Date) -> CycleStatus<'a> {
    // endoflife.date writes a pair for every cycle once any cycle of the product
    // declares that end (its column), and none otherwise.
    let declares =
        |end: fn(&Cycle) -> Option<Milestone>| product.cycles.iter().any(|c| end(c).is_some());
    let phase = |end: fn(&Cycle) -> Option<Milestone>| {
        declares(end).then(|| {
            let m = end(cycle);
            (reached(m, today), m.and_then(Milestone::date))
        })
    };
    let eoas = phase(|c| c.eoas);
    let discontinued = phase(|c| c.discontinued);
    let eoes = phase(|c| c.eoes);
    CycleStatus {
        name: &cycle.name,
        codename: cycle.codename.as_deref(),
        label: cycle.label(),
        release_date: cycle.release_date,
        is_lts: reached(cycle.lts, today),
        lts_from: cycle.lts.and_then(Milestone::date),
        is_eoas: eoas.map(|(is, _)| is),
        eoas_from: eoas.map(|(_, from)| from),
        is_eol: cycle.is_end_of_life(today),
        eol_from: cycle.eol.and_then(Milestone::date),
        is_discontinued: discontinued.map(|(is, _)| is),
        discontinued_from: discontinued.map(|(_, from)| from),
        is_eoes: eoes.map(|(is, _)| is),
        eoes_from: eoes.map(|(_, from)| from),
        is_maintained: cycle.is_maintained(today),
        latest: cycle.latest.as_ref().map(|latest| CycleLatest {
            name: latest.to_string(),
            date: cycle.latest_release_date,
            link: cycle.link.as_deref(),
        }),
    }
}

/// Reached on `today`; an end not declared is not reached.
fn reached(milestone: Option<Milestone>, today: Date) -> bool {
    milestone.is_some_and(|m| m.reached(today))
}

/// The product's published EOL notices: upcoming ones soonest first, then active
/// ones most recent first (as a timeline reads from today outwards).
fn eol_notices<'a>(cx: &RenderContext<'a>, product: &Product) -> Vec<EolNotice<'a>> {
    let today = cx.site.today;
    let mut notices: Vec<EolNotice<'a>> = cx
        .site
        .pages_of_product(&product.id)
        .filter_map(|(id, _)| {
            let page = &cx.site.pages[id];
            let PageKind::Eol(info) = &page.kind else {
                return None;
            };
            let link = |dest: &Option<String>| field_link(cx, page, dest.as_deref()?);
            let mut cycles: Vec<&str> = info.cycle.iter().map(String::as_str).collect();
            for cycle in &page.meta.cycles {
                if !cycles.contains(&cycle.as_str()) {
                    cycles.push(cycle);
                }
            }
            Some(EolNotice {
                title: &page.meta.title,
                cycles,
                date: info.eol_date,
                days_remaining: today.days_until(info.eol_date),
                status: if info.eol_date <= today {
                    NoticeStatus::Active
                } else {
                    NoticeStatus::Upcoming
                },
                url: page_url(cx, id),
                replacement: link(&info.replacement),
                migration: link(&info.migration),
            })
        })
        .collect();
    notices.sort_by(|a, b| {
        (a.status, a.days_remaining.abs(), &a.url).cmp(&(b.status, b.days_remaining.abs(), &b.url))
    });
    notices
}

/// A link written in a front-matter field of `page` (`replacement:`,
/// `migration:`), titled and resolved as the page shows it, with an absolute URL.
fn field_link(cx: &RenderContext<'_>, page: &Page, dest: &str) -> Option<Link> {
    let (title, target) = super::page::field_target(cx, page, dest)?;
    Some(Link {
        title,
        url: cx.urls.absolute_target(&target),
    })
}

/// The deprecations of product `index`'s release notes whose removal is still
/// ahead (neither its date come nor its version reached by the current version),
/// in the order of `/deprecations/`: dated ones soonest first, then by version.
/// Deprecations announced after `--today` are already out of the model.
fn removals<'a>(cx: &RenderContext<'a>, index: usize) -> Vec<RemovalNotice<'a>> {
    let product = &cx.site.products[index];
    let current = cx.stale.statuses[index].current.as_ref();
    let today = cx.site.today;
    let mut upcoming: Vec<(PageId, &'a Page, &'a crate::model::Deprecation)> = cx
        .site
        .pages_of_product(&product.id)
        .flat_map(|(id, page)| page.deprecations().iter().map(move |d| (id, page, d)))
        .filter(|(_, _, d)| !d.removal.is_past(current, today))
        .collect();
    upcoming.sort_by(|(a_id, _, a), (b_id, _, b)| {
        a.removal
            .order(&b.removal)
            .then_with(|| a.feature.cmp(&b.feature))
            .then(a_id.cmp(b_id))
    });
    upcoming
        .into_iter()
        .filter_map(|(id, page, deprecation)| {
            let version = page.release_version()?;
            let (removal_version, removal_date) = match &deprecation.removal {
                Removal::Version(v) => (Some(v), None),
                Removal::Date(d) => (None, Some(*d)),
            };
            Some(RemovalNotice {
                feature: &deprecation.feature,
                removal_version,
                removal_date,
                days_remaining: removal_date.map(|d| today.days_until(d)),
                announced: deprecation.announced,
                announced_in: AnnouncedIn {
                    version,
                    url: format!("{}#{}", page_url(cx, id), deprecation.anchor),
                },
                migration: deprecation
                    .migration
                    .as_deref()
                    .and_then(|dest| field_link(cx, page, dest)),
                description: deprecation.description.as_deref(),
            })
        })
        .collect()
}
