//! Build-time syntax highlighting with short CSS classes (not inline colours), so
//! one stylesheet can carry both a light and a dark palette.
//!
//! syntect parses a block into scopes (`keyword.operator.assignment.rust`); each
//! run of text takes the short class of its innermost scope that has one (`o`),
//! after Pygments' and Chroma's names. Adjacent runs of one class share a span,
//! and plain text (punctuation, names, whitespace) has none, so a highlighted
//! block weighs little more than its text.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Loaded on first use: a site without code blocks never pays for it.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Common fence names that syntect's bundled grammars know under another name.
fn grammar_name(lang: &str) -> &str {
    match lang {
        "sh" | "shell" | "zsh" | "console" => "bash",
        "yml" => "yaml",
        "js" | "jsx" | "mjs" => "javascript",
        "ts" | "tsx" => "typescript",
        "py" => "python",
        "rs" => "rust",
        "golang" => "go",
        "ini" | "conf" | "cfg" | "toml" | "properties" => "ini",
        "ps1" | "pwsh" | "powershell" => "bash",
        "dockerfile" => "Dockerfile",
        other => other,
    }
}

/// `<pre><code>` for a fenced block: highlighted when the language is known,
/// escaped plain text otherwise.
pub fn code_block(lang: &str, code: &str) -> String {
    let lang = lang
        .split([',', ' '])
        .next()
        .unwrap_or("")
        .trim()
        .to_lowercase();
    highlight(&lang, code)
}

fn highlight(lang: &str, code: &str) -> String {
    if lang.is_empty() {
        return format!(
            "<pre class=\"code\"><code>{}</code></pre>\n",
            escape_text(code)
        );
    }
    let name = grammar_name(lang);
    let body = SYNTAXES
        .find_syntax_by_token(name)
        .or_else(|| SYNTAXES.find_syntax_by_name(name))
        .and_then(|syntax| classed(syntax, code))
        .unwrap_or_else(|| escape_text(code));
    let lang = escape(lang);
    format!("<pre class=\"code\" data-lang=\"{lang}\"><code class=\"language-{lang}\">{body}</code></pre>\n")
}

/// The block's text with a span around each run of classed tokens, or None when
/// the grammar fails on it.
fn classed(syntax: &SyntaxReference, code: &str) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = Spans::new(code.len());
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        let mut at = 0;
        for (i, op) in ops {
            if i > at {
                out.push(class_of(stack.as_slice()), &line[at..i]);
                at = i;
            }
            stack.apply(&op).ok()?;
        }
        if at < line.len() {
            out.push(class_of(stack.as_slice()), &line[at..]);
        }
    }
    Some(out.finish())
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

/// A short class, the colour role it takes (see [`ROLES`]) and any further style.
struct Class {
    name: &'static str,
    role: Option<&'static str>,
    style: &'static str,
}

const fn class(name: &'static str, role: &'static str) -> Class {
    Class {
        name,
        role: Some(role),
        style: "",
    }
}

/// The classes a highlighted block uses, after Pygments' short names.
const CLASSES: [Class; 22] = [
    Class {
        name: "c",
        role: Some("comment"),
        style: "font-style: italic",
    },
    class("k", "keyword"),
    class("o", "keyword"),
    class("s", "string"),
    class("se", "constant"),
    class("n", "constant"),
    class("l", "constant"),
    class("f", "function"),
    class("t", "variable"),
    class("v", "variable"),
    class("nt", "tag"),
    class("na", "constant"),
    class("gh", "constant"),
    class("gi", "tag"),
    class("gd", "deleted"),
    class("gr", "constant"),
    class("gq", "tag"),
    class("gl", "variable"),
    class("gu", "string"),
    class("gm", "function"),
    Class {
        name: "gs",
        role: None,
        style: "font-weight: 650",
    },
    Class {
        name: "ge",
        role: None,
        style: "font-style: italic",
    },
];

