//! Generated listing pages: home, folder listings (guides by product, the FAQ
//! index, the changelog, EOL notices by date), products, tags. Each listing is
//! linear in the pages it lists.

use std::collections::{BTreeMap, BTreeSet};

use super::feeds::{AnnouncementKind, FeedSet};
use super::head::{head, OgType};
use super::views::{
    Badge, HomeView, LinkView, ListGroup, ListItem, ListingView, PageLink, Pagination,
};
use super::{nav, RenderContext};
use crate::diagnostics::Diagnostic;
use crate::model::routes::output_path;
use crate::model::routes::{self, listing_folders};
use crate::model::version::cycle_first_version;
use crate::model::{Date, Kind, PageId, PageKind, Site, TagPages, Version};

/// How many entries one listing page shows; longer listings get numbered pages
/// (`/guides/`, `/guides/page/2/`, …), so no page grows with the size of the site.
pub const LISTING_PAGE_SIZE: usize = 100;

/// A listing before pagination: its first page's view (without entries), the
/// pages it lists in order, and how entries are grouped.
struct ListingSpec {
    view: ListingView,
    ids: Vec<PageId>,
    grouping: Grouping,
}

/// How a listing's entries are grouped under headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grouping {
    None,
    /// By product, in the order products are declared.
    Product,
    /// Release notes: by product, then by release cycle (or major version), newest first.
    ReleaseCycle,
    /// EOL notices: upcoming ones (soonest first), then past ones (latest first).
    Timeline,
}

/// Picks listing pages to render: (the listing's URL, the pages it lists, the
/// number of the page of it, from 0) → whether to render it.
pub type ListingFilter<'a> = dyn Fn(&str, &[PageId], usize) -> bool + Sync + 'a;

/// What a partial render renders of the listings (serve, after one page's front
/// matter changed). Home and the products index are always rendered: they are
/// small, and show the products' state and the latest releases.
pub struct Choice<'a> {
    /// The folder listings (by folder) and tag listings (by tag slug) that may
    /// show what changed; only these are built, so an edit does not sort every
    /// listing of the site...
    pub folders: BTreeSet<String>,
    pub tags: BTreeSet<String>,
    /// ...and which of their pages are rendered.
    pub filter: &'a ListingFilter<'a>,
    /// Whether the tag index is rendered (it shows every tag and its count).
    pub tag_index: bool,
    /// The products whose pages are rendered (each lists its product's pages).
    pub products: BTreeSet<String>,
}

/// The pages page `number` (0-based) of a listing of `ids` lists.
pub fn listing_chunk(ids: &[PageId], number: usize) -> &[PageId] {
    let start = (number * LISTING_PAGE_SIZE).min(ids.len());
    &ids[start..(start + LISTING_PAGE_SIZE).min(ids.len())]
}

/// The folder listings that list page `id` (its top folder's, and its own
/// folder's when that is deeper), by folder.
pub fn folders_listing(site: &Site, id: PageId) -> Vec<String> {
    let folder = &site.pages[id].folder;
    if folder.is_empty() {
        return Vec::new();
    }
    let top = folder.split('/').next().unwrap_or(folder).to_string();
    if top == *folder {
        vec![top]
    } else {
        vec![top, folder.clone()]
    }
}

/// Renders every listing (home, folder, product and tag listings) straight into
/// `sink`, in parallel. Returns how many files were written.
pub fn render_listings(
    cx: &RenderContext<'_>,
    sink: &dyn super::Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let single = single_listings(cx, true, &|_| true)?;
    let tag_specs = tag_listings(cx, None);
    let specs: Vec<ListingSpec> = listing_folders(cx.site)
        .iter()
        .map(|f| folder_listing(cx, f))
        .chain(tag_specs)
        .collect();
    let paged = render_listing_pages(cx, sink, &specs, &|_, _, _| true)?;
    write_single(sink, &single)?;
    Ok(single.len() + paged)
}

