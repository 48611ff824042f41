//! The state `almanac serve` keeps between rebuilds, and the rebuild planner:
//! a body edit of one page re-renders that page and the pages whose backlinks
//! changed; anything else reloads what it must and re-renders everything, but
//! only files whose bytes changed are written, so only those tabs reload.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::watch::Change;
use crate::build::{self, Analysis, BuildOptions};
use crate::diagnostics::{self, Diagnostic};
use crate::model::PageId;
use crate::render::{self, theme::Theme, RenderContext, Sink};

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// The output was updated; `changed` lists output paths written or deleted.
    Updated {
        changed: Vec<String>,
        rendered: usize,
        elapsed: Duration,
    },
    /// The sources have errors; the previous output is still being served.
    Failed {
        diagnostics: Vec<Diagnostic>,
        elapsed: Duration,
    },
}

/// The last good site, kept to answer the next change quickly.
struct Ready {
    analysis: Analysis,
    theme: Theme,
}

/// A serve session: the options, the last good state and what is on disk.
pub struct Session {
    options: BuildOptions,
    out: PathBuf,
    ready: Option<Ready>,
    /// Hash of every file currently in the output directory.
    written: HashMap<String, u64>,
    /// Errors of the last rebuild (empty when it succeeded).
    pub errors: Vec<Diagnostic>,
}

impl Session {
    /// A session writing into `out` (created if missing); nothing is built yet.
    pub fn new(options: BuildOptions, out: PathBuf) -> Session {
        Session {
            options,
            out,
            ready: None,
            written: HashMap::new(),
            errors: Vec::new(),
        }
    }

    pub fn out_dir(&self) -> &Path {
        &self.out
    }

    /// Builds everything.
    pub fn full_build(&mut self) -> Outcome {
        self.rebuild(None)
    }

    /// Applies a batch of source changes.
    pub fn apply(&mut self, change: &Change) -> Outcome {
        let started = Instant::now();
        if let Change::Page(path) = change {
            if let Some(outcome) = self.try_page_edit(path, started) {
                return outcome;
            }
        }
        let previous = self.ready.take();
        let theme = match change {
            Change::Page(_) | Change::Content | Change::Static => previous.map(|r| r.theme),
            _ => None,
        };
        self.rebuild(theme)
    }

    /// Reloads the sources (and the theme unless one is given) and renders everything.
    fn rebuild(&mut self, theme: Option<Theme>) -> Outcome {
        let started = Instant::now();
        let analysis = match build::analyse(&self.options) {
            Ok(analysis) => analysis,
            Err(error) => return self.fail(vec![error], started),
        };
        let mut problems = analysis.all_diagnostics();
        let theme = match theme.map_or_else(
            || render::theme::load(&self.options.root, &analysis.site.config),
            Ok,
        ) {
            Ok(theme) => theme,
            Err(error) => {
                problems.push(error);
                return self.fail(problems, started);
            }
        };
        if problems.iter().any(Diagnostic::is_error) {
            return self.fail(problems, started);
        }
        let sink = DiffSink::new(&self.out, &self.written);
        let result = {
            let resolver = analysis.links.resolver(&analysis.site);
            let cx = RenderContext::new(
                &analysis.site,
                &analysis.graph,
                &resolver,
                &analysis.stale,
                &analysis.related,
                &theme,
                self.options.render,
            );
            render::write_assets(&analysis.site, &theme, &sink)
                .and_then(|_| render::render_site(&cx, &sink))
        };
        if let Err(errors) = result {
            return self.fail(errors, started);
        }
        let rendered = analysis.site.pages.len();
        let mut changed = sink.changed();
        let seen = sink.into_seen();
        // Files of the previous output that this build did not write are gone now.
        for stale_file in self.written.keys().filter(|p| !seen.contains_key(*p)) {
            let _ = std::fs::remove_file(self.out.join(stale_file));
            changed.push(stale_file.clone());
        }
        self.written = seen;
        self.ready = Some(Ready { analysis, theme });
        self.errors.clear();
        changed.sort();
        Outcome::Updated {
            changed,
            rendered,
            elapsed: started.elapsed(),
        }
    }

