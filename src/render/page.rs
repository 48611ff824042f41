//! One authored page → `page.html`.

use std::collections::HashMap;

use super::search::BodyText;
use super::views::{
    iso, Badge, BannerView, EolView, FeedbackView, LinkView, PageView, ReleaseView, TocEntry, Tone,
};
use super::{nav, RenderContext};
use crate::diagnostics::Diagnostic;
use crate::model::links::Target;
use crate::model::{routes, LinkSyntax, Page, PageId, PageKind, Version};
use crate::url_template;

/// How many related pages a page lists.
const RELATED_COUNT: usize = 5;

/// Renders page `id` to HTML.
pub fn render_page(cx: &RenderContext<'_>, id: PageId) -> Result<String, Diagnostic> {
    render_page_and_text(cx, id, false).map(|rendered| rendered.html)
}

/// A page as render made it.
pub struct Rendered {
    pub html: String,
    /// The text of its body, for search.
    pub text: BodyText,
    /// Its body's HTML, when asked for (feeds carry it).
    pub body: Option<String>,
}

/// Renders page `id` to HTML, and gives the text of its body for search and,
/// with `keep_body`, the body's HTML.
pub fn render_page_and_text(
    cx: &RenderContext<'_>,
    id: PageId,
    keep_body: bool,
) -> Result<Rendered, Diagnostic> {
    let mut text = BodyText::default();
    let content = cx.page_markdown(id, Some(&mut text))?;
    let body = keep_body.then(|| content.clone());
    let view = page_view(cx, id, content, &text);
    let html = cx
        .render_template(
            "page.html",
            &[("page", tera::Value::from_serializable(&view))],
        )
        .map_err(|d| d.located(&cx.site.pages[id].file, 1, 1))?;
    Ok(Rendered { html, text, body })
}

/// The page's body as HTML, with links rewritten to resolved URLs.
pub fn body_html(cx: &RenderContext<'_>, id: PageId) -> Result<String, Diagnostic> {
    cx.page_markdown(id, None)
}

fn page_view<'a>(
    cx: &'a RenderContext<'a>,
    id: PageId,
    content: String,
    text: &BodyText,
) -> PageView<'a> {
    let site = cx.site;
    let page = &site.pages[id];
    let meta = &page.meta;
    let urls = &cx.urls;
    let url = urls.page(id);
    let canonical = urls.absolute(&url);
    let (prev, next) = nav::prev_next(site, urls, id);
    PageView {
        head: super::head::page_head(cx, page, &url, text),
        title: &meta.title,
        description: meta.description.as_deref(),
        url,
        kind: page.kind.name(),
        kind_label: cx
            .strings()
            .get(&format!("kind.{}", page.kind.name()))
            .to_string(),
        product: product_link(cx, page),
        versions: meta.versions.as_ref().map(ToString::to_string),
        tags: tag_links(cx, page),
        date: iso(meta.date),
        updated: iso(meta.updated),
        reviewed: iso(meta.reviewed),
        last_modified_long: meta.last_modified().map(|d| cx.strings().date(d)),
        content,
        toc: toc(page),
        questions: questions(page),
        breadcrumbs: nav::breadcrumbs(cx, &page.folder),
        sidebar: nav::sidebar(cx, &page.folder, Some(id)),
        prev,
        next,
        backlinks: cx.graph.incoming.get(id).map_or_else(Vec::new, |ids| {
            ids.iter().map(|&p| page_link(cx, p)).collect()
        }),
        related: related(cx, id)
            .into_iter()
            .map(|p| page_link(cx, p))
            .collect(),
        badges: badges(cx, id),
        banner: banner(cx, id),
        topic: super::status::topic_switcher(cx, id),
        release: release_view(cx, id),
        eol: eol_view(cx, page),
        word_count: page.word_count,
        reading_minutes: page.word_count.div_ceil(220).max(1),
        extra: &meta.extra,
        edit_url: site
            .config
            .edit_url
            .as_deref()
            .map(|t| fill_page_url(t, page, &canonical)),
        issue_url: site
            .config
            .issue_url
            .as_deref()
            .map(|t| fill_page_url(t, page, &canonical)),
        feedback: feedback_view(cx, page),
        canonical,
    }
}

