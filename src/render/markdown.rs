//! Markdown body → HTML: heading ids and anchors, highlighted code, GitHub-style
//! alert callouts, scrollable tables, and links rewritten to their resolved URLs.

use pulldown_cmark::{html, BlockQuoteKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::highlight;
use super::search::BodyText;
use crate::load::scan::markdown_options;
use crate::model::{Heading, LinkSyntax};

/// A resolved link: the href to write and the target's title (shown for bare wikilinks).
pub struct Href {
    pub href: String,
    pub title: Option<String>,
}

/// Renders `body`. `headings` are the ids the scan assigned, in order; `resolve`
/// maps a link as written to its href (None leaves it as written).
pub fn render_body(
    body: &str,
    headings: &[Heading],
    resolve: &dyn Fn(LinkSyntax, &str) -> Option<Href>,
) -> String {
    render_body_collecting(body, headings, resolve, None)
}

/// [`render_body`], also handing the body's text to `collect` (for the search index),
/// so the text is taken from the one parse that renders the page.
pub fn render_body_collecting(
    body: &str,
    headings: &[Heading],
    resolve: &dyn Fn(LinkSyntax, &str) -> Option<Href>,
    mut collect: Option<&mut BodyText>,
) -> String {
    let mut out = String::with_capacity(body.len() * 3 / 2);
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading_index = 0;
    let mut code: Option<(String, String)> = None;
    let mut replacing_wikilink_text = false;

    for event in Parser::new_ext(body, markdown_options()) {
        if let Some((_, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().unwrap_or_default();
                    if let Some(collected) = collect.as_deref_mut() {
                        collected.code(&text);
                    }
                    events.push(Event::Html(highlight::code_block(&lang, &text).into()));
                }
                _ => {}
            }
            continue;
        }
        if replacing_wikilink_text {
            if let Event::End(TagEnd::Link) = event {
                replacing_wikilink_text = false;
                events.push(event);
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if let Some(collected) = collect.as_deref_mut() {
                    collected.start_heading(heading_index);
                }
                let id = headings.get(heading_index).map_or("", |h| h.id.as_str());
                events.push(Event::Html(
                    format!("<{level} id=\"{}\">", highlight::escape(id)).into(),
                ));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(collected) = collect.as_deref_mut() {
                    collected.end_heading();
                }
                let id = headings.get(heading_index).map_or("", |h| h.id.as_str());
                heading_index += 1;
                events.push(Event::Html(
                    format!(
                        "<a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a></{level}>\n",
                        highlight::escape(id)
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => info.to_string(),
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert(kind);
                events.push(Event::Html(
                    format!("<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => events.push(Event::Html("</div>\n".into())),
            Event::Start(Tag::Table(alignments)) => {
                events.push(Event::Html("<div class=\"table-wrap\">".into()));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let syntax = if matches!(link_type, LinkType::WikiLink { .. }) {
                    LinkSyntax::Wiki
                } else {
                    LinkSyntax::Markdown
                };
                let resolved = resolve(syntax, &dest_url);
                let bare_wikilink = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                let (dest_url, label) = match resolved {
                    Some(href) => (
                        CowStr::from(href.href),
                        href.title.filter(|_| bare_wikilink),
                    ),
                    None => (dest_url, None),
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
                if let Some(label) = label {
                    if let Some(collected) = collect.as_deref_mut() {
                        collected.text(&label);
                    }
                    events.push(Event::Text(label.into()));
                    replacing_wikilink_text = true;
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = resolve(LinkSyntax::Image, &dest_url)
                    .map_or(dest_url, |h| CowStr::from(h.href));
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => {
                if let Some(collected) = collect.as_deref_mut() {
                    match &other {
                        Event::Text(t) | Event::Code(t) => collected.text(t),
                        Event::SoftBreak | Event::HardBreak => collected.space(),
                        // Blocks end words; inline ends (`**CLI** proxy`) do not.
                        Event::End(end) if !is_inline(end) => collected.space(),
                        _ => {}
                    }
                }
                events.push(other);
            }
        }
    }
    html::push_html(&mut out, events.into_iter());
    empty_header_cells_as_data(out)
}

/// An empty header cell (the corner of a two-way table) is no header: a `<th>`
/// without text is an accessibility error, so it becomes a `<td>`. Code is escaped
/// by then, so only real table markup can match.
fn empty_header_cells_as_data(html: String) -> String {
    if !html.contains("></th>") {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<th") {
        let tag_end = rest[start..].find('>').map(|i| start + i + 1);
        match tag_end {
            Some(end) if rest[end..].starts_with("</th>") && matches!(rest.as_bytes().get(start + 3), Some(b'>' | b' ')) => {
                out.push_str(&rest[..start]);
                out.push_str("<td");
                out.push_str(&rest[start + 3..end]);
                out.push_str("</td>");
                rest = &rest[end + "</th>".len()..];
            }
            _ => {
                out.push_str(&rest[..start + 3]);
                rest = &rest[start + 3..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::scan::scan;

    fn render(body: &str) -> String {
        let headings = scan(body, 1).headings;
        render_body(body, &headings, &|syntax, dest| {
            (syntax == LinkSyntax::Wiki).then(|| Href {
                href: format!("/wiki/{dest}/"),
                title: Some("Target Title".into()),
            })
        })
    }

    #[test]
    fn headings_get_ids_and_anchor_links() {
        let html = render("## Proxy settings\n\n## Proxy settings\n");
        assert!(html.contains("<h2 id=\"proxy-settings\">Proxy settings<a class=\"anchor\" href=\"#proxy-settings\""), "{html}");
        assert!(html.contains("<h2 id=\"proxy-settings-1\">"), "{html}");
    }

    #[test]
    fn alerts_become_callouts() {
        let html = render("> [!WARNING]\n> Back up first.\n");
        assert!(html.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>"), "{html}");
        assert!(html.contains("<p>Back up first.</p>\n</div>"), "{html}");
    }

    #[test]
    fn bare_wikilinks_show_the_target_title_and_piped_ones_keep_their_text() {
        let html = render("See [[install-guide]] and [[install-guide|the guide]].");
        assert!(
            html.contains("<a href=\"/wiki/install-guide/\">Target Title</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"/wiki/install-guide/\">the guide</a>"),
            "{html}"
        );
    }

    #[test]
    fn an_empty_header_cell_is_not_a_header() {
        let html = render("| | 2.x | 3.x |\n|---|---|---|\n| CLI | yes | no |\n");
        assert!(html.contains("<thead><tr><td></td><th>2.x</th>"), "{html}");
        let html = render("| | a |\n|:-:|---|\n| b | c |\n");
        assert!(html.contains("<td style=\"text-align: center\"></td><th>a</th>"), "{html}");
        assert!(!html.contains("<th></th>") && html.contains("<thead>"), "{html}");
    }

    #[test]
    fn tables_are_wrapped_so_they_scroll_on_phones() {
        let html = render("| a |\n|---|\n| 1 |\n");
        assert!(html.contains("<div class=\"table-wrap\"><table>"), "{html}");
    }
}
