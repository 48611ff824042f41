//! Markdown body → HTML: heading ids and anchors, highlighted code, GitHub-style
//! alert callouts, scrollable tables, and links rewritten to their resolved URLs.
//!
//! A body is parsed once, by [`prepare`]: the same pass gives the scan's facts
//! (headings, links, anchors, words) to the load stage and a [`Prepared`] body to
//! render, which is its HTML with a slot at every link (filled from the link
//! stage's results, by link index), every bare wikilink's text and every code
//! block (highlighted only when the page is rendered), and its text for search.

mod prepared;

use std::cell::RefCell;

use pulldown_cmark::{html, BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use crate::load::scan::{self, link_syntax, Scan};
use crate::model::{Heading, LinkSyntax};
use prepared::{CodeBlock, Op, Slot};
pub use prepared::{LinkOut, Prepared};

/// A resolved link: the href to write and the target's title (shown for bare wikilinks).
pub struct Href {
    pub href: String,
    pub title: Option<String>,
}

/// The one parse of `body` (whose first line is line `body_line` of its file):
/// what the scan finds, and the body prepared for rendering.
pub fn prepare(body: &str, body_line: usize) -> (Scan, Prepared) {
    let mut renderer = BodyRenderer::default();
    let scan = scan::scan_each(body, body_line, |event| renderer.push(event));
    let prepared = renderer.finish(&scan.headings, body.len());
    (scan, prepared)
}

/// Renders Markdown that is not a page body (a section intro, a product overview)
/// in one go: `resolve` maps a link as written to its href (None leaves it as written).
pub fn render_body(body: &str, resolve: &dyn Fn(LinkSyntax, &str) -> Option<Href>) -> String {
    let (scan, prepared) = prepare(body, 1);
    let hrefs: Vec<Option<Href>> = scan
        .links
        .iter()
        .map(|link| resolve(link.syntax, &link.dest))
        .collect();
    prepared.html(
        &|index| match &hrefs[index] {
            Some(href) => LinkOut {
                href: href.href.as_str().into(),
                title: href.title.as_deref(),
            },
            None => LinkOut {
                href: scan.links[index].dest.as_str().into(),
                title: None,
            },
        },
        &super::highlight::code_block,
    )
}

/// Where the HTML writer's output for an event lands, recorded as it writes.
#[derive(Debug, Clone, Copy)]
enum Mark {
    /// The start tag of link `n` (`<a href="` then its href).
    Href(usize),
    /// The start tag of image `n` (`<img src="` then its source).
    Src(usize),
    /// Where the text of bare wikilink `n` starts, and where it ends.
    LabelStart(usize),
    LabelEnd(usize),
    /// The one-byte stand-in for code block `n`.
    Code(usize),
}

/// What stands in for a code block until it is highlighted: a newline, as the
/// highlighted block ends with one (the HTML writer's spacing depends on it).
const CODE_STAND_IN: &str = "\n";

/// Rewrites pulldown-cmark's events one by one before they become HTML, and
/// records the text for search as operations on a [`search::BodyText`](super::search::BodyText).
#[derive(Default)]
struct BodyRenderer<'a> {
    events: Vec<Event<'a>>,
    /// Marks on events, by event index, in order.
    marks: Vec<(usize, Mark)>,
    /// A mark for the next event pushed (the first of a bare wikilink's text).
    pending: Option<Mark>,
    /// (event index, heading index, level, whether it is the end tag) of the
    /// stand-ins for heading tags, written once every heading has its id.
    heading_tags: Vec<(usize, usize, HeadingLevel, bool)>,
    /// How many headings have been closed: the next heading is `headings[heading_index]`.
    heading_index: usize,
    /// Inside a heading: whether a link is in it (so the heading cannot be its own link).
    heading_open: Option<bool>,
    /// The headings with a link in them, by index.
    linked_headings: Vec<usize>,
    /// The index in the scan's links of the next link or image.
    next_link: usize,
    /// For every open link: the bare wikilink whose text this is, if it is one.
    open_links: Vec<Option<usize>>,
    /// Images open: their text is the `alt` attribute, and links in it are no slots.
    open_images: usize,
    /// Inside a code block: its language and text so far.
    code: Option<(String, String)>,
    code_blocks: Vec<CodeBlock>,
    text: String,
    ops: Vec<Op>,
    /// Operations of the bare wikilinks open, whose length is set at their end.
    open_labels: Vec<usize>,
    /// The last operation is text that more text can extend.
    text_open: bool,
    /// Whether the HTML may have an empty header cell to mend (a table, or raw HTML).
    may_have_th: bool,
}

