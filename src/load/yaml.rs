//! The one place that knows YAML. Everything else asks this module to turn
//! a YAML text into a typed value, and gets a located [`Diagnostic`] back on failure.

mod locate;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, SourceText};

pub use locate::{locate, locate_nearest, Position, Step};

/// Parses `yaml`, which starts on line `first_line` of `source`, into `T`.
///
/// Errors point at the line and column in the whole file, not in the YAML
/// fragment, and read as plain sentences (serde_yaml's own location suffix is removed).
pub fn parse<T: DeserializeOwned>(
    source: &SourceText<'_>,
    yaml: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_yaml::from_str::<T>(yaml).map_err(|error| {
        // libyaml also breaks lines at a lone CR, NEL, U+2028 and U+2029, so its
        // line numbers can run past the file's; its byte index cannot.
        let (line, column) = error.location().map_or((first_line, 1), |at| {
            let (line, column) =
                position_of(yaml, at.index()).unwrap_or((at.line().max(1), at.column().max(1)));
            (first_line + line - 1, column)
        });
        let shifted = shift_lines(&error.to_string(), first_line);
        // Something left open (a quote) is reported where the text ends, which is
        // the closing fence: point at where it was opened instead.
        // libyaml's message counts lines its own way (see `libyaml_offset`).
        let opened = unclosed(&error.to_string()).and_then(|((l, c), message)| {
            let (line, column) = position_of(yaml, libyaml_offset(yaml, l, c)?)?;
            Some((first_line + line - 1, column, message))
        });
        let (line, column, shifted) = opened.unwrap_or((line, column, shifted));
        // serde reports a key given twice at the mapping; point at the second one.
        let (line, column) = match duplicate_field(&shifted).and_then(|f| second_key(yaml, f)) {
            Some(at) => (first_line + at - 1, 1),
            None => (line, column),
        };
        // A `...` or `---` line ends a YAML document; serde_yaml reads one and does
        // not say where the second starts.
        let (line, column, shifted) = match second_document(yaml) {
            Some(at) if shifted.contains("more than one document") => (
                first_line + at - 1,
                1,
                "a line with only `...` or `---` ends the YAML here, and more follows".to_string(),
            ),
            _ => (line, column, shifted),
        };
        // Two errors serde_yaml gives without a location of their own.
        let (line, column) = match control_character_at(&shifted) {
            Some(index) => {
                position_of(yaml, index).map_or((line, column), |(l, c)| (first_line + l - 1, c))
            }
            None => (line, column),
        };
        let shifted = if shifted.starts_with("repetition limit exceeded") {
            "the aliases in this YAML expand to more than almanac reads (a YAML bomb)".to_string()
        } else if shifted.starts_with("control characters are not allowed") {
            "a control character (such as NUL) is not allowed in YAML".to_string()
        } else {
            shifted
        };
        let message = strip_location_suffix(&shifted);
        let message = plain_type_names(&message);
        let code = if message.contains("missing field") {
            "missing-field"
        } else {
            "invalid-yaml"
        };
        let help = help_for(&message);
        let diagnostic = Diagnostic::error(code, message).at(source, line, column);
        match help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    })
}

/// The 1-based line of the second top-level `key:` line, when `key` is given twice.
fn second_key(yaml: &str, key: &str) -> Option<usize> {
    top_level_keys(yaml)
        .into_iter()
        .filter(|k| k.key == key)
        .nth(1)
        .map(|k| k.line)
}

/// The 1-based line of the first document marker (`...`, `---`) inside `yaml`.
fn second_document(yaml: &str) -> Option<usize> {
    yaml.lines()
        .position(|l| matches!(l.trim_end(), "..." | "---") || l.starts_with("--- "))
        .map(|i| i + 1)
}

/// For libyaml's "found unexpected end of stream at line 4 column 1, while scanning
/// a quoted scalar at line 2 column 8": where the unfinished value starts, and a
/// message that says what is missing.
fn unclosed(message: &str) -> Option<((usize, usize), String)> {
    let (problem, context) = message.split_once(", while scanning ")?;
    problem.strip_prefix("found unexpected end of stream")?;
    let (what, at) = context.rsplit_once(" at line ")?;
    let (line, column) = at.split_once(" column ")?;
    let at = (line.parse().ok()?, column.parse().ok()?);
    let text = if what == "a quoted scalar" {
        "this quoted value is never closed: the text ends before its closing quote".to_string()
    } else {
        format!("this value ({what}) is never finished: the text ends first")
    };
    Some((at, text))
}

