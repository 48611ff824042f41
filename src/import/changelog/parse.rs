//! Reading a Keep a Changelog 1.1 file: its `##` sections, what each heading
//! says (version, date, `[YANKED]`, or `Unreleased`) and the link reference
//! definitions at the bottom. Pure: text in, [`Changelog`] out.
//!
//! Headings are found with pulldown-cmark, as almanac renders them, so that a
//! `## …` line inside a fenced code block is an entry's text and not a section.
//! Bodies are cut from the source bytes, never re-rendered: entries with nested
//! lists, code blocks and odd spacing reach the release notes exactly as written.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::load::scan::markdown_options;
use crate::model::{Date, Version};

/// A changelog file cut into sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Changelog {
    /// Every level-2 section, in file order.
    pub sections: Vec<Section>,
    /// Link reference definitions, in file order.
    pub definitions: Vec<Definition>,
}

/// One `## …` section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// 1-based line of the heading.
    pub line: usize,
    /// The heading line as written, for messages.
    pub heading: String,
    pub kind: SectionKind,
    /// The text below the heading up to the next section, with its headings one
    /// level up (`### Added` → `## Added`), without the definitions that close
    /// the file, and without blank lines around it.
    pub body: String,
}

/// What a section's heading says.
#[derive(Debug, Clone, PartialEq)]
pub enum SectionKind {
    Release(ReleaseHeading),
    /// `## [Unreleased]`: changes not in any version yet.
    Unreleased,
    /// A heading that names no version, with the column of the problem and why.
    NotAVersion {
        column: usize,
        problem: String,
    },
}

/// `## [1.2.0] - 2024-05-01 [YANKED]`, read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseHeading {
    pub version: Version,
    /// The version as written, without a leading `v`.
    pub version_text: String,
    /// The label a link reference definition would use (`1.2.0`, `v1.2.0`).
    pub label: String,
    /// `[1.2.0](https://…)` in the heading itself.
    pub inline_link: Option<String>,
    pub date: DateField,
    pub yanked: bool,
}

/// The date of a version heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateField {
    On(Date),
    Missing,
    /// Something is written where the date belongs but it is not `YYYY-MM-DD`.
    Invalid {
        text: String,
        column: usize,
        problem: String,
    },
}

/// `[label]: destination`, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    pub label: String,
    pub dest: String,
    /// The definition's source text, to carry it into a note byte for byte.
    pub text: String,
}

impl Changelog {
    /// The destination defined for `label` (case-insensitive, as Markdown does).
    pub fn link(&self, label: &str) -> Option<&str> {
        self.definitions
            .iter()
            .find(|d| d.label.to_lowercase() == label.to_lowercase())
            .map(|d| d.dest.as_str())
    }

    /// The definitions a body refers to as `[label]`, which it would lose when cut
    /// out of the file; those it defines itself are left out.
    pub fn definitions_used_by<'a>(&'a self, body: &str) -> Vec<&'a Definition> {
        let lower = body.to_lowercase();
        self.definitions
            .iter()
            .filter(|d| {
                let label = d.label.to_lowercase();
                lower.contains(&format!("[{label}]")) && !lower.contains(&format!("[{label}]:"))
            })
            .collect()
    }
}

/// A heading found in the file: its level, byte range, and whether it is at the
/// top level (not inside a list item or a quote).
struct FoundHeading {
    level: HeadingLevel,
    range: Range<usize>,
    top_level: bool,
}

/// Reads `text`.
pub fn parse(text: &str) -> Changelog {
    let parser = Parser::new_ext(text, markdown_options());
    let mut definitions: Vec<(Range<usize>, Definition)> = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| {
            let span = def.span.clone();
            let written = text[span.clone()].trim_end().to_string();
            (
                span,
                Definition {
                    label: label.to_string(),
                    dest: def.dest.to_string(),
                    text: written,
                },
            )
        })
        .collect();
    definitions.sort_by_key(|(span, _)| span.start);
    let headings = headings(parser);
    let boundaries: Vec<&FoundHeading> = headings
        .iter()
        .filter(|h| h.top_level && h.level == HeadingLevel::H2)
        .collect();
    let mut sections = Vec::new();
    for (i, heading) in boundaries.iter().enumerate() {
        let end = boundaries.get(i + 1).map_or(text.len(), |h| h.range.start);
        let heading_line = first_line(&text[heading.range.clone()]);
        // Never past the next section, whatever the heading's line ends with.
        let body_start = line_end(text, heading.range.start).min(end);
        let body_end = trailing_definitions_start(text, body_start..end, &definitions);
        let promoted: Vec<usize> = headings
            .iter()
            .filter(|h| h.top_level && h.level > HeadingLevel::H2)
            .map(|h| h.range.start)
            .filter(|&at| at >= body_start && at < body_end)
            .filter_map(|at| text[at..].find('#').map(|i| at + i))
            .filter(|&hash| text[hash..].starts_with("##"))
            .collect();
        sections.push(Section {
            line: text[..heading.range.start].matches('\n').count() + 1,
            heading: heading_line.to_string(),
            kind: read_heading(heading_line),
            body: promote(text, body_start..body_end, &promoted),
        });
    }
    Changelog {
        sections,
        definitions: definitions.into_iter().map(|(_, d)| d).collect(),
    }
}

