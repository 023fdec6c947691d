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

/// der-parser 0.3.0: a BIT STRING (tag 0x03) of length 0 computes `take!(len - 1)` -> subtract
/// with overflow (rusticata/der-parser#2). A size computation from a binary TLV header, reached
/// after one tag byte; the crate's own fuzz target calls `parse_der` on the raw bytes.
#[no_mangle]
pub extern "C" fn fuzz_der_parser(data: *const u8, len: usize) -> i32 {
    der_parser::parse_der(bytes(data, len)).is_done() as i32
}
