//! The text of a page as search sees it: the body by section (taken while the
//! body renders), and the words of any text, folded the way `search-worker.js`
//! folds a query, so both sides agree on what a word is.

/// A page body's text, one section per heading (the first before any heading).
#[derive(Debug, Default, Clone)]
pub struct BodyText {
    pub sections: Vec<Section>,
    in_heading: bool,
}

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
            self.current().prose.push_str(text);
        }
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

    /// The sections shortened for the search fragment: (heading, excerpt text).
    pub fn excerpts(&self) -> Vec<(Option<usize>, String)> {
        self.sections
            .iter()
            .filter_map(|s| {
                let mut text = clip(s.prose.trim(), PROSE_LIMIT).to_string();
                let code = clip(s.code.trim(), CODE_LIMIT);
                if !code.is_empty() {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(&code.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                (!text.is_empty()).then_some((s.heading, text))
            })
            .collect()
    }
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

/// Words too common to be worth an index entry (sorted: looked up by binary search).
const STOP_WORDS: [&str; 30] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "if", "in", "is", "it",
    "its", "of", "on", "or", "that", "the", "then", "this", "to", "was", "when", "will", "with",
    "you", "your",
];

/// The longest word indexed; longer runs are hashes or keys, not words.
const MAX_WORD: usize = 40;

/// The indexed words of `text`, folded, in order: runs of letters, digits and
/// `_`; a run with `_` (`https_proxy`) counts whole and by its parts.
pub(super) fn words(text: &str, mut each: impl FnMut(&str)) {
    // Runs are cut at ASCII separators, byte by byte; only a run with a non-ASCII
    // byte (an accent, a curly quote) is decoded and folded as characters. This runs
    // over every word of every page, and most runs are plain ASCII.
    let bytes = text.as_bytes();
    let mut lower = [0u8; MAX_WORD];
    let mut at = 0;
    while at < bytes.len() {
        while at < bytes.len() && bytes[at] < 0x80 && !is_word_byte(bytes[at]) {
            at += 1;
        }
        let start = at;
        let mut ascii = true;
        while at < bytes.len() && (bytes[at] >= 0x80 || is_word_byte(bytes[at])) {
            ascii &= bytes[at] < 0x80;
            at += 1;
        }
        if ascii {
            ascii_run(&bytes[start..at], &mut lower, &mut each);
        } else {
            // Both ends are ASCII bytes or the text's ends: character boundaries.
            unicode_run(&text[start..at], &mut each);
        }
    }
}

/// The words of a run of letters, digits and `_` that has non-ASCII characters.
fn unicode_run(run: &str, each: &mut impl FnMut(&str)) {
    let folded = fold(run);
    for run in folded.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        let run = run.trim_matches('_');
        if run.is_empty() {
            continue;
        }
        keep(run, each);
        if run.contains('_') {
            for part in run.split('_') {
                keep(part, each);
            }
        }
    }
}

/// The words of a run of ASCII letters, digits and `_`: whole, and by its parts
/// when it has `_`.
fn ascii_run(run: &[u8], lower: &mut [u8; MAX_WORD], each: &mut impl FnMut(&str)) {
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
    if run.len() <= MAX_WORD {
        keep_ascii(run, lower, each);
    }
    if run.contains(&b'_') {
        for part in run.split(|b| *b == b'_').filter(|p| p.len() <= MAX_WORD) {
            keep_ascii(part, lower, each);
        }
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Lower-cases `word` (at most [`MAX_WORD`] bytes) into `lower` and keeps it.
fn keep_ascii(word: &[u8], lower: &mut [u8; MAX_WORD], each: &mut impl FnMut(&str)) {
    for (to, from) in lower.iter_mut().zip(word) {
        *to = from.to_ascii_lowercase();
    }
    if let Ok(word) = std::str::from_utf8(&lower[..word.len()]) {
        keep(word, each);
    }
}

fn keep(word: &str, each: &mut impl FnMut(&str)) {
    // Byte lengths first: this runs for every word of every page.
    let long_enough = word.len() >= 4 || word.chars().nth(1).is_some();
    let stop = word.len() <= 5 && STOP_WORDS.binary_search(&word).is_ok();
    if long_enough && word.len() <= MAX_WORD && !stop {
        each(word);
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

    fn all(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        words(text, |w| found.push(w.to_string()));
        found
    }

    #[test]
    fn ascii_and_unicode_text_split_alike() {
        let text = "Set __HTTPS_PROXY__ and no_proxy=x, then RUN 2x! a1 verylongwordverylongwordverylongwordverylongword averylongwordverylongwordverylongword_with_parts";
        let mut fast = Vec::new();
        words(text, |w| fast.push(w.to_string()));
        // The same runs through the character path (fold, then split on characters).
        let mut slow = Vec::new();
        unicode_run(text, &mut |w: &str| slow.push(w.to_string()));
        assert_eq!(fast, slow);
        let mut curly = Vec::new();
        words("don’t “Quote” Café_Bar", |w| {
            curly.push(w.to_string())
        });
        assert_eq!(curly, ["don", "quote", "cafe_bar", "cafe", "bar"]);
    }

    #[test]
    fn excerpts_are_cut_between_words() {
        assert_eq!(clip("alpha beta gamma", 12), "alpha beta");
        assert_eq!(clip("alpha", 12), "alpha");
    }

    #[test]
    fn stop_words_are_sorted_and_short() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 5));
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
    }
}
