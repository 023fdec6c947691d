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

/// pulldown-cmark 0.11.0: with YAML-style metadata blocks enabled, an indented `---` delimiter
/// is consumed without advancing, so `parse_blocks` loops forever, allocating as it goes
/// (pulldown-cmark/pulldown-cmark#912, fixed by #913 in 0.11.2). A HANG that ends in
/// out-of-memory (~75 MB/s), not a panic: a harness needs a per-call timeout or an RSS limit.
/// All extensions are on, so the metadata-block path is reachable from any input.
#[no_mangle]
pub extern "C" fn fuzz_pulldown_cmark(data: *const u8, len: usize) -> i32 {
    match std::str::from_utf8(bytes(data, len)) {
        Ok(s) => pulldown_cmark::Parser::new_ext(s, pulldown_cmark::Options::all()).count() as i32,
        Err(_) => -1,
    }
}
