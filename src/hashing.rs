//! A fast hash for maps keyed by a site's own text (words, tags), where the
//! standard library's SipHash costs more than the lookups it serves.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Fx hashing (rustc's), eight bytes at a time: the search index hashes every word
/// of every page, listings every tag of every page, and SipHash's resistance to
/// crafted keys buys nothing for a site's own text.
#[derive(Default)]
pub struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*chunk));
            rest = tail;
        }
        // The last 1-7 bytes as two overlapping loads, not a copy into a buffer
        // (a call to memcpy per word); the length was hashed before the bytes.
        let n = rest.len();
        if n >= 4 {
            let low = u32::from_le_bytes(rest[..4].try_into().unwrap_or_default());
            let high = u32::from_le_bytes(rest[n - 4..].try_into().unwrap_or_default());
            self.add(u64::from(low) | u64::from(high) << 32);
        } else if n > 0 {
            let (first, middle, last) = (rest[0], rest[n / 2], rest[n - 1]);
            self.add(u64::from(first) | u64::from(middle) << 8 | u64::from(last) << 16);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }
}

/// A `HashMap` with [`Fx`] hashing.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// A `HashSet` with [`Fx`] hashing.
pub type FastSet<T> = std::collections::HashSet<T, BuildHasherDefault<Fx>>;
