//! A first, cheap pass over a page's Markdown: its headings (with stable ids),
//! the links it writes with their positions, every id its HTML will have, and
//! the first template tag of another generator left in it. The link graph and
//! the table of contents are built from this; rendering reuses the same heading ids.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::routes::heading_id;
use crate::model::{Heading, LinkSyntax, SourceLink, Unprocessed};

/// The Markdown dialect almanac speaks, shared by scanning and rendering.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// How a link of `link_type` is resolved; `None` for links there is nothing to
/// resolve: `<a@b.c>` autolinks, which the HTML writer turns into `mailto:` itself.
pub fn link_syntax(link_type: LinkType) -> Option<LinkSyntax> {
    match link_type {
        LinkType::WikiLink { .. } => Some(LinkSyntax::Wiki),
        LinkType::Email => None,
        _ => Some(LinkSyntax::Markdown),
    }
}

/// What the scan found in a body.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scan {
    pub headings: Vec<Heading>,
    pub links: Vec<SourceLink>,
    /// Every `#fragment` the rendered body has, sorted: heading ids, `id` (and
    /// `<a name>`) attributes of raw HTML, and footnote definitions (whose id is
    /// their label: pulldown-cmark writes `[^n]: …` as `<div id="n">`).
    pub anchors: Vec<String>,
    /// The first Liquid or Hugo template syntax outside code, if any.
    pub unprocessed: Option<Unprocessed>,
    pub word_count: usize,
}

/// A heading as parsed, before ids are handed out.
struct RawHeading {
    level: u8,
    explicit_id: Option<String>,
    text: String,
    line: usize,
}

/// Scans `body`, whose first line is line `body_line` of its file.
pub fn scan(body: &str, body_line: usize) -> Scan {
    scan_each(body, body_line, |_| {})
}

/// [`scan`], handing every event of the parse to `each` once the scan has seen
/// it: the one parse of a page feeds both the scan and the body renderer.
pub fn scan_each<'a>(body: &'a str, body_line: usize, mut each: impl FnMut(Event<'a>)) -> Scan {
    let mut scan = Scan::default();
    let mut headings: Vec<RawHeading> = Vec::new();
    let mut in_heading = false;
    let mut html_block: Option<String> = None;
    let mut code: Vec<Range<usize>> = Vec::new();
    let lines = LineIndex::new(body);
    let at = |range: Range<usize>| Located {
        body,
        lines: &lines,
        body_line,
        range,
    };

    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                in_heading = true;
                headings.push(RawHeading {
                    level: level_number(*level),
                    explicit_id: id.as_ref().map(|i| i.to_string()),
                    text: String::new(),
                    line: at(range).line(),
                });
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                if let Some(syntax) = link_syntax(*link_type) {
                    let range = use_span(*link_type, range, body);
                    scan.links.push(at(range).link(syntax, dest_url));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                let range = use_span(*link_type, range, body);
                scan.links.push(at(range).link(LinkSyntax::Image, dest_url));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => scan.anchors.push(label.to_string()),
            Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(html) = html_block.take() {
                    html_ids(&html, &mut scan.anchors);
                }
            }
            Event::Html(html) => match html_block.as_mut() {
                Some(block) => block.push_str(html),
                None => html_ids(html, &mut scan.anchors),
            },
            Event::InlineHtml(html) => html_ids(html, &mut scan.anchors),
            Event::Start(Tag::CodeBlock(_)) => code.push(range),
            Event::Code(text) => {
                code.push(range);
                add_text(&mut scan, &mut headings, in_heading, text);
            }
            Event::Text(text) => add_text(&mut scan, &mut headings, in_heading, text),
            _ => {}
        }
        each(event);
    }
    scan.headings = assign_ids(headings);
    scan.anchors
        .extend(scan.headings.iter().map(|h| h.id.clone()));
    scan.anchors.sort_unstable();
    scan.anchors.dedup();
    scan.unprocessed = first_template(body, &code).map(|(range, snippet)| {
        let located = at(range);
        Unprocessed {
            line: located.line(),
            column: located.column(),
            len: located.len(),
            snippet,
        }
    });
    scan
}

fn add_text(scan: &mut Scan, headings: &mut [RawHeading], in_heading: bool, text: &str) {
    if in_heading {
        if let Some(heading) = headings.last_mut() {
            heading.text.push_str(text);
        }
    }
    scan.word_count += word_count(text);
}

/// How many words `text` has, as `split_whitespace().count()` counts them, with a
/// loop over bytes: a 50 MB page is counted quickly even in a debug build, where
/// `split_whitespace`'s iterator layers cost a call per character.
fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let (space, len) = if byte < 0x80 {
            (byte.is_ascii_whitespace() || byte == 0x0b, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
        i += len;
    }
    words
}

