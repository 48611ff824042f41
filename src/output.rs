//! Stage 5, write: the only module that writes or deletes output files.
//!
//! `build` writes everything to a [`Staging`] directory beside the output, which
//! replaces the previous output only when the whole build succeeded. A failed
//! build leaves the old site untouched, and almanac refuses to replace a
//! directory it did not create (it marks its own with [`MARKER`]).
//!
//! The site a build replaces is not deleted: it is kept beside the output
//! (`.public.almanac-prev`) and becomes the next build's staging directory, where
//! only the files whose bytes differ are written and the files the new site no
//! longer has are deleted. On a real disk, creating and deleting thousands of
//! files costs more than rendering them; a rebuild that changes a few pages now
//! writes a few files. What a tree holds is recorded in a manifest beside the
//! output (hash of each file and what `stat` said after writing it), and a file
//! whose size, inode or modification time no longer match is written again.
//!
//! `serve` writes into a [`LiveOutput`]: only files whose bytes changed are
//! written, first to a pending folder, then moved into the served folder all at
//! once, so the dev server never shows half a rebuild.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

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

    /// Says that every file under `folder` (a path ending in `/`) has been
    /// written by now: a partial update deletes the others there. (A full
    /// build's sink deletes every file it was not given anyway.)
    fn folder_written(&self, _folder: &str) {}

    /// Says that no file is at `path` now (an alias's redirect page after the
    /// alias went): a partial update deletes it. (A full build's sink deletes
    /// every file it was not given anyway.)
    fn file_gone(&self, _path: &str) {}

    /// Keeps the file at `path` as it is, if its bytes hash to `hash` (see
    /// [`content_hash`]), as if they were written again; says whether it did.
    /// (Serve: a search shard whose words and results did not change is not
    /// encoded again. A build's sink keeps nothing: it writes every file.)
    fn keep(&self, _path: &str, _hash: u64) -> bool {
        false
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
    /// What the recycled tree in `dir` holds (empty for a fresh staging folder).
    base: HashMap<String, Stamp>,
    /// What this build wrote or kept, by output path.
    written: Mutex<HashMap<String, Stamp>>,
    /// Folders known to exist in `dir`, so each is created once.
    folders: Mutex<std::collections::HashSet<PathBuf>>,
    /// Held until the build ends: two builds of one output take turns.
    _lock: fs::File,
}

