//! Content health for writers: how many pages each product has of each kind and
//! how many are stale, which rule flagged which page, and how long ago pages were
//! reviewed. Plain numbers computed from the site, its stale report and the link
//! graph; `render` turns them into the `/health/` page.

use super::feedback::FeedbackReport;
use super::stale::{OptOutStatus, Reason, Rule, StaleReport, RULES};
use crate::model::links::LinkGraph;
use crate::model::{Date, Kind, Page, PageId, PageKind, Product, Site};

/// The whole site's health as of `today`.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthReport<'a> {
    /// The date ages and stale verdicts are as of.
    pub today: Date,
    /// Published pages.
    pub pages: usize,
    /// Pages with at least one stale reason.
    pub stale: usize,
    /// Links the link stage could not resolve.
    pub broken_links: usize,
    /// Products with pages, in declaration order, then the pages of no product.
    pub per_product: Vec<ProductHealth<'a>>,
    /// Reviewable pages per review age, in [`ReviewAge::ALL`] order.
    pub review_ages: Vec<ReviewAgeCount>,
    /// Every stale rule in [`RULES`] order, with the pages it flagged (maybe none).
    pub by_rule: Vec<RuleFindings<'a>>,
    /// Opt-outs in effect today (`stale: {ignore, reason, until}`), in page order.
    pub optouts: Vec<&'a OptOutStatus>,
    /// Readers' votes per page, when the site has a feedback export.
    pub feedback: Option<FeedbackReport>,
}

impl<'a> HealthReport<'a> {
    /// The health of `site` on its `today`, from the stale verdicts and links found.
    pub fn compute(site: &'a Site, stale: &'a StaleReport, graph: &LinkGraph) -> HealthReport<'a> {
        HealthReport {
            today: site.today,
            pages: site.pages.len(),
            stale: stale.stale_count(),
            broken_links: graph.broken.len(),
            per_product: per_product(&site.pages, &site.products, &stale.per_page),
            review_ages: review_ages(&site.pages, site.today),
            by_rule: by_rule(stale),
            optouts: stale.optouts.iter().filter(|o| o.active).collect(),
            feedback: (!site.feedback.sources.is_empty())
                .then(|| FeedbackReport::compute(site, stale)),
        }
    }
}

/// One product's pages: how many of each kind, and how many are stale.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductHealth<'a> {
    /// `None` for the pages that name no product.
    pub product: Option<&'a Product>,
    pub pages: usize,
    pub per_kind: KindCounts,
    /// Pages with at least one stale reason.
    pub stale: usize,
}

/// A count per page kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindCounts([usize; Kind::ALL.len()]);

impl KindCounts {
    pub fn get(&self, kind: Kind) -> usize {
        self.0[Self::slot(kind)]
    }

    fn add(&mut self, kind: Kind) {
        self.0[Self::slot(kind)] += 1;
    }

    fn slot(kind: Kind) -> usize {
        Kind::ALL
            .iter()
            .position(|&k| k == kind)
            .expect("Kind::ALL lists every kind")
    }
}

/// How long ago a page was last reviewed, in the buckets the health page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAge {
    /// 0 to 90 days ago: about a quarter.
    UpTo90Days,
    /// 91 to 180 days ago.
    UpTo180Days,
    /// 181 to 365 days ago.
    UpToAYear,
    /// 366 days ago or more.
    OverAYear,
    /// No `reviewed`, `updated` or `date` at all.
    Never,
}

impl ReviewAge {
    pub const ALL: [ReviewAge; 5] = [
        ReviewAge::UpTo90Days,
        ReviewAge::UpTo180Days,
        ReviewAge::UpToAYear,
        ReviewAge::OverAYear,
        ReviewAge::Never,
    ];

    /// The bucket of a page whose review date is `reviewed`. A review dated after
    /// `today` falls in no bucket (`None`): it is a typo or a plan, not an age.
    pub fn of(reviewed: Option<Date>, today: Date) -> Option<ReviewAge> {
        let Some(reviewed) = reviewed else {
            return Some(ReviewAge::Never);
        };
        match reviewed.days_until(today) {
            ..0 => None,
            0..=90 => Some(ReviewAge::UpTo90Days),
            91..=180 => Some(ReviewAge::UpTo180Days),
            181..=365 => Some(ReviewAge::UpToAYear),
            366.. => Some(ReviewAge::OverAYear),
        }
    }
}

/// How many reviewable pages fall in one review-age bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewAgeCount {
    pub age: ReviewAge,
    pub pages: usize,
}

/// The pages one stale rule flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFindings<'a> {
    /// The rule's code, from [`RULES`].
    pub code: Rule,
    /// A rule for writers only ([`Rule::is_review`]): readers see no banner for it by default.
    pub review_only: bool,
    /// Flagged pages, in page order.
    pub pages: Vec<Finding<'a>>,
}

