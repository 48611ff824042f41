//! The fuzz targets of `fuzz/` on stable, inside `cargo test` (issue 15): each
//! target's function (`almanac::fuzzing`) gets a few thousand inputs from a fixed
//! seed, built from tokens of its input language, plus the regression inputs the
//! cargo-fuzz runs found. The functions panic on a broken invariant.
//!
//! The generator is a few lines of xorshift over a token list, not `proptest` or
//! `arbitrary`: inputs only need to be varied, reproducible and shaped like the
//! language, and a failure names the seed and the input, which can be pasted into
//! `REGRESSIONS` or a cargo-fuzz corpus as it is.

use std::panic::{catch_unwind, AssertUnwindSafe};

use almanac::fuzzing;

/// How many generated inputs each target gets.
const CASES: usize = 3000;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `1..=max` tokens, mostly from `tokens`, sometimes a random byte.
    fn input(&mut self, tokens: &[&str], max: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for _ in 0..=self.below(max) {
            if self.below(12) == 0 {
                out.push(self.next() as u8);
            } else {
                out.extend_from_slice(tokens[self.below(tokens.len())].as_bytes());
            }
        }
        out
    }
}

const FRONT_MATTER: &[&str] = &[
    "---\n",
    "---\r\n",
    "\u{feff}",
    "title: ",
    "A",
    "description: ",
    "kind: ",
    "guide",
    "release",
    "eol",
    "product: ",
    "acme",
    "versions: ",
    "\">=2.0, <3\"",
    "'3.10'",
    "3.10",
    "version: ",
    "\"1.2.3-rc1\"",
    "date: ",
    "2026-02-30",
    "2026-11-23",
    "yesterday",
    "eol_date: ",
    "tags: ",
    "[a, b]",
    "[",
    "]",
    "{",
    "}",
    "aliases: ",
    "- /old/\n",
    "slug: ",
    "a/b",
    "..",
    "weight: ",
    "1.5",
    "stale: ",
    "false",
    "\n  ignore: [review-overdue]",
    "\n  reason: x",
    "\n  until: ",
    "extra:\n  ",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "\t",
    "  ",
    "\n",
    "\r",
    "\r\n",
    "\"",
    "'",
    ": ",
    "# c",
    "~",
    "null",
    "\0",
    "é",
    "…",
    "titel: ",
    "topic: ",
    "search: ",
    "cycles: ",
];

const VERSIONS: &[&str] = &[
    "1",
    "2",
    "0",
    "10",
    "18446744073709551615",
    "99999999999999999999",
    ".",
    "-",
    "+",
    "v",
    "rc1",
    "beta.2",
    "eks-6",
    "x",
    "*",
    "^",
    "~",
    ">=",
    ">",
    "<=",
    "<",
    "=",
    ",",
    " ",
    "\n",
    "pc.",
    "SP2",
    " (build 1)",
    "_",
    "a",
    "é",
    "\t",
    "-alpha",
    "+7",
    "..",
];

const MARKDOWN: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]",
    "(",
    ")",
    "|",
    "#",
    "## ",
    "# H {#id}",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "1. ",
    "  ",
    "    ",
    "`",
    "```\n",
    "~~~",
    "[x](a.md)",
    "[x](a.md#h)",
    "![i](p.png)",
    "[^1]",
    "[^1]: n",
    "[r]: /x",
    "[r][]",
    "[r]",
    "<a id=\"z\">",
    "<div>",
    "</div>",
    "{{ x }}",
    "{% y %}",
    "{{< z >}}",
    "\\",
    "*",
    "_",
    "**",
    "|a|b|\n|-|-|\n",
    "<http://e.com>",
    "<a@b.c>",
    "é",
    "\r",
    "\0",
    ": ",
    "[[Page|text]]",
    "[[#anchor]]",
    "[[a/b]]",
];

const IMPORT: &[&str] = &[
    "---\n",
    "+++\n",
    "...\n",
    "{",
    "}",
    "\"title\": \"A\"",
    ",",
    "title: ",
    "title = \"A\"\n",
    "date: ",
    "2021-03-04T05:06:07+08:00",
    "2021-13-01",
    "lastmod: ",
    "tags: ",
    "[a, a]",
    "keywords = [\"k\"]\n",
    "categories: x",
    "aliases: ",
    "redirect_from: /o/",
    "draft: ",
    "published: false",
    "yes",
    "weight: ",
    "1e400",
    "-0",
    "nav_order: 2",
    "slug: ",
    "/abs",
    "a b",
    "summary: ",
    "url: /x/",
    "1: one",
    "true: y",
    "!foo x",
    ".nan",
    ".inf",
    "~",
    "null",
    "[",
    "]",
    "\n",
    "\t",
    "  ",
    "\"",
    "'",
    "é",
    "\u{feff}",
    "\r\n",
    "x: ",
    "- ",
    "&a [1]",
    "*a",
];

const URLS: &[&str] = &[
    "/",
    "/guides",
    "/guides/",
    "a",
    "index.html",
    "..",
    ".",
    "%2e",
    "%2E",
    "%2f",
    "%2F",
    "%5c",
    "%00",
    "%25",
    "%",
    "%c0%ae",
    "%e0%80%ae",
    "\\",
    "//",
    "leak.txt",
    "up",
    "up/secret.txt",
    "secret.txt",
    "site",
    "C:",
    ":",
    "?",
    "#",
    "é",
    "%ff",
    " ",
    "\0",
];

