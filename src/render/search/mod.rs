//! The search index: full text in shards of contiguous words, loaded by the
//! reader's browser one shard per query word (`search-worker.js`).
//!
//! While pages render, each page's words are weighted by where they occur
//! (title > heading > tags, product, kind and description > body > code) into
//! postings that also note where each word first occurs, and what a result
//! shows of the page (title, URL, status, headings and the text excerpts are cut
//! from) is kept as its [`pack::PageDoc`]. Afterwards [`index_files`] writes:
//!
//! - `search/index.json`: the shard keys, the page count, the pack size, the filters;
//! - `search/s/<n>.json`: the words of one range ([`shard`]), each with its page
//!   count, its best [`BLOCK`] postings (page, score, heading), the set of every
//!   page it is on, and for each best posting the result it shows (excerpt and
//!   heading, with the page's title, URL, kind, product and status once per
//!   shard), so that a query answered by the best postings fetches nothing else;
//! - `search/p/<n>.json`: the page docs of a few consecutive pages
//!   ([`pack::pack_pages`]), for the other results;
//! - `search/f/<filter>.json`: the pages of each product and kind.
//!
//! Stale and end-of-life pages score a quarter lower, so current pages rank first.

mod encode;
mod entry;
mod pack;
mod shard;
mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hasher;

use crate::hashing::Fx;

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

/// The hash of a word as the splitter gives it (folded UTF-8 bytes, see
/// `text::words`).
fn hash_word(word: &[u8]) -> u64 {
    let mut hasher = Fx::default();
    hasher.write_usize(word.len());
    hasher.write(word);
    hasher.finish()
}

/// A page's score for a word and where in the page it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting {
    page: u32,
    score: u8,
    /// 1 + the index of the heading nearest the first occurrence; 0 for the top.
    heading: u16,
    /// The body section of the occurrence an excerpt shows...
    section: u16,
    /// ...and its byte offset in the section's excerpt text ([`IN_CODE`]: in the
    /// section's code, found again when needed; [`NOWHERE`]: not in the excerpts).
    offset: u16,
}

const NOWHERE: u16 = u16::MAX;
const IN_CODE: u16 = u16::MAX - 1;

/// Every word's postings, gathered while pages render (one per rayon task, then
/// merged). Words get ids the first time a task sees them, so a page costs one map
/// lookup per word it holds and no allocation for words seen before.
#[derive(Debug, Default)]
pub struct Postings {
    /// Word ids by the word's hash, each found again through `words`: the table
    /// holds 4 bytes per word, not a second copy of it (a real changelog has
    /// 130,000 words, most of them commit ids, and this table is probed once per
    /// word of every page).
    ids: hashbrown::HashTable<u32>,
    words: Vec<Box<str>>,
    lists: Vec<Vec<Posting>>,
    /// The words of the page being indexed.
    page: PageWords,
    /// Each word's entry as [`index_files`] last wrote it (`None`: its postings
    /// changed since), so that serve encodes again only the words a page edit touched.
    entries: Vec<Option<entry::Entry>>,
    /// The words with postings, sorted (`None`: sort them all again)...
    sorted: Option<Vec<u32>>,
    /// ...but for these, which gained their first page or lost their last since
    /// (serve: a title edit often brings a new word, and sorting the 100,000 words
    /// of a 10,000-page site again was a fifth of the index's time).
    appeared_or_gone: BTreeSet<u32>,
    /// What results show of each indexed page.
    docs: BTreeMap<u32, pack::PageDoc>,
    /// Pages rendered since the packs were last written, and the pages per pack
    /// then (0: never written).
    dirty: BTreeSet<u32>,
    pack_pages: usize,
    /// The prefix entries [`index_files`] last wrote, while none of their words
    /// changed (so that serve encodes again only those an edit touched).
    prefixes: BTreeMap<String, entry::Entry>,
    /// What [`index_files`] last wrote of the shards.
    shards: WrittenShards,
    /// Where each page's postings are, made the first time pages are replaced
    /// (serve), so that an edit takes out its pages' postings one by one: a
    /// walk of all the site's postings, or only of its words' lists (common
    /// words are on every page), was a tenth of a title edit's time.
    on_page: Option<OnPage>,
}

