//! Stage 5, write: the only module that writes or deletes output files.
//!
//! `build` writes everything to a [`Staging`] directory beside the output, which
//! replaces the previous output only when the whole build succeeded. A failed
//! build leaves the old site untouched, and almanac refuses to replace a
//! directory it did not create (it marks its own with [`MARKER`]).
//!
//! `serve` writes into a [`LiveOutput`]: only files whose bytes changed are
//! written, first to a pending folder, then moved into the served folder all at
//! once, so the dev server never shows half a rebuild.

use std::collections::HashMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, RwLock};

use crate::diagnostics::Diagnostic;

/// Where rendered files go.
pub trait Sink: Sync {
    /// Writes `bytes` at `path`, relative to the output root with `/` separators.
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Copies the file at `source` to `path`.
    fn copy(&self, source: &Path, path: &str) -> std::io::Result<()> {
        let bytes = fs::read(source)?;
        self.write(path, &bytes)
    }
}

/// The one path-safety check: an output path is relative and never leaves the
/// output root (no `..`, no root, no drive prefix).
fn safe_relative(output: &str) -> std::io::Result<&Path> {
    let relative = Path::new(output);
    let safe = !output.is_empty()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if safe {
        Ok(relative)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output: {output}"),
        ))
    }
}

/// Writes `path`, creating its folders when they are missing. The write is tried
/// first: most files go to a folder that exists (search fragments, assets), and
/// an up-front `create_dir_all` costs a `mkdir` and a `stat` on each of them.
fn write_creating_parents(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match fs::write(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, bytes)
        }
        other => other,
    }
}

/// File placed in every output directory almanac writes, so it knows the
/// directory is its own to replace.
pub const MARKER: &str = ".almanac-output";

/// An output directory being written.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Held until the build ends: two builds of one output take turns.
    _lock: fs::File,
}

impl Staging {
    /// Prepares a fresh staging directory for `target`, after checking that
    /// `target` is either absent, empty, or a previous almanac output. Waits
    /// while another almanac build writes the same output.
    pub fn create(target: &Path) -> Result<Staging, Diagnostic> {
        let lock = lock_output(target)?;
        recover_interrupted_swap(target)?;
        check_ownership(target)?;
        let dir = sibling(target, "staging");
        if dir.exists() {
            // Left by a build that was killed: never part of a site.
            fs::remove_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
            _lock: lock,
        })
    }

    fn path_of(&self, output: &str) -> std::io::Result<PathBuf> {
        Ok(self.dir.join(safe_relative(output)?))
    }

    /// Swaps the staged output into place and removes the previous one.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        fs::write(
            self.dir.join(MARKER),
            "This directory is written by almanac and replaced on every build.\n",
        )
        .map_err(|e| io_error(&self.dir, &e))?;
        if self.target.exists() && exchange(&self.dir, &self.target).is_ok() {
            // One atomic step: the staging folder now holds the previous site.
            self.committed = true;
            let _ = fs::remove_dir_all(&self.dir);
            return Ok(());
        }
        let old = sibling(&self.target, "old");
        if old.exists() {
            fs::remove_dir_all(&old).map_err(|e| io_error(&old, &e))?;
        }
        if self.target.exists() {
            fs::rename(&self.target, &old).map_err(|e| io_error(&self.target, &e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            // Put the previous output back so readers still have a site.
            let _ = fs::rename(&old, &self.target);
            return Err(io_error(&self.target, &e));
        }
        self.committed = true;
        let _ = fs::remove_dir_all(&old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        write_creating_parents(&self.path_of(path)?, bytes)
    }

    fn copy(&self, source: &Path, output: &str) -> std::io::Result<()> {
        let path = self.path_of(output)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(source, path).map(|_| ())
    }
}

/// Swaps two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`), so there
/// is no moment without a site. Fails where the system or file system cannot;
/// the caller then renames twice.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Takes the output's lock file (`.public.almanac-lock`), waiting for another
/// build that holds it; the lock goes when the file is closed, also when a
/// build is killed.
fn lock_output(target: &Path) -> Result<fs::File, Diagnostic> {
    let path = sibling(target, "lock");
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error(
                "write-failed",
                format!(
                    "cannot create the folder {} for the output: {e}",
                    parent.display()
                ),
            )
            .with_help("choose another output with --out DIR")
        })?;
    }
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io_error(&path, &e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another almanac build writing {} to finish…",
                target.display()
            );
            file.lock().map_err(|e| io_error(&path, &e))?;
            Ok(file)
        }
        Err(fs::TryLockError::Error(e)) => Err(io_error(&path, &e)),
    }
}

/// A build killed between the two renames of a swap leaves the previous site
/// in `.public.almanac-old` and no `public`: put it back.
fn recover_interrupted_swap(target: &Path) -> Result<(), Diagnostic> {
    let old = sibling(target, "old");
    if !target.exists() && old.join(MARKER).is_file() {
        fs::rename(&old, target).map_err(|e| io_error(target, &e))?;
    }
    Ok(())
}

/// `public` → `.public.almanac-<what>` in the same parent, so a rename is atomic.
fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.almanac-{what}"))
}

