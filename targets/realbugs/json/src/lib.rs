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

/// json 0.11.12: exponent counter overflows (i16) on a number with > 32 Ki digits
/// (issue maciejhirsz/json-rust#139).
#[no_mangle]
pub extern "C" fn fuzz_json(data: *const u8, len: usize) -> i32 {
    match std::str::from_utf8(bytes(data, len)) {
        Ok(s) => json::parse(s).is_ok() as i32,
        Err(_) => -1,
    }
}
