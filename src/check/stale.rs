//! Stale-page rules. Each rule that applies to a page adds a [`Reason`] with a
//! stable code; which rules run is decided by `almanac.yaml` (`stale:`) and the
//! page's own `stale: false`.

use serde::{Deserialize, Serialize};

use crate::check::topics::Topics;
use crate::config::StalePolicy;
use crate::diagnostics::Diagnostic;
use crate::model::status::{Discontinued, NoteRelease, ProductStatus};
use crate::model::version::cycle_of;
use crate::model::{Date, Page, PageId, PageKind, Product, Site, Version};

mod coverage;
mod optout;
mod review;
mod support;

pub use coverage::VERSIONS_MATCH_NOTHING;
pub use optout::OptOutStatus;

/// The stale rules, in the order reasons are listed. Their codes (`as_str`) are
/// an interface: `stale.ignore`, `check --format json` and CI scripts use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    OutdatedVersion,
    EndOfLife,
    EolUpcoming,
    SupportEnded,
    NotReviewedSinceRelease,
    ReviewOverdue,
    NeverReviewed,
}

impl Rule {
    /// Every rule, in the order reasons are listed.
    pub const ALL: [Rule; 7] = [
        Rule::OutdatedVersion,
        Rule::EndOfLife,
        Rule::EolUpcoming,
        Rule::SupportEnded,
        Rule::NotReviewedSinceRelease,
        Rule::ReviewOverdue,
        Rule::NeverReviewed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::OutdatedVersion => "outdated-version",
            Rule::EndOfLife => "end-of-life",
            Rule::EolUpcoming => "eol-upcoming",
            Rule::SupportEnded => "support-ended",
            Rule::NotReviewedSinceRelease => "not-reviewed-since-release",
            Rule::ReviewOverdue => "review-overdue",
            Rule::NeverReviewed => "never-reviewed",
        }
    }

    /// Rules for writers only: no banner for readers unless the site asks.
    pub fn is_review(self) -> bool {
        matches!(
            self,
            Rule::NotReviewedSinceRelease | Rule::ReviewOverdue | Rule::NeverReviewed
        )
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every rule's code, in the order reasons are listed.
pub const RULES: [Rule; 7] = Rule::ALL;

/// Something a banner can point readers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum See {
    Page(PageId),
    Product(String),
}

/// Why one page is stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub code: Rule,
    /// For writers: what the rule found, with the numbers.
    pub message: String,
    /// For readers: the same in plain words, one sentence a line, worded by the theme.
    pub reader: Vec<ReaderLine>,
    pub see: Vec<See>,
    /// For writers: one sentence on what to do, with the exact values.
    pub fix: String,
    /// The date the reason turns on (a release, an end of life, the last review), if any.
    pub date: Option<Date>,
}

/// A sentence for readers, by its key in the theme's strings (`banner.*`) and
/// the values it names; render words it in the site's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderLine {
    pub key: &'static str,
    pub values: Vec<(&'static str, Value)>,
}

/// A value in a [`ReaderLine`]: text as it is, or a date to write out in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Date(Date),
}

impl ReaderLine {
    pub fn new(key: &'static str) -> ReaderLine {
        ReaderLine {
            key,
            values: Vec::new(),
        }
    }

    pub fn text(mut self, name: &'static str, text: impl Into<String>) -> ReaderLine {
        self.values.push((name, Value::Text(text.into())));
        self
    }

    pub fn date(mut self, name: &'static str, date: Date) -> ReaderLine {
        self.values.push((name, Value::Date(date)));
        self
    }
}

/// The stale verdicts for a whole site.
#[derive(Debug, Default)]
pub struct StaleReport {
    /// Reasons per page, indexed like `site.pages`.
    pub per_page: Vec<Vec<Reason>>,
    /// Status per product, indexed like `site.products`.
    pub statuses: Vec<ProductStatus>,
    pub show_review_banners: bool,
    /// Every page's opt-out (`stale: {ignore, reason, until}`), active or not, in page order.
    pub optouts: Vec<OptOutStatus>,
    /// Warnings of the stale stage, such as `optout-expired`, and topic errors.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages that cover one topic for different versions (`topic:`).
    pub topics: Topics,
    /// What `diagnostics` is made of besides the topics' warnings: the opt-out
    /// warnings, and each page's `versions-match-nothing` (serve judges one
    /// product's pages again and makes the list again from these).
    pub(crate) optout_warnings: Vec<Diagnostic>,
    pub(crate) coverage: std::collections::BTreeMap<PageId, Diagnostic>,
}

