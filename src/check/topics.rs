//! Versions of one topic: pages that cover one subject for different product
//! versions declare the same `topic: <id>`. A topic orders its pages by the
//! versions they apply to (for the version switcher) and knows which one applies
//! to the current version (where an outdated page's banner sends readers). Two
//! pages of a topic that apply to the same released version, or a topic whose
//! pages name different products, are errors naming both places.

use std::collections::{BTreeMap, HashMap};

use super::stale::{covers, released_versions};
use crate::diagnostics::Diagnostic;
use crate::model::status::ProductStatus;
use crate::model::{Page, PageId, Product, Site, Version};

/// Every topic of a site.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Topics {
    /// Topics by id, sorted.
    pub topics: Vec<Topic>,
    of_page: HashMap<PageId, usize>,
    /// `topic-overlap` and `topic-mixed-products` errors.
    pub diagnostics: Vec<Diagnostic>,
}

/// One topic and its pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub id: String,
    /// Its pages in version order: by the lowest released version each applies
    /// to (pages applying to none last), then by label.
    pub pages: Vec<TopicPage>,
    /// The page that applies to the product's current version, if one does.
    pub current: Option<PageId>,
    /// The product's current version, for "Read this page for Acme Cloud 3.2.0".
    pub current_version: Option<Version>,
}

/// A page of a topic, labelled by the product versions it applies to.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicPage {
    pub page: PageId,
    /// `versions` as written, `cycles 2, 3`, or `all versions`.
    pub label: String,
}

impl Topics {
    /// The topics of `site`; `statuses` are indexed like `site.products`.
    pub fn compute(site: &Site, statuses: &[ProductStatus]) -> Topics {
        let mut by_id: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
        for (id, page) in site.pages.iter().enumerate() {
            if let Some(topic) = &page.meta.topic {
                by_id.entry(topic).or_default().push(id);
            }
        }
        let mut topics = Topics::default();
        for (index, (id, pages)) in by_id.into_iter().enumerate() {
            let members = Members::of(site, statuses, &pages);
            topics.diagnostics.extend(members.mixed_products(id));
            topics.diagnostics.extend(members.overlaps(id));
            topics.of_page.extend(pages.iter().map(|&p| (p, index)));
            topics.topics.push(members.into_topic(id));
        }
        topics
    }

    /// The topic page `id` belongs to.
    pub fn of(&self, id: PageId) -> Option<&Topic> {
        self.of_page.get(&id).map(|&i| &self.topics[i])
    }
}

/// The pages of one topic with what each applies to.
struct Members<'a> {
    site: &'a Site,
    /// In page (file) order.
    pages: Vec<Member<'a>>,
}

struct Member<'a> {
    id: PageId,
    page: &'a Page,
    product: Option<(&'a Product, &'a ProductStatus)>,
    /// Known released versions it applies to, sorted.
    versions: Vec<&'a Version>,
}

impl<'a> Members<'a> {
    fn of(site: &'a Site, statuses: &'a [ProductStatus], ids: &[PageId]) -> Members<'a> {
        let pages = ids
            .iter()
            .map(|&id| {
                let page = &site.pages[id];
                let product = page.meta.product.as_deref().and_then(|p| {
                    let index = site.products.iter().position(|x| x.id == p)?;
                    Some((&site.products[index], &statuses[index]))
                });
                let versions = product.map_or_else(Vec::new, |(product, status)| {
                    released_versions(page, product, status)
                });
                Member {
                    id,
                    page,
                    product,
                    versions,
                }
            })
            .collect();
        Members { site, pages }
    }

    /// The first page names one product; every page naming another is an error.
    fn mixed_products(&self, topic: &str) -> Vec<Diagnostic> {
        let Some(first) = self.pages.first() else {
            return Vec::new();
        };
        let named = |m: &Member<'_>| m.page.meta.product.clone();
        let shown = |p: Option<String>| p.map_or("no product".to_string(), |p| format!("`{p}`"));
        self.pages[1..]
            .iter()
            .filter(|m| named(m) != named(first))
            .map(|m| {
                let message = format!(
                    "topic `{topic}` mixes products: this page names {}, {} names {}",
                    shown(named(m)),
                    place(first.page, "product"),
                    shown(named(first))
                );
                error_at(m.page, "topic-mixed-products", message).with_help(
                    "a topic is one subject across one product's versions: give the other product's pages their own `topic:`, or fix `product:`",
                )
            })
            .collect()
    }

    /// Pairs of pages of one product that apply to a same released version.
    fn overlaps(&self, topic: &str) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for (i, later) in self.pages.iter().enumerate() {
            for earlier in &self.pages[..i] {
                if earlier.page.meta.product != later.page.meta.product {
                    continue;
                }
                // The highest shared version names the overlap most plainly.
                let mut shared = later
                    .versions
                    .iter()
                    .filter(|v| earlier.versions.contains(v));
                let Some(shared) = shared.next_back() else {
                    continue;
                };
                let product = later.product.map_or("", |(p, _)| p.name.as_str());
                let message = format!(
                    "this page and {} both apply to {product} {shared}, in topic `{topic}`",
                    place(earlier.page, "versions"),
                );
                found.push(
                    error_at(later.page, "topic-overlap", message).with_help(
                        "each released version has one page of a topic: narrow `versions` (or `cycles`) of one of them",
                    ),
                );
                break;
            }
        }
        found
    }

    fn into_topic(self, id: &str) -> Topic {
        let current_version = self
            .pages
            .iter()
            .find_map(|m| m.product.and_then(|(_, s)| s.current.clone()));
        let current = current_version.as_ref().and_then(|version| {
            self.pages.iter().find_map(|m| {
                let (product, _) = m.product?;
                covers(m.page, product, version)
                    .unwrap_or(true)
                    .then_some(m.id)
            })
        });
        let mut ordered: Vec<(Option<&Version>, TopicPage)> = self
            .pages
            .iter()
            .map(|m| {
                let label = label(m.page);
                (m.versions.first().copied(), TopicPage { page: m.id, label })
            })
            .collect();
        // Pages applying to no released version go last, not first.
        ordered.sort_by(|(a, x), (b, y)| {
            (a.is_none(), a, &x.label, &self.site.pages[x.page].url).cmp(&(
                b.is_none(),
                b,
                &y.label,
                &self.site.pages[y.page].url,
            ))
        });
        Topic {
            id: id.to_string(),
            pages: ordered.into_iter().map(|(_, p)| p).collect(),
            current,
            current_version,
        }
    }
}

/// What a page of a topic is labelled with in the version switcher.
fn label(page: &Page) -> String {
    match &page.meta.versions {
        Some(req) => req.to_string(),
        None if !page.meta.cycles.is_empty() => format!("cycles {}", page.meta.cycles.join(", ")),
        None => "all versions".to_string(),
    }
}

/// `content/guides/a.md:4`: where `field` (else `topic`) of `page` is written.
fn place(page: &Page, field: &str) -> String {
    let line = page
        .field_line(field)
        .or_else(|| page.field_line("topic"))
        .unwrap_or(1);
    format!("{}:{line}", page.file.display())
}

fn error_at(page: &Page, code: &'static str, message: String) -> Diagnostic {
    Diagnostic::error(code, message)
        .located(&page.file, page.field_line("topic").unwrap_or(1), 1)
        .with_span("topic".len())
}
