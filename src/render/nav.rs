//! Navigation: sidebar tree, breadcrumbs, previous/next. Every piece is bounded
//! (a window of a folder's pages, not all of them), so output grows linearly
//! with the number of pages, never quadratically.

use super::strings::Strings;
use super::views::{LinkView, NavNode};
use super::{RenderContext, Urls};
use crate::model::{Kind, PageId, Site};

/// How many pages of one folder the sidebar lists around the current page: it
/// and three neighbours on either side, not the folder (whose listing, one click
/// away, has them all; the pager has the next and previous). A page's sidebar is
/// on every page, so each entry costs its bytes (about 110 on the 1,000-page
/// corpus) on every page.
const SIDEBAR_WINDOW: usize = 7;

/// The display title of a folder: its `_index.md` title, else a readable default.
pub fn folder_title(site: &Site, strings: &Strings, folder: &str) -> String {
    if let Some(section) = site.section(folder) {
        return section.title.clone();
    }
    let last = folder.rsplit('/').next().unwrap_or(folder);
    if let Some(product) = site.product(last) {
        return product.name.clone();
    }
    if let Some(kind) = Kind::of_folder(last) {
        return strings.get(&format!("section.{}", kind.name())).to_string();
    }
    let mut words = last.replace(['-', '_'], " ");
    if let Some(first) = words.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    words
}

/// Top-level folders that have pages, in reading order.
pub fn top_sections(site: &Site) -> Vec<String> {
    let mut tops: Vec<String> = Vec::new();
    for folder in site.folders.keys() {
        let top = folder.split('/').next().unwrap_or("");
        if !top.is_empty() && !tops.iter().any(|t| t == top) {
            tops.push(top.to_string());
        }
    }
    // Kinds in their order (guides, FAQ, release notes, EOL), then other folders.
    tops.sort_by_key(|t| {
        (
            Kind::of_folder(t).map_or(usize::MAX, |k| k as usize),
            t.clone(),
        )
    });
    tops
}

/// Direct sub-folders of `folder` that hold pages somewhere below them.
pub fn subfolders<'a>(site: &'a Site, folder: &str) -> Vec<&'a str> {
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    let mut subs: Vec<&str> = Vec::new();
    for key in site.folders.keys() {
        if let Some(rest) = key.strip_prefix(&prefix).filter(|r| !r.is_empty()) {
            let child = &key[..prefix.len() + rest.split('/').next().unwrap_or(rest).len()];
            if subs.last() != Some(&child) {
                subs.push(child);
            }
        }
    }
    subs.dedup();
    subs
}

/// The sidebar for a page in `folder` (or a listing of `folder` when `current` is None).
pub fn sidebar(cx: &RenderContext<'_>, folder: &str, current: Option<PageId>) -> Vec<NavNode> {
    let (site, urls, strings) = (cx.site, &cx.urls, cx.strings());
    top_sections(site)
        .into_iter()
        .map(|top| {
            let open = folder == top || folder.starts_with(&format!("{top}/"));
            let children = if open {
                folder_children(site, urls, strings, &top, folder, current)
            } else {
                (Vec::new(), 0)
            };
            NavNode {
                title: folder_title(site, strings, &top),
                url: urls.folder(&top),
                current: current.is_none() && folder == top,
                open,
                children: children.0,
                more: children.1,
            }
        })
        .collect()
}

/// Sub-folders and (a window of) pages of `node`, opening the path to `folder`.
fn folder_children(
    site: &Site,
    urls: &Urls<'_>,
    strings: &Strings,
    node: &str,
    folder: &str,
    current: Option<PageId>,
) -> (Vec<NavNode>, usize) {
    let mut children: Vec<NavNode> = subfolders(site, node)
        .into_iter()
        .map(|sub| {
            let open = folder == sub || folder.starts_with(&format!("{sub}/"));
            let (grandchildren, more) = if open {
                folder_children(site, urls, strings, sub, folder, current)
            } else {
                (Vec::new(), 0)
            };
            NavNode {
                title: folder_title(site, strings, sub),
                url: urls.folder(sub),
                current: current.is_none() && folder == sub,
                open,
                children: grandchildren,
                more,
            }
        })
        .collect();
    let pages = site.folders.get(node).map_or(&[][..], Vec::as_slice);
    let position = current
        .filter(|&c| site.pages[c].folder == node)
        .map(|c| site.position_in_folder(c));
    let (window, hidden) = window_around(pages, position);
    children.extend(window.iter().map(|&id| NavNode {
        title: site.pages[id].meta.title.clone(),
        url: urls.page(id),
        current: Some(id) == current,
        open: false,
        children: Vec::new(),
        more: 0,
    }));
    (children, hidden)
}