/// An `edit_url` or `issue_url` for `page`: `{path}` is its source file relative to
/// the site root, `{url}` its absolute URL, `{title}` its title, each URL-encoded.
fn fill_page_url(template: &str, page: &Page, canonical: &str) -> String {
    let path = page.file.to_string_lossy().replace('\\', "/");
    url_template::fill(template, &|name| match name {
        "path" => Some(url_template::Value::Path(&path)),
        "url" => Some(url_template::Value::Component(canonical)),
        "title" => Some(url_template::Value::Component(&page.meta.title)),
        _ => None,
    })
}

/// Guides and FAQs ask readers whether they helped, when the site collects votes.
fn feedback_view<'a>(cx: &'a RenderContext<'a>, page: &'a Page) -> Option<FeedbackView<'a>> {
    let feedback = cx.site.config.feedback.as_ref()?;
    if !matches!(page.kind, PageKind::Guide | PageKind::Faq) {
        return None;
    }
    Some(FeedbackView {
        endpoint: feedback.endpoint.trim(),
        page: &page.url,
        version: iso(page.meta.last_modified()),
    })
}

fn page_link(cx: &RenderContext<'_>, id: PageId) -> LinkView {
    LinkView {
        title: cx.site.pages[id].meta.title.clone(),
        url: cx.urls.page(id),
    }
}

fn product_link(cx: &RenderContext<'_>, page: &Page) -> Option<LinkView> {
    let product = cx.site.product(page.meta.product.as_deref()?)?;
    Some(LinkView {
        title: product.name.clone(),
        url: cx.urls.href(&routes::product(&product.id)),
    })
}

fn tag_links(cx: &RenderContext<'_>, page: &Page) -> Vec<LinkView> {
    page.meta
        .tags
        .iter()
        .map(|t| LinkView {
            title: t.clone(),
            url: cx.urls.href(&routes::tag(t)),
        })
        .collect()
}

/// The table of contents: second- and third-level headings.
fn toc(page: &Page) -> Vec<TocEntry<'_>> {
    page.headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level))
        .map(toc_entry)
        .collect()
}

/// An FAQ's questions, listed at its top.
fn questions(page: &Page) -> Vec<TocEntry<'_>> {
    if matches!(page.kind, PageKind::Faq) {
        page.questions().map(toc_entry).collect()
    } else {
        Vec::new()
    }
}

fn toc_entry(heading: &crate::model::Heading) -> TocEntry<'_> {
    TocEntry {
        level: heading.level,
        id: &heading.id,
        text: &heading.text,
    }
}

fn release_view(cx: &RenderContext<'_>, id: PageId) -> Option<ReleaseView> {
    let neighbours = cx.site.release_neighbours(id);
    match &cx.site.pages[id].kind {
        PageKind::Release(info) => Some(ReleaseView {
            version: info.version.to_string(),
            breaking: info.breaking,
            deprecations: super::deprecations::of_release(cx, id),
            previous: neighbours.0.map(|p| page_link(cx, p)),
            next: neighbours.1.map(|n| page_link(cx, n)),
            cycle: release_cycle_link(cx, id, &info.version),
            yanked: info.yanked,
        }),
        _ => None,
    }
}

/// The row of a release's cycle in its product's support matrix, e.g.
/// "Acme Cloud 3" → `/products/acme-cloud/#cycle-3`.
fn release_cycle_link(cx: &RenderContext<'_>, id: PageId, version: &Version) -> Option<LinkView> {
    let product = cx.site.product_of(&cx.site.pages[id])?;
    let cycle = product.cycle_of(version)?;
    Some(LinkView {
        title: format!("{} {}", product.name, cycle.label()),
        url: cx.urls.href(&routes::cycle(&product.id, &cycle.name)),
    })
}

