//! A [`Feed`] as JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>).

use serde::Serialize;

use super::{rfc3339, Feed};

const VERSION: &str = "https://jsonfeed.org/version/1.1";

/// The top-level object of a JSON Feed.
#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    language: &'a str,
    authors: [JsonAuthor<'a>; 1],
    items: Vec<JsonItem<'a>>,
}

/// JSON Feed's author: a name and a URL (it has no e-mail field, so an e-mail
/// is given as a `mailto:` URL when there is no other).
#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    date_published: String,
    date_modified: String,
    tags: Vec<&'a str>,
    authors: [JsonAuthor<'a>; 1],
}

/// The feed as a JSON Feed document, with the same entries as its Atom twin.
pub fn write(feed: &Feed) -> String {
    let author = || JsonAuthor {
        name: &feed.author.name,
        url: feed
            .author
            .uri
            .clone()
            .or_else(|| feed.author.email.as_ref().map(|e| format!("mailto:{e}"))),
    };
    let document = JsonFeed {
        version: VERSION,
        title: &feed.title,
        home_page_url: &feed.home_url,
        feed_url: &feed.json_url,
        language: &feed.language,
        authors: [author()],
        items: feed
            .entries
            .iter()
            .map(|entry| JsonItem {
                id: &entry.id,
                url: &entry.url,
                title: &entry.title,
                content_html: &entry.content_html,
                summary: entry.summary.as_deref(),
                date_published: rfc3339(entry.published),
                date_modified: rfc3339(entry.updated),
                tags: entry.categories.iter().map(|c| c.term.as_str()).collect(),
                authors: [author()],
            })
            .collect(),
    };
    let mut json = serde_json::to_string_pretty(&document).expect("a feed serialises");
    json.push('\n');
    json
}
