//! Front matter: split it from the body, parse it, and turn it into typed page data.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{de, yaml};
use crate::diagnostics::{did_you_mean, Diagnostic, SourceText};
use crate::model::{Date, EolInfo, PageKind, PageMeta, ReleaseInfo, Version, VersionReq};

/// A Markdown file cut into its YAML front matter and its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line where the YAML starts (the line after the opening `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Cuts `text` at its `---` fences.
pub fn split<'a>(source: &SourceText<'a>) -> Result<Split<'a>, Diagnostic> {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(source.text);
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err(Diagnostic::error(
            "missing-front-matter",
            "the file does not start with front matter",
        )
        .at(source, 1, 1)
        .with_help(
            "start the file with a `---` line, then `title: ...`, then a closing `---` line",
        ));
    };
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            let yaml_line = 2;
            let body_line = yaml_line + yaml.matches('\n').count() + 1;
            return Ok(Split {
                yaml,
                yaml_line,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error("unclosed-front-matter", "the front matter is never closed")
            .at(source, 1, 1)
            .with_span(3)
            .with_help("add a line with only `---` after the last front-matter field"),
    )
}

/// Every field a page may set, as written. Kind-specific fields are checked
/// against the page's kind after parsing.
#[derive(Debug, Default, Deserialize)]
struct RawFrontMatter {
    title: Option<String>,
    description: Option<String>,
    kind: Option<String>,
    product: Option<String>,
    #[serde(default, deserialize_with = "de::opt_version_req")]
    versions: Option<VersionReq>,
    #[serde(default)]
    cycles: Vec<String>,
    #[serde(default, deserialize_with = "de::opt_date")]
    date: Option<Date>,
    #[serde(default, deserialize_with = "de::opt_date")]
    updated: Option<Date>,
    #[serde(default, deserialize_with = "de::opt_date")]
    reviewed: Option<Date>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    draft: bool,
    weight: Option<i64>,
    slug: Option<String>,
    topic: Option<String>,
    stale: Option<bool>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
    // release
    #[serde(default, deserialize_with = "de::opt_version")]
    version: Option<Version>,
    breaking: Option<bool>,
    // eol
    #[serde(default, deserialize_with = "de::opt_date")]
    eol_date: Option<Date>,
    #[serde(default, deserialize_with = "de::opt_text")]
    cycle: Option<String>,
    #[serde(default, deserialize_with = "de::opt_date")]
    announced: Option<Date>,
    replacement: Option<String>,
    migration: Option<String>,
    /// Anything else: reported as unknown fields, all at once.
    #[serde(flatten)]
    unknown: BTreeMap<String, IgnoredAny>,
}

const COMMON_FIELDS: &[&str] = &[
    "title",
    "description",
    "kind",
    "product",
    "versions",
    "cycles",
    "date",
    "updated",
    "reviewed",
    "tags",
    "aliases",
    "draft",
    "weight",
    "slug",
    "topic",
    "stale",
    "extra",
];
const RELEASE_FIELDS: &[&str] = &["version", "breaking"];
const EOL_FIELDS: &[&str] = &["eol_date", "cycle", "announced", "replacement", "migration"];
const KINDS: &[&str] = &["guide", "faq", "release", "eol"];

/// The kind a folder implies: `guides/…` are guides, and so on.
pub fn kind_of_folder(top_folder: &str) -> Option<&'static str> {
    match top_folder {
        "guides" => Some("guide"),
        "faq" => Some("faq"),
        "releases" => Some("release"),
        "eol" => Some("eol"),
        _ => None,
    }
}

/// A page's typed front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub kind: PageKind,
    pub meta: PageMeta,
}