impl Staging {
    /// Prepares a staging directory for `target`, after checking that `target`
    /// is either absent, empty, or a previous almanac output. Waits while another
    /// almanac build writes the same output. The site before the current one is
    /// reused when its manifest is there; otherwise the folder starts empty.
    pub fn create(target: &Path) -> Result<Staging, Diagnostic> {
        let lock = lock_output(target)?;
        recover_interrupted_swap(target)?;
        check_ownership(target)?;
        let dir = sibling(target, "staging");
        if dir.exists() {
            // Left by a build that was killed: its files are not known.
            fs::remove_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
        }
        let base = recycle_previous(target, &dir);
        if base.is_none() {
            fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
        }
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
            base: base.unwrap_or_default(),
            written: Mutex::default(),
            folders: Mutex::default(),
            _lock: lock,
        })
    }

    fn path_of(&self, output: &str) -> std::io::Result<PathBuf> {
        Ok(self.dir.join(safe_relative(output)?))
    }

    /// Swaps the staged output into place; the previous output is kept as the
    /// next build's staging folder.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let written = std::mem::take(self.written.get_mut().unwrap_or_else(|e| e.into_inner()));
        if !self.base.is_empty() {
            remove_unwritten(&self.dir, &written)?;
        }
        fs::write(
            self.dir.join(MARKER),
            "This directory is written by almanac and replaced on every build.\n",
        )
        .map_err(|e| io_error(&self.dir, &e))?;
        let previous = sibling(&self.target, "prev");
        Manifests::record(&self.target, &self.dir, written);
        if self.target.exists() && exchange(&self.dir, &self.target).is_ok() {
            // One atomic step: the staging folder now holds the previous site.
            self.committed = true;
            keep_as_previous(&self.dir, &previous);
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
        if old.exists() {
            keep_as_previous(&old, &previous);
        }
        Ok(())
    }

    /// Creates the folders of `path` once per folder.
    fn make_parents(&self, path: &Path) -> std::io::Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        if folders.contains(parent) {
            return Ok(());
        }
        if let Err(error) = fs::create_dir_all(parent) {
            // In a recycled tree a file may stand where a folder now goes.
            clear_path(&self.dir, parent)?;
            fs::create_dir_all(parent).map_err(|_| error)?;
        }
        folders.insert(parent.to_path_buf());
        Ok(())
    }

    /// Whether the recycled tree already has exactly these bytes at `output`.
    fn unchanged(&self, output: &str, path: &Path, hash: u64) -> Option<Stamp> {
        let stamp = *self.base.get(output)?;
        let on_disk = Stamp::of(hash, &fs::symlink_metadata(path).ok()?)?;
        (stamp == on_disk).then_some(stamp)
    }

    fn record(&self, output: &str, stamp: Option<Stamp>) {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        match stamp {
            Some(stamp) => written.insert(output.to_string(), stamp),
            // Without a stamp the file is rewritten next time: record it as unknown.
            None => written.insert(output.to_string(), Stamp::UNKNOWN),
        };
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
    fn write(&self, output: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path_of(output)?;
        let hash = content_hash(bytes);
        if let Some(stamp) = self.unchanged(output, &path, hash) {
            self.record(output, Some(stamp));
            return Ok(());
        }
        self.make_parents(&path)?;
        let file = match fs::File::create(&path) {
            Ok(file) => file,
            Err(_) if path.is_dir() => {
                // A folder of the recycled tree stands where this file goes.
                fs::remove_dir_all(&path)?;
                fs::File::create(&path)?
            }
            Err(e) => return Err(e),
        };
        let mut file = file;
        std::io::Write::write_all(&mut file, bytes)?;
        let stamp = file.metadata().ok().and_then(|m| Stamp::of(hash, &m));
        self.record(output, stamp);
        Ok(())
    }

    fn copy(&self, source: &Path, output: &str) -> std::io::Result<()> {
        // Read, so an unchanged asset is recognised by its bytes like a page.
        let bytes = fs::read(source)?;
        self.write(output, &bytes)
    }
}

/// What a file was right after almanac wrote it: its bytes' hash, and the
/// `stat` fields that change when anything rewrites it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Stamp {
    hash: u64,
    len: u64,
    inode: u64,
    mtime: i64,
    mtime_nsec: i64,
}

impl Stamp {
    /// Matches no file: a file recorded with it is written again.
    const UNKNOWN: Stamp = Stamp {
        hash: 0,
        len: u64::MAX,
        inode: 0,
        mtime: 0,
        mtime_nsec: -1,
    };

    #[cfg(unix)]
    fn of(hash: u64, metadata: &fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        metadata.is_file().then(|| Stamp {
            hash,
            len: metadata.len(),
            inode: metadata.ino(),
            mtime: metadata.mtime(),
            mtime_nsec: metadata.mtime_nsec(),
        })
    }

    /// Elsewhere nothing is reused: every build writes every file.
    #[cfg(not(unix))]
    fn of(_hash: u64, _metadata: &fs::Metadata) -> Option<Stamp> {
        None
    }
}

/// The manifests of the trees beside an output (`.public.almanac-manifests`):
/// for the live output and the previous one, keyed by the folder's inode, which
/// a rename keeps, what each file is.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Manifests {
    trees: HashMap<u64, HashMap<String, Stamp>>,
}

impl Manifests {
    fn path(target: &Path) -> PathBuf {
        sibling(target, "manifests")
    }

