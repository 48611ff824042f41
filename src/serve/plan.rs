//! Rebuild planning for a front-matter edit of one page: from the page as it was
//! and as it is, and the model before and after, which authored pages and which
//! listings show something that changed. The plan may name pages whose output
//! turns out the same (only changed bytes are written); it must never miss one.
//!
//! What another page shows of page `P` (see `render::page` and `render::nav`):
//! its title and URL in the sidebar window of `P`'s folder, as previous/next, in
//! "Referenced by" (of the pages `P` links to), in link texts (of the pages that
//! link to it), and among "related pages" (pages near it in a tag's list).
//! Listings show the pages they list. What is not planned here falls back to a
//! full re-render (see [`fast_edit`]).

use std::collections::{BTreeSet, HashMap};

use crate::build::Analysis;
use crate::check::health::ReviewAge;
use crate::check::stale::{OptOutStatus, Reason};
use crate::model::routes::{listing_folders, output_path};
use crate::model::{listing_cmp, tag_slugs, Kind, Page, PageId, Site};
use crate::render::listings::{folders_listing, listed_pages, listing_chunk, LISTING_PAGE_SIZE};
use crate::render::nav;
use crate::render::page::{related_ids, RELATED_REACH};

/// Why a front-matter edit of a page cannot take the fast path, if it cannot.
pub fn fast_edit(site: &Site, drafts: bool, old: &Page, new: &Page) -> Result<(), &'static str> {
    if old.url != new.url || old.file != new.file || old.folder != new.folder {
        return Err("its URL changed");
    }
    if old.kind.kind() != new.kind.kind() || !matches!(old.kind.kind(), Kind::Guide | Kind::Faq) {
        return Err("it is a release note or EOL notice, or its kind changed");
    }
    if old.meta.product != new.meta.product {
        return Err("its product changed");
    }
    if old.meta.topic.is_some() || new.meta.topic.is_some() {
        return Err("it is on a topic");
    }
    let published =
        drafts || (!new.meta.draft && new.publish_date().is_none_or(|d| d <= site.today));
    if !published {
        return Err("it is no longer published");
    }
    // An alias that went takes its redirect page with it, unless another page
    // is at its URL or has it too (the full path sorts that out).
    let elsewhere = |alias: &String| {
        let url = alias_url(alias);
        site.pages.iter().any(|p| {
            p.url != old.url && (p.url == url || p.meta.aliases.iter().any(|a| alias_url(a) == url))
        })
    };
    if gone_aliases(old, new).any(elsewhere) {
        return Err("an alias that went is another page's URL or alias too");
    }
    if old.meta.search_excluded != new.meta.search_excluded {
        return Err("it joined or left search (its search fragment)");
    }
    // A tag that appears on the site or leaves it adds or removes a tag page, and
    // one that loses its 101st page loses a page of its listing.
    let others = |tag: &String| {
        site.pages
            .iter()
            .filter(|p| p.url != old.url && p.meta.tags.contains(tag))
            .count()
    };
    let page_size = crate::render::listings::LISTING_PAGE_SIZE;
    let tags_added = new.meta.tags.iter().filter(|t| !old.meta.tags.contains(t));
    if tags_added.into_iter().any(|t| others(t) == 0) {
        return Err("a tag page appears");
    }
    let mut tags_removed = old.meta.tags.iter().filter(|t| !new.meta.tags.contains(t));
    if tags_removed.any(|t| others(t) % page_size == 0) {
        return Err("a tag page or a page of its listing goes");
    }
    Ok(())
}

/// The aliases page `old` had and `new` has no longer.
fn gone_aliases<'p>(old: &'p Page, new: &'p Page) -> impl Iterator<Item = &'p String> {
    old.meta
        .aliases
        .iter()
        .filter(|a| !new.meta.aliases.contains(a))
}

/// An alias as the site URL its redirect page is at (`/guides/old/`).
fn alias_url(alias: &str) -> String {
    format!("/{}", alias.trim_start_matches('/'))
}

/// The output paths of the redirect pages of the aliases `P` lost.
pub fn gone_redirects(site: &Site, id: PageId, before: &Before) -> Vec<String> {
    gone_aliases(&before.page, &site.pages[id])
        .map(|a| output_path(&alias_url(a)))
        .collect()
}

