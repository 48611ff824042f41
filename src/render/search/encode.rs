//! Compact encodings for the search index, decoded by `search-worker.js`:
//! LEB128 varints in base64 (standard alphabet, padded), and page sets as
//! either a bitset or a delta list, whichever is smaller; and JSON strings
//! written fast, for the index's bulk text.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#[cfg(test)]
pub(super) fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    push_base64(&mut out, bytes);
    out
}

/// Appends the base64 of `bytes` to `out`.
pub(super) fn push_base64(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

pub(super) fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A set of page ids (sorted, distinct) out of `pages`: `b` + a bitset, or `d` +
/// the varint gaps between ids, whichever is shorter.
pub(super) fn page_set(ids: &[u32], pages: usize) -> String {
    let mut out = String::new();
    push_page_set(&mut out, ids, pages);
    out
}

/// Appends [`page_set`]`(ids, pages)` to `out`.
pub(super) fn push_page_set(out: &mut String, ids: &[u32], pages: usize) {
    let mut gaps = Vec::with_capacity(ids.len() * 2);
    let mut previous = 0;
    for (i, &id) in ids.iter().enumerate() {
        push_varint(&mut gaps, if i == 0 { id } else { id - previous });
        previous = id;
    }
    let bitset_len = pages.div_ceil(8);
    if gaps.len() <= bitset_len {
        out.push('d');
        return push_base64(out, &gaps);
    }
    let mut bits = vec![0u8; bitset_len];
    for &id in ids {
        bits[id as usize / 8] |= 1 << (id % 8);
    }
    out.push('b');
    push_base64(out, &bits);
}

/// Appends `text` as a JSON string, escaped byte for byte as `serde_json`
/// escapes it (`"`, `\\`, and control characters; nothing else). The index's
/// excerpt texts are most of its bytes, and nearly none of them need escaping:
/// eight bytes are checked at a time, where `serde_json` looks each byte up.
pub(super) fn push_json_str(out: &mut String, text: &str) {
    push_json_parts(out, &[text]);
}

/// Appends the concatenation of `parts` as one JSON string, escaped as
/// [`push_json_str`] escapes it, without first joining them.
pub(super) fn push_json_parts(out: &mut String, parts: &[&str]) {
    out.reserve(parts.iter().map(|p| p.len()).sum::<usize>() + 2);
    out.push('"');
    for text in parts {
        push_escaped(out, text);
    }
    out.push('"');
}

fn push_escaped(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(chunk) = bytes[at..].first_chunk::<8>() {
            if !needs_escape(u64::from_le_bytes(*chunk)) {
                at += 8;
                continue;
            }
        }
        for (i, &byte) in bytes.iter().enumerate().skip(at).take(8) {
            if let Some(escaped) = escape(byte) {
                // `i` is an ASCII byte: a character boundary.
                out.push_str(&text[copied..i]);
                out.push_str(escaped);
                copied = i + 1;
            }
        }
        at += 8;
    }
    out.push_str(&text[copied..]);
}

/// Appends a JSON array: `[`, each item as `item` writes it, comma-separated, `]`.
pub(super) fn push_array<T>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    mut item: impl FnMut(&mut String, T),
) {
    out.push('[');
    for (n, each) in items.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        item(out, each);
    }
    out.push(']');
}

/// Appends a stale badge as serde writes a `(String, Tone)`: `["text","tone"]`.
pub(super) fn push_badge(out: &mut String, (text, tone): &(String, super::super::views::Tone)) {
    push_array(out, [text.as_str(), tone.name()], push_json_str);
}

/// Whether any of the eight bytes in `word` is under 0x20, `"` or `\\` (exact:
/// the "has less than" and "has zero byte" tests of Bit Twiddling Hacks).
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let has_control = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
    has_control
        || has_zero(word ^ (ONES * u64::from(b'"')))
        || has_zero(word ^ (ONES * u64::from(b'\\')))
}

/// The escape of one byte, as `serde_json` writes it.
fn escape(byte: u8) -> Option<&'static str> {
    const CONTROL: [&str; 32] = [
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011",
        "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019",
        "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ];
    match byte {
        b'"' => Some("\\\""),
        b'\\' => Some("\\\\"),
        0x00..=0x1f => Some(CONTROL[usize::from(byte)]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped_exactly_as_serde_json_escapes_them() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        let cases = [
            String::new(),
            "plain text, no escapes at all here".to_string(),
            every_ascii.clone(),
            every_ascii.chars().rev().collect(),
            "quote \" and backslash \\ at odd places\"".to_string(),
            "naïve — “curly” \u{7f} \u{2028} 😀 tab\tnewline\n".repeat(3),
            "\"\"\"\"\"\"\"\"\"".to_string(),
            "1234567\n".to_string(),
        ];
        for text in cases {
            let mut ours = String::new();
            push_json_str(&mut ours, &text);
            assert_eq!(ours, serde_json::to_string(&text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn base64_matches_the_standard_alphabet_with_padding() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(base64(b""), "");
    }

    #[test]
    fn varints_are_little_endian_groups_of_seven_bits() {
        let mut out = Vec::new();
        for v in [0, 127, 128, 300] {
            push_varint(&mut out, v);
        }
        assert_eq!(out, [0, 127, 0x80, 1, 0xac, 2]);
    }

    #[test]
    fn a_page_set_is_a_gap_list_when_sparse_and_a_bitset_when_dense() {
        assert_eq!(page_set(&[3, 5], 1000), format!("d{}", base64(&[3, 2])));
        let dense: Vec<u32> = (0..16).collect();
        assert_eq!(page_set(&dense, 16), format!("b{}", base64(&[0xff, 0xff])));
    }
}
