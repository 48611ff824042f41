//! Rebuild planning for an edit of the product data (`content/products.yaml` or
//! a file under `content/products/`): which products changed, and what shows
//! them. The stale rules are judged again for the whole site (a product's
//! status decides its pages' verdicts); what a page shows of its product beyond
//! its verdict is its release cycle (release notes: the cycle's label, and the
//! current version deprecations are measured against) and its cycles' rows (EOL
//! notices: labels and latest versions). Names, ids, order, overviews and cycle
//! names are on every page, or checked as link targets: an edit of those takes
//! the full path (see [`fast_edit`]).

use std::collections::BTreeSet;

use crate::check::stale::StaleReport;
use crate::model::routes::slugify;
use crate::model::status::ProductStatus;
use crate::model::{PageId, PageKind, Product, Site};
use crate::render::listings::{folders_listing, listing_chunk, Choice};

/// The indexes of the products whose data changed, when the edit can take the
/// fast path; else why not.
pub fn fast_edit(old: &[Product], new: &[Product]) -> Result<Vec<usize>, &'static str> {
    if old.len() != new.len() {
        return Err("a product came or went");
    }
    let mut changed = Vec::new();
    for (index, (was, is)) in old.iter().zip(new).enumerate() {
        if was.id != is.id {
            return Err("products were renamed or reordered");
        }
        if was.name != is.name {
            return Err("a product's name changed (every page's header shows it)");
        }
        if was.overview != is.overview
            || was.overview_links != is.overview_links
            || was.overview_headings != is.overview_headings
        {
            return Err("a product's overview changed (its links are checked)");
        }
        let names = |p: &Product| p.cycles.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        if names(was) != names(is) {
            return Err("a cycle came, went or was renamed (links name cycles)");
        }
        if was != is {
            changed.push(index);
        }
    }
    Ok(changed)
}

/// The pages to render again once the products `changed` (indexes into
/// `site.products`, now the new ones; `old` the products as they were) were
/// replaced and the stale rules judged again (`was` the product statuses
/// before, `is` after; `rejudged` the pages whose verdict changed): those pages;
/// the release notes of a changed product whose current version or a cycle's
/// label changed; its EOL notices that name a cycle that changed.
pub fn pages_to_render(
    site: &Site,
    old: &[Product],
    changed: &[usize],
    was: &[ProductStatus],
    is: &[ProductStatus],
    rejudged: &[PageId],
) -> Vec<PageId> {
    let mut ids: BTreeSet<PageId> = rejudged.iter().copied().collect();
    for &index in changed {
        let (before, now) = (&old[index], &site.products[index]);
        let labels = |p: &Product| {
            p.cycles
                .iter()
                .map(|c| c.label().to_string())
                .collect::<Vec<_>>()
        };
        if was[index].current != is[index].current || labels(before) != labels(now) {
            ids.extend(site.product_releases(&now.id));
        }
        let cycle_changed = |name: &String| {
            let find = |p: &Product| p.cycles.iter().find(|c| &c.name == name).cloned();
            find(before) != find(now)
        };
        for (id, page) in site.pages_of_product(&now.id) {
            if let PageKind::Eol(info) = &page.kind {
                if info
                    .cycle
                    .iter()
                    .chain(&page.meta.cycles)
                    .any(cycle_changed)
                {
                    ids.insert(id);
                }
            }
        }
    }
    ids.into_iter().collect()
}

/// The pages whose stale verdict is not the one it was. (The health page shows
/// the verdicts, and of products only their names and counts of pages: when no
/// verdict changed, it stays as it is. Feeds show no product data but names.)
pub fn verdicts_changed<'r>(
    was: &'r StaleReport,
    is: &'r StaleReport,
) -> impl Iterator<Item = PageId> + 'r {
    (0..is.per_page.len()).filter(|&id| was.per_page[id] != is.per_page[id])
}

/// The listings to render again: the pages of the folder and tag listings that
/// list a page rendered again (its entry shows its badges and cycles), and the
/// changed products' own pages.
pub struct ListingPlan {
    pages: Vec<PageId>,
    folders: BTreeSet<String>,
    tags: BTreeSet<String>,
    products: BTreeSet<String>,
}

/// [`ListingPlan`] for `pages` (sorted) rendered again after the products
/// `changed` changed.
pub fn listings(site: &Site, changed: &[usize], pages: &[PageId]) -> ListingPlan {
    ListingPlan {
        pages: pages.to_vec(),
        folders: pages
            .iter()
            .flat_map(|&id| folders_listing(site, id))
            .collect(),
        tags: pages
            .iter()
            .flat_map(|&id| site.pages[id].meta.tags.iter().map(|t| slugify(t)))
            .collect(),
        products: changed
            .iter()
            .map(|&i| site.products[i].id.clone())
            .collect(),
    }
}

impl ListingPlan {
    /// Renders `with` the listings' choice.
    pub fn choose<T>(self, with: impl FnOnce(&Choice<'_>) -> T) -> T {
        let pages = &self.pages;
        let filter = |_: &str, listed: &[PageId], number: usize| {
            listing_chunk(listed, number)
                .iter()
                .any(|q| pages.binary_search(q).is_ok())
        };
        let choice = Choice {
            folders: self.folders.clone(),
            tags: self.tags.clone(),
            filter: &filter,
            tag_index: false,
            products: self.products.clone(),
        };
        with(&choice)
    }
}