/// What the plan needs to know of the site before the edit.
pub struct Before {
    pub page: Page,
    /// `P`'s folder, in order, and `P`'s place in it.
    folder: Vec<PageId>,
    position: usize,
    /// The first window of the folder, shown by pages in its subfolders.
    first_window: Vec<PageId>,
    links: Vec<PageId>,
    /// The pages that may show it among their related pages, with what they show
    /// (none when its tags and title stay: no page's related pages change).
    related: Vec<(PageId, Vec<PageId>)>,
    /// The folder and tag listings that listed it, by URL, with all they listed
    /// (`None` when its tags and place in listing order stay: no listing's order
    /// changes).
    listed: Option<HashMap<String, Vec<PageId>>>,
    /// What the health page shows of it: its stale reasons and opt-out, and
    /// the site's count of broken links.
    reasons: Vec<Reason>,
    optout: Option<OptOutStatus>,
    broken: usize,
}

impl Before {
    /// Page `id` and what shows it, before it becomes `new`.
    pub fn of(analysis: &Analysis, id: PageId, new: &Page) -> Before {
        let site = &analysis.site;
        let page = site.pages[id].clone();
        let tags_changed = page.meta.tags != new.meta.tags;
        // Related pages are picked by tags, ranked by title.
        let related = if tags_changed || page.meta.title != new.meta.title {
            related_near(analysis, id, new)
        } else {
            Vec::new()
        };
        // Listings are in listing order.
        let listed = (tags_changed || !listing_cmp(&page, new).is_eq()).then(|| {
            let folders: BTreeSet<String> = folders_listing(site, id).into_iter().collect();
            listed_pages(site, &folders, &tag_slugs(&page))
                .into_iter()
                .collect()
        });
        Before {
            folder: site.folders.get(&page.folder).cloned().unwrap_or_default(),
            position: site.position_in_folder(id),
            first_window: nav::window_ids(site, &page.folder, None),
            links: links_of(analysis, id),
            related,
            listed,
            reasons: analysis.stale.per_page[id].clone(),
            optout: optout_of(analysis, id).cloned(),
            broken: analysis.graph.broken.len(),
            page,
        }
    }

    /// Page `q`'s sidebar window of the folder and its previous and next page,
    /// before the edit; `q` is on the folder at `position`.
    fn around(&self, position: usize) -> Around {
        let folder = &self.folder;
        (
            nav::window_at(folder, Some(position)),
            position.checked_sub(1).map(|i| folder[i]),
            folder.get(position + 1).copied(),
        )
    }
}

/// The pages near page `id` in the lists of its old and new tags (those of
/// `new`), with the related pages each shows now.
fn related_near(analysis: &Analysis, id: PageId, new: &Page) -> Vec<(PageId, Vec<PageId>)> {
    let site = &analysis.site;
    let tags = site.pages[id].meta.tags.iter().chain(&new.meta.tags);
    let mut near = analysis.related.near(site, id, tags, RELATED_REACH);
    near.sort_unstable();
    near.dedup();
    near.into_iter()
        .map(|q| (q, related_ids(site, &analysis.related, q)))
        .collect()
}

fn optout_of(analysis: &Analysis, id: PageId) -> Option<&OptOutStatus> {
    analysis.stale.optouts.iter().find(|o| o.page == id)
}

/// Whether the health page shows something else after `P`'s edit. It shows of
/// each page its stale findings and opt-out (with its title), its review age, and
/// of the site the number of broken links and readers' votes (with titles).
pub fn health_changed(analysis: &Analysis, id: PageId, before: &Before) -> bool {
    let page = &analysis.site.pages[id];
    let today = analysis.site.today;
    let reasons = &analysis.stale.per_page[id];
    let optout = optout_of(analysis, id);
    let age = |p: &Page| ReviewAge::of(p.meta.review_date(), today);
    let listed = !reasons.is_empty()
        || !before.reasons.is_empty()
        || optout.is_some()
        || !analysis.site.feedback.sources.is_empty();
    *reasons != before.reasons
        || optout != before.optout.as_ref()
        || age(page) != age(&before.page)
        || analysis.graph.broken.len() != before.broken
        || (listed && page.meta.title != before.page.meta.title)
}

/// Whether the sitemap shows something else: a page's last-modified date.
pub fn sitemap_changed(analysis: &Analysis, id: PageId, before: &Before) -> bool {
    analysis.site.pages[id].meta.last_modified() != before.page.meta.last_modified()
}

/// A page's sidebar window of its folder, and its previous and next page.
type Around = (Vec<PageId>, Option<PageId>, Option<PageId>);

fn around(site: &Site, q: PageId) -> Around {
    let (prev, next) = nav::prev_next_ids(site, q);
    (
        nav::window_ids(site, &site.pages[q].folder, Some(q)),
        prev,
        next,
    )
}

