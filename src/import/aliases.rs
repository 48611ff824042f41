//! Aliases: every moved page keeps a redirect at its old URL, and the aliases its
//! old front matter declared, unless that URL belongs to the new site.

use std::collections::HashSet;

use super::{links, Item};

/// A Hugo alias without a leading `/` is relative to the page's own URL. An
/// alias is a folder (`/functions/time` → `/functions/time/`), as Hugo writes it,
/// unless it names an `.html` file: a redirect written as a file would block
/// the folder of a longer alias (`/functions/time/format/`).
pub(super) fn resolve_alias(alias: &str, old_url: &str) -> String {
    let absolute = if alias.starts_with('/') {
        alias.to_string()
    } else {
        format!("{old_url}../{alias}")
    };
    let lower = absolute.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        absolute
    } else {
        links::directory_form(&absolute)
    }
}

/// Every page gets an alias at its old URL, and keeps the aliases it had, unless
/// the URL is taken: by a page or listing of the new site, by almanac's own
/// pages (`/tags/`, `/products/`, `/health/`), or by an earlier page's alias.
pub(super) fn assign_aliases(items: &mut [Item], mount: &str, lowercase: bool) {
    let mut taken: HashSet<String> = HashSet::new();
    for item in items.iter() {
        let url = new_url(item);
        let mut folder = String::from("/");
        taken.insert(folder.clone());
        for segment in item
            .target
            .split('/')
            .collect::<Vec<_>>()
            .split_last()
            .map_or(&[][..], |(_, f)| f)
        {
            folder.push_str(segment);
            folder.push('/');
            taken.insert(folder.to_lowercase());
        }
        taken.insert(url.to_lowercase());
    }
    // Old URLs first, so that an alias a page declared never takes another page's URL.
    for item in items.iter_mut().filter(|i| !i.section) {
        let mut old = links::directory_form(&format!("{mount}{}", item.old_url));
        if lowercase {
            old = old.to_lowercase();
        }
        claim(item, old, &mut taken);
    }
    for item in items.iter_mut().filter(|i| !i.section) {
        let own: Vec<String> = item
            .mapped
            .aliases
            .iter()
            .map(|a| resolve_alias(a, &item.old_url))
            .collect();
        for alias in own {
            claim(item, alias, &mut taken);
        }
    }
}

/// Gives `item` the alias `alias` unless the URL is reserved or taken.
fn claim(item: &mut Item, alias: String, taken: &mut HashSet<String>) {
    let first = alias.trim_matches('/').split('/').next().unwrap_or("");
    let reserved = matches!(first, "tags" | "products" | "health");
    if item.aliases.contains(&alias) || alias == new_url(item) {
        return;
    }
    if reserved || !taken.insert(alias.to_lowercase()) {
        item.report.notes.push(format!(
            "no redirect from {alias}: that URL is {}",
            if reserved {
                "one of almanac's own"
            } else {
                "taken by another page, listing or alias"
            }
        ));
        return;
    }
    item.aliases.push(alias);
}

/// The URL almanac serves an item at.
pub(super) fn new_url(item: &Item) -> String {
    let (folder, file) = item.target.rsplit_once('/').unwrap_or(("", &item.target));
    if item.section {
        return format!("/{folder}/");
    }
    let slug = item
        .mapped
        .slug
        .clone()
        .unwrap_or_else(|| file.trim_end_matches(".md").to_string());
    format!("/{folder}/{slug}/")
}
