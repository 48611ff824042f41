//! `almanac serve`: build, serve, watch, rebuild, reload. It sits beside `build`,
//! calling the same stages; `build` knows nothing about it.
//!
//! The output goes to a private folder (never the publishable `public/`), since
//! serve pages carry the live-reload script.

pub mod http;
pub mod plan;
pub mod product_plan;
pub mod session;
pub mod watch;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::build::BuildOptions;
use crate::diagnostics::render_summarised;
use crate::model::Date;
use crate::output::LiveOutput;
use crate::render::RenderOptions;
use crate::text::plural;
use session::{Outcome, Session};

/// How long the watcher waits for an editor's burst of events to end.
const QUIET: Duration = Duration::from_millis(10);

/// What `almanac serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    pub today: Date,
    pub open: bool,
}

/// Runs the dev server until the process is stopped. Content errors never end it.
pub fn run(options: &ServeOptions) -> ExitCode {
    remove_abandoned_outputs();
    let dir = std::env::temp_dir().join(format!("{OUTPUT_PREFIX}{}", std::process::id()));
    let output = match LiveOutput::create(&dir) {
        Ok(output) => Arc::new(output),
        Err(e) => {
            eprintln!("error: cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    let server = match http::start(&options.bind, options.port, Arc::clone(&output)) {
        Ok(server) => server,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    if !is_loopback(&options.bind) {
        eprintln!("warning: serving on {} makes your drafts reachable from other machines; use --bind 127.0.0.1 to keep them local", options.bind);
    }
    let url = format!("http://{}/", server.address);
    let mut build = BuildOptions::new(&options.root, options.today);
    build.drafts = options.drafts;
    build.base_url = Some(url.clone());
    build.render = RenderOptions { live_reload: true };
    build.git_dates = crate::load::dates::Mode::WorkingTree;
    build.out = Some(output.served().to_path_buf());
    let mut session = Session::new(build, output);
    // Watch before the first build, so that edits made while it runs are not lost.
    let mut watcher = match watch::SourceWatcher::start(&options.root) {
        Ok(watcher) => watcher,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", options.root.display());
            return ExitCode::FAILURE;
        }
    };
    let history = watch_history(&mut watcher, &options.root);

    // The first build takes highlighted blocks from the cache that builds keep,
    // and leaves it up to date for the next build (serve remembers blocks in
    // memory from then on).
    let cache = options.root.join(crate::build::CACHE_FILE);
    crate::render::highlight::use_cache(&cache);
    report(&session.full_build(), "initial build", &server.events);
    let _ = crate::render::highlight::save_cache(&cache);
    println!(
        "Serving {} at {url} (Ctrl+C to stop)",
        options.root.display()
    );
    if options.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }

    let own = options.root.join(crate::build::CACHE_DIR);
    while let Some(mut paths) = watcher.next_batch(QUIET) {
        // The cache is almanac's own writing (the save above, or a build run
        // beside serve), never a source.
        paths.retain(|p| !p.starts_with(&own) && *p != own.parent().unwrap_or(&own));
        if paths.is_empty() {
            continue;
        }
        let Some(change) = watch::classify_with_history(&options.root, history.as_ref(), &paths)
        else {
            continue;
        };
        if let (watch::Change::History, Some(history)) = (&change, &history) {
            if !session.uses_git_dates() {
                continue;
            }
            // Name the branch or HEAD that moved, not git's lock and message files.
            paths.retain(|p| history.moved(p));
        }
        let what = describe(&options.root, &change, &paths);
        let outcome = session.apply(&change);
        report(&outcome, &what, &server.events);
    }
    ExitCode::SUCCESS
}

/// Watches the git history of the site, if it is in a repository, so that a commit
/// re-dates pages (`dates.from_git`) without a restart. Only a warning when it fails.
fn watch_history(
    watcher: &mut watch::SourceWatcher,
    root: &std::path::Path,
) -> Option<watch::HistoryFiles> {
    let repo = crate::load::git::Repo::discover(root).ok()?;
    let history = watch::HistoryFiles::of(&repo);
    match watcher.watch_history(&history) {
        Ok(()) => Some(history),
        Err(e) => {
            eprintln!(
                "warning: cannot watch {} for new commits ({e}); restart serve to see their dates",
                repo.git_dir.display()
            );
            None
        }
    }
}

/// Serve outputs live in the temp folder as `almanac-serve-<pid>/site`.
const OUTPUT_PREFIX: &str = "almanac-serve-";

/// A server stopped with Ctrl+C cannot clean up after itself, so each new one
/// removes the output folders of servers that are no longer running.
fn remove_abandoned_outputs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(OUTPUT_PREFIX)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = std::path::Path::new(&format!("/proc/{pid}")).exists()
            || !std::path::Path::new("/proc/self").exists();
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn is_loopback(bind: &str) -> bool {
    bind == "localhost"
        || bind
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Prints the rebuild to the terminal and tells the open tabs.
fn report(outcome: &Outcome, what: &str, events: &http::Broadcaster) {
    match outcome {
        Outcome::Updated {
            changed,
            rendered,
            elapsed,
            new_warnings,
        } => {
            if let Some(warnings) = new_warnings.as_ref().filter(|w| !w.is_empty()) {
                eprint!("{}", render_summarised(warnings));
            }
            println!(
                "{what}: {} rendered, {} changed in {} ms",
                plural(*rendered, "page"),
                plural(changed.len(), "file"),
                elapsed.as_millis()
            );
            events.set_status(None);
            if changed.is_empty() {
                return;
            }
            let css_only = changed.iter().all(|p| p.ends_with(".css"));
            let paths = session::urls_of(changed);
            let kind = if css_only { "css" } else { "reload" };
            events.send(&serde_json::json!({ "type": kind, "paths": paths }).to_string());
        }
        Outcome::Failed {
            diagnostics,
            elapsed,
        } => {
            let text = render_summarised(diagnostics);
            eprint!("{text}");
            println!(
                "{what}: {} in {} ms; still serving the last good build",
                plural(diagnostics.len(), "error"),
                elapsed.as_millis()
            );
            events.set_status(Some(
                serde_json::json!({ "type": "error", "text": text }).to_string(),
            ));
        }
    }
}

fn describe(root: &std::path::Path, change: &watch::Change, paths: &[PathBuf]) -> String {
    let mut names: Vec<String> = paths
        .iter()
        .filter(|p| p.exists() || p.extension().is_some())
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    names.sort();
    names.dedup();
    let shown = if names.len() > 3 {
        format!("{} and {} more", names[..3].join(", "), names.len() - 3)
    } else {
        names.join(", ")
    };
    let kind = match change {
        watch::Change::Page(_) => "page",
        watch::Change::Static => "static",
        watch::Change::Products(_) => "products",
        watch::Change::Content => "content",
        watch::Change::Templates => "templates",
        watch::Change::Config => "config",
        watch::Change::History => "git history",
    };
    format!("{kind} changed ({shown})")
}
