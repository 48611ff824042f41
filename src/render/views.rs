//! What templates see: small serializable views borrowed from the model.
//! Templates never get the model itself, so its shape can change freely.

use serde::Serialize;

use crate::model::Date;

/// A link with its text.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// Site-wide values, the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub base_url: &'a str,
    /// Prefix of every site URL, e.g. `/` or `/docs/`.
    pub base_path: &'a str,
    pub footer: Option<&'a str>,
    pub products: Vec<LinkView>,
    pub sections: Vec<LinkView>,
    /// URL of the search index.
    pub search_index: String,
    /// URL of the page of every deprecation.
    pub deprecations_url: String,
    /// Set only by `almanac serve`: templates add the live-reload script.
    pub live_reload: bool,
    /// The feed of every announcement, offered on every page.
    pub feed: super::head::FeedLink,
}

/// What a page's `<head>` says about it to machines (see `render::head`).
#[derive(Debug, Clone, Serialize)]
pub struct HeadView {
    /// For link previews (`og:title`, `twitter:title`).
    pub title: String,
    /// For link previews: the page's description, else a fallback (never empty).
    pub description: String,
    /// The page's absolute URL: `<link rel="canonical">`, `og:url`.
    pub canonical: String,
    pub og_type: super::head::OgType,
    pub site_name: String,
    /// Feeds that follow this page besides the site's (a product's, on its pages).
    pub feeds: Vec<super::head::FeedLink>,
    /// schema.org JSON-LD, already safe to put inside `<script>`.
    pub json_ld: Option<String>,
}

/// A node of the sidebar tree.
#[derive(Debug, Clone, Serialize)]
pub struct NavNode {
    pub title: String,
    pub url: String,
    pub current: bool,
    pub open: bool,
    pub children: Vec<NavNode>,
    /// When a folder has more pages than the sidebar shows: how many are hidden.
    pub more: usize,
}

/// An entry of the page's table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry<'a> {
    pub level: u8,
    pub id: &'a str,
    pub text: &'a str,
}

/// How alarming a badge or banner is; templates use it as a CSS class suffix
/// (`badge-danger`, `banner-warn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    Info,
    Ok,
    Warn,
    Danger,
    Muted,
}

impl Tone {
    /// Its name as serialized (`"danger"`), for JSON written by hand.
    pub fn name(self) -> &'static str {
        match self {
            Tone::Info => "info",
            Tone::Ok => "ok",
            Tone::Warn => "warn",
            Tone::Danger => "danger",
            Tone::Muted => "muted",
        }
    }
}

/// A small label shown near the title: kind, product version, support status.
#[derive(Debug, Clone, Serialize)]
pub struct Badge {
    pub text: String,
    pub tone: Tone,
    pub title: Option<String>,
}

/// The notice shown to readers on a stale page.
#[derive(Debug, Clone, Serialize)]
pub struct BannerView {
    /// `Warn`, or `Danger` for end of life.
    pub tone: Tone,
    pub lines: Vec<String>,
    pub links: Vec<LinkView>,
    /// On an outdated or end-of-life page of a topic: the topic's page for the
    /// current version ("Read this page for Acme Cloud 3.2.0").
    pub current: Option<LinkView>,
}

/// The version switcher of a page that is one of a topic's versions.
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    pub id: String,
    /// Every page of the topic, in version order.
    pub pages: Vec<TopicEntry>,
}

/// One page of a topic in the version switcher.
#[derive(Debug, Clone, Serialize)]
pub struct TopicEntry {
    /// The product versions it applies to, e.g. `>=2.0, <3.0`.
    pub label: String,
    pub url: String,
    /// The page being rendered.
    pub current: bool,
}

/// Release-note fields.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseView {
    pub version: String,
    pub breaking: bool,
    pub yanked: bool,
    pub deprecations: Vec<DeprecationView>,
    /// The product's release just below and just above this one, by version.
    pub previous: Option<LinkView>,
    pub next: Option<LinkView>,
    /// The release's cycle in its product's support matrix.
    pub cycle: Option<LinkView>,
}

