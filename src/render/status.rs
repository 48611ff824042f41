//! Product status for readers: stale banners and badges, product cards and the
//! per-product support matrix page.

use super::views::{
    Badge, BannerView, CycleRow, LinkGroup, LinkView, ListItem, ProductView, Tone, TopicEntry,
    TopicView,
};
use super::{nav, RenderContext};
use crate::check::stale::{ReaderLine, Rule, See, Value};
use crate::diagnostics::Diagnostic;
use crate::model::status::ProductStatus;
use crate::model::{routes, Cycle, Kind, Milestone, PageId, Product, Site};

/// Badges for a page's stale state, as readers see it.
pub fn badges(cx: &RenderContext<'_>, id: PageId) -> Vec<Badge> {
    let mut badges = Vec::new();
    for reason in cx.stale.reader_reasons(id) {
        let (key, tone) = match reason.code {
            Rule::EndOfLife => ("badge.end_of_life", Tone::Danger),
            Rule::OutdatedVersion => ("badge.older_version", Tone::Warn),
            Rule::EolUpcoming => ("badge.eol_soon", Tone::Info),
            Rule::SupportEnded => ("badge.security_only", Tone::Info),
            _ => ("badge.needs_review", Tone::Muted),
        };
        let text = cx.strings().get(key);
        if !badges.iter().any(|b: &Badge| b.text == text) {
            let lines: Vec<String> = reason.reader.iter().map(|l| reader_text(cx, l)).collect();
            badges.push(Badge {
                text: text.to_string(),
                tone,
                title: Some(lines.join(" ")),
            });
        }
    }
    badges
}

/// A reader line in the site's language, its dates in words.
pub fn reader_text(cx: &RenderContext<'_>, line: &ReaderLine) -> String {
    let strings = cx.strings();
    let values: Vec<(&str, String)> = line
        .values
        .iter()
        .map(|(name, value)| match value {
            Value::Text(text) => (*name, text.clone()),
            Value::Date(date) => (*name, strings.date(*date)),
        })
        .collect();
    let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
    strings.fill(line.key, &values)
}

/// The banner on a stale page: why, in plain words, and where to go instead.
pub fn banner(cx: &RenderContext<'_>, id: PageId) -> Option<BannerView> {
    let reasons: Vec<_> = cx.stale.reader_reasons(id).collect();
    if reasons.is_empty() {
        return None;
    }
    let codes: Vec<Rule> = reasons.iter().map(|r| r.code).collect();
    let tone = banner_tone(&codes);
    let mut links: Vec<LinkView> = Vec::new();
    for see in reasons.iter().flat_map(|r| &r.see) {
        let link = see_link(cx, see);
        if let Some(link) = link.filter(|l| !links.iter().any(|x| x.url == l.url)) {
            links.push(link);
        }
    }
    let superseded = reasons
        .iter()
        .any(|r| matches!(r.code, Rule::OutdatedVersion | Rule::EndOfLife));
    Some(BannerView {
        tone,
        lines: reasons
            .iter()
            .flat_map(|r| &r.reader)
            .map(|line| reader_text(cx, line))
            .collect(),
        links,
        current: superseded.then(|| current_version_page(cx, id)).flatten(),
    })
}

/// The page of `id`'s topic that applies to the current version, when it is another.
fn current_version_page(cx: &RenderContext<'_>, id: PageId) -> Option<LinkView> {
    let topic = cx.stale.topics.of(id)?;
    let current = topic.current.filter(|&c| c != id)?;
    let version = topic.current_version.as_ref()?;
    let product = cx
        .site
        .product(cx.site.pages[current].meta.product.as_deref()?)?;
    let version = version.to_string();
    Some(LinkView {
        title: cx.strings().fill(
            "banner.current_page",
            &[("product", &product.name), ("version", &version)],
        ),
        url: cx.urls.page(current),
    })
}

/// The version switcher: every page of `id`'s topic, labelled by its versions.
pub fn topic_switcher(cx: &RenderContext<'_>, id: PageId) -> Option<TopicView> {
    let topic = cx.stale.topics.of(id).filter(|t| t.pages.len() > 1)?;
    Some(TopicView {
        id: topic.id.clone(),
        pages: topic
            .pages
            .iter()
            .map(|p| TopicEntry {
                label: p.label.clone(),
                url: cx.urls.page(p.page),
                current: p.page == id,
            })
            .collect(),
    })
}