/// Renders what `choice` picks of the listings into `sink`.
pub fn render_some_listings(
    cx: &RenderContext<'_>,
    sink: &dyn super::Sink,
    choice: &Choice<'_>,
) -> Result<usize, Vec<Diagnostic>> {
    let single = single_listings(cx, choice.tag_index, &|id| choice.products.contains(id))?;
    let tag_specs = tag_listings(cx, Some(&choice.tags));
    let folders = listing_folders(cx.site);
    let specs: Vec<ListingSpec> = choice
        .folders
        .iter()
        .filter(|f| folders.contains(*f))
        .map(|f| folder_listing(cx, f))
        .chain(tag_specs)
        .collect();
    let paged = render_listing_pages(cx, sink, &specs, choice.filter)?;
    write_single(sink, &single)?;
    Ok(single.len() + paged)
}

/// Home, the products index, the pages of the products `product` picks (by id)
/// and, with `tag_index`, the tag index.
fn single_listings(
    cx: &RenderContext<'_>,
    tag_index: bool,
    product: &dyn Fn(&str) -> bool,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let mut single: Vec<(String, Vec<u8>)> = vec![(
        "index.html".to_string(),
        home(cx).map_err(|e| vec![e])?.into_bytes(),
    )];
    single.push((
        "products/index.html".to_string(),
        render_listing(cx, &products_index(cx)).map_err(|e| vec![e])?,
    ));
    single.extend(super::status::product_pages(cx, product).map_err(|e| vec![e])?);
    if tag_index {
        single.push((
            "tags/index.html".to_string(),
            render_listing(cx, &tag_index_view(cx)).map_err(|e| vec![e])?,
        ));
    }
    Ok(single)
}

fn write_single(
    sink: &dyn super::Sink,
    files: &[(String, Vec<u8>)],
) -> Result<(), Vec<Diagnostic>> {
    for (path, bytes) in files {
        super::write(sink, path, bytes).map_err(|e| vec![e])?;
    }
    Ok(())
}

/// Renders the pages of the listings `specs` that `only` picks, in parallel.
fn render_listing_pages(
    cx: &RenderContext<'_>,
    sink: &dyn super::Sink,
    specs: &[ListingSpec],
    only: &ListingFilter<'_>,
) -> Result<usize, Vec<Diagnostic>> {
    use rayon::prelude::*;
    let jobs: Vec<(&ListingSpec, usize)> = specs
        .iter()
        .flat_map(|spec| {
            (0..spec.ids.len().div_ceil(LISTING_PAGE_SIZE).max(1)).map(move |n| (spec, n))
        })
        .filter(|(spec, n)| only(&spec.view.url, &spec.ids, *n))
        .collect();
    let results: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .map(|(spec, number)| {
            let (path, view) = listing_page(cx, spec, *number);
            let bytes = render_listing(cx, &view)?;
            super::write(sink, &path, &bytes)
        })
        .collect();
    let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(jobs.len())
}

/// Page `number` (0-based) of a listing: its output path and complete view.
fn listing_page(
    cx: &RenderContext<'_>,
    spec: &ListingSpec,
    number: usize,
) -> (String, ListingView) {
    let pages = spec.ids.len().div_ceil(LISTING_PAGE_SIZE).max(1);
    let first_url = spec.view.url.clone();
    let url_of = |n: usize| {
        if n == 0 {
            first_url.clone()
        } else {
            format!("{first_url}page/{}/", n + 1)
        }
    };
    let start = number * LISTING_PAGE_SIZE;
    let chunk =
        &spec.ids[start.min(spec.ids.len())..(start + LISTING_PAGE_SIZE).min(spec.ids.len())];
    let mut view = spec.view.clone();
    view.groups = match spec.grouping {
        Grouping::Product => group_by_product(cx, chunk),
        Grouping::ReleaseCycle => group_runs(cx, chunk, |id| release_group(cx, id)),
        Grouping::Timeline => group_runs(cx, chunk, |id| timeline_group(cx, id)),
        Grouping::None => vec![ListGroup {
            title: String::new(),
            url: None,
            items: chunk.iter().map(|&id| item(cx, id)).collect(),
        }],
    };
    view.url = url_of(number);
    view.canonical = cx.urls.absolute(&view.url);
    view.head.canonical = view.canonical.clone();
    if number > 0 {
        view.intro = String::new();
    }
    if pages > 1 {
        let window = number.saturating_sub(3)..(number + 4).min(pages);
        view.pagination = Some(Pagination {
            current: number + 1,
            total: pages,
            prev: number.checked_sub(1).map(url_of),
            next: (number + 1 < pages).then(|| url_of(number + 1)),
            first: url_of(0),
            last: url_of(pages - 1),
            pages: window
                .map(|n| PageLink {
                    number: n + 1,
                    url: url_of(n),
                    current: n == number,
                })
                .collect(),
        });
    }
    let site_url = &view.url[cx.urls.base_path.len() - 1..];
    (output_path(site_url), view)
}

