//! `almanac::fuzzing::changelog`; see fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| almanac::fuzzing::changelog(data));
