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
    pub broken: Vec<BrokenLink>,
}

/// The distinct pages page `id` links to, and its broken links.
fn resolve_page_links(
    site: &Site,
    resolver: &Resolver<'_>,
    id: PageId,
) -> (Vec<PageId>, Vec<BrokenLink>) {
    let page = &site.pages[id];
    let mut targets = BTreeSet::new();
    let mut broken = Vec::new();
    for link in &page.links {
        match resolver.resolve(&page.file, Some(id), link.syntax, &link.dest) {
            Ok(Target::Page { id: target, .. }) if target != id => {
                targets.insert(target);
            }
            Ok(_) => {}
            Err(b) => broken.push(BrokenLink {
                file: page.file.clone(),
                line: link.line,
                column: link.column,
                len: link.len,
                broken: b,
            }),
        }
    }
    (targets.into_iter().collect(), broken)
}

impl LinkGraph {
    /// Re-resolves the links of page `id` after its body changed, and returns the
    /// pages whose incoming links changed (their "Referenced by" lists need re-rendering).
    pub fn update_page(&mut self, site: &Site, resolver: &Resolver<'_>, id: PageId) -> Vec<PageId> {
        let (targets, mut broken) = resolve_page_links(site, resolver, id);
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
        let per_page: Vec<(Vec<PageId>, Vec<BrokenLink>)> = (0..site.pages.len())
            .into_par_iter()
            .map(|id| resolve_page_links(site, resolver, id))
            .collect();
        let mut graph = LinkGraph {
            incoming: vec![Vec::new(); site.pages.len()],
            ..LinkGraph::default()
        };
        for (id, (targets, mut broken)) in per_page.into_iter().enumerate() {
            for &target in &targets {
                graph.incoming[target].push(id);
            }
            graph.outgoing.push(targets);
            graph.broken.append(&mut broken);
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
