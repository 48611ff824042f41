//! `almanac::fuzzing::import_front_matter`; see fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| almanac::fuzzing::import_front_matter(data));