impl StaleReport {
    /// Applies the stale rules of `policy` to every page of `site`.
    pub fn compute(site: &Site, policy: &StalePolicy) -> StaleReport {
        let statuses = product_statuses(site);
        let optouts: Vec<OptOutStatus> = site
            .pages
            .iter()
            .enumerate()
            .filter_map(|(id, page)| OptOutStatus::of(page, id, site.today, policy.max_optout_days))
            .collect();
        let mut per_page = judge_pages(site, policy, &statuses, &optouts);
        let topics = Topics::compute(site, &statuses);
        point_to_current_pages(site, &topics, &mut per_page);
        let optout_warnings: Vec<Diagnostic> = optouts
            .iter()
            .filter_map(|o| o.expired_warning(&site.pages[o.page], policy.max_optout_days))
            .collect();
        let mut matches_nothing = coverage::MatchesNothing::new();
        let coverage = (0..site.pages.len())
            .filter_map(|id| {
                let warning = coverage_warning(site, &statuses, id, &mut matches_nothing)?;
                Some((id, warning))
            })
            .collect();
        let mut report = StaleReport {
            per_page,
            statuses,
            show_review_banners: policy.show_review_banners,
            optouts,
            diagnostics: Vec::new(),
            topics,
            optout_warnings,
            coverage,
        };
        report.gather_diagnostics();
        report
    }

    fn gather_diagnostics(&mut self) {
        self.diagnostics = self.optout_warnings.clone();
        self.diagnostics.extend(self.coverage.values().cloned());
        self.diagnostics
            .extend(self.topics.diagnostics.iter().cloned());
    }

    /// Judges again the pages of the products `changed` (indexes into
    /// `site.products`) after their data changed, where nothing else did (serve):
    /// the pages of other products keep their verdicts. Returns the product
    /// statuses as they were and the pages whose reasons changed; `None`, having
    /// changed nothing, when the topics change or one of the pages is on a topic
    /// (a topic's pages are judged together: [`StaleReport::compute`]).
    pub fn rejudge_products(
        &mut self,
        site: &Site,
        policy: &StalePolicy,
        changed: &[usize],
    ) -> Option<(Vec<ProductStatus>, Vec<PageId>)> {
        let statuses = product_statuses(site);
        let ids: Vec<PageId> = changed
            .iter()
            .flat_map(|&index| site.pages_of_product(&site.products[index].id))
            .map(|(id, _)| id)
            .collect();
        if ids.iter().any(|&id| site.pages[id].meta.topic.is_some())
            || Topics::compute(site, &statuses) != self.topics
        {
            return None;
        }
        let was = std::mem::replace(&mut self.statuses, statuses);
        let eol_notices = eol_notice_index(site);
        let optout_of: std::collections::HashMap<PageId, &OptOutStatus> =
            self.optouts.iter().map(|o| (o.page, o)).collect();
        let mut verdicts: LifecycleVerdicts<'_> = std::collections::HashMap::new();
        let mut matches_nothing = coverage::MatchesNothing::new();
        let mut rejudged = Vec::new();
        for id in ids {
            let optout = optout_of.get(&id).copied();
            let page = &site.pages[id];
            let reasons = judge_page(
                site,
                policy,
                &self.statuses,
                optout,
                &eol_notices,
                &mut verdicts,
                page,
            );
            if reasons != self.per_page[id] {
                self.per_page[id] = reasons;
                rejudged.push(id);
            }
            match coverage_warning(site, &self.statuses, id, &mut matches_nothing) {
                Some(warning) => self.coverage.insert(id, warning),
                None => self.coverage.remove(&id),
            };
        }
        self.gather_diagnostics();
        rejudged.sort_unstable();
        Some((was, rejudged))
    }

    /// Judges page `id` again after its front matter changed, where nothing else
    /// about the site did and it is on no topic (serve). The product statuses and
    /// the stage's warnings stay those of the last full computation.
    pub fn rejudge_page(&mut self, site: &Site, policy: &StalePolicy, id: PageId) {
        let page = &site.pages[id];
        let optout = OptOutStatus::of(page, id, site.today, policy.max_optout_days);
        let eol_notices = eol_notice_index(site);
        let mut verdicts: LifecycleVerdicts<'_> = std::collections::HashMap::new();
        self.per_page[id] = judge_page(
            site,
            policy,
            &self.statuses,
            optout.as_ref(),
            &eol_notices,
            &mut verdicts,
            page,
        );
        self.optouts.retain(|o| o.page != id);
        if let Some(optout) = optout {
            let at = self.optouts.partition_point(|o| o.page < id);
            self.optouts.insert(at, optout);
        }
    }

