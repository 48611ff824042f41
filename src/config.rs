//! `almanac.yaml` → [`SiteConfig`]: typed, with unknown keys rejected.

use std::path::Path;

use serde::Deserialize;

use crate::check::stale::Rule;

use crate::diagnostics::{Diagnostic, Severity, SourceText};
use crate::load::yaml::{self, Step};

/// File name of the site configuration, at the site root.
pub const CONFIG_FILE: &str = "almanac.yaml";

/// The site-wide settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    /// Absolute URL the site is published at, e.g. `https://example.com/docs/`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Name of the theme: `default` (built in) or a folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub stale: StalePolicy,
    #[serde(default)]
    pub links: LinkPolicy,
    /// Text shown in the page footer.
    #[serde(default)]
    pub footer: Option<String>,
    /// Where page dates come from.
    #[serde(default)]
    pub dates: DatesConfig,
    /// "Edit this page" link: a URL with `{path}`, the source path relative to the site root.
    #[serde(default)]
    pub edit_url: Option<String>,
    /// "Report a problem with this page" link: a URL with `{path}`, `{url}` and `{title}`.
    #[serde(default)]
    pub issue_url: Option<String>,
    /// "Was this page helpful?" on guides and FAQs, sent to an endpoint of yours.
    #[serde(default)]
    pub feedback: Option<FeedbackConfig>,
    /// Who the feeds name as their author; without it, the site's title.
    #[serde(default)]
    pub author: Option<Author>,
}

/// `author:` in `almanac.yaml`: a name (`author: Acme Docs Team`) or
/// `{name, email, uri}`. Feeds need an author, so a site without one is
/// authored by its title (see [`SiteConfig::feed_author`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub email: Option<String>,
    pub uri: Option<String>,
}

/// The mapping form of `author:`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorFields {
    name: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    uri: Option<String>,
}

impl<'de> Deserialize<'de> for Author {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AuthorVisitor)
    }
}

/// Reads either form of `author:`; the mapping form keeps serde's own errors
/// (unknown or missing fields) and so their line and column.
struct AuthorVisitor;

impl<'de> serde::de::Visitor<'de> for AuthorVisitor {
    type Value = Author;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a name, or a mapping such as `{name: Acme Docs, email: docs@acme.example}`")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Author, E> {
        Ok(Author {
            name: name.to_string(),
            email: None,
            uri: None,
        })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Author, A::Error> {
        let fields = AuthorFields::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Author {
            name: fields.name,
            email: fields.email,
            uri: fields.uri,
        })
    }
}

/// `dates:` in `almanac.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatesConfig {
    /// A page's `updated` defaults to the author date of the last commit that changed it.
    pub from_git: bool,
}

/// `feedback:` in `almanac.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackConfig {
    /// The URL the browser POSTs each vote to, as JSON.
    pub endpoint: String,
}

/// How pages are judged stale.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StalePolicy {
    pub max_age_days: i64,
    pub require_review: bool,
    /// Rules not to apply, by code.
    pub ignore: Vec<Rule>,
    pub show_review_banners: bool,
    /// How many days ahead `eol-upcoming` warns of an end of life (inclusive).
    pub warn_days: i64,
    /// The longest a page's opt-out (`stale: {ignore, reason, until}`) lasts,
    /// counted from the page's review date.
    pub max_optout_days: i64,
}

impl Default for StalePolicy {
    fn default() -> Self {
        StalePolicy {
            max_age_days: 365,
            require_review: false,
            ignore: Vec::new(),
            show_review_banners: false,
            warn_days: 90,
            max_optout_days: 365,
        }
    }
}

/// How link problems are treated: `links: {broken: error|warn}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    default,
    expecting = "a mapping such as `{broken: warn}`"
)]
pub struct LinkPolicy {
    pub broken: BrokenLinks,
}

/// What a broken link is: an error that stops the build (the default), or a warning,
/// for a site in migration that must publish while its links are fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    #[default]
    Error,
    Warn,
}

impl BrokenLinks {
    /// The severity of a broken link's diagnostic.
    pub fn severity(self) -> Severity {
        match self {
            BrokenLinks::Error => Severity::Error,
            BrokenLinks::Warn => Severity::Warning,
        }
    }
}

/// The placeholders `edit_url` may use.
pub const EDIT_URL_PLACEHOLDERS: &[&str] = &["path"];
/// The placeholders `issue_url` may use.
pub const ISSUE_URL_PLACEHOLDERS: &[&str] = &["path", "url", "title"];

