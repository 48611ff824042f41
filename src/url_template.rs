//! URL templates such as `edit_url: "https://github.com/acme/docs/edit/main/{path}"`:
//! checked once when `almanac.yaml` is read, filled in per page when it is rendered.

/// Why a template cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub help: String,
    /// The part of the template at fault, to point at.
    pub at: Option<String>,
}

/// Checks that `template` uses only the placeholders `known` (and `{path}` when
/// `needs_path`), so that every page gets its own, working link.
pub fn check(template: &str, known: &[&str], needs_path: bool) -> Result<(), Problem> {
    let mut names = Vec::new();
    for piece in pieces(template) {
        match piece {
            Piece::Text(_) => {}
            Piece::Placeholder(name) if known.contains(&name) => names.push(name),
            Piece::Placeholder(name) => {
                let hint = crate::diagnostics::did_you_mean(name, known.iter().copied())
                    .map(|k| format!("did you mean `{{{k}}}`? "))
                    .unwrap_or_default();
                return Err(Problem {
                    message: format!("an unknown placeholder `{{{name}}}`"),
                    help: format!("{hint}the placeholders are {}", list(known)),
                    at: Some(format!("{{{name}}}")),
                });
            }
            Piece::Unclosed => {
                return Err(Problem {
                    message: "a `{` that is never closed".to_string(),
                    help: format!("write placeholders in braces: {}", list(known)),
                    at: Some("{".to_string()),
                });
            }
        }
    }
    if needs_path && !names.contains(&"path") {
        return Err(Problem {
            message: "no `{path}`, so every page would link to the same address".to_string(),
            help: "add `{path}` where the page's source path goes, e.g. https://github.com/acme/docs/edit/main/{path}".to_string(),
            at: None,
        });
    }
    Ok(())
}

/// `template` with each `{name}` replaced by `value(name)`, percent-encoded. A
/// placeholder `value` does not know stays as written (`check` has refused those).
pub fn fill<'v>(template: &str, value: &dyn Fn(&str) -> Option<Value<'v>>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    for piece in pieces(template) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Placeholder(name) => match value(name) {
                Some(Value::Path(path)) => encode_into(&mut out, path, true),
                Some(Value::Component(text)) => encode_into(&mut out, text, false),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
            Piece::Unclosed => out.push('{'),
        }
    }
    out
}

/// What a placeholder stands for, and so how it is encoded.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// A `/`-separated path: each segment is encoded, the slashes stay.
    Path(&'a str),
    /// Any text, encoded whole (a title, a URL inside a query string).
    Component(&'a str),
}

enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
    Unclosed,
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        pieces.push(Piece::Text(&rest[..open]));
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                pieces.push(Piece::Placeholder(&after[..close]));
                rest = &after[close + 1..];
            }
            None => {
                pieces.push(Piece::Unclosed);
                rest = after;
            }
        }
    }
    pieces.push(Piece::Text(rest));
    pieces
}

fn list(known: &[&str]) -> String {
    known
        .iter()
        .map(|k| format!("`{{{k}}}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Percent-encodes `text` (UTF-8) into `out`: everything but RFC 3986's unreserved
/// characters, and `/` too unless `keep_slashes`.
fn encode_into(out: &mut String, text: &str, keep_slashes: bool) {
    for byte in text.bytes() {
        let unreserved = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~');
        if unreserved || (keep_slashes && byte == b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(name: &str) -> Option<Value<'static>> {
        match name {
            "path" => Some(Value::Path("content/guides/café & co.md")),
            "title" => Some(Value::Component("Proxy: \"quotes\" & <tags>")),
            "url" => Some(Value::Component("https://docs.example.com/guides/x/?a=1")),
            _ => None,
        }
    }

    #[test]
    fn fills_and_encodes_each_placeholder() {
        assert_eq!(
            fill("https://github.com/acme/docs/edit/main/{path}", &values),
            "https://github.com/acme/docs/edit/main/content/guides/caf%C3%A9%20%26%20co.md"
        );
        assert_eq!(
            fill("https://x.test/new?title={title}&body={url}%20{path}", &values),
            "https://x.test/new?title=Proxy%3A%20%22quotes%22%20%26%20%3Ctags%3E&body=https%3A%2F%2Fdocs.example.com%2Fguides%2Fx%2F%3Fa%3D1%20content/guides/caf%C3%A9%20%26%20co.md"
        );
    }

    #[test]
    fn refuses_unknown_placeholders_unclosed_braces_and_an_edit_url_without_path() {
        let known = &["path", "url", "title"];
        assert_eq!(
            check("https://x.test/{path}?t={title}", known, true),
            Ok(())
        );
        assert_eq!(check("https://x.test/issues/new", known, false), Ok(()));
        let unknown = check("https://x.test/{pth}", known, true).unwrap_err();
        assert_eq!(unknown.message, "an unknown placeholder `{pth}`");
        assert!(
            unknown.help.starts_with("did you mean `{path}`?"),
            "{}",
            unknown.help
        );
        assert_eq!(unknown.at.as_deref(), Some("{pth}"));
        let unclosed = check("https://x.test/{path", known, true).unwrap_err();
        assert!(unclosed.message.contains("never closed"), "{unclosed:?}");
        let no_path = check("https://x.test/edit", &["path"], true).unwrap_err();
        assert!(no_path.message.starts_with("no `{path}`"), "{no_path:?}");
    }
}