    /// Pages with at least one reason.
    pub fn stale_pages(&self) -> impl Iterator<Item = (PageId, &[Reason])> {
        self.per_page
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.is_empty())
            .map(|(id, r)| (id, r.as_slice()))
    }

    pub fn stale_count(&self) -> usize {
        self.stale_pages().count()
    }

    /// Reasons readers see a banner for.
    pub fn reader_reasons(&self, id: PageId) -> impl Iterator<Item = &Reason> {
        let show_review = self.show_review_banners;
        self.per_page
            .get(id)
            .into_iter()
            .flatten()
            .filter(move |r| show_review || !r.code.is_review())
    }
}

/// Each product's status on the site's today, counting its release notes.
fn product_statuses(site: &Site) -> Vec<ProductStatus> {
    site.products
        .iter()
        .map(|product| {
            let notes: Vec<NoteRelease<'_>> = site
                .pages_of_product(&product.id)
                .filter_map(|(_, p)| match &p.kind {
                    PageKind::Release(info) => Some(NoteRelease {
                        version: &info.version,
                        date: p.meta.date,
                        yanked: info.yanked,
                    }),
                    _ => None,
                })
                .collect();
            ProductStatus::compute(product, &notes, site.today)
        })
        .collect()
}

/// The product a page names, with its status; `None` for no or an unknown product.
fn product_of<'a>(
    site: &'a Site,
    statuses: &'a [ProductStatus],
    page: &Page,
) -> Option<(&'a Product, &'a ProductStatus)> {
    let id = page.meta.product.as_deref()?;
    let index = site.product_index(id)?;
    Some((&site.products[index], &statuses[index]))
}

/// Every page's reasons, less the rules switched off site-wide or by its opt-out.
fn judge_pages(
    site: &Site,
    policy: &StalePolicy,
    statuses: &[ProductStatus],
    optouts: &[OptOutStatus],
) -> Vec<Vec<Reason>> {
    let eol_notices = eol_notice_index(site);
    let optout_of: std::collections::HashMap<PageId, &OptOutStatus> =
        optouts.iter().map(|o| (o.page, o)).collect();
    // Pages share a handful of `versions` ranges per product; judging each range
    // once keeps this linear however many release notes a product has.
    let mut lifecycle_verdicts: LifecycleVerdicts<'_> = std::collections::HashMap::new();
    site.pages
        .iter()
        .enumerate()
        .map(|(id, page)| {
            judge_page(
                site,
                policy,
                statuses,
                optout_of.get(&id).copied(),
                &eol_notices,
                &mut lifecycle_verdicts,
                page,
            )
        })
        .collect()
}

/// One page's reasons, less the rules switched off site-wide or by its opt-out.
fn judge_page<'a>(
    site: &'a Site,
    policy: &StalePolicy,
    statuses: &'a [ProductStatus],
    optout: Option<&OptOutStatus>,
    eol_notices: &[(String, Option<String>, PageId)],
    lifecycle_verdicts: &mut LifecycleVerdicts<'a>,
    page: &Page,
) -> Vec<Reason> {
    let product = product_of(site, statuses, page);
    let mut reasons = page_reasons(
        page,
        product,
        site.today,
        policy,
        eol_notices,
        lifecycle_verdicts,
    );
    reasons.retain(|r| !policy.ignore.contains(&r.code));
    if let Some(optout) = optout {
        reasons.retain(|r| !optout.silences(r.code));
    }
    // Kept for every page until render: a Vec that grew by pushes holds room for
    // four reasons (over 400 bytes) where most stale pages have one or two.
    reasons.shrink_to_fit();
    reasons
}