    /// The fast path: one page's body changed and nothing else about it did.
    /// Returns `None` when the change needs a wider rebuild.
    fn try_page_edit(&mut self, path: &Path, started: Instant) -> Option<Outcome> {
        if !self.errors.is_empty() {
            return None;
        }
        let ready = self.ready.as_mut()?;
        let page = crate::load::load_page(&self.options.root, path).ok()??;
        let id = ready.analysis.links.page_of_file(&page.file)?;
        let site = &mut ready.analysis.site;
        let old = &site.pages[id];
        let same_shape = old.meta == page.meta
            && old.kind == page.kind
            && old.headings == page.headings
            && old.url == page.url;
        if !same_shape {
            return None;
        }
        let old_page = std::mem::replace(&mut site.pages[id], page);
        // Titles, slugs, tags and headings are unchanged, so the link index and the
        // related-pages index of the last build still hold.
        let analysis = &mut ready.analysis;
        let mut affected = analysis.graph.update_page(
            &analysis.site,
            &analysis.links.resolver(&analysis.site),
            id,
        );
        if !analysis.graph.broken.is_empty() {
            // A new broken link is an error; undo and let the full path report it.
            analysis.site.pages[id] = old_page;
            analysis.graph.update_page(
                &analysis.site,
                &analysis.links.resolver(&analysis.site),
                id,
            );
            return None;
        }
        affected.push(id);
        affected.sort_unstable();
        affected.dedup();
        let site = &analysis.site;
        let resolver = analysis.links.resolver(site);
        let sink = DiffSink::new(&self.out, &self.written);
        let cx = RenderContext::new(
            site,
            &analysis.graph,
            &resolver,
            &analysis.stale,
            &analysis.related,
            &ready.theme,
            self.options.render,
        );
        let result = render::render_pages(&cx, &affected, &sink);
        let changed = sink.changed();
        let seen = sink.into_seen();
        if let Err(errors) = result {
            return Some(self.fail(errors, started));
        }
        self.written.extend(seen);
        Some(Outcome::Updated {
            changed,
            rendered: affected.len(),
            elapsed: started.elapsed(),
        })
    }

    fn fail(&mut self, mut problems: Vec<Diagnostic>, started: Instant) -> Outcome {
        problems.retain(Diagnostic::is_error);
        diagnostics::fill_source_lines(&mut problems, &self.options.root);
        self.errors = problems.clone();
        Outcome::Failed {
            diagnostics: problems,
            elapsed: started.elapsed(),
        }
    }

    /// Pages of the last good build, for tests and reporting.
    pub fn page_count(&self) -> usize {
        self.ready
            .as_ref()
            .map_or(0, |r| r.analysis.site.pages.len())
    }

    /// The ids rendered for a page URL, for tests.
    pub fn page_id(&self, url: &str) -> Option<PageId> {
        self.ready.as_ref()?.analysis.site.page_id_by_url(url)
    }
}

/// Writes only files whose bytes changed since the last build, and remembers
/// every file it was given.
struct DiffSink<'a> {
    dir: &'a Path,
    previous: &'a HashMap<String, u64>,
    seen: Mutex<HashMap<String, u64>>,
    changed: Mutex<Vec<String>>,
}

impl<'a> DiffSink<'a> {
    fn new(dir: &'a Path, previous: &'a HashMap<String, u64>) -> DiffSink<'a> {
        DiffSink {
            dir,
            previous,
            seen: Mutex::default(),
            changed: Mutex::default(),
        }
    }

    fn changed(&self) -> Vec<String> {
        let mut changed = self.changed.lock().map(|c| c.clone()).unwrap_or_default();
        changed.sort();
        changed
    }

    fn into_seen(self) -> HashMap<String, u64> {
        self.seen.into_inner().unwrap_or_default()
    }
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

impl Sink for DiffSink<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let relative = Path::new(path);
        if !relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output: {path}"),
            ));
        }
        let hash = hash_bytes(bytes);
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(path.to_string(), hash);
        }
        if self.previous.get(path) == Some(&hash) {
            return Ok(());
        }
        let full = self.dir.join(relative);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(full, bytes)?;
        if let Ok(mut changed) = self.changed.lock() {
            changed.push(path.to_string());
        }
        Ok(())
    }
}

/// Output paths → the site URLs readers have open (`guides/x/index.html` → `/guides/x/`).
pub fn urls_of(paths: &[String]) -> Vec<String> {
    let mut urls: HashSet<String> = HashSet::new();
    for path in paths {
        let url = match path.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{path}"),
        };
        urls.insert(url);
    }
    let mut urls: Vec<String> = urls.into_iter().collect();
    urls.sort();
    urls
}