/// One announced deprecation, on its release note and on `/deprecations/`.
#[derive(Debug, Clone, Serialize)]
pub struct DeprecationView {
    pub feature: String,
    /// Its id on the release note.
    pub anchor: String,
    /// The removal as written: a version or `YYYY-MM-DD`.
    pub removal: String,
    /// "Removal in version 3.0", "Removed on 30 June 2026".
    pub removal_text: String,
    pub removed: bool,
    /// "69 days left", for a dated removal while it is upcoming.
    pub days_left: Option<String>,
    pub description: Option<String>,
    pub migration: Option<LinkView>,
    /// The announcement date in words.
    pub announced: String,
    /// The announcing release note, linked to the deprecation's anchor.
    pub release: LinkView,
    pub product: Option<LinkView>,
}

/// `/deprecations/`.
#[derive(Debug, Clone, Serialize)]
pub struct DeprecationsView {
    pub head: HeadView,
    pub title: String,
    pub description: String,
    pub canonical: String,
    pub breadcrumbs: Vec<LinkView>,
    pub sidebar: Vec<NavNode>,
    pub upcoming: Vec<DeprecationView>,
    pub removed: Vec<DeprecationView>,
}

/// EOL-notice fields.
#[derive(Debug, Clone, Serialize)]
pub struct EolView {
    /// "Acme Cloud 2 (versions 2.0 to 2.9.4)", one per cycle the notice covers.
    pub cycles: Vec<String>,
    /// "87 days left", or "Reached on 30 June 2026".
    pub when: String,
    pub days_left: i64,
    pub eol_date: String,
    pub eol_date_long: String,
    pub reached: bool,
    pub cycle: Option<String>,
    pub announced: Option<String>,
    pub replacement: Option<LinkView>,
    pub migration: Option<LinkView>,
}

/// Everything `page.html` gets about the page it renders.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub head: HeadView,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: String,
    pub canonical: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub product: Option<LinkView>,
    pub versions: Option<String>,
    pub tags: Vec<LinkView>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub reviewed: Option<String>,
    pub last_modified_long: Option<String>,
    pub content: String,
    pub toc: Vec<TocEntry<'a>>,
    pub questions: Vec<TocEntry<'a>>,
    pub breadcrumbs: Vec<LinkView>,
    pub sidebar: Vec<NavNode>,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
    pub backlinks: Vec<LinkView>,
    pub related: Vec<LinkView>,
    pub badges: Vec<Badge>,
    pub banner: Option<BannerView>,
    /// The version switcher, for a page of a topic with other versions.
    pub topic: Option<TopicView>,
    pub release: Option<ReleaseView>,
    pub eol: Option<EolView>,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// "Edit this page": `edit_url` filled in for this page, when the site sets one.
    pub edit_url: Option<String>,
    /// "Report a problem with this page": `issue_url` filled in, when the site sets one.
    pub issue_url: Option<String>,
    /// "Was this page helpful?", on guides and FAQs when the site has a feedback endpoint.
    pub feedback: Option<FeedbackView<'a>>,
}

/// What the feedback block sends, besides the reader's answer and comment.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackView<'a> {
    /// Where the browser POSTs the vote.
    pub endpoint: &'a str,
    /// The page's site-relative URL path (`/guides/x/`): how exports name the page.
    pub page: &'a str,
    /// The revision the reader saw: the page's last-modified date, `YYYY-MM-DD`.
    pub version: Option<String>,
}

/// One entry of a listing.
#[derive(Debug, Clone, Serialize)]
pub struct ListItem {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    /// Short facts shown beside the entry (version, date, product).
    pub meta: Vec<String>,
    pub badges: Vec<Badge>,
    /// Nested links, e.g. the questions of an FAQ page.
    pub children: Vec<LinkView>,
}

/// A titled group of listing entries.
#[derive(Debug, Clone, Serialize)]
pub struct ListGroup {
    pub title: String,
    pub url: Option<String>,
    pub items: Vec<ListItem>,
}

/// What `listing.html` gets: section pages, product indexes, tag pages.
#[derive(Debug, Clone, Serialize)]
pub struct ListingView {
    pub head: HeadView,
    pub title: String,
    pub description: Option<String>,
    pub url: String,
    pub canonical: String,
    pub intro: String,
    pub breadcrumbs: Vec<LinkView>,
    pub sidebar: Vec<NavNode>,
    pub groups: Vec<ListGroup>,
    /// Sub-folders of this folder.
    pub folders: Vec<LinkView>,
    /// Set when the listing spans several pages.
    pub pagination: Option<Pagination>,
    pub noindex: bool,
}

