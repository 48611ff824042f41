//! "Did you mean …?": the closest known name to a mistyped one, at a cost that grows
//! with the mistakes, not with mistakes × names.
//!
//! The rule every suggestion follows (front-matter keys, products, pages, files,
//! headings, wikilink names): names are compared case-insensitively by Levenshtein
//! distance over characters; a known name `k` of `n` characters qualifies when the
//! distance is at most `max(n, 3) / 3 + 1` ([`max_distance`]) and less than `n`; the
//! closest qualifying name wins, ties going to the name that sorts first.
//!
//! Two ways to apply it, both exact:
//! - [`distance_within`]: Levenshtein distance that stops at a limit. It trims the common
//!   prefix and suffix, computes only the diagonal band the limit allows, and gives up as
//!   soon as a whole row exceeds it. [`crate::diagnostics::did_you_mean`] uses it over short
//!   lists, lowering the limit to the best distance found so far.
//! - [`Suggestions`]: a compressed trie over a large set of names (a site's URLs, files,
//!   wikilink names), built once. A query walks the trie computing one band of the
//!   distance table per character, and leaves a branch as soon as no name below it can
//!   still qualify: the table's best cell plus the difference between what is left of the
//!   query and of the shortest or longest name below is already too far. It searches with
//!   limits 0, 1, 2, 4, 8… until something qualifies, so a near miss (the usual broken
//!   link) only visits the names a few edits away; answers are remembered per query.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// The largest edit distance at which a name of `chars` characters is suggested.
pub fn max_distance(chars: usize) -> usize {
    chars.max(3) / 3 + 1
}

/// The distance a name of `chars` characters may be from the query and still be
/// suggested: [`max_distance`], and less than the name's length. `None` for "".
fn allowed(chars: usize) -> Option<usize> {
    Some(max_distance(chars).min(chars.checked_sub(1)?))
}

/// Levenshtein distance between `a` and `b` (over characters) when it is at most
/// `limit`; `None` when it is larger. Costs O(`limit` × length), often much less.
pub fn distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    if a.is_empty() || b.is_empty() {
        return Some(a.len().max(b.len()));
    }
    let inf = limit + 1;
    // Row i holds the distances from a[..i] to b[..j]; only |i - j| <= limit can be
    // within the limit, so each row computes that band and marks its two edges `inf`.
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(inf)).collect();
    let mut cur = vec![inf; b.len() + 1];
    for i in 1..=a.len() {
        let lo = i.saturating_sub(limit);
        let hi = (i + limit).min(b.len());
        let mut row_min = inf;
        if lo == 0 {
            cur[0] = i;
            row_min = i;
        } else {
            cur[lo - 1] = inf;
        }
        for j in lo.max(1)..=hi {
            let substitute = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let value = substitute.min(prev[j] + 1).min(cur[j - 1] + 1).min(inf);
            cur[j] = value;
            row_min = row_min.min(value);
        }
        if hi < b.len() {
            cur[hi + 1] = inf;
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= limit)
}

/// The name in `known` closest to `unknown` under the rule in the module docs, comparing
/// every name with a limit that falls to the best distance found so far.
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let unknown: Vec<char> = unknown.to_lowercase().chars().collect();
    let mut best: Option<(usize, &'a str)> = None;
    for name in known {
        let Some(allowed) = allowed(name.chars().count()) else {
            continue;
        };
        let limit = best.map_or(allowed, |(distance, _)| distance.min(allowed));
        let key: Vec<char> = name.to_lowercase().chars().collect();
        if let Some(distance) = distance_within(&unknown, &key, limit) {
            if best.is_none_or(|b| (distance, name) < b) {
                best = Some((distance, name));
            }
        }
    }
    best.map(|(_, name)| name)
}

/// A set of known names indexed for [`Suggestions::best`]. Build it once per set of
/// names (e.g. per build) and ask it for every mistake.
///
/// The index is a compressed trie of the lowercased names: each node holds the run of
/// characters its names share after its parent's (a site's names share long prefixes
/// such as `/guides/` and then part ways), so it takes a few nodes per name.
#[derive(Debug, Clone, Default)]
pub struct Suggestions {
    /// Node 0 is the root; a node's children come after it.
    nodes: Vec<Node>,
    /// The characters of every node's label, one label after another.
    labels: Vec<char>,
    /// The original names with their allowed distance, in the order of their
    /// lowercase forms; a node's names (those ending at it) are one run of them.
    names: Vec<(String, usize)>,
    answers: Answers,
}

/// Queries already answered → the index of the name suggested, if any.
#[derive(Default)]
struct Answers(Mutex<HashMap<String, Option<usize>>>);

