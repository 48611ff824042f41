//! The site's URL scheme in one place: where pages, listings, product pages, tag
//! pages and generated files live. URLs here are site-relative, start with `/`
//! and carry no base path (render adds it).

use std::collections::BTreeSet;

use super::Site;

/// The page listing every product.
pub const PRODUCTS: &str = "/products/";
/// The page listing every tag.
pub const TAGS: &str = "/tags/";
/// Every announced deprecation, upcoming removals first.
pub const DEPRECATIONS: &str = "/deprecations/";
/// The documentation health page.
pub const HEALTH: &str = "/health/";
pub const NOT_FOUND: &str = "/404.html";
pub const SITEMAP: &str = "/sitemap.xml";
pub const ROBOTS: &str = "/robots.txt";
/// The Atom feed of every announcement: release notes, EOL notices, deprecations.
pub const ANNOUNCEMENTS_FEED: &str = "/feed.xml";
/// The JSON Feed beside [`ANNOUNCEMENTS_FEED`].
pub const ANNOUNCEMENTS_JSON_FEED: &str = "/feed.json";
/// The Atom feed of release notes.
pub const RELEASES_FEED: &str = "/releases/feed.xml";
pub const RELEASES_JSON_FEED: &str = "/releases/feed.json";
/// The Atom feed of end-of-life notices.
pub const EOL_FEED: &str = "/eol/feed.xml";
pub const EOL_JSON_FEED: &str = "/eol/feed.json";
/// The Atom feed of deprecations.
pub const DEPRECATIONS_FEED: &str = "/deprecations/feed.xml";
pub const DEPRECATIONS_JSON_FEED: &str = "/deprecations/feed.json";
/// The search index's manifest; its shards and fragments live beside it in `/search/`.
pub const SEARCH_INDEX: &str = "/search/index.json";
pub const SYNTAX_CSS: &str = "/syntax.css";
/// Every product's versions, cycles and notices, for products to show in-app messages.
pub const NOTICES_API: &str = "/api/notices.json";
/// The theme's script texts in the site's language, loaded before its script.
pub const SCRIPT_STRINGS: &str = "/strings.js";

/// Every generated file that is not a listing, product or tag page.
pub const SUPPORT_FILES: [&str; 16] = [
    NOT_FOUND,
    SITEMAP,
    ROBOTS,
    ANNOUNCEMENTS_FEED,
    ANNOUNCEMENTS_JSON_FEED,
    RELEASES_FEED,
    RELEASES_JSON_FEED,
    EOL_FEED,
    EOL_JSON_FEED,
    DEPRECATIONS_FEED,
    DEPRECATIONS_JSON_FEED,
    SEARCH_INDEX,
    NOTICES_API,
    SYNTAX_CSS,
    SCRIPT_STRINGS,
    HEALTH,
];

/// Lowercase words joined by hyphens: "Proxy settings (HTTP)" → `proxy-settings-http`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            slug.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '.' || c == '/')
            && !slug.ends_with('-')
            && !slug.is_empty()
        {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// The id a heading gets when it sets none, as GitHub, Hugo (its default, `github`)
/// and Docusaurus make it, so that links written for those sites keep working:
/// lowercase; letters (any script), digits, `_` and `-` are kept; every space
/// becomes `-` (runs are not collapsed); all other characters are dropped.
/// `People & Body` → `people--body`, `Upgrade from 2.x` → `upgrade-from-2x`.
/// Unlike [`slugify`] (page slugs, wikilink names), nothing is merged or trimmed
/// inside, because a link to `#people--body` must find the heading.
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_whitespace() || c == '-' {
            id.push('-');
        } else if c.is_alphanumeric() || c == '_' {
            id.extend(c.to_lowercase());
        }
    }
    id
}

/// The id of a release cycle's row in its product's support matrix: `cycle-3`.
pub fn cycle_anchor(cycle: &str) -> String {
    format!("cycle-{}", slugify(cycle))
}

/// A release cycle's row on its product page: `/products/<id>/#cycle-3`.
pub fn cycle(product: &str, cycle: &str) -> String {
    format!("{}#{}", self::product(product), cycle_anchor(cycle))
}

/// An authored page: `content/<folder>/<file>.md` with slug `slug` is at `/<folder>/<slug>/`.
pub fn page(folder: &str, slug: &str) -> String {
    if folder.is_empty() {
        format!("/{slug}/")
    } else {
        format!("/{folder}/{slug}/")
    }
}

