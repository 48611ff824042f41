//! serde helpers that parse scalars into model types while deserializing,
//! so that an invalid date or version is reported at its own line and column.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::model::{Date, Milestone, Removal, Version, VersionOrLabel, VersionReq};

/// Parses a scalar with `FromStr` inside the visitor, so that serde_yaml attaches
/// the scalar's line and column to a parse error; `null` (or `~`) gives `None`.
fn opt_from_str_scalar<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: fmt::Display,
{
    deserializer.deserialize_any(ParsedVisitor(std::marker::PhantomData))
}

struct ParsedVisitor<T>(std::marker::PhantomData<T>);

impl<T> Visitor<'_> for ParsedVisitor<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        v.parse().map(Some).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }

    /// `true`/`false` are parsed as their text: a label where labels are allowed,
    /// an error naming the value elsewhere.
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        TextVisitor.visit_f64(v).map(|_| None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

pub(crate) fn opt_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Date>, D::Error> {
    opt_from_str_scalar(deserializer)
}

pub(crate) fn opt_version<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Version>, D::Error> {
    opt_from_str_scalar(deserializer)
}

/// A version field of product data: a version when it reads as one, else a label
/// (the loader warns about labels, with their location). Integers are versions;
/// `true`/`false` are labels. Floats stay errors: YAML has already turned `3.10`
/// into 3.1, so the text as written is lost.
pub(crate) fn opt_version_or_label<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<VersionOrLabel>, D::Error> {
    opt_from_str_scalar(deserializer)
}

/// A deprecation's `removal:`: a date or a version (floats refused, as for versions).
pub(crate) fn removal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Removal, D::Error> {
    opt_from_str_scalar(deserializer)?.ok_or_else(|| {
        de::Error::custom("`removal` is empty: write the version that removes it (\"3.0\") or the date (YYYY-MM-DD)")
    })
}

pub(crate) fn opt_version_req<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<VersionReq>, D::Error> {
    opt_from_str_scalar(deserializer)
}

pub(crate) fn opt_milestone<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Milestone>, D::Error> {
    deserializer.deserialize_any(MilestoneVisitor)
}

pub(crate) fn opt_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Option::<VersionText>::deserialize(deserializer).map(|t| t.map(|t| t.0))
}

pub(crate) fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    VersionText::deserialize(deserializer).map(|t| t.0)
}

/// A scalar written as a string or an integer (`releaseCycle: 3` or `"3"`).
///
/// Floats are refused: YAML reads `3.10` as the number 3.1, which would silently
/// change a version, so the writer is asked to quote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VersionText(pub String);

impl<'de> Deserialize<'de> for VersionText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor).map(VersionText)
    }
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Err(E::custom(format!(
            "{v} is read by YAML as a number, which can drop trailing zeros (3.10 becomes 3.1); put the value in quotes as you wrote it, e.g. \"3.10\""
        )))
    }
}

struct MilestoneVisitor;

impl Visitor<'_> for MilestoneVisitor {
    type Value = Option<Milestone>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date (YYYY-MM-DD) or true/false")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Milestone::Flag(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        v.parse().map(|d| Some(Milestone::On(d))).map_err(E::custom)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}
