//! Progress of long work on a terminal: the current stage and, while pages are
//! rendered, how many are done. `build`, `check` and `import` turn it on when
//! standard error is a terminal (and `--quiet` is not given); nothing is drawn
//! for pipes and CI logs, and nothing at all for work that ends within a second.
//!
//! The reporter is process-wide, like a logger: stages deep in the pipeline
//! report to it without every function taking a parameter for it, and library
//! callers that never enable it (serve, tests) pay one atomic load per call.
//! Progress never changes what is written.

use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work runs before the bar appears; `ALMANAC_PROGRESS_DELAY_MS`
/// changes it (tests show the bar at once on a small site).
fn delay() -> Duration {
    std::env::var("ALMANAC_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis)
}

static BAR: OnceLock<Reporter> = OnceLock::new();

struct Reporter {
    bar: ProgressBar,
    /// Dropped by [`finish`], which wakes the thread waiting to show the bar.
    stop: Mutex<Option<mpsc::Sender<()>>>,
}

/// Shows progress on standard error from now on, after a second. Call once,
/// from the command line; later calls do nothing.
pub fn enable() {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    bar.set_style(spinner_style());
    bar.set_message("Starting");
    let (stop, stopped) = mpsc::channel::<()>();
    let shown = bar.clone();
    if BAR
        .set(Reporter {
            bar,
            stop: Mutex::new(Some(stop)),
        })
        .is_err()
    {
        return;
    }
    let show = move || {
        shown.set_draw_target(ProgressDrawTarget::stderr());
        shown.enable_steady_tick(Duration::from_millis(120));
    };
    let delay = delay();
    if delay.is_zero() {
        // At once, before the first stage: nothing to race with.
        show();
        return;
    }
    std::thread::spawn(move || {
        // Woken early (and then drawing nothing) when the work ends first.
        if stopped.recv_timeout(delay) == Err(mpsc::RecvTimeoutError::Timeout) {
            show();
        }
    });
}

/// The work now is `what`, with `total` steps if it counts them.
pub fn stage(what: &str, total: Option<usize>) {
    if let Some(reporter) = BAR.get() {
        reporter.bar.set_message(what.to_string());
        reporter.bar.set_position(0);
        match total {
            Some(total) => {
                reporter.bar.set_length(total as u64);
                reporter.bar.set_style(counting_style());
            }
            None => {
                reporter.bar.unset_length();
                reporter.bar.set_style(spinner_style());
            }
        }
    }
}

/// One step of the current stage is done.
pub fn step() {
    if let Some(reporter) = BAR.get() {
        reporter.bar.inc(1);
    }
}

/// Removes the bar, before the summary line is printed.
pub fn finish() {
    if let Some(reporter) = BAR.get() {
        if let Ok(mut stop) = reporter.stop.lock() {
            stop.take();
        }
        reporter.bar.finish_and_clear();
    }
}

fn counting_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg}…")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}
