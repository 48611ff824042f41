//! A first, cheap pass over a page's Markdown: its headings (with stable ids)
//! and the links it writes, with their positions. The link graph and the table of
//! contents are built from this; rendering reuses the same heading ids.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::routes::slugify;
use crate::model::{Heading, LinkSyntax, SourceLink};

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

/// What the scan found in a body.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scan {
    pub headings: Vec<Heading>,
    pub links: Vec<SourceLink>,
    pub word_count: usize,
}

/// Scans `body`, whose first line is line `body_line` of its file.
pub fn scan(body: &str, body_line: usize) -> Scan {
    let mut scan = Scan::default();
    let mut ids = HeadingIds::default();
    let mut heading: Option<(u8, Option<String>, String, usize)> = None;
    let lines = LineIndex::new(body);

    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level_number(level),
                    id.map(|i| i.to_string()),
                    String::new(),
                    range.start,
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit_id, text, start)) = heading.take() {
                    let text = text.trim().to_string();
                    let id = ids.assign(explicit_id.as_deref().unwrap_or(&text));
                    let line = body_line + lines.line_of(start) - 1;
                    scan.headings.push(Heading {
                        level,
                        text,
                        id,
                        line,
                    });
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let syntax = match link_type {
                    LinkType::WikiLink { .. } => LinkSyntax::Wiki,
                    _ => LinkSyntax::Markdown,
                };
                scan.links.push(source_link(
                    syntax, &dest_url, range, body, &lines, body_line,
                ));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                scan.links.push(source_link(
                    LinkSyntax::Image,
                    &dest_url,
                    range,
                    body,
                    &lines,
                    body_line,
                ));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, heading_text, _)) = heading.as_mut() {
                    heading_text.push_str(&text);
                }
                scan.word_count += text.split_whitespace().count();
            }
            _ => {}
        }
    }
    scan
}

fn source_link(
    syntax: LinkSyntax,
    dest: &str,
    range: std::ops::Range<usize>,
    body: &str,
    lines: &LineIndex,
    body_line: usize,
) -> SourceLink {
    let line = lines.line_of(range.start);
    let column = body[lines.start_of(line)..range.start].chars().count() + 1;
    let len = body[range]
        .lines()
        .next()
        .map_or(1, |first| first.chars().count());
    SourceLink {
        syntax,
        dest: dest.to_string(),
        line: body_line + line - 1,
        column,
        len,
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
}

impl HeadingIds {
    pub fn assign(&mut self, text: &str) -> String {
        let base = match slugify(text) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        };
        let mut id = base.clone();
        let mut n = 1;
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
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
    fn heading_ids_are_slugs_made_unique() {
        let scan = scan(
            "# Install\n\n## Proxy settings (HTTP)\n\n## Setup\n\n## Setup\n\n## Custom {#my-id}\n",
            5,
        );
        let ids: Vec<_> = scan.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "install",
                "proxy-settings-http",
                "setup",
                "setup-1",
                "my-id"
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
    fn slugify_keeps_letters_and_digits() {
        assert_eq!(
            slugify("Upgrade from 2.x to 3.0!"),
            "upgrade-from-2-x-to-3-0"
        );
        assert_eq!(slugify("  Résumé — café "), "résumé-café");
    }
}