    fn load(target: &Path) -> Manifests {
        fs::read(Manifests::path(target))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Records what `staged` holds, and keeps the record of the live output
    /// (about to become the previous one); every other record is dropped. A
    /// failure only costs the next build its reuse.
    fn record(target: &Path, staged: &Path, files: HashMap<String, Stamp>) {
        let (Some(staged_id), mut manifests) = (folder_id(staged), Manifests::load(target)) else {
            return;
        };
        let live = folder_id(target).and_then(|id| Some((id, manifests.trees.remove(&id)?)));
        manifests.trees.clear();
        manifests.trees.extend(live);
        manifests.trees.insert(staged_id, files);
        let path = Manifests::path(target);
        let temporary = path.with_extension("tmp");
        let written = serde_json::to_vec(&manifests)
            .ok()
            .is_some_and(|json| fs::write(&temporary, json).is_ok());
        if !written || fs::rename(&temporary, &path).is_err() {
            let _ = fs::remove_file(&path);
        }
    }
}

#[cfg(unix)]
fn folder_id(path: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(path)
        .ok()
        .filter(fs::Metadata::is_dir)
        .map(|m| m.ino())
}

#[cfg(not(unix))]
fn folder_id(_path: &Path) -> Option<u64> {
    None
}

/// Moves the site before the current one (`.public.almanac-prev`) to `staging`
/// and returns what it holds, when its manifest is known; else deletes it.
fn recycle_previous(target: &Path, staging: &Path) -> Option<HashMap<String, Stamp>> {
    let previous = sibling(target, "prev");
    let id = folder_id(&previous)?;
    let files = Manifests::load(target).trees.remove(&id);
    let owned = previous.join(MARKER).is_file();
    match files {
        Some(files) if owned && fs::rename(&previous, staging).is_ok() => Some(files),
        _ => {
            let _ = fs::remove_dir_all(&previous);
            None
        }
    }
}

/// Keeps the replaced site at `previous` for the next build to reuse.
fn keep_as_previous(replaced: &Path, previous: &Path) {
    if previous.exists() {
        let _ = fs::remove_dir_all(previous);
    }
    if fs::rename(replaced, previous).is_err() {
        let _ = fs::remove_dir_all(replaced);
    }
}

/// Deletes every file of a recycled tree that this build did not write (pages
/// gone since, and anything another program put there), then the folders that
/// leaves empty.
fn remove_unwritten(dir: &Path, written: &HashMap<String, Stamp>) -> Result<(), Diagnostic> {
    let mut stale = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).follow_links(false) {
        let entry = entry
            .map_err(|e| Diagnostic::error("write-failed", format!("{}: {e}", dir.display())))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let output = relative.to_string_lossy().replace('\\', "/");
        if output != MARKER && !written.contains_key(&output) {
            stale.push(output);
        }
    }
    delete_with_empty_parents(dir, &stale)
}

/// Removes the files that stand where the folder `folder` (inside `root`) must be.
fn clear_path(root: &Path, folder: &Path) -> std::io::Result<()> {
    let mut blocking = Some(folder);
    while let Some(path) = blocking.filter(|p| p.starts_with(root) && *p != root) {
        if fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir()) {
            fs::remove_file(path)?;
        }
        blocking = path.parent();
    }
    Ok(())
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
    /// How many bytes of changed files an update keeps in memory ([`HELD_BYTES`]).
    held_limit: usize,
    /// Hash of every file in the served folder, shared with the rebuild in
    /// progress (which reads it while pages render) rather than copied for it.
    written: Mutex<Arc<Hashes>>,
}

/// Output path → hash of its bytes.
type Hashes = crate::hashing::FastMap<String, u64>;

impl LiveOutput {
    /// Serves from `dir/site`. A rebuild writes its changed files over the served
    /// ones when it commits; past [`HELD_BYTES`] of them, it stages the rest in
    /// `dir/pending` (the same file system, so moving them into place is a rename).
    pub fn create(dir: &Path) -> std::io::Result<LiveOutput> {
        LiveOutput::holding(dir, HELD_BYTES)
    }