impl<'a> BodyRenderer<'a> {
    fn emit(&mut self, event: Event<'a>) {
        if let Some(mark) = self.pending.take() {
            self.marks.push((self.events.len(), mark));
        }
        self.events.push(event);
    }

    fn emit_marked(&mut self, event: Event<'a>, mark: Mark) {
        if let Some(pending) = self.pending.take() {
            self.marks.push((self.events.len(), pending));
        }
        self.marks.push((self.events.len(), mark));
        self.events.push(event);
    }

    fn push(&mut self, event: Event<'a>) {
        if self.code.is_some() {
            return self.in_code_block(event);
        }
        if let Some(linked) = self.heading_open.as_mut() {
            *linked |= match &event {
                Event::Start(Tag::Link { .. }) => true,
                Event::InlineHtml(html) => html.contains("<a") || html.contains("<A"),
                _ => false,
            };
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.heading_open = Some(false);
                self.op(Op::StartHeading(self.heading_index));
                self.heading_tags
                    .push((self.events.len(), self.heading_index, level, false));
                self.emit(Event::Html(CowStr::Borrowed("")));
            }
            Event::End(TagEnd::Heading(level)) => {
                self.op(Op::EndHeading);
                if self.heading_open.take() == Some(true) {
                    self.linked_headings.push(self.heading_index);
                }
                self.heading_tags
                    .push((self.events.len(), self.heading_index, level, true));
                self.heading_index += 1;
                self.emit(Event::Html(CowStr::Borrowed("")));
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
                self.may_have_th = true;
                self.html("<div class=\"table-wrap\">".to_string());
                self.emit(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                self.emit(Event::End(TagEnd::Table));
                self.html("</div>\n".to_string());
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.link(link_type, dest_url, title, id),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let index = self.next_link;
                self.next_link += 1;
                self.open_images += 1;
                let slot = self.open_images == 1;
                let event = Event::Start(Tag::Image {
                    link_type,
                    dest_url: if slot { CowStr::Borrowed("") } else { dest_url },
                    title,
                    id,
                });
                if slot {
                    self.emit_marked(event, Mark::Src(index));
                } else {
                    self.emit(event);
                }
            }
            other => {
                match &other {
                    Event::End(TagEnd::Image) => self.open_images -= 1,
                    Event::End(TagEnd::Link) => {
                        if let Some(Some(index)) = self.open_links.pop() {
                            self.end_label(index);
                            self.emit_marked(other, Mark::LabelEnd(index));
                            return;
                        }
                    }
                    Event::Html(html) | Event::InlineHtml(html) => {
                        self.may_have_th |= html.contains("th");
                    }
                    _ => {}
                }
                self.collect_text(&other);
                self.emit(other);
            }
        }
    }

    /// Text for the search index. Blocks end words; inline ends (`**CLI** proxy`) do not.
    fn collect_text(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(t) | Event::Code(t) => self.text(t),
            Event::SoftBreak | Event::HardBreak => self.op(Op::Space),
            Event::End(end) if !is_inline(end) => self.op(Op::Space),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        let start = self.text.len();
        self.text.push_str(text);
        match self.ops.last_mut() {
            Some(Op::Text(range)) if self.text_open => range.end = self.text.len(),
            _ => self.ops.push(Op::Text(start..self.text.len())),
        }
        self.text_open = true;
    }

    fn op(&mut self, op: Op) {
        self.ops.push(op);
        self.text_open = false;
    }

    fn html(&mut self, html: String) {
        self.emit(Event::Html(html.into()));
    }

    /// Collects a code block's text; at its end, a stand-in takes its place.
    fn in_code_block(&mut self, event: Event<'a>) {
        match event {
            Event::Text(text) => {
                if let Some((_, code)) = self.code.as_mut() {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, text) = self.code.take().unwrap_or_default();
                crate::render::highlight::expect(&lang, &text);
                let index = self.code_blocks.len();
                self.code_blocks.push(CodeBlock { lang, text });
                self.op(Op::Code(index));
                self.emit_marked(
                    Event::Html(CowStr::Borrowed(CODE_STAND_IN)),
                    Mark::Code(index),
                );
            }
            _ => {}
        }
    }