/// Which scope takes which class: the first rule all of whose atoms the scope has
/// (in any order, as CSS compound selectors match), so specific rules come first.
/// A scope no rule matches (punctuation, `meta.*`, `source.*`) is transparent: its
/// text takes the class of an enclosing scope, or none.
const RULES: [(&str, &str); 34] = [
    ("punctuation definition comment", "c"),
    ("constant character escape", "se"),
    ("markup underline link", "gu"),
    ("markup heading", "gh"),
    ("markup inserted", "gi"),
    ("markup deleted", "gd"),
    ("invalid", "gd"),
    ("markup raw", "gr"),
    ("markup quote", "gq"),
    ("markup list", "gl"),
    ("markup bold", "gs"),
    ("markup italic", "ge"),
    ("meta diff range", "gm"),
    ("meta diff header", "gm"),
    ("entity name function", "f"),
    ("support function", "f"),
    ("variable function", "f"),
    ("entity name tag", "nt"),
    ("entity other attribute-name", "na"),
    ("entity name section", "na"),
    ("entity name type", "t"),
    ("entity name class", "t"),
    ("support type", "t"),
    ("support class", "t"),
    ("variable parameter", "v"),
    ("meta expansion parameter", "v"),
    ("variable language", "l"),
    ("support constant", "l"),
    ("constant numeric", "n"),
    ("constant", "l"),
    ("keyword operator", "o"),
    ("keyword", "k"),
    ("storage", "k"),
    ("string", "s"),
];

/// Rules tried after [`RULES`] (general roles a more specific scope overrides).
const LAST_RULES: [(&str, &str); 2] = [("comment", "c"), ("variable", "v")];

/// The class of a run of text: its innermost scope's that has one. A string that
/// is a mapping's key (JSON, YAML flow) is a key, not a string.
fn class_of(stack: &[Scope]) -> Option<&'static str> {
    let (at, class) = stack
        .iter()
        .enumerate()
        .rev()
        .find_map(|(at, &scope)| scope_kind(scope).class.map(|class| (at, class)))?;
    if class == "s" && stack[..at].iter().any(|&scope| scope_kind(scope).key) {
        return Some("nt");
    }
    Some(class)
}

/// What a scope means for highlighting.
#[derive(Clone, Copy)]
struct ScopeKind {
    class: Option<&'static str>,
    /// A `meta.*.key` scope: the strings inside it are keys.
    key: bool,
}

thread_local! {
    /// Each scope's kind, worked out once per thread (a grammar has a few hundred).
    static SCOPE_KINDS: RefCell<HashMap<Scope, ScopeKind>> = RefCell::new(HashMap::new());
}

fn scope_kind(scope: Scope) -> ScopeKind {
    SCOPE_KINDS.with(|cache| {
        *cache.borrow_mut().entry(scope).or_insert_with(|| {
            let name = scope.build_string();
            let atoms: Vec<&str> = name.split('.').collect();
            let class = RULES
                .iter()
                .chain(&LAST_RULES)
                .find(|(rule, _)| rule.split(' ').all(|atom| atoms.contains(&atom)))
                .map(|&(_, class)| class);
            let key = atoms.first() == Some(&"meta") && atoms.contains(&"key");
            ScopeKind { class, key }
        })
    })
}

/// A role a token can play, with its colour on the light and on the dark code
/// background. One palette for both themes (after GitHub's Primer): the same roles
/// keep the same hues, and every colour is at 4.5:1 or better on its background
/// (the test below checks it against `--code-bg` in style.css).
struct Role {
    name: &'static str,
    light: &'static str,
    dark: &'static str,
}

const ROLES: [Role; 8] = [
    Role {
        name: "comment",
        light: "#57606a",
        dark: "#8b949e",
    },
    Role {
        name: "keyword",
        light: "#cf222e",
        dark: "#ff7b72",
    },
    Role {
        name: "string",
        light: "#0a3069",
        dark: "#a5d6ff",
    },
    Role {
        name: "constant",
        light: "#0550ae",
        dark: "#79c0ff",
    },
    Role {
        name: "function",
        light: "#8250df",
        dark: "#d2a8ff",
    },
    Role {
        name: "variable",
        light: "#953800",
        dark: "#ffa657",
    },
    Role {
        name: "tag",
        light: "#116329",
        dark: "#7ee787",
    },
    Role {
        name: "deleted",
        light: "#82071e",
        dark: "#ffa198",
    },
];

