//! mangled-name: a demangler of legacy (C++-style) Rust symbol names whose bug sits behind string
//! comparisons, as in rustc-demangle 0.1.5: a `starts_with("_ZN")` prefix check, then a `match`
//! on each path component (`"vtable"`, `"closure"`, …). Rust compiles both to `bcmp` calls, whose
//! operands no integer compare hook sees; random bytes pass `_ZN` once in 2^24 tries and a 6-byte
//! component once in 2^48.
//!
//! Grammar: `_ZN` (decimal length, identifier of that many bytes)+ `E`, e.g. `_ZN3foo3barE` is
//! `foo::bar`.
//!
//! C ABI:
//!
//! ```c
//! int32_t demangled_len(const uint8_t *ptr, int32_t len); // length of the demangled path, or < 0
//! ```
//!
//! The bug: a `vtable` component names the vtable of the path before it, and as the first
//! component there is none: `path.len() - 1` underflows. With overflow checks that is a panic
//! inside `extern "C"`, which aborts the process.

// The exported function takes a raw pointer from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

/// `ptr` is null or `len` is negative.
pub const ERR_ARGS: i32 = -1;
/// The bytes are not UTF-8.
pub const ERR_UTF8: i32 = -2;
/// Not a mangled name.
pub const ERR_SYNTAX: i32 = -3;

/// `foo::bar` from `_ZN3foo3barE`.
fn demangle(symbol: &str) -> Option<String> {
    if !symbol.starts_with("_ZN") {
        return None;
    }
    let mut rest = &symbol[3..];
    let mut path: Vec<String> = Vec::new();
    while !rest.starts_with('E') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let n: usize = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        if n > rest.len() || !rest.is_char_boundary(n) {
            return None;
        }
        let (ident, tail) = rest.split_at(n);
        rest = tail;
        let shown = match ident {
            // BUG: the first component has no path before it.
            "vtable" => format!("<{} as vtable>", path[path.len() - 1]),
            "closure" => "{{closure}}".to_string(),
            "$LT$" => "<".to_string(),
            "$GT$" => ">".to_string(),
            "shim" => "{{shim}}".to_string(),
            _ => ident.to_string(),
        };
        path.push(shown);
    }
    Some(path.join("::"))
}

/// The length of the demangled form of the symbol in `ptr[0..len]`, or an `ERR_*` code.
#[no_mangle]
pub extern "C" fn demangled_len(ptr: *const u8, len: i32) -> i32 {
    if ptr.is_null() || len < 0 {
        return ERR_ARGS;
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len as usize) };
    let Ok(symbol) = std::str::from_utf8(bytes) else {
        return ERR_UTF8;
    };
    match demangle(symbol) {
        Some(text) => i32::try_from(text.len()).unwrap_or(i32::MAX),
        None => ERR_SYNTAX,
    }
}
