//! Front matter of other generators → almanac's fields. Takes the fields as read
//! (any keys, any values); gives almanac's common fields and `extra`, plus a note
//! for every value that could not be used, which then stays under `extra` as written.
//!
//! | almanac | read from (first that works wins; tags and aliases merge all) |
//! |---|---|
//! | `title` | `title` |
//! | `description` | `description`, `summary`, `intro` |
//! | `date` | `date` (a datetime becomes its UTC date) |
//! | `updated` | `lastmod`, `last_modified_at`, `updated` |
//! | `tags` | `tags`, `keywords`, `categories`, `topics` |
//! | `aliases` | `aliases`, `redirect_from` |
//! | `draft` | `draft`, `published: false` |
//! | `weight` | `weight`, `nav_order`, `sidebar_position` |
//! | `slug` | `slug` (one URL segment only) |
//!
//! Every other key goes under `extra:` unchanged.

use serde_json::{Map, Value};

use crate::model::Date;

/// The mapping as data: almanac field, then the source keys it reads.
pub const MAPPING: &[(&str, &[&str])] = &[
    ("title", &["title"]),
    ("description", &["description", "summary", "intro"]),
    ("date", &["date"]),
    ("updated", &["lastmod", "last_modified_at", "updated"]),
    ("tags", &["tags", "keywords", "categories", "topics"]),
    ("aliases", &["aliases", "redirect_from"]),
    ("draft", &["draft", "published"]),
    ("weight", &["weight", "nav_order", "sidebar_position"]),
    ("slug", &["slug"]),
];

/// almanac's common fields, as mapped from one source file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapped {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub tags: Vec<String>,
    pub aliases: Vec<String>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    /// Keys that were not mapped, as written.
    pub extra: Map<String, Value>,
    /// Source keys that gave a value above, with that value as written (so a
    /// section intro, which has fewer fields, can put them back under `extra`).
    pub used: Vec<(String, Value)>,
    /// Values that could not be used, in plain words; they stay in `extra`.
    pub notes: Vec<String>,
}

/// Maps `fields` (the source front matter) to almanac's fields.
pub fn map(mut fields: Map<String, Value>) -> Mapped {
    let mut mapped = Mapped::default();
    for &(field, keys) in MAPPING {
        for &key in keys {
            let Some(value) = fields.get(key) else {
                continue;
            };
            let used = match field {
                "tags" => list(value).map(|items| extend_unique(&mut mapped.tags, items)),
                "aliases" => list(value).map(|items| extend_unique(&mut mapped.aliases, items)),
                // The first key that gives a value wins; later ones stay in extra.
                _ if is_set(&mapped, field) => None,
                "title" => text(value).map(|t| mapped.title = Some(t)),
                "description" => text(value).map(|t| mapped.description = Some(t)),
                "date" => date(value).map(|d| mapped.date = Some(d)),
                "updated" => date(value).map(|d| mapped.updated = Some(d)),
                "draft" => {
                    flag(value).map(|b| mapped.draft = if key == "published" { !b } else { b })
                }
                "weight" => integer(value).map(|w| mapped.weight = Some(w)),
                "slug" => text(value)
                    .filter(|s| is_slug(s))
                    .map(|s| mapped.slug = Some(s)),
                _ => None,
            };
            match used {
                Some(()) => {
                    let value = fields.remove(key).unwrap_or(Value::Null);
                    mapped.used.push((key.to_string(), value));
                }
                None if is_set(&mapped, field) && !matches!(field, "tags" | "aliases") => {}
                None => mapped.notes.push(format!(
                    "`{key}: {}` is not {}; kept under `extra`",
                    short(value),
                    expected(field)
                )),
            }
        }
    }
    mapped.extra = fields;
    mapped
}

/// Whether a single-valued field already has its value.
fn is_set(mapped: &Mapped, field: &str) -> bool {
    match field {
        "title" => mapped.title.is_some(),
        "description" => mapped.description.is_some(),
        "date" => mapped.date.is_some(),
        "updated" => mapped.updated.is_some(),
        "draft" => mapped
            .used
            .iter()
            .any(|(k, _)| k == "draft" || k == "published"),
        "weight" => mapped.weight.is_some(),
        "slug" => mapped.slug.is_some(),
        _ => false,
    }
}