/// Numbered pages of a long listing.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// 1-based number of this page.
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub first: String,
    pub last: String,
    /// A few pages around the current one.
    pub pages: Vec<PageLink>,
}

/// A link to one numbered page of a listing.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// What `product.html` gets (as `product`): `/products/<id>/`.
#[derive(Debug, Clone, Serialize)]
pub struct ProductView<'a> {
    pub head: HeadView,
    /// The product's id in `products.yaml`.
    pub id: &'a str,
    /// The product's name.
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: String,
    pub canonical: String,
    /// The product's Markdown overview as HTML (empty without one).
    pub overview: String,
    /// The current version, pinned or computed.
    pub current: Option<String>,
    /// When the newest release came out, in words.
    pub latest_release_date: Option<String>,
    pub discontinued: bool,
    /// The support matrix, one row per release cycle, newest first as written.
    pub cycles: Vec<CycleRow>,
    /// The product's pages, one group per kind that has any.
    pub groups: Vec<LinkGroup>,
    /// Fields of `products.yaml` almanac does not know, kept for templates.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    pub breadcrumbs: Vec<LinkView>,
    pub sidebar: Vec<NavNode>,
    /// The build's today in words: the support statuses are as of this date.
    pub today: String,
}

/// One row of the support matrix.
#[derive(Debug, Clone, Serialize)]
pub struct CycleRow {
    /// `releaseCycle`, e.g. "3" or "focal".
    pub name: String,
    /// The row's id, which release notes and notices link to: `cycle-3`.
    pub anchor: String,
    /// What the row is headed with: `releaseLabel`, else the name.
    pub label: String,
    pub codename: Option<String>,
    /// Release date, in words.
    pub released: Option<String>,
    /// The cycle's latest version.
    pub latest: Option<String>,
    /// The latest version's release date, in words.
    pub latest_date: Option<String>,
    /// End of active support: a date in words, "Ended", "No date set" or "—".
    pub active_support: String,
    /// End of life, in the same words as `active_support`.
    pub end_of_life: String,
    /// End of extended support, for cycles that have it.
    pub extended_support: Option<String>,
    /// Whether the cycle is a long-term-support cycle as of today.
    pub lts: bool,
    /// The cycle's support status as of today.
    pub status: Badge,
    /// The cycle's own page (release notes, changelog), if given.
    pub link: Option<String>,
    /// Fields of the cycle almanac does not know, kept for templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A titled list of links, e.g. a product's guides.
#[derive(Debug, Clone, Serialize)]
pub struct LinkGroup {
    pub title: String,
    pub items: Vec<LinkView>,
}

/// What `health.html` gets (as `health`): the content-health page for writers.
#[derive(Debug, Clone, Serialize)]
pub struct HealthView<'a> {
    pub head: HeadView,
    pub title: String,
    /// The build's today in words: ages and verdicts are as of this date.
    pub today: String,
    /// Published pages.
    pub pages: usize,
    /// Pages with at least one stale reason.
    pub stale: usize,
    pub broken_links: usize,
    /// Every stale rule, in rule order, with the pages it flagged.
    pub by_reason: Vec<StaleRuleView<'a>>,
    /// One row per product with pages, then one for pages of no product.
    pub per_product: Vec<ProductHealthRow>,
    /// Guides and FAQs by time since their last review, as bars.
    pub review_ages: Vec<ReviewAgeBar>,
    /// Opt-outs in effect, with their reasons and ends.
    pub optouts: Vec<OptOutView<'a>>,
    pub sidebar: Vec<NavNode>,
    /// Readers' votes per page, when the site has a feedback export.
    pub feedback: Option<FeedbackHealthView<'a>>,
}

/// The health page's reader-feedback table.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackHealthView<'a> {
    /// The window's first day, in words.
    pub since: String,
    /// The export files read.
    pub sources: Vec<std::borrow::Cow<'a, str>>,
    /// Votes in the window.
    pub votes: usize,
    /// Votes in the window for pages the site does not have.
    pub unmatched: usize,
    /// Pages with votes, those that need attention first.
    pub pages: Vec<FeedbackRow<'a>>,
}