/// At most [`SIDEBAR_WINDOW`] ids around `current`, and how many were left out.
/// `position` is the current page's index in `pages`, when it is one of them.
fn window_around(pages: &[PageId], position: Option<usize>) -> (&[PageId], usize) {
    if pages.len() <= SIDEBAR_WINDOW {
        return (pages, 0);
    }
    let position = position.unwrap_or(0);
    let start = position
        .saturating_sub(SIDEBAR_WINDOW / 2)
        .min(pages.len() - SIDEBAR_WINDOW);
    (
        &pages[start..start + SIDEBAR_WINDOW],
        pages.len() - SIDEBAR_WINDOW,
    )
}

/// Home, then each folder down to `folder`.
pub fn breadcrumbs(cx: &RenderContext<'_>, folder: &str) -> Vec<LinkView> {
    let (site, urls, strings) = (cx.site, &cx.urls, cx.strings());
    let mut crumbs = vec![LinkView {
        title: strings.get("listing.home").to_string(),
        url: urls.folder(""),
    }];
    let mut path = String::new();
    for part in folder.split('/').filter(|p| !p.is_empty()) {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(part);
        crumbs.push(LinkView {
            title: folder_title(site, strings, &path),
            url: urls.folder(&path),
        });
    }
    crumbs
}

/// The pages before and after `id` in its folder's order.
pub fn prev_next(site: &Site, urls: &Urls<'_>, id: PageId) -> (Option<LinkView>, Option<LinkView>) {
    let link = |p: PageId| LinkView {
        title: site.pages[p].meta.title.clone(),
        url: urls.page(p),
    };
    let (prev, next) = prev_next_ids(site, id);
    (prev.map(link), next.map(link))
}

/// The pages before and after page `id` in its folder's order.
pub fn prev_next_ids(site: &Site, id: PageId) -> (Option<PageId>, Option<PageId>) {
    let Some(pages) = site.folders.get(&site.pages[id].folder) else {
        return (None, None);
    };
    let position = site.position_in_folder(id);
    let prev = position.checked_sub(1).map(|i| pages[i]);
    (prev, pages.get(position + 1).copied())
}

/// How far from a page's place in its folder another page's sidebar window or
/// neighbours can reach it.
pub const WINDOW_REACH: usize = SIDEBAR_WINDOW + 2;

/// The window of `pages` (a folder, in order) the sidebar shows around the page
/// at `position` (the first pages without one).
pub fn window_at(pages: &[PageId], position: Option<usize>) -> Vec<PageId> {
    window_around(pages, position).0.to_vec()
}

/// The pages of `folder` its sidebar entry lists when `current` is the page
/// shown (the first ones when it is not in `folder`).
pub fn window_ids(site: &Site, folder: &str, current: Option<PageId>) -> Vec<PageId> {
    let pages = site.folders.get(folder).map_or(&[][..], Vec::as_slice);
    let position = current
        .filter(|&c| site.pages[c].folder == folder)
        .map(|c| site.position_in_folder(c));
    window_around(pages, position).0.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_bounded_and_contains_the_current_page() {
        let pages: Vec<PageId> = (0..100).collect();
        let (window, hidden) = window_around(&pages, Some(99));
        assert_eq!(window.last(), Some(&99));
        assert_eq!(
            (window.len(), hidden),
            (SIDEBAR_WINDOW, 100 - SIDEBAR_WINDOW)
        );
        assert!(window.contains(&99));
        let (window, _) = window_around(&pages, Some(50));
        assert!(window.contains(&50));
        let small: Vec<PageId> = (0..5).collect();
        assert_eq!(window_around(&small, None), (&small[..], 0));
    }
}
