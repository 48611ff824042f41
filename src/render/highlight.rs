//! Build-time syntax highlighting with CSS classes (not inline colours), so one
//! stylesheet can carry both a light and a dark palette.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Classes are prefixed so they never clash with the theme's own.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

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
    let label = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(lang))
    };
    let syntax = (!lang.is_empty())
        .then(|| {
            let name = grammar_name(lang);
            SYNTAXES
                .find_syntax_by_token(name)
                .or_else(|| SYNTAXES.find_syntax_by_name(name))
        })
        .flatten();
    let body = match syntax {
        Some(syntax) => {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
            let ok = LinesWithEndings::from(code).all(|line| {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .is_ok()
            });
            if ok {
                generator.finalize()
            } else {
                escape(code)
            }
        }
        None => escape(code),
    };
    format!("<pre class=\"code\"{label}><code{class}>{body}</code></pre>\n")
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

/// Which scopes (syntect's classes, `hl-` prefixed) take which role. Later rules
/// win over earlier ones of the same specificity, so general scopes come first.
const RULES: [(&str, &str); 20] = [
    (".hl-comment", "comment"),
    (".hl-string", "string"),
    (".hl-constant, .hl-variable.hl-language, .hl-support.hl-constant", "constant"),
    (".hl-keyword, .hl-storage", "keyword"),
    (".hl-variable", "variable"),
    (".hl-variable.hl-parameter, .hl-meta.hl-expansion.hl-parameter", "variable"),
    (".hl-entity.hl-name.hl-type, .hl-entity.hl-name.hl-class, .hl-support.hl-type, .hl-support.hl-class", "variable"),
    (".hl-entity.hl-name.hl-function, .hl-support.hl-function, .hl-variable.hl-function", "function"),
    (".hl-entity.hl-name.hl-tag, .hl-meta.hl-structure.hl-key > .hl-string", "tag"),
    (".hl-entity.hl-other.hl-attribute-name, .hl-entity.hl-name.hl-section", "constant"),
    (".hl-constant.hl-character.hl-escape", "constant"),
    (".hl-markup.hl-heading", "constant"),
    (".hl-markup.hl-inserted", "tag"),
    (".hl-markup.hl-deleted, .hl-invalid", "deleted"),
    (".hl-markup.hl-raw", "constant"),
    (".hl-markup.hl-quote", "tag"),
    (".hl-markup.hl-list", "variable"),
    (".hl-markup.hl-underline.hl-link", "string"),
    (".hl-punctuation.hl-definition.hl-comment", "comment"),
    (".hl-meta.hl-diff.hl-range, .hl-meta.hl-diff.hl-header", "function"),
];

/// The stylesheet for highlighted code: the palette's colours as custom
/// properties (dark ones for readers whose system prefers dark mode or who chose
/// it with the theme toggle; print always gets the light ones), then the rules.
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
    for (selectors, role) in RULES {
        css.push_str(&format!("{selectors} {{ color: var(--hl-{role}); }}\n"));
    }
    css.push_str(".hl-comment { font-style: italic; }\n.hl-markup.hl-bold { font-weight: 650; }\n.hl-markup.hl-italic { font-style: italic; }\n");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_and_unknown_ones_are_escaped() {
        let html = code_block("rust", "fn main() {}\n");
        assert!(html.contains("class=\"hl-"), "{html}");
        let html = code_block("nonsense-lang", "<script>\n");
        assert!(
            html.contains("&lt;script&gt;") && !html.contains("hl-"),
            "{html}"
        );
    }

    #[test]
    fn dark_palette_is_scoped() {
        let css = stylesheet();
        assert!(css.contains(":root[data-theme=\"dark\"] {"), "{css}");
        assert!(
            css.contains("@media (prefers-color-scheme: dark)")
                || css.contains("@media screen and (prefers-color-scheme: dark)")
        );
        for (_, role) in RULES {
            assert!(ROLES.iter().any(|r| r.name == role), "unknown role {role}");
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
