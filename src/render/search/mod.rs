//! The search index: full text, sharded by word prefix, loaded by the reader's
//! browser one shard per query word (`search-worker.js`).
//!
//! While pages render, each page's words are weighted by where they occur
//! (title > heading > tags, product, kind and description > body > code) into
//! postings, and the page's search fragment (title, URL, status, headings and the
//! text excerpts are cut from) is written as `search/p/<page>.json`. Afterwards
//! [`index_files`] writes:
//!
//! - `search/index.json`: the shard keys, the page count, the filters;
//! - `search/s/<n>.json`: the words with one prefix (split into longer prefixes
//!   until a shard is under [`SHARD_BUDGET`]), each with its page count, its best
//!   [`BLOCK`] postings (page, score, heading) and the set of every page it is on;
//!   a split prefix's own shard also holds its most frequent completions, so a
//!   short prefix still costs one file;
//! - `search/f/<filter>.json`: the pages of each product and kind.
//!
//! Stale and end-of-life pages score a quarter lower, so current pages rank first.

mod encode;
mod text;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::Serialize;

pub use text::BodyText;

use super::views::Tone;
use super::RenderContext;
use crate::model::{Page, PageId};

/// The index's folder, site-relative.
pub const DIR: &str = "/search/";
/// The manifest the worker loads first.
pub const MANIFEST: &str = crate::model::routes::SEARCH_INDEX;

/// Postings per word kept with their scores: enough for the first pages of
/// results; every further match is still counted and listed (from the page sets).
const BLOCK: usize = 64;
/// A shard above this size (bytes of JSON) is split by a longer prefix.
const SHARD_BUDGET: usize = 24 * 1024;
/// The most frequent words under a split prefix, kept in the prefix's own shard.
const COMPLETIONS: usize = 12;
/// Shards start at two-character prefixes; shorter words are not indexed.
const ROOT_PREFIX: usize = 2;

/// Weights of one occurrence of a word, by where it is. A page's score for a word
/// is the sum, with repeats capped so one long page cannot win on length.
const TITLE: u32 = 64;
const HEADING: u32 = 24;
const META: u32 = 16;
const BODY: u32 = 4;
const CODE: u32 = 1;
const MAX_HEADING_HITS: u32 = 2;
const MAX_BODY_HITS: u32 = 6;
const MAX_CODE_HITS: u32 = 4;

/// Fx hashing (rustc's), eight bytes at a time: the word maps are hashed once per
/// word of every page, and SipHash's resistance to crafted keys buys nothing for a
/// site's own text.
#[derive(Default)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let mut rest = [0u8; 8];
        let tail = chunks.remainder();
        rest[..tail.len()].copy_from_slice(tail);
        self.add(u64::from_le_bytes(rest) ^ (tail.len() as u64) << 56);
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }
}

/// Words as the splitter gives them: folded UTF-8 bytes (see `text::words`).
type WordMap<V> = HashMap<Box<[u8]>, V, BuildHasherDefault<Fx>>;

/// A page's score for a word and where in the page it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting {
    page: u32,
    score: u8,
    /// 1 + the index of the heading nearest the first occurrence; 0 for the top.
    heading: u16,
}

/// Every word's postings, gathered while pages render (one per rayon task, then
/// merged). Words get ids the first time a task sees them, so a page costs one map
/// lookup per word it holds and no allocation for words seen before.
#[derive(Debug, Default)]
pub struct Postings {
    ids: WordMap<u32>,
    words: Vec<Box<str>>,
    lists: Vec<Vec<Posting>>,
    /// Per page: where each word's hits are in `hits` (`NONE` when not yet on the page).
    slot: Vec<u32>,
    hits: Vec<(u32, Hits)>,
    /// Each word's entry as [`index_files`] last wrote it (`None`: its postings
    /// changed since), so that serve encodes again only the words a page edit touched.
    entries: Vec<Option<Entry>>,
    /// The words with postings, sorted, while no word gained or lost its last page.
    sorted: Option<Vec<u32>>,
}

const NONE: u32 = u32::MAX;

