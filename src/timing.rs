//! Stage timings for profiling: `ALMANAC_TIMINGS=1 almanac build` prints how long
//! each stage took to standard error, with the CPU time the process spent in it
//! (all threads: CPU over wall time shows how parallel a stage is), and the
//! process's resident memory at its end and its peak so far (Linux only). Off by
//! default, and free when off.

use std::time::Instant;

/// Marks the end of stages and prints their durations when enabled.
pub struct Stages {
    enabled: bool,
    last: Instant,
    /// The process's CPU time at `last`, in clock ticks.
    last_cpu: u64,
}

impl Stages {
    pub fn start() -> Stages {
        let enabled = std::env::var_os("ALMANAC_TIMINGS").is_some();
        Stages {
            enabled,
            last: Instant::now(),
            last_cpu: if enabled { cpu_ticks() } else { 0 },
        }
    }

    /// Prints the time since the previous mark, labelled `stage`.
    pub fn mark(&mut self, stage: &str) {
        if self.enabled {
            let now = Instant::now();
            let cpu = cpu_ticks();
            eprintln!(
                "timing: {stage:<24} {:>8.1} ms  cpu {:>6} ms{}",
                (now - self.last).as_secs_f64() * 1000.0,
                (cpu - self.last_cpu) * 1000 / TICKS_PER_SECOND,
                memory()
            );
            self.last = now;
            self.last_cpu = cpu;
        }
    }
}

/// Linux's USER_HZ: /proc counts CPU time in hundredths of a second.
const TICKS_PER_SECOND: u64 = 100;

/// User plus system time of the whole process so far, from /proc/self/stat
/// (0 where there is none).
fn cpu_ticks() -> u64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0;
    };
    // The command name is in parentheses and may hold spaces: count from after it.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    // utime and stime are fields 14 and 15; the state, field 3, is fields[0].
    let field = |n: usize| fields.get(n - 3).and_then(|f| f.parse::<u64>().ok());
    field(14).unwrap_or(0) + field(15).unwrap_or(0)
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
