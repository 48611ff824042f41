//! The announcement feeds: release notes, end-of-life notices and deprecations as Atom 1.0
//! ([`atom`]) and JSON Feed 1.1 ([`json`]), once for the whole site, once per
//! kind and once per product.
//!
//! Takes the published model (scheduled pages are already left out of it) and
//! the bodies the page render produced; gives one `feed.xml` and one `feed.json`
//! per [`FeedSet`]. Both formats are written from the same [`Feed`], so they
//! always carry the same entries with the same ids and dates.

pub mod atom;
pub mod json;

use std::collections::{BTreeSet, HashMap};

use super::strings::Strings;
use super::RenderContext;
use crate::config::Author;
use crate::diagnostics::Diagnostic;
use crate::model::routes::{self, output_path};
use crate::model::{Date, Kind, PageId, PageKind, Product, Site};

/// How many entries a feed carries: its newest announcements. Readers poll
/// feeds often, so a feed stays small however long the changelog grows.
pub const FEED_LIMIT: usize = 50;

/// What an announcement announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AnnouncementKind {
    Release,
    Eol,
    /// An item of a release note's `deprecations:`.
    Deprecation,
}

impl AnnouncementKind {
    /// The category term feeds give its entries (for pages, the page kind's name).
    pub fn term(self) -> &'static str {
        match self {
            AnnouncementKind::Release => Kind::Release.name(),
            AnnouncementKind::Eol => Kind::Eol.name(),
            AnnouncementKind::Deprecation => "deprecation",
        }
    }

    /// The category's label, in the site's language.
    fn label(self, strings: &Strings) -> String {
        let key = match self {
            AnnouncementKind::Deprecation => "feed.deprecation".to_string(),
            _ => format!("kind.{}", self.term()),
        };
        strings.get(&key).to_string()
    }

    /// Where the announcements of this kind are listed.
    fn listing(self) -> String {
        match self {
            AnnouncementKind::Release => routes::folder(Kind::Release.folder()),
            AnnouncementKind::Eol => routes::folder(Kind::Eol.folder()),
            AnnouncementKind::Deprecation => routes::DEPRECATIONS.to_string(),
        }
    }
}

/// One published announcement with the dates feeds give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Announcement {
    pub kind: AnnouncementKind,
    /// The page, or for a deprecation the release note that announces it.
    pub page: PageId,
    /// A deprecation's index in its release note's `deprecations:`.
    pub deprecation: Option<usize>,
    /// When it was announced: the page's publication date (`Page::publish_date`),
    /// a deprecation's `announced`.
    pub published: Date,
    /// When it last changed: the page's `updated` when that is later than `published`.
    pub updated: Date,
}

/// Every announcement the site has published, newest first (ties in page
/// order, a release note before its deprecations).
///
/// Scheduled pages and deprecations are not in the model at all
/// (`Site::assemble`); anything dated after today is left out here too, so no
/// feed ever shows an announcement before its day.
pub fn announcements(site: &Site) -> Vec<Announcement> {
    let mut all = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        let updated_from =
            |published: Date| page.meta.updated.map_or(published, |u| u.max(published));
        let kind = match &page.kind {
            PageKind::Release(_) => AnnouncementKind::Release,
            PageKind::Eol(_) => AnnouncementKind::Eol,
            _ => continue,
        };
        // A notice written without `date` or `announced` announces the end of
        // life itself, once it has happened.
        let past_eol = match &page.kind {
            PageKind::Eol(info) => Some(info.eol_date).filter(|&d| d <= site.today),
            _ => None,
        };
        if let Some(published) = page.publish_date().or(past_eol) {
            all.push(Announcement {
                kind,
                page: id,
                deprecation: None,
                published,
                updated: updated_from(published),
            });
        }
        for (index, deprecation) in page.deprecations().iter().enumerate() {
            all.push(Announcement {
                kind: AnnouncementKind::Deprecation,
                page: id,
                deprecation: Some(index),
                published: deprecation.announced,
                updated: updated_from(deprecation.announced),
            });
        }
    }
    all.retain(|a| a.published <= site.today);
    all.sort_by(|a, b| {
        b.published
            .cmp(&a.published)
            .then(a.page.cmp(&b.page))
            .then(a.deprecation.cmp(&b.deprecation))
    });
    all
}