impl Postings {
    fn id(&mut self, word: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(word.into(), id);
        // Once per word and task: the splitter gives whole UTF-8 words.
        self.words
            .push(String::from_utf8_lossy(word).into_owned().into_boxed_str());
        self.lists.push(Vec::new());
        self.slot.push(NONE);
        self.entries.push(None);
        id
    }

    /// The hits of `word` on the page being indexed.
    fn hit(&mut self, word: &[u8]) -> &mut Hits {
        let id = self.id(word) as usize;
        if self.slot[id] == NONE {
            self.slot[id] = self.hits.len() as u32;
            self.hits.push((id as u32, Hits::default()));
        }
        &mut self.hits[self.slot[id] as usize].1
    }

    /// Ends the page being indexed: its hits become postings.
    fn finish_page(&mut self, page: u32, stale: bool) {
        let Postings {
            hits, slot, lists, ..
        } = self;
        for (id, hit) in hits.drain(..) {
            slot[id as usize] = NONE;
            lists[id as usize].push(Posting {
                page,
                score: hit.score(stale),
                heading: hit.link().map_or(0, |h| h as u16 + 1),
            });
        }
    }

    /// Replaces the postings of `pages` with those of `fresh`, which indexed them
    /// again (serve). Only the words whose postings changed are encoded again.
    pub fn replace_pages(&mut self, pages: &std::collections::BTreeSet<u32>, fresh: Postings) {
        let mut removed: HashMap<u32, Vec<Posting>> = HashMap::new();
        for (id, list) in self.lists.iter_mut().enumerate() {
            if list.iter().any(|p| pages.contains(&p.page)) {
                let mut gone = Vec::new();
                list.retain(|p| {
                    let keep = !pages.contains(&p.page);
                    if !keep {
                        gone.push(*p);
                    }
                    keep
                });
                removed.insert(id as u32, gone);
            }
        }
        for (word, mut list) in fresh.words.into_iter().zip(fresh.lists) {
            if list.is_empty() {
                continue;
            }
            let id = self.id(word.as_bytes());
            let gone = removed.remove(&id);
            if self.lists[id as usize].is_empty() && gone.is_none() {
                // A word no page had before: the sorted word list changes.
                self.sorted = None;
            }
            list.sort_by_key(|p| p.page);
            let same = gone.is_some_and(|mut gone| {
                gone.sort_by_key(|p| p.page);
                gone == list
            });
            if !same {
                self.entries[id as usize] = None;
            }
            self.lists[id as usize].append(&mut list);
        }
        for id in removed.into_keys() {
            self.entries[id as usize] = None;
            if self.lists[id as usize].is_empty() {
                self.sorted = None;
            }
        }
    }

    pub fn merge(mut self, other: Postings) -> Postings {
        if self.words.len() < other.words.len() {
            return other.merge(self);
        }
        for (word, mut list) in other.words.into_iter().zip(other.lists) {
            if list.is_empty() {
                continue;
            }
            let id = self.id(word.as_bytes()) as usize;
            if self.lists[id].is_empty() {
                self.sorted = None;
            }
            self.lists[id].append(&mut list);
            self.entries[id] = None;
        }
        self
    }
}

/// What one word scored on one page, before weighting.
#[derive(Debug, Default)]
struct Hits {
    title: bool,
    meta: bool,
    headings: u32,
    body: u32,
    code: u32,
    /// The heading the word is in, or nearest its first occurrence in the body.
    heading: Option<usize>,
    /// Whether `heading` is set: by a heading with the word, or a first occurrence.
    placed: Placed,
}

#[derive(Debug, Default, PartialEq, Eq)]
enum Placed {
    #[default]
    No,
    InBody,
    InHeading,
}

impl Hits {
    /// Notes where the word occurs: the first heading with the word wins, else
    /// the section of its first occurrence in the body.
    fn place(&mut self, heading: Option<usize>, in_heading: bool) {
        let better = match self.placed {
            Placed::No => true,
            Placed::InBody => in_heading,
            Placed::InHeading => false,
        };
        if better {
            self.heading = heading;
            self.placed = if in_heading {
                Placed::InHeading
            } else {
                Placed::InBody
            };
        }
    }

