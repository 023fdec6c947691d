//! ffi-fuzz real-bug suite wrapper. One C-ABI entry point; a panic inside is NOT caught:
//! it unwinds to the `extern "C"` boundary, where Rust (>= 1.81) aborts the process
//! ("panic in a function that cannot unwind") -> SIGABRT, which every harness sees as a crash.
//! The same source is compiled against the buggy version (this crate) and the fixed one
//! (../<name>-fixed, whose [lib] path points here).
#![allow(clippy::not_unsafe_ptr_arg_deref)]

fn bytes<'a>(data: *const u8, len: usize) -> &'a [u8] {
    if data.is_null() || len == 0 {
        return &[];
    }
    // SAFETY: the caller passes `len` readable bytes at `data`.
    unsafe { std::slice::from_raw_parts(data, len) }
}

/// serde_yaml 0.7.1: unbounded recursion on nested flow collections -> stack overflow
/// (issues dtolnay/serde-yaml#49, #90; a recursion limit arrived in 0.8.4).
#[no_mangle]
pub extern "C" fn fuzz_serde_yaml(data: *const u8, len: usize) -> i32 {
    match std::str::from_utf8(bytes(data, len)) {
        Ok(s) => serde_yaml::from_str::<serde_yaml::Value>(s).is_ok() as i32,
        Err(_) => -1,
    }
}

/// The same parse, restricted to the deep bug: serde_yaml 0.7.1's yaml-rust 0.3.5 also has a
/// SHALLOW panic ("Out of bounds access", scanner.rs:268, a double-quoted scalar with an escaped
/// line break; serde-yaml#49/#68) that a fuzzer finds first in a few dozen bytes. Inputs with a
/// quote or a backslash are skipped here so that only the stack overflow (>= ~15 k nesting
/// levels with an 8 MiB stack) is left to find. A measurement device, not the crate's own target.
#[no_mangle]
pub extern "C" fn fuzz_serde_yaml_deep(data: *const u8, len: usize) -> i32 {
    let b = bytes(data, len);
    if b.iter().any(|&c| c == b'"' || c == b'\'' || c == b'\\') {
        return -2;
    }
    fuzz_serde_yaml(data, len)
}
