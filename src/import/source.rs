//! Reading a file written for another generator. Takes its text; gives its front
//! matter as a plain value (YAML between `---`, TOML between `+++`, JSON `{…}`, or
//! none at all) and its body. Front matter that cannot be read is kept as raw text
//! with the reason, never thrown away.

use serde_json::{Map, Value};

use crate::load::yaml;

/// How the front matter was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
    /// No front matter: the whole file is the body.
    None,
}

/// Front matter that was there but could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// 1-based line of the source file.
    pub line: usize,
    pub message: String,
    /// The front matter as written, to keep under `extra:`.
    pub raw: String,
}

/// A source file cut into fields and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub format: Format,
    pub fields: Map<String, Value>,
    pub body: String,
    /// 1-based line of the source file where the body starts.
    pub body_line: usize,
    pub unreadable: Option<Unreadable>,
}

/// Splits and parses `text`.
pub fn read(text: &str) -> Document {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("").trim_end();
    match first_line {
        "---" => fenced(text, Format::Yaml, &["---", "..."]),
        "+++" => fenced(text, Format::Toml, &["+++"]),
        _ if text.starts_with('{') => json(text),
        _ => whole_body(text),
    }
}

fn whole_body(text: &str) -> Document {
    Document {
        format: Format::None,
        fields: Map::new(),
        body: text.to_string(),
        body_line: 1,
        unreadable: None,
    }
}

/// Front matter between an opening fence line and the first closing line.
fn fenced(text: &str, format: Format, closers: &[&str]) -> Document {
    let mut lines = text.split_inclusive('\n');
    let opening = lines.next().unwrap_or("");
    let mut offset = opening.len();
    for (i, line) in lines.enumerate() {
        if closers.contains(&line.trim_end()) {
            let front = &text[opening.len()..offset];
            let body = &text[offset + line.len()..];
            // The opening fence is line 1, the front matter starts on line 2.
            let body_line = i + 3;
            return parsed(format, front, 2, body, body_line);
        }
        offset += line.len();
    }
    let mut document = whole_body(text);
    document.unreadable = Some(Unreadable {
        line: 1,
        message: format!(
            "the front matter opened by `{}` is never closed; the file was imported as it is",
            opening.trim_end()
        ),
        raw: String::new(),
    });
    document
}

/// JSON front matter (Hugo): one object at the very start of the file.
fn json(text: &str) -> Document {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    match stream.next() {
        Some(Ok(Value::Object(fields))) => {
            let end = stream.byte_offset();
            let rest = &text[end..];
            // The object ends on some line; the body starts on the next one.
            let rest = rest
                .strip_prefix("\r\n")
                .or_else(|| rest.strip_prefix('\n'))
                .unwrap_or(rest);
            let body_line = text[..text.len() - rest.len()].matches('\n').count() + 1;
            Document {
                format: Format::Json,
                fields,
                body: rest.to_string(),
                body_line,
                unreadable: None,
            }
        }
        // A `{` that does not open a JSON object is Markdown (or MDX) text.
        _ => whole_body(text),
    }
}

fn parsed(
    format: Format,
    front: &str,
    front_line: usize,
    body: &str,
    body_line: usize,
) -> Document {
    let result = match format {
        Format::Toml => parse_toml(front),
        _ => yaml::parse_value(front).map_err(|e| (e.line, e.message)),
    };
    let (fields, unreadable) = match result {
        Ok(Value::Object(fields)) => (fields, None),
        // `---\n---`: front matter with no fields.
        Ok(Value::Null) => (Map::new(), None),
        Ok(other) => (
            Map::new(),
            Some((
                None,
                format!(
                    "the front matter is a {}, not a list of fields",
                    kind_of(&other)
                ),
            )),
        ),
        Err((line, message)) => (Map::new(), Some((line, message))),
    };
    Document {
        format,
        fields,
        body: body.to_string(),
        body_line,
        unreadable: unreadable.map(|(line, message)| Unreadable {
            line: front_line + line.unwrap_or(1) - 1,
            message,
            raw: front.to_string(),
        }),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "list",
        Value::String(_) => "text",
        Value::Number(_) => "number",
        Value::Bool(_) => "true/false value",
        _ => "value",
    }
}

/// TOML front matter as a JSON-shaped value; dates and times become their text.
fn parse_toml(front: &str) -> Result<Value, (Option<usize>, String)> {
    let table: toml::Table = toml::from_str(front).map_err(|e| {
        let line = e
            .span()
            .map(|span| front[..span.start.min(front.len())].matches('\n').count() + 1);
        (line, e.message().trim().to_string())
    })?;
    Ok(toml_to_json(toml::Value::Table(table)))
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map_or_else(|| Value::String(f.to_string()), Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_front_matter_format() {
        let yaml = read("---\ntitle: A\n---\nBody\n");
        assert_eq!(
            (yaml.format, yaml.body.as_str(), yaml.body_line),
            (Format::Yaml, "Body\n", 4)
        );
        assert_eq!(yaml.fields["title"], "A");

        let toml = read("+++\ntitle = \"B\"\ndate = 2023-04-18T16:07:46Z\n+++\n\nBody\n");
        assert_eq!((toml.format, toml.body_line), (Format::Toml, 5));
        assert_eq!(toml.fields["date"], "2023-04-18T16:07:46Z");

        let json = read("{\n  \"title\": \"C\"\n}\nBody\n");
        assert_eq!(
            (json.format, json.body.as_str(), json.body_line),
            (Format::Json, "Body\n", 4)
        );

        let none = read("# Heading\n\nText\n");
        assert_eq!((none.format, none.body_line), (Format::None, 1));
        assert_eq!(read("{/* MDX comment */}\n").format, Format::None);
    }

    #[test]
    fn unreadable_front_matter_is_kept_with_its_line() {
        let doc = read("---\ntitle: ok\ntags: [unclosed\n---\nBody\n");
        let problem = doc.unreadable.unwrap();
        assert_eq!(problem.raw, "title: ok\ntags: [unclosed\n");
        assert!(problem.line >= 3, "{problem:?}");
        assert_eq!(doc.body, "Body\n");

        let toml = read("+++\ntitle = \n+++\n");
        assert_eq!(toml.unreadable.unwrap().line, 2);

        let unclosed = read("---\ntitle: A\n");
        assert!(unclosed.unreadable.is_some());
        assert_eq!(unclosed.body, "---\ntitle: A\n");
    }
}
