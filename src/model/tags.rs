//! Pages per tag, in listing order: what tag pages, the tag index and serve's
//! planning show. Kept in the model (and up to date through
//! [`Site::replace_page`](super::Site::replace_page)) so that no stage walks
//! every page's tags: serve asked for an edited page's tags three times per edit,
//! a walk of all pages and a sort of each tag's thousands of pages each time.

use std::collections::{BTreeMap, BTreeSet};

use super::routes::slugify;
use super::{listing_cmp, sort_for_listing, Page, PageId};
use crate::hashing::FastMap;

/// The pages with one tag, in listing order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPages {
    /// The tag as first written, on the first page (by file) that has it.
    pub name: String,
    pub pages: Vec<PageId>,
}

/// Each tag (by slug) with its pages. A page whose tags spell one slug twice
/// (`Linux`, `linux`) is listed once.
pub(super) fn index_tags(pages: &[Page]) -> BTreeMap<String, TagPages> {
    // A tag as written is slugified once, however many pages have it.
    let mut slugs: FastMap<&str, usize> = FastMap::default();
    let mut by_slug: FastMap<String, usize> = FastMap::default();
    let mut tags: Vec<(String, TagPages)> = Vec::new();
    for (id, page) in pages.iter().enumerate() {
        for tag in &page.meta.tags {
            let at = *slugs.entry(tag.as_str()).or_insert_with(|| {
                let next = tags.len();
                let slug = slugify(tag);
                let at = *by_slug.entry(slug.clone()).or_insert(next);
                if at == next {
                    let name = tag.clone();
                    tags.push((
                        slug,
                        TagPages {
                            name,
                            pages: Vec::new(),
                        },
                    ));
                }
                at
            });
            let list = &mut tags[at].1.pages;
            if list.last() != Some(&id) {
                list.push(id);
            }
        }
    }
    tags.into_iter()
        .map(|(slug, mut tag)| {
            sort_for_listing(pages, &mut tag.pages);
            (slug, tag)
        })
        .collect()
}

/// The slugs of a page's tags.
pub fn slugs_of(page: &Page) -> BTreeSet<String> {
    page.meta.tags.iter().map(|t| slugify(t)).collect()
}

/// Brings the lists up to date after page `id` changed from `old` to what
/// `pages[id]` is now: it leaves the tags it lost, joins those it gained, and
/// moves within the others when its place in listing order moved.
pub(super) fn update(
    tags: &mut BTreeMap<String, TagPages>,
    pages: &[Page],
    id: PageId,
    old: &Page,
) {
    let new = &pages[id];
    if old.meta.tags == new.meta.tags && listing_cmp(old, new).is_eq() {
        return;
    }
    let now = slugs_of(new);
    for slug in slugs_of(old).union(&now) {
        let tag = tags.entry(slug.clone()).or_insert_with(|| TagPages {
            name: String::new(),
            pages: Vec::new(),
        });
        if now.contains(slug) {
            super::move_in_listing(pages, &mut tag.pages, id);
        } else {
            tag.pages.retain(|&p| p != id);
        }
        match tag.pages.iter().min() {
            // The name is the spelling on the first page with the tag, which
            // may be this page, or another one now that this page left.
            Some(&first) => {
                let spelled = pages[first].meta.tags.iter().find(|t| slugify(t) == *slug);
                tag.name = spelled.cloned().unwrap_or_default();
            }
            None => {
                tags.remove(slug);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(file: &str, title: &str, tags: &[&str]) -> Page {
        Page::guide(file, title, tags)
    }

    fn listed(tags: &BTreeMap<String, TagPages>) -> Vec<(String, String, Vec<PageId>)> {
        tags.iter()
            .map(|(slug, t)| (slug.clone(), t.name.clone(), t.pages.clone()))
            .collect()
    }

    #[test]
    fn tags_list_their_pages_once_each_in_listing_order_named_as_first_written() {
        let pages = vec![
            page("a.md", "Zebra", &["Linux", "linux"]),
            page("b.md", "apple", &["linux", "Cloud Setup"]),
            page("c.md", "Mango", &["cloud-setup"]),
        ];
        assert_eq!(
            listed(&index_tags(&pages)),
            vec![
                ("cloud-setup".into(), "Cloud Setup".into(), vec![1, 2]),
                ("linux".into(), "Linux".into(), vec![1, 0]),
            ]
        );
    }

    /// Each edit, applied with `update`, gives the lists a fresh index gives.
    #[test]
    fn an_updated_index_equals_a_fresh_one_after_each_kind_of_edit() {
        let mut pages = vec![
            page("a.md", "Alpha", &["Linux", "cloud"]),
            page("b.md", "Beta", &["linux"]),
            page("c.md", "Gamma", &["cloud", "linux"]),
            page("d.md", "Delta", &["ops"]),
        ];
        let edits: Vec<(PageId, Page)> = vec![
            (1, page("b.md", "Zulu", &["linux"])),     // moves last
            (1, page("b.md", "aardvark", &["linux"])), // moves first, case ignored
            (0, page("a.md", "Alpha", &["cloud"])),    // leaves a tag: renamed `linux`
            (3, page("d.md", "Delta", &["ops", "Linux", "new"])), // joins one, makes one
            (3, page("d.md", "Delta", &[])),           // the last page of `ops` leaves
            (2, page("c.md", "Gamma", &["Cloud"])),    // same slug, new spelling
        ];
        let mut tags = index_tags(&pages);
        for (id, edited) in edits {
            let old = std::mem::replace(&mut pages[id], edited);
            update(&mut tags, &pages, id, &old);
            assert_eq!(
                listed(&tags),
                listed(&index_tags(&pages)),
                "after editing page {id}"
            );
        }
    }
}
