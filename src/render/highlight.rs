//! Build-time syntax highlighting with short CSS classes (not inline colours), so
//! one stylesheet can carry both a light and a dark palette.
//!
//! A tree-sitter grammar (bundled by arborium, one cargo feature per language)
//! parses a block and its highlight query names the nodes (`function.method`,
//! `string.special.key`); each name takes a short class (`f`, `nt`) after
//! Pygments' and Chroma's names, by [`RULES`] and the few per-language
//! [`LANGUAGE_RULES`]. Text takes the class of the innermost named node that has
//! one. Adjacent runs of one class share a span, and plain text (punctuation,
//! names, whitespace) has none, so a highlighted block weighs little more than
//! its text.
//!
//! Grammars are compiled once per process and shared by the render threads; each
//! thread keeps its own parser. `build` and `serve` compile them ahead
//! ([`compile_ahead`]): load names each language as it meets its first block
//! ([`expect`]), and one background thread compiles them while the pages load
//! and links are checked, rather than render threads waiting on them.
//!
//! `serve` also remembers each block it highlighted ([`remember_blocks`]): an
//! edit re-renders the pages around the edited one, whose code did not change.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::mpsc::Sender;
use std::sync::{Arc, LazyLock, Mutex, OnceLock, PoisonError};

use arborium::advanced::Span;
use arborium::{GrammarStore, Highlighter};

mod cache;
mod classes;

use classes::class_of;
pub use classes::stylesheet;

/// The compiled grammars, shared by every thread; each is compiled on first use,
/// so a site without code blocks never pays for it.
static GRAMMARS: LazyLock<Arc<GrammarStore>> = LazyLock::new(|| Arc::new(GrammarStore::new()));

/// One cell per language name: the first thread to need a grammar compiles it
/// while any other thread that needs the same one waits, instead of compiling it
/// a second time (Rust's and SQL's queries take ~0.1 s each).
static COMPILED: LazyLock<Mutex<HashMap<String, Arc<OnceLock<()>>>>> =
    LazyLock::new(Mutex::default);

