//! Stage timings for profiling: `ALMANAC_TIMINGS=1 almanac build` prints how long
//! each stage took to standard error, with the process's resident memory at its
//! end and its peak so far (Linux only). Off by default, and free when off.

use std::time::Instant;

/// Marks the end of stages and prints their durations when enabled.
pub struct Stages {
    enabled: bool,
    last: Instant,
}

impl Stages {
    pub fn start() -> Stages {
        Stages {
            enabled: std::env::var_os("ALMANAC_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    /// Prints the time since the previous mark, labelled `stage`.
    pub fn mark(&mut self, stage: &str) {
        if self.enabled {
            let now = Instant::now();
            eprintln!(
                "timing: {stage:<24} {:>8.1} ms{}",
                (now - self.last).as_secs_f64() * 1000.0,
                memory()
            );
            self.last = now;
        }
    }
}

/// `  rss 123 MB  peak 456 MB`, from /proc/self/status; empty where there is none.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .map_or_else(|| "?".to_string(), |kb| format!("{}", kb / 1024))
    };
    format!(
        "  rss {:>5} MB  peak {:>5} MB",
        field("VmRSS:"),
        field("VmHWM:")
    )
}
