//! A word's entry in its shard, and a prefix's: `[word, pages, block, page set,
//! results]`, and for a prefix `[prefix, pages, block, page set, results, 1]`.
//!
//! - `pages`: how many pages have the word (or a word with the prefix);
//! - `block`: the best [`BLOCK`] postings, (page, score, heading) as base64 varints;
//! - `page set`: every page with it ([`encode::page_set`]);
//! - `results`: for each of the first [`RESULTS`] postings of the block,
//!   `[excerpt, heading]`: the excerpt around the word's first occurrence and the
//!   heading the result links to (1 + its index, 0 for the top), so that a query
//!   these postings answer needs no other file (none for a rare word with a digit).
//!
//! A prefix entry merges every word that begins with the prefix (an exact word at
//! full score, a longer one at 3/4), scores times four; it exists where the
//! prefix's words do not fit in one shard, so that a short query word still costs
//! one file.

use super::encode;
use super::pack::PageDoc;
use super::text;
use super::{Posting, BLOCK, IN_CODE, NOWHERE};

/// The page docs by page id (`None`: left out of search).
pub(super) type Docs<'a> = [Option<&'a PageDoc>];

/// One entry, encoded.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub json: String,
    /// (page, heading linked) of each result the entry carries: the shard lists
    /// these pages' titles, URLs and headings once.
    pub refs: Vec<(u32, u16)>,
    /// Encoded since the index files were last written: a shard with no fresh
    /// entry (and the same words) is the file written then.
    pub fresh: bool,
}

impl Entry {
    /// The entry of `word`, from all its postings (one per page).
    pub(super) fn word(word: &str, list: &[Posting], pages: usize, docs: &Docs<'_>) -> Entry {
        let order = |a: &&Posting, b: &&Posting| b.score.cmp(&a.score).then(a.page.cmp(&b.page));
        let best: Vec<(u32, &str, &Posting)> = best_block(list.iter().collect(), order)
            .into_iter()
            .map(|p| (u32::from(p.score), word, p))
            .collect();
        let mut ids: Vec<u32> = list.iter().map(|p| p.page).collect();
        ids.sort_unstable();
        ids.dedup();
        encoded(word, &best, &ids, pages, docs, false)
    }

    /// The entry of `prefix`, from the postings of every word that begins with it.
    pub(super) fn prefix(
        prefix: &str,
        words: &[(&str, &[Posting])],
        pages: usize,
        docs: &Docs<'_>,
    ) -> Entry {
        // Each page's best posting among the words, weighted, in arrays by page
        // (a common prefix has millions of postings: no sort of them all).
        let mut score = vec![0u32; pages];
        let mut source = vec![(0u32, 0u32); pages];
        for (w, (word, list)) in words.iter().enumerate() {
            let weight = if *word == prefix { 4 } else { 3 };
            for (i, p) in list.iter().enumerate() {
                let weighted = u32::from(p.score) * weight;
                let slot = &mut score[p.page as usize];
                // Scores are at least 1: 0 is no posting; an earlier word wins ties.
                if weighted > *slot {
                    *slot = weighted;
                    source[p.page as usize] = (w as u32, i as u32);
                }
            }
        }
        let ids: Vec<u32> = (0..pages as u32)
            .filter(|&page| score[page as usize] > 0)
            .collect();
        let order = |a: &u32, b: &u32| score[*b as usize].cmp(&score[*a as usize]).then(a.cmp(b));
        let best: Vec<(u32, &str, &Posting)> = best_block(ids.clone(), order)
            .iter()
            .map(|&page| {
                let (w, i) = source[page as usize];
                let (word, list) = words[w as usize];
                (score[page as usize], word, &list[i as usize])
            })
            .collect();
        encoded(prefix, &best, &ids, pages, docs, true)
    }
}

/// The first [`BLOCK`] of `items` in `order`, in order. `order` must be total (each
/// page once), so that selecting, not sorting, the rest changes nothing: a common
/// word is on most pages.
fn best_block<T>(mut items: Vec<T>, order: impl Fn(&T, &T) -> std::cmp::Ordering + Copy) -> Vec<T> {
    if items.len() > BLOCK {
        items.select_nth_unstable_by(BLOCK - 1, order);
        items.truncate(BLOCK);
    }
    items.sort_unstable_by(order);
    items
}

/// How many of an entry's best postings carry their results: more than a
/// screen of results (10), so that most queries of two words find theirs too.
/// (64, all of them, answered every query of `bench/search_bench.py` from the
/// shards but doubled the index of a real changelog-heavy site; see the README.)
const RESULTS: usize = 16;
/// A word with a digit on fewer pages than this carries no results: version
/// numbers, issue numbers and commit hashes are most of the words of a real
/// changelog and seldom searched; their results come from the packs.
const DIGIT_PAGES: usize = 8;

