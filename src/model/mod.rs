//! Stage 2, model: the plain data at the centre of almanac.
//!
//! [`Site`] holds published pages, section intros, products and assets, with the
//! indexes later stages need (pages by URL, by folder, by product). No I/O, no
//! Markdown or template types: every stage after this one reads the same `Site`.

mod date;
mod deprecation;
mod feedback;
pub mod links;
mod page;
mod product;
pub mod routes;
pub mod status;
mod tags;
pub mod version;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

pub use date::{Date, DateError};
pub use deprecation::{Deprecation, Removal};
pub use feedback::{Feedback, Vote};
pub use page::{
    BodyRef, EolInfo, Heading, Kind, LinkSyntax, OptOut, Page, PageId, PageKind, PageMeta,
    ReleaseInfo, SectionIntro, SourceLink, UnknownKind, Unprocessed,
};
pub use product::{Cycle, Milestone, Product, VersionOrLabel};
pub use tags::{slugs_of as tag_slugs, TagPages};
pub use version::{Version, VersionError, VersionReq};

use crate::config::SiteConfig;

/// A file copied to the output unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where to read it.
    pub source: PathBuf,
    /// Where it goes, relative to the output folder, with `/` separators.
    pub output: String,
}

/// Which pages a build publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// The date the build treats as today (scheduling and staleness).
    pub today: Date,
    /// Publish drafts and pages dated after `today` too.
    pub drafts: bool,
}

/// The whole site, ready to check and render.
#[derive(Debug)]
pub struct Site {
    /// The site root; page files are relative to it.
    pub root: PathBuf,
    pub config: SiteConfig,
    pub today: Date,
    /// Published pages, sorted by source file.
    pub pages: Vec<Page>,
    pub sections: Vec<SectionIntro>,
    pub products: Vec<Product>,
    pub assets: Vec<Asset>,
    /// Readers' votes from the feedback exports, if the site has any.
    pub feedback: Feedback,
    by_url: HashMap<String, PageId>,
    by_product: HashMap<String, usize>,
    /// Pages per folder (relative to `content/`), ordered by weight, then title.
    pub folders: BTreeMap<String, Vec<PageId>>,
    /// Each page's index in its folder's list, so navigation never searches the list.
    folder_position: Vec<usize>,
    /// Pages per product id, in source order.
    pages_by_product: HashMap<String, Vec<PageId>>,
    /// Release notes per product id, lowest version first.
    releases_by_product: HashMap<String, Vec<PageId>>,
    /// Each release note's index in its product's list (0 for other pages).
    release_position: Vec<usize>,
    /// Pages per tag slug, in listing order.
    tags: BTreeMap<String, TagPages>,
    /// Pages per top-level folder, its subfolders' included, in listing order
    /// (the folder's listing; serve asks for it on every edit).
    under_top: BTreeMap<String, Vec<PageId>>,
}