fn render_listing(cx: &RenderContext<'_>, view: &ListingView) -> Result<Vec<u8>, Diagnostic> {
    cx.render_template(
        "listing.html",
        &[("listing", tera::Value::from_serializable(view))],
    )
    .map(String::into_bytes)
}

fn item(cx: &RenderContext<'_>, id: PageId) -> ListItem {
    let page = &cx.site.pages[id];
    let strings = cx.strings();
    let mut meta = Vec::new();
    let mut badges: Vec<Badge> = Vec::new();
    match &page.kind {
        PageKind::Release(info) => {
            meta.push(strings.fill("listing.version", &[("version", &info.version.to_string())]));
            if let Some(date) = page.meta.date {
                meta.push(strings.date(date));
            }
            badges.extend(super::page::release_badges(cx, info, "badge.breaking"));
        }
        PageKind::Eol(info) => {
            meta.push(strings.fill(
                "listing.end_of_life",
                &[("date", &strings.date(info.eol_date))],
            ));
            if let Some(facts) = super::eol::facts(cx, page) {
                meta.extend(facts.cycles);
                if facts.days_left > 0 {
                    meta.push(facts.when);
                }
            }
        }
        _ => {
            if let Some(text) = super::page::versions_text(cx, page) {
                meta.push(text);
            }
        }
    }
    badges.extend(super::status::badges(cx, id));
    let children = if let PageKind::Eol(info) = &page.kind {
        eol_links(cx, page, info)
    } else if matches!(page.kind, PageKind::Faq) {
        let url = cx.urls.page(id);
        page.questions()
            .map(|q| LinkView {
                title: q.text.clone(),
                url: format!("{url}#{}", q.id),
            })
            .collect()
    } else {
        Vec::new()
    };
    ListItem {
        title: page.meta.title.clone(),
        url: cx.urls.page(id),
        description: page.meta.description.clone(),
        meta,
        badges,
        children,
    }
}

/// An EOL notice's replacement and migration guide, for its timeline entry.
fn eol_links(
    cx: &RenderContext<'_>,
    page: &crate::model::Page,
    info: &crate::model::EolInfo,
) -> Vec<LinkView> {
    let fields = [
        ("page.replacement", &info.replacement),
        ("page.migration_guide", &info.migration),
    ];
    fields
        .into_iter()
        .filter_map(|(label, dest)| {
            let link = super::page::field_link(cx, page, dest.as_deref()?)?;
            Some(LinkView {
                title: format!("{}: {}", cx.strings().get(label), link.title),
                url: link.url,
            })
        })
        .collect()
}

/// Pages in `folder` and below it.
/// The pages a folder's listing lists, in order, and how they are grouped.
fn folder_ids(site: &Site, folder: &str) -> (Vec<PageId>, Grouping) {
    let top = folder.split('/').next().unwrap_or(folder);
    let mut ids: Vec<PageId> = if folder.contains('/') {
        site.folders.get(folder).cloned().unwrap_or_default()
    } else {
        // In listing order already.
        site.pages_under_top(folder).to_vec()
    };
    let grouping = match Kind::of_folder(top) {
        Some(Kind::Release) => {
            ids.sort_by_cached_key(|&id| std::cmp::Reverse(release_order(site, id)));
            Grouping::ReleaseCycle
        }
        Some(Kind::Eol) => {
            ids.sort_by_key(|&id| timeline_order(site, id));
            Grouping::Timeline
        }
        _ if !folder.contains('/') => Grouping::Product,
        _ => Grouping::None,
    };
    (ids, grouping)
}