thread_local! {
    /// Each render thread's parser over the shared grammars.
    static HIGHLIGHTER: RefCell<Highlighter> =
        RefCell::new(Highlighter::with_store(Arc::clone(&GRAMMARS)));
    /// The language names this thread knows are compiled (or unknown).
    static READY: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
    /// The language names this thread has sent to be compiled ahead.
    static EXPECTED: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// Where [`expect`] sends language names, once [`compile_ahead`] started the
/// thread that compiles them.
static AHEAD: OnceLock<Sender<String>> = OnceLock::new();

/// Compiles, from now on, the grammar of each language [`expect`] names on a
/// background thread, one after another. (A render thread that needs a grammar
/// not compiled yet compiles it itself, or waits for the one compiling it.)
pub fn compile_ahead() {
    AHEAD.get_or_init(|| {
        let (names, queue) = std::sync::mpsc::channel::<String>();
        // Without the thread (it could not start), its queue is closed and
        // grammars are compiled on first use.
        let _ = std::thread::Builder::new()
            .name("grammars".into())
            .spawn(move || {
                for name in queue {
                    compile_once(&name);
                }
            });
        names
    });
}

/// A code block in fence language `lang` is coming: with [`compile_ahead`] on,
/// its grammar starts compiling now, unless the block was highlighted before
/// (remembered, or in the cache of earlier builds).
pub fn expect(lang: &str, code: &str) {
    let Some(names) = AHEAD.get() else {
        return;
    };
    let fence = fence_language(lang);
    if fence.is_empty() {
        return;
    }
    let name = grammar_name(&fence);
    if EXPECTED.with(|expected| expected.borrow().contains(name)) {
        return;
    }
    if remembered_html(lang, code).is_some() {
        return;
    }
    EXPECTED.with(|expected| expected.borrow_mut().insert(name.to_owned()));
    // A closed queue (the thread could not start) just leaves it to render.
    let _ = names.send(name.to_owned());
}

/// Compiles a language's grammar once per process, whichever thread asks first.
fn compile_once(name: &str) {
    READY.with(|ready| {
        if ready.borrow().contains(name) {
            return;
        }
        let cell = Arc::clone(
            COMPILED
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(name.to_owned())
                .or_default(),
        );
        cell.get_or_init(|| {
            GRAMMARS.get(name);
        });
        ready.borrow_mut().insert(name.to_owned());
    });
}

/// The grammar's own name for a fence name, for the names the rules below and in
/// [`classes`] are written for (arborium itself maps the rest: `js`, `ts`, `py`,
/// `rs`, `ps1`, …).
fn grammar_name(lang: &str) -> &str {
    match lang {
        "sh" | "shell" | "zsh" | "console" => "bash",
        "yml" => "yaml",
        "jsonc" => "json",
        "tf" | "terraform" => "hcl",
        "properties" | "conf" | "cfg" => "ini",
        "patch" => "diff",
        "md" => "markdown",
        "makefile" | "mk" => "make",
        other => other,
    }
}

/// `<pre><code>` for a fenced block: highlighted when the language is known,
/// escaped plain text otherwise.
pub fn code_block(lang: &str, code: &str) -> String {
    let Some(remembered) = REMEMBERED.get() else {
        return highlight(&fence_language(lang), code);
    };
    if let Some(html) = remembered_html(lang, code) {
        return html.to_string();
    }
    let html = highlight(&fence_language(lang), code);
    let key = block_key(lang, code);
    let mut remembered = remembered.lock().unwrap_or_else(PoisonError::into_inner);
    let block = Block {
        lang: lang.into(),
        code: code.into(),
        html: Arc::from(html.as_str()),
    };
    if remembered.bytes + block.weight() <= REMEMBERED_BYTES {
        remembered.bytes += block.weight();
        remembered.blocks.insert(key, block);
        remembered.used.insert(key);
        remembered.added = true;
    }
    html
}

/// The HTML of a block highlighted before, if it is remembered (the same
/// language and code, byte for byte); a block found counts as used.
fn remembered_html(lang: &str, code: &str) -> Option<Arc<str>> {
    let remembered = REMEMBERED.get()?;
    let key = block_key(lang, code);
    let mut remembered = remembered.lock().unwrap_or_else(PoisonError::into_inner);
    let block = remembered.blocks.get(&key)?;
    if &*block.lang != lang || &*block.code != code {
        return None; // two blocks with one hash: the later is highlighted each time
    }
    let html = Arc::clone(&block.html);
    remembered.used.insert(key);
    Some(html)
}

/// The blocks [`code_block`] highlighted, by [`block_key`], once
/// [`remember_blocks`] or [`use_cache`] is on: a tree-sitter parse and query
/// costs 10–50 µs per block, a tenth of a serve title edit at 10,000 pages
/// (its 30–60 re-rendered pages' code is the same as before), and a quarter of
/// a build's CPU.
#[derive(Default)]
struct Remembered {
    blocks: crate::hashing::FastMap<u64, Block>,
    bytes: usize,
    /// The blocks found or highlighted since they were loaded: what the cache
    /// keeps (a block no page has any more goes with the next save).
    used: crate::hashing::FastSet<u64>,
    /// Whether a block was highlighted that the cache did not have.
    added: bool,
}

/// A highlighted block, with its language and code to tell it from another of
/// the same hash.
struct Block {
    lang: Box<str>,
    code: Box<str>,
    html: Arc<str>,
}

impl Block {
    fn weight(&self) -> usize {
        self.lang.len() + self.code.len() + self.html.len()
    }
}

/// At most this many bytes of code and highlighted HTML are remembered (a
/// 10,000-page site with 31,000 blocks has 18 MB); past it, new blocks are
/// highlighted each time.
const REMEMBERED_BYTES: usize = 64 << 20;

static REMEMBERED: OnceLock<Mutex<Remembered>> = OnceLock::new();

/// From now on, a block highlighted once is not highlighted again in this
/// process (serve; a build highlights each block once anyway).
pub fn remember_blocks() {
    REMEMBERED.get_or_init(Mutex::default);
}

/// Remembers the blocks that the cache file at `path` holds (written by
/// [`save_cache`] of an earlier build), and every block highlighted from now on.
/// A missing, unreadable or foreign file (another almanac binary's) is an
/// empty cache.
pub fn use_cache(path: &Path) {
    remember_blocks();
    let Some(loaded) = cache::read(path) else {
        return;
    };
    let mut remembered = lock_remembered();
    for (lang, code, html) in loaded {
        let key = block_key(&lang, &code);
        let block = Block {
            lang: lang.into(),
            code: code.into(),
            html: html.into(),
        };
        if remembered.bytes + block.weight() > REMEMBERED_BYTES {
            break;
        }
        remembered.bytes += block.weight();
        remembered.blocks.insert(key, block);
    }
}

/// Writes the blocks used since [`use_cache`] to the cache file at `path`, when
/// they are not what it holds already (a block was highlighted, or one is no
/// longer used). Written whole to a temporary file, then renamed over the old.
pub fn save_cache(path: &Path) -> std::io::Result<()> {
    let remembered = lock_remembered();
    if !remembered.added && remembered.used.len() == remembered.blocks.len() {
        return Ok(());
    }
    let mut keys: Vec<u64> = remembered.used.iter().copied().collect();
    keys.sort_unstable();
    let blocks = keys.iter().filter_map(|key| remembered.blocks.get(key));
    cache::write(path, blocks.map(|b| (&*b.lang, &*b.code, &*b.html)))
}

fn lock_remembered() -> std::sync::MutexGuard<'static, Remembered> {
    REMEMBERED
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

/// A block's language and code as one 64-bit hash (XXH3, as output files are
/// known by): at 64 bits, two blocks of a site's code do not collide.
fn block_key(lang: &str, code: &str) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(lang.as_bytes());
    hasher.update(&[0]);
    hasher.update(code.as_bytes());
    hasher.digest()
}