/// The shards as [`index_files`] last wrote them: for the same page count and
/// tables, shard `n` with the same words and no fresh entry is the file whose
/// bytes hash to `files[n].1`.
#[derive(Debug, Default)]
struct WrittenShards {
    pages: usize,
    tables: shard::Tables,
    /// (words, content hash) of each shard.
    files: Vec<(u64, u64)>,
}

impl Postings {
    fn id(&mut self, word: &[u8]) -> u32 {
        self.id_hashed(word, hash_word(word))
    }

    /// [`Postings::id`] of a word whose [`hash_word`] is known.
    fn id_hashed(&mut self, word: &[u8], hash: u64) -> u32 {
        let Postings { ids, words, .. } = self;
        if let Some(&id) = ids.find(hash, |&id| words[id as usize].as_bytes() == word) {
            return id;
        }
        let id = words.len() as u32;
        // Once per word and task: the splitter gives whole UTF-8 words, so the
        // word kept is `word`, byte for byte.
        words.push(String::from_utf8_lossy(word).into_owned().into_boxed_str());
        ids.insert_unique(hash, id, |&id| hash_word(words[id as usize].as_bytes()));
        self.lists.push(Vec::new());
        self.entries.push(None);
        id
    }

    /// The hits of `word` on the page being indexed.
    fn hit(&mut self, word: &[u8]) -> &mut Hits {
        self.page.hit(word)
    }

    /// Ends the page being indexed: its hits become postings, each word looked
    /// up once in the site's words.
    fn finish_page(&mut self, page: u32, stale: bool) {
        let mut words = std::mem::take(&mut self.page);
        for (word, hash, hit) in words.drain() {
            let id = self.id_hashed(word, hash) as usize;
            let (section, offset) = hit.at.unwrap_or((NOWHERE, NOWHERE));
            self.lists[id].push(Posting {
                page,
                score: hit.score(stale),
                heading: hit.link().map_or(0, |h| h as u16 + 1),
                section,
                offset,
            });
        }
        words.bytes.clear();
        self.page = words;
    }

    /// Replaces the postings of `pages` with those of `fresh`, which indexed them
    /// again (serve). Only the words whose postings changed are encoded again.
    /// Returns whether anything the index files show changed (else the files
    /// written last still hold, and need not be written again).
    pub fn replace_pages(&mut self, pages: &BTreeSet<u32>, mut fresh: Postings) -> bool {
        // A page whose doc changed changes the entries that carry its results.
        let mut changed = BTreeSet::new();
        for &page in pages {
            let new = fresh.docs.remove(&page);
            let old = match new {
                Some(new) => self.docs.insert(page, new),
                None => self.docs.remove(&page),
            };
            if old.as_ref() != self.docs.get(&page) {
                changed.insert(page);
            }
        }
        self.dirty.extend(pages);
        self.prefixes
            .retain(|_, e| !e.refs.iter().any(|r| changed.contains(&r.0)));
        let mut words_changed = false;
        let mut removed: HashMap<u32, Vec<Posting>> = HashMap::new();
        let on_page = self.on_page.get_or_insert_with(|| OnPage::of(&self.lists));
        for &page in pages {
            for (id, posting) in on_page.take_out(&mut self.lists, page) {
                removed.entry(id).or_default().push(posting);
            }
        }
        for (word, mut list) in fresh.words.into_iter().zip(fresh.lists) {
            if list.is_empty() {
                continue;
            }
            let id = self.id(word.as_bytes());
            let gone = removed.remove(&id);
            if self.lists[id as usize].is_empty() && gone.is_none() {
                // A word no page had before.
                self.appeared_or_gone.insert(id);
            }
            list.sort_by_key(|p| p.page);
            // The entry shows a changed doc only where it carries its result.
            let shows_changed = self.entries[id as usize]
                .as_ref()
                .is_some_and(|e| e.refs.iter().any(|r| changed.contains(&r.0)));
            let same = gone.is_some_and(|mut gone| {
                gone.sort_by_key(|p| p.page);
                gone == list
            }) && !shows_changed;
            if !same {
                self.entries[id as usize] = None;
                words_changed = true;
            }
            let on_page = self.on_page.as_mut().expect("made above");
            for posting in list {
                on_page.put_in(&mut self.lists, id, posting);
            }
        }
        self.on_page.as_mut().expect("made above").sort();
        for id in removed.into_keys() {
            self.entries[id as usize] = None;
            words_changed = true;
            if self.lists[id as usize].is_empty() {
                self.appeared_or_gone.insert(id);
            }
        }
        words_changed || !changed.is_empty()
    }

