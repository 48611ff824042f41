//! Shards: the sorted words cut into contiguous ranges of about [`TARGET`]
//! bytes, `search/s/<n>.json` = `{"e": [entries], "p": [pages]}`.
//!
//! The manifest gives each shard's key: the shortest string above every word of
//! the shard before (the first shard's is empty), so a query word's shard is the
//! last whose key is not above it, and the words that begin with it start there.
//! Where they go on past that shard, the shard has the prefix's own entry
//! ([`Entry::prefix`]) just before them: a query word always costs one shard.
//! Shards are cut where neighbouring words share the shortest prefix, so that few
//! prefixes need an entry of their own.
//!
//! `p` lists, once per shard, what the results the entries carry show of their
//! pages: `[page, title, URL, kind, product, status, [[heading, id, text]]]`
//! (kind and product as indexes into the manifest's lists, -1 for none; status
//! `[text, tone]` or 0; the headings the results link to).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::encode;
use super::entry::{Docs, Entry};
use super::pack::PageDoc;

/// Shards aim at this many bytes of word entries (the page rows come on top:
/// about half as much again)...
const TARGET: usize = 48 * 1024;
/// ...and are cut, past this many, where the words on either side share the
/// shortest prefix.
const LOW: usize = TARGET * 5 / 8;

/// One item of the sorted sequence: a word's entry, or a prefix's.
#[derive(Clone, Copy)]
struct Item<'a> {
    key: &'a str,
    entry: &'a Entry,
    prefix: bool,
    /// Bytes it adds to its shard.
    size: usize,
    /// For a word, the characters it shares with the next word.
    shared: usize,
}

/// A shard: its key and its items.
pub(super) struct Shard<'a> {
    pub key: String,
    items: Vec<&'a Entry>,
    /// A hash of its items' words (and which are prefixes), in order.
    pub words: u64,
}

impl Shard<'_> {
    /// Whether an item was encoded since the index files were last written.
    pub(super) fn fresh(&self) -> bool {
        self.items.iter().any(|entry| entry.fresh)
    }
}

/// Cuts the sorted `words` into shards, adding prefix entries
/// (`prefix_entry(prefix, range of words)`) where a prefix's words would span
/// more than one; `prefixes` keeps them for the caller.
pub(super) fn plan<'a>(
    words: &[(&'a str, &'a Entry)],
    prefixes: &'a mut BTreeMap<String, Entry>,
    prefix_entry: impl Fn(&str, std::ops::Range<usize>) -> Entry + Sync,
) -> Vec<Shard<'a>> {
    // Planning takes a few rounds (each new prefix entry moves the cuts after
    // it), so what a round reads of each word is worked out once: on a real
    // changelog, 130,000 words took eight rounds, mostly spent following
    // pointers to words and entries.
    let shared = words
        .windows(2)
        .map(|pair| common_chars(pair[0].0, pair[1].0))
        .chain([0]);
    let word_items: Vec<Item<'a>> = words
        .iter()
        .zip(shared)
        .map(|(&(word, entry), shared)| Item {
            key: word,
            entry,
            prefix: false,
            size: entry.json.len() + 1,
            shared,
        })
        .collect();
    loop {
        let missing: Vec<String> = {
            let items = sequence(&word_items, prefixes);
            spanning(&items, &cut(&items))
                .into_iter()
                .filter(|p| !prefixes.contains_key(p))
                .collect()
        };
        if missing.is_empty() {
            break;
        }
        let made: Vec<(String, Entry)> = missing
            .into_par_iter()
            .map(|p| {
                let entry = prefix_entry(&p, range_of(words, &p));
                (p, entry)
            })
            .collect();
        prefixes.extend(made);
    }
    let prefixes: &'a BTreeMap<String, Entry> = prefixes;
    let items = sequence(&word_items, prefixes);
    let cuts = cut(&items);
    let mut shards = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for end in cuts.iter().copied().chain([items.len()]) {
        let key = if start == 0 {
            String::new()
        } else {
            separator(items[start - 1].key, items[start].key)
        };
        let mut words = crate::hashing::Fx::default();
        for item in &items[start..end] {
            std::hash::Hasher::write(&mut words, item.key.as_bytes());
            std::hash::Hasher::write_u8(&mut words, 0xff - u8::from(item.prefix));
        }
        shards.push(Shard {
            key,
            items: items[start..end].iter().map(|i| i.entry).collect(),
            words: std::hash::Hasher::finish(&words),
        });
        start = end;
    }
    shards
}