/// How many pages around a page, in each (group, tag) list, count as candidates.
const RELATED_WINDOW: usize = 64;

/// Pages by (product or folder, tag): the candidates for "related pages".
#[derive(Debug, Default)]
pub struct RelatedIndex {
    /// Each (group, tag) list's index in `lists`.
    by_key: HashMap<(String, String), usize>,
    /// The pages of each (group, tag), in page order.
    lists: Vec<Vec<PageId>>,
    /// The lists each page is in, one per tag it has.
    of_page: Vec<Vec<usize>>,
    /// Each page's place among all pages by title (ties by page order): ties of
    /// related pages are broken by title without comparing strings per page.
    titles: TitleRanks,
}

/// Each page's place among all pages by title, ties by page order.
#[derive(Debug, Default)]
struct TitleRanks {
    rank: Vec<u32>,
    by_rank: Vec<PageId>,
}

impl TitleRanks {
    fn new<'s>(pages: usize, title: impl Fn(PageId) -> &'s str) -> TitleRanks {
        let mut by_rank: Vec<PageId> = (0..pages).collect();
        by_rank.sort_by(|&a, &b| title(a).cmp(title(b)));
        let mut rank = vec![0; pages];
        for (place, &id) in by_rank.iter().enumerate() {
            rank[id] = place as u32;
        }
        TitleRanks { rank, by_rank }
    }

    /// Moves page `id` to its place for its new title: the other pages keep
    /// their order, so it is one binary search and the ranks between the old
    /// and the new place (serve, on each title edit, instead of sorting the site).
    fn retitle<'s>(&mut self, id: PageId, title: impl Fn(PageId) -> &'s str) {
        let old = self.rank[id] as usize;
        self.by_rank.remove(old);
        let key = (title(id), id);
        let new = self.by_rank.partition_point(|&p| (title(p), p) < key);
        self.by_rank.insert(new, id);
        for place in old.min(new)..=old.max(new) {
            self.rank[self.by_rank[place]] = place as u32;
        }
    }
}

impl RelatedIndex {
    pub fn new(site: &crate::model::Site) -> RelatedIndex {
        let mut index = RelatedIndex::default();
        for (id, page) in site.pages.iter().enumerate() {
            let group = related_group(page);
            let mut mine = Vec::with_capacity(page.meta.tags.len());
            for tag in &page.meta.tags {
                let next = index.lists.len();
                let list = *index
                    .by_key
                    .entry((group.clone(), tag.clone()))
                    .or_insert(next);
                if list == next {
                    index.lists.push(Vec::new());
                }
                // A tag written twice on a page counts once.
                if index.lists[list].last() != Some(&id) {
                    index.lists[list].push(id);
                    mine.push(list);
                }
            }
            index.of_page.push(mine);
        }
        index.titles = TitleRanks::new(site.pages.len(), |id| &site.pages[id].meta.title);
        index
    }

    /// Page `id`'s title changed in `site` (and nothing else the index holds).
    pub fn retitle(&mut self, site: &crate::model::Site, id: PageId) {
        self.titles
            .retitle(id, |page| site.pages[page].meta.title.as_str());
    }

    /// The pages within `reach` of page `id` (as it is in `site`) in the lists of
    /// `tags`: the only pages that can count it among their candidates (serve's
    /// rebuild plan).
    pub fn near<'t>(
        &self,
        site: &crate::model::Site,
        id: PageId,
        tags: impl IntoIterator<Item = &'t String>,
        reach: usize,
    ) -> Vec<PageId> {
        let page = &site.pages[id];
        let group = related_group(page);
        let mut near = Vec::new();
        for tag in tags {
            let Some(&list) = self.by_key.get(&(group.clone(), tag.clone())) else {
                continue;
            };
            let list = &self.lists[list];
            let position = list.binary_search(&id).unwrap_or_else(|p| p);
            let start = position.saturating_sub(reach);
            near.extend(list.iter().skip(start).take(2 * reach + 1));
        }
        near
    }
}