/// Ids for every heading: a `{#id}` the writer set is kept as written, and the
/// others get [`heading_id`]s made unique around all of them, so that a later
/// `## Setup {#setup}` keeps `setup` and an earlier `## Setup` becomes `setup-1`.
fn assign_ids(headings: Vec<RawHeading>) -> Vec<Heading> {
    let mut ids = HeadingIds::default();
    for explicit in headings.iter().filter_map(|h| h.explicit_id.as_deref()) {
        ids.used.insert(explicit.to_string());
    }
    headings
        .into_iter()
        .map(|h| {
            let text = h.text.trim().to_string();
            Heading {
                level: h.level,
                id: h.explicit_id.unwrap_or_else(|| ids.assign(&text)),
                text,
                line: h.line,
            }
        })
        .collect()
}

/// The source text of a link at its use. pulldown-cmark reports `[text][]` as
/// only `[text]`; the `[]` is part of what the writer wrote.
fn use_span(link_type: LinkType, range: Range<usize>, body: &str) -> Range<usize> {
    if link_type == LinkType::Collapsed && body[range.end..].starts_with("[]") {
        range.start..range.end + 2
    } else {
        range
    }
}

/// A byte range of the body, turned into file positions.
struct Located<'a> {
    body: &'a str,
    lines: &'a LineIndex,
    body_line: usize,
    range: Range<usize>,
}

impl Located<'_> {
    /// 1-based line in the file.
    fn line(&self) -> usize {
        self.body_line + self.lines.line_of(self.range.start) - 1
    }

    /// 1-based column, in characters.
    fn column(&self) -> usize {
        let line_start = self.lines.start_of(self.lines.line_of(self.range.start));
        self.body[line_start..self.range.start].chars().count() + 1
    }

    /// Length in characters of the range's first line, for the caret under it.
    fn len(&self) -> usize {
        self.body[self.range.clone()]
            .lines()
            .next()
            .map_or(1, |first| first.chars().count())
    }

    fn link(&self, syntax: LinkSyntax, dest: &str) -> SourceLink {
        SourceLink {
            syntax,
            dest: dest.to_string(),
            line: self.line(),
            column: self.column(),
            len: self.len(),
        }
    }
}

/// Adds the fragments raw HTML defines: every `id` attribute, and `name` on `<a>`
/// (the two things a browser scrolls to). Comments are skipped.
fn html_ids(html: &str, out: &mut Vec<String>) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let tag = &rest[..name_len];
        rest = &rest[name_len..];
        for (attribute, value) in (Attributes { rest: &mut rest }) {
            let is_anchor = attribute.eq_ignore_ascii_case("id")
                || (attribute.eq_ignore_ascii_case("name") && tag.eq_ignore_ascii_case("a"));
            if is_anchor && !value.is_empty() {
                out.push(value.to_string());
            }
        }
    }
}

/// The attributes of one tag, from after its name up to its `>`; advances `rest` past it.
struct Attributes<'a, 'r> {
    rest: &'r mut &'a str,
}

impl<'a> Iterator for Attributes<'a, '_> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        let text: &'a str = self
            .rest
            .trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if text.is_empty() || text.starts_with('>') {
            *self.rest = text.get(1..).unwrap_or("");
            return None;
        }
        let name_end = text
            .find(|c: char| c.is_whitespace() || "=>/".contains(c))
            .unwrap_or(text.len());
        let (name, after) = text.split_at(name_end);
        let after = after.trim_start();
        let Some(value_text) = after.strip_prefix('=') else {
            *self.rest = after;
            return Some((name, ""));
        };
        let value_text = value_text.trim_start();
        let (value, rest) = match value_text.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = &value_text[1..];
                let end = inner.find(quote).unwrap_or(inner.len());
                (&inner[..end], inner.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = value_text
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(value_text.len());
                value_text.split_at(end)
            }
        };
        *self.rest = rest;
        Some((name, value))
    }
}

