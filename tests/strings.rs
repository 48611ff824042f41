//! Reader-facing texts come from the theme's `strings/<language>.yaml`: a `de`
//! site has no English left in its pages, and a site overrides single texts.

mod common;
use common::*;

use std::collections::BTreeMap;

type Sections = BTreeMap<String, BTreeMap<String, String>>;

fn builtin(language: &str) -> Sections {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/strings")
        .join(format!("{language}.yaml"));
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Acme Cloud on 2026-12-01: 3 current, 2 in security fixes only and ending on
/// 2027-02-01, within warn_days; 1 long gone.
const PRODUCTS: &str = r#"products:
  - id: acme
    name: Acme Cloud
    releases:
      - releaseCycle: "3"
        releaseDate: 2026-03-02
        eoas: 2027-09-01
        eol: 2028-03-01
        latest: "3.2.0"
        latestReleaseDate: 2026-10-14
        lts: true
      - releaseCycle: "2"
        releaseDate: 2024-09-16
        eoas: 2025-12-31
        eol: 2027-02-01
        latest: "2.9.4"
        latestReleaseDate: 2026-05-12
      - releaseCycle: "1"
        releaseDate: 2023-02-01
        eol: 2024-12-31
        latest: "1.8.2"
"#;

/// A German site with a page of every kind, stale pages of every reader-facing
/// rule, a topic, tags, an alias and a code block. The content is German too, so
/// any English in the output is the theme's.
fn german_site() -> Site {
    Site::new()
        .file(
            "almanac.yaml",
            "title: Hilfe\nbase_url: https://hilfe.example.de/\nlanguage: de\nstale:\n  show_review_banners: true\n",
        )
        .file("content/products.yaml", PRODUCTS)
        .page(
            "guides/einrichten.md",
            "title: Einrichten\nproduct: acme\nversions: '>=3.0'\ntopic: einrichten\ntags: [anfang]\nreviewed: 2026-11-20\naliases: [/alt/einrichten/]",
            "Kurz und gut.\n\n> [!WARNING]\n> Vorher sichern.\n\n## Vorbereitung\n\nZuerst [[Fragen zur Rechnung]].\n\n```bash\nacme login\n```\n\n## Mehr in [[Fragen zur Rechnung]]\n\nDort.\n",
        )
        .page(
            "guides/einrichten-2.md",
            "title: Einrichten in Version 2\nproduct: acme\nversions: '>=2.0, <3.0'\ntopic: einrichten\nreviewed: 2026-11-20",
            "Verweis auf [[Einrichten]].\n",
        )
        .page(
            "guides/uralt.md",
            "title: Uralt\nproduct: acme\nversions: '>=1.0, <2.0'\nreviewed: 2025-01-02",
            "Alt.\n",
        )
        .page(
            "faq/rechnung.md",
            "title: Fragen zur Rechnung\nproduct: acme\nreviewed: 2026-10-01",
            "## Wann kommt die Rechnung?\n\nAm Monatsanfang.\n",
        )
        .page(
            "releases/acme-3-2-0.md",
            "title: Acme Cloud 3.2.0\nproduct: acme\nversion: 3.2.0\ndate: 2026-10-14\nbreaking: true",
            "Neu.\n",
        )
        .page(
            "eol/acme-2.md",
            "title: Ende von Acme Cloud 2\nproduct: acme\neol_date: 2027-02-01\ncycle: \"2\"\nannounced: 2026-06-01\nmigration: \"[[Einrichten]]\"\nreplacement: acme",
            "Bitte wechseln.\n",
        )
        .today("2026-12-01")
}

/// Text readers see in `html`: text between tags, and the attributes that are
/// read aloud or shown (`aria-label`, `title`, `placeholder`, `alt`).
fn visible_texts(html: &str) -> Vec<String> {
    // Scripts hold code, not text: drop each <script>…</script>.
    let mut body = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        body.push_str(&rest[..start]);
        let end = rest[start..]
            .find("</script>")
            .map_or(rest.len(), |e| start + e + "</script>".len());
        rest = &rest[end..];
    }
    body.push_str(rest);
    let mut texts = Vec::new();
    let mut rest = body.as_str();
    while let Some(open) = rest.find('<') {
        texts.push(rest[..open].to_string());
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close];
        for attribute in ["aria-label=\"", "title=\"", "placeholder=\"", "alt=\""] {
            if let Some(start) = tag.find(attribute) {
                let value = &tag[start + attribute.len()..];
                texts.push(value.split('"').next().unwrap_or("").to_string());
            }
        }
        rest = &rest[open + close + 1..];
    }
    texts.push(rest.to_string());
    texts.into_iter().filter(|t| !t.trim().is_empty()).collect()
}

/// Whether `word` (one or more words) is in `text` with no letter right before or after.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The English texts whose German differs, cut at their `{placeholders}` into
/// phrases of at least three letters.
fn english_phrases() -> Vec<(String, String)> {
    let (en, de) = (builtin("en"), builtin("de"));
    let mut phrases = Vec::new();
    for (section, keys) in &en {
        for (key, english) in keys {
            if de[section][key] == *english {
                continue;
            }
            for part in english.split(['{', '}']).step_by(2) {
                let part = part.trim_matches(|c: char| !c.is_alphanumeric());
                if part.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                    phrases.push((format!("{section}.{key}"), part.to_string()));
                }
            }
        }
    }
    phrases
}

