//! `/health/`: the content-health page for writers (not in the sitemap, `noindex`).
//! The numbers come from [`HealthReport`]; this adds titles, URLs and bar widths.

use super::views::{
    FeedbackHealthView, FeedbackRow, HealthView, OptOutView, ProductHealthRow, ReviewAgeBar,
    StalePageView, StaleRuleView,
};
use super::{nav, RenderContext};
use crate::check::feedback::FeedbackReport;
use crate::check::health::{HealthReport, ProductHealth, ReviewAge, ReviewAgeCount, RuleFindings};
use crate::check::stale::OptOutStatus;
use crate::diagnostics::Diagnostic;
use crate::model::Kind;

/// How many of the pages a stale rule flags the health page lists, in page order;
/// the rest are counted, and `almanac check --format json` lists them all. (On a
/// large site most pages can be due for review: 80,000 rows made a 50 MB page no
/// browser opens, and its view took hundreds of megabytes to build.)
pub const LISTED_PER_RULE: usize = 100;

/// Renders `/health/` for the site in `cx`.
pub fn health_page(cx: &RenderContext<'_>) -> Result<String, Diagnostic> {
    let report = HealthReport::compute(cx.site, cx.stale, cx.graph);
    let view = view(cx, &report);
    cx.render_template(
        "health.html",
        &[("health", tera::Value::from_serializable(&view))],
    )
}

/// What `/health/` shows of `report`.
fn view<'a>(cx: &RenderContext<'a>, report: &'a HealthReport<'a>) -> HealthView<'a> {
    let title = cx.strings().get("health.title").to_string();
    let url = cx.urls.href(crate::model::routes::HEALTH);
    HealthView {
        head: super::head::head(cx, &title, None, &url, super::head::OgType::Website, None),
        title,
        today: cx.strings().date(report.today),
        pages: report.pages,
        stale: report.stale,
        broken_links: report.broken_links,
        by_reason: report.by_rule.iter().map(|r| rule_view(cx, r)).collect(),
        per_product: report
            .per_product
            .iter()
            .map(|h| product_row(cx, h))
            .collect(),
        review_ages: review_age_bars(cx, &report.review_ages),
        optouts: report.optouts.iter().map(|o| optout_view(cx, o)).collect(),
        sidebar: nav::sidebar(cx, "", None),
        feedback: report.feedback.as_ref().map(|f| feedback_view(cx, f)),
    }
}

fn rule_view<'a>(cx: &RenderContext<'a>, rule: &RuleFindings<'a>) -> StaleRuleView<'a> {
    let pages = rule.pages.iter().take(LISTED_PER_RULE).map(|finding| {
        let page = &cx.site.pages[finding.page];
        StalePageView {
            title: &page.meta.title,
            url: cx.urls.page(finding.page),
            file: page.file.to_string_lossy(),
            product: page.meta.product.as_deref(),
            message: finding.message,
        }
    });
    StaleRuleView {
        code: rule.code.as_str(),
        review_only: rule.review_only,
        count: rule.pages.len(),
        pages: pages.collect(),
        more: rule.pages.len().saturating_sub(LISTED_PER_RULE),
    }
}

fn feedback_view<'a>(cx: &RenderContext<'a>, report: &FeedbackReport) -> FeedbackHealthView<'a> {
    let site = cx.site;
    let rows = report.pages.iter().map(|f| {
        let page = &site.pages[f.page];
        FeedbackRow {
            title: &page.meta.title,
            url: cx.urls.page(f.page),
            file: page.file.to_string_lossy(),
            votes: f.votes,
            no: f.no,
            no_percent: f.no_percent(),
            many_no: f.many_no(),
            stale: f.stale,
        }
    });
    FeedbackHealthView {
        since: report.since.long(),
        sources: site
            .feedback
            .sources
            .iter()
            .map(|p| p.to_string_lossy())
            .collect(),
        votes: report.votes,
        unmatched: report.unmatched,
        pages: rows.collect(),
    }
}

fn optout_view<'a>(cx: &RenderContext<'a>, optout: &'a OptOutStatus) -> OptOutView<'a> {
    let page = &cx.site.pages[optout.page];
    OptOutView {
        title: &page.meta.title,
        url: cx.urls.page(optout.page),
        file: page.file.to_string_lossy(),
        rules: optout.ignore.iter().map(|r| r.as_str()).collect(),
        reason: &optout.reason,
        ends: optout.ends.to_string(),
    }
}

fn product_row(cx: &RenderContext<'_>, health: &ProductHealth<'_>) -> ProductHealthRow {
    let no_product = || cx.strings().get("health.no_product").to_string();
    ProductHealthRow {
        name: health.product.map_or_else(no_product, |p| p.name.clone()),
        total: health.pages,
        guide: health.per_kind.get(Kind::Guide),
        faq: health.per_kind.get(Kind::Faq),
        release: health.per_kind.get(Kind::Release),
        eol: health.per_kind.get(Kind::Eol),
        stale: health.stale,
    }
}

/// Bars scaled so the fullest bucket spans the whole width.
/// The key of a review-age bucket in the theme's strings.
fn age_key(age: ReviewAge) -> &'static str {
    match age {
        ReviewAge::UpTo90Days => "health.age_90",
        ReviewAge::UpTo180Days => "health.age_180",
        ReviewAge::UpToAYear => "health.age_365",
        ReviewAge::OverAYear => "health.age_over",
        ReviewAge::Never => "health.age_never",
    }
}

fn review_age_bars(cx: &RenderContext<'_>, counts: &[ReviewAgeCount]) -> Vec<ReviewAgeBar> {
    let fullest = counts.iter().map(|c| c.pages).max().unwrap_or(1).max(1);
    counts
        .iter()
        .map(|c| ReviewAgeBar {
            label: cx.strings().get(age_key(c.age)).to_string(),
            count: c.pages,
            percent: c.pages * 100 / fullest,
        })
        .collect()
}
