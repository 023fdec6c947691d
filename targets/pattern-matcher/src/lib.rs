//! pattern-matcher: a compiled-pattern C API in the shape of rure's (the regex crate's C API).
//! `pattern_compile` returns NULL when the pattern is invalid; `pattern_match` and `pattern_free`
//! take only what `pattern_compile` returned and trust it, as rure does: handing them NULL or a
//! freed pattern is the caller breaking the contract (Rust's debug checks abort on NULL), not a
//! bug. A fuzzer must therefore never pass a failed compile's NULL on, nor a freed handle.
//!
//! C ABI:
//!
//! ```c
//! typedef struct pattern pattern;
//! // NULL if `pattern[0..len]` is not valid UTF-8, is empty, or has unbalanced parentheses.
//! pattern *pattern_compile(const uint8_t *pattern, size_t len);
//! // Whether `haystack[0..len]` contains the pattern's literal (parentheses removed); `p` must be live.
//! bool pattern_match(const pattern *p, const uint8_t *haystack, size_t len);
//! // Frees a pattern: `p` must come from pattern_compile, once.
//! void pattern_free(pattern *p);
//! ```

// The exported functions take raw pointers from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

/// A compiled pattern: the literal to look for.
pub struct Pattern {
    literal: Vec<u8>,
}

/// Compiles `pattern[0..len]`; NULL for an invalid pattern (or a NULL pointer).
#[no_mangle]
pub extern "C" fn pattern_compile(pattern: *const u8, len: usize) -> *mut Pattern {
    if pattern.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: the caller promises `len` readable bytes at `pattern`, which is non-null.
    let bytes = unsafe { std::slice::from_raw_parts(pattern, len) };
    let Ok(text) = std::str::from_utf8(bytes) else { return std::ptr::null_mut() };
    let mut depth = 0i32;
    for c in text.chars() {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        if depth < 0 {
            return std::ptr::null_mut();
        }
    }
    if depth != 0 || text.is_empty() {
        return std::ptr::null_mut();
    }
    let literal = text.bytes().filter(|&b| b != b'(' && b != b')').collect();
    Box::into_raw(Box::new(Pattern { literal }))
}

/// Whether `haystack[0..len]` contains the pattern's literal.
#[no_mangle]
pub extern "C" fn pattern_match(p: *const Pattern, haystack: *const u8, len: usize) -> bool {
    // SAFETY: the contract says `p` is a live pattern from pattern_compile (NULL aborts here, in
    // the debug build's null-dereference check: the caller's bug).
    let p = unsafe { &*p };
    // SAFETY: the caller promises `len` readable bytes at `haystack`.
    let hay = unsafe { std::slice::from_raw_parts(haystack, len) };
    p.literal.is_empty() || hay.windows(p.literal.len()).any(|w| w == p.literal.as_slice())
}

/// Frees a pattern from pattern_compile.
#[no_mangle]
pub extern "C" fn pattern_free(p: *mut Pattern) {
    // SAFETY: the contract says `p` came from pattern_compile and is freed once.
    drop(unsafe { Box::from_raw(p) });
}
