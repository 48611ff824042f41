//! One changelog section as an almanac release note: its front matter, its body
//! (the section's bytes, the compare link, the link definitions it uses), and
//! whether it plainly says it breaks something. Pure functions, no I/O.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::parse::{Changelog, ReleaseHeading};
use crate::load::scan::markdown_options;
use crate::load::yaml;
use crate::model::Date;

/// What one release note says.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub title: String,
    pub version: String,
    pub date: Date,
    pub product: String,
    pub breaking: bool,
    pub yanked: bool,
    pub body: String,
}

impl Note {
    /// Builds the note for `heading`, whose section body is `body`.
    pub fn new(
        changelog: &Changelog,
        heading: &ReleaseHeading,
        body: &str,
        date: Date,
        product: (&str, &str),
    ) -> Note {
        let (id, name) = product;
        Note {
            title: format!("{name} {}", heading.version_text),
            version: heading.version_text.clone(),
            date,
            product: id.to_string(),
            breaking: says_breaking(body),
            yanked: heading.yanked,
            body: note_body(changelog, heading, body),
        }
    }

    /// The file's text: front matter in the order writers read it, then the body.
    pub fn text(&self) -> String {
        let quoted = |s: &str| yaml::to_string(&serde_json::Value::String(s.to_string()));
        let mut front = format!(
            "title: {}version: {}\ndate: {}\nproduct: {}",
            quoted(&self.title),
            // JSON's quoting is YAML's: a version is always a string (`"3.10"`).
            serde_json::Value::String(self.version.clone()),
            self.date,
            quoted(&self.product),
        );
        if self.breaking {
            front.push_str("breaking: true\n");
        }
        if self.yanked {
            front.push_str("yanked: true\n");
        }
        format!("---\n{front}---\n\n{}", self.body)
    }
}

/// The section's body, the compare link (`[1.2.0]: …/compare/v1.1.0...v1.2.0`
/// or a link in the heading) and the definitions the body's reference links need.
fn note_body(changelog: &Changelog, heading: &ReleaseHeading, body: &str) -> String {
    let mut out = body.to_string();
    let link = heading.inline_link.as_deref().or_else(|| {
        changelog
            .link(&heading.label)
            .or_else(|| changelog.link(&heading.version_text))
    });
    if let Some(url) = link {
        let label = if url.contains("/compare/") {
            "Compare with the previous version"
        } else {
            "This release at its source"
        };
        push_block(&mut out, &format!("[{label}](<{url}>)"));
    }
    let used: Vec<&str> = changelog
        .definitions_used_by(body)
        .into_iter()
        .map(|d| d.text.as_str())
        .collect();
    if !used.is_empty() {
        push_block(&mut out, &used.join("\n"));
    }
    out.push('\n');
    out
}

fn push_block(out: &mut String, block: &str) {
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(block);
}

/// Whether a section plainly says it breaks something: a heading that contains
/// "breaking" (`### Breaking changes`), or the word `BREAKING` in capitals in an
/// entry (`**BREAKING:**`, `BREAKING CHANGE:`), outside code. A `### Removed`
/// section alone is not enough: changelogs list removals of internals and of
/// what an earlier version deprecated, and a wrong `breaking` misleads readers.
pub fn says_breaking(body: &str) -> bool {
    let mut in_heading = false;
    let mut in_code = false;
    for event in Parser::new_ext(body, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code => {
                let heading_says = in_heading && text.to_lowercase().contains("breaking");
                let entry_says = text
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| word == "BREAKING");
                if heading_says || entry_says {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether the section has a `Removed` heading: worth a look by the writer,
/// who may then set `breaking: true` by hand.
pub fn has_removals(body: &str) -> bool {
    let mut in_heading = false;
    Parser::new_ext(body, markdown_options()).any(|event| match event {
        Event::Start(Tag::Heading { .. }) => {
            in_heading = true;
            false
        }
        Event::End(TagEnd::Heading(_)) => {
            in_heading = false;
            false
        }
        Event::Text(text) => in_heading && text.trim().eq_ignore_ascii_case("removed"),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaking_only_when_the_section_says_so() {
        // (body, breaking?)
        let cases = [
            ("## Breaking changes\n\n- Dropped Node 16.", true),
            (
                "## Changed\n\n- **BREAKING:** `--out` is now required.",
                true,
            ),
            ("## Changed\n\n- BREAKING CHANGE: new config format.", true),
            ("## Removed\n\n- The deprecated `legacy` flag.", false),
            ("## Fixed\n\n- No longer breaking on empty input.", false),
            ("## Fixed\n\n```text\nBREAKING\n```", false),
            (
                "## Fixed\n\n- The `BREAKING` constant is documented.",
                false,
            ),
        ];
        let wrong: Vec<_> = cases
            .iter()
            .filter(|(body, want)| says_breaking(body) != *want)
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert!(has_removals("## Removed\n\n- x"));
        assert!(!has_removals("## Fixed\n\n- removed a crash"));
    }
}