impl Answers {
    fn get(&self, query: &str) -> Option<Option<usize>> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(query)
            .copied()
    }

    fn insert(&self, query: &str, found: Option<usize>) {
        let mut answers = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        answers.insert(query.to_string(), found);
    }
}

impl Clone for Answers {
    fn clone(&self) -> Answers {
        Answers(Mutex::new(
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
        ))
    }
}

impl std::fmt::Debug for Answers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let answers = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        write!(f, "Answers({} remembered)", answers.len())
    }
}

#[derive(Debug, Clone, Copy)]
struct Node {
    /// `labels[start..end]`: the characters from the parent's end to this node's end.
    label: (u32, u32),
    /// `names[start..end]`: the names ending here.
    names: (u32, u32),
    /// `nodes[start..end]`, sorted by their first character.
    children: (u32, u32),
    /// The fewest and most characters from this node's end to the end of a name below.
    rest: (u32, u32),
    /// The largest allowed distance of a name at or below this node.
    allowed: u32,
}

thread_local! {
    /// Scratch space for the distance table of [`Suggestions::find`], kept between
    /// queries: its size is bounded by the query's length times the longest name's.
    static ROWS: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The best name found so far in a search: its distance and index in `names`.
#[derive(Clone, Copy)]
struct Found {
    distance: usize,
    name: usize,
}

impl Suggestions {
    /// Indexes `names` (duplicates and empty names are ignored).
    pub fn new<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Suggestions {
        let mut entries: Vec<(Vec<char>, String, usize)> = names
            .into_iter()
            .filter_map(|name| {
                let name = name.as_ref();
                let allowed = allowed(name.chars().count())?;
                let key = name.to_lowercase().chars().collect();
                Some((key, name.to_string(), allowed))
            })
            .collect();
        entries.sort_unstable();
        entries.dedup();
        if entries.is_empty() {
            return Suggestions::default();
        }
        let empty = Node {
            label: (0, 0),
            names: (0, 0),
            children: (0, 0),
            rest: (u32::MAX, 0),
            allowed: 0,
        };
        let mut nodes = vec![empty];
        let mut labels = Vec::new();
        // (node, its entries, the characters before its label): the entries of a node
        // are those with its prefix, one run of the sorted entries.
        let mut work = vec![(0usize, 0usize, entries.len(), 0usize)];
        while let Some((at, first, last, depth)) = work.pop() {
            let (a, b) = (&entries[first].0, &entries[last - 1].0);
            let end = depth
                + a[depth..]
                    .iter()
                    .zip(&b[depth..])
                    .take_while(|(x, y)| x == y)
                    .count();
            let label_start = labels.len() as u32;
            labels.extend_from_slice(&a[depth..end]);
            // A name ending here sorts before the longer names sharing its prefix.
            let ending = entries[first..last]
                .iter()
                .take_while(|e| e.0.len() == end)
                .count();
            let node = &mut nodes[at];
            node.label = (label_start, labels.len() as u32);
            node.names = (first as u32, (first + ending) as u32);
            if ending > 0 {
                node.rest.0 = 0;
                let here = &entries[first..first + ending];
                node.allowed = here.iter().map(|e| e.2 as u32).max().unwrap_or(0);
            }
            // One child per character following the prefix, in order.
            let mut groups = Vec::new();
            let mut start = first + ending;
            while start < last {
                let ch = entries[start].0[end];
                let len = entries[start..last]
                    .iter()
                    .take_while(|e| e.0[end] == ch)
                    .count();
                groups.push((start, start + len));
                start += len;
            }
            let children = nodes.len();
            nodes[at].children = (children as u32, (children + groups.len()) as u32);
            for (i, (from, to)) in groups.into_iter().enumerate() {
                nodes.push(empty);
                work.push((children + i, from, to, end));
            }
        }
        // Children come after their parents: summarise subtrees bottom-up.
        for at in (0..nodes.len()).rev() {
            let (from, to) = nodes[at].children;
            for child in from as usize..to as usize {
                let child = nodes[child];
                let label = child.label.1 - child.label.0;
                let node = &mut nodes[at];
                node.rest.0 = node.rest.0.min(child.rest.0 + label);
                node.rest.1 = node.rest.1.max(child.rest.1 + label);
                node.allowed = node.allowed.max(child.allowed);
            }
        }
        Suggestions {
            nodes,
            labels,
            names: entries.into_iter().map(|(_, name, a)| (name, a)).collect(),
            answers: Answers::default(),
        }
    }

    /// The known name closest to `unknown` under the rule in the module docs, if any.
    /// Answers are remembered: the same broken link is often written on many pages,
    /// and rendering resolves every link again.
    pub fn best(&self, unknown: &str) -> Option<&str> {
        let root = self.nodes.first()?;
        let remembered = self.answers.get(unknown);
        let found = remembered.unwrap_or_else(|| {
            let found = self.find(unknown, root.allowed as usize);
            self.answers.insert(unknown, found);
            found
        });
        found.map(|index| self.names[index].0.as_str())
    }

    /// The index of the best name for `unknown`, searching with limits 0, 1, 2, 4…
    /// up to `cap`, the largest distance any name allows.
    fn find(&self, unknown: &str, cap: usize) -> Option<usize> {
        let query: Vec<char> = unknown.to_lowercase().chars().collect();
        ROWS.with_borrow_mut(|rows| {
            let mut limit = 0;
            loop {
                let limit_now = limit.min(cap);
                if let Some(found) = self.search(&query, limit_now, rows) {
                    return Some(found.name);
                }
                if limit_now == cap {
                    return None;
                }
                limit = (limit * 2).max(1);
            }
        })
    }

    /// The best qualifying name within `limit` edits of `query`; `rows` is scratch space.
    fn search(&self, query: &[char], limit: usize, rows: &mut Vec<usize>) -> Option<Found> {
        let m = query.len();
        let inf = limit + 1;
        let width = m + 1;
        // Row d of the distance table (query prefixes against the first d characters
        // of a name) for the branch being walked. A name longer than m + limit is
        // more than `limit` away, and none is longer than the longest, so there are
        // at most that many rows + 1. Each row is written before it is read, so the
        // space is reused as it is.
        let root = &self.nodes[0];
        let longest = (root.label.1 - root.label.0 + root.rest.1) as usize;
        let needed = ((m + limit).min(longest) + 1) * width;
        if rows.len() < needed {
            rows.resize(needed, 0);
        }
        for (j, cell) in rows[..width].iter_mut().enumerate() {
            *cell = j.min(inf);
        }
        let mut best: Option<Found> = None;
        let mut bound = limit;
        let mut stack: Vec<(u32, usize)> = vec![(0, 0)];
        'nodes: while let Some((at, depth)) = stack.pop() {
            let node = self.nodes[at as usize];
            let label = &self.labels[node.label.0 as usize..node.label.1 as usize];
            let end = depth + label.len();
            let mut band = (0, limit.min(m));
            for (i, &ch) in label.iter().enumerate() {
                let d = depth + i + 1;
                let lo = d.saturating_sub(limit);
                if lo > m {
                    continue 'nodes;
                }
                let hi = (d + limit).min(m);
                let (done, rest) = rows.split_at_mut(d * width);
                let (prev, cur) = (&done[(d - 1) * width..], &mut rest[..width]);
                if lo == 0 {
                    cur[0] = d.min(inf);
                } else {
                    cur[lo - 1] = inf;
                }
                for j in lo.max(1)..=hi {
                    let substitute = prev[j - 1] + usize::from(query[j - 1] != ch);
                    cur[j] = substitute.min(prev[j] + 1).min(cur[j - 1] + 1).min(inf);
                }
                if hi < m {
                    cur[hi + 1] = inf;
                }
                band = (lo, hi);
                let left = (end - d) as u32;
                let rest = (node.rest.0.saturating_add(left), node.rest.1 + left);
                if !reaches(cur, band, m, rest, bound.min(node.allowed as usize)) {
                    continue 'nodes;
                }
            }
            let row = &rows[end * width..(end + 1) * width];
            if band.1 == m && row[m] <= bound {
                let distance = row[m];
                for index in node.names.0 as usize..node.names.1 as usize {
                    let (name, allowed) = &self.names[index];
                    let better = best.is_none_or(|b| match distance.cmp(&b.distance) {
                        Ordering::Less => true,
                        Ordering::Equal => *name < self.names[b.name].0,
                        Ordering::Greater => false,
                    });
                    if distance <= *allowed && better {
                        best = Some(Found {
                            distance,
                            name: index,
                        });
                        bound = distance;
                    }
                }
            }
            let (from, to) = node.children;
            if from < to && reaches(row, band, m, node.rest, bound.min(node.allowed as usize)) {
                stack.extend((from..to).rev().map(|child| (child, end)));
            }
        }
        best
    }
}

