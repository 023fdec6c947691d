//! char-boundary: a title shortener that cuts UTF-8 text at a byte count. It assumes one byte per
//! character, so on text with a multi-byte character across the cut, `&text[..n]` panics with a
//! message that quotes the input: "byte index 8 is not a char boundary; it is inside 'é'
//! (bytes 7..9) of `abcdefgé…`". Every input gives another message; it is one bug, at one line.
//! The panic cannot unwind out of `extern "C"`, so it aborts the host process.
//!
//! C ABI:
//!
//! ```c
//! int32_t title_prefix(const uint8_t *ptr, int32_t len); // bytes kept, -1 bad arguments, -2 not UTF-8
//! ```

// The exported function takes a raw pointer from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

/// Longest title kept, in bytes.
const TITLE_BYTES: usize = 8;

/// Shortens the UTF-8 title in `ptr[0..len]` to at most [`TITLE_BYTES`] bytes and returns how
/// many it kept; -1 for a null pointer or a negative length, -2 when the bytes are not UTF-8.
#[no_mangle]
pub extern "C" fn title_prefix(ptr: *const u8, len: i32) -> i32 {
    if ptr.is_null() || len < 0 {
        return -1;
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len as usize) };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return -2;
    };
    // PLANTED BUG: a byte count is not a character count; slicing inside a multi-byte
    // character panics (the fix: `text.floor_char_boundary(TITLE_BYTES)` or char_indices).
    let title = &text[..text.len().min(TITLE_BYTES)];
    title.len() as i32
}
