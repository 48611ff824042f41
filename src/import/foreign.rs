//! Syntax of other generators that no Markdown renderer understands. Takes a page
//! body; gives every Liquid tag, Hugo shortcode, MDX import, export or component,
//! kramdown attribute list and admonition fence it holds, with its line. Code
//! spans and code blocks are skipped: there such text is an example, not markup.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::load::scan::markdown_options;

/// What kind of foreign syntax a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Syntax {
    /// `{{< name >}}`, `{{% name %}}`.
    HugoShortcode,
    /// `{% tag %}`.
    LiquidTag,
    /// `{{ value }}`: Liquid output, or a Go template action in Hugo content.
    LiquidOutput,
    /// `import X from "…"`, `export const …`.
    MdxImport,
    /// `<Component …>`.
    MdxComponent,
    /// `{: .class}`, `{::options}`.
    KramdownAttributes,
    /// `:::note` (Docusaurus), `!!! note` (MkDocs).
    Admonition,
}

impl Syntax {
    /// How the report names it.
    pub fn label(self) -> &'static str {
        match self {
            Syntax::HugoShortcode => "Hugo shortcode",
            Syntax::LiquidTag => "Liquid tag",
            Syntax::LiquidOutput => "template expression (Liquid or Go)",
            Syntax::MdxImport => "MDX import/export",
            Syntax::MdxComponent => "MDX component",
            Syntax::KramdownAttributes => "kramdown attribute list",
            Syntax::Admonition => "admonition",
        }
    }
}

/// One piece of foreign syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line of the source file.
    pub line: usize,
    pub syntax: Syntax,
    /// The text as written (one line, cut short).
    pub text: String,
}

/// HTML elements, so that `<BR>` or `<Table>` is not taken for a component.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "br",
    "center",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "iframe",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "s",
    "section",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "video",
];

/// Finds foreign syntax in `body`, whose first line is line `body_line` of its file.
pub fn detect(body: &str, body_line: usize) -> Vec<Finding> {
    let code = code_ranges(body);
    // Code ranges are disjoint and in document order: a binary search per byte,
    // not a scan of every range (which made a long page quadratic).
    let in_code = |at: usize| {
        let after = code.partition_point(|r| r.start <= at);
        after > 0 && code[after - 1].contains(&at)
    };
    let mut findings = Vec::new();
    let mut line_start = 0;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let line_no = body_line + index;
        if !in_code(line_start) {
            if let Some(syntax) = line_syntax(line) {
                findings.push(finding(line_no, syntax, line));
            }
        }
        let mut i = 0;
        while i < line.len() {
            let at = line_start + i;
            let rest = &line[i..];
            let found = if in_code(at) {
                None
            } else {
                inline_syntax(rest)
            };
            match found {
                Some((syntax, len)) => {
                    findings.push(finding(line_no, syntax, &rest[..len]));
                    i += len;
                }
                None => i += rest.chars().next().map_or(1, char::len_utf8),
            }
        }
        line_start += line.len();
    }
    findings
}

fn finding(line: usize, syntax: Syntax, text: &str) -> Finding {
    let text = text.trim();
    let text = match text.char_indices().nth(70) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    };
    Finding { line, syntax, text }
}

/// Syntax that only counts at the start of a line.
fn line_syntax(line: &str) -> Option<Syntax> {
    // `import X from "…"`; a bare `import "fmt"` is more often Go than MDX.
    let is_import = line.starts_with("import ") && line.contains(" from ");
    let is_export = [
        "export const ",
        "export default ",
        "export function ",
        "export let ",
    ]
    .iter()
    .any(|p| line.starts_with(p));
    if is_import || is_export {
        return Some(Syntax::MdxImport);
    }
    let trimmed = line.trim_start();
    let admonition = trimmed
        .strip_prefix(":::")
        .is_some_and(|r| r.chars().next().is_some_and(char::is_alphabetic))
        || trimmed.starts_with("!!! ")
        || trimmed.starts_with("??? ");
    admonition.then_some(Syntax::Admonition)
}

/// Syntax starting at the beginning of `text`, with its length in bytes.
fn inline_syntax(text: &str) -> Option<(Syntax, usize)> {
    let until = |close: &str, from: usize| {
        text[from..]
            .find(close)
            .map_or(text.trim_end().len(), |n| from + n + close.len())
    };
    if text.starts_with("{{<") {
        return Some((Syntax::HugoShortcode, until(">}}", 3)));
    }
    if text.starts_with("{{%") {
        return Some((Syntax::HugoShortcode, until("%}}", 3)));
    }
    if text.starts_with("{%") {
        return Some((Syntax::LiquidTag, until("%}", 2)));
    }
    if text.starts_with("{{") && text[2..].contains("}}") {
        return Some((Syntax::LiquidOutput, until("}}", 2)));
    }
    if text.starts_with("{:") && text[2..].contains('}') {
        return Some((Syntax::KramdownAttributes, until("}", 2)));
    }
    component(text).map(|len| (Syntax::MdxComponent, len))
}

/// `<Name`, `</Name` or `<Name.Part` where Name is capitalised and not an HTML element.
fn component(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("</").or_else(|| text.strip_prefix('<'))?;
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    let follows = rest[name_len..].chars().next();
    let is_component = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && !HTML_ELEMENTS.contains(&name.to_ascii_lowercase().as_str())
        && matches!(follows, Some(' ' | '\t' | '\n' | '\r' | '/' | '>') | None);
    if !is_component {
        return None;
    }
    let end = text.find('>').map_or(text.trim_end().len(), |n| n + 1);
    Some(end)
}

/// Byte ranges of code spans and code blocks.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    Parser::new_ext(body, markdown_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => Some(range),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(body: &str) -> Vec<(usize, Syntax, String)> {
        detect(body, 10)
            .into_iter()
            .map(|f| (f.line, f.syntax, f.text))
            .collect()
    }

    #[test]
    fn finds_each_syntax_with_its_line() {
        let body = "Intro {{< note >}}x{{< /note >}}\n{% include a.html %} and {{ site.title }}\n\nimport Tabs from '@theme/Tabs';\n\n<Tabs groupId=\"os\">\n\nText.\n{: .warning}\n\n:::tip\nHi\n:::\n\n{{% param \"x\" %}}\n";
        let got = found(body);
        let expect = [
            (10, Syntax::HugoShortcode, "{{< note >}}"),
            (10, Syntax::HugoShortcode, "{{< /note >}}"),
            (11, Syntax::LiquidTag, "{% include a.html %}"),
            (11, Syntax::LiquidOutput, "{{ site.title }}"),
            (13, Syntax::MdxImport, "import Tabs from '@theme/Tabs';"),
            (15, Syntax::MdxComponent, "<Tabs groupId=\"os\">"),
            (18, Syntax::KramdownAttributes, "{: .warning}"),
            (20, Syntax::Admonition, ":::tip"),
            (24, Syntax::HugoShortcode, "{{% param \"x\" %}}"),
        ];
        let expect: Vec<_> = expect
            .iter()
            .map(|&(l, s, t)| (l, s, t.to_string()))
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn code_and_html_are_not_foreign() {
        let body = "Use `{{ .Title }}` here.\n\n```go-html-template\n{{ range .Pages }}\n{{< figure >}}\n```\n\n    {% indented %}\n\n<div><BR></div> a <b>bold</b> and {#id} and a < b\nimport \"fmt\"\n";
        assert_eq!(found(body), []);
    }
}
