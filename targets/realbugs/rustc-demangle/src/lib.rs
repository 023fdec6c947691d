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

/// rustc-demangle 0.1.5: `i = i * 10 + digit` overflows behind `_ZN` (issue rust-lang/rustc-demangle#9).
/// Same as the crate's fuzz target: UTF-8 check, demangle, Display.
#[no_mangle]
pub extern "C" fn fuzz_rustc_demangle(data: *const u8, len: usize) -> i32 {
    match std::str::from_utf8(bytes(data, len)) {
        Ok(s) => rustc_demangle::demangle(s).to_string().len() as i32,
        Err(_) => -1,
    }
}