    /// The heading a result for this word opens: none (the top) for a word of the
    /// title, which is about the whole page.
    fn link(&self) -> Option<usize> {
        if self.title {
            None
        } else {
            self.heading
        }
    }

    fn score(&self, stale: bool) -> u8 {
        let raw = TITLE * u32::from(self.title)
            + META * u32::from(self.meta)
            + HEADING * self.headings.min(MAX_HEADING_HITS)
            + BODY * self.body.min(MAX_BODY_HITS)
            + CODE * self.code.min(MAX_CODE_HITS);
        let raw = if stale { raw * 3 / 4 } else { raw };
        raw.clamp(1, 255) as u8
    }
}

/// Adds page `id`'s words to `postings` and returns its search fragment (output
/// path, JSON). `body` is the text its body rendered to.
pub fn index_page(
    cx: &RenderContext<'_>,
    id: PageId,
    body: &BodyText,
    postings: &mut Postings,
) -> (String, Vec<u8>) {
    let page = &cx.site.pages[id];
    let product = cx.site.product_of(page).map(|p| p.name.as_str());
    // The gravest of the page's stale badges: end of life before an older version.
    let badges = super::status::badges(cx, id);
    let status = badges
        .iter()
        .find(|b| b.tone == Tone::Danger)
        .or(badges.first())
        .cloned();
    add_hits(postings, page, product, body);
    postings.finish_page(id as u32, status.is_some());
    let fragment = Fragment {
        t: &page.meta.title,
        u: cx.urls.page(id),
        k: page.kind.kind().label(),
        p: product,
        s: status.map(|b| (b.text, b.tone)),
        d: page.meta.description.as_deref(),
        h: page
            .headings
            .iter()
            .map(|h| (h.id.as_str(), h.text.as_str()))
            .collect(),
        x: body
            .excerpts()
            .into_iter()
            .map(|(heading, text)| (heading.map_or(0, |h| h + 1), text))
            .collect(),
    };
    let json = serde_json::to_vec(&fragment).unwrap_or_default();
    (fragment_path(id), json)
}

/// Where each word of the page occurs: title, meta fields, headings, body, code.
fn add_hits(postings: &mut Postings, page: &Page, product: Option<&str>, body: &BodyText) {
    let mut add = |text: &str, record: &mut dyn FnMut(&mut Hits)| {
        text::words(text, |w| record(postings.hit(w)));
    };
    add(&page.meta.title, &mut |h| h.title = true);
    let kind = Some(page.kind.kind().label());
    let meta = [page.meta.description.as_deref(), product, kind];
    let tags = page.meta.tags.iter().map(String::as_str);
    for text in meta.into_iter().flatten().chain(tags) {
        add(text, &mut |h| h.meta = true);
    }
    for (index, heading) in page.headings.iter().enumerate() {
        add(&heading.text, &mut |h| {
            h.headings += 1;
            h.place(Some(index), true);
        });
    }
    for section in &body.sections {
        add(&section.prose, &mut |h| {
            h.body += 1;
            h.place(section.heading, false);
        });
        add(&section.code, &mut |h| {
            h.code += 1;
            h.place(section.heading, false);
        });
    }
}

/// What a result shows of a page, fetched only for the results on screen.
#[derive(Serialize)]
struct Fragment<'a> {
    /// title
    t: &'a str,
    /// URL
    u: String,
    /// kind, as readers call it
    k: &'static str,
    /// product name
    p: Option<&'a str>,
    /// stale status as readers see it: (badge text, tone)
    s: Option<(String, Tone)>,
    /// description
    d: Option<&'a str>,
    /// headings: (id, text)
    h: Vec<(&'a str, &'a str)>,
    /// text by section: (1 + heading index or 0, text)
    x: Vec<(usize, String)>,
}

fn fragment_path(id: PageId) -> String {
    format!("search/p/{id}.json")
}

/// Whether page `id` is left out of search (`search: false`).
pub fn excluded(cx: &RenderContext<'_>, id: PageId) -> bool {
    cx.site.pages[id].meta.search_excluded
}

/// Whether page `id`'s words are gathered and its fragment written.
pub fn indexed(cx: &RenderContext<'_>, id: PageId) -> bool {
    !excluded(cx, id) && !switched_off()
}

