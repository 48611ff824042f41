//! Stage timings for profiling: `ALMANAC_TIMINGS=1 almanac build` prints how long
//! each stage took to standard error. Off by default, and free when off.

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
                "timing: {stage:<24} {:>8.1} ms",
                (now - self.last).as_secs_f64() * 1000.0
            );
            self.last = now;
        }
    }
}
