//! `/health/`: the content-health page for writers (not in the sitemap, `noindex`).
//! The numbers come from [`HealthReport`]; this adds titles, URLs and bar widths.

use super::views::{
    FeedbackHealthView, FeedbackRow, HealthView, ProductHealthRow, ReviewAgeBar, StalePageView,
    StaleRuleView,
};
use super::{nav, RenderContext};
use crate::check::feedback::FeedbackReport;
use crate::check::health::{HealthReport, ProductHealth, ReviewAgeCount, RuleFindings};
use crate::diagnostics::Diagnostic;
use crate::model::Kind;

/// Renders `/health/` for the site in `cx`.
pub fn health_page(cx: &RenderContext<'_>) -> Result<String, Diagnostic> {
    let report = HealthReport::compute(cx.site, cx.stale, cx.graph);
    let view = HealthView {
        title: "Content health",
        today: report.today.long(),
        pages: report.pages,
        stale: report.stale,
        broken_links: report.broken_links,
        by_reason: report.by_rule.iter().map(|r| rule_view(cx, r)).collect(),
        per_product: report.per_product.iter().map(product_row).collect(),
        review_ages: review_age_bars(&report.review_ages),
        sidebar: nav::sidebar(cx.site, &cx.urls, "", None),
        feedback: report.feedback.as_ref().map(|f| feedback_view(cx, f)),
    };
    cx.render_template(
        "health.html",
        &[("health", tera::Value::from_serializable(&view))],
    )
}

fn rule_view<'a>(cx: &RenderContext<'a>, rule: &RuleFindings<'a>) -> StaleRuleView<'a> {
    let pages = rule.pages.iter().map(|finding| {
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
        pages: pages.collect(),
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

fn product_row<'a>(health: &ProductHealth<'a>) -> ProductHealthRow<'a> {
    ProductHealthRow {
        name: health.product.map_or("No product", |p| p.name.as_str()),
        total: health.pages,
        guide: health.per_kind.get(Kind::Guide),
        faq: health.per_kind.get(Kind::Faq),
        release: health.per_kind.get(Kind::Release),
        eol: health.per_kind.get(Kind::Eol),
        stale: health.stale,
    }
}

/// Bars scaled so the fullest bucket spans the whole width.
fn review_age_bars(counts: &[ReviewAgeCount]) -> Vec<ReviewAgeBar> {
    let fullest = counts.iter().map(|c| c.pages).max().unwrap_or(1).max(1);
    counts
        .iter()
        .map(|c| ReviewAgeBar {
            label: c.age.label(),
            count: c.pages,
            percent: c.pages * 100 / fullest,
        })
        .collect()
}
