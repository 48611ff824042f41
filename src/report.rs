//! `almanac check` reports: rustc-style text grouped for writers, or one JSON object for CI.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::build::Analysis;
use crate::check::feedback::FeedbackReport;
use crate::diagnostics::{self, render_summarised, Diagnostic, Severity};
use crate::text::plural;

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: Vec<JsonError>,
    /// Problems that do not fail the build, such as a `latest` that is not a version.
    warnings: Vec<JsonError>,
    broken_links: Vec<JsonBrokenLink>,
    stale: Vec<JsonStale<'a>>,
    /// Readers' votes per page; only when the site has a feedback export.
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback: Option<JsonFeedback<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonFeedback<'a> {
    since: String,
    votes: usize,
    unmatched: usize,
    pages: Vec<JsonPageFeedback<'a>>,
}

#[derive(Serialize)]
struct JsonPageFeedback<'a> {
    file: String,
    url: &'a str,
    title: &'a str,
    votes: usize,
    no: usize,
    no_percent: usize,
    many_no: bool,
    stale: bool,
}

#[derive(Serialize)]
struct JsonError {
    file: String,
    line: usize,
    column: usize,
    code: &'static str,
    message: String,
    help: Option<String>,
}

#[derive(Serialize)]
struct JsonBrokenLink {
    file: String,
    line: usize,
    column: usize,
    /// `error`, or `warning` under `links: {broken: warn}`.
    severity: Severity,
    code: &'static str,
    message: String,
    suggestion: Option<String>,
}

#[derive(Serialize)]
struct JsonStale<'a> {
    file: String,
    url: &'a str,
    title: &'a str,
    product: Option<&'a str>,
    reasons: Vec<JsonReason<'a>>,
}

#[derive(Serialize)]
struct JsonReason<'a> {
    code: &'static str,
    message: &'a str,
    /// What a writer can do about it, with the exact values.
    fix: &'a str,
    /// `YYYY-MM-DD`, for reasons that turn on a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
}

#[derive(Serialize)]
struct JsonSummary {
    pages: usize,
    stale: usize,
    errors: usize,
    broken_links: usize,
    warnings: usize,
}

/// `/`-separated path, relative to the site root, the same on every platform.
fn file_string(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Content diagnostics of `severity` (broken links are listed on their own).
fn json_diagnostics(analysis: &Analysis, severity: Severity) -> Vec<JsonError> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| {
            let (file, line, column) = d.location.as_ref().map_or((String::new(), 0, 0), |l| {
                (file_string(&l.file), l.line, l.column)
            });
            JsonError {
                file,
                line,
                column,
                code: d.code,
                message: d.message.clone(),
                help: d.help.clone(),
            }
        })
        .collect()
}

/// The JSON report: `{"errors", "warnings", "broken_links", "stale", "summary"}`, arrays
/// sorted by file. It lists every diagnostic, however many the text report leaves out.
pub fn json(analysis: &Analysis) -> String {
    let errors = json_diagnostics(analysis, Severity::Error);
    let warnings = json_diagnostics(analysis, Severity::Warning);
    let severity = analysis.broken_link_severity();
    let mut broken_links: Vec<JsonBrokenLink> = analysis
        .graph
        .broken
        .iter()
        .map(|b| JsonBrokenLink {
            file: file_string(&b.file),
            line: b.line,
            column: b.column,
            severity,
            code: b.broken.code.as_str(),
            message: b.broken.message.clone(),
            suggestion: b.broken.suggestion.clone(),
        })
        .collect();
    broken_links.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    let site = &analysis.site;
    let stale: Vec<JsonStale<'_>> = analysis
        .stale
        .stale_pages()
        .map(|(id, reasons)| {
            let page = &site.pages[id];
            JsonStale {
                file: file_string(&page.file),
                url: &page.url,
                title: &page.meta.title,
                product: page.meta.product.as_deref(),
                reasons: reasons
                    .iter()
                    .map(|r| JsonReason {
                        code: r.code.as_str(),
                        message: &r.message,
                        fix: &r.fix,
                        date: r.date.map(|d| d.to_string()),
                    })
                    .collect(),
            }
        })
        .collect();
    let summary = JsonSummary {
        pages: site.pages.len(),
        stale: stale.len(),
        errors: analysis.error_count(),
        broken_links: broken_links.len(),
        warnings: analysis.warning_count(),
    };
    let report = JsonReport {
        errors,
        warnings,
        broken_links,
        stale,
        feedback: feedback_report(analysis).map(|f| json_feedback(analysis, &f)),
        summary,
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

fn feedback_report(analysis: &Analysis) -> Option<FeedbackReport> {
    let site = &analysis.site;
    (!site.feedback.sources.is_empty()).then(|| FeedbackReport::compute(site, &analysis.stale))
}

fn json_feedback<'a>(analysis: &'a Analysis, report: &FeedbackReport) -> JsonFeedback<'a> {
    let pages = report.pages.iter().map(|f| {
        let page = &analysis.site.pages[f.page];
        JsonPageFeedback {
            file: file_string(&page.file),
            url: &page.url,
            title: &page.meta.title,
            votes: f.votes,
            no: f.no,
            no_percent: f.no_percent(),
            many_no: f.many_no(),
            stale: f.stale,
        }
    });
    JsonFeedback {
        since: report.since.to_string(),
        votes: report.votes,
        unmatched: report.unmatched,
        pages: pages.collect(),
    }
}