/// The language of a fence's info string: its first word, lowercased
/// (`Rust,ignore` → `rust`).
fn fence_language(info: &str) -> String {
    info.split([',', ' '])
        .next()
        .unwrap_or("")
        .trim()
        .to_lowercase()
}

fn highlight(lang: &str, code: &str) -> String {
    if lang.is_empty() {
        return format!(
            "<pre class=\"code\"><code>{}</code></pre>\n",
            escape_text(code)
        );
    }
    let name = grammar_name(lang);
    compile_once(name);
    let spans =
        HIGHLIGHTER.with(|highlighter| highlighter.borrow_mut().highlight_spans(name, code));
    let body = match spans {
        Ok(spans) => classed(name, code, &spans),
        Err(_) => escape_text(code),
    };
    let lang = escape(lang);
    // `data-lang` names the language once: the code bar shows it, styles may use it.
    format!("<pre class=\"code\" data-lang=\"{lang}\"><code>{body}</code></pre>\n")
}

/// A named node's byte range and class; `pattern` is its rule's place in the
/// highlight query. Of two rules naming the same node the later one wins, as the
/// bundled queries expect (YAML's `@property` for a key comes after its
/// `@string`), except in [`EARLIER_WINS`].
#[derive(Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    pattern: u32,
    class: &'static str,
}

/// Grammars whose queries name a node specifically first and generally after, as
/// tree-sitter's own highlighter reads them: JSON's `(pair key: (_)
/// @string.special.key)` comes before `(string) @string`, HCL's keywords before
/// its catch-all `(identifier) @variable`.
const EARLIER_WINS: [&str; 2] = ["json", "hcl"];

/// The block's text with a span around each run of classed text. Nodes nest
/// (a string inside an interpolation inside a string); the innermost named
/// one gives the class, and a node that would end past its parent is cut at
/// the parent's end.
fn classed(lang: &str, code: &str, spans: &[Span]) -> String {
    let mut runs: Vec<Run> = spans
        .iter()
        .filter_map(|span| {
            let run = Run {
                start: span.start as usize,
                end: (span.end as usize).min(code.len()),
                pattern: span.pattern_index,
                class: class_of(lang, &span.capture)?,
            };
            (run.start < run.end).then_some(run)
        })
        .collect();
    // Outer nodes before inner ones; of two captures of one node, the winning rule first.
    if EARLIER_WINS.contains(&lang) {
        runs.sort_by(|a, b| (a.start, b.end, a.pattern).cmp(&(b.start, a.end, b.pattern)));
    } else {
        runs.sort_by(|a, b| (a.start, b.end, b.pattern).cmp(&(b.start, a.end, a.pattern)));
    }
    runs.dedup_by(|later, kept| later.start == kept.start && later.end == kept.end);

    let mut out = Spans::new(code.len());
    let mut open: Vec<Run> = Vec::new();
    let mut at = 0;
    let write_to = |out: &mut Spans, open: &[Run], at: &mut usize, to: usize| {
        if to > *at {
            out.push(open.last().map(|run| run.class), &code[*at..to]);
            *at = to;
        }
    };
    for mut run in runs {
        while let Some(last) = open.last().copied() {
            if last.end > run.start {
                break;
            }
            write_to(&mut out, &open, &mut at, last.end);
            open.pop();
        }
        if run.end <= at {
            continue;
        }
        write_to(&mut out, &open, &mut at, run.start);
        if let Some(parent) = open.last() {
            run.end = run.end.min(parent.end);
        }
        open.push(run);
    }
    while let Some(last) = open.last().copied() {
        write_to(&mut out, &open, &mut at, last.end);
        open.pop();
    }
    let end = code.len();
    write_to(&mut out, &open, &mut at, end);
    out.finish()
}

