//! What a result shows of a page: its [`PageDoc`], kept from the render until
//! the index is written, and the packs (`search/p/<n>.json`) that carry the docs
//! of [`pack_pages`] consecutive pages for the results the shards do not
//! answer on their own.

use super::super::views::Tone;
use super::encode;
use crate::model::Kind;

/// A page as search results show it, taken while the page renders.
///
/// Its title, URL and headings are kept as JSON, encoded once here: its pack
/// shows them, and so does the page row of every shard with a result on the
/// page (dozens of shards), which serve writes again on each edit.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PageDoc {
    /// The title and URL as JSON strings (quoted, escaped).
    pub title: String,
    pub url: String,
    pub kind: Kind,
    /// The product's index in the site's products.
    pub product: Option<usize>,
    /// The gravest stale badge: (text, tone).
    pub status: Option<(String, Tone)>,
    pub description: Option<String>,
    /// Each heading's id and text as JSON strings: `"id","text"`.
    pub headings: Vec<String>,
    /// One per body section: (heading index, excerpt text, possibly empty).
    pub sections: Vec<(Option<usize>, String)>,
    weight: usize,
}

/// What a [`PageDoc`] is made from.
#[derive(Clone)]
pub(super) struct Shown<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub kind: Kind,
    pub product: Option<usize>,
    pub status: Option<(String, Tone)>,
    pub description: Option<String>,
    /// (id, text) of each heading.
    pub headings: Vec<(&'a str, &'a str)>,
    pub sections: Vec<(Option<usize>, String)>,
}

impl PageDoc {
    pub(super) fn new(shown: Shown<'_>) -> PageDoc {
        let json = |text: &str| {
            let mut out = String::with_capacity(text.len() + 2);
            encode::push_json_str(&mut out, text);
            out
        };
        let text: usize = shown.sections.iter().map(|(_, t)| t.len() + 6).sum();
        let headings: usize = shown
            .headings
            .iter()
            .map(|(a, t)| a.len() + t.len() + 8)
            .sum();
        let weight = shown.title.len() + shown.url.len() + 60 + text + headings;
        PageDoc {
            title: json(shown.title),
            url: json(shown.url),
            kind: shown.kind,
            product: shown.product,
            status: shown.status,
            description: shown.description,
            headings: shown
                .headings
                .iter()
                .map(|(id, text)| {
                    let mut out = json(id);
                    out.push(',');
                    encode::push_json_str(&mut out, text);
                    out
                })
                .collect(),
            sections: shown.sections,
            weight,
        }
    }

    /// The size of its JSON in a pack, roughly: what picks the pack size.
    pub(super) fn weight(&self) -> usize {
        self.weight
    }
}

/// Packs aim at this many bytes of JSON.
const PACK_TARGET: usize = 48 * 1024;

/// Pages per pack: a power of two (so that small changes of the site's text
/// keep the layout, and `serve` rewrites one pack per page edit), about
/// [`PACK_TARGET`] bytes, never one page per file.
pub(super) fn pack_pages<'a>(docs: impl Iterator<Item = &'a PageDoc>) -> usize {
    let (mut count, mut bytes) = (0usize, 0usize);
    for doc in docs {
        count += 1;
        bytes += doc.weight();
    }
    let average = (bytes / count.max(1)).max(1);
    let ideal = (PACK_TARGET / average).clamp(2, 256);
    // The power of two nearest to the ideal (on a log scale).
    let lower = 1usize << (usize::BITS - 1 - ideal.leading_zeros());
    if ideal * ideal >= lower * lower * 2 {
        lower * 2
    } else {
        lower
    }
}

/// `search/p/<n>.json`: the fragments of pages `n * per` to `n * per + per - 1`
/// (`null` for a page left out of search), as `search-worker.js` reads them:
/// `{"t": title, "u": URL, "k": kind as readers call it, "p": product name,
/// "s": [badge text, tone] of the stale status, "d": description,
/// "h": [[id, text]] of the headings, "x": [[1 + heading index or 0, text]]
/// of the sections with text}`, absent values `null`.
///
/// Written by hand, not through serde: the packs are most of the index's bytes,
/// and their strings go through [`encode::push_json_str`] (the test below holds
/// the output to serde's, byte for byte).
pub(super) fn pack_json(docs: &[Option<&PageDoc>], products: &[&str]) -> Vec<u8> {
    let weight: usize = docs.iter().flatten().map(|doc| doc.weight()).sum();
    let mut out = String::with_capacity(weight + 16);
    encode::push_array(&mut out, docs, |out, doc| match doc {
        Some(doc) => push_fragment(out, doc, products),
        None => out.push_str("null"),
    });
    out.into_bytes()
}