/// One page's votes on the health page.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackRow<'a> {
    pub title: &'a str,
    pub url: String,
    pub file: std::borrow::Cow<'a, str>,
    pub votes: usize,
    pub no: usize,
    /// The share of "no", in whole percent.
    pub no_percent: usize,
    /// Many readers said no (see `check::feedback::MANY_NO`).
    pub many_no: bool,
    pub stale: bool,
}

/// A page's opt-out from stale rules, on the health page.
#[derive(Debug, Clone, Serialize)]
pub struct OptOutView<'a> {
    pub title: &'a str,
    pub url: String,
    pub file: std::borrow::Cow<'a, str>,
    /// The rules switched off, by code.
    pub rules: Vec<&'static str>,
    pub reason: &'a str,
    /// The last day it holds, `YYYY-MM-DD`.
    pub ends: String,
}

/// One stale rule on the health page.
#[derive(Debug, Clone, Serialize)]
pub struct StaleRuleView<'a> {
    /// The rule's code, e.g. `review-overdue`.
    pub code: &'static str,
    /// A rule for writers only: readers see no banner for it by default.
    pub review_only: bool,
    /// How many pages the rule flags.
    pub count: usize,
    /// The first [`crate::render::health::LISTED_PER_RULE`] of them.
    pub pages: Vec<StalePageView<'a>>,
    /// How many more it flags than the page lists.
    pub more: usize,
}

/// A page a stale rule flagged.
#[derive(Debug, Clone, Serialize)]
pub struct StalePageView<'a> {
    pub title: &'a str,
    pub url: String,
    /// The source file, relative to the site root, for writers to open.
    pub file: std::borrow::Cow<'a, str>,
    /// The page's product id, if it names one.
    pub product: Option<&'a str>,
    /// What the rule found, for writers.
    pub message: &'a str,
}

/// A product's row of the health page's pages-per-product table.
#[derive(Debug, Clone, Serialize)]
pub struct ProductHealthRow {
    /// The product's name, or "No product".
    pub name: String,
    /// All its pages.
    pub total: usize,
    pub guide: usize,
    pub faq: usize,
    pub release: usize,
    pub eol: usize,
    pub stale: usize,
}

/// One bar of the health page's time-since-review chart.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewAgeBar {
    /// The bucket, e.g. "91–180 days".
    pub label: String,
    /// Pages in the bucket.
    pub count: usize,
    /// Bar width: the count as a share of the largest bucket's, 0 to 100.
    pub percent: usize,
}

/// What `home.html` gets: the site's front page.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView<'a> {
    pub head: HeadView,
    /// The home `_index.md`'s title, else the site title.
    pub title: &'a str,
    /// The home `_index.md`'s description, else the site description.
    pub description: Option<&'a str>,
    pub url: String,
    pub canonical: String,
    /// The home `_index.md` body as HTML (empty without one).
    pub intro: String,
    /// One card per product, in declaration order.
    pub products: Vec<ListItem>,
    /// One entry per top-level section, with its page count.
    pub sections: Vec<ListItem>,
    /// "What's new": the latest release of each product, by version.
    pub latest_releases: Vec<ListItem>,
    /// "What's new": every end of life within `stale.warn_days`, soonest first.
    pub ending_soon: Vec<ListItem>,
    pub sidebar: Vec<NavNode>,
}

/// What `redirect.html` gets: the page an alias now points to.
#[derive(Debug, Clone, Serialize)]
pub struct RedirectView<'a> {
    /// Title of the page the alias moved to.
    pub title: &'a str,
    /// Its URL, with the base path: where the refresh sends readers.
    pub url: String,
    /// Its absolute URL, so search engines index the new address.
    pub canonical: String,
}

/// What `404.html` gets (as `page`): just enough for the layout around the message.
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundView {
    pub title: String,
    pub sidebar: Vec<NavNode>,
}

/// `YYYY-MM-DD` of an optional date.
pub fn iso(date: Option<Date>) -> Option<String> {
    date.map(|d| d.to_string())
}
