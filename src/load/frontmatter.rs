//! Front matter: split it from the body, parse it, and turn it into typed page data.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{de, yaml};
use crate::check::stale::Rule;
use crate::diagnostics::{did_you_mean, Diagnostic, SourceText};
use crate::model::{
    Date, Deprecation, EolInfo, Kind, LinkSyntax, OptOut, PageKind, PageMeta, ReleaseInfo, Removal,
    SourceLink, UnknownKind, Version, VersionReq,
};

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
    stale: Option<RawStale>,
    #[serde(default, deserialize_with = "de::opt_text")]
    topic: Option<String>,
    search: Option<bool>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
    // release
    #[serde(default, deserialize_with = "de::opt_version")]
    version: Option<Version>,
    breaking: Option<bool>,
    #[serde(default)]
    deprecations: Vec<RawDeprecation>,
    yanked: Option<bool>,
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

/// One item of a release note's `deprecations:`. Unknown keys fail while
/// deserialising, so the error points at the key itself.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeprecation {
    #[serde(deserialize_with = "de::text")]
    feature: String,
    #[serde(deserialize_with = "de::removal")]
    removal: Removal,
    migration: Option<String>,
    description: Option<String>,
    /// When it is announced, if not with the release (a scheduled announcement).
    #[serde(default, deserialize_with = "de::opt_date")]
    date: Option<Date>,
}

/// `stale:` as written: `false` (or `true`), or an opt-out from some rules.
#[derive(Debug)]
enum RawStale {
    Flag(bool),
    OptOut(RawOptOut),
}

/// `stale: {ignore: [...], reason: "...", until: YYYY-MM-DD}`. Unknown codes in
/// `ignore` fail while deserialising, so the error points at the code itself.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOptOut {
    ignore: Vec<Rule>,
    reason: Option<String>,
    #[serde(default, deserialize_with = "de::opt_date")]
    until: Option<Date>,
}

impl<'de> Deserialize<'de> for RawStale {
    /// A bool or a mapping, told apart by the YAML itself: an untagged enum would
    /// lose the located error of a mistyped rule code inside the mapping.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StaleVisitor;
        impl<'de> serde::de::Visitor<'de> for StaleVisitor {
            type Value = RawStale;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`false`, or `ignore:`, `reason:` and `until:` lines")
            }

            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<RawStale, E> {
                Ok(RawStale::Flag(v))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawStale, A::Error> {
                let map = serde::de::value::MapAccessDeserializer::new(map);
                RawOptOut::deserialize(map).map(RawStale::OptOut)
            }
        }
        deserializer.deserialize_any(StaleVisitor)
    }
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
    "stale",
    "topic",
    "search",
    "extra",
];
const RELEASE_FIELDS: &[&str] = &["version", "breaking", "yanked", "deprecations"];
const EOL_FIELDS: &[&str] = &["eol_date", "cycle", "announced", "replacement", "migration"];
/// A page's typed front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub kind: PageKind,
    pub meta: PageMeta,
    /// Links written in fields (`replacement:`, `migration:`), located at their values.
    pub links: Vec<SourceLink>,
}

/// Parses a page's front matter; `top_folder` is the first folder under `content/`.
/// `default_slug` is the file stem. Every problem is reported, not the first.
pub fn parse_page(
    source: &SourceText<'_>,
    split: &Split<'_>,
    top_folder: &str,
    default_slug: &str,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let raw: RawFrontMatter =
        yaml::parse(source, split.yaml, split.yaml_line).map_err(|d| vec![d])?;
    let mut checks = PageChecks {
        source,
        split,
        keys: yaml::top_level_keys(split.yaml),
        errors: Vec::new(),
        suggested: Vec::new(),
    };
    checks.unknown_fields(&raw);
    let Some(kind) = checks.kind(&raw, top_folder) else {
        return Err(checks.errors);
    };
    checks.misplaced_fields(kind);
    let page_kind = checks.typed_kind(&raw, kind);
    checks.slug(&raw, default_slug);
    checks.optout(&raw);
    match page_kind {
        Some(page_kind) if checks.errors.is_empty() => Ok(FrontMatter {
            links: field_links(split, &checks.keys, &raw),
            kind: page_kind,
            meta: into_meta(raw, default_slug),
        }),
        _ => Err(checks.errors),
    }
}