/// For measuring what the index costs (`bench/build_cost.py`): with
/// `ALMANAC_BENCH_NO_SEARCH` set, a build collects no text and writes no index,
/// so the search box finds nothing. Not a site setting; read once.
pub fn switched_off() -> bool {
    static OFF: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *OFF.get_or_init(|| std::env::var_os("ALMANAC_BENCH_NO_SEARCH").is_some())
}

/// The manifest, the shards and the filters (output path, bytes).
pub fn index_files(cx: &RenderContext<'_>, postings: &mut Postings) -> Vec<(String, Vec<u8>)> {
    let pages = cx.site.pages.len();
    let Postings {
        words,
        lists,
        entries: cached,
        sorted,
        ..
    } = postings;
    cached
        .par_iter_mut()
        .zip(lists.par_iter())
        .zip(words.par_iter())
        .filter(|((entry, list), _)| entry.is_none() && !list.is_empty())
        .for_each(|((entry, list), word)| *entry = Some(Entry::new(word, list.clone(), pages)));
    let order = sorted.get_or_insert_with(|| {
        let mut order: Vec<u32> = (0..words.len() as u32)
            .filter(|&id| !lists[id as usize].is_empty())
            .collect();
        order.sort_by(|&a, &b| words[a as usize].cmp(&words[b as usize]));
        order
    });
    let entries: Vec<(&str, &Entry)> = order
        .iter()
        .filter_map(|&id| Some((&*words[id as usize], cached[id as usize].as_ref()?)))
        .collect();
    let mut shards = Vec::new();
    plan(&entries, ROOT_PREFIX, &mut shards);
    let mut files: Vec<(String, Vec<u8>)> = shards
        .iter()
        .enumerate()
        .map(|(n, shard)| (format!("search/s/{n}.json"), shard.json().into_bytes()))
        .collect();
    files.extend(filters(cx));
    files.push((
        MANIFEST.trim_start_matches('/').to_string(),
        manifest(cx, &shards).into_bytes(),
    ));
    files
}

/// One word's entry in a shard, as JSON: `[word, pages, block, page set]`.
#[derive(Debug)]
struct Entry {
    pages: usize,
    json: String,
}

impl Entry {
    fn new(word: &str, mut list: Vec<Posting>, pages: usize) -> Entry {
        list.sort_by(|a, b| b.score.cmp(&a.score).then(a.page.cmp(&b.page)));
        let mut block = Vec::with_capacity(BLOCK * 5);
        for p in list.iter().take(BLOCK) {
            encode::push_varint(&mut block, p.page);
            encode::push_varint(&mut block, u32::from(p.score));
            encode::push_varint(&mut block, u32::from(p.heading));
        }
        let mut ids: Vec<u32> = list.iter().map(|p| p.page).collect();
        ids.sort_unstable();
        ids.dedup();
        let json = serde_json::to_string(&(
            word,
            ids.len(),
            encode::base64(&block),
            encode::page_set(&ids, pages),
        ))
        .unwrap_or_default();
        Entry {
            pages: ids.len(),
            json,
        }
    }
}

/// A shard: the words of a prefix (`key`), or, for a split prefix, the words
/// equal to it and the subtree's most frequent ones.
struct Shard<'a> {
    key: String,
    split: bool,
    entries: Vec<&'a Entry>,
}

impl Shard<'_> {
    fn json(&self) -> String {
        let items: Vec<&str> = self.entries.iter().map(|e| e.json.as_str()).collect();
        format!("[{}]", items.join(","))
    }
}