/// An `invalid-config` error at the value of `path` in `almanac.yaml`, or at the
/// part `part` of that value when it is written on the value's line.
fn config_error(
    source: &SourceText<'_>,
    path: &[Step<'_>],
    part: Option<&str>,
    message: String,
) -> Diagnostic {
    let at = yaml::locate_nearest(source.text, path);
    let line = source.line_text(at.line).unwrap_or("");
    let value_start = line
        .char_indices()
        .nth(at.column - 1)
        .map_or(line.len(), |(i, _)| i);
    let found = part.and_then(|part| Some((line[value_start..].find(part)? + value_start, part)));
    match found {
        Some((byte, part)) => {
            let column = line[..byte].chars().count() + 1;
            Diagnostic::error("invalid-config", message)
                .at(source, at.line, column)
                .with_span(part.chars().count())
        }
        None => Diagnostic::error("invalid-config", message).at(source, at.line, at.column),
    }
}

/// Points `diagnostic` at the value of `path` in `root`'s `almanac.yaml`, with its
/// source line (line 1 when the file cannot be read): for warnings about settings
/// found only after loading, such as `dates.from_git` in a shallow clone.
pub fn at_value(root: &Path, path: &[Step<'_>], diagnostic: Diagnostic) -> Diagnostic {
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
    let source = SourceText::new(Path::new(CONFIG_FILE), &text);
    let at = yaml::locate_nearest(&text, path);
    let value_len = source
        .line_text(at.line)
        .map(|line| {
            line.chars()
                .skip(at.column - 1)
                .take_while(|c| !c.is_whitespace() && *c != '#')
                .count()
        })
        .unwrap_or(1);
    diagnostic
        .at(&source, at.line, at.column)
        .with_span(value_len)
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_language() -> String {
    "en".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

impl SiteConfig {
    /// A configuration with only a title, as used by sites without `almanac.yaml` keys.
    pub fn with_title(title: &str) -> SiteConfig {
        SiteConfig {
            title: title.to_string(),
            base_url: default_base_url(),
            language: default_language(),
            description: None,
            theme: default_theme(),
            stale: StalePolicy::default(),
            links: LinkPolicy::default(),
            footer: None,
            dates: DatesConfig::default(),
            edit_url: None,
            issue_url: None,
            feedback: None,
            author: None,
        }
    }

    /// The author feeds name: `author:`, else the site's title.
    pub fn feed_author(&self) -> Author {
        self.author.clone().unwrap_or_else(|| Author {
            name: self.title.clone(),
            email: None,
            uri: None,
        })
    }

    /// Reads and validates `almanac.yaml` in `root`.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error("missing-config", format!("cannot read {}: {e}", path.display()))
                .with_help("run almanac in a site folder, pass --root DIR, or create one with `almanac init DIR`")
        })?;
        let rel = Path::new(CONFIG_FILE);
        let source = SourceText::new(rel, &text);
        let mut config: SiteConfig = yaml::parse(&source, &text, 1)?;
        config.check_values(&source)?;
        config.set_base_url(&config.base_url.clone());
        Ok(config)
    }

    /// Values serde accepts but almanac cannot use: link templates with unknown
    /// placeholders, a feedback endpoint that is not a URL.
    fn check_values(&self, source: &SourceText<'_>) -> Result<(), Diagnostic> {
        let templates = [
            ("edit_url", self.edit_url.as_deref(), EDIT_URL_PLACEHOLDERS),
            (
                "issue_url",
                self.issue_url.as_deref(),
                ISSUE_URL_PLACEHOLDERS,
            ),
        ];
        for (key, value, known) in templates {
            let Some(value) = value else { continue };
            if let Err(problem) = crate::url_template::check(value, known, key == "edit_url") {
                let message = format!("`{key}` has {}", problem.message);
                let error = config_error(source, &[Step::Key(key)], problem.at.as_deref(), message);
                return Err(error.with_help(problem.help));
            }
        }
        if let Some(feedback) = &self.feedback {
            let endpoint = feedback.endpoint.trim();
            let is_url = ["https://", "http://", "/"]
                .iter()
                .any(|p| endpoint.starts_with(p));
            if !is_url {
                let problem = format!("`feedback.endpoint` must be a URL (https://…) or a path on this site (/…), not `{endpoint}`");
                return Err(config_error(source, &[Step::Key("feedback"), Step::Key("endpoint")], None, problem)
                    .with_help("set it to the address of the service that stores votes; the README has a minimal one"));
            }
        }
        Ok(())
    }

    /// Replaces the base URL, normalised to end with `/`.
    pub fn set_base_url(&mut self, base_url: &str) {
        let mut url = base_url.trim().to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        self.base_url = url;
    }

    /// The path part of the base URL, e.g. `/docs/` for `https://example.com/docs/`.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.find("://").map_or(0, |i| i + 3);
        match self.base_url[after_scheme..].find('/') {
            Some(slash) => &self.base_url[after_scheme + slash..],
            None => "/",
        }
    }

    /// The scheme and host of the base URL, empty when the base URL is a bare path.
    pub fn origin(&self) -> &str {
        let path_len = self.base_path().len();
        &self.base_url[..self.base_url.len() - path_len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_comes_from_the_base_url() {
        let mut config = SiteConfig::with_title("x");
        config.set_base_url("https://example.com/docs");
        assert_eq!(config.base_path(), "/docs/");
        assert_eq!(config.origin(), "https://example.com");
        config.set_base_url("https://example.com");
        assert_eq!(config.base_path(), "/");
        config.set_base_url("/");
        assert_eq!((config.base_path(), config.origin()), ("/", ""));
    }

    #[test]
    fn the_author_is_a_name_or_a_mapping_and_defaults_to_the_title() {
        let parse = |yaml: &str| serde_yaml::from_str::<SiteConfig>(yaml);
        let config = parse("title: Docs\n").unwrap();
        assert_eq!(config.feed_author().name, "Docs");
        let config = parse("title: Docs\nauthor: Acme Docs Team\n").unwrap();
        assert_eq!(
            config.feed_author(),
            Author {
                name: "Acme Docs Team".into(),
                email: None,
                uri: None
            }
        );
        let config =
            parse("title: Docs\nauthor: {name: Acme, email: docs@acme.example, uri: https://acme.example/}\n")
                .unwrap();
        let author = config.feed_author();
        assert_eq!(author.email.as_deref(), Some("docs@acme.example"));
        assert_eq!(author.uri.as_deref(), Some("https://acme.example/"));
        let error = parse("title: Docs\nauthor: {name: Acme, mail: x}\n").unwrap_err();
        assert!(
            error.to_string().contains("unknown field `mail`"),
            "{error}"
        );
    }
}