impl Site {
    /// Assembles the model, leaving out drafts and scheduled pages (unless asked
    /// to keep them). Where pages claim the same URL, the first (by file) has it;
    /// `check` reports the others.
    pub fn assemble(
        root: PathBuf,
        config: SiteConfig,
        mut pages: Vec<Page>,
        mut sections: Vec<SectionIntro>,
        products: Vec<Product>,
        assets: Vec<Asset>,
        selection: Selection,
    ) -> Site {
        pages.retain(|p| {
            selection.drafts
                || (!p.meta.draft && p.publish_date().is_none_or(|d| d <= selection.today))
        });
        if !selection.drafts {
            for page in &mut pages {
                if let PageKind::Release(info) = &mut page.kind {
                    let (scheduled, published) = std::mem::take(&mut info.deprecations)
                        .into_iter()
                        .partition(|d| d.announced > selection.today);
                    info.deprecations = published;
                    let scheduled: Vec<Deprecation> = scheduled;
                    page.anchors
                        .retain(|a| !scheduled.iter().any(|d| &d.anchor == a));
                }
            }
        }
        pages.sort_by(|a, b| a.file.cmp(&b.file));
        sections.sort_by(|a, b| a.folder.cmp(&b.folder));

        let by_product: HashMap<String, usize> = products
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let mut by_url: HashMap<String, PageId> = HashMap::with_capacity(pages.len());
        for (id, page) in pages.iter().enumerate() {
            by_url.entry(page.url.clone()).or_insert(id);
        }

        let mut folders: BTreeMap<String, Vec<PageId>> = BTreeMap::new();
        for (id, page) in pages.iter().enumerate() {
            folders.entry(page.folder.clone()).or_default().push(id);
        }
        let mut folder_position = vec![0; pages.len()];
        for ids in folders.values_mut() {
            sort_for_listing(&pages, ids);
            for (position, &id) in ids.iter().enumerate() {
                folder_position[id] = position;
            }
        }

        let (releases_by_product, release_position) = index_releases(&pages);
        let tags = tags::index_tags(&pages);
        let mut under_top: BTreeMap<String, Vec<PageId>> = BTreeMap::new();
        for (id, page) in pages.iter().enumerate() {
            under_top
                .entry(top_folder(&page.folder).to_string())
                .or_default()
                .push(id);
        }
        for ids in under_top.values_mut() {
            sort_for_listing(&pages, ids);
        }
        let mut pages_by_product: HashMap<String, Vec<PageId>> = HashMap::new();
        for (id, page) in pages.iter().enumerate() {
            if let Some(product) = &page.meta.product {
                pages_by_product
                    .entry(product.clone())
                    .or_default()
                    .push(id);
            }
        }
        Site {
            root,
            config,
            today: selection.today,
            pages,
            sections,
            products,
            assets,
            feedback: Feedback::default(),
            by_url,
            by_product,
            folders,
            folder_position,
            pages_by_product,
            releases_by_product,
            release_position,
            tags,
            under_top,
        }
    }

    /// Puts `page` in place of page `id`, which has the same file, URL and kind
    /// (serve, after a front-matter edit), and orders its folder again.
    pub fn replace_page(&mut self, id: PageId, page: Page) {
        debug_assert!(self.pages[id].url == page.url && self.pages[id].folder == page.folder);
        let old = std::mem::replace(&mut self.pages[id], page);
        let page = &self.pages[id];
        if !listing_cmp(&old, page).is_eq() {
            if let Some(ids) = self.folders.get_mut(&page.folder) {
                move_in_listing(&self.pages, ids, id);
                for (position, &other) in ids.iter().enumerate() {
                    self.folder_position[other] = position;
                }
            }
            if let Some(ids) = self.under_top.get_mut(top_folder(&page.folder)) {
                move_in_listing(&self.pages, ids, id);
            }
        }
        tags::update(&mut self.tags, &self.pages, id, &old);
        let (releases_by_product, release_position) = index_releases(&self.pages);
        self.releases_by_product = releases_by_product;
        self.release_position = release_position;
    }

    /// A product's release notes, lowest version first (same versions by date,
    /// then by file): the changelog's order, never the file names'.
    pub fn product_releases(&self, product: &str) -> &[PageId] {
        self.releases_by_product
            .get(product)
            .map_or(&[], Vec::as_slice)
    }

    /// The release notes of the same product just below and just above release
    /// note `id`, by version.
    pub fn release_neighbours(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        let Some(product) = self.pages[id].meta.product.as_deref() else {
            return (None, None);
        };
        let list = self.product_releases(product);
        let position = self.release_position[id];
        if list.get(position) != Some(&id) {
            return (None, None);
        }
        let previous = position.checked_sub(1).map(|p| list[p]);
        (previous, list.get(position + 1).copied())
    }