/// On a page of a topic, `outdated-version` and `end-of-life` are fixed by the
/// topic's page for the current version: their fix names its URL.
fn point_to_current_pages(site: &Site, topics: &Topics, per_page: &mut [Vec<Reason>]) {
    for (id, reasons) in per_page.iter_mut().enumerate() {
        let Some(topic) = topics.of(id) else { continue };
        let (Some(current), Some(version)) = (topic.current, &topic.current_version) else {
            continue;
        };
        if current == id {
            continue;
        }
        let url = &site.pages[current].url;
        for reason in reasons
            .iter_mut()
            .filter(|r| matches!(r.code, Rule::OutdatedVersion | Rule::EndOfLife))
        {
            reason.fix = format!(
                "readers of {version} are sent to {url}, this topic's page for it; set stale: false if this page stays for older versions"
            );
        }
    }
}

/// Page `id`'s `versions-match-nothing` warning, if it has one.
fn coverage_warning<'a>(
    site: &'a Site,
    statuses: &'a [ProductStatus],
    id: PageId,
    matches_nothing: &mut coverage::MatchesNothing<'a>,
) -> Option<Diagnostic> {
    let page = &site.pages[id];
    let (product, status) = product_of(site, statuses, page)?;
    coverage::versions_match_nothing(page, product, status, site.today, matches_nothing)
}

/// EOL notices by (product, cycle), to point banners at them.
fn eol_notice_index(site: &Site) -> Vec<(String, Option<String>, PageId)> {
    site.pages
        .iter()
        .enumerate()
        .filter_map(|(id, page)| match &page.kind {
            PageKind::Eol(info) => Some((page.meta.product.clone()?, info.cycle.clone(), id)),
            _ => None,
        })
        .collect()
}

/// The lifecycle reasons (`end-of-life`, `eol-upcoming`, `support-ended`) per
/// product and `versions` range (or `cycles` list).
type LifecycleVerdicts<'a> = std::collections::HashMap<(&'a str, String), Vec<Reason>>;

fn page_reasons<'a>(
    page: &Page,
    product: Option<(&'a Product, &ProductStatus)>,
    today: Date,
    policy: &StalePolicy,
    eol_notices: &[(String, Option<String>, PageId)],
    lifecycle_verdicts: &mut LifecycleVerdicts<'a>,
) -> Vec<Reason> {
    if matches!(page.kind, PageKind::Release(_) | PageKind::Eol(_)) || !page.meta.stale_checks {
        return Vec::new();
    }
    let mut reasons = Vec::new();
    if let Some((product, status)) = product {
        reasons.extend(outdated_version(page, product, status));
        let applies_to = applies_to(page).unwrap_or_default();
        let verdict = lifecycle_verdicts
            .entry((product.id.as_str(), applies_to))
            .or_insert_with(|| lifecycle(page, product, status, today, policy, eol_notices));
        reasons.extend(verdict.iter().cloned());
        reasons.extend(review::not_reviewed_since_release(
            page, product, status, today,
        ));
        if policy.require_review {
            reasons.extend(review::never_reviewed(page, status, today));
        }
    }
    let status = product.map(|(_, status)| status);
    reasons.extend(review::review_overdue(
        page,
        status,
        today,
        policy.max_age_days,
    ));
    reasons
}

/// What a page applies to, as a key: its `versions` range or its `cycles`
/// (`None`: neither, so every version).
fn applies_to(page: &Page) -> Option<String> {
    match &page.meta.versions {
        Some(req) => Some(format!("versions {req}")),
        None if !page.meta.cycles.is_empty() => Some(format!("cycles {:?}", page.meta.cycles)),
        None => None,
    }
}

/// `end-of-life`; or, for a page that is not, `eol-upcoming` and `support-ended`,
/// each on its own (a page can be both).
fn lifecycle(
    page: &Page,
    product: &Product,
    status: &ProductStatus,
    today: Date,
    policy: &StalePolicy,
    eol_notices: &Notices,
) -> Vec<Reason> {
    if let Some(ended) = end_of_life(page, product, status, today, eol_notices) {
        return vec![ended];
    }
    let cycles = support::cycles_applied(page, product, status);
    let upcoming = support::eol_upcoming(product, &cycles, today, policy.warn_days, eol_notices);
    let support = support::support_ended(product, status, &cycles, today, eol_notices);
    upcoming.into_iter().chain(support).collect()
}