fn check_ownership(target: &Path) -> Result<(), Diagnostic> {
    if !target.exists() {
        return Ok(());
    }
    if !target.is_dir() {
        return Err(Diagnostic::error(
            "output-not-a-directory",
            format!("{} exists and is not a directory", target.display()),
        )
        .with_help("choose another output with --out DIR"));
    }
    let empty = fs::read_dir(target)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false);
    if empty || target.join(MARKER).is_file() {
        return Ok(());
    }
    Err(Diagnostic::error(
        "foreign-output-directory",
        format!(
            "{} exists and was not created by almanac; refusing to replace it",
            target.display()
        ),
    )
    .with_help(format!(
        "choose another output with --out DIR, or empty {} first",
        target.display()
    )))
}

/// The dev server's output. A request ([`LiveOutput::read`]) and a rebuild's
/// [`Update::commit`] exclude each other, so a reader sees the site as it was
/// before a rebuild or after it, never a page moved but its old copy still there.
#[derive(Debug)]
pub struct LiveOutput {
    served: PathBuf,
    pending: PathBuf,
    gate: RwLock<()>,
    /// Hash of every file in the served folder.
    written: Mutex<HashMap<String, u64>>,
}

impl LiveOutput {
    /// Serves from `dir/site`; a rebuild writes its changed files to `dir/pending`
    /// (the same file system, so moving them into place is a rename).
    pub fn create(dir: &Path) -> std::io::Result<LiveOutput> {
        let live = LiveOutput {
            served: dir.join("site"),
            pending: dir.join("pending"),
            gate: RwLock::new(()),
            written: Mutex::new(HashMap::new()),
        };
        fs::create_dir_all(&live.served)?;
        fs::create_dir_all(&live.pending)?;
        Ok(live)
    }

    /// The folder readers are served from.
    pub fn served(&self) -> &Path {
        &self.served
    }

    /// Runs `read` on the served folder while no rebuild is being committed.
    pub fn read<T>(&self, read: impl FnOnce(&Path) -> T) -> T {
        let _reading = self.gate.read().unwrap_or_else(|e| e.into_inner());
        read(&self.served)
    }

    /// Starts an update: a sink that keeps only the files whose bytes changed.
    pub fn begin(&self) -> Update<'_> {
        let _ = fs::remove_dir_all(&self.pending);
        let previous = self.written.lock().map(|w| w.clone()).unwrap_or_default();
        Update {
            live: self,
            previous,
            seen: Mutex::default(),
            changed: Mutex::default(),
        }
    }
}

/// How much of the site an [`Update`] rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everything: a served file that was not rendered again is gone.
    Everything,
    /// Some pages: every other file stays as it is.
    Some,
}

/// A rebuild in progress for a [`LiveOutput`].
#[derive(Debug)]
pub struct Update<'a> {
    live: &'a LiveOutput,
    previous: HashMap<String, u64>,
    seen: Mutex<HashMap<String, u64>>,
    changed: Mutex<Vec<String>>,
}

impl Update<'_> {
    /// Moves the changed files into the served folder and, for a full rebuild,
    /// deletes the files it no longer has, all while no request is being read.
    /// Returns every output path written or deleted, sorted.
    pub fn commit(self, scope: Scope) -> Result<Vec<String>, Diagnostic> {
        let live = self.live;
        let seen = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut changed = self.changed.into_inner().unwrap_or_else(|e| e.into_inner());
        let removed: Vec<String> = match scope {
            Scope::Everything => self
                .previous
                .keys()
                .filter(|path| !seen.contains_key(*path))
                .cloned()
                .collect(),
            Scope::Some => Vec::new(),
        };
        let moved = {
            let _committing = live.gate.write().unwrap_or_else(|e| e.into_inner());
            move_into_place(&live.pending, &live.served, &changed)
                .and_then(|()| delete_with_empty_parents(&live.served, &removed))
        };
        let mut written = live.written.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(error) = moved {
            // Some files may have moved: forget what is on disk so the next
            // rebuild writes everything again.
            written.clear();
            return Err(error);
        }
        match scope {
            Scope::Everything => *written = seen,
            Scope::Some => written.extend(seen),
        }
        let _ = fs::remove_dir_all(&live.pending);
        changed.extend(removed);
        changed.sort();
        Ok(changed)
    }
}

impl Sink for Update<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let relative = safe_relative(path)?;
        let hash = hash_bytes(bytes);
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(path.to_string(), hash);
        }
        if self.previous.get(path) == Some(&hash) {
            return Ok(());
        }
        write_creating_parents(&self.live.pending.join(relative), bytes)?;
        if let Ok(mut changed) = self.changed.lock() {
            changed.push(path.to_string());
        }
        Ok(())
    }
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

fn move_into_place(pending: &Path, served: &Path, paths: &[String]) -> Result<(), Diagnostic> {
    for path in paths {
        let target = served.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        fs::rename(pending.join(path), &target).map_err(|e| io_error(&target, &e))?;
    }
    Ok(())
}

/// Deletes `paths`, then each folder that deleting them left empty, so the served
/// folder holds what a full build would.
fn delete_with_empty_parents(served: &Path, paths: &[String]) -> Result<(), Diagnostic> {
    for path in paths {
        let file = served.join(path);
        match fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&file, &e)),
        }
        let mut folder = file.parent();
        while let Some(dir) = folder.filter(|d| *d != served) {
            if fs::remove_dir(dir).is_err() {
                break; // not empty
            }
            folder = dir.parent();
        }
    }
    Ok(())
}

fn io_error(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error("write-failed", format!("{}: {error}", path.display()))
}