    /// Release notes, newest date first (ties in source order): the home page's
    /// latest releases and the changelog feed.
    pub fn releases_newest_first(&self) -> Vec<PageId> {
        let mut releases: Vec<PageId> = (0..self.pages.len())
            .filter(|&id| matches!(self.pages[id].kind, PageKind::Release(_)))
            .collect();
        releases.sort_by(|&a, &b| {
            self.pages[b]
                .meta
                .date
                .cmp(&self.pages[a].meta.date)
                .then(a.cmp(&b))
        });
        releases
    }

    /// The index of page `id` in `self.folders[&page.folder]`.
    pub fn position_in_folder(&self, id: PageId) -> usize {
        self.folder_position[id]
    }

    pub fn page_id_by_url(&self, url: &str) -> Option<PageId> {
        self.by_url.get(url).copied()
    }

    /// The product a page names, if the site has it.
    pub fn product_of(&self, page: &Page) -> Option<&Product> {
        self.product(page.meta.product.as_deref()?)
    }

    /// The index of product `id` in `self.products` (and in per-product tables).
    pub fn product_index(&self, id: &str) -> Option<usize> {
        self.by_product.get(id).copied()
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.by_product.get(id).map(|&i| &self.products[i])
    }

    /// The intro of a folder, if it has an `_index.md`.
    pub fn section(&self, folder: &str) -> Option<&SectionIntro> {
        self.sections
            .binary_search_by(|s| s.folder.as_str().cmp(folder))
            .ok()
            .map(|i| &self.sections[i])
    }

    /// The pages of top-level folder `top` and of all its subfolders, in
    /// listing order.
    pub fn pages_under_top(&self, top: &str) -> &[PageId] {
        self.under_top.get(top).map_or(&[], Vec::as_slice)
    }

    /// Each tag (by slug) with its pages, in listing order.
    pub fn tags(&self) -> &BTreeMap<String, TagPages> {
        &self.tags
    }

    /// Pages of a product, in source order.
    pub fn pages_of_product<'a>(
        &'a self,
        product: &'a str,
    ) -> impl Iterator<Item = (PageId, &'a Page)> + 'a {
        // An index, not a scan: this runs once per product (hundreds, with
        // endoflife.date's data), and the site may have tens of thousands of pages.
        let ids = self
            .pages_by_product
            .get(product)
            .map_or(&[][..], Vec::as_slice);
        ids.iter().map(move |&id| (id, &self.pages[id]))
    }
}

/// Release notes grouped by product and sorted by version, with each note's
/// position in its list.
fn index_releases(pages: &[Page]) -> (HashMap<String, Vec<PageId>>, Vec<usize>) {
    let mut by_product: HashMap<String, Vec<PageId>> = HashMap::new();
    for (id, page) in pages.iter().enumerate() {
        if let (Some(_), Some(product)) = (page.release_version(), &page.meta.product) {
            by_product.entry(product.clone()).or_default().push(id);
        }
    }
    let mut position = vec![0; pages.len()];
    for ids in by_product.values_mut() {
        ids.sort_by(|&a, &b| {
            let (pa, pb) = (&pages[a], &pages[b]);
            pa.release_version()
                .cmp(&pb.release_version())
                .then(pa.meta.date.cmp(&pb.meta.date))
                .then(a.cmp(&b))
        });
        for (index, &id) in ids.iter().enumerate() {
            position[id] = index;
        }
    }
    (by_product, position)
}

/// Sorts `ids` in [`listing_cmp`]'s order, lower-casing only the titles that
/// are not ASCII (once each): folders, top-level folders and tags at load.
pub fn sort_for_listing(pages: &[Page], ids: &mut [PageId]) {
    // [`listing_cmp`]'s order, from keys made once per page. URLs are unique,
    // so the order is total and an unstable sort gives the same result.
    let mut keyed: Vec<(i64, std::borrow::Cow<'_, str>, &str, PageId)> = ids
        .iter()
        .map(|&id| {
            let page = &pages[id];
            (listing_weight(page), title_key(page), page.url.as_str(), id)
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| folded(&a.1).cmp(folded(&b.1)))
            .then_with(|| a.2.cmp(b.2))
    });
    for (slot, (.., id)) in ids.iter_mut().zip(keyed) {
        *slot = id;
    }
}

