//! Where a value is written in a YAML text, found by its path (`releases`, item 2,
//! `latest`) rather than by searching for its text.
//!
//! serde tells us what a value is but not where it was written, and searching for
//! the text finds the first place it occurs, which is wrong as soon as two cycles
//! share a value. This reads block-style YAML (the style of product files) by
//! indentation, which is enough to walk mappings and sequences. Anything else
//! (flow collections `[…]`, `{…}`) gives `None`, and callers fall back to the
//! nearest enclosing value that was found.

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// The value of a mapping key.
    Key(&'a str),
    /// The item of a sequence at this 0-based index.
    Index(usize),
}

/// A 1-based line and column (in characters) within the YAML text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where the value at `path` starts: its first character (an opening quote included),
/// or for a nested mapping or sequence its first key or `-`.
pub fn locate(yaml: &str, path: &[Step<'_>]) -> Option<Position> {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut node = root(&lines)?;
    for step in path {
        node = match *step {
            Step::Key(key) => node.value_of(&lines, key)?,
            Step::Index(index) => node.item(&lines, index)?,
        };
    }
    let text = lines[node.line];
    Some(Position {
        line: node.line + 1,
        column: text[..node.column].chars().count() + 1,
    })
}

/// The position of the deepest value along `path` that is written in block style,
/// so a diagnostic points as close to its value as the text allows.
pub fn locate_nearest(yaml: &str, path: &[Step<'_>]) -> Position {
    (0..=path.len())
        .rev()
        .find_map(|len| locate(yaml, &path[..len]))
        .unwrap_or(Position { line: 1, column: 1 })
}

/// A value that starts at `column` (a byte offset) of line `line` and whose
/// lines end before line `end` (0-based indices into the text's lines).
#[derive(Debug, Clone, Copy)]
struct Node {
    line: usize,
    column: usize,
    end: usize,
}

fn root(lines: &[&str]) -> Option<Node> {
    let first = (0..lines.len()).find(|&i| {
        let text = lines[i].trim();
        is_content(lines[i]) && text != "---" && !text.starts_with('%')
    })?;
    Some(Node {
        line: first,
        column: indent(lines[first]),
        end: lines.len(),
    })
}

impl Node {
    /// The value of `key` when this node is a block mapping.
    fn value_of(self, lines: &[&str], key: &str) -> Option<Node> {
        let keys = self.entries(lines, Kind::Mapping);
        for (i, &line) in keys.iter().enumerate() {
            let column = if line == self.line {
                self.column
            } else {
                indent(lines[line])
            };
            let (found, value_at) = mapping_key(&lines[line][column..])?;
            if found == key {
                let end = keys.get(i + 1).copied().unwrap_or(self.end);
                return value_start(lines, line, column + value_at, end);
            }
        }
        None
    }

    /// The item at `index` when this node is a block sequence.
    fn item(self, lines: &[&str], index: usize) -> Option<Node> {
        if !is_item(&lines[self.line][self.column..]) {
            return None;
        }
        let items = self.entries(lines, Kind::Sequence);
        let line = *items.get(index)?;
        let column = if line == self.line {
            self.column
        } else {
            indent(lines[line])
        };
        let end = items.get(index + 1).copied().unwrap_or(self.end);
        let after_dash = &lines[line][column + 1..];
        let gap = after_dash.len() - after_dash.trim_start().len();
        value_start(lines, line, column + 1 + gap, end)
    }

    /// The lines where this node's entries (keys or `-` items) start: its first line,
    /// then each line indented like it that starts an entry of `kind`. The entries end
    /// at the first line indented less, or indented alike but not an entry.
    fn entries(self, lines: &[&str], kind: Kind) -> Vec<usize> {
        let mut entries = vec![self.line];
        for (i, &line) in lines.iter().enumerate().take(self.end).skip(self.line + 1) {
            if !is_content(line) || indent(line) > self.column {
                continue;
            }
            let text = &line[indent(line)..];
            if indent(line) < self.column {
                break;
            }
            match kind {
                Kind::Mapping if mapping_key(text).is_some() => entries.push(i),
                // `key:` followed by `- item` lines at the key's own indentation
                // (a compact sequence) belongs to the key, not to the mapping.
                Kind::Mapping if is_item(text) => {}
                Kind::Sequence if is_item(text) => entries.push(i),
                _ => break,
            }
        }
        entries
    }
}

/// What a node's entries look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Mapping,
    Sequence,
}

/// The value that starts at byte `column` of line `line`, or, when the rest of
/// that line is empty or a comment, on the next line with text before `end`.
fn value_start(lines: &[&str], line: usize, column: usize, end: usize) -> Option<Node> {
    let rest = lines[line].get(column..).unwrap_or("");
    if !rest.trim().is_empty() && !rest.starts_with('#') {
        return Some(Node { line, column, end });
    }
    let next = (line + 1..end).find(|&i| is_content(lines[i]))?;
    Some(Node {
        line: next,
        column: indent(lines[next]),
        end,
    })
}

/// `key: …` at the start of `text`: the key without quotes, and the byte offset
/// where its value starts (after the colon and any spaces).
fn mapping_key(text: &str) -> Option<(&str, usize)> {
    let (key, after_key) = match text.chars().next()? {
        quote @ ('"' | '\'') => {
            let close = text[1..].find(quote)? + 1;
            (&text[1..close], close + 1)
        }
        '-' | '[' | '{' | '#' | '?' | '&' | '*' | '!' | '|' | '>' | '%' | '@' | '`' => {
            return None;
        }
        _ => {
            let colon = colon_ending_key(text)?;
            (text[..colon].trim_end(), colon)
        }
    };
    let rest = text.get(after_key..)?.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let gap = rest.len() - rest.trim_start().len();
    Some((key, after_key + 1 + gap))
}

/// The first `:` followed by a space or the end of the line: where a plain key ends
/// (`https://…` in a value has a colon too, but not followed by a space).
fn colon_ending_key(text: &str) -> Option<usize> {
    text.match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| text[i + 1..].is_empty() || text[i + 1..].starts_with([' ', '\t']))
}