/// How far from a page in a tag's list another page can be and still count it
/// among its related candidates (a window is centred on its page), after the
/// page joins or leaves the list.
pub const RELATED_REACH: usize = RELATED_WINDOW / 2 + 2;

/// Related pages share a product; pages without one share a folder.
fn related_group(page: &Page) -> String {
    page.meta
        .product
        .clone()
        .unwrap_or_else(|| format!("folder:{}", page.folder))
}

/// Pages of the same product sharing the most tags, best first; ties by title.
/// Each tag contributes a bounded window of candidates, so the cost per page is
/// constant however large the site grows.
fn related(cx: &RenderContext<'_>, id: PageId) -> Vec<PageId> {
    related_ids(cx.site, cx.related, id)
}

/// [`related`] from the site and its index alone (serve's rebuild plan compares them).
pub fn related_ids(site: &crate::model::Site, index: &RelatedIndex, id: PageId) -> Vec<PageId> {
    debug_assert_eq!(index.of_page.len(), site.pages.len());
    // Every candidate once per list it shares with the page: after sorting, a run
    // of the same page is the number of tags it shares.
    let mut candidates: Vec<PageId> = Vec::new();
    for &list in index.of_page.get(id).map_or(&[][..], Vec::as_slice) {
        let list = &index.lists[list];
        let position = list.binary_search(&id).unwrap_or(0);
        let start = position.saturating_sub(RELATED_WINDOW / 2);
        candidates.extend(
            list.iter()
                .skip(start)
                .take(RELATED_WINDOW)
                .filter(|&&o| o != id),
        );
    }
    candidates.sort_unstable();
    let mut ranked: Vec<(PageId, usize)> = Vec::new();
    for other in candidates {
        match ranked.last_mut() {
            Some((last, shared)) if *last == other => *shared += 1,
            _ => ranked.push((other, 1)),
        }
    }
    ranked.sort_unstable_by_key(|&(other, shared)| {
        (std::cmp::Reverse(shared), index.titles.rank[other])
    });
    ranked
        .into_iter()
        .take(RELATED_COUNT)
        .map(|(p, _)| p)
        .collect()
}

fn badges(cx: &RenderContext<'_>, id: PageId) -> Vec<Badge> {
    let page = &cx.site.pages[id];
    let mut badges = Vec::new();
    if let Some(text) = versions_text(cx, page) {
        badges.push(Badge {
            text,
            tone: Tone::Info,
            // The prose reads well; the requirement as written is exact.
            title: page
                .meta
                .versions
                .as_ref()
                .map(|v| format!("{}: {v}", cx.strings().get("badge.versions_title"))),
        });
    }
    if let PageKind::Release(info) = &page.kind {
        badges.extend(release_badges(cx, info, "badge.breaking_changes"));
    }
    badges.extend(super::status::badges(cx, id));
    badges
}

/// A release note's own badges: breaking (with the text `breaking_key`, which is
/// shorter in listings) and yanked.
pub(super) fn release_badges(
    cx: &RenderContext<'_>,
    info: &crate::model::ReleaseInfo,
    breaking_key: &str,
) -> Vec<Badge> {
    let strings = cx.strings();
    let mut badges = Vec::new();
    if info.breaking {
        badges.push(Badge {
            text: strings.get(breaking_key).to_string(),
            tone: Tone::Danger,
            title: None,
        });
    }
    if info.yanked {
        badges.push(Badge {
            text: strings.get("badge.yanked").to_string(),
            tone: Tone::Warn,
            title: Some(strings.get("badge.yanked_title").to_string()),
        });
    }
    badges
}