const CHANGELOG: &[&str] = &[
    "# Changelog\n",
    "\n",
    "## [Unreleased]\n",
    "## [1.2.0] - 2024-05-01\n",
    "## [2.0.0-rc.1] - 2024-06-30\n",
    "## 1.0.0 - 2020-01-01\n",
    "## [1.1.1] - 2023-03-05 [YANKED]\n",
    "## [0.3.0]\n",
    "## [v3.10.0] - 2024-02-30\n",
    "## [x.y] - soon\n",
    "## Not a version\n",
    "### Added\n",
    "### Changed\n",
    "### Deprecated\n",
    "### Removed\n",
    "### Fixed\n",
    "### Security\n",
    "- An entry\n",
    "  - nested\n",
    "- BREAKING: the API\n",
    "```sh\nacme up\n```\n",
    "    indented code\n",
    "> quoted\n",
    "[#311]",
    "[1.2.0]: https://example.com/compare/v1.1.0...v1.2.0\n",
    "[unreleased]: https://example.com/compare/v1.2.0...HEAD\n",
    "[#311]: https://example.com/issues/311\n",
    "`code`",
    "\"",
    "title: x\n",
    "---\n",
    "\r\n",
    "[",
    "]",
    " - ",
];

/// Inputs found by the cargo-fuzz runs (fuzz/README.md), kept as regression cases:
/// (target, input).
const REGRESSIONS: &[(&str, &[u8])] = &[
    // Headings ended by lone CRs: the body of one section started after the next
    // one began, and slicing panicked (cargo-fuzz changelog, crash-5ba6a661…).
    ("changelog", b"\xcb\r\xcb\0\r-\r\rm\r-"),
    (
        "changelog",
        b"## [1.0.0] - 2024-01-01\r- a\r## [0.9.0] - 2023-01-01\r- b\r",
    ),
    // Escaping the inner `[[#anchor]]` once made `[[\[[#anchor]]` a wikilink.
    ("links", b"[[[[#anchor]]"),
    // libyaml counted the lone CRs as lines: an error on line 85 of a 24-line page
    // (cargo-fuzz front_matter, crash-16cd9143…, cut down).
    (
        "front_matter",
        b"---\ntitle: A\ntags\r\r\r\r\r\r: [x\n---\nBody\n",
    ),
    (
        "front_matter",
        b"---\ntitle: a\xe2\x80\xa8b\xc2\x85c\nweight: [heavy\n---\n",
    ),
    // The same for an unclosed quote, placed by the line libyaml names in its
    // message: line 66 of an 11-line page (crash-4f147115…, cut down).
    (
        "front_matter",
        b"---\ntitle: A\r\r\r\rdescription: x\naliases: \"open [x]\n---\nBody\n",
    ),
];

fn target(name: &str) -> fn(&[u8]) {
    match name {
        "front_matter" => fuzzing::front_matter,
        "versions" => fuzzing::versions,
        "links" => fuzzing::links,
        "import_front_matter" => fuzzing::import_front_matter,
        "serve_path" => fuzzing::serve_path,
        "changelog" => fuzzing::changelog,
        other => panic!("no fuzz target {other}"),
    }
}

/// Runs `run` on every input, collecting the ones that panic.
fn failures(name: &str, inputs: impl Iterator<Item = Vec<u8>>) -> Vec<String> {
    let run = target(name);
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let failed: Vec<String> = inputs
        .filter_map(|input| {
            let result = catch_unwind(AssertUnwindSafe(|| run(&input)));
            result.err().map(|panic| {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                format!("{name}: {:?}\n  {why}", String::from_utf8_lossy(&input))
            })
        })
        .collect();
    std::panic::set_hook(hook);
    failed
}

fn fuzz(name: &str, seed: u64, tokens: &[&str], max_tokens: usize) {
    let mut rng = Rng(seed);
    let generated = (0..CASES).map(|_| rng.input(tokens, max_tokens));
    let found = REGRESSIONS
        .iter()
        .filter(|(target, _)| *target == name)
        .map(|(_, input)| input.to_vec());
    let failed = failures(name, found.chain(generated));
    assert!(
        failed.is_empty(),
        "{} of {CASES} inputs failed (seed {seed}):\n{}",
        failed.len(),
        failed
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn front_matter_splitter_and_parser() {
    fuzz("front_matter", 0x5EED_0001, FRONT_MATTER, 40);
}

#[test]
fn version_and_requirement_parsers() {
    fuzz("versions", 0x5EED_0002, VERSIONS, 16);
}

#[test]
fn links_and_wikilinks() {
    fuzz("links", 0x5EED_0003, MARKDOWN, 40);
}

#[test]
fn import_front_matter_mapping() {
    fuzz("import_front_matter", 0x5EED_0004, IMPORT, 30);
}

#[test]
fn serve_url_to_path() {
    fuzz("serve_path", 0x5EED_0005, URLS, 10);
}

#[test]
fn keep_a_changelog_importer() {
    fuzz("changelog", 0x5EED_0006, CHANGELOG, 40);
}
