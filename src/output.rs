//! Stage 5, write: everything goes to a staging directory beside the output, and
//! replaces the previous output only when the whole build succeeded. A failed
//! build leaves the old site untouched, and almanac refuses to replace a
//! directory it did not create (it marks its own with [`MARKER`]).

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::render::Sink;

/// File placed in every output directory almanac writes, so it knows the
/// directory is its own to replace.
pub const MARKER: &str = ".almanac-output";

/// An output directory being written.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares a fresh staging directory for `target`, after checking that
    /// `target` is either absent, empty, or a previous almanac output.
    pub fn create(target: &Path) -> Result<Staging, Diagnostic> {
        check_ownership(target)?;
        let dir = sibling(target, "staging");
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path_of(&self, output: &str) -> std::io::Result<PathBuf> {
        let relative = Path::new(output);
        let safe = relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !safe {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output: {output}"),
            ));
        }
        Ok(self.dir.join(relative))
    }

    /// Swaps the staged output into place and removes the previous one.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        fs::write(
            self.dir.join(MARKER),
            "This directory is written by almanac and replaced on every build.\n",
        )
        .map_err(|e| io_error(&self.dir, &e))?;
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
        let path = self.path_of(path)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, bytes)
    }

    fn copy(&self, source: &Path, output: &str) -> std::io::Result<()> {
        let path = self.path_of(output)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(source, path).map(|_| ())
    }
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

fn io_error(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error("write-failed", format!("{}: {error}", path.display()))
}