/// The slugs of page's tags (their listings' names).
fn links_of(analysis: &Analysis, id: PageId) -> Vec<PageId> {
    let graph = &analysis.graph;
    let mut ids = graph.incoming[id].clone();
    ids.extend(&graph.outgoing[id]);
    ids
}

/// The authored pages to render again, after the model was updated.
pub fn pages_to_render(
    analysis: &Analysis,
    id: PageId,
    before: &Before,
    relinked: &[PageId],
) -> Vec<PageId> {
    let site = &analysis.site;
    let page = &site.pages[id];
    let shown_changed = page.meta.title != before.page.meta.title;
    let mut ids: BTreeSet<PageId> = BTreeSet::new();
    ids.insert(id);
    ids.extend(relinked);
    if shown_changed {
        // "Referenced by" lists and link texts show its title.
        ids.extend(&before.links);
        ids.extend(links_of(analysis, id));
    }
    // Pages near it in its old and new tags' lists: those whose related pages
    // changed or show it.
    for (q, was) in &before.related {
        let now = related_ids(site, &analysis.related, *q);
        if &now != was || (shown_changed && now.contains(&id)) {
            ids.insert(*q);
        }
    }
    ids.extend(folder_pages_to_render(site, id, before, shown_changed));
    // Pages in subfolders show the folder's first window.
    let first = nav::window_ids(site, &page.folder, None);
    let shows_first = first.contains(&id) || before.first_window.contains(&id);
    if first != before.first_window || (shown_changed && shows_first) {
        let prefix = format!("{}/", page.folder);
        ids.extend((0..site.pages.len()).filter(|&q| site.pages[q].folder.starts_with(&prefix)));
    }
    ids.into_iter().collect()
}

/// The pages of `P`'s folder whose window or neighbours changed, or show `P`
/// (when what they show of it changed). Only pages near `P`'s old or new place
/// can be such: elsewhere the pages around a page are the ones they were.
fn folder_pages_to_render(
    site: &Site,
    id: PageId,
    before: &Before,
    shown_changed: bool,
) -> Vec<PageId> {
    let now = site
        .folders
        .get(&site.pages[id].folder)
        .map_or(&[][..], Vec::as_slice);
    let near = |order: &[PageId], at: usize| {
        let start = at.saturating_sub(nav::WINDOW_REACH);
        order[start..(at + nav::WINDOW_REACH + 1).min(order.len())].to_vec()
    };
    let mut candidates = near(&before.folder, before.position);
    candidates.extend(near(now, site.position_in_folder(id)));
    candidates.sort_unstable();
    candidates.dedup();
    let old_position: HashMap<PageId, usize> = before
        .folder
        .iter()
        .enumerate()
        .map(|(i, &q)| (q, i))
        .collect();
    let shows = |w: &Around| w.0.contains(&id) || w.1 == Some(id) || w.2 == Some(id);
    candidates
        .into_iter()
        .filter(|q| {
            let now = around(site, *q);
            now != before.around(old_position[q]) || (shown_changed && shows(&now))
        })
        .collect()
}

/// The pages whose links may resolve differently now that `P`'s names, aliases,
/// headings or tags changed: those with a wikilink by one of the names it gained
/// or lost, with a path link that mentions an alias or tag it gained or lost, and
/// the pages that link to it (for its anchors).
pub fn pages_to_relink(analysis: &Analysis, id: PageId, old: &Page) -> Vec<PageId> {
    use crate::model::links::{names_of, wiki_keys};
    use crate::model::LinkSyntax;
    let site = &analysis.site;
    let new = &site.pages[id];
    let (was, is) = (names_of(old), names_of(new));
    let names: BTreeSet<&String> = was.symmetric_difference(&is).collect();
    let mut words: Vec<String> = Vec::new();
    for alias in old.meta.aliases.iter().chain(&new.meta.aliases) {
        if !(old.meta.aliases.contains(alias) && new.meta.aliases.contains(alias)) {
            let alias = alias.trim_matches('/');
            words.push(alias.rsplit('/').next().unwrap_or(alias).to_lowercase());
        }
    }
    if old.meta.tags != new.meta.tags {
        words.push("tags".to_string());
    }
    let mut ids: BTreeSet<PageId> = BTreeSet::new();
    ids.insert(id);
    if old.headings != new.headings || old.anchors != new.anchors {
        ids.extend(&analysis.graph.incoming[id]);
    }
    if !names.is_empty() || !words.is_empty() {
        for (q, page) in site.pages.iter().enumerate() {
            // (A title edit changes names only: no link's lower-cased text is needed.)
            let mentions = page.links.iter().any(|link| match link.syntax {
                LinkSyntax::Wiki => wiki_keys(&link.dest).iter().any(|k| names.contains(k)),
                _ if words.is_empty() => false,
                _ => {
                    let dest = link.dest.to_lowercase();
                    words.iter().any(|w| dest.contains(w.as_str()))
                }
            });
            if mentions {
                ids.insert(q);
            }
        }
    }
    ids.into_iter().collect()
}