/// How many pages the text report lists by their votes; the health page lists all.
const FEEDBACK_LINES: usize = 20;

/// The text report's feedback part: pages that need attention first.
fn feedback_text(analysis: &Analysis, report: &FeedbackReport) -> String {
    let mut out = format!(
        "feedback since {} (90 days): {}",
        report.since,
        plural(report.votes, "vote")
    );
    if report.unmatched > 0 {
        let _ = write!(
            out,
            ", {} for pages this site no longer has",
            report.unmatched
        );
    }
    out.push('\n');
    for f in report.pages.iter().take(FEEDBACK_LINES) {
        let flags: Vec<&str> = [(f.many_no(), "many no"), (f.stale, "stale")]
            .into_iter()
            .filter_map(|(on, flag)| on.then_some(flag))
            .collect();
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        };
        let file = file_string(&analysis.site.pages[f.page].file);
        let _ = writeln!(
            out,
            "  {file}: {}, {} no ({}%){flags}",
            plural(f.votes, "vote"),
            f.no,
            f.no_percent()
        );
    }
    if report.pages.len() > FEEDBACK_LINES {
        let _ = writeln!(
            out,
            "  … and {} more (all on the health page, /health/)",
            plural(report.pages.len() - FEEDBACK_LINES, "page")
        );
    }
    out
}

/// One stale page under its (product, rule) heading: file, message and fix.
type StaleLine<'a> = (String, &'a str, &'a str);

/// The text report: errors and warnings rustc-style (past a limit, counted per code:
/// see [`render_summarised`]), then stale pages grouped by product and reason.
pub fn text(analysis: &Analysis, root: &Path) -> String {
    let mut diagnostics: Vec<Diagnostic> = analysis.all_diagnostics();
    diagnostics::fill_source_lines(&mut diagnostics, root);
    let mut out = render_summarised(&diagnostics);
    let site = &analysis.site;
    let mut groups: BTreeMap<(String, &str), Vec<StaleLine<'_>>> = BTreeMap::new();
    for (id, reasons) in analysis.stale.stale_pages() {
        let page = &site.pages[id];
        let product = site
            .product_of(page)
            .map_or_else(|| "No product".to_string(), |p| p.name.clone());
        for reason in reasons {
            groups
                .entry((product.clone(), reason.code.as_str()))
                .or_default()
                .push((file_string(&page.file), &reason.message, &reason.fix));
        }
    }
    let mut current_product = String::new();
    for ((product, code), pages) in &groups {
        if *product != current_product {
            let _ = writeln!(out, "stale: {product}");
            current_product = product.clone();
        }
        let _ = writeln!(out, "  {code} ({})", plural(pages.len(), "page"));
        for (file, message, fix) in pages {
            let _ = writeln!(out, "    {file}: {message}");
            let _ = writeln!(out, "      = help: {fix}");
        }
    }
    if let Some(report) = feedback_report(analysis) {
        out.push_str(&feedback_text(analysis, &report));
    }
    let broken = format!(" ({})", plural(analysis.graph.broken.len(), "broken link"));
    let (on_errors, on_warnings) = match analysis.broken_link_severity() {
        Severity::Error => (broken.as_str(), ""),
        Severity::Warning => ("", broken.as_str()),
    };
    let _ = writeln!(
        out,
        "{} checked: {}{on_errors}, {}{on_warnings}, {}",
        plural(site.pages.len(), "page"),
        plural(analysis.error_count(), "error"),
        plural(analysis.warning_count(), "warning"),
        plural(analysis.stale.stale_count(), "stale page"),
    );
    out
}