/// Moves page `id` to its place in `ids`, which is otherwise in listing order.
fn move_in_listing(pages: &[Page], ids: &mut Vec<PageId>, id: PageId) {
    ids.retain(|&p| p != id);
    let at = ids.partition_point(|&p| listing_cmp(&pages[p], &pages[id]).is_lt());
    ids.insert(at, id);
}

/// The top-level folder of `folder` (`guides` of `guides/setup`; `` of ``).
fn top_folder(folder: &str) -> &str {
    folder.split('/').next().unwrap_or(folder)
}

/// Two pages in listing order: weight first (pages without one last), then
/// title ignoring case, then URL, for a total order. For one page's place in a
/// sorted list (binary search), and for whether an edit moved it (serve); to
/// sort, [`sort_for_listing`].
pub fn listing_cmp(a: &Page, b: &Page) -> std::cmp::Ordering {
    listing_weight(a)
        .cmp(&listing_weight(b))
        .then_with(|| folded(&title_key(a)).cmp(folded(&title_key(b))))
        .then_with(|| a.url.cmp(&b.url))
}

fn listing_weight(page: &Page) -> i64 {
    page.meta.weight.unwrap_or(i64::MAX)
}

/// The title as listings compare it, with [`folded`]: an ASCII title as it is
/// (lower-cased byte by byte on the fly), any other lower-cased first; lower-casing
/// its ASCII bytes again changes nothing, so every pair compares as the
/// lower-cased titles do.
fn title_key(page: &Page) -> std::borrow::Cow<'_, str> {
    let title = &page.meta.title;
    if title.is_ascii() {
        std::borrow::Cow::Borrowed(title.as_str())
    } else {
        std::borrow::Cow::Owned(title.to_lowercase())
    }
}

fn folded(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes().map(|b| b.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(file: &str, title: &str, tags: &[&str]) -> Page {
        Page::guide(file, title, tags)
    }

    fn site(pages: Vec<Page>) -> Site {
        let selection = Selection {
            today: "2026-11-23".parse().unwrap(),
            drafts: false,
        };
        let config = SiteConfig::with_title("Test");
        Site::assemble(
            PathBuf::new(),
            config,
            pages,
            Vec::new(),
            Vec::new(),
            Vec::new(),
            selection,
        )
    }

    /// Folders, top-level folders and tags after `replace_page`, as a fresh
    /// model orders them.
    fn orders(site: &Site) -> (Vec<Vec<PageId>>, Vec<PageId>, Vec<usize>, Vec<Vec<PageId>>) {
        (
            site.folders.values().cloned().collect(),
            site.pages_under_top("guides").to_vec(),
            (0..site.pages.len())
                .map(|id| site.position_in_folder(id))
                .collect(),
            site.tags().values().map(|t| t.pages.clone()).collect(),
        )
    }

    #[test]
    fn a_replaced_page_moves_to_its_place_in_its_folder_its_top_folder_and_its_tags() {
        // In file order, as the model numbers them.
        let mut pages = vec![
            page("alpha.md", "Alpha", &["cli"]),
            page("delta.md", "Delta", &["cli"]),
            page("setup/beta.md", "Beta", &["cli"]),
            page("setup/gamma.md", "Gamma", &[]),
        ];
        let mut model = site(pages.clone());
        let edits = [
            (3, "aardvark"), // first of all, in its folder and at the top
            (0, "Zulu"),     // last
            (2, "Beta"),     // stays where it is
            (3, "Mango"),
            (1, "epsilon"), // case ignored
        ];
        for (id, title) in edits {
            pages[id].meta.title = title.to_string();
            model.replace_page(id, pages[id].clone());
            assert_eq!(
                orders(&model),
                orders(&site(pages.clone())),
                "after retitling {id}"
            );
        }
    }
}