    /// A link whose href is a slot; a bare `[[wikilink]]`'s text is one too (it
    /// shows its target's title).
    fn link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
    ) {
        let Some(_) = link_syntax(link_type).filter(|_| self.open_images == 0) else {
            if link_syntax(link_type).is_some() {
                self.next_link += 1;
            }
            self.open_links.push(None);
            return self.emit(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }));
        };
        let index = self.next_link;
        self.next_link += 1;
        let bare_wikilink = matches!(link_type, LinkType::WikiLink { has_pothole: false });
        self.emit_marked(
            Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::Borrowed(""),
                title,
                id,
            }),
            Mark::Href(index),
        );
        if bare_wikilink {
            self.pending = Some(Mark::LabelStart(index));
            self.open_labels.push(self.ops.len());
            self.op(Op::Label(index, 0));
        }
        self.open_links.push(bare_wikilink.then_some(index));
    }

    /// The end of bare wikilink `index`'s text: its operation counts those inside.
    fn end_label(&mut self, index: usize) {
        if let Some(at) = self.open_labels.pop() {
            let inside = self.ops.len() - at - 1;
            self.ops[at] = Op::Label(index, inside);
            self.text_open = false;
        }
    }

    /// Writes the HTML, now that every heading has its id, recording where each
    /// slot is in it.
    fn finish(mut self, headings: &[Heading], body_len: usize) -> Prepared {
        let id_of = |index: usize| {
            super::highlight::escape(headings.get(index).map_or("", |h| h.id.as_str()))
        };
        // A heading is a link to itself (its text is the link's name); one with a
        // link in it, which cannot hold another, gets a "#" after its text instead.
        for &(at, index, level, end) in &self.heading_tags {
            let id = id_of(index);
            let linked = self.linked_headings.contains(&index);
            self.events[at] = Event::Html(
                match (end, linked) {
                    (false, false) => format!("<{level} id=\"{id}\"><a href=\"#{id}\">"),
                    (true, false) => format!("</a></{level}>\n"),
                    (false, true) => format!("<{level} id=\"{id}\">"),
                    (true, true) => format!("<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></{level}>\n"),
                }
                .into(),
            );
        }
        let out = RefCell::new(String::with_capacity(body_len * 3 / 2));
        let mut at: Vec<(Mark, usize)> = Vec::with_capacity(self.marks.len());
        let marks = &self.marks;
        let mut next = 0;
        let events = self.events.into_iter().enumerate().map(|(k, event)| {
            while let Some(&(_, mark)) = marks.get(next).filter(|(e, _)| *e == k) {
                at.push((mark, out.borrow().len()));
                next += 1;
            }
            event
        });
        // Writing into a String cannot fail.
        let _ = html::write_html_fmt(Tracked(&out), events);
        let mut html = out.into_inner();
        let mut slots = Vec::with_capacity(at.len());
        for (mark, position) in at {
            match mark {
                Mark::Href(link) => slots.push(Slot::Href {
                    at: position + "<a href=\"".len(),
                    link,
                }),
                Mark::Src(link) => slots.push(Slot::Href {
                    at: position + "<img src=\"".len(),
                    link,
                }),
                Mark::LabelStart(link) => slots.push(Slot::Label {
                    start: position,
                    end: position,
                    link,
                }),
                Mark::LabelEnd(link) => {
                    if let Some(Slot::Label { end, .. }) = slots
                        .iter_mut()
                        .rev()
                        .find(|s| matches!(s, Slot::Label { link: l, .. } if *l == link))
                    {
                        *end = position;
                    }
                }
                Mark::Code(block) => slots.push(Slot::Code {
                    at: position,
                    block,
                }),
            }
        }
        html.shrink_to_fit();
        Prepared::new(
            html,
            slots,
            self.text,
            self.ops,
            self.code_blocks,
            self.may_have_th,
        )
    }
}

/// The HTML writer's output, shared with the loop that records where slots land.
struct Tracked<'s>(&'s RefCell<String>);

impl std::fmt::Write for Tracked<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.borrow_mut().push_str(s);
        Ok(())
    }
}