/// Parses a page's front matter; `top_folder` is the first folder under `content/`.
/// `default_slug` is the file stem.
pub fn parse_page(
    source: &SourceText<'_>,
    split: &Split<'_>,
    top_folder: &str,
    default_slug: &str,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let raw: RawFrontMatter =
        yaml::parse(source, split.yaml, split.yaml_line).map_err(|d| vec![d])?;
    let keys = yaml::top_level_keys(split.yaml);
    let key_error = |key: &str, code: &'static str, message: String| {
        let line = keys
            .iter()
            .find(|k| k.key == key)
            .map_or(split.yaml_line, |k| split.yaml_line + k.line - 1);
        Diagnostic::error(code, message)
            .at(source, line, 1)
            .with_span(key.chars().count())
    };
    let fence_error = |code: &'static str, message: String| {
        Diagnostic::error(code, message)
            .at(source, 1, 1)
            .with_span(3)
    };

    let mut errors = Vec::new();
    // Fields that an unknown field probably meant: not reported missing a second time.
    let mut suggested: Vec<&str> = Vec::new();
    for key in raw.unknown.keys() {
        let known = COMMON_FIELDS
            .iter()
            .chain(RELEASE_FIELDS)
            .chain(EOL_FIELDS)
            .copied();
        let mut error = key_error(
            key,
            "unknown-field",
            format!("unknown front-matter field `{key}`"),
        );
        error = match did_you_mean(key, known) {
            Some(suggestion) => {
                suggested.push(suggestion);
                error.with_help(format!("did you mean `{suggestion}`?"))
            }
            None => error.with_help(format!(
                "custom fields go under `extra:`, e.g.\nextra:\n  {key}: ..."
            )),
        };
        errors.push(error);
    }

    let kind_name = match (&raw.kind, kind_of_folder(top_folder)) {
        (Some(kind), _) if KINDS.contains(&kind.as_str()) => kind.as_str(),
        (Some(kind), _) => {
            let help = did_you_mean(kind, KINDS.iter().copied()).map_or_else(
                || format!("use one of: {}", KINDS.join(", ")),
                |k| format!("did you mean `{k}`?"),
            );
            errors.push(
                key_error(
                    "kind",
                    "invalid-kind",
                    format!("`{kind}` is not a page kind"),
                )
                .with_help(help),
            );
            return Err(errors);
        }
        (None, Some(kind)) => kind,
        (None, None) => {
            errors.push(
                fence_error("unknown-kind", "cannot tell what kind of page this is".to_string()).with_help(
                    "move the file under content/guides/, faq/, releases/ or eol/, or add `kind: guide` (or faq, release, eol)",
                ),
            );
            return Err(errors);
        }
    };

    // Fields that belong to another kind are mistakes worth pointing out.
    for (fields, owner) in [(RELEASE_FIELDS, "release"), (EOL_FIELDS, "eol")] {
        if kind_name == owner {
            continue;
        }
        for key in keys
            .iter()
            .map(|k| k.key.as_str())
            .filter(|k| fields.contains(k))
        {
            errors.push(
                key_error(
                    key,
                    "misplaced-field",
                    format!(
                        "`{key}` is only valid on {owner} pages, and this is a {kind_name} page"
                    ),
                )
                .with_help(format!(
                    "remove `{key}`, or set `kind: {owner}` if this page is a {owner} page"
                )),
            );
        }
    }

    let mut require = |present: bool, field: &str| {
        if !present && !suggested.contains(&field) {
            errors.push(
                fence_error(
                    "missing-field",
                    format!("missing required field `{field}` for a {kind_name} page"),
                )
                .with_help(format!("add `{field}: ...` to the front matter")),
            );
        }
    };
    require(
        raw.title.as_ref().is_some_and(|t| !t.trim().is_empty()),
        "title",
    );
    let kind = match kind_name {
        "release" => {
            require(raw.product.is_some(), "product");
            require(raw.version.is_some(), "version");
            require(raw.date.is_some(), "date");
            raw.version.clone().map(|version| {
                PageKind::Release(ReleaseInfo {
                    version,
                    breaking: raw.breaking.unwrap_or(false),
                })
            })
        }
        "eol" => {
            require(raw.product.is_some(), "product");
            require(raw.eol_date.is_some(), "eol_date");
            raw.eol_date.map(|eol_date| {
                PageKind::Eol(EolInfo {
                    eol_date,
                    cycle: raw.cycle.clone(),
                    announced: raw.announced,
                    replacement: raw.replacement.clone(),
                    migration: raw.migration.clone(),
                })
            })
        }
        "faq" => Some(PageKind::Faq),
        _ => Some(PageKind::Guide),
    };

    if let Some(slug) = &raw.slug {
        if slug.is_empty() || slug.contains(['/', '\\', '?', '#']) || slug == "." || slug == ".." {
            errors.push(
                key_error(
                    "slug",
                    "invalid-slug",
                    format!("`{slug}` is not a valid slug"),
                )
                .with_help(
                    "a slug is one URL segment: letters, digits and hyphens, e.g. `proxy-settings`",
                ),
            );
        }
    }

    match kind {
        Some(kind) if errors.is_empty() => Ok(FrontMatter {
            kind,
            meta: into_meta(raw, default_slug),
        }),
        _ => Err(errors),
    }
}

fn into_meta(raw: RawFrontMatter, default_slug: &str) -> PageMeta {
    PageMeta {
        title: raw.title.unwrap_or_default().trim().to_string(),
        description: raw.description,
        product: raw.product,
        versions: raw.versions,
        cycles: raw.cycles,
        date: raw.date,
        updated: raw.updated,
        reviewed: raw.reviewed,
        tags: raw.tags,
        aliases: raw.aliases,
        draft: raw.draft,
        weight: raw.weight,
        slug: raw.slug.unwrap_or_else(|| default_slug.to_string()),
        topic: raw.topic,
        stale_checks: raw.stale.unwrap_or(true),
        extra: raw.extra,
    }
}

/// The front matter of a folder's `_index.md`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Parses an `_index.md` front matter.
pub fn parse_section(
    source: &SourceText<'_>,
    split: &Split<'_>,
) -> Result<SectionFrontMatter, Diagnostic> {
    yaml::parse(source, split.yaml, split.yaml_line)
}
