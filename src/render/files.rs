//! Support files: 404 page, alias redirects, sitemap, robots.txt, the
//! content-health page, the highlighting stylesheet and the notices API. (Feeds
//! are in `feeds/`.)

use std::fmt::Write as _;

use super::highlight::{escape, stylesheet};
use super::views::{NotFoundView, RedirectView};
use super::{nav, RenderContext};
use crate::diagnostics::Diagnostic;
use crate::model::routes::{self, output_path};

/// Renders every support file to (output path, bytes).
pub fn render_support_files(cx: &RenderContext<'_>) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut files = vec![
        (routes::NOT_FOUND, not_found(cx)?.into_bytes()),
        (routes::SITEMAP, sitemap(cx).into_bytes()),
        (routes::ROBOTS, robots(cx).into_bytes()),
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

/// The support files a partial render writes again (serve, after one page's
/// front matter or one product's data changed): the 404 page, deprecations,
/// redirects and notices (small, and cheap to build whole); the sitemap when
/// `sitemap` (a page's last-modified date changed) and the health page when
/// `health` (each lists every page). robots.txt, the stylesheet and the script's
/// strings depend only on the configuration and theme, which a partial render
/// never changes.
pub fn render_some_support_files(
    cx: &RenderContext<'_>,
    sitemap: bool,
    health: bool,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut files = vec![
        (routes::NOT_FOUND, not_found(cx)?.into_bytes()),
        (
            routes::DEPRECATIONS,
            super::deprecations::page(cx)?.into_bytes(),
        ),
    ];
    if sitemap {
        files.push((routes::SITEMAP, self::sitemap(cx).into_bytes()));
    }
    if health {
        files.push((routes::HEALTH, super::health::health_page(cx)?.into_bytes()));
    }
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(url, bytes)| (output_path(url), bytes))
        .collect();
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
