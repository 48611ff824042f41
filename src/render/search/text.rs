//! The text of a page as search sees it: the body by section (taken while the
//! body renders), and the words of any text, folded the way `search-worker.js`
//! folds a query, so both sides agree on what a word is.

/// A page body's text, one section per heading (the first before any heading).
#[derive(Debug, Default, Clone)]
pub struct BodyText {
    pub sections: Vec<Section>,
    in_heading: bool,
    /// Bytes of prose and code kept so far, up to [`INDEXED_LIMIT`].
    kept: usize,
}

/// How much of a page's text the search index takes: the first MiB of prose and code,
/// some 150,000 words, more than any page a reader reads through. Past it, a page made
/// of generated output (a 50 MB log) would cost the index more than the rest of the site.
pub(super) const INDEXED_LIMIT: usize = 1 << 20;

/// The text under one heading, up to the next.
#[derive(Debug, Default, Clone)]
pub struct Section {
    /// Index of the heading in the page's headings; `None` before the first.
    pub heading: Option<usize>,
    pub prose: String,
    pub code: String,
}

/// How much of a section's text the search fragment keeps for excerpts.
const PROSE_LIMIT: usize = 1_500;
const CODE_LIMIT: usize = 400;

impl BodyText {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        self.sections.last_mut().expect("a section")
    }

    /// A heading starts a section; its own text is indexed from the page's headings.
    pub fn start_heading(&mut self, index: usize) {
        self.sections.push(Section {
            heading: Some(index),
            ..Section::default()
        });
        self.in_heading = true;
    }

    pub fn end_heading(&mut self) {
        self.in_heading = false;
    }

    pub fn text(&mut self, text: &str) {
        if !self.in_heading {
            let text = self.within_limit(text);
            self.current().prose.push_str(text);
        }
    }

    /// The part of `text` the index still takes, cut at a character boundary.
    fn within_limit<'t>(&mut self, text: &'t str) -> &'t str {
        let mut take = text.len().min(INDEXED_LIMIT - self.kept);
        while !text.is_char_boundary(take) {
            take -= 1;
        }
        self.kept += take;
        &text[..take]
    }

    /// A break between blocks or lines: words on either side stay apart.
    pub fn space(&mut self) {
        if self.in_heading {
            return;
        }
        let prose = &mut self.current().prose;
        if !prose.is_empty() && !prose.ends_with(' ') {
            prose.push(' ');
        }
    }

    pub fn code(&mut self, code: &str) {
        let kept = self.within_limit(code);
        if kept.is_empty() && !code.is_empty() {
            return; // past the limit
        }
        let code = kept;
        let section = self.current();
        section.code.push_str(code);
        if !section.code.ends_with('\n') {
            section.code.push('\n');
        }
    }

    /// The body's first prose, cut between words at `limit` bytes (with `…` when
    /// cut): a description for a page that has none.
    pub fn lead(&self, limit: usize) -> Option<String> {
        let prose = self
            .sections
            .iter()
            .map(|s| s.prose.trim())
            .find(|p| !p.is_empty())?;
        let prose = prose.split_whitespace().collect::<Vec<_>>().join(" ");
        let cut = clip(&prose, limit);
        Some(if cut.len() < prose.len() {
            format!("{cut}…")
        } else {
            prose
        })
    }

    /// The sections shortened for the search index, one per section (empty
    /// when the section has no text): (heading, excerpt text). The prose comes
    /// first, so an offset that [`prose_span`] allows is an offset
    /// into the excerpt text too.
    pub fn excerpts(&self) -> Vec<(Option<usize>, String)> {
        self.sections
            .iter()
            .map(|s| {
                let mut text = clip(s.prose.trim(), PROSE_LIMIT).to_string();
                let code = clip(s.code.trim(), CODE_LIMIT);
                if !code.is_empty() {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(&code.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                (s.heading, text)
            })
            .collect()
    }
}

/// Where a section's prose is in its excerpt text: an offset `o` in the prose is
/// `o - shift` in the excerpt when that is under `kept` (the excerpt keeps the
/// first [`PROSE_LIMIT`] bytes, trimmed).
pub(super) fn prose_span(prose: &str) -> (usize, usize) {
    let start = prose.trim_start();
    let shift = prose.len() - start.len();
    (shift, clip(start.trim_end(), PROSE_LIMIT).len())
}

/// How much of a section an excerpt shows around a word: bytes before, after
/// (the same as `clip` in `search-worker.js`). The shards carry an excerpt per
/// best posting, so this is most of their bytes.
const BEFORE: usize = 40;
const AFTER: usize = 120;

/// The excerpt of `text` around byte offset `at`, cut between words, with `…`
/// where it is cut (the same cut as `clip` in `search-worker.js`). The index
/// writes [`window_parts`] straight into its JSON; tests read this.
#[cfg(test)]
pub(super) fn window(text: &str, at: usize) -> String {
    let (before, shown, after) = window_parts(text, at);
    let mut out = String::with_capacity(shown.len() + 6);
    if before {
        out.push('\u{2026}');
    }
    out.push_str(shown);
    if after {
        out.push('\u{2026}');
    }
    out
}

/// The most bytes an excerpt [`window`] shows, ellipses included.
pub(super) const WINDOW: usize = BEFORE + AFTER + 6;

/// [`window`] as (cut before, the text shown, cut after).
pub(super) fn window_parts(text: &str, at: usize) -> (bool, &str, bool) {
    let at = floor_boundary(text, at.min(text.len()));
    let mut from = floor_boundary(text, at.saturating_sub(BEFORE));
    let mut to = floor_boundary(text, (at + AFTER).min(text.len()));
    if from > 0 {
        if let Some(space) = text[from..].find(' ') {
            from += space + 1;
        }
        from = from.min(at);
    }
    if to < text.len() {
        if let Some(space) = text[..to].rfind(' ').filter(|&s| s > at) {
            to = space;
        }
    }
    (from > 0, &text[from..to], to < text.len())
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The offset of the first word of `text` that begins with `word` (a folded
/// index word), if any: what an excerpt centres on.
pub(super) fn first_at(text: &str, word: &str) -> Option<usize> {
    let mut found = None;
    words_while(text, |w, at| {
        if w.starts_with(word.as_bytes()) {
            found = Some(at);
        }
        found.is_none()
    });
    found
}

/// At most `limit` bytes of `text`, cut between words.
fn clip(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    cut.rfind(char::is_whitespace)
        .map_or(cut, |space| cut[..space].trim_end())
}

/// Words too common to be worth an index entry (none is longer than four bytes).
fn is_stop_word(word: &[u8]) -> bool {
    // A `match` on byte strings compiles to a switch on the length and inline
    // compares: this runs for every word of every page.
    matches!(
        word,
        b"a" | b"an"
            | b"and"
            | b"are"
            | b"as"
            | b"at"
            | b"be"
            | b"by"
            | b"for"
            | b"from"
            | b"has"
            | b"if"
            | b"in"
            | b"is"
            | b"it"
            | b"its"
            | b"of"
            | b"on"
            | b"or"
            | b"that"
            | b"the"
            | b"then"
            | b"this"
            | b"to"
            | b"was"
            | b"when"
            | b"will"
            | b"with"
            | b"you"
            | b"your"
    )
}

/// The longest word indexed; longer runs are hashes or keys, not words.
const MAX_WORD: usize = 40;

/// What a byte is to the word splitter: [`SEPARATOR`], [`NON_ASCII`], or the
/// byte lower-cased (an ASCII letter, digit or `_`; never 0 nor over 0x7f).
const SEPARATOR: u8 = 0;
const NON_ASCII: u8 = 0x80;

const FOLDED: [u8; 256] = {
    let mut folded = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        folded[b] = if byte >= 0x80 {
            NON_ASCII
        } else if byte.is_ascii_alphanumeric() || byte == b'_' {
            byte.to_ascii_lowercase()
        } else {
            SEPARATOR
        };
        b += 1;
    }
    folded
};

/// Whether a [`FOLDED`] byte is an ASCII letter, digit or `_` (not a
/// [`SEPARATOR`] nor [`NON_ASCII`]).
fn is_word_folded(folded: u8) -> bool {
    folded.wrapping_sub(1) < 0x7f
}

/// The indexed words of `text`, folded, in order (as UTF-8 bytes), each with the
/// byte offset in `text` where it starts: runs of letters, digits and `_`; a run
/// with `_` (`https_proxy`) counts whole and by its parts. (The words of a run
/// with non-ASCII characters all give the run's offset.)
pub(super) fn words(text: &str, mut each: impl FnMut(&[u8], usize)) {
    words_while(text, |w, at| {
        each(w, at);
        true
    });
}

/// [`words`] until `each` returns false.
fn words_while(text: &str, mut each: impl FnMut(&[u8], usize) -> bool) {
    let going = std::cell::Cell::new(true);
    let mut each = |w: &[u8], at: usize| {
        if going.get() {
            going.set(each(w, at));
        }
    };
    // Runs are found and lower-cased through one byte table; only a run with a
    // non-ASCII byte (an accent, a curly quote) is decoded and folded as
    // characters. This runs over every word of every page, and most runs are
    // plain ASCII.
    let bytes = text.as_bytes();
    let mut lower = [0u8; MAX_WORD];
    let mut at = 0;
    while going.get() && at < bytes.len() {
        if FOLDED[usize::from(bytes[at])] == SEPARATOR {
            at += 1;
            continue;
        }
        // One pass finds the run's ASCII part and lower-cases it.
        let start = at;
        let mut len = 0;
        let mut underscore = false;
        while let Some(&byte) = bytes.get(at) {
            let folded = FOLDED[usize::from(byte)];
            if !is_word_folded(folded) {
                break;
            }
            if len < MAX_WORD {
                lower[len] = folded;
            }
            len += 1;
            underscore |= folded == b'_';
            at += 1;
        }
        if bytes
            .get(at)
            .is_some_and(|&b| FOLDED[usize::from(b)] == NON_ASCII)
        {
            at += bytes[at..]
                .iter()
                .position(|&b| FOLDED[usize::from(b)] == SEPARATOR)
                .unwrap_or(bytes.len() - at);
            // Both ends are ASCII bytes or the text's ends: character boundaries.
            unicode_run(&text[start..at], &mut |w: &[u8]| each(w, start));
            continue;
        }
        if len > MAX_WORD {
            if underscore {
                long_compound(&bytes[start..at], &mut |w: &[u8], at: usize| {
                    each(w, start + at)
                });
            }
        } else {
            ascii_run(&lower[..len], underscore, &mut |w: &[u8], at: usize| {
                each(w, start + at)
            });
        }
    }
}

/// The words of a run of letters, digits and `_` that has non-ASCII characters.
fn unicode_run(run: &str, each: &mut impl FnMut(&[u8])) {
    let folded = fold(run);
    for run in folded.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        let run = run.trim_matches('_');
        if run.is_empty() {
            continue;
        }
        keep(run.as_bytes(), two_chars(run), each);
        if run.contains('_') {
            for part in run.split('_') {
                keep(part.as_bytes(), two_chars(part), each);
            }
        }
    }
}

fn two_chars(word: &str) -> bool {
    word.len() >= 4 || word.chars().nth(1).is_some()
}

/// The words of a lower-cased run of ASCII letters, digits and `_` (at most
/// [`MAX_WORD`] bytes): whole, and by its parts when it has `_`; each with its
/// offset in the run.
fn ascii_run(run: &[u8], underscore: bool, each: &mut impl FnMut(&[u8], usize)) {
    if !underscore {
        keep_at(run, 0, run.len() >= 2, each);
        return;
    }
    let whole = run;
    let mut run = run;
    while let [b'_', rest @ ..] = run {
        run = rest;
    }
    while let [rest @ .., b'_'] = run {
        run = rest;
    }
    if run.is_empty() {
        return;
    }
    let offset = |part: &[u8]| part.as_ptr() as usize - whole.as_ptr() as usize;
    keep_at(run, offset(run), run.len() >= 2, each);
    if run.contains(&b'_') {
        for part in run.split(|b| *b == b'_') {
            keep_at(part, offset(part), part.len() >= 2, each);
        }
    }
}

/// A run longer than [`MAX_WORD`] with `_` (rare): not a word itself, but its
/// parts may be; they are lower-cased from the run's own bytes.
fn long_compound(run: &[u8], each: &mut impl FnMut(&[u8], usize)) {
    let mut lower = [0u8; MAX_WORD];
    let offset = |part: &[u8]| part.as_ptr() as usize - run.as_ptr() as usize;
    let mut trimmed = run;
    while let [b'_', rest @ ..] = trimmed {
        trimmed = rest;
    }
    while let [rest @ .., b'_'] = trimmed {
        trimmed = rest;
    }
    if trimmed.len() <= MAX_WORD {
        for (to, from) in lower.iter_mut().zip(trimmed) {
            *to = from.to_ascii_lowercase();
        }
        let start = offset(trimmed);
        return ascii_run(&lower[..trimmed.len()], true, &mut |w: &[u8], at: usize| {
            each(w, start + at)
        });
    }
    for part in run.split(|b| *b == b'_').filter(|p| p.len() <= MAX_WORD) {
        for (to, from) in lower.iter_mut().zip(part) {
            *to = from.to_ascii_lowercase();
        }
        keep_at(&lower[..part.len()], offset(part), part.len() >= 2, each);
    }
}

fn keep(word: &[u8], long_enough: bool, each: &mut impl FnMut(&[u8])) {
    if long_enough && word.len() <= MAX_WORD && !is_stop_word(word) {
        each(word);
    }
}

fn keep_at(word: &[u8], at: usize, long_enough: bool, each: &mut impl FnMut(&[u8], usize)) {
    if long_enough && word.len() <= MAX_WORD && !(word.len() <= 4 && is_stop_word(word)) {
        each(word, at);
    }
}

/// Lower case without accents on Latin letters: "Résumé" → "resume". The same
/// table is in `search-worker.js` (FOLD), so queries fold alike.
pub(super) fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à'..='å' => 'a',
            'ç' => 'c',
            'è'..='ë' => 'e',
            'ì'..='ï' => 'i',
            'ñ' => 'n',
            'ò'..='ö' => 'o',
            'ù'..='ü' => 'u',
            'ý' | 'ÿ' => 'y',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_takes_the_first_mib_of_a_page_and_cuts_between_characters() {
        let mut body = BodyText::default();
        body.text(&"é".repeat(INDEXED_LIMIT)); // 2 bytes each: the limit falls on a boundary
        body.code("fn after_the_limit() {}");
        body.start_heading(0);
        body.text("late words");
        let kept: usize = body
            .sections
            .iter()
            .map(|s| s.prose.len() + s.code.len())
            .sum();
        assert_eq!(kept, INDEXED_LIMIT);
        assert!(body.sections[0].code.is_empty());
        assert!(body.sections[1].prose.is_empty());

        let mut odd = BodyText::default();
        odd.text("a");
        odd.text(&"é".repeat(INDEXED_LIMIT)); // the limit falls inside an é
        assert_eq!(odd.sections[0].prose.len(), INDEXED_LIMIT - 1);
        assert!(odd.sections[0].prose.ends_with('é'));

        // Under the limit, nothing is cut: an empty code block still ends a line.
        let mut small = BodyText::default();
        small.text("words");
        small.code("");
        small.code("x = 1");
        assert_eq!(small.sections[0].prose, "words");
        assert_eq!(small.sections[0].code, "\nx = 1\n");
    }

    fn text(word: &[u8]) -> String {
        String::from_utf8(word.to_vec()).unwrap()
    }

    fn all(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        words(text, |w, _| found.push(self::text(w)));
        found
    }

    #[test]
    fn ascii_and_unicode_text_split_alike() {
        let text = "Set __HTTPS_PROXY__ and no_proxy=x, then RUN 2x! a1 verylongwordverylongwordverylongwordverylongword averylongwordverylongwordverylongword_with_parts";
        let mut fast = Vec::new();
        words(text, |w, _| fast.push(self::text(w)));
        // The same runs through the character path (fold, then split on characters).
        let mut slow = Vec::new();
        unicode_run(text, &mut |w: &[u8]| slow.push(self::text(w)));
        assert_eq!(fast, slow);
        let mut curly = Vec::new();
        words("don’t “Quote” Café_Bar", |w, _| {
            curly.push(self::text(w))
        });
        assert_eq!(curly, ["don", "quote", "cafe_bar", "cafe", "bar"]);
    }

    #[test]
    fn the_splitter_gives_each_word_its_offset_at_any_edge() {
        let forty = "x".repeat(40);
        let long = format!("{forty}y_zz");
        let cases: &[(&str, &[(&str, usize)])] = &[
            ("", &[]),
            ("  end", &[("end", 2)]),
            ("Ab_CD", &[("ab_cd", 0), ("ab", 0), ("cd", 3)]),
            (&forty, &[(&forty, 0)]),
            (&format!("{forty}x"), &[]), // 41 bytes: a key, not a word
            (&long, &[("zz", 42)]),
            ("go naïve", &[("go", 0), ("naive", 3)]),
            ("a-b c9", &[("c9", 4)]),
        ];
        for (input, expected) in cases {
            let mut found = Vec::new();
            words(input, |w, at| found.push((text(w), at)));
            let expected: Vec<(String, usize)> = expected
                .iter()
                .map(|(w, at)| (w.to_string(), *at))
                .collect();
            assert_eq!(found, expected, "{input:?}");
        }
    }

    #[test]
    fn excerpts_are_cut_between_words() {
        assert_eq!(clip("alpha beta gamma", 12), "alpha beta");
        assert_eq!(clip("alpha", 12), "alpha");
    }

    #[test]
    fn stop_words_are_whole_words_only() {
        assert_eq!(all("The theme of this and that"), ["theme"]);
        assert_eq!(all("__LONG_a_TO__"), ["long_a_to", "long"]);
    }

    #[test]
    fn words_are_folded_runs_and_compounds_count_by_their_parts_too() {
        assert_eq!(
            all("Set HTTPS_PROXY for the Café's proxy, v2.0!"),
            [
                "set",
                "https_proxy",
                "https",
                "proxy",
                "cafe",
                "proxy",
                "v2"
            ]
        );
    }

    #[test]
    fn sections_follow_headings_and_heading_text_is_not_body_text() {
        let mut text = BodyText::default();
        text.text("Intro.");
        text.start_heading(0);
        text.text("Proxy settings");
        text.end_heading();
        text.text("Use a proxy.");
        text.code("export HTTPS_PROXY=x\n");
        let excerpts = text.excerpts();
        assert_eq!(
            excerpts,
            [
                (None, "Intro.".to_string()),
                (Some(0), "Use a proxy. export HTTPS_PROXY=x".to_string())
            ]
        );
        let at = first_at(&excerpts[1].1, "https").unwrap();
        assert_eq!(&excerpts[1].1[at..at + 5], "HTTPS");
        assert_eq!(first_at(&excerpts[1].1, "proxy"), Some(6));
    }

    #[test]
    fn a_window_is_cut_between_words_around_its_word() {
        let text = "word ".repeat(100);
        let cut = window(&text, 250);
        assert!(
            cut.starts_with("\u{2026}word") && cut.ends_with("word\u{2026}"),
            "{cut}"
        );
        assert!(cut.len() <= BEFORE + AFTER + 6, "{}", cut.len());
        assert_eq!(window("short text", 6), "short text");
        // Offsets between the bytes of a character are moved to its start.
        assert_eq!(window("é é", 1), "é é");
    }
}