/// A page's versions as readers read them: "Acme Cloud 2.x", "3.0 and later".
/// The prose is English; a site in another language gets its strings' form of
/// the requirement as written, until the words are in the theme strings too.
pub(super) fn versions_text(cx: &RenderContext<'_>, page: &Page) -> Option<String> {
    let versions = page.meta.versions.as_ref()?;
    if !cx.site.config.language.starts_with("en") {
        return Some(
            cx.strings()
                .fill("badge.versions", &[("versions", &versions.to_string())]),
        );
    }
    let product = cx.site.product_of(page).map(|p| p.name.as_str());
    Some(match (product, versions.describe()) {
        (Some(name), Some(words)) => format!("{name} {words}"),
        (None, Some(words)) => format!("Applies to {words}"),
        (Some(name), None) => format!("{name} versions {versions}"),
        (None, None) => format!("Versions {versions}"),
    })
}

fn banner(cx: &RenderContext<'_>, id: PageId) -> Option<BannerView> {
    super::status::banner(cx, id)
}

fn eol_view(cx: &RenderContext<'_>, page: &Page) -> Option<EolView> {
    let PageKind::Eol(info) = &page.kind else {
        return None;
    };
    let link = |dest: &Option<String>| field_link(cx, page, dest.as_deref()?);
    let facts = super::eol::facts(cx, page)?;
    Some(EolView {
        cycles: facts.cycles,
        when: facts.when,
        days_left: facts.days_left,
        eol_date: info.eol_date.to_string(),
        eol_date_long: cx.strings().date(info.eol_date),
        reached: info.eol_date <= cx.site.today,
        cycle: info.cycle.clone(),
        announced: info.announced.map(|d| cx.strings().date(d)),
        replacement: link(&info.replacement),
        migration: link(&info.migration),
    })
}

/// A link written in a front-matter field (`replacement:`, `migration:`), titled
/// by the page or product it names, as the page shows it.
pub(super) fn field_link(cx: &RenderContext<'_>, page: &Page, dest: &str) -> Option<LinkView> {
    let (title, target) = field_target(cx, page, dest)?;
    Some(LinkView {
        title,
        url: cx.urls.target(&target),
    })
}

/// Where a front-matter field link (`replacement:`, `migration:`) leads, with the
/// title to show: the page's title, the product's name, else the field as
/// written. The link stage checked it: a broken one fails the build, or, under
/// `links: {broken: warn}`, is reported as a warning and gives `None` here, like a
/// field the writer left empty.
pub fn field_target(cx: &RenderContext<'_>, page: &Page, dest: &str) -> Option<(String, Target)> {
    let target = cx
        .resolver
        .resolve(&page.file, None, LinkSyntax::Field, dest)
        .ok()?;
    let title = match &target {
        Target::Page { id, .. } => cx.site.pages[*id].meta.title.clone(),
        _ => cx
            .site
            .product(dest.trim())
            .map_or_else(|| dest.to_string(), |p| p.name.clone()),
    };
    Some((title, target))
}

#[cfg(test)]
mod tests {
    use super::TitleRanks;

    #[test]
    fn a_retitled_page_takes_the_place_a_fresh_sort_gives_it() {
        let mut titles: Vec<String> = ["m", "c", "x", "c", "a", "q", "c", "z"]
            .map(String::from)
            .to_vec();
        let mut ranks = TitleRanks::new(titles.len(), |id| &titles[id]);
        // To the front, to the back, into a tie (page order decides), unchanged.
        for (id, title) in [(2, "0"), (4, "zz"), (0, "c"), (5, "q"), (6, "b"), (7, "c")] {
            titles[id] = title.to_string();
            ranks.retitle(id, |page| &titles[page]);
            let fresh = TitleRanks::new(titles.len(), |page| &titles[page]);
            assert_eq!(ranks.rank, fresh.rank, "after page {id} became {title:?}");
            assert_eq!(ranks.by_rank, fresh.by_rank);
        }
    }
}
