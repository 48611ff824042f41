//! Compact encodings for the search index, decoded by `search-worker.js`:
//! LEB128 varints in base64 (standard alphabet, padded), and page sets as
//! either a bitset or a delta list, whichever is smaller.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(super) fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
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
    out
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
    let mut gaps = Vec::with_capacity(ids.len() * 2);
    let mut previous = 0;
    for (i, &id) in ids.iter().enumerate() {
        push_varint(&mut gaps, if i == 0 { id } else { id - previous });
        previous = id;
    }
    let bitset_len = pages.div_ceil(8);
    if gaps.len() <= bitset_len {
        return format!("d{}", base64(&gaps));
    }
    let mut bits = vec![0u8; bitset_len];
    for &id in ids {
        bits[id as usize / 8] |= 1 << (id % 8);
    }
    format!("b{}", base64(&bits))
}

#[cfg(test)]
mod tests {
    use super::*;

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