/// Groups sorted `entries` into shards by their first `depth` characters,
/// splitting a group over budget by one more character.
fn plan<'a>(entries: &[(&'a str, &'a Entry)], depth: usize, out: &mut Vec<Shard<'a>>) {
    let mut start = 0;
    while start < entries.len() {
        let key = prefix(&entries[start].0, depth);
        let end = start
            + entries[start..]
                .iter()
                .position(|(w, _)| prefix(w, depth) != key)
                .unwrap_or(entries.len() - start);
        let group = &entries[start..end];
        let size: usize = group.iter().map(|(_, e)| e.json.len() + 1).sum();
        let whole = group.iter().all(|(w, _)| w.chars().count() <= depth);
        if size <= SHARD_BUDGET || group.len() == 1 || whole {
            out.push(Shard {
                key,
                split: false,
                entries: group.iter().map(|(_, e)| *e).collect(),
            });
        } else {
            out.push(split_shard(key, group, depth));
            let longer = group.partition_point(|(w, _)| w.chars().count() <= depth);
            plan(&group[longer..], depth + 1, out);
        }
        start = end;
    }
}

/// The shard of a split prefix: the words that are the prefix itself, then the
/// most frequent words under it (ties by word, for stable output).
fn split_shard<'a>(key: String, group: &[(&'a str, &'a Entry)], depth: usize) -> Shard<'a> {
    let mut entries: Vec<&Entry> = group
        .iter()
        .filter(|(w, _)| w.chars().count() <= depth)
        .map(|(_, e)| *e)
        .collect();
    let mut frequent: Vec<&(&str, &Entry)> = group
        .iter()
        .filter(|(w, _)| w.chars().count() > depth)
        .collect();
    frequent.sort_by(|a, b| b.1.pages.cmp(&a.1.pages).then(a.0.cmp(&b.0)));
    entries.extend(frequent.into_iter().take(COMPLETIONS).map(|(_, e)| e));
    Shard {
        key,
        split: true,
        entries,
    }
}

fn prefix(word: &str, chars: usize) -> String {
    word.chars().take(chars).collect()
}

/// `search/index.json`: what the worker needs before its first shard.
fn manifest(cx: &RenderContext<'_>, shards: &[Shard<'_>]) -> String {
    #[derive(Serialize)]
    struct Manifest<'a> {
        /// format version
        v: u32,
        /// pages
        n: usize,
        /// postings per word with scores
        b: usize,
        /// shard keys; shard `i` is `s/<i>.json`
        k: Vec<&'a str>,
        /// indexes of split keys
        x: Vec<usize>,
        /// products: (id, name)
        p: Vec<(&'a str, &'a str)>,
        /// kinds: (name, label)
        c: Vec<(&'static str, &'static str)>,
    }
    let site = cx.site;
    let used = |kind: crate::model::Kind| site.pages.iter().any(|p| p.kind.kind() == kind);
    let manifest = Manifest {
        v: 1,
        n: site.pages.len(),
        b: BLOCK,
        k: shards.iter().map(|s| s.key.as_str()).collect(),
        x: (0..shards.len()).filter(|&i| shards[i].split).collect(),
        p: site
            .products
            .iter()
            .filter(|p| site.pages_of_product(&p.id).next().is_some())
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .collect(),
        c: crate::model::Kind::ALL
            .into_iter()
            .filter(|&k| used(k))
            .map(|k| (k.name(), k.label()))
            .collect(),
    };
    serde_json::to_string(&manifest).unwrap_or_default()
}

/// One page set per product and per kind, for the filters.
fn filters(cx: &RenderContext<'_>) -> Vec<(String, Vec<u8>)> {
    let site = cx.site;
    let pages = site.pages.len();
    let searchable = |id: &PageId| !excluded(cx, *id);
    let mut files = Vec::new();
    for product in &site.products {
        let ids: Vec<u32> = site
            .pages_of_product(&product.id)
            .map(|(id, _)| id)
            .filter(searchable)
            .map(|id| id as u32)
            .collect();
        if !ids.is_empty() {
            let set = serde_json::to_vec(&encode::page_set(&ids, pages)).unwrap_or_default();
            files.push((format!("search/f/product-{}.json", product.id), set));
        }
    }
    for kind in crate::model::Kind::ALL {
        let ids: Vec<u32> = (0..pages)
            .filter(|id| site.pages[*id].kind.kind() == kind && searchable(id))
            .map(|id| id as u32)
            .collect();
        if !ids.is_empty() {
            let set = serde_json::to_vec(&encode::page_set(&ids, pages)).unwrap_or_default();
            files.push((format!("search/f/kind-{}.json", kind.name()), set));
        }
    }
    files
}
