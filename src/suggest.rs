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
//! - [`Suggestions`]: a trie over a large set of names (a site's URLs, files, wikilink
//!   names), built once. A query walks the trie computing one band of the distance table
//!   per node, and leaves a branch as soon as no name below it can still qualify: the
//!   table's best cell plus the difference between what is left of the query and the
//!   shortest or longest name below is already too far. It searches with limits 0, 1, 2,
//!   4, 8… until something qualifies, so a near miss (the usual broken link) only visits
//!   the names a few edits away.

use std::cmp::Ordering;

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
#[derive(Debug, Clone, Default)]
pub struct Suggestions {
    /// The trie of lowercased names; node 0 is the root (the empty prefix).
    nodes: Vec<Node>,
    /// The original names with their allowed distance, grouped by the node their
    /// lowercase form ends at, sorted within a node.
    names: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
struct Node {
    ch: char,
    /// Sorted by character.
    children: Vec<u32>,
    /// The names ending here: `names[start..end]`.
    names: (u32, u32),
    /// The fewest and most characters from here to the end of a name below.
    rest: (u32, u32),
    /// The largest allowed distance of a name at or below this node.
    allowed: u32,
}

impl Node {
    fn new(ch: char) -> Node {
        Node {
            ch,
            children: Vec::new(),
            names: (0, 0),
            rest: (u32::MAX, 0),
            allowed: 0,
        }
    }
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
                Some((
                    name.to_lowercase().chars().collect(),
                    name.to_string(),
                    allowed,
                ))
            })
            .collect();
        entries.sort_unstable();
        entries.dedup();
        let mut nodes = vec![Node::new('\0')];
        let mut stored = Vec::with_capacity(entries.len());
        for (key, name, allowed) in entries {
            let mut at = 0;
            for &ch in &key {
                // Keys arrive sorted, so a matching child can only be the last one.
                at = match nodes[at].children.last() {
                    Some(&child) if nodes[child as usize].ch == ch => child as usize,
                    _ => {
                        nodes.push(Node::new(ch));
                        let child = nodes.len() - 1;
                        nodes[at].children.push(child as u32);
                        child
                    }
                };
            }
            let index = stored.len() as u32;
            let node = &mut nodes[at];
            if node.names.0 == node.names.1 {
                node.names = (index, index);
            }
            node.names.1 = index + 1;
            node.rest.0 = 0;
            node.allowed = node.allowed.max(allowed as u32);
            stored.push((name, allowed));
        }
        // Children are created after their parents: summarise subtrees bottom-up.
        for at in (0..nodes.len()).rev() {
            for i in 0..nodes[at].children.len() {
                let child = &nodes[nodes[at].children[i] as usize];
                let (rest, allowed) = ((child.rest.0 + 1, child.rest.1 + 1), child.allowed);
                let node = &mut nodes[at];
                node.rest = (node.rest.0.min(rest.0), node.rest.1.max(rest.1));
                node.allowed = node.allowed.max(allowed);
            }
        }
        Suggestions {
            nodes,
            names: stored,
        }
    }

    /// The known name closest to `unknown` under the rule in the module docs, if any.
    pub fn best(&self, unknown: &str) -> Option<&str> {
        let root = self
            .nodes
            .first()
            .filter(|root| !root.children.is_empty())?;
        let query: Vec<char> = unknown.to_lowercase().chars().collect();
        let cap = root.allowed as usize;
        let mut limit = 0;
        loop {
            let limit_now = limit.min(cap);
            if let Some(found) = self.search(&query, limit_now) {
                return Some(&self.names[found.name].0);
            }
            if limit_now == cap {
                return None;
            }
            limit = (limit * 2).max(1);
        }
    }

    /// The best qualifying name within `limit` edits of `query`.
    fn search(&self, query: &[char], limit: usize) -> Option<Found> {
        let m = query.len();
        let inf = limit + 1;
        let width = m + 1;
        // One row of the distance table per trie depth; a name deeper than m + limit
        // is more than `limit` away. Cells outside a row's band are never read.
        let depths = m + limit + 1;
        let mut rows = vec![0usize; (depths + 1) * width];
        for (j, cell) in rows[..width].iter_mut().enumerate() {
            *cell = j.min(inf);
        }
        let mut best: Option<Found> = None;
        let mut bound = limit;
        self.visit(
            0,
            &rows[..width],
            (0, limit.min(m)),
            query,
            &mut best,
            &mut bound,
        );
        let mut stack: Vec<(u32, usize)> = self.nodes[0]
            .children
            .iter()
            .rev()
            .map(|&c| (c, 1))
            .collect();
        while let Some((at, depth)) = stack.pop() {
            if depth > depths {
                continue;
            }
            let lo = depth.saturating_sub(limit);
            if lo > m {
                continue;
            }
            let hi = (depth + limit).min(m);
            let (done, rest) = rows.split_at_mut(depth * width);
            let prev = &done[(depth - 1) * width..];
            let cur = &mut rest[..width];
            let ch = self.nodes[at as usize].ch;
            if lo == 0 {
                cur[0] = depth.min(inf);
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
            let cur = &rows[depth * width..(depth + 1) * width];
            if self.visit(at as usize, cur, (lo, hi), query, &mut best, &mut bound) {
                let node = &self.nodes[at as usize];
                stack.extend(node.children.iter().rev().map(|&c| (c, depth + 1)));
            }
        }
        best
    }

    /// Takes the names ending at node `at` into `best`, given the node's row of the
    /// distance table (valid in the columns `band`); says whether a name below the
    /// node can still qualify.
    fn visit(
        &self,
        at: usize,
        row: &[usize],
        (lo, hi): (usize, usize),
        query: &[char],
        best: &mut Option<Found>,
        bound: &mut usize,
    ) -> bool {
        let m = query.len();
        let node = &self.nodes[at];
        if hi == m && row[m] <= *bound {
            let distance = row[m];
            for index in node.names.0 as usize..node.names.1 as usize {
                let (name, allowed) = &self.names[index];
                if distance > *allowed {
                    continue;
                }
                let better = best.is_none_or(|b| match distance.cmp(&b.distance) {
                    Ordering::Less => true,
                    Ordering::Equal => *name < self.names[b.name].0,
                    Ordering::Greater => false,
                });
                if better {
                    *best = Some(Found {
                        distance,
                        name: index,
                    });
                    *bound = distance;
                }
            }
        }
        let reach = (*bound).min(node.allowed as usize);
        let (fewest, most) = (node.rest.0 as usize, node.rest.1 as usize);
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
    }

    #[test]
    fn ties_go_to_the_name_that_sorts_first_whatever_its_case() {
        let index = Suggestions::new(["Beta", "beta", "alpha", "Alpha"]);
        assert_eq!(index.best("alphx"), Some("Alpha"));
        assert_eq!(index.best("BETA"), Some("Beta"));
    }
}
