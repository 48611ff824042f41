//! Markdown body → HTML: heading ids and anchors, highlighted code, GitHub-style
//! alert callouts, scrollable tables, and links rewritten to their resolved URLs.

use pulldown_cmark::{html, BlockQuoteKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::highlight;
use super::search::BodyText;
use crate::load::scan::{link_syntax, markdown_options};
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
    collect: Option<&mut BodyText>,
) -> String {
    let mut renderer = BodyRenderer {
        headings,
        resolve,
        collect,
        events: Vec::new(),
        heading_index: 0,
        code: None,
        replacing_wikilink_text: false,
    };
    for event in Parser::new_ext(body, markdown_options()) {
        renderer.push(event);
    }
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, renderer.events.into_iter());
    empty_header_cells_as_data(out)
}

/// Rewrites pulldown-cmark's events one by one before they become HTML.
struct BodyRenderer<'a, 'b> {
    headings: &'b [Heading],
    resolve: &'b dyn Fn(LinkSyntax, &str) -> Option<Href>,
    /// Where the body's text goes for the search index, if anywhere.
    collect: Option<&'b mut BodyText>,
    events: Vec<Event<'a>>,
    /// How many headings have been closed: the next heading's id is `headings[heading_index]`.
    heading_index: usize,
    /// Inside a code block: its language and text so far (highlighted at its end).
    code: Option<(String, String)>,
    /// A bare wikilink's text is being replaced by its target's title.
    replacing_wikilink_text: bool,
}

impl<'a> BodyRenderer<'a, '_> {
    fn push(&mut self, event: Event<'a>) {
        if self.code.is_some() {
            return self.in_code_block(event);
        }
        if self.replacing_wikilink_text {
            if let Event::End(TagEnd::Link) = event {
                self.replacing_wikilink_text = false;
                self.events.push(event);
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if let Some(collected) = self.collect.as_deref_mut() {
                    collected.start_heading(self.heading_index);
                }
                let id = highlight::escape(self.heading_id());
                self.html(format!("<{level} id=\"{id}\">"));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(collected) = self.collect.as_deref_mut() {
                    collected.end_heading();
                }
                let id = highlight::escape(self.heading_id());
                self.heading_index += 1;
                self.html(format!(
                    "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></{level}>\n"
                ));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => info.to_string(),
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert(kind);
                self.html(format!("<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n"));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.html("</div>\n".to_string()),
            Event::Start(Tag::Table(alignments)) => {
                self.html("<div class=\"table-wrap\">".to_string());
                self.events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                self.events.push(Event::End(TagEnd::Table));
                self.html("</div>\n".to_string());
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.link(link_type, dest_url, title, id);
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = (self.resolve)(LinkSyntax::Image, &dest_url)
                    .map_or(dest_url, |h| CowStr::from(h.href));
                self.events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => {
                self.collect_text(&other);
                self.events.push(other);
            }
        }
    }

    /// Text for the search index. Blocks end words; inline ends (`**CLI** proxy`) do not.
    fn collect_text(&mut self, event: &Event<'_>) {
        let Some(collected) = self.collect.as_deref_mut() else {
            return;
        };
        match event {
            Event::Text(t) | Event::Code(t) => collected.text(t),
            Event::SoftBreak | Event::HardBreak => collected.space(),
            Event::End(end) if !is_inline(end) => collected.space(),
            _ => {}
        }
    }

    fn html(&mut self, html: String) {
        self.events.push(Event::Html(html.into()));
    }

    fn heading_id(&self) -> &str {
        self.headings
            .get(self.heading_index)
            .map_or("", |h| h.id.as_str())
    }

    /// Collects a code block's text, and highlights it at the block's end.
    fn in_code_block(&mut self, event: Event<'a>) {
        match event {
            Event::Text(text) => {
                if let Some((_, code)) = self.code.as_mut() {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, text) = self.code.take().unwrap_or_default();
                if let Some(collected) = self.collect.as_deref_mut() {
                    collected.code(&text);
                }
                self.html(highlight::code_block(&lang, &text));
            }
            _ => {}
        }
    }

    /// A link with its resolved href; a bare `[[wikilink]]` shows its target's title.
    fn link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
    ) {
        let resolved = link_syntax(link_type).and_then(|syntax| (self.resolve)(syntax, &dest_url));
        let bare_wikilink = matches!(link_type, LinkType::WikiLink { has_pothole: false });
        let (dest_url, label) = match resolved {
            Some(href) => (
                CowStr::from(href.href),
                href.title.filter(|_| bare_wikilink),
            ),
            None => (dest_url, None),
        };
        self.events.push(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }));
        if let Some(label) = label {
            if let Some(collected) = self.collect.as_deref_mut() {
                collected.text(&label);
            }
            self.events.push(Event::Text(label.into()));
            self.replacing_wikilink_text = true;
        }
    }
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
            Some(end)
                if rest[end..].starts_with("</th>")
                    && matches!(rest.as_bytes().get(start + 3), Some(b'>' | b' ')) =>
            {
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
        assert!(
            html.contains("<td style=\"text-align: center\"></td><th>a</th>"),
            "{html}"
        );
        assert!(
            !html.contains("<th></th>") && html.contains("<thead>"),
            "{html}"
        );
    }

    #[test]
    fn tables_are_wrapped_so_they_scroll_on_phones() {
        let html = render("| a |\n|---|\n| 1 |\n");
        assert!(html.contains("<div class=\"table-wrap\"><table>"), "{html}");
    }
}
