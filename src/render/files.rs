//! Support files: 404 page, alias redirects, sitemap, robots.txt, the changelog
//! feed, the content-health page, the highlighting stylesheet and the notices API.

use std::fmt::Write as _;

use super::highlight::{escape, stylesheet};
use super::views::{NotFoundView, RedirectView};
use super::{nav, RenderContext};
use crate::diagnostics::Diagnostic;
use crate::model::routes::{self, output_path};
use crate::model::Kind;

/// Renders every support file to (output path, bytes).
pub fn render_support_files(cx: &RenderContext<'_>) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut files = vec![
        (routes::NOT_FOUND, not_found(cx)?.into_bytes()),
        (routes::SITEMAP, sitemap(cx).into_bytes()),
        (routes::ROBOTS, robots(cx).into_bytes()),
        (routes::RELEASES_FEED, changelog_feed(cx).into_bytes()),
        (routes::SYNTAX_CSS, stylesheet().into_bytes()),
        (routes::SCRIPT_STRINGS, script_strings(cx).into_bytes()),
        (routes::HEALTH, super::health::health_page(cx)?.into_bytes()),
        (
            routes::DEPRECATIONS,
            super::deprecations::page(cx)?.into_bytes(),
        ),
    ]
    .into_iter()
    .map(|(url, bytes)| (output_path(url), bytes))
    .collect::<Vec<_>>();
    files.extend(redirects(cx)?);
    files.extend(super::notices::notices_files(cx));
    Ok(files)
}

/// The script's texts as one small file, cached across pages, rather than
/// repeated in every page.
fn script_strings(cx: &RenderContext<'_>) -> String {
    format!(
        "window.almanacStrings = {};\n",
        cx.strings().section_json("script")
    )
}

fn not_found(cx: &RenderContext<'_>) -> Result<String, Diagnostic> {
    let view = NotFoundView {
        title: cx.strings().get("not_found.title").to_string(),
        sidebar: nav::sidebar(cx, "", None),
    };
    cx.render_template(
        "404.html",
        &[("page", tera::Value::from_serializable(&view))],
    )
}

/// One small HTML page per alias, sending readers (and search engines) to the new URL.
fn redirects(cx: &RenderContext<'_>) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut files = Vec::new();
    for (id, page) in cx.site.pages.iter().enumerate() {
        for alias in &page.meta.aliases {
            let alias_url = format!("/{}", alias.trim_start_matches('/'));
            let target = cx.urls.page(id);
            let view = RedirectView {
                title: &page.meta.title,
                canonical: cx.urls.absolute(&target),
                url: target,
            };
            let html = cx.render_template(
                "redirect.html",
                &[("redirect", tera::Value::from_serializable(&view))],
            )?;
            files.push((output_path(&alias_url), html.into_bytes()));
        }
    }
    Ok(files)
}

fn sitemap(cx: &RenderContext<'_>) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let _ = writeln!(
        xml,
        "  <url><loc>{}</loc></url>",
        escape(&cx.urls.absolute(&cx.urls.folder("")))
    );
    for (id, page) in cx.site.pages.iter().enumerate() {
        let loc = escape(&cx.urls.absolute(&cx.urls.page(id)));
        match page.meta.last_modified() {
            Some(date) => {
                let _ = writeln!(
                    xml,
                    "  <url><loc>{loc}</loc><lastmod>{date}</lastmod></url>"
                );
            }
            None => {
                let _ = writeln!(xml, "  <url><loc>{loc}</loc></url>");
            }
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

fn robots(cx: &RenderContext<'_>) -> String {
    format!(
        "User-agent: *\nDisallow: {}\nSitemap: {}\n",
        cx.urls.href("/health/"),
        cx.urls.absolute(&cx.urls.href("/sitemap.xml"))
    )
}

/// An Atom feed of release notes, newest first, so customers can follow the changelog.
fn changelog_feed(cx: &RenderContext<'_>) -> String {
    let site = cx.site;
    let mut releases = site.releases_newest_first();
    releases.truncate(50);
    // An entry is updated when its page last changed (`updated`, from front matter or
    // git), which is never before its release date; the feed when its newest entry was.
    let entry_updated = |id: crate::model::PageId| {
        let meta = &site.pages[id].meta;
        meta.last_modified().or(meta.date)
    };
    let updated = releases
        .iter()
        .filter_map(|&i| entry_updated(i))
        .max()
        .map_or("1970-01-01".to_string(), |d| d.to_string());
    let feed_url = cx.urls.absolute(&cx.urls.href(routes::RELEASES_FEED));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let title = cx
        .strings()
        .fill("feed.title", &[("site", &site.config.title)]);
    let _ = writeln!(xml, "  <title>{}</title>", escape(&title));
    let _ = writeln!(xml, "  <id>{}</id>", escape(&feed_url));
    let _ = writeln!(xml, "  <link rel=\"self\" href=\"{}\"/>", escape(&feed_url));
    let _ = writeln!(
        xml,
        "  <link href=\"{}\"/>",
        escape(&cx.urls.absolute(&cx.urls.folder(Kind::Release.folder())))
    );
    let _ = writeln!(xml, "  <updated>{updated}T00:00:00Z</updated>");
    for id in releases {
        let page = &site.pages[id];
        let url = escape(&cx.urls.absolute(&cx.urls.page(id)));
        let date = entry_updated(id).map_or("1970-01-01".to_string(), |d| d.to_string());
        let _ = writeln!(xml, "  <entry>\n    <title>{}</title>\n    <id>{url}</id>\n    <link href=\"{url}\"/>\n    <updated>{date}T00:00:00Z</updated>", escape(&page.meta.title));
        if let Some(description) = &page.meta.description {
            let _ = writeln!(xml, "    <summary>{}</summary>", escape(description));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}