fn expected(field: &str) -> &'static str {
    match field {
        "date" | "updated" => "a date or datetime",
        "tags" | "aliases" => "a list of texts",
        "draft" => "true or false",
        "weight" => "a whole number",
        "slug" => "a single URL segment",
        _ => "a text",
    }
}

/// A value as a writer would recognise it in a note, cut short.
fn short(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

fn extend_unique(into: &mut Vec<String>, items: Vec<String>) {
    for item in items {
        if !into.contains(&item) {
            into.push(item);
        }
    }
}

/// Non-empty text; numbers are read as their digits.
pub fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A list of texts, or one text (split at commas, as `keywords: a, b` means two).
fn list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Array(items) => items.iter().map(text).collect(),
        Value::String(s) => Some(
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn date(value: &Value) -> Option<Date> {
    match value {
        Value::String(s) => utc_date(s),
        _ => None,
    }
}

/// A slug almanac accepts: one URL segment.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty() && !slug.contains(['/', '\\', '?', '#']) && slug != "." && slug != ".."
}

/// The UTC date of `text`: `2023-04-18`, `2023-04-18T16:07:46.722Z`,
/// `2025-03-17T10:00:00-04:00`, `2020-01-01 23:30:00 +0100` (Jekyll). A time
/// without a zone is taken as written: the date part is the date.
pub fn utc_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let day: Date = text.get(..10)?.parse().ok()?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(day);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (minutes, zone) = clock(rest)?;
    let offset = zone_offset(zone.trim())?;
    let utc_minutes = minutes - offset;
    let shift = utc_minutes.div_euclid(24 * 60);
    Some(Date::from_days_since_epoch(day.days_since_epoch() + shift))
}

/// Minutes since midnight of `HH:MM[:SS[.frac]]`, and what follows.
fn clock(text: &str) -> Option<(i64, &str)> {
    let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    let (hh, mm) = (text.get(0..2)?, text.get(3..5)?);
    if !digits(hh) || !digits(mm) || text.as_bytes().get(2) != Some(&b':') {
        return None;
    }
    let mut rest = &text[5..];
    if let Some(after) = rest.strip_prefix(':') {
        if !digits(after.get(0..2)?) {
            return None;
        }
        rest = &after[2..];
        if let Some(frac) = rest.strip_prefix(['.', ',']) {
            rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    let (h, m): (i64, i64) = (hh.parse().ok()?, mm.parse().ok()?);
    (h < 24 && m < 60).then_some((h * 60 + m, rest))
}

/// Minutes east of UTC for `Z`, `+02:00`, `-0400`, `+05`, `UTC`; none means UTC.
fn zone_offset(zone: &str) -> Option<i64> {
    if zone.is_empty() || zone.eq_ignore_ascii_case("z") || zone == "UTC" || zone == "GMT" {
        return Some(0);
    }
    let (sign, digits) = match zone.as_bytes()[0] {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|&c| c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    Some(sign * (hours * 60 + minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_become_their_utc_date() {
        for (text, expect) in [
            ("2023-04-18", Some("2023-04-18")),
            ("2023-04-18T16:07:46.722Z", Some("2023-04-18")),
            ("2013-03-11T16:00:00.000Z", Some("2013-03-11")),
            ("2025-03-17T22:00:00-04:00", Some("2025-03-18")),
            ("2025-03-17T01:00:00+02:00", Some("2025-03-16")),
            ("2020-01-01 00:30:00 +0100", Some("2019-12-31")),
            ("2020-01-01T10:00", Some("2020-01-01")),
            ("2023-04-18T25:00:00Z", None),
            ("18/04/2023", None),
            ("2023-04-18Tnoon", None),
            ("", None),
        ] {
            assert_eq!(
                utc_date(text).map(|d| d.to_string()).as_deref(),
                expect,
                "{text}"
            );
        }
    }
}
