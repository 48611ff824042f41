//! Reader-facing words: banners, badges, labels, month names, the search box's
//! texts. Every text almanac writes for readers comes from the theme's
//! `strings/<language>.yaml`, chosen by `language:` in `almanac.yaml`. A site
//! overrides them like templates: `strings/<language>.yaml` at the site root,
//! then `themes/<name>/strings/`, then the built-in theme; each key comes from
//! the first file that has it, and every key of the built-in English file must
//! be found somewhere, so a translation cannot leave a text out unnoticed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, SourceText};
use crate::load::yaml;
use crate::model::Date;

/// `section → key → text`, as in the YAML files.
type Sections = BTreeMap<String, BTreeMap<String, String>>;

/// The words of one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Strings {
    sections: Sections,
}

/// Month keys of the `date` section, January first.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl Strings {
    /// The text of `section.key`; the key itself if it is missing, which
    /// [`load`] rules out for every key the built-in theme uses.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        key.split_once('.')
            .and_then(|(section, name)| self.sections.get(section)?.get(name))
            .map_or(key, String::as_str)
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A date in words, e.g. "30 June 2026" or "30. Juni 2026".
    pub fn date(&self, date: Date) -> String {
        let month = format!("date.{}", MONTHS[usize::from(date.month() - 1)]);
        self.fill(
            "date.format",
            &[
                ("day", &date.day().to_string()),
                ("month", self.get(&month)),
                ("year", &date.year().to_string()),
            ],
        )
    }

    /// "1 page", "3 pages": `{key}_one` or `{key}_other` with `{count}` filled in.
    pub fn count(&self, key: &str, count: usize) -> String {
        let form = if count == 1 { "one" } else { "other" };
        self.fill(&format!("{key}_{form}"), &[("count", &count.to_string())])
    }

    /// Every section, for templates (`t.page.referenced_by`).
    pub fn template_value(&self) -> tera::Value {
        tera::Value::from_serializable(&self.sections)
    }

    /// One section as a JSON object, for the theme's script.
    pub fn section_json(&self, section: &str) -> String {
        let empty = BTreeMap::new();
        serde_json::to_string(self.sections.get(section).unwrap_or(&empty))
            .unwrap_or_else(|_| "{}".to_string())
    }
}

/// One place a strings file may be: shown as `path`, read from disk or the binary.
struct Layer {
    path: PathBuf,
    text: Option<String>,
}

/// The strings of `language`: the site's file, the theme's, then the built-in one,
/// key by key, then English for keys none of them has (with a warning naming
/// them); `builtin` reads a file of the built-in theme by name.
pub fn load(
    root: &Path,
    theme_dir: &Path,
    language: &str,
    builtin: impl Fn(&str) -> Option<String>,
) -> Result<(Strings, Option<Diagnostic>), Diagnostic> {
    let file = format!("{language}.yaml");
    let theme_name = theme_dir.file_name().map(PathBuf::from).unwrap_or_default();
    let layers = [
        Layer {
            path: Path::new("strings").join(&file),
            text: std::fs::read_to_string(root.join("strings").join(&file)).ok(),
        },
        Layer {
            path: Path::new("themes")
                .join(theme_name)
                .join("strings")
                .join(&file),
            text: std::fs::read_to_string(theme_dir.join("strings").join(&file)).ok(),
        },
        Layer {
            path: Path::new("themes/default/strings").join(&file),
            text: builtin(&file),
        },
    ];
    let Some(first) = layers.iter().find(|l| l.text.is_some()) else {
        return Err(missing_language(root, language));
    };
    let mut sections = Sections::new();
    for layer in &layers {
        let Some(text) = &layer.text else { continue };
        let source = SourceText::new(&layer.path, text);
        let parsed: Sections = yaml::parse(&source, text, 1)?;
        for (section, keys) in parsed {
            let merged = sections.entry(section).or_default();
            for (key, value) in keys {
                merged.entry(key).or_insert(value);
            }
        }
    }
    let required: Sections = builtin("en.yaml")
        .and_then(|text| serde_yaml::from_str(&text).ok())
        .unwrap_or_default();
    let warning = fill_missing(&mut sections, &required, &first.path);
    Ok((Strings { sections }, warning))
}

/// Every key of the built-in English strings should have a text. A translation
/// written for an older almanac lacks the texts added since: those show in English,
/// and a warning names them, so an upgrade never takes a translated site offline.
fn fill_missing(sections: &mut Sections, required: &Sections, file: &Path) -> Option<Diagnostic> {
    let mut missing: Vec<String> = Vec::new();
    for (section, keys) in required {
        let have = sections.entry(section.clone()).or_default();
        for (key, english) in keys {
            if !have.contains_key(key) {
                have.insert(key.clone(), english.clone());
                missing.push(format!("{section}.{key}"));
            }
        }
    }
    if missing.is_empty() {
        return None;
    }
    let shown: Vec<&str> = missing.iter().take(8).map(String::as_str).collect();
    let more = missing.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(
        Diagnostic::warning(
            "missing-strings",
            format!(
                "{} lacks {}{more}; they are shown in English",
                file.display(),
                shown.join(", ")
            ),
        )
        .in_file(file)
        .with_help(
            "add every key of the built-in themes/default/strings/en.yaml to this file, translated",
        ),
    )
}

/// `language: fr` with no `strings/fr.yaml` anywhere: point at the `language:` line.
fn missing_language(root: &Path, language: &str) -> Diagnostic {
    let config = Path::new(crate::config::CONFIG_FILE);
    let line = std::fs::read_to_string(root.join(config))
        .ok()
        .and_then(|text| {
            yaml::top_level_keys(&text)
                .into_iter()
                .find(|k| k.key == "language")
                .map(|k| k.line)
        })
        .unwrap_or(1);
    Diagnostic::error(
        "missing-strings",
        format!("no texts for language `{language}`: there is no strings/{language}.yaml"),
    )
    .located(config, line, 1)
    .with_span("language".len())
    .with_help(format!(
        "the built-in theme speaks `en` and `de`; for `{language}`, translate themes/default/strings/en.yaml into strings/{language}.yaml"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin(name: &str) -> Option<String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/strings")
            .join(name);
        std::fs::read_to_string(path).ok()
    }

    #[test]
    fn dates_and_counts_are_worded_per_language() {
        let none = Path::new("/nonexistent");
        let date: Date = "2026-03-01".parse().unwrap();
        let (en, _) = load(none, none, "en", builtin).unwrap();
        let (de, _) = load(none, none, "de", builtin).unwrap();
        assert_eq!(en.date(date), "1 March 2026");
        assert_eq!(de.date(date), "1. März 2026");
        assert_eq!(
            (en.count("listing.pages", 1), en.count("listing.pages", 2)),
            ("1 page".into(), "2 pages".into())
        );
        assert_eq!(de.count("listing.pages", 2), "2 Seiten");
        assert_eq!(
            en.fill("badge.versions", &[("versions", ">=3.0")]),
            "Versions >=3.0"
        );
    }
}