/// Every heading, with whether it sits at the top level of the document.
fn headings(parser: Parser<'_>) -> Vec<FoundHeading> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => found.push(FoundHeading {
                level,
                range,
                top_level: depth == 0,
            }),
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                depth += 1;
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    found
}

/// Where the definitions that close a section begin (usually the link list at
/// the bottom of the file), or the section's end when none do.
fn trailing_definitions_start(
    text: &str,
    section: Range<usize>,
    definitions: &[(Range<usize>, Definition)],
) -> usize {
    let mut cut = section.end;
    loop {
        let before = text[section.start..cut].trim_end().len() + section.start;
        let closing = definitions.iter().find(|(span, _)| {
            span.start >= section.start
                && span.start < before
                && text[span.start..span.end].trim_end().len() + span.start == before
        });
        match closing {
            Some((span, _)) => cut = span.start,
            None => return cut,
        }
    }
}

/// `text[range]` with one `#` taken from each heading at `hashes`, trimmed of
/// blank lines around it.
fn promote(text: &str, range: Range<usize>, hashes: &[usize]) -> String {
    let mut out = String::with_capacity(range.len());
    let mut from = range.start;
    for &hash in hashes {
        out.push_str(&text[from..hash]);
        from = hash + 1;
    }
    out.push_str(&text[from..range.end]);
    let start = out
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map_or(out.len(), |(i, _)| {
            // Keep the indentation of the first line.
            out[..i].rfind('\n').map_or(0, |n| n + 1)
        });
    out[start..].trim_end().to_string()
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim_end()
}

/// The byte after the end of the line that holds `at`. Markdown ends lines with
/// `\n`, `\r\n` or a lone `\r`, and a heading found by the parser ends at any of them.
fn line_end(text: &str, at: usize) -> usize {
    let Some(n) = text[at..].find(['\n', '\r']) else {
        return text.len();
    };
    let end = at + n + 1;
    if text[at + n..].starts_with("\r\n") {
        end + 1
    } else {
        end
    }
}

/// Reads a `##` heading line.
pub fn read_heading(line: &str) -> SectionKind {
    let content = line.trim_start().trim_start_matches('#').trim_start();
    // 1-based column of a byte offset within `content`.
    let offset = line.len() - content.len();
    let column = |at: usize| line[..offset + at].chars().count() + 1;
    let content = strip_closing_hashes(content);
    let (token, inline_link, rest_at) = version_token(content);
    if token.trim().eq_ignore_ascii_case("unreleased") {
        return SectionKind::Unreleased;
    }
    let version_text = token.trim().trim_start_matches(['v', 'V']).to_string();
    let version = match version_text.parse::<Version>() {
        Ok(version) if !version_text.is_empty() => version,
        _ => {
            let problem = if content.is_empty() {
                "the heading is empty".to_string()
            } else {
                format!("`{content}` is neither a version nor `Unreleased`")
            };
            return SectionKind::NotAVersion {
                column: column(0),
                problem,
            };
        }
    };
    let rest = &content[rest_at..];
    let yanked = rest.to_ascii_lowercase().contains("yanked");
    let date = read_date(rest, |at| column(rest_at + at));
    SectionKind::Release(ReleaseHeading {
        version,
        version_text,
        label: token.trim().to_string(),
        inline_link,
        date,
        yanked,
    })
}

/// A closing sequence of `#`s (`## 1.0.0 ##`) is not part of the heading.
fn strip_closing_hashes(content: &str) -> &str {
    let trimmed = content.trim_end();
    let without = trimmed.trim_end_matches('#');
    if without.len() < trimmed.len() && (without.is_empty() || without.ends_with(' ')) {
        without.trim_end()
    } else {
        trimmed
    }
}

/// The version as written (`[1.2.0]`, `[1.2.0](url)`, or a bare `1.2.0`), the
/// link written with it, and where the rest of the heading starts.
fn version_token(content: &str) -> (&str, Option<String>, usize) {
    if let Some(inner) = content.strip_prefix('[') {
        if let Some(close) = inner.find(']') {
            let label = &inner[..close];
            let after = 1 + close + 1;
            let rest = &content[after..];
            if let Some(link) = rest.strip_prefix('(') {
                if let Some(end) = link.find(')') {
                    let url = link[..end].trim().to_string();
                    return (label, Some(url), after + 1 + end + 1);
                }
            }
            return (label, None, after);
        }
    }
    let end = content.find(char::is_whitespace).unwrap_or(content.len());
    (&content[..end], None, end)
}

