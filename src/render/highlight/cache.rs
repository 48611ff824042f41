//! The file in which builds keep highlighted code blocks for the next build
//! (`.almanac/cache/highlight` in the site): a block whose language and code are
//! in it is not parsed again, and a build whose blocks are all in it compiles
//! no grammar (Rust's and SQL's take ~60 ms each, a third of a 1,000-page
//! build's CPU with highlighting).
//!
//! The file is only ever a copy of what highlighting gives, so anything odd
//! about it (missing, cut short, written by another almanac binary, whose
//! grammars or classes may differ) makes it an empty cache, never an error.
//!
//! Layout: a header line, a line naming the binary that wrote it, then for
//! each block its language, code and HTML (each a little-endian `u32` length
//! and UTF-8 bytes), then the XXH3 hash of everything before it (8 bytes).

use std::path::Path;

const MAGIC: &str = "almanac highlight cache 1\n";

/// The binary that writes and reads the cache: its version, size and
/// modification time. A rebuilt almanac (other grammars, other class rules)
/// reads no block a different one highlighted.
fn binary() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    let modified = meta.modified().ok()?;
    let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!(
        "{} {} {}\n",
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        since.as_nanos()
    ))
}

/// The blocks (language, code, HTML) of the cache file at `path`, if it is one
/// this binary wrote and it is whole.
pub(super) fn read(path: &Path) -> Option<Vec<(String, String, String)>> {
    let bytes = std::fs::read(path).ok()?;
    parse(&bytes, &binary()?)
}

fn parse(bytes: &[u8], binary: &str) -> Option<Vec<(String, String, String)>> {
    let (body, hash) = bytes.split_last_chunk::<8>()?;
    if xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(*hash) {
        return None;
    }
    let mut rest = body
        .strip_prefix(MAGIC.as_bytes())?
        .strip_prefix(binary.as_bytes())?;
    let mut blocks = Vec::new();
    while !rest.is_empty() {
        let lang = take_str(&mut rest)?;
        let code = take_str(&mut rest)?;
        let html = take_str(&mut rest)?;
        blocks.push((lang, code, html));
    }
    Some(blocks)
}

fn take_str(rest: &mut &[u8]) -> Option<String> {
    let (len, tail) = rest.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    if tail.len() < len {
        return None;
    }
    let (text, tail) = tail.split_at(len);
    *rest = tail;
    String::from_utf8(text.to_vec()).ok()
}

/// Writes `blocks` (language, code, HTML) as the cache file at `path`: to a
/// temporary file beside it, renamed over it, so that a reader sees the old
/// file or the new one, whole.
pub(super) fn write<'b>(
    path: &Path,
    blocks: impl Iterator<Item = (&'b str, &'b str, &'b str)>,
) -> std::io::Result<()> {
    let Some(binary) = binary() else {
        return Ok(());
    };
    let bytes = encode(&binary, blocks);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

fn encode<'b>(binary: &str, blocks: impl Iterator<Item = (&'b str, &'b str, &'b str)>) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(MAGIC.as_bytes());
    bytes.extend_from_slice(binary.as_bytes());
    for (lang, code, html) in blocks {
        for text in [lang, code, html] {
            // A block over 4 GiB is not a block anyone keeps.
            let Ok(len) = u32::try_from(text.len()) else {
                return encode(binary, std::iter::empty());
            };
            bytes.extend_from_slice(&len.to_le_bytes());
            bytes.extend_from_slice(text.as_bytes());
        }
    }
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    bytes.extend_from_slice(&hash.to_le_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCKS: [(&str, &str, &str); 2] = [
        ("rust", "fn main() {}\n", "<pre>…</pre>"),
        ("", "", "<pre></pre>"),
    ];

    fn owned(blocks: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
        blocks
            .iter()
            .map(|(l, c, h)| (l.to_string(), c.to_string(), h.to_string()))
            .collect()
    }

    #[test]
    fn a_cache_reads_back_what_was_written_and_nothing_when_it_is_odd() {
        let bytes = encode("0.1.0 1 2\n", BLOCKS.into_iter());
        assert_eq!(parse(&bytes, "0.1.0 1 2\n"), Some(owned(&BLOCKS)));
        let empty = encode("0.1.0 1 2\n", std::iter::empty());
        assert_eq!(parse(&empty, "0.1.0 1 2\n"), Some(Vec::new()));

        // Another binary's cache, a cut file, a changed byte, no file at all.
        assert_eq!(parse(&bytes, "0.1.0 1 3\n"), None);
        for cut in [0, 1, 8, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(parse(&bytes[..cut], "0.1.0 1 2\n"), None, "cut at {cut}");
        }
        let mut changed = bytes.clone();
        changed[MAGIC.len() + 14] ^= 1;
        assert_eq!(parse(&changed, "0.1.0 1 2\n"), None);
        assert_eq!(read(Path::new("/nonexistent/almanac/cache")), None);
    }

    #[test]
    fn a_written_cache_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".almanac/cache/highlight");
        write(&path, BLOCKS.into_iter()).unwrap();
        assert_eq!(read(&path), Some(owned(&BLOCKS)));
        write(&path, BLOCKS[1..].iter().copied()).unwrap();
        assert_eq!(read(&path), Some(owned(&BLOCKS[1..])));
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["highlight"], "no temporary file is left");
    }
}