/// Writes runs of text, opening a span only where the class changes. Whitespace
/// between two runs of one class joins them (it shows no colour).
struct Spans {
    html: String,
    open: Option<&'static str>,
    held: String,
}

impl Spans {
    fn new(len: usize) -> Spans {
        Spans {
            html: String::with_capacity(len + len / 2),
            open: None,
            held: String::new(),
        }
    }

    fn push(&mut self, class: Option<&'static str>, text: &str) {
        if class.is_none() && self.open.is_some() && text.trim().is_empty() {
            self.held.push_str(text);
            return;
        }
        if class != self.open {
            if self.open.is_some() {
                self.html.push_str("</span>");
            }
            if let Some(class) = class {
                self.html.push_str(&self.held);
                self.held.clear();
                self.html.push_str("<span class=\"");
                self.html.push_str(class);
                self.html.push_str("\">");
            }
            self.open = class;
        }
        self.html.push_str(&self.held);
        self.held.clear();
        push_text(&mut self.html, text);
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html.push_str(&self.held);
        self.html
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for element content only: quotes stay as they are (code is full of them).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_text(&mut out, text);
    out
}

fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_block_is_used_only_for_its_own_language_and_code() {
        // Code no other test highlights: the remembered blocks are the process's.
        let code = "fn kept_by_the_cache_test() {}\n";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("highlight");
        cache::write(
            &path,
            [("rust", code, "<pre>from the cache</pre>")].into_iter(),
        )
        .unwrap();
        use_cache(&path);
        assert_eq!(code_block("rust", code), "<pre>from the cache</pre>");
        assert_ne!(
            code_block("rust", &code.replace("kept", "other")),
            "<pre>from the cache</pre>"
        );
        assert_ne!(code_block("python", code), "<pre>from the cache</pre>");
    }

    #[test]
    fn a_remembered_block_is_the_block_highlighted_again() {
        let blocks = [
            ("rust", "fn main() {}\n"),
            ("yaml", "a: 1\n"),
            ("", "<plain> & text"),
            ("no-such-language", "x < y"),
        ];
        let fresh: Vec<String> = blocks
            .iter()
            .map(|(lang, code)| highlight(&fence_language(lang), code))
            .collect();
        remember_blocks();
        for _ in 0..2 {
            for ((lang, code), fresh) in blocks.iter().zip(&fresh) {
                assert_eq!(&code_block(lang, code), fresh, "{lang}");
            }
        }
        // The same code in another language is another block.
        assert!(code_block("python", "x = 1\n").contains("data-lang=\"python\""));
        assert!(code_block("rust", "x = 1\n").contains("data-lang=\"rust\""));
    }

    #[test]
    fn known_languages_get_short_classes_and_unknown_ones_are_escaped() {
        let html = code_block("rust", "fn main() {}\n");
        assert_eq!(
            html,
            "<pre class=\"code\" data-lang=\"rust\"><code>\
             <span class=\"k\">fn</span> <span class=\"f\">main</span>() {}\n</code></pre>\n"
        );
        let html = code_block("nonsense-lang", "<script>\"&\"\n");
        assert!(
            html.contains("&lt;script&gt;\"&amp;\"") && !html.contains("<span"),
            "{html}"
        );
    }

