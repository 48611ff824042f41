//! What a result shows of a page: its [`PageDoc`], kept from the render until
//! the index is written, and the packs (`search/p/<n>.json`) that carry the docs
//! of [`pack_pages`] consecutive pages for the results the shards do not
//! answer on their own.

use serde::Serialize;

use super::super::views::Tone;
use crate::model::Kind;

/// A page as search results show it, taken while the page renders.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PageDoc {
    pub title: String,
    pub url: String,
    pub kind: Kind,
    /// The product's index in the site's products.
    pub product: Option<usize>,
    /// The gravest stale badge: (text, tone).
    pub status: Option<(String, Tone)>,
    pub description: Option<String>,
    /// (id, text) of each heading.
    pub headings: Vec<(String, String)>,
    /// One per body section: (heading index, excerpt text, possibly empty).
    pub sections: Vec<(Option<usize>, String)>,
}

impl PageDoc {
    /// The size of its JSON in a pack, roughly: what picks the pack size.
    pub(super) fn weight(&self) -> usize {
        let text: usize = self.sections.iter().map(|(_, t)| t.len() + 6).sum();
        let headings: usize = self
            .headings
            .iter()
            .map(|(a, t)| a.len() + t.len() + 8)
            .sum();
        self.title.len() + self.url.len() + 60 + text + headings
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

/// A page's fragment in a pack, as `search-worker.js` reads it.
#[derive(Serialize)]
struct Fragment<'a> {
    /// title
    t: &'a str,
    /// URL
    u: &'a str,
    /// kind, as readers call it
    k: &'static str,
    /// product name
    p: Option<&'a str>,
    /// stale status as readers see it: (badge text, tone)
    s: Option<&'a (String, Tone)>,
    /// description
    d: Option<&'a str>,
    /// headings: (id, text)
    h: &'a [(String, String)],
    /// text by section: (1 + heading index or 0, text), sections with text only
    x: Vec<(usize, &'a str)>,
}

/// `search/p/<n>.json`: the fragments of pages `n * per` to `n * per + per - 1`
/// (`null` for a page left out of search).
pub(super) fn pack_json(docs: &[Option<&PageDoc>], products: &[&str]) -> Vec<u8> {
    let fragments: Vec<Option<Fragment<'_>>> = docs
        .iter()
        .map(|doc| {
            doc.map(|doc| Fragment {
                t: &doc.title,
                u: &doc.url,
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
    serde_json::to_vec(&fragments).unwrap_or_default()
}

pub(super) fn pack_path(n: usize) -> String {
    format!("search/p/{n}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text_len: usize) -> PageDoc {
        PageDoc {
            title: "T".into(),
            url: "/t/".into(),
            kind: Kind::Guide,
            product: None,
            status: None,
            description: None,
            headings: Vec::new(),
            sections: vec![(None, "x".repeat(text_len))],
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