/// The page's `versions` (or `cycles`) do not include the product's current version.
fn outdated_version(page: &Page, product: &Product, status: &ProductStatus) -> Option<Reason> {
    let current = status.current.as_ref()?;
    let matches = covers(page, product, current)?;
    let applies_to = match &page.meta.versions {
        Some(req) => req.to_string(),
        None => format!("cycles {}", page.meta.cycles.join(", ")),
    };
    (!matches).then(|| Reason {
        code: Rule::OutdatedVersion,
        message: format!("applies to {applies_to}; current version is {current}"),
        reader: vec![outdated_line(page, product, current)],
        see: vec![See::Product(product.id.clone())],
        fix: format!(
            "{} or update the page for {current}",
            narrow_to_current(page, product, current)
        ),
        date: None,
    })
}

/// Whether the page's `versions` (or `cycles`) include `version`; `None` when
/// the page names neither, and so applies to every version.
pub(crate) fn covers(page: &Page, product: &Product, version: &Version) -> Option<bool> {
    if let Some(req) = &page.meta.versions {
        Some(req.matches(version))
    } else if !page.meta.cycles.is_empty() {
        let names: Vec<&str> = product.cycles.iter().map(|c| c.name.as_str()).collect();
        let cycle = cycle_of(version, names.iter());
        Some(cycle.is_some_and(|c| page.meta.cycles.iter().any(|n| n == c)))
    } else {
        None
    }
}

/// The known released versions `page` applies to, sorted: those its `versions`
/// or `cycles` match; without either, the current version.
pub(crate) fn released_versions<'a>(
    page: &Page,
    product: &Product,
    status: &'a ProductStatus,
) -> Vec<&'a Version> {
    match versions_covered(page, product, status) {
        Some(covered) => covered.into_iter().map(|(v, _)| v).collect(),
        None => status.current.iter().collect(),
    }
}

/// `narrow versions to ">=3.0"` (the current version's cycle onwards), or for a
/// page by cycles, `set cycles to ["3"]`.
fn narrow_to_current(page: &Page, product: &Product, current: &Version) -> String {
    let names: Vec<&str> = product.cycles.iter().map(|c| c.name.as_str()).collect();
    let cycle = cycle_of(current, names.iter());
    if page.meta.versions.is_none() {
        let cycle = cycle.map_or_else(|| current.to_string(), str::to_string);
        return format!("set cycles to [\"{cycle}\"]");
    }
    // A one-number cycle reads as its first minor: `3` → `3.0`.
    let from = match cycle {
        Some(name) if name.chars().all(|c| c.is_ascii_digit()) => format!("{name}.0"),
        Some(name) => name.to_string(),
        None => current.to_string(),
    };
    format!("narrow versions to \">={from}\"")
}

/// "This page describes Acme Cloud 2.x. The current version is 3.2.0."
fn outdated_line(page: &Page, product: &Product, current: &Version) -> ReaderLine {
    let line = |key| {
        ReaderLine::new(key)
            .text("product", product.name.clone())
            .text("current", current.to_string())
    };
    match &page.meta.versions {
        Some(req) => match major_line(&req.to_string()) {
            Some(major) => line("banner.outdated_series").text("major", major),
            None => line("banner.outdated_versions").text("versions", req.to_string()),
        },
        None => line("banner.outdated_cycles").text("cycles", page.meta.cycles.join(", ")),
    }
}

/// "versions >=2.0, <3.0" reads better to customers as "2.x" when it is one
/// major line: the major, `2`, for such a range.
fn major_line(applies_to: &str) -> Option<String> {
    let compact = applies_to.replace(' ', "");
    if let Some(rest) = compact.strip_prefix(">=") {
        if let Some((low, high)) = rest.split_once(",<") {
            let low_major = low.split('.').next().unwrap_or("");
            let high_major: u64 = high
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            let next = low_major.parse::<u64>().map(|m| m + 1).unwrap_or(u64::MAX);
            if next == high_major
                && high
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .trim_matches(['.', '0'])
                    .is_empty()
            {
                return Some(low_major.to_string());
            }
        }
    }
    None
}

/// Release notes and EOL notices of one product: (product id, cycle, page).
type Notices = [(String, Option<String>, PageId)];

/// The product is discontinued, or every released version the page covers is in an end-of-life cycle.
fn end_of_life(
    page: &Page,
    product: &Product,
    status: &ProductStatus,
    today: Date,
    eol_notices: &Notices,
) -> Option<Reason> {
    if status.discontinued.is_discontinued() {
        return Some(discontinued(product, status.discontinued, eol_notices));
    }
    let matched = versions_covered(page, product, status)?;
    let all_ended = !matched.is_empty()
        && matched
            .iter()
            .all(|(_, cycle)| cycle.is_some_and(|i| product.cycles[i].is_end_of_life(today)));
    if !all_ended {
        return None;
    }
    let mut cycles: Vec<usize> = matched.iter().filter_map(|(_, c)| *c).collect();
    cycles.sort_unstable();
    cycles.dedup();
    Some(cycles_ended(product, &cycles, eol_notices))
}