/// An empty header cell (the corner of a two-way table) is no header: a `<th>`
/// without text is an accessibility error, so it becomes a `<td>`. Code is escaped
/// by then, so only real table markup can match.
pub(super) fn empty_header_cells_as_data(html: String) -> String {
    if !html.contains("></th>") {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<th") {
        let Some(tag_end) = rest[start..].find('>').map(|i| start + i + 1) else {
            // No tag ends after this: none of the later `<th`s is a cell either
            // (searching on for each one would be quadratic).
            break;
        };
        match tag_end {
            end if rest[end..].starts_with("</th>")
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

    #[test]
    fn only_empty_header_cells_become_data_cells() {
        let cases = [
            (
                "<tr><th></th><th>A</th></tr>",
                "<tr><td></td><th>A</th></tr>",
            ),
            (r#"<th style="x"></th>"#, r#"<td style="x"></td>"#),
            (
                "<thead><th>B</th></thead><th></th>",
                "<thead><th>B</th></thead><td></td>",
            ),
            // `<thead>`'s end is not an empty cell's, and a `<th` with no `>`
            // after it (here thousands) ends the search.
            ("<thead></thead><th></th>", "<thead></thead><td></td>"),
            ("<th></th><th<th", "<td></td><th<th"),
        ];
        for (html, expected) in cases {
            assert_eq!(
                empty_header_cells_as_data(html.to_string()),
                expected,
                "{html}"
            );
        }
        let many = format!("<th></th>{}", "<th".repeat(100_000));
        let mended = empty_header_cells_as_data(many.clone());
        assert_eq!(mended, many.replacen("<th></th>", "<td></td>", 1));
    }

    fn render(body: &str) -> String {
        render_body(body, &|syntax, dest| {
            (syntax == LinkSyntax::Wiki).then(|| Href {
                href: format!("/wiki/{dest}/"),
                title: Some("Target Title".into()),
            })
        })
    }

    /// A body with every kind of slot: links, an image, wikilinks bare and piped,
    /// an email autolink, code blocks, a table and a link inside a heading.
    const SLOTS: &str = "# Top [x](/a/)\n\nSee [[Guide]], [[Guide|piped]] and ![img](p.png) <a@b.c>.\n\n```rust\nfn main() {}\n```\n\n| h | |\n|---|---|\n| [[Guide]] | `c` |\n\n    indented\n\nEnd [[Missing]].\n";

    #[test]
    fn a_prepared_body_survives_its_bytes_and_fills_each_slot_by_link_index() {
        let (scan, prepared) = prepare(SLOTS, 1);
        assert_eq!(
            Prepared::from_bytes(&prepared.to_bytes()),
            Some(prepared.clone())
        );
        assert_eq!(Prepared::from_bytes(&prepared.to_bytes()[1..]), None);
        let dests: Vec<&str> = scan.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(
            dests,
            ["/a/", "Guide", "Guide", "p.png", "Guide", "Missing"]
        );
        let html = prepared.html(
            &|n| LinkOut {
                href: format!("/resolved/{n}/").into(),
                title: (dests[n] == "Guide").then_some("Guide <Title>"),
            },
            &|lang, code| format!("<pre lang=\"{lang}\">{}</pre>\n", code.len()),
        );
        for part in [
            "<h1 id=\"top-x\">Top <a href=\"/resolved/0/\">x</a>",
            "See <a href=\"/resolved/1/\">Guide &lt;Title&gt;</a>, <a href=\"/resolved/2/\">piped</a>",
            "<img src=\"/resolved/3/\" alt=\"img\" /> <a href=\"mailto:a@b.c\">a@b.c</a>",
            "<pre lang=\"rust\">13</pre>\n",
            "<td><a href=\"/resolved/4/\">Guide &lt;Title&gt;</a></td>",
            "<pre lang=\"\">9</pre>\n",
            "End <a href=\"/resolved/5/\">Missing</a>.",
        ] {
            assert!(html.contains(part), "{part}\n{html}");
        }
        let text = prepared.text(&|n| (dests[n] == "Guide").then_some("Guide Title"));
        let prose: Vec<&str> = text.sections.iter().map(|s| s.prose.trim()).collect();
        assert_eq!(
            prose,
            ["See Guide Title, piped and img a@b.c. h Guide Title c End Missing."]
        );
        assert_eq!(text.sections[0].code, "fn main() {}\nindented\n");
    }

    #[test]
    fn word_counts_are_whitespace_separated_words() {
        let (scan, _) = prepare(
            "One two\u{a0}three\u{2003}four\tfive\u{b}six\n\n`seven eight` **nine**ten é\n",
            1,
        );
        assert_eq!(scan.word_count, 11);
    }

    #[test]
    fn headings_get_ids_and_link_to_themselves() {
        let html = render("## Proxy settings\n\n## Proxy `settings`\n");
        assert!(
            html.contains(
                "<h2 id=\"proxy-settings\"><a href=\"#proxy-settings\">Proxy settings</a></h2>"
            ),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"proxy-settings-1\"><a href=\"#proxy-settings-1\">Proxy <code>settings</code></a></h2>"), "{html}");
    }

    #[test]
    fn a_heading_with_a_link_in_it_gets_an_anchor_after_its_text() {
        let html = render("## See [the guide](https://example.com/)\n\n## Raw <a href=\"/x/\">link</a>\n\n## Plain\n");
        assert!(html.contains("<h2 id=\"see-the-guide\">See <a href=\"https://example.com/\">the guide</a><a class=\"anchor\" href=\"#see-the-guide\" aria-label=\"Link to this section\">#</a></h2>"), "{html}");
        assert!(
            html.contains("link</a><a class=\"anchor\" href=\"#raw-link\""),
            "{html}"
        );
        assert!(
            html.contains("<h2 id=\"plain\"><a href=\"#plain\">Plain</a></h2>"),
            "{html}"
        );
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
