//! The `fluent` fuzz target: see `fluent` in ../invariants.rs for what it checks.
#![no_main]

// Every target includes all five functions and uses one.
#[allow(dead_code)]
#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::fluent(data));
