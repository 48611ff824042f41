use std::process::ExitCode;

use clap::Parser;

/// Rendering allocates many short-lived strings on every thread; mimalloc keeps
/// that fast and the heap compact where glibc's allocator fragments.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    almanac::cli::run(almanac::cli::Cli::parse())
}