/// The checks serde cannot make, collecting every error with its location.
struct PageChecks<'a> {
    source: &'a SourceText<'a>,
    split: &'a Split<'a>,
    keys: Vec<yaml::KeyPosition>,
    errors: Vec<Diagnostic>,
    /// Fields that an unknown field probably meant: not reported missing a second time.
    suggested: Vec<&'static str>,
}

impl PageChecks<'_> {
    /// An error under the key `key` (or the first front-matter line).
    fn key_error(&self, key: &str, code: &'static str, message: String) -> Diagnostic {
        let line = self
            .keys
            .iter()
            .find(|k| k.key == key)
            .map_or(self.split.yaml_line, |k| self.split.yaml_line + k.line - 1);
        Diagnostic::error(code, message)
            .at(self.source, line, 1)
            .with_span(key.chars().count())
    }

    /// An error about the front matter as a whole, under its opening `---`.
    fn fence_error(&self, code: &'static str, message: String) -> Diagnostic {
        Diagnostic::error(code, message)
            .at(self.source, 1, 1)
            .with_span(3)
    }

    fn unknown_fields(&mut self, raw: &RawFrontMatter) {
        for key in raw.unknown.keys() {
            let known = COMMON_FIELDS
                .iter()
                .chain(RELEASE_FIELDS)
                .chain(EOL_FIELDS)
                .copied();
            let error = self.key_error(
                key,
                "unknown-field",
                format!("unknown front-matter field `{key}`"),
            );
            let error = match did_you_mean(key, known) {
                Some(suggestion) => {
                    self.suggested.push(suggestion);
                    error.with_help(format!("did you mean `{suggestion}`?"))
                }
                None => error.with_help(format!(
                    "custom fields go under `extra:`, e.g.\nextra:\n  {key}: ..."
                )),
            };
            self.errors.push(error);
        }
    }

    /// `kind:` if written, else what the folder implies; `None` after an error.
    fn kind(&mut self, raw: &RawFrontMatter, top_folder: &str) -> Option<Kind> {
        match (
            raw.kind.as_deref().map(str::parse::<Kind>),
            Kind::of_folder(top_folder),
        ) {
            (Some(Ok(kind)), _) | (None, Some(kind)) => Some(kind),
            (Some(Err(UnknownKind(kind))), _) => {
                let help = did_you_mean(&kind, Kind::ALL.map(Kind::name)).map_or_else(
                    || format!("use one of: {}", Kind::names()),
                    |k| format!("did you mean `{k}`?"),
                );
                let message = format!("`{kind}` is not a page kind");
                let error = self.key_error("kind", "invalid-kind", message);
                self.errors.push(error.with_help(help));
                None
            }
            (None, None) => {
                let error = self.fence_error(
                    "unknown-kind",
                    "cannot tell what kind of page this is".to_string(),
                );
                self.errors.push(error.with_help(
                    "move the file under content/guides/, faq/, releases/ or eol/, or add `kind: guide` (or faq, release, eol)",
                ));
                None
            }
        }
    }

    /// Fields of another kind are mistakes worth pointing out.
    fn misplaced_fields(&mut self, kind: Kind) {
        for (fields, owner) in [(RELEASE_FIELDS, Kind::Release), (EOL_FIELDS, Kind::Eol)] {
            if kind == owner {
                continue;
            }
            let misplaced: Vec<String> = self
                .keys
                .iter()
                .map(|k| k.key.clone())
                .filter(|k| fields.contains(&k.as_str()))
                .collect();
            for key in misplaced {
                let message = format!(
                    "`{key}` is only valid on {owner} pages, and this is {} page",
                    kind.with_article()
                );
                let help = format!(
                    "remove `{key}`, or set `kind: {owner}` if this page is {} page",
                    owner.with_article()
                );
                let error = self.key_error(&key, "misplaced-field", message);
                self.errors.push(error.with_help(help));
            }
        }
    }

    fn require(&mut self, present: bool, field: &str, kind: Kind) {
        if !present && !self.suggested.contains(&field) {
            let message = format!(
                "missing required field `{field}` for {} page",
                kind.with_article()
            );
            let error = self.fence_error("missing-field", message);
            self.errors
                .push(error.with_help(format!("add `{field}: ...` to the front matter")));
        }
    }

    /// The kind with its own fields, once the fields it requires are there.
    fn typed_kind(&mut self, raw: &RawFrontMatter, kind: Kind) -> Option<PageKind> {
        let titled = raw.title.as_ref().is_some_and(|t| !t.trim().is_empty());
        self.require(titled, "title", kind);
        match kind {
            Kind::Release => {
                self.require(raw.product.is_some(), "product", kind);
                self.require(raw.version.is_some(), "version", kind);
                self.require(raw.date.is_some(), "date", kind);
                let deprecations = deprecations(raw);
                raw.version.clone().map(|version| {
                    PageKind::Release(ReleaseInfo {
                        version,
                        breaking: raw.breaking.unwrap_or(false),
                        deprecations,
                        yanked: raw.yanked.unwrap_or(false),
                    })
                })
            }
            Kind::Eol => {
                self.require(raw.product.is_some(), "product", kind);
                self.require(raw.eol_date.is_some(), "eol_date", kind);
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
            Kind::Faq => Some(PageKind::Faq),
            Kind::Guide => Some(PageKind::Guide),
        }
    }

    /// An opt-out says why, and ends: on `until`, or `stale.max_optout_days`
    /// after the review date, so a page without either would be ignored forever.
    fn optout(&mut self, raw: &RawFrontMatter) {
        let Some(RawStale::OptOut(optout)) = &raw.stale else {
            return;
        };
        let codes: Vec<&str> = optout.ignore.iter().map(|r| r.as_str()).collect();
        let codes = codes.join(", ");
        if optout.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            let message = format!("the opt-out of {codes} gives no `reason`");
            let error = self.key_error("stale", "missing-field", message);
            self.errors.push(error.with_help(
                "add `reason: \"…\"` under `stale:`, saying why the page may stay as it is",
            ));
        }
        let reviewed = raw.reviewed.or(raw.updated).or(raw.date);
        if optout.until.is_none() && reviewed.is_none() {
            let message =
                format!("the opt-out of {codes} never ends: no `until` and no review date");
            let error = self.key_error("stale", "missing-field", message);
            self.errors.push(error.with_help(
                "add `until: YYYY-MM-DD` under `stale:`, or `reviewed:` (the opt-out then lasts stale.max_optout_days from it)",
            ));
        }
    }

    /// A slug is one URL segment.
    fn slug(&mut self, raw: &RawFrontMatter, file_stem: &str) {
        let Some(slug) = &raw.slug else {
            return self.file_name_slug(file_stem);
        };
        if slug.is_empty() || slug.contains(['/', '\\', '?', '#']) || slug == "." || slug == ".." {
            let error = self.key_error(
                "slug",
                "invalid-slug",
                format!("`{slug}` is not a valid slug"),
            );
            self.errors.push(error.with_help(
                "a slug is one URL segment: letters, digits and hyphens, e.g. `proxy-settings`",
            ));
        }
    }
}