/// The pages the listings of `folders` and of the tags `tags` (by slug) list,
/// in order, by the listing's URL (serve compares them before and after an edit).
pub fn listed_pages(
    site: &Site,
    folders: &BTreeSet<String>,
    tags: &BTreeSet<String>,
) -> Vec<(String, Vec<PageId>)> {
    let urls = super::Urls::new(site);
    let mut listed: Vec<(String, Vec<PageId>)> = folders
        .iter()
        .map(|f| (urls.folder(f), folder_ids(site, f).0))
        .collect();
    listed.extend(
        tags_with_pages(site, Some(tags))
            .into_iter()
            .map(|(slug, tag)| (tag_url(&urls, slug), tag.pages.clone())),
    );
    listed
}

fn tag_url(urls: &super::Urls<'_>, slug: &str) -> String {
    urls.href(&format!("{}{slug}/", routes::TAGS))
}

/// Each tag (by slug) with its name and pages, in order; with `only`, just the
/// tags it names.
fn tags_with_pages<'s>(
    site: &'s Site,
    only: Option<&BTreeSet<String>>,
) -> Vec<(&'s str, &'s TagPages)> {
    let tags = site.tags();
    match only {
        Some(only) => only
            .iter()
            .filter_map(|slug| tags.get_key_value(slug))
            .map(|(slug, tag)| (slug.as_str(), tag))
            .collect(),
        None => tags
            .iter()
            .map(|(slug, tag)| (slug.as_str(), tag))
            .collect(),
    }
}

fn folder_listing(cx: &RenderContext<'_>, folder: &str) -> ListingSpec {
    let site = cx.site;
    let section = site.section(folder);
    let (ids, grouping) = folder_ids(site, folder);
    let url = cx.urls.folder(folder);
    let title = nav::folder_title(site, cx.strings(), folder);
    let description = section.and_then(|s| s.description.clone());
    // A kind's listing offers that kind's feed.
    let feed = match Kind::of_folder(folder) {
        Some(Kind::Release) => Some(FeedSet::Kind(AnnouncementKind::Release)),
        Some(Kind::Eol) => Some(FeedSet::Kind(AnnouncementKind::Eol)),
        _ => None,
    };
    let view = ListingView {
        head: head(
            cx,
            &title,
            description.as_deref(),
            &url,
            OgType::Website,
            feed,
        ),
        title,
        description,
        canonical: cx.urls.absolute(&url),
        url,
        intro: section.map(|s| section_html(cx, s)).unwrap_or_default(),
        breadcrumbs: nav::breadcrumbs(cx, folder.rsplit_once('/').map_or("", |(parent, _)| parent)),
        sidebar: nav::sidebar(cx, folder, None),
        groups: Vec::new(),
        pagination: None,
        folders: if folder.contains('/') {
            nav::subfolders(site, folder)
                .into_iter()
                .map(|f| LinkView {
                    title: nav::folder_title(site, cx.strings(), f),
                    url: cx.urls.folder(f),
                })
                .collect()
        } else {
            Vec::new()
        },
        noindex: false,
    };
    ListingSpec {
        view,
        ids,
        grouping,
    }
}

/// What orders release notes in the changelog, compared in reverse (newest
/// first): product (declared first, first), cycle or major version, version,
/// date; the page id last, for a total order.
type ReleaseOrder = (
    std::cmp::Reverse<usize>,
    Option<Version>,
    Option<Version>,
    Option<Date>,
    std::cmp::Reverse<PageId>,
);

fn release_order(site: &Site, id: PageId) -> ReleaseOrder {
    let page = &site.pages[id];
    let product = page.meta.product.as_deref();
    let position = product
        .and_then(|p| site.product_index(p))
        .unwrap_or(usize::MAX);
    let group = release_cycle(site, id).and_then(|(_, first)| first);
    (
        std::cmp::Reverse(position),
        group,
        page.release_version().cloned(),
        page.meta.date,
        std::cmp::Reverse(id),
    )
}

