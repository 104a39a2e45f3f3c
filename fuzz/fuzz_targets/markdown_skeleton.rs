//! The `markdown_skeleton` fuzz target: see `markdown_skeleton` in ../invariants.rs for what it checks.
#![no_main]

// Every target includes all five functions and uses one.
#[allow(dead_code)]
#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::markdown_skeleton(data));