/// A release note's deprecations, each with its anchor and announcement date.
fn deprecations(raw: &RawFrontMatter) -> Vec<Deprecation> {
    let mut anchors: Vec<String> = Vec::new();
    raw.deprecations
        .iter()
        .map(|item| {
            let feature = item.feature.trim();
            Deprecation {
                feature: feature.to_string(),
                removal: item.removal.clone(),
                migration: item.migration.as_deref().map(str::trim).map(str::to_string),
                description: item.description.clone(),
                // A release note without a date is already an error.
                announced: item
                    .date
                    .or(raw.date)
                    .unwrap_or_else(|| Date::from_days_since_epoch(0)),
                anchor: unique_anchor(&mut anchors, feature),
            }
        })
        .collect()
}

/// `deprecation-<slug of the feature>`, made unique within the release note.
fn unique_anchor(taken: &mut Vec<String>, feature: &str) -> String {
    let base = format!("deprecation-{}", crate::model::routes::slugify(feature));
    let mut anchor = base.clone();
    let mut n = 2;
    while taken.contains(&anchor) {
        anchor = format!("{base}-{n}");
        n += 1;
    }
    taken.push(anchor.clone());
    anchor
}

impl PageChecks<'_> {
    /// Without `slug:`, the file name is the URL segment: `#`, `?` and `%` would
    /// make a URL that points elsewhere (a fragment, a query, an escape).
    fn file_name_slug(&mut self, stem: &str) {
        let Some(bad) = stem
            .chars()
            .find(|c| matches!(c, '#' | '?' | '%') || c.is_control())
        else {
            return;
        };
        let what = match bad {
            '#' => "`#` starts a fragment".to_string(),
            '?' => "`?` starts a query".to_string(),
            '%' => "`%` starts an escape".to_string(),
            other => format!("{other:?} is a control character"),
        };
        let suggestion = crate::model::routes::slugify(stem);
        let error = self.fence_error(
            "invalid-slug",
            format!("the file name {stem:?} cannot be this page's URL: {what}"),
        );
        self.errors.push(error.with_help(format!(
            "rename the file, or keep the name and set the URL with `slug: {}`",
            if suggestion.is_empty() {
                "page"
            } else {
                &suggestion
            }
        )));
    }
}

