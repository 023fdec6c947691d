//! deep-nesting: a recursive-descent parser whose recursion depth comes from its input.
//!
//! This file is built twice:
//!   * `deep-nesting` (feature `fixed` off): no depth limit. `[[[[…]]]]` nested a few thousand
//!     levels deep runs the native stack out. Inside Node the call runs on koffi's own stack, so
//!     without ffi-fuzz's guard the overflow is a silent SIGSEGV at best and, if the frames skip
//!     past koffi's single guard page, corrupts whatever memory lies below it.
//!   * `deep-nesting-fixed` (feature `fixed` on): nesting deeper than `MAX_DEPTH` is an error.
//!
//! C ABI (both builds):
//!
//! ```c
//! int32_t nesting_depth(const uint8_t *ptr, int32_t len);
//! ```
//!
//! The input is a list: `[` items separated by `,` `]`, where an item is a list or a run of
//! ASCII digits; blanks are skipped. Returns the deepest nesting (`[]` is 1), or a negative
//! error code.

// The exported function takes a raw pointer from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

/// `ptr` is null or `len` is negative.
pub const ERR_ARGS: i32 = -1;
/// The bytes are not a well-formed list.
pub const ERR_SYNTAX: i32 = -2;
/// (fixed build only) Nesting deeper than `MAX_DEPTH`.
#[cfg(feature = "fixed")]
pub const ERR_TOO_DEEP: i32 = -3;

/// FIX: the deepest nesting the fixed build accepts.
#[cfg(feature = "fixed")]
const MAX_DEPTH: usize = 256;

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

enum Error {
    Syntax,
    #[cfg(feature = "fixed")]
    TooDeep,
}

impl Parser<'_> {
    fn skip_blanks(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), Error> {
        self.skip_blanks();
        if self.bytes.get(self.pos) == Some(&byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Error::Syntax)
        }
    }

    /// Parses one list at `depth` and returns the deepest nesting inside it.
    ///
    /// PLANTED BUG: one native stack frame per nesting level and no limit. Each frame also
    /// keeps a small scratch buffer (the "path so far", as the original kept for error
    /// messages), so a few thousand levels exhaust a 2 MiB stack.
    fn list(&mut self, depth: usize) -> Result<usize, Error> {
        #[cfg(feature = "fixed")]
        if depth > MAX_DEPTH {
            return Err(Error::TooDeep);
        }
        let mut path = [0u8; 256];
        path[depth % 256] = b'[';
        std::hint::black_box(&mut path);
        self.expect(b'[')?;
        let mut deepest = depth;
        self.skip_blanks();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(deepest);
        }
        loop {
            self.skip_blanks();
            match self.bytes.get(self.pos) {
                Some(b'[') => deepest = deepest.max(self.list(depth + 1)?),
                Some(b) if b.is_ascii_digit() => {
                    while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
                        self.pos += 1;
                    }
                }
                _ => return Err(Error::Syntax),
            }
            self.skip_blanks();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    std::hint::black_box(&path);
                    return Ok(deepest);
                }
                _ => return Err(Error::Syntax),
            }
        }
    }
}

/// The deepest nesting of the list in `ptr[0..len]` (`[]` is 1), or an `ERR_*` code.
#[no_mangle]
pub extern "C" fn nesting_depth(ptr: *const u8, len: i32) -> i32 {
    if ptr.is_null() || len < 0 {
        return ERR_ARGS;
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len as usize) };
    let mut parser = Parser { bytes, pos: 0 };
    match parser.list(1) {
        Ok(depth) => {
            parser.skip_blanks();
            if parser.pos == bytes.len() {
                i32::try_from(depth).unwrap_or(i32::MAX)
            } else {
                ERR_SYNTAX
            }
        }
        Err(Error::Syntax) => ERR_SYNTAX,
        #[cfg(feature = "fixed")]
        Err(Error::TooDeep) => ERR_TOO_DEEP,
    }
}