/// Which announcements one feed carries.
#[derive(Debug, Clone, Copy)]
pub enum FeedSet<'a> {
    /// Every announcement: `/feed.xml`.
    All,
    /// One kind: `/releases/feed.xml`, `/eol/feed.xml`, `/deprecations/feed.xml`.
    Kind(AnnouncementKind),
    /// One product's: `/products/<id>/feed.xml`.
    Product(&'a Product),
}

impl FeedSet<'_> {
    /// Every feed set of `site`: the site-wide feed, one per kind, one per product.
    pub fn all(site: &Site) -> Vec<FeedSet<'_>> {
        let mut sets = vec![
            FeedSet::All,
            FeedSet::Kind(AnnouncementKind::Release),
            FeedSet::Kind(AnnouncementKind::Eol),
            FeedSet::Kind(AnnouncementKind::Deprecation),
        ];
        sets.extend(site.products.iter().map(FeedSet::Product));
        sets
    }

    /// Site-relative URLs of its Atom feed and its JSON Feed.
    pub fn urls(&self) -> [String; 2] {
        match self {
            FeedSet::All => [
                routes::ANNOUNCEMENTS_FEED.to_string(),
                routes::ANNOUNCEMENTS_JSON_FEED.to_string(),
            ],
            FeedSet::Kind(AnnouncementKind::Release) => [
                routes::RELEASES_FEED.to_string(),
                routes::RELEASES_JSON_FEED.to_string(),
            ],
            FeedSet::Kind(AnnouncementKind::Eol) => [
                routes::EOL_FEED.to_string(),
                routes::EOL_JSON_FEED.to_string(),
            ],
            FeedSet::Kind(AnnouncementKind::Deprecation) => [
                routes::DEPRECATIONS_FEED.to_string(),
                routes::DEPRECATIONS_JSON_FEED.to_string(),
            ],
            FeedSet::Product(product) => routes::product_feeds(&product.id),
        }
    }

    /// The site-relative URL of the page the feed follows.
    fn home(&self) -> String {
        match self {
            FeedSet::All => routes::folder(""),
            FeedSet::Kind(kind) => kind.listing(),
            FeedSet::Product(product) => routes::product(&product.id),
        }
    }

    /// The feed's title, in the site's language.
    pub fn title(&self, strings: &Strings, site: &Site) -> String {
        let site = site.config.title.as_str();
        match self {
            FeedSet::All => strings.fill("feed.announcements", &[("site", site)]),
            FeedSet::Kind(AnnouncementKind::Release) => {
                strings.fill("feed.title", &[("site", site)])
            }
            FeedSet::Kind(AnnouncementKind::Eol) => strings.fill("feed.eol", &[("site", site)]),
            FeedSet::Kind(AnnouncementKind::Deprecation) => {
                strings.fill("feed.deprecations", &[("site", site)])
            }
            FeedSet::Product(product) => strings.fill(
                "feed.product",
                &[("site", site), ("product", &product.name)],
            ),
        }
    }

    fn includes(&self, site: &Site, announcement: &Announcement) -> bool {
        match self {
            FeedSet::All => true,
            FeedSet::Kind(kind) => announcement.kind == *kind,
            FeedSet::Product(product) => {
                site.pages[announcement.page].meta.product.as_deref() == Some(&product.id)
            }
        }
    }
}

/// Every feed of the site with the announcements it carries, newest first.
pub struct Plan<'a> {
    feeds: Vec<(FeedSet<'a>, Vec<Announcement>)>,
}

impl<'a> Plan<'a> {
    pub fn new(site: &'a Site) -> Plan<'a> {
        let all = announcements(site);
        let feeds = FeedSet::all(site)
            .into_iter()
            .map(|set| {
                let entries = all
                    .iter()
                    .filter(|a| set.includes(site, a))
                    .take(FEED_LIMIT)
                    .copied()
                    .collect();
                (set, entries)
            })
            .collect();
        Plan { feeds }
    }

    /// The pages whose rendered bodies some feed carries (a deprecation's entry
    /// has its own text, not its release note's body), and the pages whose
    /// deprecations are in one.
    pub fn pages(&self) -> BTreeSet<PageId> {
        self.feeds
            .iter()
            .flat_map(|(_, entries)| entries.iter().map(|a| a.page))
            .collect()
    }
}

/// Rendered bodies of pages, kept from the page render so that feeds do not
/// render them again.
pub type Bodies = HashMap<PageId, String>;

/// A category of an entry: a product, a kind, or "breaking".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// Stable and machine-readable: a product id, `release`, `eol`, `breaking`.
    pub term: String,
    /// For people: the product's name, the kind's label.
    pub label: String,
}

