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
use crate::model::{Kind, Page, PageId, Site};
use crate::render::listings::{listed_pages, listing_chunk, LISTING_PAGE_SIZE};
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
    // Files only this page makes, which a partial render cannot delete.
    if old
        .meta
        .aliases
        .iter()
        .any(|a| !new.meta.aliases.contains(a))
    {
        return Err("an alias went (and its redirect page with it)");
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

/// What the plan needs to know of the site before the edit.
pub struct Before {
    pub page: Page,
    /// `P`'s folder, in order.
    folder: Vec<PageId>,
    /// For each page of the folder: its sidebar window of the folder and its
    /// previous and next page.
    windows: Vec<(Vec<PageId>, Option<PageId>, Option<PageId>)>,
    /// The first window of the folder, shown by pages in its subfolders.
    first_window: Vec<PageId>,
    links: Vec<PageId>,
    /// The pages that may show it among their related pages, with what they show.
    related: Vec<(PageId, Vec<PageId>)>,
    /// Whether a feed carried it.
    pub in_feeds: bool,
    /// The folder and tag listings that listed it, by URL, with all they listed.
    listed: HashMap<String, Vec<PageId>>,
}

/// Whether a feed carries page `id`.
pub fn in_feeds(site: &Site, id: PageId) -> bool {
    crate::render::feeds::Plan::new(site).pages().contains(&id)
}

impl Before {
    /// Page `id` and what shows it, before it becomes `new`.
    pub fn of(analysis: &Analysis, id: PageId, new: &Page) -> Before {
        let site = &analysis.site;
        let page = site.pages[id].clone();
        let tags = page.meta.tags.iter().chain(&new.meta.tags);
        let mut near = analysis.related.near(site, id, tags, RELATED_REACH);
        near.sort_unstable();
        near.dedup();
        let related = near
            .into_iter()
            .map(|q| (q, related_ids(site, &analysis.related, q)))
            .collect();
        let folder = site.folders.get(&page.folder).cloned().unwrap_or_default();
        Before {
            windows: folder.iter().map(|&q| around(site, q)).collect(),
            first_window: nav::window_ids(site, &page.folder, None),
            folder,
            links: links_of(analysis, id),
            related,
            in_feeds: in_feeds(site, id),
            listed: listed_pages(site)
                .into_iter()
                .filter(|(_, ids)| ids.contains(&id))
                .collect(),
            page,
        }
    }
}

fn around(site: &Site, q: PageId) -> (Vec<PageId>, Option<PageId>, Option<PageId>) {
    let (prev, next) = nav::prev_next_ids(site, q);
    (
        nav::window_ids(site, &site.pages[q].folder, Some(q)),
        prev,
        next,
    )
}

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
    // The folder: every page whose window or neighbours changed, or show `P`.
    for (i, &q) in before.folder.iter().enumerate() {
        let now = around(site, q);
        let shows = |w: &(Vec<PageId>, Option<PageId>, Option<PageId>)| {
            w.0.contains(&id) || w.1 == Some(id) || w.2 == Some(id)
        };
        if now != before.windows[i] || (shown_changed && shows(&now)) {
            ids.insert(q);
        }
    }
    // Pages in subfolders show the folder's first window.
    let first = nav::window_ids(site, &page.folder, None);
    let shows_first = first.contains(&id) || before.first_window.contains(&id);
    if first != before.first_window || (shown_changed && shows_first) {
        let prefix = format!("{}/", page.folder);
        ids.extend((0..site.pages.len()).filter(|&q| site.pages[q].folder.starts_with(&prefix)));
    }
    ids.into_iter().collect()
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
            let mentions = page.links.iter().any(|link| match link.syntax {
                LinkSyntax::Wiki => wiki_keys(&link.dest).iter().any(|k| names.contains(k)),
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

/// Which pages of folder and tag listings to render again: those that list a
/// page rendered again (`rendered`, with `P`: a listing shows its pages' links,
/// such as an EOL notice's migration guide); those whose entries are not the
/// ones they were, in a listing that lists `P` now or did before; and, when the
/// first sidebar window of `P`'s folder changed, every listing below that folder.
pub fn listing_filter<'a>(
    site: &'a Site,
    id: PageId,
    before: &'a Before,
    rendered: &'a [PageId],
) -> impl Fn(&str, &[PageId], usize) -> bool + Sync + 'a {
    let urls = crate::render::Urls::new(site);
    // Listings below the folder show its first sidebar window.
    let below = urls.folder(&site.pages[id].folder);
    let first = nav::window_ids(site, &site.pages[id].folder, None);
    let first_changed = first != before.first_window
        || (site.pages[id].meta.title != before.page.meta.title
            && (first.contains(&id) || before.first_window.contains(&id)));
    move |url: &str, listed: &[PageId], number: usize| {
        let here = listing_chunk(listed, number);
        if here.iter().any(|q| rendered.binary_search(q).is_ok())
            || (first_changed && url.starts_with(&below))
        {
            return true;
        }
        let pages = |ids: &[PageId]| ids.len().div_ceil(LISTING_PAGE_SIZE).max(1);
        match before.listed.get(url) {
            Some(old) => pages(old) != pages(listed) || listing_chunk(old, number) != here,
            None => listed.contains(&id),
        }
    }
}