/// One page a rule flagged, and what the rule found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding<'a> {
    pub page: PageId,
    /// The reason's message for writers.
    pub message: &'a str,
}

fn per_product<'a>(
    pages: &[Page],
    products: &'a [Product],
    per_page: &[Vec<Reason>],
) -> Vec<ProductHealth<'a>> {
    products
        .iter()
        .map(Some)
        .chain([None])
        .filter_map(|product| product_health(pages, per_page, product))
        .collect()
}

/// The pages naming `product` (`None`: naming none), or `None` when there are none.
/// A page naming an unknown product counts in no row; the model reports it.
fn product_health<'a>(
    pages: &[Page],
    per_page: &[Vec<Reason>],
    product: Option<&'a Product>,
) -> Option<ProductHealth<'a>> {
    let id = product.map(|p| p.id.as_str());
    let mut health = ProductHealth {
        product,
        pages: 0,
        per_kind: KindCounts::default(),
        stale: 0,
    };
    let of_product = pages.iter().zip(per_page);
    for (page, reasons) in of_product.filter(|(p, _)| p.meta.product.as_deref() == id) {
        health.pages += 1;
        health.per_kind.add(page.kind.kind());
        health.stale += usize::from(!reasons.is_empty());
    }
    (health.pages > 0).then_some(health)
}

/// Release notes and EOL notices record one moment; nobody is due to review them,
/// so, as in the stale rules, they have no review age.
fn has_review_age(page: &Page) -> bool {
    !matches!(page.kind, PageKind::Release(_) | PageKind::Eol(_))
}

fn review_ages(pages: &[Page], today: Date) -> Vec<ReviewAgeCount> {
    let ages: Vec<Option<ReviewAge>> = pages
        .iter()
        .filter(|p| has_review_age(p))
        .map(|p| ReviewAge::of(p.meta.review_date(), today))
        .collect();
    ReviewAge::ALL
        .into_iter()
        .map(|age| ReviewAgeCount {
            age,
            pages: ages.iter().filter(|&&a| a == Some(age)).count(),
        })
        .collect()
}