/// The byte index of libyaml's "control characters are not allowed at position N".
fn control_character_at(message: &str) -> Option<usize> {
    let rest = message.strip_prefix("control characters are not allowed at position ")?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The byte offset of libyaml's 1-based `line` and `column` (in characters): it
/// breaks lines at LF, CRLF, a lone CR, NEL, U+2028 and U+2029.
fn libyaml_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let (mut at_line, mut at_column) = (1, 1);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if (at_line, at_column) == (line, column) {
            return Some(i);
        }
        if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
            continue; // the LF ends this line
        }
        if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            (at_line, at_column) = (at_line + 1, 1);
        } else {
            at_column += 1;
        }
    }
    ((at_line, at_column) == (line, column)).then_some(text.len())
}

/// The 1-based line (counting `\n` only) and column (in characters) of a byte offset.
fn position_of(text: &str, index: usize) -> Option<(usize, usize)> {
    let before = text.get(..index.min(text.len()))?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some((
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    ))
}

/// serde_yaml counts lines from the start of the YAML fragment; the file's
/// line numbers are `first_line - 1` more. Rewrites every "line L" it mentions
/// ("… at line 2 column 1, while scanning … at line 3 column 1").
fn shift_lines(message: &str, first_line: usize) -> String {
    const MARK: &str = " at line ";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(MARK) {
        out.push_str(&rest[..i + MARK.len()]);
        rest = &rest[i + MARK.len()..];
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        match rest[..digits].parse::<usize>() {
            Ok(line) => out.push_str(&(line + first_line - 1).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

/// serde names the Rust type it wanted ("expected struct RawFrontMatter"); a
/// writer needs to hear that the YAML is not a `key: value` mapping.
fn plain_type_names(message: &str) -> String {
    match message.find(", expected struct ") {
        Some(i) => format!("{}, expected `key: value` lines", &message[..i]),
        None => message.to_string(),
    }
}

/// serde_yaml appends " at line L column C"; the location is printed separately.
fn strip_location_suffix(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => message[..i].to_string(),
        _ => message.to_string(),
    }
}

fn help_for(message: &str) -> Option<String> {
    if message.contains("ends the YAML here") {
        Some("remove that line, or indent or quote it if it belongs to a value".into())
    } else if message.contains("quoted value is never closed") {
        Some("add the closing quote at the end of the value, or remove the opening one".into())
    } else if message.contains("mapping values are not allowed") {
        Some("a value containing `: ` must be quoted, e.g. title: \"Upgrade: step by step\"".into())
    } else if message.contains("did not find expected")
        || message.contains("found character that cannot start")
    {
        Some("check the indentation and quoting on this line and the one before it".into())
    } else if let Some(field) = missing_field(message) {
        Some(format!("add `{field}: …` to this entry"))
    } else if let Some(close) = closest_variant(message) {
        Some(format!("did you mean `{close}`?"))
    } else if message.contains("invalid type: unit value") {
        Some("the value is empty; write one after the colon, or remove the line".into())
    } else if message.contains("invalid type: sequence, expected a string") {
        Some(
            "a value that starts with `[` is a list in YAML; if it is text, quote it: \"[…] …\""
                .into(),
        )
    } else if message.contains("invalid type: map, expected a string") {
        Some(
            "a value that starts with `{` is a mapping in YAML; if it is text, quote it: \"{…} …\""
                .into(),
        )
    } else if message.contains("expected `key: value` lines") {
        Some("write `field: value` lines between the `---` lines, e.g. title: My page".into())
    } else if message.contains("invalid type: ") {
        Some("write a value of the expected type here (quote text, write numbers and true/false bare)".into())
    } else if message.contains("control character (such as NUL)") {
        Some("remove the invisible character (a NUL, an escape code); in a double-quoted value write it as an escape such as \\t".into())
    } else if message.contains("expand to more than") {
        Some("write the values out, or nest fewer aliases (`*name`)".into())
    } else if message.contains("is read by YAML as a number") {
        Some("put the value in quotes".into())
    } else if message.contains("is not a valid date") {
        Some("write a day that exists as YYYY-MM-DD, e.g. 2026-02-28".into())
    } else if message.contains("is not a valid version") {
        Some(format!(
            "versions look like {}",
            crate::model::Version::EXAMPLES
        ))
    } else if let Some(field) = duplicate_field(message) {
        Some(format!("remove one of the two `{field}:` lines"))
    } else if message.contains("unknown anchor") {
        Some("define the anchor with `&name` before `*name` uses it, or quote a value that starts with `*`".into())
    } else {
        None
    }
}

/// The field named by serde's "duplicate field `x`".
fn duplicate_field(message: &str) -> Option<&str> {
    let rest = &message[message.find("duplicate field `")? + "duplicate field `".len()..];
    rest.split('`').next()
}

/// For serde's "unknown variant `x`, expected one of `a`, `b`": the closest of
/// the expected values, such as a stale rule's code for a typo in `ignore:`.
fn closest_variant(message: &str) -> Option<&str> {
    let start = ["unknown variant `", "unknown field `"]
        .iter()
        .find_map(|mark| message.find(mark).map(|i| i + mark.len()))?;
    let rest = &message[start..];
    let (unknown, expected) = rest.split_once('`')?;
    let expected = expected.split("expected one of ").nth(1)?;
    let known: Vec<&str> = expected
        .split(", ")
        .map(|v| v.trim().trim_matches('`'))
        .collect();
    // A code cut short (`outdated` for `outdated-version`) is too far for an edit
    // distance, yet plainly meant when only one code starts with it.
    let extended: Vec<&str> = known
        .iter()
        .copied()
        .filter(|k| k.starts_with(unknown))
        .collect();
    match extended[..] {
        [only] if !unknown.is_empty() => Some(only),
        _ => crate::diagnostics::did_you_mean(unknown, known),
    }
}

/// The field named by serde's "missing field `x`".
fn missing_field(message: &str) -> Option<&str> {
    let rest = &message[message.find("missing field `")? + "missing field `".len()..];
    rest.split('`').next()
}

/// A key at the top level of a YAML mapping, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPosition {
    pub key: String,
    /// 1-based line within the YAML text.
    pub line: usize,
}

/// The keys written at column 1 of `yaml` (the top-level mapping keys), in order.
///
/// Used to point at unknown or misplaced fields, which serde only reports by name.
pub fn top_level_keys(yaml: &str) -> Vec<KeyPosition> {
    yaml.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let key = mapping_key(line)?;
            Some(KeyPosition {
                key: key.to_string(),
                line: i + 1,
            })
        })
        .collect()
}