/// One entry, as both formats write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable across builds: the absolute URL of the page; for a deprecation, of
    /// its anchor on the release note (`…/3-2-0/#deprecation-legacy-ingress`).
    pub id: String,
    /// Absolute.
    pub url: String,
    pub title: String,
    pub summary: Option<String>,
    /// The rendered body, with every site link made absolute.
    pub content_html: String,
    pub published: Date,
    pub updated: Date,
    pub categories: Vec<Category>,
}

/// One feed, as both formats write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub title: String,
    /// Absolute URLs of the Atom feed, the JSON Feed, and the page they follow.
    pub atom_url: String,
    pub json_url: String,
    pub home_url: String,
    pub language: String,
    pub author: Author,
    /// The newest entry's `updated`; `None` for a feed without entries.
    pub updated: Option<Date>,
    pub entries: Vec<Entry>,
}

/// Renders every feed of `plan` to (output path, bytes), two files per feed set.
/// Bodies missing from `bodies` are rendered here.
pub fn render_feeds(
    cx: &RenderContext<'_>,
    plan: &Plan<'_>,
    bodies: &Bodies,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let key = |a: &Announcement| (a.page, a.deprecation);
    let mut entries: HashMap<(PageId, Option<usize>), Entry> = HashMap::new();
    for announcement in plan.feeds.iter().flat_map(|(_, list)| list) {
        // An announcement is in up to three feeds (all, its kind, its product): made once.
        if let std::collections::hash_map::Entry::Vacant(slot) = entries.entry(key(announcement)) {
            slot.insert(entry(cx, announcement, bodies)?);
        }
    }
    let mut files = Vec::with_capacity(plan.feeds.len() * 2);
    for (set, list) in &plan.feeds {
        let feed = feed(cx, set, list.iter().map(|a| entries[&key(a)].clone()));
        let [atom_url, json_url] = set.urls();
        files.push((output_path(&atom_url), atom::write(&feed).into_bytes()));
        files.push((output_path(&json_url), json::write(&feed).into_bytes()));
    }
    Ok(files)
}

fn feed(cx: &RenderContext<'_>, set: &FeedSet<'_>, entries: impl Iterator<Item = Entry>) -> Feed {
    let absolute = |url: &str| cx.urls.absolute(&cx.urls.href(url));
    let [atom_url, json_url] = set.urls();
    let entries: Vec<Entry> = entries.collect();
    Feed {
        title: set.title(cx.strings(), cx.site),
        atom_url: absolute(&atom_url),
        json_url: absolute(&json_url),
        home_url: absolute(&set.home()),
        language: cx.site.config.language.clone(),
        author: cx.site.config.feed_author(),
        updated: entries.iter().map(|e| e.updated).max(),
        entries,
    }
}

fn entry(
    cx: &RenderContext<'_>,
    announcement: &Announcement,
    bodies: &Bodies,
) -> Result<Entry, Diagnostic> {
    let id = announcement.page;
    let page = &cx.site.pages[id];
    let page_url = cx.urls.absolute(&cx.urls.page(id));
    let deprecation = announcement
        .deprecation
        .map(|index| &page.deprecations()[index]);
    let (url, title, summary, body) = match deprecation {
        Some(deprecation) => (
            format!("{page_url}#{}", deprecation.anchor),
            super::deprecations::feed_title(cx, page, deprecation),
            deprecation.description.clone(),
            super::deprecations::feed_html(cx, id, deprecation),
        ),
        None => (
            page_url.clone(),
            page.meta.title.clone(),
            page.meta.description.clone(),
            match bodies.get(&id) {
                Some(body) => body.clone(),
                None => super::page::body_html(cx, id)?,
            },
        ),
    };
    let mut categories = Vec::new();
    if let Some(product) = cx.site.product_of(page) {
        categories.push(Category {
            term: product.id.clone(),
            label: product.name.clone(),
        });
    }
    categories.push(Category {
        term: announcement.kind.term().to_string(),
        label: announcement.kind.label(cx.strings()),
    });
    let breaking = matches!(&page.kind, PageKind::Release(info) if info.breaking);
    if breaking && deprecation.is_none() {
        categories.push(Category {
            term: "breaking".to_string(),
            label: cx.strings().get("badge.breaking_changes").to_string(),
        });
    }
    Ok(Entry {
        content_html: absolute_links(&body, &page_url, cx.site.config.origin()),
        id: url.clone(),
        url,
        title,
        summary,
        published: announcement.published,
        updated: announcement.updated,
        categories,
    })
}

