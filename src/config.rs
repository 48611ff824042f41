//! `almanac.yaml` → [`SiteConfig`]: typed, with unknown keys rejected.

use std::path::Path;

use serde::Deserialize;

use crate::check::stale::Rule;

use crate::diagnostics::{Diagnostic, Severity, SourceText};
use crate::load::yaml;

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
        }
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
        config.set_base_url(&config.base_url.clone());
        Ok(config)
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
}