    #[test]
    fn runs_of_one_class_share_a_span_and_plain_text_has_none() {
        // The quotes and the text of a string are one span; so are a comment and
        // the space inside it; `=` is an operator, names and spaces are plain.
        let html = code_block("python", "name = \"a b\"  # note it\n");
        assert!(
            html.contains(
                "name <span class=\"o\">=</span> <span class=\"s\">\"a b\"</span>  <span class=\"c\"># note it</span>\n"
            ),
            "{html}"
        );
        // A JSON key is a key, its value a string.
        let html = code_block("json", "{\"port\": \"80\"}\n");
        assert!(
            html.contains("<span class=\"nt\">\"port\"</span>: <span class=\"s\">\"80\"</span>"),
            "{html}"
        );
    }

    /// One row per language docs use: a line of it and spans its highlighting
    /// must contain (the text between is plain). All rows are checked, and every
    /// mismatch is reported at once.
    struct Case {
        lang: &'static str,
        code: &'static str,
        spans: &'static [(&'static str, &'static str)],
    }

    const CASES: &[Case] = &[
        Case {
            lang: "bash",
            code: "curl -fsSL $URL | sh # get\n",
            spans: &[("f", "curl"), ("v", "-fsSL"), ("o", "|"), ("c", "# get")],
        },
        Case {
            lang: "sh",
            code: "export A=\"b\"\n",
            spans: &[("k", "export"), ("s", "\"b\"")],
        },
        Case {
            lang: "console",
            code: "echo hi\n",
            spans: &[("f", "echo")],
        },
        Case {
            lang: "yaml",
            code: "port: 80\nname: web # x\n",
            spans: &[("nt", "port"), ("n", "80"), ("s", "web"), ("c", "# x")],
        },
        Case {
            lang: "yml",
            code: "on: true\n",
            spans: &[("nt", "on"), ("l", "true")],
        },
        Case {
            lang: "json",
            code: "{\"a\": [1, true, null]}\n",
            spans: &[("nt", "\"a\""), ("n", "1"), ("l", "true"), ("l", "null")],
        },
        Case {
            lang: "toml",
            code: "[server]\nport = 80\nhost = \"h\"\n",
            spans: &[
                ("nt", "server"),
                ("nt", "port"),
                ("o", "="),
                ("n", "80"),
                ("s", "\"h\""),
            ],
        },
        Case {
            lang: "ini",
            code: "[core]\nname = x\n",
            spans: &[("t", "core"), ("nt", "name"), ("o", "=")],
        },
        Case {
            lang: "rust",
            code: "let x: u8 = f(\"s\"); // c\n",
            spans: &[
                ("k", "let"),
                ("t", "u8"),
                ("f", "f"),
                ("s", "\"s\""),
                ("c", "// c"),
            ],
        },
        Case {
            lang: "python",
            code: "def go(n):\n    return len(n)\n",
            spans: &[("k", "def"), ("f", "go"), ("k", "return"), ("f", "len")],
        },
        Case {
            lang: "go",
            code: "func main() { fmt.Println(\"hi\") }\n",
            spans: &[
                ("k", "func"),
                ("f", "main"),
                ("f", "Println"),
                ("s", "\"hi\""),
            ],
        },
        Case {
            lang: "js",
            code: "const a = await get(\"u\");\n",
            spans: &[("k", "const"), ("k", "await"), ("f", "get"), ("s", "\"u\"")],
        },
        Case {
            lang: "typescript",
            code: "let n: number = 1;\n",
            spans: &[("k", "let"), ("t", "number"), ("n", "1")],
        },
        Case {
            lang: "sql",
            code: "SELECT id FROM t WHERE n = 'x';\n",
            spans: &[
                ("k", "SELECT"),
                ("k", "FROM"),
                ("k", "WHERE"),
                ("o", "="),
                ("s", "'x'"),
            ],
        },
        Case {
            lang: "dockerfile",
            code: "FROM debian:13\nRUN apt-get update\n",
            spans: &[("k", "FROM"), ("k", "RUN")],
        },
        Case {
            lang: "hcl",
            code: "resource \"a\" \"b\" {\n  count = 2\n}\n",
            spans: &[
                ("k", "resource"),
                ("s", "\"a\" \"b\""),
                ("nt", "count"),
                ("n", "2"),
            ],
        },
        Case {
            lang: "powershell",
            code: "$x = Get-Item C:\\\n",
            spans: &[("v", "$x"), ("f", "Get-Item")],
        },
        Case {
            lang: "html",
            code: "<a href=\"/x\">y</a>\n",
            spans: &[("nt", "a"), ("na", "href"), ("s", "/x")],
        },
        Case {
            lang: "css",
            code: "a { color: red; }\n",
            spans: &[("nt", "a"), ("na", "color")],
        },
        Case {
            lang: "diff",
            code: "@@ -1 +1 @@\n-old\n+new\n",
            spans: &[("gm", "@@ -1 +1 @@"), ("gd", "-old"), ("gi", "+new")],
        },
        // The languages of SDK and API docs.
        Case {
            lang: "java",
            code: "public class A { String s = \"x\"; } // c\n",
            spans: &[("t", "A"), ("t", "String"), ("s", "\"x\""), ("c", "// c")],
        },
        Case {
            lang: "csharp",
            code: "var s = \"x\"; public int N { get; } // c\n",
            spans: &[
                ("k", "var"),
                ("s", "\"x\""),
                ("k", "public"),
                ("t", "int"),
                ("c", "// c"),
            ],
        },
        Case {
            lang: "cpp",
            code: "#include <x>\nint main() { return 0; }\n",
            spans: &[
                ("k", "#include"),
                ("t", "int"),
                ("f", "main"),
                ("k", "return"),
                ("n", "0"),
            ],
        },
        Case {
            lang: "c",
            code: "int f(char *s) { return 1; } /* c */\n",
            spans: &[
                ("t", "int"),
                ("f", "f"),
                ("t", "char"),
                ("k", "return"),
                ("c", "/* c */"),
            ],
        },
        Case {
            lang: "ruby",
            code: "def go(n)\n  puts \"hi\" # c\nend\n",
            spans: &[
                ("k", "def"),
                ("f", "go"),
                ("s", "\"hi\""),
                ("c", "# c"),
                ("k", "end"),
            ],
        },
        Case {
            lang: "php",
            code: "<?php function go($n) { return \"x\"; }\n",
            spans: &[
                ("k", "function"),
                ("f", "go"),
                ("k", "return"),
                ("s", "\"x\""),
            ],
        },
        Case {
            lang: "kotlin",
            code: "fun main() { val s = \"x\" } // c\n",
            spans: &[
                ("k", "fun"),
                ("f", "main"),
                ("k", "val"),
                ("s", "\"x\""),
                ("c", "// c"),
            ],
        },
        Case {
            lang: "swift",
            code: "let s = \"x\" // c\nfunc go() {}\n",
            spans: &[
                ("k", "let"),
                ("s", "\"x\""),
                ("c", "// c"),
                ("k", "func"),
                ("f", "go"),
            ],
        },
        Case {
            lang: "makefile",
            code: "all: build\n\tgo build ./... # c\n",
            spans: &[("f", "all"), ("c", "# c")],
        },
        Case {
            lang: "graphql",
            code: "query { user(id: 1) { name } } # c\n",
            spans: &[("k", "query"), ("n", "1"), ("c", "# c")],
        },
        Case {
            lang: "nginx",
            code: "server { listen 80; root /var/www; }\n",
            spans: &[("f", "listen"), ("n", "80"), ("s", "/var/www")],
        },
    ];