fn mapping_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let end = line.find(':')?;
    let key = line[..end].trim_end();
    let rest = &line[end + 1..];
    let is_key = key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && (rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t'));
    is_key.then_some(key)
}

/// Why a YAML text could not be read as a plain value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    pub message: String,
    /// 1-based line within the YAML text, when the parser knows it.
    pub line: Option<usize>,
}

/// Reads any YAML mapping or scalar into a JSON-shaped value, for front matter
/// that was not written for almanac (`almanac import`). Keys that are not strings
/// (`1: x`, `true: y`) become their text; tags (`!foo x`) are dropped, their value kept.
pub fn parse_value(yaml: &str) -> Result<serde_json::Value, ValueError> {
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).map_err(|error| ValueError {
        message: strip_location_suffix(&error.to_string()),
        line: error.location().map(|at| at.line()),
    })?;
    Ok(to_json(value))
}

fn to_json(value: serde_yaml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    use serde_yaml::Value as Y;
    match value {
        Y::Null => J::Null,
        Y::Bool(b) => J::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else if let Some(u) = n.as_u64() {
                J::from(u)
            } else {
                // NaN and infinities have no JSON form; keep what the writer meant as text.
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| J::String(n.to_string()), J::Number)
            }
        }
        Y::String(s) => J::String(s),
        Y::Sequence(items) => J::Array(items.into_iter().map(to_json).collect()),
        Y::Mapping(map) => J::Object(
            map.into_iter()
                .map(|(k, v)| (key_text(k), to_json(v)))
                .collect(),
        ),
        Y::Tagged(tagged) => to_json(tagged.value),
    }
}