    fn holding(dir: &Path, held_limit: usize) -> std::io::Result<LiveOutput> {
        let live = LiveOutput {
            served: dir.join("site"),
            pending: dir.join("pending"),
            gate: RwLock::new(()),
            held_limit,
            written: Mutex::new(Arc::default()),
        };
        fs::create_dir_all(&live.served)?;
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
        let previous = self
            .written
            .lock()
            .map(|w| Arc::clone(&w))
            .unwrap_or_default();
        Update {
            live: self,
            previous,
            seen: Mutex::default(),
            changed: Mutex::default(),
            whole: Mutex::default(),
            gone: Mutex::default(),
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
    previous: Arc<Hashes>,
    seen: Mutex<Hashes>,
    changed: Mutex<Changed>,
    /// Folders written whole ([`Sink::folder_written`]).
    whole: Mutex<Vec<String>>,
    /// Files that are gone ([`Sink::file_gone`]).
    gone: Mutex<Vec<String>>,
}

/// Changed files up to this many bytes in all wait in memory and are written
/// over the served ones when the update commits; the rest (a full rebuild's
/// worth) go to the pending folder and are renamed into place.
///
/// Writing over a served file keeps its inode. A new file per edit, in new
/// folders, cost ext4 more than the rest of a title edit at 10,000 pages: 30% of
/// the server's time went to inode allocation (`__ext4_new_inode`, skipping
/// recently deleted inodes) for the pending copies and their folders.
const HELD_BYTES: usize = 32 << 20;

/// The files an [`Update`] wrote that differ from the served ones.
#[derive(Debug, Default)]
struct Changed {
    /// Output path and bytes, written over the served file at commit.
    held: Vec<(String, Vec<u8>)>,
    held_bytes: usize,
    /// Output paths written to the pending folder, renamed into place at commit.
    staged: Vec<String>,
}

impl Update<'_> {
    /// Notes that the update has `path`, with bytes of `hash`: a full rebuild
    /// deletes the served files it did not see.
    fn see(&self, path: &str, hash: u64) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.insert(path.to_string(), hash);
    }

    /// Writes the changed files into the served folder and, for a full rebuild,
    /// deletes the files it no longer has (for a partial one, those of the
    /// folders it wrote whole), all while no request is being read.
    /// Returns every output path written or deleted, sorted.
    pub fn commit(self, scope: Scope) -> Result<Vec<String>, Diagnostic> {
        let live = self.live;
        let seen = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        let Changed { held, staged, .. } =
            self.changed.into_inner().unwrap_or_else(|e| e.into_inner());
        let removed: Vec<String> = match scope {
            Scope::Everything => self
                .previous
                .keys()
                .filter(|path| !seen.contains_key(*path))
                .cloned()
                .collect(),
            Scope::Some => {
                let whole = self.whole.into_inner().unwrap_or_else(|e| e.into_inner());
                let files = self.gone.into_inner().unwrap_or_else(|e| e.into_inner());
                let mut gone: Vec<String> = self
                    .previous
                    .keys()
                    .filter(|path| !seen.contains_key(*path))
                    .filter(|path| {
                        whole.iter().any(|folder| path.starts_with(folder.as_str()))
                            || files.contains(path)
                    })
                    .cloned()
                    .collect();
                gone.sort();
                gone
            }
        };
        let moved = {
            let _committing = live.gate.write().unwrap_or_else(|e| e.into_inner());
            write_over(&live.served, &held)
                .and_then(|()| move_into_place(&live.pending, &live.served, &staged))
                .and_then(|()| delete_with_empty_parents(&live.served, &removed))
        };
        // The rebuild's view of the map goes first, so that it is updated in place.
        drop(self.previous);
        let mut shared = live.written.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(error) = moved {
            // Some files may have moved: forget what is on disk so the next
            // rebuild writes everything again.
            *shared = Arc::default();
            return Err(error);
        }
        match scope {
            Scope::Everything => *shared = Arc::new(seen),
            Scope::Some => {
                let written = Arc::make_mut(&mut shared);
                for path in &removed {
                    written.remove(path);
                }
                written.extend(seen);
            }
        }
        if !staged.is_empty() {
            let _ = fs::remove_dir_all(&live.pending);
        }
        let mut changed: Vec<String> = held.into_iter().map(|(path, _)| path).collect();
        changed.extend(staged);
        changed.extend(removed);
        changed.sort();
        Ok(changed)
    }
}