/// The cycle a release note belongs to, as (name, its first version): the
/// product's cycle that its version starts with, else its major version.
fn release_cycle(site: &Site, id: PageId) -> Option<(String, Option<Version>)> {
    let page = &site.pages[id];
    let version = page.release_version()?;
    let cycle = site.product_of(page).and_then(|p| p.cycle_of(version));
    Some(match cycle {
        Some(cycle) => (cycle.name.clone(), cycle_first_version(&cycle.name)),
        None => {
            let major = version.major().to_string();
            let first = cycle_first_version(&major);
            (format!("{major}.x"), first)
        }
    })
}

/// The heading a release note is listed under: "Acme Cloud 3", linked to the
/// cycle's row in the support matrix when the product has that cycle.
fn release_group(cx: &RenderContext<'_>, id: PageId) -> (String, Option<String>) {
    let site = cx.site;
    let page = &site.pages[id];
    let product = site.product_of(page);
    let name = product.map_or(page.meta.product.as_deref().unwrap_or(""), |p| {
        p.name.as_str()
    });
    let Some((cycle, _)) = release_cycle(site, id) else {
        return (cx.strings().get("listing.general").to_string(), None);
    };
    let row = product.and_then(|p| p.cycles.iter().find(|c| c.name == cycle));
    let label = row.map_or(cycle.as_str(), |c| c.label());
    let url = product
        .filter(|_| row.is_some())
        .map(|p| cx.urls.href(&routes::cycle(&p.id, &cycle)));
    (format!("{name} {label}").trim().to_string(), url)
}

/// EOL notices on a timeline: upcoming ones soonest first, then past ones
/// latest first.
fn timeline_order(site: &Site, id: PageId) -> (bool, i64, PageId) {
    let date = eol_date(site, id).map_or(0, |d| d.days_since_epoch());
    let past = eol_date(site, id).is_none_or(|d| d <= site.today);
    (past, if past { -date } else { date }, id)
}

fn timeline_group(cx: &RenderContext<'_>, id: PageId) -> (String, Option<String>) {
    let site = cx.site;
    let past = eol_date(site, id).is_none_or(|d| d <= site.today);
    let key = if past {
        "listing.eol_past"
    } else {
        "listing.eol_upcoming"
    };
    (cx.strings().get(key).to_string(), None)
}

/// Consecutive entries with the same (title, url) under one heading: the
/// listing is sorted so that each group's entries are adjacent.
fn group_runs(
    cx: &RenderContext<'_>,
    ids: &[PageId],
    group_of: impl Fn(PageId) -> (String, Option<String>),
) -> Vec<ListGroup> {
    let mut groups: Vec<ListGroup> = Vec::new();
    for &id in ids {
        let (title, url) = group_of(id);
        match groups.last_mut() {
            Some(last) if last.title == title && last.url == url => last.items.push(item(cx, id)),
            _ => groups.push(ListGroup {
                title,
                url,
                items: vec![item(cx, id)],
            }),
        }
    }
    groups
}

fn eol_date(site: &Site, id: PageId) -> Option<crate::model::Date> {
    match &site.pages[id].kind {
        PageKind::Eol(info) => Some(info.eol_date),
        _ => None,
    }
}

/// Groups pages by product, in the order products are declared; pages without a product last.
fn group_by_product(cx: &RenderContext<'_>, ids: &[PageId]) -> Vec<ListGroup> {
    let site = cx.site;
    let mut by_product: BTreeMap<usize, Vec<PageId>> = BTreeMap::new();
    for &id in ids {
        let position = site.pages[id]
            .meta
            .product
            .as_deref()
            .and_then(|p| site.product_index(p))
            .unwrap_or(usize::MAX);
        by_product.entry(position).or_default().push(id);
    }
    by_product
        .into_iter()
        .map(|(position, ids)| {
            let (title, url) = match site.products.get(position) {
                Some(product) => (
                    product.name.clone(),
                    Some(cx.urls.href(&routes::product(&product.id))),
                ),
                None => (cx.strings().get("listing.general").to_string(), None),
            };
            ListGroup {
                title,
                url,
                items: ids.into_iter().map(|id| item(cx, id)).collect(),
            }
        })
        .collect()
}

