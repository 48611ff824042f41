//! Which class each highlight name takes, and which colour each class has: the
//! short classes (after Pygments'), the rules from tree-sitter highlight names to
//! them, and the palette the syntax stylesheet gives them in both themes.

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

/// Which highlight name takes which class: the first rule that is the name or a
/// dotted prefix of it (`function` covers `function.method`), so specific rules
/// come first. A name no rule matches (`punctuation.*`, `variable`, `property`,
/// `embedded`) is transparent: its text takes the class of an enclosing node, or
/// none. The names are those of the bundled grammars' highlight queries.
const RULES: [(&str, &str); 33] = [
    ("comment", "c"),
    ("string.escape", "se"),
    ("escape", "se"),
    ("string.special.key", "nt"),
    ("string", "s"),
    ("keyword.operator", "o"),
    ("operator", "o"),
    ("keyword", "k"),
    ("conditional", "k"),
    ("repeat", "k"),
    ("include", "k"),
    ("storageclass", "k"),
    ("type.qualifier", "k"),
    ("import", "k"),
    ("media", "k"),
    ("supports", "k"),
    ("keyframes", "k"),
    ("charset", "k"),
    ("function", "f"),
    ("method", "f"),
    ("constructor", "t"),
    ("type", "t"),
    ("namespace", "t"),
    ("variable.parameter", "v"),
    ("parameter", "v"),
    ("variable.builtin", "l"),
    ("constant", "l"),
    ("boolean", "l"),
    ("label", "l"),
    ("number", "n"),
    ("float", "n"),
    ("attribute", "na"),
    ("tag", "nt"),
];

/// Rules for one language, tried before [`RULES`]: a key in a data file is a key
/// (not a plain property), a shell variable or flag is a variable, and a diff's
/// lines are inserted, deleted, a location or a header.
const LANGUAGE_RULES: [(&str, &str, &str); 19] = [
    ("yaml", "property", "nt"),
    ("toml", "property", "nt"),
    ("ini", "property", "nt"),
    ("hcl", "property", "nt"),
    ("bash", "property", "v"),
    ("bash", "constant", "v"),
    ("hcl", "variable", "v"),
    ("powershell", "variable", "v"),
    ("css", "property", "na"),
    ("css", "variable", "v"),
    ("html", "tag.error", "gd"),
    ("diff", "string", "gi"),
    ("diff", "keyword", "gd"),
    ("diff", "attribute", "gm"),
    ("diff", "constant", "gh"),
    ("diff", "variable", "gh"),
    ("markdown", "text.title", "gh"),
    ("markdown", "text.literal", "gr"),
    ("markdown", "text.uri", "gu"),
];

/// Whether `rule` is `name` or a dotted prefix of it.
fn covers(rule: &str, name: &str) -> bool {
    name.strip_prefix(rule)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// The class of a highlight name in a language, by the grammar's own name for
/// it (`bash`, not `sh`; see [`RULES`]).
pub(super) fn class_of(lang: &str, name: &str) -> Option<&'static str> {
    LANGUAGE_RULES
        .iter()
        .find(|(l, rule, _)| *l == lang && covers(rule, name))
        .map(|&(_, _, class)| class)
        .or_else(|| {
            RULES
                .iter()
                .find(|(rule, _)| covers(rule, name))
                .map(|&(_, class)| class)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_has_a_rule_and_every_role_a_colour() {
        let css = stylesheet();
        assert!(css.contains(":root[data-theme=\"dark\"] {"), "{css}");
        assert!(css.contains("@media screen and (prefers-color-scheme: dark)"));
        let classes = RULES.iter().map(|(_, class)| class);
        for class in classes.chain(LANGUAGE_RULES.iter().map(|(_, _, class)| class)) {
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
        let css = include_str!("../../../themes/default/static/style.css");
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