/// `html` with its site links made absolute, since a feed reader shows the body
/// away from the site: `href="/x/"` and `src="/x.png"` get `origin` in front, an
/// in-page `href="#a"` the page's own URL. Other links are left as written.
fn absolute_links(html: &str, page_url: &str, origin: &str) -> String {
    const ATTRIBUTES: [&str; 2] = [" href=\"", " src=\""];
    // Where each attribute's next value starts, found again only once the
    // value it found is passed: searching the rest of the body for both at each
    // link was quadratic (a Node.js release note: 100 KB with a thousand links,
    // 16% of that site's build).
    let next_value = |attribute: &str, from: usize| {
        html[from..]
            .find(attribute)
            .map(|i| from + i + attribute.len())
    };
    let mut next = ATTRIBUTES.map(|attribute| next_value(attribute, 0));
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    while let Some((which, at)) = next
        .iter()
        .enumerate()
        .filter_map(|(which, at)| at.map(|at| (which, at)))
        .min_by_key(|&(_, at)| at)
    {
        out.push_str(&html[copied..at]);
        copied = at;
        let rest = &html[at..];
        if rest.starts_with('#') {
            out.push_str(page_url.split('#').next().unwrap_or(page_url));
        } else if rest.starts_with('/') && !rest.starts_with("//") {
            out.push_str(origin);
        }
        next[which] = next_value(ATTRIBUTES[which], at);
    }
    out.push_str(&html[copied..]);
    out
}

/// RFC 3339 for a date: midnight UTC, as feeds need a time.
pub fn rfc3339(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_links_in_a_body_become_absolute() {
        let html = r##"<p><a href="/docs/guides/x/">x</a> <a href="#step-2">step</a> <img src="/docs/img/a.png" alt=""> <a href="https://example.org/">out</a> <a href="//cdn.example/y">cdn</a> <a href="mailto:a@b">mail</a></p>"##;
        assert_eq!(
            absolute_links(html, "https://e.com/docs/releases/3/", "https://e.com"),
            r##"<p><a href="https://e.com/docs/guides/x/">x</a> <a href="https://e.com/docs/releases/3/#step-2">step</a> <img src="https://e.com/docs/img/a.png" alt=""> <a href="https://example.org/">out</a> <a href="//cdn.example/y">cdn</a> <a href="mailto:a@b">mail</a></p>"##
        );
        // Text that only looks like an attribute is escaped by the Markdown stage.
        let text = "<code>href=&quot;/x&quot;</code>";
        assert_eq!(
            absolute_links(text, "https://e.com/a/", "https://e.com"),
            text
        );
    }

    /// The rule as first written: at each step, the nearest attribute value in
    /// the rest of the body (which searched the whole rest for both at every link).
    fn one_link_at_a_time(html: &str, page_url: &str, origin: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(at) = [" href=\"", " src=\""]
            .iter()
            .filter_map(|attr| rest.find(attr).map(|i| i + attr.len()))
            .min()
        {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            if rest.starts_with('#') {
                out.push_str(page_url.split('#').next().unwrap_or(page_url));
            } else if rest.starts_with('/') && !rest.starts_with("//") {
                out.push_str(origin);
            }
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn every_link_of_a_long_body_is_made_absolute_as_one_at_a_time_would() {
        let pieces = [
            r#"<a href="/x/">x</a>"#,
            r##"<a href="#y">y</a>"##,
            r#"<img src="/i.png" alt="">"#,
            r#"<img src="//cdn/i.png">"#,
            r#"<a href="https://o/">o</a>"#,
            " plain text ",
            r#"<a  href="/two-spaces/">"#,
            "<p>",
        ];
        // Bodies of every length up to 40 pieces, each a different mix (a
        // Node.js release note has a thousand links and one image, or none).
        for len in 0..40 {
            let body: String = (0..len)
                .map(|i| pieces[(i * 7 + len * 3 + i * i) % pieces.len()])
                .collect();
            for body in [
                body.clone(),
                format!("{body}{}", pieces[2]),
                format!("{}{body}", pieces[2]),
            ] {
                assert_eq!(
                    absolute_links(&body, "https://e.com/p/#top", "https://e.com"),
                    one_link_at_a_time(&body, "https://e.com/p/#top", "https://e.com"),
                    "{body}"
                );
            }
        }
    }
}