fn section_html(cx: &RenderContext<'_>, section: &crate::model::SectionIntro) -> String {
    cx.markdown(&section.file, &section.body)
}

fn home(cx: &RenderContext<'_>) -> Result<String, Diagnostic> {
    let site = cx.site;
    let home_section = site.section("");
    let url = cx.urls.folder("");
    let title = home_section.map_or(site.config.title.as_str(), |s| s.title.as_str());
    let description = home_section
        .and_then(|s| s.description.as_deref())
        .or(site.config.description.as_deref());
    let view = HomeView {
        head: head(cx, title, description, &url, OgType::Website, None),
        title,
        description,
        canonical: cx.urls.absolute(&url),
        url,
        intro: home_section
            .map(|s| section_html(cx, s))
            .unwrap_or_default(),
        products: (0..site.products.len())
            .map(|i| super::status::product_card(cx, i))
            .collect(),
        sections: top_section_items(cx),
        latest_releases: latest_release_per_product(site)
            .into_iter()
            .map(|id| item(cx, id))
            .collect(),
        ending_soon: ending_soon(cx),
        sidebar: nav::sidebar(cx, "", None),
    };
    cx.render_template(
        "home.html",
        &[("home", tera::Value::from_serializable(&view))],
    )
}

/// The highest released version of each product, in declaration order; a
/// pre-release only when the product has nothing else, a yanked release never.
fn latest_release_per_product(site: &Site) -> Vec<PageId> {
    site.products
        .iter()
        .filter_map(|product| {
            let releases = site.product_releases(&product.id);
            let mut kept = releases
                .iter()
                .rev()
                .filter(|&&id| !site.pages[id].is_yanked());
            let stable = kept.clone().find(|&&id| {
                site.pages[id]
                    .release_version()
                    .is_some_and(|v| !v.is_prerelease())
            });
            stable.or_else(|| kept.next()).copied()
        })
        .collect()
}

/// Every end of life within `stale.warn_days` after today, soonest first: the
/// cycles of product data, linked to their notice when one exists (else to the
/// support matrix), and notices of cycles the data does not have.
fn ending_soon(cx: &RenderContext<'_>) -> Vec<ListItem> {
    let site = cx.site;
    let today = site.today;
    let horizon = site.config.stale.warn_days;
    let soon = |date: Date| date > today && today.days_until(date) <= horizon;
    let notices: BTreeMap<(&str, &str), PageId> = site
        .pages
        .iter()
        .enumerate()
        .filter_map(|(id, page)| match &page.kind {
            PageKind::Eol(info) => {
                Some(((page.meta.product.as_deref()?, info.cycle.as_deref()?), id))
            }
            _ => None,
        })
        .collect();
    let mut entries: Vec<(Date, ListItem)> = Vec::new();
    let mut covered: Vec<PageId> = Vec::new();
    for product in &site.products {
        for cycle in &product.cycles {
            let Some(date) = cycle.eol.and_then(|m| m.date()).filter(|&d| soon(d)) else {
                continue;
            };
            let label = cycle.label();
            let notice = notices.get(&(product.id.as_str(), cycle.name.as_str()));
            covered.extend(notice);
            let url = notice.map_or_else(
                || cx.urls.href(&routes::cycle(&product.id, &cycle.name)),
                |&id| cx.urls.page(id),
            );
            let title = cx.strings().fill(
                "home.reaches_eol",
                &[("product", &product.name), ("cycle", label)],
            );
            entries.push((date, ending_item(cx, title, url, date)));
        }
    }
    for (id, page) in site.pages.iter().enumerate() {
        if let PageKind::Eol(info) = &page.kind {
            if soon(info.eol_date) && !covered.contains(&id) {
                let title = page.meta.title.clone();
                entries.push((
                    info.eol_date,
                    ending_item(cx, title, cx.urls.page(id), info.eol_date),
                ));
            }
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.title.cmp(&b.1.title)));
    entries.into_iter().map(|(_, item)| item).collect()
}

