//! Checks of the assembled site itself: pages (and aliases) that claim the same
//! URL, a static file that a page would overwrite, pages naming an unknown product.

use std::collections::HashMap;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::model::routes::output_path;
use crate::model::{Page, Product, Site};

/// Every problem of the site's shape, in page order.
pub fn diagnostics(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        match site.page_id_by_url(&page.url) {
            Some(first) if first != id => found.push(duplicate_url(&site.pages[first], page)),
            _ => {}
        }
        if let Some(product) = &page.meta.product {
            if site.product(product).is_none() {
                found.push(unknown_product(page, product, &site.products));
            }
        }
    }
    found.extend(assets_under_pages(site));
    found.extend(alias_collisions(site));
    found
}

/// An alias is a file of the output too (a redirect): one that is a page's URL, a
/// generated page's, or another alias would overwrite it without a word.
fn alias_collisions(site: &Site) -> Vec<Diagnostic> {
    let mut taken: HashMap<String, String> = site
        .pages
        .iter()
        .map(|p| {
            (
                output_path(&p.url),
                format!("the URL of {}", p.file.display()),
            )
        })
        .collect();
    for url in crate::model::routes::generated_urls(site) {
        taken
            .entry(output_path(&url))
            .or_insert_with(|| format!("a page almanac generates ({url})"));
    }
    let mut found = Vec::new();
    for page in &site.pages {
        // Every alias problem is shown under the page's `aliases:` key.
        let at_aliases = |error: Diagnostic| {
            error
                .located(&page.file, page.field_line("aliases").unwrap_or(1), 1)
                .with_span("aliases".len())
        };
        for alias in &page.meta.aliases {
            let url = format!("/{}", alias.trim_start_matches('/'));
            let file = output_path(&url);
            let claim = format!("an alias of {}", page.file.display());
            let outside = url.split(['/', '\\']).any(|s| s == ".." || s == ".");
            if outside || url.contains(['?', '#', '\0']) {
                found.push(at_aliases(
                    Diagnostic::error(
                        "invalid-alias",
                        format!("the alias {url} is not a path of this site"),
                    )
                    .with_help("an alias is an old URL path such as /guides/old-name/, without `..`, `?` or `#`"),
                ));
                continue;
            }
            match taken.get(&file) {
                Some(owner) => found.push(at_aliases(
                    Diagnostic::error(
                        "duplicate-url",
                        format!("the alias {url} is already {owner}"),
                    )
                    .with_help("remove the alias, or the redirect would replace that page"),
                )),
                None => {
                    taken.insert(file, claim);
                }
            }
        }
    }
    found
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

/// A file from `static/` or `content/` whose output path is a page's would be
/// overwritten by the page without a word.
fn assets_under_pages(site: &Site) -> Vec<Diagnostic> {
    let pages: HashMap<String, &Page> = site
        .pages
        .iter()
        .map(|p| (output_path(&p.url), p))
        .collect();
    site.assets
        .iter()
        .filter_map(|asset| {
            let page = pages.get(&asset.output)?;
            let shown = asset
                .source
                .strip_prefix(&site.root)
                .unwrap_or(&asset.source)
                .display()
                .to_string();
            Some(
                Diagnostic::error(
                    "duplicate-url",
                    format!(
                        "the file {shown} and this page both want to be {}",
                        page.url
                    ),
                )
                .with_help(format!(
                    "move or rename {shown}, or give the page another `slug:`"
                ))
                .located(&page.file, page.field_line("slug").unwrap_or(1), 1),
            )
        })
        .collect()
}