    #[test]
    fn each_language_docs_use_gets_its_classes() {
        let mut wrong = Vec::new();
        for case in CASES {
            let html = code_block(case.lang, case.code);
            for (class, text) in case.spans {
                let span = format!("<span class=\"{class}\">{}</span>", escape_text(text));
                if !html.contains(&span) {
                    wrong.push(format!("{}: no {span} in {html}", case.lang));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn nested_and_injected_code_takes_the_innermost_class() {
        // A string's interpolation is not a string; CSS inside HTML is highlighted
        // (by the outer language's rules: the selector is a tag).
        let html = code_block("bash", "echo \"a $(date) b\"\n");
        assert!(html.contains("<span class=\"f\">date</span>"), "{html}");
        let html = code_block("html", "<style>p { color: red }</style>\n");
        assert!(html.contains("&gt;<span class=\"nt\">p</span> {"), "{html}");
        // Text is never lost or repeated, whatever the nesting.
        for case in CASES {
            let html = code_block(case.lang, case.code);
            let body = &html[html.find("\">").unwrap() + 2..];
            let body = &body[body.find('>').unwrap() + 1..body.rfind("</code>").unwrap()];
            let text = strip_tags(body)
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            assert_eq!(text, case.code, "{}", case.lang);
        }
    }

    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }
}