/// The EOL notices of `product` for `cycle` (every notice of it when `None`).
fn notices_for(product: &Product, cycle: Option<&str>, eol_notices: &Notices) -> Vec<See> {
    eol_notices
        .iter()
        .filter(|(p, c, _)| *p == product.id && (cycle.is_none() || c.as_deref() == cycle))
        .map(|(_, _, id)| See::Page(*id))
        .collect()
}

fn discontinued(product: &Product, since: Discontinued, eol_notices: &Notices) -> Reason {
    let when = match since {
        Discontinued::On(date) => format!(" on {}", date.long()),
        _ => String::new(),
    };
    let mut see = notices_for(product, None, eol_notices);
    see.push(See::Product(product.id.clone()));
    Reason {
        code: Rule::EndOfLife,
        message: format!("{} is discontinued{when}", product.name),
        reader: vec![match since {
            Discontinued::On(date) => ReaderLine::new("banner.discontinued_on").date("date", date),
            _ => ReaderLine::new("banner.discontinued"),
        }
        .text("product", product.name.clone())],
        see,
        fix: END_OF_LIFE_FIX.to_string(),
        date: match since {
            Discontinued::On(date) => Some(date),
            _ => None,
        },
    }
}

/// The known released versions a page applies to, by its `versions:` range or
/// its `cycles:`; `None` when it names neither.
fn versions_covered<'a>(
    page: &Page,
    product: &Product,
    status: &'a ProductStatus,
) -> Option<Vec<&'a (Version, Option<usize>)>> {
    let known = status.known_versions.iter();
    if let Some(req) = &page.meta.versions {
        Some(known.filter(|(v, _)| req.matches(v)).collect())
    } else if !page.meta.cycles.is_empty() {
        let in_named_cycle = |cycle: &Option<usize>| {
            cycle.is_some_and(|i| {
                page.meta
                    .cycles
                    .iter()
                    .any(|n| *n == product.cycles[i].name)
            })
        };
        Some(known.filter(|(_, c)| in_named_cycle(c)).collect())
    } else {
        None
    }
}

/// What to do with a page about something that has ended.
const END_OF_LIFE_FIX: &str =
    "link the migration guide, or set stale: false if the page is kept for reference";

/// Every cycle in `cycles` (indexes into `product.cycles`) has ended.
fn cycles_ended(product: &Product, cycles: &[usize], eol_notices: &Notices) -> Reason {
    let describe = |i: usize| {
        let cycle = &product.cycles[i];
        match cycle.eol.and_then(|m| m.date()) {
            Some(date) => ReaderLine::new("banner.cycle_ended_on").date("date", date),
            None => ReaderLine::new("banner.cycle_ended"),
        }
        .text("product", product.name.clone())
        .text("cycle", cycle.name.clone())
    };
    let cycle_names: Vec<&str> = cycles
        .iter()
        .map(|&i| product.cycles[i].name.as_str())
        .collect();
    let mut see: Vec<See> = cycle_names
        .iter()
        .flat_map(|c| notices_for(product, Some(c), eol_notices))
        .collect();
    see.push(See::Product(product.id.clone()));
    Reason {
        code: Rule::EndOfLife,
        message: format!(
            "every released version it applies to is end of life (cycle {})",
            cycle_names.join(", ")
        ),
        reader: cycles.iter().map(|&i| describe(i)).collect(),
        see,
        fix: END_OF_LIFE_FIX.to_string(),
        // The day the last of them ended: since then the page is end of life.
        date: cycles
            .iter()
            .filter_map(|&i| product.cycles[i].eol.and_then(|m| m.date()))
            .max(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_major_line_reads_as_x() {
        assert_eq!(major_line(">=2.0, <3.0").as_deref(), Some("2"));
        assert_eq!(major_line(">=2, <3").as_deref(), Some("2"));
        assert_eq!(major_line(">=2.1, <3.0").as_deref(), Some("2"));
        assert_eq!(major_line(">=2.0, <4.0"), None);
        assert_eq!(major_line("<3.0"), None);
    }
}