/// The listing page of a folder under `content/` (`""` is the home page).
pub fn folder(folder: &str) -> String {
    if folder.is_empty() {
        "/".to_string()
    } else {
        format!("/{folder}/")
    }
}

/// A product's overview and support matrix.
pub fn product(id: &str) -> String {
    format!("{PRODUCTS}{id}/")
}

/// A product's feeds of its announcements, Atom and JSON Feed.
pub fn product_feeds(id: &str) -> [String; 2] {
    let page = product(id);
    [format!("{page}feed.xml"), format!("{page}feed.json")]
}

/// One product's part of [`NOTICES_API`], for a product that needs only its own.
pub fn product_api(id: &str) -> String {
    format!("/api/products/{id}.json")
}

/// The page listing every page with `tag`.
pub fn tag(tag: &str) -> String {
    format!("{TAGS}{}/", slugify(tag))
}

/// The output file of a URL: `/guides/x/` → `guides/x/index.html`.
pub fn output_path(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Folders that get a listing page: every folder with pages or an `_index.md`,
/// and their parents.
pub fn listing_folders(site: &Site) -> BTreeSet<String> {
    let mut folders = BTreeSet::new();
    let all = site
        .folders
        .keys()
        .map(String::as_str)
        .chain(site.sections.iter().map(|s| s.folder.as_str()));
    for folder in all {
        let mut path = String::new();
        for part in folder.split('/').filter(|p| !p.is_empty()) {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(part);
            folders.insert(path.clone());
        }
    }
    folders
}

/// Every URL the site has besides its authored pages, so that links to them
/// can be checked before anything is rendered.
pub fn generated_urls(site: &Site) -> Vec<String> {
    let mut urls: BTreeSet<String> = BTreeSet::new();
    urls.insert(folder(""));
    urls.extend(listing_folders(site).iter().map(|f| folder(f)));
    urls.insert(PRODUCTS.to_string());
    urls.extend(site.products.iter().map(|p| product(&p.id)));
    urls.extend(site.products.iter().map(|p| product_api(&p.id)));
    urls.extend(site.products.iter().flat_map(|p| product_feeds(&p.id)));
    urls.insert(TAGS.to_string());
    urls.insert(DEPRECATIONS.to_string());
    urls.extend(
        site.pages
            .iter()
            .flat_map(|p| p.meta.tags.iter().map(|t| tag(t))),
    );
    urls.extend(SUPPORT_FILES.iter().map(|f| f.to_string()));
    urls.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_their_output_files() {
        for (url, file) in [
            ("/", "index.html"),
            ("/guides/x/", "guides/x/index.html"),
            (SITEMAP, "sitemap.xml"),
            (HEALTH, "health/index.html"),
        ] {
            assert_eq!(output_path(url), file, "{url}");
        }
        assert_eq!(page("", "about"), "/about/");
        assert_eq!(page("guides/acme", "install"), "/guides/acme/install/");
        assert_eq!(product("acme"), "/products/acme/");
        assert_eq!(product_api("acme"), "/api/products/acme.json");
        assert_eq!(output_path(&product_api("acme")), "api/products/acme.json");
        assert_eq!(
            product_feeds("acme"),
            ["/products/acme/feed.xml", "/products/acme/feed.json"]
        );
        assert_eq!(tag("Single Sign-On"), "/tags/single-sign-on/");
        assert_eq!(folder(""), "/");
    }

    #[test]
    fn heading_ids_follow_github() {
        // (heading text, id): the cases GitHub, Hugo and Docusaurus agree on.
        for (text, id) in [
            ("Install", "install"),
            ("People & Body", "people--body"),
            ("Proxy settings (HTTP)", "proxy-settings-http"),
            ("Upgrade from 2.x to 3.0!", "upgrade-from-2x-to-30"),
            ("snake_case and kebab-case", "snake_case-and-kebab-case"),
            ("  Résumé — café ", "résumé--café"),
            ("Ελληνικά 日本語", "ελληνικά-日本語"),
            ("a  b", "a--b"),
            ("--flag", "--flag"),
            ("?!", ""),
        ] {
            assert_eq!(heading_id(text), id, "{text}");
        }
        // Page slugs keep their own, merging rule.
        assert_eq!(slugify("People & Body"), "people-body");
        assert_eq!(
            slugify("Upgrade from 2.x to 3.0!"),
            "upgrade-from-2-x-to-3-0"
        );
        assert_eq!(slugify("  Résumé — café "), "résumé-café");
    }
}