fn push_fragment(out: &mut String, doc: &PageDoc, products: &[&str]) {
    let str_or_null = |out: &mut String, text: Option<&str>| match text {
        Some(text) => encode::push_json_str(out, text),
        None => out.push_str("null"),
    };
    out.push_str("{\"t\":");
    out.push_str(&doc.title);
    out.push_str(",\"u\":");
    out.push_str(&doc.url);
    out.push_str(",\"k\":");
    encode::push_json_str(out, doc.kind.label());
    out.push_str(",\"p\":");
    str_or_null(out, doc.product.map(|p| products[p]));
    out.push_str(",\"s\":");
    match &doc.status {
        Some(badge) => encode::push_badge(out, badge),
        None => out.push_str("null"),
    }
    out.push_str(",\"d\":");
    str_or_null(out, doc.description.as_deref());
    out.push_str(",\"h\":");
    encode::push_array(out, &doc.headings, |out, heading| {
        out.push('[');
        out.push_str(heading);
        out.push(']');
    });
    out.push_str(",\"x\":");
    let sections = doc.sections.iter().filter(|(_, text)| !text.is_empty());
    encode::push_array(out, sections, |out, (heading, text)| {
        out.push('[');
        out.push_str(&heading.map_or(0, |h| h + 1).to_string());
        out.push(',');
        encode::push_json_str(out, text);
        out.push(']');
    });
    out.push('}');
}

pub(super) fn pack_path(n: usize) -> String {
    format!("search/p/{n}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text_len: usize) -> PageDoc {
        PageDoc::new(shown(text_len))
    }

    fn shown(text_len: usize) -> Shown<'static> {
        Shown {
            title: "T",
            url: "/t/",
            kind: Kind::Guide,
            product: None,
            status: None,
            description: None,
            headings: Vec::new(),
            sections: vec![(None, "x".repeat(text_len))],
        }
    }

    /// What a pack's fragment is, as serde writes it: the reference the
    /// hand-written JSON is held to.
    #[derive(serde::Serialize)]
    struct Fragment<'a> {
        t: &'a str,
        u: &'a str,
        k: &'static str,
        p: Option<&'a str>,
        s: Option<&'a (String, Tone)>,
        d: Option<&'a str>,
        h: &'a [(&'a str, &'a str)],
        x: Vec<(usize, &'a str)>,
    }

    fn by_serde(docs: &[Option<&Shown<'_>>], products: &[&str]) -> Vec<u8> {
        let fragments: Vec<Option<Fragment<'_>>> = docs
            .iter()
            .map(|doc| {
                doc.map(|doc| Fragment {
                    t: doc.title,
                    u: doc.url,
                    k: doc.kind.label(),
                    p: doc.product.map(|p| products[p]),
                    s: doc.status.as_ref(),
                    d: doc.description.as_deref(),
                    h: &doc.headings,
                    x: doc
                        .sections
                        .iter()
                        .filter(|(_, text)| !text.is_empty())
                        .map(|(h, text)| (h.map_or(0, |h| h + 1), text.as_str()))
                        .collect(),
                })
            })
            .collect();
        serde_json::to_vec(&fragments).unwrap()
    }

    #[test]
    fn a_pack_is_the_json_serde_would_write() {
        let full = Shown {
            title: "Proxy \"settings\" \\ naïve",
            url: "/guides/proxy/",
            kind: Kind::Faq,
            product: Some(1),
            status: Some(("Outdated: 2.x\n".into(), Tone::Warn)),
            description: Some("Tab\there".into()),
            headings: vec![("setup", "Set up"), ("a-b", "A & B\u{2028}")],
            sections: vec![
                (None, "Intro text".into()),
                (Some(0), String::new()),
                (Some(11), "x = \"1\"\u{1}".into()),
            ],
        };
        let products = ["Acme", "Tessera \"Sync\""];
        let short = shown(3);
        let shown = [Some(&full), None, Some(&short), None];
        let (full, short) = (PageDoc::new(full.clone()), PageDoc::new(short.clone()));
        let docs = [Some(&full), None, Some(&short), None];
        for range in [0..4, 0..1, 1..2, 0..0] {
            assert_eq!(
                String::from_utf8(pack_json(&docs[range.clone()], &products)).unwrap(),
                String::from_utf8(by_serde(&shown[range], &products)).unwrap()
            );
        }
        for tone in [Tone::Info, Tone::Ok, Tone::Warn, Tone::Danger, Tone::Muted] {
            assert_eq!(
                serde_json::to_string(&tone).unwrap(),
                format!("\"{}\"", tone.name())
            );
        }
    }

    #[test]
    fn packs_hold_a_power_of_two_of_pages_near_the_target() {
        assert_eq!(pack_pages([doc(6_000)].iter()), 8);
        assert_eq!(pack_pages([doc(3_000)].iter()), 16);
        assert_eq!(
            pack_pages([doc(100_000)].iter()),
            2,
            "never one page per file"
        );
        assert_eq!(pack_pages([doc(10)].iter()), 256);
    }
}
