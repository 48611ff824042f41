//! Where prepared page bodies wait between load and render. The one parse of a
//! page (in load) gives its body as render needs it; at 100,000 pages those bodies
//! weigh over a gigabyte, so they are written to a scratch file that is deleted
//! as soon as it is created (the open handle keeps it until the build ends, and
//! nothing is left behind even if the build is killed) and read back, page by
//! page, when the page renders. Where no scratch file can be made or written
//! (a file-size limit, a full disk), they stay in memory.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use crate::model::BodyRef;

/// Page bodies as bytes, each written once and read back by its [`BodyRef`].
#[derive(Debug, Default)]
pub struct Bodies {
    /// An unlinked scratch file, and how many bytes are handed out in it.
    file: Option<(File, AtomicU64)>,
    /// Bodies kept in memory: all of them without a scratch file, else those
    /// the file could not take (a full disk, a file-size limit).
    memory: Mutex<Vec<Vec<u8>>>,
}

impl Bodies {
    /// A store in a scratch file in the system's temporary folder, else in memory.
    /// (`ALMANAC_BENCH_BODIES=memory` keeps them in memory, to measure the difference.)
    pub fn new() -> Bodies {
        if std::env::var_os("ALMANAC_BENCH_BODIES").is_some_and(|v| v == "memory") {
            return Bodies::in_memory();
        }
        Bodies {
            file: scratch_file().ok().map(|file| (file, AtomicU64::new(0))),
            memory: Mutex::default(),
        }
    }

    pub fn in_memory() -> Bodies {
        Bodies::default()
    }

    /// Keeps `bytes`; several threads may put at once.
    pub fn put(&self, bytes: Vec<u8>) -> BodyRef {
        if let Some((file, end)) = &self.file {
            let len = bytes.len() as u64;
            let offset = end.fetch_add(len, Ordering::Relaxed);
            if file.write_all_at(&bytes, offset).is_ok() {
                return BodyRef::File { offset, len };
            }
        }
        let mut kept = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        kept.push(bytes);
        BodyRef::Memory(kept.len() - 1)
    }

    /// The bytes put as `body`.
    pub fn get(&self, body: BodyRef) -> std::io::Result<Vec<u8>> {
        match (body, &self.file) {
            (BodyRef::File { offset, len }, Some((file, _))) => {
                let mut bytes = vec![0; len as usize];
                file.read_exact_at(&mut bytes, offset)?;
                Ok(bytes)
            }
            (BodyRef::Memory(n), _) => {
                let kept = self.memory.lock().unwrap_or_else(|e| e.into_inner());
                kept.get(n).cloned().ok_or_else(missing)
            }
            (BodyRef::File { .. }, None) => Err(missing()),
        }
    }
}

fn missing() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::NotFound, "no such body")
}

/// A new file in the temporary folder, already deleted.
fn scratch_file() -> std::io::Result<File> {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let name = format!(
        ".almanac-bodies-{}-{}-{nanos}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    );
    let path = std::env::temp_dir().join(name);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    std::fs::remove_file(&path)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_come_back_as_they_were_put_from_a_file_or_memory() {
        for bodies in [Bodies::new(), Bodies::in_memory()] {
            let a = bodies.put(b"first".to_vec());
            let b = bodies.put(Vec::new());
            let c = bodies.put(b"third body".to_vec());
            assert_eq!(bodies.get(c).unwrap(), b"third body");
            assert_eq!(bodies.get(a).unwrap(), b"first");
            assert_eq!(bodies.get(b).unwrap(), b"");
        }
    }
}