/// End of life is alarming; an end ahead or security-only support is news
/// (neutral); anything else asks for care.
fn banner_tone(codes: &[Rule]) -> Tone {
    let neutral = |code: &Rule| matches!(code, Rule::EolUpcoming | Rule::SupportEnded);
    if codes.contains(&Rule::EndOfLife) {
        Tone::Danger
    } else if codes.iter().all(neutral) {
        Tone::Info
    } else {
        Tone::Warn
    }
}

fn see_link(cx: &RenderContext<'_>, see: &See) -> Option<LinkView> {
    match see {
        See::Page(id) => Some(LinkView {
            title: cx.site.pages[*id].meta.title.clone(),
            url: cx.urls.page(*id),
        }),
        See::Product(product) => {
            let product = cx.site.product(product)?;
            Some(LinkView {
                title: cx
                    .strings()
                    .fill("banner.support_matrix", &[("product", &product.name)]),
                url: product_url(cx, product),
            })
        }
    }
}

pub fn product_url(cx: &RenderContext<'_>, product: &Product) -> String {
    cx.urls.href(&routes::product(&product.id))
}

/// A product's entry on the home page and the products index.
pub fn product_card(cx: &RenderContext<'_>, index: usize) -> ListItem {
    let product = &cx.site.products[index];
    let status = &cx.stale.statuses[index];
    let mut meta = Vec::new();
    if let Some(current) = current_shown(product, status) {
        let current = cx
            .strings()
            .fill("product.current_version", &[("version", &current)]);
        meta.push(current);
    }
    let mut badges = Vec::new();
    if status.discontinued.is_discontinued() {
        badges.push(Badge {
            text: cx.strings().get("badge.discontinued").to_string(),
            tone: Tone::Danger,
            title: None,
        });
    }
    ListItem {
        title: product.name.clone(),
        url: product_url(cx, product),
        description: product.description.clone(),
        meta,
        badges,
        children: Vec::new(),
    }
}

/// The current version as readers see it: a pinned `current` as written (even a
/// label, which the stale rules cannot use), else the computed one.
pub fn current_shown(product: &Product, status: &ProductStatus) -> Option<String> {
    product
        .current
        .as_ref()
        .map(ToString::to_string)
        .or_else(|| status.current.as_ref().map(ToString::to_string))
}

/// A date in words; `true` reads "Ended", `false` "No date set", none "—".
fn milestone_text(cx: &RenderContext<'_>, m: Option<Milestone>) -> String {
    match m {
        Some(Milestone::On(date)) => cx.strings().date(date),
        Some(Milestone::Flag(true)) => cx.strings().get("product.ended").to_string(),
        Some(Milestone::Flag(false)) => cx.strings().get("product.no_date").to_string(),
        None => "—".to_string(),
    }
}

fn cycle_status(cx: &RenderContext<'_>, cycle: &Cycle, today: crate::model::Date) -> Badge {
    let (key, tone) = if !cycle.is_released(today) {
        ("product.upcoming", Tone::Muted)
    } else if cycle.is_end_of_life(today) {
        if cycle
            .eoes
            .is_some_and(|m| !m.reached(today) && m != Milestone::Flag(false))
        {
            ("product.extended_support", Tone::Warn)
        } else {
            ("product.cycle_end_of_life", Tone::Danger)
        }
    } else if cycle.active_support_ended(today) {
        ("product.security_only", Tone::Warn)
    } else {
        ("product.supported", Tone::Ok)
    };
    Badge {
        text: cx.strings().get(key).to_string(),
        tone,
        title: None,
    }
}