fn carries(word: &str, pages: usize) -> bool {
    pages >= DIGIT_PAGES || !word.bytes().any(|b| b.is_ascii_digit())
}

fn encoded(
    key: &str,
    best: &[(u32, &str, &Posting)],
    ids: &[u32],
    pages: usize,
    docs: &Docs<'_>,
    prefix: bool,
) -> Entry {
    let mut block = Vec::with_capacity(best.len() * 5);
    let mut results = Vec::with_capacity(best.len());
    let mut refs = Vec::with_capacity(best.len());
    let carried = if carries(key, ids.len()) { RESULTS } else { 0 };
    for (n, &(score, word, p)) in best.iter().enumerate() {
        encode::push_varint(&mut block, p.page);
        encode::push_varint(&mut block, score);
        encode::push_varint(&mut block, u32::from(p.heading));
        if n >= carried {
            continue;
        }
        let doc = docs.get(p.page as usize).copied().flatten();
        let (excerpt, link) = doc.map_or((String::new(), 0), |doc| result(doc, word, p));
        results.push((excerpt, link));
        refs.push((p.page, link));
    }
    let json = entry_json(key, &block, (ids, pages), &results, prefix);
    Entry {
        json,
        refs,
        fresh: true,
    }
}

/// `[key, pages, block, page set, [[excerpt, heading]…]]`, with `,1` at the end
/// for a prefix: by hand, as the packs are (the excerpts are most of a shard),
/// the block's base64 and the page set written in place (neither needs escaping).
fn entry_json(
    key: &str,
    block: &[u8],
    (ids, pages): (&[u32], usize),
    results: &[(String, u16)],
    prefix: bool,
) -> String {
    let excerpts: usize = results.iter().map(|(e, _)| e.len() + 12).sum();
    let mut json =
        String::with_capacity(key.len() + block.len() * 2 + ids.len() * 2 + excerpts + 32);
    json.push('[');
    encode::push_json_str(&mut json, key);
    json.push(',');
    json.push_str(&ids.len().to_string());
    json.push_str(",\"");
    encode::push_base64(&mut json, block);
    json.push_str("\",\"");
    encode::push_page_set(&mut json, ids, pages);
    json.push_str("\",");
    encode::push_array(&mut json, results, |json, (excerpt, heading)| {
        json.push('[');
        encode::push_json_str(json, excerpt);
        json.push_str(&format!(",{heading}]"));
    });
    if prefix {
        json.push_str(",1");
    }
    json.push(']');
    json
}

/// The excerpt a result for `word` shows of `doc` and the heading it links to,
/// as `excerpt()` in `search-worker.js` finds them in a pack: around the first
/// occurrence (in the section the posting links to when the word is there),
/// else the description or the start of the text; a word of the title links
/// to the top, any other to the excerpt's section (or the posting's heading).
fn result(doc: &PageDoc, word: &str, p: &Posting) -> (String, u16) {
    let section = doc.sections.get(usize::from(p.section));
    let found = match (section, p.offset) {
        (None, _) | (_, NOWHERE) => None,
        (Some((heading, text)), IN_CODE) => {
            text::first_at(text, word).map(|at| (heading, text, at))
        }
        (Some((heading, text)), at) => Some((heading, text, usize::from(at))),
    };
    let (excerpt, cut) = match found {
        Some((heading, text, at)) => (text::window(text, at), heading.map_or(0, |h| h as u16 + 1)),
        None => {
            let lead = doc.sections.iter().find(|(_, t)| !t.is_empty());
            let text = doc
                .description
                .clone()
                .or_else(|| lead.map(|(_, t)| text::window(t, 0)))
                .unwrap_or_default();
            (text, 0)
        }
    };
    let link = match (p.heading, cut) {
        (0, _) => 0,
        (heading, 0) => heading,
        (_, cut) => cut,
    };
    (excerpt, link)
}

#[cfg(test)]
mod tests {
    use super::super::encode;
    use super::*;

    #[test]
    fn an_entry_is_the_json_serde_would_write() {
        let results = vec![
            ("…a \"quoted\" word…".to_string(), 0u16),
            ("tab\there".to_string(), 12),
        ];
        let (block, ids, pages) = ([0u8, 1, 200, 3], [0u32, 5, 9], 12);
        let (b64, set) = (encode::base64(&block), encode::page_set(&ids, pages));
        for (prefix, results) in [
            (false, &results[..]),
            (true, &results[..1]),
            (false, &[][..]),
        ] {
            let ours = entry_json("naïve", &block, (&ids, pages), results, prefix);
            let theirs = if prefix {
                serde_json::to_string(&("naïve", 3, &b64, &set, results, 1))
            } else {
                serde_json::to_string(&("naïve", 3, &b64, &set, results))
            };
            assert_eq!(ours, theirs.unwrap());
        }
    }
}