/// The first `{{ … }}`, `{% … %}`, `{{< … >}}` or `{{% … %}}` outside `code`
/// (sorted byte ranges of code blocks and spans), closed within its paragraph:
/// its range up to the closing delimiter and its text (at most one line, shortened).
fn first_template(body: &str, code: &[Range<usize>]) -> Option<(Range<usize>, String)> {
    let bytes = body.as_bytes();
    for (start, _) in body.match_indices('{') {
        let closer = match bytes.get(start + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => continue,
        };
        let in_code = code
            .binary_search_by(|r| {
                if r.end <= start {
                    std::cmp::Ordering::Less
                } else if r.start > start {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok();
        if in_code {
            continue;
        }
        let paragraph = &body[start..start + paragraph_len(&body[start..])];
        if let Some(close) = paragraph[2..].find(closer) {
            let end = start + 2 + close + closer.len();
            let first_line = body[start..end].lines().next().unwrap_or("");
            return Some((start..end, shorten(first_line, 60)));
        }
    }
    None
}

/// Bytes of `text` before its first blank line.
fn paragraph_len(text: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if offset > 0 && line.trim().is_empty() {
            return offset;
        }
        offset += line.len();
    }
    text.len()
}

/// `text` cut to at most `max` characters, with `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

pub(crate) fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Hands out heading ids that are unique within one page: `setup`, `setup-1`, …
#[derive(Debug, Default)]
pub struct HeadingIds {
    used: std::collections::HashSet<String>,
    /// For each base id, the suffix to try next: every smaller one is taken (ids
    /// are never given back), so the thousandth `## Setup` does not try 999 first.
    next: std::collections::HashMap<String, usize>,
}

impl HeadingIds {
    pub fn assign(&mut self, text: &str) -> String {
        let base = match heading_id(text) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Byte offsets of line starts, to turn offsets into line numbers quickly.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// 1-based line containing `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    fn start_of(&self, line: usize) -> usize {
        self.starts[line - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_headings_with_one_title_get_ids_in_linear_time() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.assign("Setup-1"), "setup-1");
        let given: Vec<String> = (0..20_000).map(|_| ids.assign("Setup")).collect();
        assert_eq!(given[..3], ["setup", "setup-2", "setup-3"]);
        assert_eq!(given[19_999], "setup-20000");
    }

    #[test]
    fn heading_ids_are_github_ids_made_unique_around_explicit_ones() {
        let scan = scan(
            "# Install\n\n## Proxy settings (HTTP)\n\n## Setup\n\n## Setup\n\n## People & Body\n\n## Custom {#my-id}\n\n## Other {#setup}\n",
            5,
        );
        let found: Vec<_> = scan
            .headings
            .iter()
            .map(|h| (h.id.as_str(), h.text.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("install", "Install"),
                ("proxy-settings-http", "Proxy settings (HTTP)"),
                ("setup-1", "Setup"),
                ("setup-2", "Setup"),
                ("people--body", "People & Body"),
                ("my-id", "Custom"),
                ("setup", "Other"),
            ]
        );
        assert_eq!(scan.headings[1].line, 7);
    }

    #[test]
    fn links_carry_their_position_and_code_is_left_alone() {
        let body = "Intro\n\nSee [the guide](../a.md#x) and [[Install Guide|here]].\n\n`[[not a link]]`\n\n```\n[[nor this]]\n```\n";
        let scan = scan(body, 4);
        let found: Vec<_> = scan
            .links
            .iter()
            .map(|l| (l.syntax, l.dest.as_str(), l.line, l.column))
            .collect();
        assert_eq!(
            found,
            [
                (LinkSyntax::Markdown, "../a.md#x", 6, 5),
                (LinkSyntax::Wiki, "Install Guide", 6, 32)
            ]
        );
    }

    #[test]
    fn reference_links_are_located_at_their_use_and_email_autolinks_are_not_links() {
        let body = "A [full][r] b [coll][] c [short].\n<a@b.c>\n\n[r]: /x/\n[coll]: /y/\n[short]: /z/\n[unused]: /nowhere/\n";
        let found: Vec<_> = scan(body, 1)
            .links
            .iter()
            .map(|l| (l.dest.clone(), l.column, l.len))
            .collect();
        assert_eq!(
            found,
            [
                ("/x/".to_string(), 3, 9),
                ("/y/".to_string(), 15, 8),
                ("/z/".to_string(), 26, 7)
            ]
        );
    }

    #[test]
    fn anchors_are_headings_html_ids_and_footnote_labels() {
        let body = "## Intro\n\nText[^n] <a name=\"old\"></a> <span id=x>s</span> <input name=\"field\">\n\n<div\n  class=\"c\" id='block'>\n<!-- <a id=\"commented\"> -->\n</div>\n\n`<a id=\"code\">`\n\n[^n]: A note.\n";
        assert_eq!(scan(body, 1).anchors, ["block", "intro", "n", "old", "x"]);
    }

    #[test]
    fn the_first_template_tag_outside_code_is_found() {
        // (body, (line, column, snippet) of the first tag outside code)
        for (body, expected) in [
            ("Plain {text} and {{ unclosed.\n\nLater }}.\n", None),
            (
                "`{{ .Title }}` and\n\n```\n{% raw %}\n```\n\n    {{< indented >}}\n",
                None,
            ),
            (
                "One\n\nSee {{< figure src=\"a.png\" >}}.\n",
                Some((3, 5, "{{< figure src=\"a.png\" >}}")),
            ),
            (
                "`{{ a }}` then {% include note.html %}\n",
                Some((1, 16, "{% include note.html %}")),
            ),
            ("{{% notice %}}\n", Some((1, 1, "{{% notice %}}"))),
            (
                "[x]({{< ref \"a\" >}})\n",
                Some((1, 5, "{{< ref \"a\" >}}")),
            ),
            (
                "{{ site.data.very_long_name.that_goes_on | and_on | and_on | and_on }}\n",
                Some((
                    1,
                    1,
                    "{{ site.data.very_long_name.that_goes_on | and_on | and_on |…",
                )),
            ),
        ] {
            let found = scan(body, 1).unprocessed;
            let found = found
                .as_ref()
                .map(|u| (u.line, u.column, u.snippet.as_str()));
            assert_eq!(found, expected, "{body}");
        }
    }
}
