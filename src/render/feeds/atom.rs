//! A [`Feed`] as Atom 1.0 (RFC 4287).

use std::fmt::Write as _;

use super::{rfc3339, Entry, Feed};
use crate::render::highlight::escape;

/// What an Atom feed without entries says it was updated: a fixed date rather
/// than the build's, so that its bytes do not change from build to build.
const NEVER: &str = "1970-01-01T00:00:00Z";

/// The feed as an Atom document. Its entries come in the feed's order.
pub fn write(feed: &Feed) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&feed.language)
    );
    let _ = writeln!(xml, "  <title>{}</title>", escape(&feed.title));
    let _ = writeln!(xml, "  <id>{}</id>", escape(&feed.atom_url));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" href=\"{}\"/>",
        escape(&feed.atom_url)
    );
    let _ = writeln!(xml, "  <link href=\"{}\"/>", escape(&feed.home_url));
    let _ = writeln!(
        xml,
        "  <updated>{}</updated>",
        feed.updated.map_or(NEVER.to_string(), rfc3339)
    );
    xml.push_str("  <author>\n");
    let _ = writeln!(xml, "    <name>{}</name>", escape(&feed.author.name));
    if let Some(email) = &feed.author.email {
        let _ = writeln!(xml, "    <email>{}</email>", escape(email));
    }
    if let Some(uri) = &feed.author.uri {
        let _ = writeln!(xml, "    <uri>{}</uri>", escape(uri));
    }
    xml.push_str("  </author>\n");
    for entry in &feed.entries {
        write_entry(&mut xml, entry);
    }
    xml.push_str("</feed>\n");
    xml
}

fn write_entry(xml: &mut String, entry: &Entry) {
    let url = escape(&entry.url);
    xml.push_str("  <entry>\n");
    let _ = writeln!(xml, "    <title>{}</title>", escape(&entry.title));
    let _ = writeln!(xml, "    <id>{}</id>", escape(&entry.id));
    let _ = writeln!(xml, "    <link href=\"{url}\"/>");
    let _ = writeln!(
        xml,
        "    <published>{}</published>",
        rfc3339(entry.published)
    );
    let _ = writeln!(xml, "    <updated>{}</updated>", rfc3339(entry.updated));
    for category in &entry.categories {
        let _ = writeln!(
            xml,
            "    <category term=\"{}\" label=\"{}\"/>",
            escape(&category.term),
            escape(&category.label)
        );
    }
    if let Some(summary) = &entry.summary {
        let _ = writeln!(xml, "    <summary>{}</summary>", escape(summary));
    }
    // `type="html"`: the body is escaped once here and unescaped once by the reader.
    let _ = writeln!(
        xml,
        "    <content type=\"html\" xml:base=\"{url}\">{}</content>",
        escape(&entry.content_html)
    );
    xml.push_str("  </entry>\n");
}