/// Which listings to render again. A listing shows its pages' titles,
/// descriptions, badges and questions, and an EOL notice's links (with the
/// titles of the pages they link to), so the listings of `P` and of the EOL
/// notices rendered again are considered: of those, the pages of them whose
/// entries are not the ones they were, that list `P` or an EOL notice rendered
/// again, or (when the first sidebar window of `P`'s folder changed) that are
/// below that folder. The tag index when `P`'s tags changed; `P`'s product's
/// page when `P`'s title or place in its order changed.
pub struct ListingPlan {
    page: PageId,
    folders: BTreeSet<String>,
    tags: BTreeSet<String>,
    /// The pages whose entries may have changed, sorted.
    entries: Vec<PageId>,
    /// The listing URL prefix below which every listing is rendered again.
    below: Option<String>,
    tag_index: bool,
    products: BTreeSet<String>,
}

impl ListingPlan {
    pub fn new(site: &Site, id: PageId, before: &Before, rendered: &[PageId]) -> ListingPlan {
        let page = &site.pages[id];
        let mut entries: Vec<PageId> = rendered
            .iter()
            .copied()
            .filter(|&q| q == id || site.pages[q].kind.kind() == Kind::Eol)
            .collect();
        entries.sort_unstable();
        let mut folders: BTreeSet<String> = entries
            .iter()
            .flat_map(|&q| folders_listing(site, q))
            .collect();
        let mut tags: BTreeSet<String> = tag_slugs(&before.page);
        for &q in &entries {
            tags.extend(tag_slugs(&site.pages[q]));
        }
        let first = nav::window_ids(site, &page.folder, None);
        let first_changed = first != before.first_window
            || (page.meta.title != before.page.meta.title
                && (first.contains(&id) || before.first_window.contains(&id)));
        let below = first_changed.then(|| {
            // Listings of the folder and below it show its first sidebar window.
            let prefix = format!("{}/", page.folder);
            folders.extend(
                listing_folders(site)
                    .into_iter()
                    .filter(|f| *f == page.folder || f.starts_with(&prefix)),
            );
            crate::render::Urls::new(site).folder(&page.folder)
        });
        let products = page
            .meta
            .product
            .iter()
            // (The order ignores the title's case; the page shows it as written.)
            .filter(|_| {
                !listing_cmp(page, &before.page).is_eq()
                    || page.meta.title != before.page.meta.title
            })
            .cloned()
            .collect();
        ListingPlan {
            page: id,
            folders,
            tags,
            entries,
            below,
            tag_index: page.meta.tags != before.page.meta.tags,
            products,
        }
    }

    /// Whether page `number` of the listing at `url` of `listed` is rendered again.
    fn picks(&self, before: &Before, url: &str, listed: &[PageId], number: usize) -> bool {
        let here = listing_chunk(listed, number);
        if here.iter().any(|q| self.entries.binary_search(q).is_ok())
            || self
                .below
                .as_ref()
                .is_some_and(|below| url.starts_with(below))
        {
            return true;
        }
        let pages = |ids: &[PageId]| ids.len().div_ceil(LISTING_PAGE_SIZE).max(1);
        let Some(was) = &before.listed else {
            // No listing's order changed.
            return false;
        };
        match was.get(url) {
            Some(old) => pages(old) != pages(listed) || listing_chunk(old, number) != here,
            // A listing it joined (`before` has every listing it was on).
            None => listed.contains(&self.page),
        }
    }

    /// Renders `with` the listings' choice, its filter reading `before`.
    pub fn choose<T>(
        self,
        before: &Before,
        with: impl FnOnce(&crate::render::listings::Choice<'_>) -> T,
    ) -> T {
        let ListingPlan {
            folders,
            tags,
            tag_index,
            products,
            ..
        } = &self;
        let filter =
            |url: &str, listed: &[PageId], number: usize| self.picks(before, url, listed, number);
        let choice = crate::render::listings::Choice {
            folders: folders.clone(),
            tags: tags.clone(),
            filter: &filter,
            tag_index: *tag_index,
            products: products.clone(),
        };
        with(&choice)
    }
}
