//! What a page's `<head>` tells machines about it: its canonical URL, OpenGraph
//! and Twitter cards (how it looks when shared), the feeds that follow it, and,
//! on an FAQ, the schema.org `FAQPage` JSON-LD search engines read answers from.

use serde::Serialize;

use super::feeds::FeedSet;
use super::search::BodyText;
use super::strings::Strings;
use super::views::HeadView;
use super::{RenderContext, Urls};
use crate::model::Page;

/// How long a description taken from a page's body may be (about two lines in a
/// link preview).
const DESCRIPTION_LIMIT: usize = 200;

/// A feed's discovery links: `<link rel="alternate">` to its Atom and JSON Feed.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub title: String,
    /// Hrefs with the base path.
    pub atom: String,
    pub json: String,
}

/// The discovery links of a feed set. (Takes the parts of a [`RenderContext`]
/// it needs, since the site-wide view is made before the context.)
pub fn feed_link(urls: &Urls<'_>, strings: &Strings, set: &FeedSet<'_>) -> FeedLink {
    let [atom, json] = set.urls();
    FeedLink {
        title: set.title(strings, urls.site),
        atom: urls.href(&atom),
        json: urls.href(&json),
    }
}

/// What a kind of page is to OpenGraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OgType {
    /// An authored page.
    Article,
    /// Everything generated: home, listings, product pages.
    Website,
}

/// The head of a page at `url` (with the base path) titled `title`. Without a
/// description, link previews show the site's, else the title. `feed` is
/// offered besides the site's feed: a product's on its pages, a kind's on its listing.
pub fn head(
    cx: &RenderContext<'_>,
    title: &str,
    description: Option<&str>,
    url: &str,
    og_type: OgType,
    feed: Option<FeedSet<'_>>,
) -> HeadView {
    let config = &cx.site.config;
    HeadView {
        title: title.to_string(),
        description: description
            .or(config.description.as_deref())
            .unwrap_or(title)
            .to_string(),
        canonical: cx.urls.absolute(url),
        og_type,
        site_name: config.title.clone(),
        feeds: feed
            .map(|set| feed_link(&cx.urls, cx.strings(), &set))
            .into_iter()
            .collect(),
        json_ld: None,
    }
}

/// The head of an authored page: its description is `description:`, else the
/// start of its body; an FAQ gets its JSON-LD.
pub fn page_head(cx: &RenderContext<'_>, page: &Page, url: &str, text: &BodyText) -> HeadView {
    let lead = page
        .meta
        .description
        .is_none()
        .then(|| text.lead(DESCRIPTION_LIMIT))
        .flatten();
    let description = page.meta.description.as_deref().or(lead.as_deref());
    let mut head = head(
        cx,
        &page.meta.title,
        description,
        url,
        OgType::Article,
        cx.site.product_of(page).map(FeedSet::Product),
    );
    if matches!(page.kind, crate::model::PageKind::Faq) {
        head.json_ld = Some(faq_json_ld(page, &head.canonical, text));
    }
    head
}

/// schema.org's `FAQPage`: <https://schema.org/FAQPage>.
#[derive(Serialize)]
struct FaqPage<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: &'a str,
    #[serde(rename = "mainEntity")]
    main_entity: Vec<Question<'a>>,
}

#[derive(Serialize)]
struct Question<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(rename = "acceptedAnswer")]
    accepted_answer: Answer,
}

#[derive(Serialize)]
struct Answer {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: String,
}

/// An FAQ page's questions (its level-2 headings) with their answers: the text
/// under each, up to the next heading of level 2 or higher, subheadings included.
fn faq_json_ld(page: &Page, canonical: &str, text: &BodyText) -> String {
    let questions = page
        .headings
        .iter()
        .enumerate()
        .filter(|(_, h)| h.level == 2)
        .map(|(index, heading)| Question {
            kind: "Question",
            name: &heading.text,
            accepted_answer: Answer {
                kind: "Answer",
                text: answer_text(page, index, text),
            },
        })
        .collect();
    script_json(&FaqPage {
        context: "https://schema.org",
        kind: "FAQPage",
        name: &page.meta.title,
        url: canonical,
        main_entity: questions,
    })
}

/// The text under heading `question` of `page`, as one line.
fn answer_text(page: &Page, question: usize, text: &BodyText) -> String {
    let end = page.headings[question + 1..]
        .iter()
        .position(|h| h.level <= 2)
        .map_or(page.headings.len(), |i| question + 1 + i);
    let mut answer = String::new();
    for section in &text.sections {
        let Some(heading) = section.heading.filter(|h| (question..end).contains(h)) else {
            continue;
        };
        if heading != question {
            answer.push(' ');
            answer.push_str(&page.headings[heading].text);
        }
        for part in [&section.prose, &section.code] {
            answer.push(' ');
            answer.push_str(part);
        }
    }
    answer.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `value` as JSON safe inside a `<script>` element: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e` and `\u0026`, so no text of a writer's can
/// close the element (`</script>`) or open a comment.
pub fn script_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("JSON-LD serialises");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let json = script_json(&serde_json::json!({"text": "a </script><!-- & b"}));
        assert_eq!(
            json,
            r#"{"text":"a \u003c/script\u003e\u003c!-- \u0026 b"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["text"], "a </script><!-- & b");
    }
}