fn key_text(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Null => "null".to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => serde_yaml::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// Writes `value` as YAML: mapping keys in sorted order (serde_json's maps are
/// sorted), and strings quoted wherever YAML would read them as something else
/// (`"3.10"`, `"true"`, `"null"`), so the text reads back as the same value.
pub fn to_string(value: &serde_json::Value) -> String {
    // Serialising a JSON value cannot fail: every key is a string.
    serde_yaml::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_count_lines_in_the_file_not_the_fragment() {
        // (serde_yaml's message, first line of the YAML in the file, what is shown)
        for (message, first, shown) in [
            (
                "found a tab at line 2 column 1, while scanning a plain scalar at line 1 column 1",
                2,
                "found a tab at line 3 column 1, while scanning a plain scalar at line 2 column 1",
            ),
            (
                "invalid type at line 1 column 7",
                2,
                "invalid type at line 2 column 7",
            ),
            ("no location here", 5, "no location here"),
        ] {
            assert_eq!(shift_lines(message, first), shown);
        }
        assert_eq!(
            plain_type_names("invalid type: string \"hello\", expected struct RawFrontMatter"),
            "invalid type: string \"hello\", expected `key: value` lines"
        );
    }
    use std::path::Path;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        weight: i64,
    }

    #[test]
    fn positions_count_only_newlines_as_line_breaks() {
        // Found by fuzzing: libyaml counts a lone CR (and U+2028) as a line break,
        // which put an error on line 85 of a 24-line page.
        let yaml = "title: a\u{2028}b\rc\nweight: [heavy\n";
        let source = SourceText::new(Path::new("content/a.md"), yaml);
        let error = parse::<Sample>(&source, yaml, 2).unwrap_err();
        let location = error.location.unwrap();
        assert!(location.line <= 3, "{location:?}");
        assert_eq!(position_of("ab\ncé\nd", 6), Some((2, 3)));
        assert_eq!(libyaml_offset("a\rb\r\nc\u{2028}d", 4, 1), Some(9));
        // Found by fuzzing: an unclosed quote after lone CRs was put on line 66 of 11.
        let yaml = "title: A\r\r\r\rweight: 1\naliases: \"open\n";
        let error = parse::<Sample>(&source, yaml, 2).unwrap_err();
        let location = error.location.unwrap();
        assert_eq!(
            (location.line, location.column),
            (3, 10),
            "{}",
            error.message
        );
    }

    #[test]
    fn type_errors_point_into_the_whole_file() {
        let file = "---\ntitle: A\nweight: heavy\n---\n";
        let source = SourceText::new(Path::new("content/a.md"), file);
        let error = parse::<Sample>(&source, "title: A\nweight: heavy\n", 2).unwrap_err();
        let location = error.location.unwrap();
        assert_eq!((location.line, location.column), (3, 9));
        assert!(
            error
                .message
                .starts_with("weight: invalid type: string \"heavy\""),
            "{}",
            error.message
        );
        assert!(!error.message.contains(" at line "));
    }

    #[test]
    fn a_missing_or_empty_field_says_what_to_add() {
        let source = SourceText::new(Path::new("content/a.md"), "title: A\n");
        let error = parse::<Sample>(&source, "title: A\n", 1).unwrap_err();
        assert_eq!(error.code, "missing-field");
        assert_eq!(error.help.as_deref(), Some("add `weight: …` to this entry"));
        let error = parse::<Sample>(&source, "title: A\nweight: ~\n", 1).unwrap_err();
        assert!(error.help.unwrap().starts_with("the value is empty"));
    }

    #[test]
    fn values_round_trip_with_sorted_keys_and_quoted_lookalikes() {
        let value =
            parse_value("title: A\n1: one\nversion: \"3.10\"\nflag: \"true\"\nn: 2\n").unwrap();
        let text = to_string(&value);
        assert_eq!(
            text,
            "'1': one\nflag: 'true'\nn: 2\ntitle: A\nversion: '3.10'\n"
        );
        assert_eq!(parse_value(&text).unwrap(), value);
        let error = parse_value("title: [unclosed\n").unwrap_err();
        assert_eq!(error.line, Some(2));
    }

    #[test]
    fn finds_top_level_keys_and_nested_values() {
        let yaml = "title: A\nextra:\n  titel: x\ntags: [a]\n# comment\n";
        let keys: Vec<_> = top_level_keys(yaml)
            .into_iter()
            .map(|k| (k.key, k.line))
            .collect();
        assert_eq!(
            keys,
            vec![("title".into(), 1), ("extra".into(), 2), ("tags".into(), 4)]
        );
    }
}