/// The stylesheet for highlighted code: the palette's colours as custom
/// properties (dark ones for readers whose system prefers dark mode or who chose
/// it with the theme toggle; print always gets the light ones), then one rule per
/// class, scoped to code blocks so the short names never clash with the theme's.
pub fn stylesheet() -> String {
    let vars = |pick: fn(&Role) -> &'static str| {
        ROLES
            .iter()
            .map(|r| format!("  --hl-{}: {};\n", r.name, pick(r)))
            .collect::<String>()
    };
    let (light, dark) = (vars(|r| r.light), vars(|r| r.dark));
    let mut css = format!(
        "/* almanac's syntax palette: one set of roles for both themes, every colour at 4.5:1 or better. */\n\
         :root {{\n{light}}}\n\
         @media screen {{\n:root[data-theme=\"dark\"] {{\n{dark}}}\n}}\n\
         @media screen and (prefers-color-scheme: dark) {{\n:root:not([data-theme=\"light\"]) {{\n{dark}}}\n}}\n"
    );
    for class in &CLASSES {
        let colour = class.role.map(|role| format!("color: var(--hl-{role});"));
        let style = (!class.style.is_empty()).then(|| format!("{};", class.style));
        let body = [colour, style]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        css.push_str(&format!(".code .{} {{ {body} }}\n", class.name));
    }
    css
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
    fn known_languages_get_short_classes_and_unknown_ones_are_escaped() {
        let html = code_block("rust", "fn main() {}\n");
        assert_eq!(
            html,
            "<pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\">\
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
                "name <span class=\"o\">=</span> <span class=\"s\">\"a b\"</span>  <span class=\"c\"># note it\n</span>"
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

    #[test]
    fn every_class_has_a_rule_and_every_role_a_colour() {
        let css = stylesheet();
        assert!(css.contains(":root[data-theme=\"dark\"] {"), "{css}");
        assert!(css.contains("@media screen and (prefers-color-scheme: dark)"));
        for (_, class) in RULES.iter().chain(&LAST_RULES) {
            assert!(
                css.contains(&format!(".code .{class} {{")),
                "no rule for {class}"
            );
        }
        for class in &CLASSES {
            if let Some(role) = class.role {
                assert!(ROLES.iter().any(|r| r.name == role), "unknown role {role}");
            }
        }
    }

    /// Relative luminance of `#rrggbb`, as WCAG 2 defines it.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_token_colour_reaches_4_5_to_1_on_the_code_background_of_its_theme() {
        // The code backgrounds are the theme's: the first `--code-bg` of style.css is
        // the light one, the others are the dark palette (set twice, by toggle and by OS).
        let css = include_str!("../../themes/default/static/style.css");
        let backgrounds: Vec<&str> = css
            .match_indices("--code-bg:")
            .map(|(at, _)| css[at + 10..].trim_start()[..7].trim_end_matches(';'))
            .collect();
        assert_eq!(backgrounds.len(), 3, "{backgrounds:?}");
        let (light_bg, dark_bgs) = (backgrounds[0], &backgrounds[1..]);
        let mut low = Vec::new();
        for role in &ROLES {
            let light = contrast(role.light, light_bg);
            if light < 4.5 {
                low.push(format!(
                    "{} light {} on {light_bg}: {light:.2}",
                    role.name, role.light
                ));
            }
            for bg in dark_bgs {
                let dark = contrast(role.dark, bg);
                if dark < 4.5 {
                    low.push(format!(
                        "{} dark {} on {bg}: {dark:.2}",
                        role.name, role.dark
                    ));
                }
            }
        }
        assert!(low.is_empty(), "{}", low.join("\n"));
        // The code's plain text too.
        assert!(contrast("#24292f", light_bg) >= 4.5 && contrast("#c9d1d9", dark_bgs[0]) >= 4.5);
    }
}