/// A sequence item: `-` followed by a space or the end of the line.
fn is_item(text: &str) -> bool {
    text.strip_prefix('-')
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Whether a line holds YAML (not blank, not only a comment).
fn is_content(line: &str) -> bool {
    let text = line.trim_start();
    !text.is_empty() && !text.starts_with('#')
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Step::{Index, Key};

    /// Expected line and column.
    type LineColumn = Option<(usize, usize)>;

    fn at(yaml: &str, path: &[Step<'_>]) -> LineColumn {
        locate(yaml, path).map(|p| (p.line, p.column))
    }

    const PRODUCT: &str = "\
title: Acme
# a comment
releases:
  - releaseCycle: \"2\"
    latest: \"2.0.1\"   # same text as below
    eol: 2026-01-01

  - releaseCycle: \"1\"
    latest: \"2.0.1\"
    link: https://example.com/a: b
    notes: |
      latest: not a key
    eol: 2025-01-01
";

    #[test]
    fn finds_values_by_path_not_by_text() {
        // (path, expected line and column)
        let cases: &[(&[Step<'_>], LineColumn)] = &[
            (&[Key("title")], Some((1, 8))),
            (&[Key("releases")], Some((4, 3))),
            (&[Key("releases"), Index(0)], Some((4, 5))),
            (
                &[Key("releases"), Index(0), Key("releaseCycle")],
                Some((4, 19)),
            ),
            (&[Key("releases"), Index(0), Key("latest")], Some((5, 13))),
            (&[Key("releases"), Index(1), Key("latest")], Some((9, 13))),
            (&[Key("releases"), Index(1), Key("link")], Some((10, 11))),
            (&[Key("releases"), Index(1), Key("eol")], Some((13, 10))),
            (&[Key("releases"), Index(1), Key("notes")], Some((11, 12))),
            (&[Key("releases"), Index(2)], None),
            (&[Key("releases"), Index(0), Key("codename")], None),
            (&[Key("missing")], None),
            (&[Key("title"), Index(0)], None),
        ];
        for (path, expected) in cases {
            assert_eq!(at(PRODUCT, path), *expected, "{path:?}");
        }
    }

    #[test]
    fn reads_compact_sequences_quoted_keys_and_nested_products() {
        let yaml = "---\nproducts:\n- id: a\n  releases:\n  - releaseCycle: \"1\"\n  name: A\n- \"id\": b\n  releases:\n    -\n      releaseCycle: \"1\"\n      latest: N/A\n";
        let b = [Key("products"), Index(1)];
        assert_eq!(
            at(yaml, &[Key("products"), Index(0), Key("id")]),
            Some((3, 7))
        );
        assert_eq!(
            at(
                yaml,
                &[
                    Key("products"),
                    Index(0),
                    Key("releases"),
                    Index(0),
                    Key("releaseCycle")
                ]
            ),
            Some((5, 19))
        );
        assert_eq!(
            at(yaml, &[Key("products"), Index(0), Key("name")]),
            Some((6, 9))
        );
        assert_eq!(at(yaml, &[b[0], b[1], Key("id")]), Some((7, 9)));
        assert_eq!(
            at(
                yaml,
                &[b[0], b[1], Key("releases"), Index(0), Key("latest")]
            ),
            Some((11, 15))
        );
    }

    #[test]
    fn flow_style_falls_back_to_the_nearest_value() {
        let yaml = "title: A\nreleases: [{releaseCycle: \"1\", latest: x}]\n";
        let path = [Key("releases"), Index(0), Key("latest")];
        assert_eq!(locate(yaml, &path), None);
        assert_eq!(
            locate_nearest(yaml, &path),
            Position {
                line: 2,
                column: 11
            }
        );
        assert_eq!(locate_nearest("", &path), Position { line: 1, column: 1 });
    }

    #[test]
    fn columns_count_characters() {
        let yaml = "é: x\nreleases:\n  - name: \"ü\"\n    latest: v\n";
        assert_eq!(at(yaml, &[Key("é")]), Some((1, 4)));
        assert_eq!(
            at(yaml, &[Key("releases"), Index(0), Key("latest")]),
            Some((4, 13))
        );
    }

    #[test]
    fn odd_text_never_panics() {
        let texts = [
            "",
            "-",
            "- ",
            ":",
            "a:",
            "\"a",
            "'a':",
            "a: |\n",
            "- - x\n  - y",
            "a:\n  -\n",
            "\t- x",
            "a: 'b: c'\nd: e",
            "é:\n é: ü",
            "?\n",
            "---\n---\n",
        ];
        for text in texts {
            for path in [
                &[Key("a")][..],
                &[Index(0), Index(1)],
                &[Key("a"), Index(0), Key("d")],
                &[Key("é"), Key("é")],
            ] {
                let _ = locate(text, path);
                let _ = locate_nearest(text, path);
            }
        }
        assert_eq!(at("- - x\n  - y", &[Index(0), Index(1)]), Some((2, 5)));
    }
}
