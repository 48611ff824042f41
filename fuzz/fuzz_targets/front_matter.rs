//! `almanac::fuzzing::front_matter`; see fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| almanac::fuzzing::front_matter(data));
