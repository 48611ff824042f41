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
    for &(score, _, p) in best {
        encode::push_varint(&mut block, p.page);
        encode::push_varint(&mut block, score);
        encode::push_varint(&mut block, u32::from(p.heading));
    }
    let carried = if carries(key, ids.len()) { RESULTS } else { 0 };
    let carried = &best[..carried.min(best.len())];
    let mut refs = Vec::with_capacity(carried.len());
    let mut json = entry_start(key, &block, (ids, pages), carried.len());
    // Each result's excerpt is written into the entry as it is cut: the
    // excerpts are most of a shard, and a real changelog has 100,000 words.
    json.push('[');
    for (n, &(_, word, p)) in carried.iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        let doc = docs.get(p.page as usize).copied().flatten();
        json.push('[');
        let link = match doc {
            Some(doc) => push_result(&mut json, doc, word, p),
            None => {
                encode::push_json_str(&mut json, "");
                0
            }
        };
        json.push(',');
        push_number(&mut json, link);
        json.push(']');
        refs.push((p.page, link));
    }
    json.push(']');
    if prefix {
        json.push_str(",1");
    }
    json.push(']');
    Entry {
        json,
        refs,
        fresh: true,
    }
}

/// `[key, pages, block, page set, ` of an entry (its results and end follow):
/// by hand, as the packs are, the block's base64 and the page set written in
/// place (neither needs escaping).
fn entry_start(key: &str, block: &[u8], (ids, pages): (&[u32], usize), results: usize) -> String {
    let mut json = String::with_capacity(
        key.len() + block.len() * 2 + ids.len() * 2 + results * (text::WINDOW + 16) + 32,
    );
    json.push('[');
    encode::push_json_str(&mut json, key);
    json.push(',');
    push_number(&mut json, ids.len());
    json.push_str(",\"");
    encode::push_base64(&mut json, block);
    json.push_str("\",\"");
    encode::push_page_set(&mut json, ids, pages);
    json.push_str("\",");
    json
}

fn push_number(json: &mut String, n: impl std::fmt::Display) {
    use std::fmt::Write;
    let _ = write!(json, "{n}");
}

/// Writes, as a JSON string, the excerpt a result for `word` shows of `doc`,
/// and gives the heading it links to, as `excerpt()` in `search-worker.js`
/// finds them in a pack: around the first occurrence (in the section the
/// posting links to when the word is there), else the description or the start
/// of the text; a word of the title links to the top, any other to the
/// excerpt's section (or the posting's heading).
fn push_result(json: &mut String, doc: &PageDoc, word: &str, p: &Posting) -> u16 {
    let section = doc.sections.get(usize::from(p.section));
    let found = match (section, p.offset) {
        (None, _) | (_, NOWHERE) => None,
        (Some((heading, text)), IN_CODE) => {
            text::first_at(text, word).map(|at| (heading, text, at))
        }
        (Some((heading, text)), at) => Some((heading, text, usize::from(at))),
    };
    let cut = match found {
        Some((heading, text, at)) => {
            push_window(json, text, at);
            heading.map_or(0, |h| h as u16 + 1)
        }
        None => {
            match (
                &doc.description,
                doc.sections.iter().find(|(_, t)| !t.is_empty()),
            ) {
                (Some(description), _) => encode::push_json_str(json, description),
                (None, Some((_, lead))) => push_window(json, lead, 0),
                (None, None) => encode::push_json_str(json, ""),
            }
            0
        }
    };
    match (p.heading, cut) {
        (0, _) => 0,
        (heading, 0) => heading,
        (_, cut) => cut,
    }
}

/// [`text::window`] of `text` at `at`, as a JSON string.
fn push_window(json: &mut String, text: &str, at: usize) {
    let (before, shown, after) = text::window_parts(text, at);
    let ellipsis = |cut: bool| if cut { "\u{2026}" } else { "" };
    encode::push_json_parts(json, &[ellipsis(before), shown, ellipsis(after)]);
}

#[cfg(test)]
mod tests {
    use super::super::encode;
    use super::super::pack::Shown;
    use super::*;
    use crate::model::Kind;

    fn doc(description: Option<&str>, sections: &[(Option<usize>, &str)]) -> PageDoc {
        PageDoc::new(Shown {
            title: "T",
            url: "/t/",
            kind: Kind::Guide,
            product: None,
            status: None,
            description: description.map(str::to_string),
            headings: vec![("a", "A"), ("b", "B")],
            sections: sections.iter().map(|(h, t)| (*h, t.to_string())).collect(),
        })
    }

    fn posting(page: u32, score: u8, heading: u16, section: u16, offset: u16) -> Posting {
        Posting {
            page,
            score,
            heading,
            section,
            offset,
        }
    }

    #[test]
    fn a_word_entry_is_the_json_serde_would_write_with_each_kind_of_excerpt() {
        let long = format!(
            "{} a \"quoted\" proxy\there {}",
            "word ".repeat(30),
            "tail ".repeat(40)
        );
        let at = long.find("proxy").unwrap() as u16;
        let docs = [
            doc(None, &[(None, &long)]),
            doc(
                None,
                &[(None, "intro"), (Some(1), "use it: export PROXY=x")],
            ),
            doc(Some("The description"), &[(None, "no such word")]),
            doc(None, &[(None, ""), (Some(0), "the lead text")]),
        ];
        let by_page: Vec<Option<&PageDoc>> = docs.iter().map(Some).collect();
        let list = [
            posting(0, 40, 0, 0, at),
            posting(1, 30, 2, 1, IN_CODE),
            posting(2, 20, 1, 0, NOWHERE),
            posting(3, 10, 0, 9, NOWHERE),
        ];
        let entry = Entry::word("proxy", &list, 4, &by_page);
        let mut block = Vec::new();
        for p in &list {
            for n in [p.page, u32::from(p.score), u32::from(p.heading)] {
                encode::push_varint(&mut block, n);
            }
        }
        let results = [
            (text::window(&long, usize::from(at)), 0u16),
            (text::window("use it: export PROXY=x", 15), 2),
            ("The description".to_string(), 1),
            (text::window("the lead text", 0), 0),
        ];
        let theirs = serde_json::to_string(&(
            "proxy",
            4,
            encode::base64(&block),
            encode::page_set(&[0, 1, 2, 3], 4),
            &results,
        ))
        .unwrap();
        assert_eq!(entry.json, theirs);
        assert_eq!(entry.refs, [(0, 0), (1, 2), (2, 1), (3, 0)]);
    }

    #[test]
    fn a_prefix_entry_ends_with_its_mark_and_a_page_left_out_shows_nothing() {
        let list = [posting(0, 5, 0, 0, NOWHERE)];
        let entry = Entry::prefix("pro", &[("proxy", &list)], 1, &[None]);
        let block = [0u8, 15, 0];
        let theirs = serde_json::to_string(&(
            "pro",
            1,
            encode::base64(&block),
            encode::page_set(&[0], 1),
            [("", 0)],
            1,
        ))
        .unwrap();
        assert_eq!(entry.json, theirs);
    }
}