/// The date after the version: ` - 2024-05-01`, ` – 2024-05-01`, ` (2024-05-01)`.
/// `column` turns an offset in `rest` into a column of the line.
fn read_date(rest: &str, column: impl Fn(usize) -> usize) -> DateField {
    let start = rest
        .find(|c: char| !(c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '(' | ',')))
        .unwrap_or(rest.len());
    let candidate = &rest[start..];
    if candidate.is_empty() || candidate.starts_with('[') {
        return DateField::Missing;
    }
    let end = candidate
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '[' | ','))
        .unwrap_or(candidate.len());
    let text = &candidate[..end];
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        // Words after the version (a codename) are not a date.
        return DateField::Missing;
    }
    match text.parse::<Date>() {
        Ok(date) => DateField::On(date),
        Err(e) => DateField::Invalid {
            text: text.to_string(),
            column: column(start),
            problem: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(line: &str) -> ReleaseHeading {
        match read_heading(line) {
            SectionKind::Release(r) => r,
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn headings_as_changelogs_write_them() {
        // (heading, version, date, yanked, inline link)
        let day = |s: &str| DateField::On(s.parse().unwrap());
        let cases = [
            (
                "## [1.2.0] - 2024-05-01",
                "1.2.0",
                day("2024-05-01"),
                false,
                None,
            ),
            (
                "## 1.0.0 - 2020-01-01",
                "1.0.0",
                day("2020-01-01"),
                false,
                None,
            ),
            (
                "## [v2.0.0-rc.1] – 2024-06-01",
                "2.0.0-rc.1",
                day("2024-06-01"),
                false,
                None,
            ),
            (
                "## [0.0.1] - 2014-05-31 [YANKED]",
                "0.0.1",
                day("2014-05-31"),
                true,
                None,
            ),
            ("## [1.1.0]", "1.1.0", DateField::Missing, false, None),
            (
                "## [1.1.0] [YANKED]",
                "1.1.0",
                DateField::Missing,
                true,
                None,
            ),
            (
                "## 3.0.0 (2025-01-02)",
                "3.0.0",
                day("2025-01-02"),
                false,
                None,
            ),
            (
                "## [1.3.0](https://x.test/compare/v1.2.0...v1.3.0) - 2024-07-01",
                "1.3.0",
                day("2024-07-01"),
                false,
                Some("https://x.test/compare/v1.2.0...v1.3.0"),
            ),
            ("## 1.4.0 ##", "1.4.0", DateField::Missing, false, None),
        ];
        let mut wrong = Vec::new();
        for (line, version, date, yanked, link) in cases {
            let r = release(line);
            let got = (
                r.version_text.as_str(),
                &r.date,
                r.yanked,
                r.inline_link.as_deref(),
            );
            if got != (version, &date, yanked, link) {
                wrong.push(format!("{line}: {got:?}"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn problems_point_at_their_column() {
        assert_eq!(read_heading("## [Unreleased]"), SectionKind::Unreleased);
        assert_eq!(read_heading("## Unreleased"), SectionKind::Unreleased);
        match read_heading("## [1.2.0] - 2024-13-01") {
            SectionKind::Release(ReleaseHeading {
                date: DateField::Invalid { column, text, .. },
                ..
            }) => assert_eq!((column, text.as_str()), (14, "2024-13-01")),
            other => panic!("{other:?}"),
        }
        match read_heading("## Upgrading notes") {
            SectionKind::NotAVersion { column, .. } => assert_eq!(column, 4),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sections_keep_their_bytes_and_lose_the_closing_links() {
        let text = "# Changelog\n\nIntro.\n\n## [1.1.0] - 2024-02-01\n\n### Added\n\n- Nested:\n  - one\n    ```sh\n    ## not a heading\n    ```\n\n#### Detail\n\nText [#12].\n\n## [1.0.0] - 2024-01-01\n\n### Fixed\n\n-   odd   spacing\n\n[#12]: https://x.test/12\n[1.1.0]: https://x.test/compare/v1.0.0...v1.1.0\n[1.0.0]: https://x.test/releases/v1.0.0\n";
        let log = parse(text);
        assert_eq!(log.sections.len(), 2);
        assert_eq!(log.sections[0].line, 5);
        assert_eq!(
            log.sections[0].body,
            "## Added\n\n- Nested:\n  - one\n    ```sh\n    ## not a heading\n    ```\n\n### Detail\n\nText [#12]."
        );
        assert_eq!(log.sections[1].body, "## Fixed\n\n-   odd   spacing");
        assert_eq!(
            log.link("1.1.0"),
            Some("https://x.test/compare/v1.0.0...v1.1.0")
        );
        let used: Vec<&str> = log
            .definitions_used_by(&log.sections[0].body)
            .iter()
            .map(|d| d.text.as_str())
            .collect();
        assert_eq!(used, ["[#12]: https://x.test/12"]);
    }
}