    pub fn merge(mut self, mut other: Postings) -> Postings {
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
        self.docs.append(&mut other.docs);
        self
    }
}

/// The words with postings, in order: `sorted` brought up to date for the words
/// that appeared or went, one by one while they are few, else sorted again.
fn sorted_words<'o>(
    sorted: &'o mut Option<Vec<u32>>,
    appeared_or_gone: BTreeSet<u32>,
    words: &[Box<str>],
    lists: &[Vec<Posting>],
) -> &'o [u32] {
    const ONE_BY_ONE: usize = 64;
    if appeared_or_gone.len() > ONE_BY_ONE {
        *sorted = None;
    }
    if let Some(order) = sorted.as_mut() {
        for id in appeared_or_gone {
            let word = &words[id as usize];
            let at = order.binary_search_by(|&other| words[other as usize].cmp(word));
            match (at, lists[id as usize].is_empty()) {
                (Err(at), false) => order.insert(at, id),
                (Ok(at), true) => {
                    order.remove(at);
                }
                _ => {}
            }
        }
    }
    sorted.get_or_insert_with(|| {
        let mut order: Vec<u32> = (0..words.len() as u32)
            .filter(|&id| !lists[id as usize].is_empty())
            .collect();
        // Words are distinct: an unstable sort gives the one order.
        order.sort_unstable_by(|&a, &b| words[a as usize].cmp(&words[b as usize]));
        order
    })
}

/// Per page, the words it has postings for and where in their lists, by word id.
/// The order within a list does not matter (an entry sorts its postings), so a
/// posting is taken out by moving the list's last one into its place.
#[derive(Debug, Default)]
struct OnPage {
    slots: Vec<Vec<(u32, u32)>>,
    /// Pages given postings since the last [`OnPage::sort`].
    unsorted: BTreeSet<u32>,
}

impl OnPage {
    fn of(lists: &[Vec<Posting>]) -> OnPage {
        let mut on_page = OnPage::default();
        for (id, list) in lists.iter().enumerate() {
            for (slot, posting) in list.iter().enumerate() {
                on_page.page(posting.page).push((id as u32, slot as u32));
            }
        }
        // Made word by word, so each page's slots are in word order already.
        on_page
    }

    fn page(&mut self, page: u32) -> &mut Vec<(u32, u32)> {
        let page = page as usize;
        if self.slots.len() <= page {
            self.slots.resize_with(page + 1, Vec::new);
        }
        &mut self.slots[page]
    }

    /// Takes page `page`'s postings out of `lists`: (word id, posting) each.
    fn take_out(&mut self, lists: &mut [Vec<Posting>], page: u32) -> Vec<(u32, Posting)> {
        let mine = std::mem::take(self.page(page));
        let mut out = Vec::with_capacity(mine.len());
        for (id, slot) in mine {
            let list = &mut lists[id as usize];
            out.push((id, list.swap_remove(slot as usize)));
            // The list's last posting moved to `slot`: its page's note follows it.
            if let Some(moved) = list.get(slot as usize) {
                let theirs = self.page(moved.page);
                if let Ok(at) = theirs.binary_search_by_key(&id, |&(word, _)| word) {
                    theirs[at].1 = slot;
                }
            }
        }
        out
    }

