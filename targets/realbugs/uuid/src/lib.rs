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

/// uuid 0.4.0: `parse_str` writes past its 16-byte buffer when hyphens are misplaced
/// (uuid-rs/uuid#81): index out of bounds.
#[no_mangle]
pub extern "C" fn fuzz_uuid(data: *const u8, len: usize) -> i32 {
    match std::str::from_utf8(bytes(data, len)) {
        Ok(s) => uuid::Uuid::parse_str(s).is_ok() as i32,
        Err(_) => -1,
    }
}