/// Whether a name below a node can be within `reach` edits of the query, given the
/// node's row of the distance table (valid in the columns `band`) and how many more
/// characters (`rest`: fewest, most) the names below it have: each cell's distance
/// plus the difference between what is left of the query and of the names.
fn reaches(
    row: &[usize],
    (lo, hi): (usize, usize),
    m: usize,
    rest: (u32, u32),
    reach: usize,
) -> bool {
    let (fewest, most) = (rest.0 as usize, rest.1 as usize);
    (lo..=hi).any(|j| {
        let left = m - j;
        let gap = if left < fewest {
            fewest - left
        } else {
            left.saturating_sub(most)
        };
        row[j] + gap <= reach
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule as it was first written: every name compared in full.
    fn reference<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
        let unknown = unknown.to_lowercase();
        known
            .iter()
            .map(|k| (full_distance(&unknown, &k.to_lowercase()), *k))
            .filter(|(d, k)| *d <= max_distance(k.chars().count()) && *d < k.chars().count())
            .min_by_key(|(d, k)| (*d, *k))
            .map(|(_, k)| k)
    }

    fn full_distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self, below: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % below as u64) as usize
        }

        /// A string over a tiny alphabet, so that near and equal strings are common.
        fn word(&mut self, max_len: usize) -> String {
            const ALPHABET: [char; 6] = ['a', 'b', 'A', '/', '-', 'é'];
            (0..self.next(max_len + 1))
                .map(|_| ALPHABET[self.next(ALPHABET.len())])
                .collect()
        }

        /// `word` with up to `edits` random insertions, deletions and substitutions.
        fn typo(&mut self, word: &str, edits: usize) -> String {
            let mut chars: Vec<char> = word.chars().collect();
            for _ in 0..self.next(edits + 1) {
                let at = self.next(chars.len() + 1);
                match self.next(3) {
                    0 => chars.insert(at, 'b'),
                    1 if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ if at < chars.len() => chars[at] = '-',
                    _ => {}
                }
            }
            chars.into_iter().collect()
        }
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_table() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let a = rng.word(12);
            let b = if rng.next(2) == 0 {
                rng.typo(&a, 4)
            } else {
                rng.word(12)
            };
            let limit = rng.next(8);
            let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let full = full_distance(&a, &b);
            let want = (full <= limit).then_some(full);
            assert_eq!(
                distance_within(&ac, &bc, limit),
                want,
                "{a:?} {b:?} limit {limit}"
            );
        }
    }

    #[test]
    fn the_index_suggests_exactly_what_comparing_every_name_suggests() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for round in 0..300 {
            let known: Vec<String> = (0..rng.next(40)).map(|_| rng.word(14)).collect();
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            let index = Suggestions::new(known.iter().copied());
            for _ in 0..30 {
                let unknown = match (known.is_empty(), rng.next(3)) {
                    (false, 0 | 1) => {
                        let pick = rng.next(known.len());
                        rng.typo(known[pick], 5)
                    }
                    _ => rng.word(16),
                };
                let want = reference(&unknown, &known);
                assert_eq!(
                    index.best(&unknown),
                    want,
                    "index, round {round}: {unknown:?} among {known:?}"
                );
                assert_eq!(index.best(&unknown), want, "remembered: {unknown:?}");
                assert_eq!(
                    closest(&unknown, known.iter().copied()),
                    want,
                    "closest, round {round}: {unknown:?} among {known:?}"
                );
            }
        }
    }

    #[test]
    fn suggests_urls_a_prefix_or_a_typo_away() {
        let urls = [
            "/guides/functions/lang/translate/",
            "/guides/functions/lang/merge/",
            "/guides/configuration/languages/",
            "/faq/",
        ];
        let index = Suggestions::new(urls);
        let cases = [
            ("/functions/lang/translate/", Some(urls[0])),
            ("/guides/functions/lang/translte/", Some(urls[0])),
            ("/guides/configuration/language/", Some(urls[2])),
            ("/FAQ", Some(urls[3])),
            ("/guides/faq/", None),
            ("/guides/_common/configuration/{{% eturl alias %}}", None),
            ("", None),
        ];
        for (unknown, want) in cases {
            assert_eq!(index.best(unknown), want, "{unknown}");
            assert_eq!(index.best(unknown), reference(unknown, &urls), "{unknown}");
        }
        assert_eq!(Suggestions::new([""; 0]).best("/faq/"), None);
        // The table is as long as the query but no deeper than the longest name.
        let long = format!("/guides/functions/lang/translate/{}", "x".repeat(10_000));
        assert_eq!(index.best(&long), None);
    }

    #[test]
    fn ties_go_to_the_name_that_sorts_first_whatever_its_case() {
        let index = Suggestions::new(["Beta", "beta", "alpha", "Alpha"]);
        assert_eq!(index.best("alphx"), Some("Alpha"));
        assert_eq!(index.best("BETA"), Some("Beta"));
    }
}