    /// Adds `posting` (of word `id`) to `lists`; [`OnPage::sort`] must follow
    /// before the next `take_out`.
    fn put_in(&mut self, lists: &mut [Vec<Posting>], id: u32, posting: Posting) {
        let list = &mut lists[id as usize];
        self.page(posting.page).push((id, list.len() as u32));
        self.unsorted.insert(posting.page);
        list.push(posting);
    }

    fn sort(&mut self) {
        for page in std::mem::take(&mut self.unsorted) {
            self.page(page).sort_unstable_by_key(|&(word, _)| word);
        }
    }
}

/// The words of one page while it is indexed, each with its hits: a word
/// occurs on a page many times, and a small table of the page's own words is
/// found in the cache where the site's (100,000 words on a real changelog) is
/// not; each word then costs one look-up in the site's words, at the end.
#[derive(Debug, Default)]
struct PageWords {
    /// Index into `hits` by the word's [`hash_word`].
    table: hashbrown::HashTable<u32>,
    /// Each word's hash and end in `bytes` (it starts where the one before ends).
    words: Vec<(u64, u32)>,
    bytes: Vec<u8>,
    hits: Vec<Hits>,
}

impl PageWords {
    fn hit(&mut self, word: &[u8]) -> &mut Hits {
        let hash = hash_word(word);
        let PageWords {
            table,
            words,
            bytes,
            hits,
        } = self;
        let spelled = |i: u32| {
            let i = i as usize;
            let start = if i == 0 { 0 } else { words[i - 1].1 as usize };
            &bytes[start..words[i].1 as usize]
        };
        let found = table.find(hash, |&i| words[i as usize].0 == hash && spelled(i) == word);
        let i = match found {
            Some(&i) => i as usize,
            None => {
                let i = words.len();
                bytes.extend_from_slice(word);
                words.push((hash, bytes.len() as u32));
                table.insert_unique(hash, i as u32, |&j| words[j as usize].0);
                hits.push(Hits::default());
                i
            }
        };
        &mut hits[i]
    }

    /// The page's words in the order they first occur, with their hash and hits.
    /// The table is empty afterwards but for the bytes, which the caller clears
    /// (they are borrowed until then); its memory is kept for the next page.
    fn drain(&mut self) -> impl Iterator<Item = (&[u8], u64, Hits)> + '_ {
        self.table.clear();
        let bytes = &self.bytes;
        let mut start = 0;
        self.words
            .drain(..)
            .zip(self.hits.drain(..))
            .map(move |((hash, end), hit)| {
                let word = &bytes[start..end as usize];
                start = end as usize;
                (word, hash, hit)
            })
    }
}

/// What one word scored on one page, before weighting: 32 bytes, made for
/// every word of every page.
#[derive(Debug)]
struct Hits {
    title: bool,
    meta: bool,
    /// Whether `heading` is set: by a heading with the word, or a first occurrence.
    placed: Placed,
    headings: u32,
    body: u32,
    code: u32,
    /// The heading the word is in, or nearest its first occurrence in the body
    /// ([`NO_HEADING`]: before the first heading).
    heading: u32,
    /// The occurrence an excerpt shows: (section, offset in its excerpt text),
    /// and the section's heading.
    at: Option<(u16, u16)>,
    at_heading: u32,
}

/// A heading index that is none (text before the first heading). A page has
/// fewer headings than this.
const NO_HEADING: u32 = u32::MAX;

fn heading_code(heading: Option<usize>) -> u32 {
    heading.map_or(NO_HEADING, |h| h.min(NO_HEADING as usize - 1) as u32)
}