/// The words that begin with `prefix`: a range of the sorted `words`.
fn range_of(words: &[(&str, &Entry)], prefix: &str) -> std::ops::Range<usize> {
    let start = words.partition_point(|(w, _)| *w < prefix);
    let len = words[start..]
        .iter()
        .take_while(|(w, _)| w.starts_with(prefix))
        .count();
    start..start + len
}

/// Words and prefix entries in order: a prefix just before its first word
/// (`word_items`: the words' own items, sorted, made once for every round).
fn sequence<'a>(word_items: &[Item<'a>], prefixes: &'a BTreeMap<String, Entry>) -> Vec<Item<'a>> {
    let mut items = Vec::with_capacity(word_items.len() + prefixes.len());
    let mut from = 0;
    for (prefix, entry) in prefixes {
        let at = word_items.partition_point(|word| word.key < prefix.as_str());
        if at == word_items.len() {
            // No word begins with it, nor comes after it.
            break;
        }
        items.extend_from_slice(&word_items[from..at]);
        items.push(Item {
            key: prefix,
            entry,
            prefix: true,
            size: entry.json.len() + 1,
            shared: 0,
        });
        from = at;
    }
    items.extend_from_slice(&word_items[from..]);
    items
}

/// Where shards end (item indexes), greedily: each shard takes items up to
/// [`TARGET`] bytes and ends, past [`LOW`], at the cut whose neighbours share the
/// shortest prefix (the later of equals). A prefix entry stays with what follows.
fn cut(items: &[Item<'_>]) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut size = 0;
    let mut best: Option<(usize, usize)> = None;
    for i in 1..items.len() {
        size += items[i - 1].size;
        if items[i - 1].prefix {
            continue;
        }
        if size >= LOW {
            // What the word before the cut shares with the next word (prefix
            // entries between them do not count).
            let shared = items[i - 1].shared;
            if best.is_none_or(|(_, b)| shared <= b) {
                best = Some((i, shared));
            }
        }
        if size + items[i].size > TARGET {
            let at = best.map_or(i, |(at, _)| at);
            cuts.push(at);
            // The items between the cut and `i` start the next shard.
            size = items[at..i].iter().map(|it| it.size).sum();
            best = None;
        }
    }
    cuts
}

/// The prefixes (two characters or more) whose words some cut separates. (A
/// shard never ends with a prefix entry: it stays with what follows.)
fn spanning(items: &[Item<'_>], cuts: &[usize]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for &at in cuts {
        let (before, shared) = (items[at - 1].key, items[at - 1].shared);
        for (n, (i, c)) in before.char_indices().enumerate().take(shared) {
            if n >= 1 {
                found.push(before[..i + c.len_utf8()].to_string());
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// How many leading characters `a` and `b` share.
fn common_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// The shortest prefix of `next` that sorts above `last`.
fn separator(last: &str, next: &str) -> String {
    for (i, c) in next.char_indices() {
        let candidate = &next[..i + c.len_utf8()];
        if candidate > last {
            return candidate.to_string();
        }
    }
    next.to_string()
}

/// What the manifest's tables say of a page: kind and product indexes.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Tables {
    /// Kind → index in the manifest's kinds.
    pub kinds: Vec<(crate::model::Kind, usize)>,
    /// Site product index → index in the manifest's products.
    pub products: Vec<Option<usize>>,
}

impl Shard<'_> {
    pub(super) fn json(&self, docs: &Docs<'_>, tables: &Tables) -> String {
        let mut refs: Vec<(u32, u16)> = self
            .items
            .iter()
            .flat_map(|e| e.refs.iter().copied())
            .collect();
        refs.sort_unstable();
        refs.dedup();
        let mut rows: Vec<Row<'_>> = Vec::new();
        let mut at = 0;
        while at < refs.len() {
            let page = refs[at].0;
            let end = at + refs[at..].iter().take_while(|r| r.0 == page).count();
            if let Some(doc) = docs.get(page as usize).copied().flatten() {
                let headings: Vec<u16> = refs[at..end]
                    .iter()
                    .map(|r| r.1)
                    .filter(|&h| h > 0 && doc.headings.len() >= usize::from(h))
                    .collect();
                let kind = tables.kinds.iter().find(|(k, _)| *k == doc.kind);
                let product = doc
                    .product
                    .and_then(|p| tables.products.get(p).copied().flatten());
                rows.push(Row {
                    page,
                    doc,
                    kind: kind.map_or(-1, |(_, i)| *i as i64),
                    product: product.map_or(-1, |i| i as i64),
                    headings,
                });
            }
            at = end;
        }
        let entries: usize = self.items.iter().map(|e| e.json.len() + 1).sum();
        let mut json = String::with_capacity(entries + rows.len() * 160 + 16);
        json.push_str("{\"e\":");
        encode::push_array(&mut json, &self.items, |json, entry| {
            json.push_str(&entry.json)
        });
        json.push_str(",\"p\":");
        push_rows(&mut json, &rows);
        json.push('}');
        json
    }
}

/// The page rows as JSON, by hand as the entries are, from the doc's strings
/// encoded once (serve writes every shard again on each edit; the test below
/// holds this to serde's output).
fn push_rows(json: &mut String, rows: &[Row<'_>]) {
    encode::push_array(json, rows, |json, row| {
        let Row {
            page,
            doc,
            kind,
            product,
            headings,
        } = row;
        json.push_str(&format!("[{page},"));
        json.push_str(&doc.title);
        json.push(',');
        json.push_str(&doc.url);
        json.push_str(&format!(",{kind},{product},"));
        match &doc.status {
            None => json.push('0'),
            Some(badge) => encode::push_badge(json, badge),
        }
        json.push(',');
        encode::push_array(json, headings, |json, &heading| {
            json.push_str(&format!("[{heading},"));
            json.push_str(&doc.headings[usize::from(heading) - 1]);
            json.push(']');
        });
        json.push(']');
    });
}

/// `[page, title, URL, kind, product, status, headings]`: kind and product as
/// indexes into the manifest's lists (-1 for none), status 0 for none, and
/// the headings the shard's results link to (1 + their index in the page).
struct Row<'a> {
    page: u32,
    doc: &'a PageDoc,
    kind: i64,
    product: i64,
    headings: Vec<u16>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_separator_is_the_shortest_prefix_above_the_last_word() {
        assert_eq!(separator("prn", "proxy"), "pro");
        assert_eq!(separator("apple", "banana"), "b");
        assert_eq!(separator("co", "coa"), "coa");
    }

    #[test]
    fn page_rows_are_the_json_serde_would_write() {
        use super::super::super::views::Tone;
        use super::super::pack::Shown;
        use crate::model::Kind;
        use serde::Serialize;
        #[derive(Serialize)]
        #[serde(untagged)]
        enum Status<'a> {
            None(u8),
            Badge(&'a (String, Tone)),
        }
        let badge = ("End of life: \"2.x\"".to_string(), Tone::Danger);
        let shown = |title, url, status: Option<(String, Tone)>| Shown {
            title,
            url,
            kind: Kind::Guide,
            product: None,
            status,
            description: None,
            headings: vec![("setup", "Set \"up\""), ("a-b", "A & B")],
            sections: Vec::new(),
        };
        let first = PageDoc::new(shown("Proxy \\ settings", "/guides/p/", None));
        let second = PageDoc::new(shown("naïve\ttitle", "/faq/q/", Some(badge.clone())));
        let rows = [
            Row {
                page: 3,
                doc: &first,
                kind: 0,
                product: -1,
                headings: vec![],
            },
            Row {
                page: 70_000,
                doc: &second,
                kind: 2,
                product: 4,
                headings: vec![1, 2],
            },
        ];
        type Serde<'a> = (
            u32,
            &'a str,
            &'a str,
            i64,
            i64,
            Status<'a>,
            Vec<(u16, &'a str, &'a str)>,
        );
        let by_serde: [Serde<'_>; 2] = [
            (
                3,
                "Proxy \\ settings",
                "/guides/p/",
                0,
                -1,
                Status::None(0),
                vec![],
            ),
            (
                70_000,
                "naïve\ttitle",
                "/faq/q/",
                2,
                4,
                Status::Badge(&badge),
                vec![(1, "setup", "Set \"up\""), (2, "a-b", "A & B")],
            ),
        ];
        for n in [2, 1, 0] {
            let mut ours = String::new();
            push_rows(&mut ours, &rows[..n]);
            assert_eq!(ours, serde_json::to_string(&by_serde[..n]).unwrap());
        }
    }

    #[test]
    fn words_share_prefixes_by_characters() {
        assert_eq!(common_chars("proxy", "prose"), 3);
        assert_eq!(common_chars("été", "éta"), 2);
    }
}
