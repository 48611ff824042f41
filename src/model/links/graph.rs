//! The link graph: every page's resolved links in both directions, built once
//! (in parallel) and updated page by page when `serve` sees a body edit.

use std::collections::BTreeSet;

use super::{BrokenLink, Resolver, Target};
use crate::model::{PageId, Site};

/// Outgoing links per page and incoming links per page.
#[derive(Debug, Default)]
pub struct LinkGraph {
    /// For each page, the distinct pages it links to.
    pub outgoing: Vec<Vec<PageId>>,
    /// For each page, the distinct pages linking to it, sorted.
    pub incoming: Vec<Vec<PageId>>,
    /// For each page, where each of its links goes, in the order of `Page::links`
    /// (`None`: broken). Render writes these: links are resolved once, here.
    pub resolved: Vec<Vec<Option<Target>>>,
    pub broken: Vec<BrokenLink>,
}

/// Where page `id`'s links go, as resolved here.
struct PageLinks {
    /// The distinct pages it links to.
    targets: Vec<PageId>,
    resolved: Vec<Option<Target>>,
    broken: Vec<BrokenLink>,
}

/// Resolves every link of page `id`.
fn resolve_page_links(site: &Site, resolver: &Resolver<'_>, id: PageId) -> PageLinks {
    let page = &site.pages[id];
    let mut targets = BTreeSet::new();
    let mut broken = Vec::new();
    let mut resolved = Vec::with_capacity(page.links.len());
    for link in &page.links {
        match resolver.resolve(&page.file, Some(id), link.syntax, &link.dest) {
            Ok(target) => {
                if let Target::Page { id: to, .. } = target {
                    if to != id {
                        targets.insert(to);
                    }
                }
                resolved.push(Some(target));
            }
            Err(b) => {
                resolved.push(None);
                broken.push(BrokenLink {
                    file: page.file.clone(),
                    line: link.line,
                    column: link.column,
                    len: link.len,
                    broken: b,
                });
            }
        }
    }
    PageLinks {
        targets: targets.into_iter().collect(),
        resolved,
        broken,
    }
}

impl LinkGraph {
    /// Re-resolves the links of page `id` after its body changed, and returns the
    /// pages whose incoming links changed (their "Referenced by" lists need re-rendering).
    pub fn update_page(&mut self, site: &Site, resolver: &Resolver<'_>, id: PageId) -> Vec<PageId> {
        let PageLinks {
            targets,
            resolved,
            mut broken,
        } = resolve_page_links(site, resolver, id);
        self.resolved[id] = resolved;
        let old = std::mem::replace(&mut self.outgoing[id], targets.clone());
        let mut affected = Vec::new();
        for &gone in old.iter().filter(|t| !targets.contains(t)) {
            self.incoming[gone].retain(|&p| p != id);
            affected.push(gone);
        }
        for &added in targets.iter().filter(|t| !old.contains(t)) {
            let list = &mut self.incoming[added];
            if let Err(position) = list.binary_search(&id) {
                list.insert(position, id);
            }
            affected.push(added);
        }
        let file = &site.pages[id].file;
        self.broken.retain(|b| &b.file != file);
        self.broken.append(&mut broken);
        affected
    }

    /// Resolves every link of every page (in parallel) and records the broken ones.
    pub fn build(site: &Site, resolver: &Resolver<'_>) -> LinkGraph {
        use rayon::prelude::*;
        let per_page: Vec<PageLinks> = (0..site.pages.len())
            .into_par_iter()
            .map(|id| resolve_page_links(site, resolver, id))
            .collect();
        let mut graph = LinkGraph {
            incoming: vec![Vec::new(); site.pages.len()],
            ..LinkGraph::default()
        };
        for (id, mut links) in per_page.into_iter().enumerate() {
            for &target in &links.targets {
                graph.incoming[target].push(id);
            }
            graph.outgoing.push(links.targets);
            graph.resolved.push(links.resolved);
            graph.broken.append(&mut links.broken);
        }
        // Section intros and product overviews link too, but are not pages:
        // their links are checked, and make no backlinks.
        let sections = site.sections.iter().flat_map(|section| {
            section.links.iter().map(move |link| {
                let resolved = resolver.resolve(&section.file, None, link.syntax, &link.dest);
                (&section.file, link, resolved)
            })
        });
        let overviews = site.products.iter().flat_map(|product| {
            product.overview_links.iter().map(move |link| {
                let resolved = resolver.resolve_in_overview(product, link.syntax, &link.dest);
                (&product.file, link, resolved)
            })
        });
        for (file, link, resolved) in sections.chain(overviews) {
            if let Err(broken) = resolved {
                graph.broken.push(BrokenLink {
                    file: file.clone(),
                    line: link.line,
                    column: link.column,
                    len: link.len,
                    broken,
                });
            }
        }
        graph
    }
}