impl Default for Hits {
    fn default() -> Hits {
        Hits {
            title: false,
            meta: false,
            placed: Placed::No,
            headings: 0,
            body: 0,
            code: 0,
            heading: NO_HEADING,
            at: None,
            at_heading: NO_HEADING,
        }
    }
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
            self.heading = heading_code(heading);
            self.placed = if in_heading {
                Placed::InHeading
            } else {
                Placed::InBody
            };
        }
    }

    /// Notes an occurrence in the body: the first is kept, unless a later one is
    /// in the section of the heading the word is in.
    fn note(&mut self, section: usize, heading: Option<usize>, offset: u16) {
        let heading = heading_code(heading);
        let better = match self.at {
            None => true,
            Some(_) => {
                self.placed == Placed::InHeading
                    && self.heading == heading
                    && self.at_heading != heading
            }
        };
        if better {
            self.at = Some((section.min(usize::from(NOWHERE) - 1) as u16, offset));
            self.at_heading = heading;
        }
    }

    /// The heading a result for this word opens: none (the top) for a word of the
    /// title, which is about the whole page.
    fn link(&self) -> Option<usize> {
        if self.title || self.heading == NO_HEADING {
            None
        } else {
            Some(self.heading as usize)
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

/// Adds page `id`'s words to `postings` and keeps what its results show.
/// `body` is the text its body rendered to.
pub fn index_page(cx: &RenderContext<'_>, id: PageId, body: &BodyText, postings: &mut Postings) {
    let page = &cx.site.pages[id];
    let product = cx.site.product_of(page);
    // The gravest of the page's stale badges: end of life before an older version.
    let badges = super::status::badges(cx, id);
    let status = badges
        .iter()
        .find(|b| b.tone == Tone::Danger)
        .or(badges.first())
        .cloned();
    add_hits(postings, page, product.map(|p| p.name.as_str()), body);
    postings.finish_page(id as u32, status.is_some());
    let url = cx.urls.page(id);
    let doc = pack::PageDoc::new(pack::Shown {
        title: &page.meta.title,
        url: &url,
        kind: page.kind.kind(),
        product: product.and_then(|p| cx.site.product_index(&p.id)),
        status: status.map(|b| (b.text, b.tone)),
        description: page.meta.description.clone(),
        headings: page
            .headings
            .iter()
            .map(|h| (h.id.as_str(), h.text.as_str()))
            .collect(),
        sections: body.excerpts(),
    });
    postings.docs.insert(id as u32, doc);
}

/// Where each word of the page occurs: title, meta fields, headings, body, code.
fn add_hits(postings: &mut Postings, page: &Page, product: Option<&str>, body: &BodyText) {
    // `dyn`, not generic: one copy of the splitter for all six kinds of text
    // (generic, the copies stopped the splitter's own helpers being inlined:
    // 10 % more instructions for the index).
    let mut add = |text: &str, record: &mut dyn FnMut(&mut Hits, usize)| {
        text::words(text, |w, at| record(postings.hit(w), at));
    };
    add(&page.meta.title, &mut |h, _| h.title = true);
    let kind = Some(page.kind.kind().label());
    let meta = [page.meta.description.as_deref(), product, kind];
    let tags = page.meta.tags.iter().map(String::as_str);
    for text in meta.into_iter().flatten().chain(tags) {
        add(text, &mut |h, _| h.meta = true);
    }
    for (index, heading) in page.headings.iter().enumerate() {
        add(&heading.text, &mut |h, _| {
            h.headings += 1;
            h.place(Some(index), true);
        });
    }
    for (n, section) in body.sections.iter().enumerate() {
        let (shift, kept) = text::prose_span(&section.prose);
        add(&section.prose, &mut |h, at| {
            h.body += 1;
            h.place(section.heading, false);
            // Only an occurrence the excerpt text keeps can be shown.
            if let Some(at) = at.checked_sub(shift).filter(|&at| at < kept) {
                h.note(n, section.heading, at.min(usize::from(IN_CODE) - 1) as u16);
            }
        });
        add(&section.code, &mut |h, _| {
            h.code += 1;
            h.place(section.heading, false);
            h.note(n, section.heading, IN_CODE);
        });
    }
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

/// The files of the index to write, and the folders of the index they fill:
/// any other file in those is no longer part of the index.
#[derive(Debug, Default)]
pub struct IndexFiles {
    /// How many files were written.
    pub written: usize,
    /// The index's folders that were written whole (serve deletes what else they hold).
    pub complete: Vec<&'static str>,
    /// Files that could not be written.
    pub errors: Vec<crate::diagnostics::Diagnostic>,
}

/// Writes into `sink` the manifest, the shards, the packs of the pages rendered
/// since the last call (all of them when their size changed) and the filters.
/// Each file is written as soon as it is encoded: at 100,000 pages the packs
/// alone are hundreds of megabytes, which need not all wait in memory.
pub fn index_files(
    cx: &RenderContext<'_>,
    postings: &mut Postings,
    sink: &dyn super::Sink,
) -> IndexFiles {
    let pages = cx.site.pages.len();
    let mut stages = crate::timing::Stages::start();
    let Postings {
        words,
        lists,
        entries: cached,
        sorted,
        appeared_or_gone,
        docs,
        dirty,
        pack_pages,
        prefixes: known_prefixes,
        shards: written_shards,
        ..
    } = postings;
    // A prefix entry is kept while no word it covers changed.
    for (entry, word) in cached.iter().zip(words.iter()) {
        if entry.is_none() && !known_prefixes.is_empty() {
            for (i, c) in word.char_indices().skip(1) {
                known_prefixes.remove(&word[..i + c.len_utf8()]);
            }
        }
    }
    let mut by_page: Vec<Option<&pack::PageDoc>> = vec![None; pages];
    for (&id, doc) in docs.iter() {
        if let Some(slot) = by_page.get_mut(id as usize) {
            *slot = Some(doc);
        }
    }
    let by_page = &by_page[..];
    cached
        .par_iter_mut()
        .zip(lists.par_iter())
        .zip(words.par_iter())
        .filter(|((entry, list), _)| entry.is_none() && !list.is_empty())
        .for_each(|((entry, list), word)| {
            *entry = Some(entry::Entry::word(word, list, pages, by_page));
        });
    stages.mark("    word entries");
    let order = sorted_words(sorted, std::mem::take(appeared_or_gone), words, lists);
    let entries: Vec<(&str, &entry::Entry)> = order
        .iter()
        .filter_map(|&id| Some((&*words[id as usize], cached[id as usize].as_ref()?)))
        .collect();
    // The shards are planned from no prefix entries, as a full build plans them;
    // the entries kept from the last call are reused, not planned.
    let mut prefixes = BTreeMap::new();
    let known = &*known_prefixes;
    let shards = shard::plan(&entries, &mut prefixes, |prefix, range| {
        if let Some(entry) = known.get(prefix) {
            return entry.clone();
        }
        let sources: Vec<(&str, &[Posting])> = order[range]
            .iter()
            .map(|&id| (&*words[id as usize], lists[id as usize].as_slice()))
            .collect();
        entry::Entry::prefix(prefix, &sources, pages, by_page)
    });
    stages.mark("    shard plan");
    let tables = tables(cx);
    let failed = |path: &str, bytes: &[u8]| super::write(sink, path, bytes).err();
    // Serve writes the index again on each edit; a shard it can tell is the
    // file already served is kept, not encoded again.
    let last = std::mem::take(written_shards);
    let comparable = last.pages == pages && last.tables == tables;
    let (files, errors): (Vec<(u64, u64)>, Vec<Option<crate::diagnostics::Diagnostic>>) = shards
        .par_iter()
        .enumerate()
        .map(|(n, shard)| {
            let path = format!("search/s/{n}.json");
            if let Some(&(words, hash)) = last.files.get(n) {
                let same = comparable && words == shard.words && !shard.fresh();
                if same && sink.keep(&path, hash) {
                    return ((words, hash), None);
                }
            }
            let json = shard.json(by_page, &tables);
            let hash = crate::output::content_hash(json.as_bytes());
            ((shard.words, hash), failed(&path, json.as_bytes()))
        })
        .unzip();
    let mut errors: Vec<crate::diagnostics::Diagnostic> = errors.into_iter().flatten().collect();
    let mut written = shards.len();
    stages.mark("    shards");
    let mut complete = vec!["search/s/", "search/f/"];
    let per = pack::pack_pages(docs.values());
    let packs: Vec<usize> = if per == *pack_pages {
        let mut packs: Vec<usize> = dirty.iter().map(|&p| p as usize / per).collect();
        packs.dedup();
        packs
    } else {
        complete.push("search/p/");
        (0..pages.div_ceil(per)).collect()
    };
    let products: Vec<&str> = cx.site.products.iter().map(|p| p.name.as_str()).collect();
    written += packs.len();
    errors.par_extend(packs.into_par_iter().filter_map(|n| {
        let members = &by_page[n * per..((n + 1) * per).min(pages)];
        failed(&pack::pack_path(n), &pack::pack_json(members, &products))
    }));
    stages.mark("    packs");
    dirty.clear();
    *pack_pages = per;
    let mut last = filters(cx);
    last.push((
        MANIFEST.trim_start_matches('/').to_string(),
        manifest(cx, &shards, per).into_bytes(),
    ));
    written += last.len();
    errors.extend(last.iter().filter_map(|(path, bytes)| failed(path, bytes)));
    drop(shards);
    *written_shards = WrittenShards {
        pages,
        tables,
        files,
    };
    // Every entry kept is now in the files written.
    cached
        .par_iter_mut()
        .flatten()
        .for_each(|entry| entry.fresh = false);
    for entry in prefixes.values_mut() {
        entry.fresh = false;
    }
    *known_prefixes = prefixes;
    IndexFiles {
        written,
        complete,
        errors,
    }
}

/// The kinds of page the site has and the products with pages, in the
/// manifest's order.
fn listed(cx: &RenderContext<'_>) -> (Vec<crate::model::Kind>, Vec<usize>) {
    let site = cx.site;
    let used = |kind: crate::model::Kind| site.pages.iter().any(|p| p.kind.kind() == kind);
    let kinds = crate::model::Kind::ALL
        .into_iter()
        .filter(|&k| used(k))
        .collect();
    let products = (0..site.products.len())
        .filter(|&i| site.pages_of_product(&site.products[i].id).next().is_some())
        .collect();
    (kinds, products)
}

fn tables(cx: &RenderContext<'_>) -> shard::Tables {
    let (kinds, products) = listed(cx);
    let mut by_product = vec![None; cx.site.products.len()];
    for (n, &p) in products.iter().enumerate() {
        by_product[p] = Some(n);
    }
    shard::Tables {
        kinds: kinds.into_iter().enumerate().map(|(n, k)| (k, n)).collect(),
        products: by_product,
    }
}

/// `search/index.json`: what the worker needs before its first shard.
fn manifest(cx: &RenderContext<'_>, shards: &[shard::Shard<'_>], per: usize) -> String {
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
        /// pages per pack; page `i` is in `p/<i / g>.json`
        g: usize,
        /// products: (id, name)
        p: Vec<(&'a str, &'a str)>,
        /// kinds: (name, label)
        c: Vec<(&'static str, &'static str)>,
    }
    let site = cx.site;
    let (kinds, products) = listed(cx);
    let manifest = Manifest {
        v: 2,
        n: site.pages.len(),
        b: BLOCK,
        k: shards.iter().map(|s| s.key.as_str()).collect(),
        g: per,
        p: products
            .into_iter()
            .map(|i| (site.products[i].id.as_str(), site.products[i].name.as_str()))
            .collect(),
        c: kinds.into_iter().map(|k| (k.name(), k.label())).collect(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The postings of `pages` (page, body text), as the render gathers them.
    fn index(pages: &[(u32, &str)]) -> Postings {
        let mut postings = Postings::default();
        for &(page, text) in pages {
            text::words(text, |word, _| postings.hit(word).body += 1);
            postings.finish_page(page, false);
        }
        postings
    }

    /// Every (word, page, score), whatever the order within the lists.
    fn postings_of(postings: &Postings) -> BTreeSet<(String, u32, u8)> {
        let words = postings.words.iter().zip(&postings.lists);
        words
            .flat_map(|(word, list)| list.iter().map(|p| (word.to_string(), p.page, p.score)))
            .collect()
    }

    #[test]
    fn a_page_counts_each_word_once_per_occurrence_and_the_next_page_starts_afresh() {
        // Words that share a prefix, a hash-table growth's worth of distinct
        // words, and repeats far apart.
        let many: String = (0..200).map(|n| format!("w{n} ")).collect();
        let first = format!("proxy proxies {many} proxy prox proxy");
        let postings = index(&[(0, &first), (1, "prox proxy"), (2, "")]);
        let body_hits = |word: &str| -> Vec<(u32, u8)> {
            let id = postings.words.iter().position(|w| &**w == word);
            id.map_or(Vec::new(), |id| {
                postings.lists[id]
                    .iter()
                    .map(|p| (p.page, p.score))
                    .collect()
            })
        };
        let score = |hits: u32| {
            Hits {
                body: hits,
                ..Hits::default()
            }
            .score(false)
        };
        assert_eq!(body_hits("proxy"), [(0, score(3)), (1, score(1))]);
        assert_eq!(body_hits("prox"), [(0, score(1)), (1, score(1))]);
        assert_eq!(body_hits("proxies"), [(0, score(1))]);
        assert_eq!(body_hits("w199"), [(0, score(1))]);
        // Site word ids follow first occurrence, page by page.
        assert_eq!(&*postings.words[0], "proxy");
        assert_eq!(&*postings.words[1], "proxies");
        assert_eq!(&*postings.words[2], "w0");
        assert_eq!(postings.words.len(), 203);
    }

    #[test]
    fn replacing_pages_again_and_again_gives_the_postings_of_a_fresh_index() {
        let mut site: Vec<(u32, String)> = (0..6)
            .map(|page| (page, format!("common words proxy{page} setup setup")))
            .collect();
        let all: Vec<(u32, &str)> = site.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let mut kept = index(&all);
        // The same page twice running, two pages at once, a page that loses
        // every word, and one that gains words no page had.
        let edits: &[&[(u32, &str)]] = &[
            &[(2, "common words renamed")],
            &[(2, "common setup setup setup again")],
            &[(0, "words"), (5, "common fresh unseen vocabulary")],
            &[(3, "")],
            &[(3, "common words proxy3 back"), (2, "common")],
        ];
        for edit in edits {
            for &(page, text) in *edit {
                site[page as usize].1 = text.to_string();
            }
            let pages: BTreeSet<u32> = edit.iter().map(|&(page, _)| page).collect();
            kept.replace_pages(&pages, index(edit));
            let all: Vec<(u32, &str)> = site.iter().map(|(p, t)| (*p, t.as_str())).collect();
            assert_eq!(
                postings_of(&kept),
                postings_of(&index(&all)),
                "after {edit:?}"
            );
        }
    }

    #[test]
    fn the_sorted_words_follow_words_that_appear_and_go_as_a_fresh_sort_does() {
        let words: Vec<Box<str>> = ["pear", "apple", "fig", "kiwi", "date"]
            .into_iter()
            .map(Box::from)
            .collect();
        let posting = Posting {
            page: 0,
            score: 1,
            heading: 0,
            section: 0,
            offset: 0,
        };
        let has = |on: &[bool]| -> Vec<Vec<Posting>> {
            on.iter()
                .map(|&on| if on { vec![posting] } else { Vec::new() })
                .collect()
        };
        // apple, fig, pear have pages; then pear goes, kiwi and date appear.
        let before = has(&[true, true, true, false, false]);
        let mut sorted = None;
        assert_eq!(
            sorted_words(&mut sorted, BTreeSet::new(), &words, &before),
            [1, 2, 0]
        );
        let after = has(&[false, true, true, true, true]);
        let changed = BTreeSet::from([0, 3, 4]);
        let updated = sorted_words(&mut sorted, changed, &words, &after).to_vec();
        assert_eq!(
            updated,
            sorted_words(&mut None, BTreeSet::new(), &words, &after)
        );
        assert_eq!(updated, [1, 4, 2, 3]);
    }
}