fn by_rule(stale: &StaleReport) -> Vec<RuleFindings<'_>> {
    RULES
        .into_iter()
        .map(|code| RuleFindings {
            code,
            review_only: code.is_review(),
            pages: stale
                .stale_pages()
                .filter_map(|(page, reasons)| {
                    let reason = reasons.iter().find(|r| r.code == code)?;
                    Some(Finding {
                        page,
                        message: &reason.message,
                    })
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EolInfo, PageMeta, ReleaseInfo};

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    const TODAY: &str = "2026-11-23";

    fn page(kind: PageKind, product: Option<&str>, reviewed: Option<&str>) -> Page {
        let meta = PageMeta {
            title: "X".into(),
            product: product.map(str::to_string),
            reviewed: reviewed.map(date),
            ..PageMeta::default()
        };
        Page::bare("content/x.md", "/x/", kind, meta)
    }

    fn release() -> PageKind {
        PageKind::Release(ReleaseInfo {
            version: "1.0.0".parse().unwrap(),
            breaking: false,
            deprecations: Vec::new(),
            yanked: false,
        })
    }

    fn eol() -> PageKind {
        PageKind::Eol(EolInfo {
            eol_date: date("2026-01-01"),
            cycle: None,
            announced: None,
            replacement: None,
            migration: None,
        })
    }

    fn product(id: &str) -> Product {
        Product {
            id: id.into(),
            name: id.to_uppercase(),
            description: None,
            cycles: Vec::new(),
            current: None,
            discontinued: None,
            file: "content/products.yaml".into(),
            line: 1,
            overview: String::new(),
            overview_headings: Vec::new(),
            overview_links: Vec::new(),
            extra: serde_json::Map::new(),
        }
    }

    fn reason(code: Rule, message: &str) -> Reason {
        Reason {
            code,
            message: message.into(),
            reader: Vec::new(),
            see: Vec::new(),
            fix: String::new(),
            date: None,
        }
    }

    #[test]
    fn review_age_buckets_include_their_upper_bound() {
        let today = date(TODAY);
        let days_ago = |days: i64| Date::from_days_since_epoch(today.days_since_epoch() - days);
        let cases: &[(Option<i64>, Option<ReviewAge>)] = &[
            (Some(-1), None),
            (Some(0), Some(ReviewAge::UpTo90Days)),
            (Some(90), Some(ReviewAge::UpTo90Days)),
            (Some(91), Some(ReviewAge::UpTo180Days)),
            (Some(180), Some(ReviewAge::UpTo180Days)),
            (Some(181), Some(ReviewAge::UpToAYear)),
            (Some(365), Some(ReviewAge::UpToAYear)),
            (Some(366), Some(ReviewAge::OverAYear)),
            (Some(10_000), Some(ReviewAge::OverAYear)),
            (None, Some(ReviewAge::Never)),
        ];
        let mismatches: Vec<String> = cases
            .iter()
            .filter_map(|&(days, expected)| {
                let got = ReviewAge::of(days.map(days_ago), today);
                let case = days.map_or("no review date".to_string(), |d| format!("{d} days ago"));
                (got != expected).then(|| format!("{case}: {got:?}, expected {expected:?}"))
            })
            .collect();
        assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    }

    #[test]
    fn review_ages_count_guides_and_faqs_only_in_every_bucket() {
        let pages = [
            page(PageKind::Guide, None, Some("2026-11-01")),
            page(PageKind::Faq, None, Some("2026-06-01")),
            page(PageKind::Guide, None, Some("2020-01-01")),
            page(PageKind::Guide, None, None),
            page(PageKind::Guide, None, Some("2027-01-01")),
            page(release(), None, None),
            page(eol(), None, Some("2020-01-01")),
        ];
        let counts: Vec<(ReviewAge, usize)> = review_ages(&pages, date(TODAY))
            .into_iter()
            .map(|c| (c.age, c.pages))
            .collect();
        assert_eq!(
            counts,
            [
                (ReviewAge::UpTo90Days, 1),
                (ReviewAge::UpTo180Days, 1),
                (ReviewAge::UpToAYear, 0),
                (ReviewAge::OverAYear, 1),
                (ReviewAge::Never, 1),
            ]
        );
    }

    #[test]
    fn the_review_age_is_that_of_reviewed_else_updated_else_date() {
        let mut only_date = page(PageKind::Guide, None, None);
        only_date.meta.date = Some(date("2026-11-01"));
        let mut updated = page(PageKind::Guide, None, None);
        updated.meta.updated = Some(date("2026-10-01"));
        updated.meta.date = Some(date("2020-01-01"));
        let counts = review_ages(&[only_date, updated], date(TODAY));
        assert_eq!(
            counts[0],
            ReviewAgeCount {
                age: ReviewAge::UpTo90Days,
                pages: 2
            }
        );
    }

    #[test]
    fn per_product_rows_follow_declaration_order_then_no_product() {
        let products = [product("b"), product("empty"), product("a")];
        let pages = [
            page(PageKind::Guide, Some("a"), None),
            page(PageKind::Guide, Some("a"), None),
            page(PageKind::Faq, Some("b"), None),
            page(release(), Some("a"), None),
            page(eol(), None, None),
            page(PageKind::Guide, Some("unknown"), None),
        ];
        let per_page = vec![
            vec![reason(Rule::ReviewOverdue, "old")],
            Vec::new(),
            vec![
                reason(Rule::OutdatedVersion, "v1"),
                reason(Rule::ReviewOverdue, "old"),
            ],
            Vec::new(),
            Vec::new(),
            vec![reason(Rule::ReviewOverdue, "old")],
        ];
        let rows = per_product(&pages, &products, &per_page);
        let summary: Vec<(Option<&str>, usize, [usize; 4], usize)> = rows
            .iter()
            .map(|r| {
                let kinds = Kind::ALL.map(|k| r.per_kind.get(k));
                (r.product.map(|p| p.id.as_str()), r.pages, kinds, r.stale)
            })
            .collect();
        assert_eq!(
            summary,
            [
                (Some("b"), 1, [0, 1, 0, 0], 1),
                (Some("a"), 3, [2, 0, 1, 0], 1),
                (None, 1, [0, 0, 0, 1], 0),
            ],
            "products without pages have no row; unknown products count nowhere"
        );
    }

    #[test]
    fn every_rule_is_listed_in_order_with_the_pages_it_flagged() {
        let stale = StaleReport {
            per_page: vec![
                vec![reason(Rule::ReviewOverdue, "reviewed 400 days ago")],
                Vec::new(),
                vec![
                    reason(Rule::EndOfLife, "cycle 1 ended"),
                    reason(Rule::ReviewOverdue, "reviewed 500 days ago"),
                ],
            ],
            ..StaleReport::default()
        };
        let rules = by_rule(&stale);
        let codes: Vec<Rule> = rules.iter().map(|r| r.code).collect();
        assert_eq!(codes, RULES);
        let overdue = rules
            .iter()
            .find(|r| r.code == Rule::ReviewOverdue)
            .unwrap();
        assert!(overdue.review_only);
        assert_eq!(
            overdue.pages,
            [
                Finding {
                    page: 0,
                    message: "reviewed 400 days ago"
                },
                Finding {
                    page: 2,
                    message: "reviewed 500 days ago"
                },
            ]
        );
        let eol = rules.iter().find(|r| r.code == Rule::EndOfLife).unwrap();
        assert!(!eol.review_only);
        assert_eq!(
            eol.pages,
            [Finding {
                page: 2,
                message: "cycle 1 ended"
            }]
        );
        assert!(rules
            .iter()
            .find(|r| r.code == Rule::NeverReviewed)
            .unwrap()
            .pages
            .is_empty());
    }
}