fn ending_item(cx: &RenderContext<'_>, title: String, url: String, date: Date) -> ListItem {
    let strings = cx.strings();
    let days = cx.site.today.days_until(date).max(0) as usize;
    ListItem {
        title,
        url,
        description: None,
        meta: vec![
            strings.fill("listing.end_of_life", &[("date", &strings.date(date))]),
            strings.count("timeline.days_left", days),
        ],
        badges: Vec::new(),
        children: Vec::new(),
    }
}

/// The home page's "Browse" entries: each top-level section and how many pages it holds.
fn top_section_items(cx: &RenderContext<'_>) -> Vec<ListItem> {
    let site = cx.site;
    nav::top_sections(site)
        .iter()
        .map(|top| ListItem {
            title: nav::folder_title(site, cx.strings(), top),
            url: cx.urls.folder(top),
            description: site.section(top).and_then(|s| s.description.clone()),
            meta: vec![cx
                .strings()
                .count("listing.pages", site.pages_under_top(top).len())],
            badges: Vec::new(),
            children: Vec::new(),
        })
        .collect()
}

fn products_index(cx: &RenderContext<'_>) -> ListingView {
    let url = cx.urls.href(routes::PRODUCTS);
    let title = cx.strings().get("listing.products").to_string();
    ListingView {
        head: head(cx, &title, None, &url, OgType::Website, None),
        title,
        description: None,
        canonical: cx.urls.absolute(&url),
        url,
        intro: String::new(),
        breadcrumbs: nav::breadcrumbs(cx, ""),
        sidebar: nav::sidebar(cx, "", None),
        groups: vec![ListGroup {
            title: String::new(),
            url: None,
            items: (0..cx.site.products.len())
                .map(|i| super::status::product_card(cx, i))
                .collect(),
        }],
        pagination: None,
        folders: Vec::new(),
        noindex: false,
    }
}

/// A listing per tag (with `only`, per tag it names, by slug).
fn tag_listings(cx: &RenderContext<'_>, only: Option<&BTreeSet<String>>) -> Vec<ListingSpec> {
    let by_tag = tags_with_pages(cx.site, only);
    let index_url = cx.urls.href(routes::TAGS);
    let mut specs = Vec::with_capacity(by_tag.len());
    for (slug, tag) in by_tag {
        let url = tag_url(&cx.urls, slug);
        let title = cx.strings().fill("listing.tagged", &[("tag", &tag.name)]);
        let view = ListingView {
            head: head(cx, &title, None, &url, OgType::Website, None),
            title,
            description: None,
            canonical: cx.urls.absolute(&url),
            url,
            intro: String::new(),
            breadcrumbs: vec![
                LinkView {
                    title: cx.strings().get("listing.home").to_string(),
                    url: cx.urls.folder(""),
                },
                LinkView {
                    title: cx.strings().get("listing.tags").to_string(),
                    url: index_url.clone(),
                },
            ],
            sidebar: nav::sidebar(cx, "", None),
            groups: Vec::new(),
            pagination: None,
            folders: Vec::new(),
            noindex: false,
        };
        specs.push(ListingSpec {
            view,
            ids: tag.pages.clone(),
            grouping: Grouping::Product,
        });
    }
    specs
}

/// The tag index: every tag and how many pages it has.
fn tag_index_view(cx: &RenderContext<'_>) -> ListingView {
    let index_url = cx.urls.href(routes::TAGS);
    let index_items = cx
        .site
        .tags()
        .iter()
        .map(|(slug, tag)| ListItem {
            title: tag.name.clone(),
            url: tag_url(&cx.urls, slug),
            description: None,
            meta: vec![cx.strings().count("listing.pages", tag.pages.len())],
            badges: Vec::new(),
            children: Vec::new(),
        })
        .collect();
    let title = cx.strings().get("listing.tags").to_string();
    ListingView {
        head: head(cx, &title, None, &index_url, OgType::Website, None),
        title,
        description: None,
        canonical: cx.urls.absolute(&index_url),
        url: index_url,
        intro: String::new(),
        breadcrumbs: nav::breadcrumbs(cx, ""),
        sidebar: nav::sidebar(cx, "", None),
        groups: vec![ListGroup {
            title: String::new(),
            url: None,
            items: index_items,
        }],
        pagination: None,
        folders: Vec::new(),
        noindex: false,
    }
}