impl Sink for Update<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let relative = safe_relative(path)?;
        let hash = content_hash(bytes);
        self.see(path, hash);
        if self.previous.get(path) == Some(&hash) {
            return Ok(());
        }
        {
            let mut changed = self.changed.lock().unwrap_or_else(|e| e.into_inner());
            if changed.held_bytes + bytes.len() <= self.live.held_limit {
                changed.held_bytes += bytes.len();
                changed.held.push((path.to_string(), bytes.to_vec()));
                return Ok(());
            }
        }
        write_creating_parents(&self.live.pending.join(relative), bytes)?;
        let mut changed = self.changed.lock().unwrap_or_else(|e| e.into_inner());
        changed.staged.push(path.to_string());
        Ok(())
    }

    fn folder_written(&self, folder: &str) {
        if let Ok(mut whole) = self.whole.lock() {
            whole.push(folder.to_string());
        }
    }

    fn file_gone(&self, path: &str) {
        if let Ok(mut gone) = self.gone.lock() {
            gone.push(path.to_string());
        }
    }

    fn keep(&self, path: &str, hash: u64) -> bool {
        if self.previous.get(path) != Some(&hash) {
            return false;
        }
        self.see(path, hash);
        true
    }
}

/// The hash a file's bytes are known by between builds. XXH3 reads 16 bytes or
/// more per step where SipHash takes one 8-byte word per round: every byte
/// almanac writes goes through here (2% of a 1,000-page build's instructions
/// with SipHash). A file whose hash and size match is not written again, so a
/// collision would keep a stale file: at 64 bits, not a risk for a site's text.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Writes each file over its served copy (or creates it, and its folders).
fn write_over(served: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Diagnostic> {
    for (path, bytes) in files {
        let target = served.join(path);
        write_creating_parents(&target, bytes).map_err(|e| io_error(&target, &e))?;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn update(live: &LiveOutput, files: &[(&str, &str)], scope: Scope) -> Vec<String> {
        let update = live.begin();
        for (path, text) in files {
            update.write(path, text.as_bytes()).unwrap();
        }
        update.commit(scope).unwrap()
    }

    fn served(live: &LiveOutput, path: &str) -> (String, u64) {
        let file = live.served().join(path);
        (
            fs::read_to_string(&file).unwrap(),
            fs::metadata(&file).unwrap().ino(),
        )
    }

    /// Held in memory (written over the served file, which keeps its inode) or,
    /// past the limit, staged in the pending folder and renamed: either way the
    /// served folder ends as the update wrote it.
    #[test]
    fn an_update_leaves_the_served_folder_as_written_whether_held_or_staged() {
        for limit in [HELD_BYTES, 10, 0] {
            let dir = tempfile::tempdir().unwrap();
            let live = LiveOutput::holding(dir.path(), limit).unwrap();
            let first = [
                ("a/index.html", "one"),
                ("b/c/index.html", "two"),
                ("x.css", "x"),
            ];
            assert_eq!(
                update(&live, &first, Scope::Everything),
                ["a/index.html", "b/c/index.html", "x.css"]
            );
            let (_, inode) = served(&live, "a/index.html");
            let second = [("a/index.html", "one, edited"), ("d/index.html", "new")];
            let changed = update(&live, &second, Scope::Some);
            assert_eq!(changed, ["a/index.html", "d/index.html"], "limit {limit}");
            let (text, inode_after) = served(&live, "a/index.html");
            assert_eq!(text, "one, edited", "limit {limit}");
            assert_eq!(served(&live, "b/c/index.html").0, "two", "limit {limit}");
            assert_eq!(served(&live, "d/index.html").0, "new", "limit {limit}");
            assert_eq!(
                inode_after == inode,
                limit == HELD_BYTES,
                "an edit within the limit is written over the served file (limit {limit})"
            );
            // A full rebuild without `b` and `x.css` deletes them and b's folders.
            let third = [("a/index.html", "one, edited"), ("d/index.html", "new")];
            assert_eq!(
                update(&live, &third, Scope::Everything),
                ["b/c/index.html", "x.css"]
            );
            assert!(!live.served().join("b").exists(), "limit {limit}");
            assert!(
                !live.pending.exists(),
                "nothing left pending (limit {limit})"
            );
        }
    }
}