#[test]
fn de_and_en_have_the_same_keys() {
    let keys = |s: &Sections| -> Vec<String> {
        s.iter()
            .flat_map(|(section, keys)| keys.keys().map(move |k| format!("{section}.{k}")))
            .collect()
    };
    assert_eq!(keys(&builtin("de")), keys(&builtin("en")));
}

/// Every English phrase of the built-in strings found in the HTML of `site`.
fn english_in(site: &Site) -> Vec<String> {
    let built = site.build_ok();
    assert!(
        built.report.stale >= 3,
        "the fixture shows banners: {}",
        built.report.summary()
    );
    let phrases = english_phrases();
    assert!(
        phrases.len() > 100,
        "the check has teeth: {}",
        phrases.len()
    );
    let mut found = Vec::new();
    let mut pages = 0;
    for (path, bytes) in snapshot_dir(&site.out()) {
        // The health page is for writers and quotes `check`'s messages, which are
        // English like the rest of the command line.
        if !path.ends_with(".html") || path.starts_with("health") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        for text in visible_texts(&html) {
            for (key, phrase) in &phrases {
                if contains_word(&text, phrase) {
                    found.push(format!("{path}: `{phrase}` ({key}) in {:?}", text.trim()));
                }
            }
        }
    }
    assert!(pages >= 15, "every kind of page was looked at: {pages}");
    found.dedup();
    found
}

#[test]
fn a_de_site_has_no_english_left_in_its_html() {
    let site = german_site();
    let found = english_in(&site);
    assert!(found.is_empty(), "English left:\n{}", found.join("\n"));
    let home = site.build_ok().page("/");
    assert!(home.contains("<html lang=\"de\""), "{home}");
    // The same site in English: the check finds the theme's words.
    let english = site.file(
        "almanac.yaml",
        "title: Hilfe\nbase_url: https://hilfe.example.de/\nlanguage: en\nstale:\n  show_review_banners: true\n",
    );
    let found = english_in(&english);
    for phrase in [
        "Referenced by",
        "reaches end of life on",
        "February",
        "Skip to content",
    ] {
        assert!(
            found.iter().any(|f| f.contains(&format!("`{phrase}`"))),
            "{phrase}: {found:#?}"
        );
    }
}

#[test]
fn a_de_site_speaks_german_in_banners_dates_and_the_search_script() {
    let site = german_site();
    let built = site.build_ok();
    let old = built.page("/guides/einrichten-2/");
    for german in [
        "Der Support für Acme Cloud 2 endet am 1. Februar 2027.",
        "Acme Cloud 2 erhält nur noch Sicherheitsupdates.",
        "Diese Seite für Acme Cloud 3.2.0 lesen",
        "Versionen dieser Seite",
    ] {
        assert!(old.contains(german), "{german}:\n{old}");
    }
    let guide = built.page("/guides/einrichten/");
    assert!(
        guide.contains(r#"<p class="callout-title">Warnung</p>"#),
        "{guide}"
    );
    // A heading with a link in it has its own anchor, with a label in German.
    assert!(
        guide.contains(r#"aria-label="Link zu diesem Abschnitt""#),
        "{guide}"
    );
    let eol = built.page("/eol/acme-2/");
    assert!(eol.contains("1. Februar 2027"), "{eol}");
    let script = std::fs::read_to_string(site.out().join("strings.js")).unwrap();
    assert!(script.starts_with("window.almanacStrings = {"), "{script}");
    assert!(
        script.contains("\"results_label\":\"Suchergebnisse\""),
        "{script}"
    );
}

#[test]
fn a_site_overrides_single_texts_and_keeps_the_rest() {
    let site = german_site().file(
        "strings/de.yaml",
        "page:\n  referenced_by: \"Hierher verlinken <b>\"\n",
    );
    let built = site.build_ok();
    let html = built.page("/guides/einrichten/");
    assert!(
        html.contains(">Hierher verlinken &lt;b&gt;</h2>"),
        "overridden and escaped"
    );
    assert!(
        html.contains(">Auf dieser Seite</p>"),
        "the theme's German for the rest"
    );
}

#[test]
fn a_translation_that_leaves_texts_out_builds_in_english_there_with_a_warning_naming_them() {
    let site = Site::new()
        .file(
            "almanac.yaml",
            "title: T\nbase_url: https://docs.example.com/\nlanguage: fr\n",
        )
        .file("strings/fr.yaml", "page:\n  referenced_by: Cité par\n")
        .page("guides/a.md", "title: A", "x\n")
        .page("guides/b.md", "title: B", "See [A](a.md).\n");
    let built = site.build_ok();
    let warning = built
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == "missing-strings")
        .expect("a missing-strings warning");
    assert!(!warning.is_error());
    assert_eq!(at(warning), "strings/fr.yaml:1:1");
    assert!(
        warning.message.starts_with("strings/fr.yaml lacks "),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains("badge.breaking, ")
            && warning.message.contains(" more; they are shown in English"),
        "{}",
        warning.message
    );
    let page = built.page("/guides/a/");
    assert!(
        page.contains(">Cité par</h2>"),
        "the translation where it has one"
    );
    assert!(
        page.contains("placeholder=\"Search…\""),
        "English for the rest"
    );
    let (code, stdout, _) = site.run(&["check", "--today", TODAY]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("warning[missing-strings]"), "{stdout}");
}
