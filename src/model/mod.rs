//! Stage 2, model: the plain data at the centre of almanac.
//!
//! [`Site`] holds published pages, section intros, products and assets, with the
//! indexes later stages need (pages by URL, by folder, by product). No I/O, no
//! Markdown or template types: every stage after this one reads the same `Site`.

mod date;
pub mod links;
mod page;
mod product;
pub mod status;
pub mod version;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

pub use date::{Date, DateError};
pub use page::{
    EolInfo, Heading, LinkSyntax, Page, PageId, PageKind, PageMeta, ReleaseInfo, SectionIntro,
    SourceLink,
};
pub use product::{Cycle, Milestone, Product, VersionOrLabel};
pub use version::{Version, VersionError, VersionReq};

use crate::config::SiteConfig;
use crate::diagnostics::{did_you_mean, Diagnostic};

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
    by_url: HashMap<String, PageId>,
    by_product: HashMap<String, usize>,
    /// Pages per folder (relative to `content/`), ordered by weight, then title.
    pub folders: BTreeMap<String, Vec<PageId>>,
    /// Each page's index in its folder's list, so navigation never searches the list.
    folder_position: Vec<usize>,
}

impl Site {
    /// Assembles the model, leaving out drafts and scheduled pages (unless asked
    /// to keep them), and reports pages that claim the same URL or name an
    /// unknown product.
    pub fn assemble(
        root: PathBuf,
        config: SiteConfig,
        mut pages: Vec<Page>,
        mut sections: Vec<SectionIntro>,
        products: Vec<Product>,
        assets: Vec<Asset>,
        selection: Selection,
    ) -> (Site, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        pages.retain(|p| {
            selection.drafts || (!p.meta.draft && p.meta.date.is_none_or(|d| d <= selection.today))
        });
        pages.sort_by(|a, b| a.file.cmp(&b.file));
        sections.sort_by(|a, b| a.folder.cmp(&b.folder));

        let by_product: HashMap<String, usize> = products
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let mut by_url: HashMap<String, PageId> = HashMap::with_capacity(pages.len());
        for (id, page) in pages.iter().enumerate() {
            if let Some(&first) = by_url.get(&page.url) {
                diagnostics.push(duplicate_url(&pages[first], page));
            } else {
                by_url.insert(page.url.clone(), id);
            }
            if let Some(product) = &page.meta.product {
                if !by_product.contains_key(product) {
                    diagnostics.push(unknown_product(page, product, &products));
                }
            }
        }

        let mut folders: BTreeMap<String, Vec<PageId>> = BTreeMap::new();
        for (id, page) in pages.iter().enumerate() {
            folders.entry(page.folder.clone()).or_default().push(id);
        }
        let mut folder_position = vec![0; pages.len()];
        for ids in folders.values_mut() {
            ids.sort_by(|&a, &b| listing_order(&pages[a], &pages[b]));
            for (position, &id) in ids.iter().enumerate() {
                folder_position[id] = position;
            }
        }

        let site = Site {
            root,
            config,
            today: selection.today,
            pages,
            sections,
            products,
            assets,
            by_url,
            by_product,
            folders,
            folder_position,
        };
        (site, diagnostics)
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

    pub fn page_by_url(&self, url: &str) -> Option<&Page> {
        self.by_url.get(url).map(|&id| &self.pages[id])
    }

    pub fn page_id_by_url(&self, url: &str) -> Option<PageId> {
        self.by_url.get(url).copied()
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

    /// Pages of a product, in source order.
    pub fn pages_of_product<'a>(
        &'a self,
        product: &'a str,
    ) -> impl Iterator<Item = (PageId, &'a Page)> + 'a {
        self.pages
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.meta.product.as_deref() == Some(product))
    }
}

/// Weight first (pages without one last), then title, then URL for a total order.
pub fn listing_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    let weight = |p: &Page| p.meta.weight.unwrap_or(i64::MAX);
    weight(a)
        .cmp(&weight(b))
        .then_with(|| {
            a.meta
                .title
                .to_lowercase()
                .cmp(&b.meta.title.to_lowercase())
        })
        .then_with(|| a.url.cmp(&b.url))
}

fn duplicate_url(first: &Page, second: &Page) -> Diagnostic {
    Diagnostic::error(
        "duplicate-url",
        format!(
            "this page and {} both want the URL {}",
            first.file.display(),
            second.url
        ),
    )
    .with_help("give one of them a different `slug:` or file name")
    .located(&second.file, second.field_line("slug").unwrap_or(1), 1)
}

fn unknown_product(page: &Page, product: &str, products: &[Product]) -> Diagnostic {
    let known = products.iter().map(|p| p.id.as_str());
    let help = match did_you_mean(product, known) {
        Some(close) => format!("did you mean `{close}`?"),
        None if products.is_empty() => "declare products in content/products.yaml".to_string(),
        None => format!(
            "known products: {}",
            products
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let line = page.field_line("product").unwrap_or(1);
    Diagnostic::error("unknown-product", format!("unknown product `{product}`"))
        .with_help(help)
        .located(&page.file, line, 1)
        .with_span("product".len())
}
