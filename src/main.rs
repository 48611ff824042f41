use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    almanac::cli::run(almanac::cli::Cli::parse())
}