/// `/products/<id>/`: overview, support matrix, and the product's pages by kind;
/// of the products `wanted` picks (by id).
pub fn product_pages(
    cx: &RenderContext<'_>,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let site = cx.site;
    let mut files = Vec::new();
    for (index, product) in site.products.iter().enumerate() {
        if !wanted(&product.id) {
            continue;
        }
        let status = &cx.stale.statuses[index];
        let rows: Vec<CycleRow> = product
            .cycles
            .iter()
            .map(|c| CycleRow {
                name: c.name.clone(),
                anchor: routes::cycle_anchor(&c.name),
                label: c.label().to_string(),
                codename: c.codename.clone(),
                released: c.release_date.map(|d| cx.strings().date(d)),
                latest: c.latest.as_ref().map(ToString::to_string),
                latest_date: c.latest_release_date.map(|d| cx.strings().date(d)),
                active_support: milestone_text(cx, c.eoas),
                end_of_life: milestone_text(cx, c.eol),
                extended_support: c.eoes.map(|m| milestone_text(cx, Some(m))),
                lts: c.lts.is_some_and(|m| m.reached(site.today)),
                status: cycle_status(cx, c, site.today),
                link: c.link.clone(),
                extra: c.extra.clone(),
            })
            .collect();
        let view = product_view(cx, product, status, rows);
        let html = cx.render_template(
            "product.html",
            &[("product", tera::Value::from_serializable(&view))],
        )?;
        files.push((
            routes::output_path(&routes::product(&product.id)),
            html.into_bytes(),
        ));
    }
    Ok(files)
}

/// Everything `product.html` shows about `product` around its support-matrix rows.
fn product_view<'a>(
    cx: &RenderContext<'a>,
    product: &'a Product,
    status: &ProductStatus,
    cycles: Vec<CycleRow>,
) -> ProductView<'a> {
    let url = product_url(cx, product);
    ProductView {
        head: super::head::head(
            cx,
            &product.name,
            product.description.as_deref(),
            &url,
            super::head::OgType::Website,
            Some(super::feeds::FeedSet::Product(product)),
        ),
        id: &product.id,
        title: &product.name,
        description: product.description.as_deref(),
        canonical: cx.urls.absolute(&url),
        url,
        overview: overview_html(cx, product),
        current: current_shown(product, status),
        latest_release_date: status.latest_release_date.map(|d| cx.strings().date(d)),
        discontinued: status.discontinued.is_discontinued(),
        cycles,
        groups: pages_by_kind(cx, product),
        extra: &product.extra,
        breadcrumbs: vec![
            LinkView {
                title: cx.strings().get("listing.home").to_string(),
                url: cx.urls.folder(""),
            },
            LinkView {
                title: cx.strings().get("listing.products").to_string(),
                url: cx.urls.href(routes::PRODUCTS),
            },
        ],
        sidebar: nav::sidebar(cx, "", None),
        today: cx.strings().date(cx.site.today),
    }
}

/// The overview as HTML; its links resolve from the product's own file.
fn overview_html(cx: &RenderContext<'_>, product: &Product) -> String {
    if product.overview.trim().is_empty() {
        return String::new();
    }
    cx.markdown_with(&product.overview, &|syntax, dest| {
        cx.resolver.resolve_in_overview(product, syntax, dest)
    })
}

/// The product's pages, one group per kind, in the order kinds are listed.
fn pages_by_kind(cx: &RenderContext<'_>, product: &Product) -> Vec<LinkGroup> {
    Kind::ALL
        .into_iter()
        .map(|kind| LinkGroup {
            title: cx
                .strings()
                .get(&format!("section.{}", kind.name()))
                .to_string(),
            items: product_pages_of_kind(cx.site, product, kind)
                .into_iter()
                .map(|id| LinkView {
                    title: cx.site.pages[id].meta.title.clone(),
                    url: cx.urls.page(id),
                })
                .collect(),
        })
        .filter(|group| !group.items.is_empty())
        .collect()
}

/// Release notes newest version first; other kinds in listing order.
fn product_pages_of_kind(site: &Site, product: &Product, kind: Kind) -> Vec<PageId> {
    let mut ids: Vec<PageId> = site
        .pages_of_product(&product.id)
        .filter(|(_, p)| p.kind.kind() == kind)
        .map(|(id, _)| id)
        .collect();
    if kind == Kind::Release {
        ids.sort_by(|&a, &b| {
            site.pages[b]
                .release_version()
                .cmp(&site.pages[a].release_version())
        });
    } else {
        crate::model::sort_for_listing(&site.pages, &mut ids);
    }
    ids
}