/// The links a page writes in front-matter fields, so that the link stage
/// checks them like body links and reports them at their value: an EOL
/// notice's `replacement:` and `migration:`, a deprecation's `migration:`.
fn field_links(
    split: &Split<'_>,
    keys: &[yaml::KeyPosition],
    raw: &RawFrontMatter,
) -> Vec<SourceLink> {
    let mut links = top_field_links(split, keys, raw);
    for (index, item) in raw.deprecations.iter().enumerate() {
        let Some(dest) = item.migration.as_deref().map(str::trim) else {
            continue;
        };
        let path = [
            yaml::Step::Key("deprecations"),
            yaml::Step::Index(index),
            yaml::Step::Key("migration"),
        ];
        let position = yaml::locate_nearest(split.yaml, &path);
        let text = split.yaml.lines().nth(position.line - 1).unwrap_or("");
        // The value may be quoted: point at the link itself.
        let column = text
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| text[i..].starts_with(dest))
            .map_or(position.column, |i| text[..i].chars().count() + 1);
        links.push(SourceLink {
            syntax: LinkSyntax::Field,
            dest: dest.to_string(),
            line: split.yaml_line + position.line - 1,
            column,
            len: dest.chars().count(),
        });
    }
    links
}

/// The links of top-level fields (`replacement:`, `migration:`).
fn top_field_links(
    split: &Split<'_>,
    keys: &[yaml::KeyPosition],
    raw: &RawFrontMatter,
) -> Vec<SourceLink> {
    let fields = [
        ("replacement", &raw.replacement),
        ("migration", &raw.migration),
    ];
    fields
        .into_iter()
        .filter_map(|(key, value)| {
            let dest = value.as_deref()?.trim();
            let yaml_line = keys.iter().find(|k| k.key == key).map_or(1, |k| k.line);
            let text = split.yaml.lines().nth(yaml_line - 1).unwrap_or("");
            Some(SourceLink {
                syntax: LinkSyntax::Field,
                dest: dest.to_string(),
                line: split.yaml_line + yaml_line - 1,
                column: value_column(text, key, dest),
                len: dest.chars().count(),
            })
        })
        .collect()
}

/// The 1-based column where `value` starts on the line `key: value`.
fn value_column(line: &str, key: &str, value: &str) -> usize {
    let after_key = line.find(':').map_or(key.len() + 1, |i| i + 1);
    let offset = line[after_key..]
        .find(value)
        .map_or(after_key, |i| after_key + i);
    line[..offset].chars().count() + 1
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
        stale_checks: !matches!(raw.stale, Some(RawStale::Flag(false))),
        stale_optout: match raw.stale {
            Some(RawStale::OptOut(optout)) => Some(OptOut {
                ignore: optout.ignore,
                reason: optout.reason.unwrap_or_default().trim().to_string(),
                until: optout.until,
            }),
            _ => None,
        },
        topic: raw
            .topic
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        search_excluded: raw.search == Some(false),
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
