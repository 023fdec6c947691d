//! flow-nesting: a parser of YAML-style flow collections (`[a, {k: v, l: [1, 2]}]`) that recurses
//! once per nesting level with no limit, like serde_yaml 0.7's. Its frames are small, so the
//! recursion runs koffi's 2 MiB call stack out only past about 10 000 levels: the input must be
//! longer than 8 KiB, beyond the 4 KiB that random generation (and libFuzzer's default -max_len)
//! reaches. Unclosed openers are enough: the parser descends before it looks for the closer.
//!
//! C ABI:
//!
//! ```c
//! int32_t flow_count(const uint8_t *ptr, int32_t len); // scalars in the document, or < 0
//! ```

// The exported function takes a raw pointer from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

/// `ptr` is null or `len` is negative.
pub const ERR_ARGS: i32 = -1;
/// The bytes are not a well-formed flow collection.
pub const ERR_SYNTAX: i32 = -2;

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&mut self) -> Option<u8> {
        while self.bytes.get(self.pos).is_some_and(|b| *b == b' ' || *b == b'\n') {
            self.pos += 1;
        }
        self.bytes.get(self.pos).copied()
    }

    /// A scalar, a `[sequence]` or a `{mapping}`; returns the scalars in it.
    ///
    /// PLANTED BUG: one native frame (plus one of `items`) per nesting level, and no limit.
    fn value(&mut self) -> Result<usize, ()> {
        match self.peek() {
            Some(b'[') => self.items(b']', false),
            Some(b'{') => self.items(b'}', true),
            Some(_) => self.scalar(),
            None => Err(()),
        }
    }

    /// The items of a collection after its opener, up to `close`; a mapping's items are `key: value`.
    fn items(&mut self, close: u8, mapping: bool) -> Result<usize, ()> {
        self.pos += 1;
        let mut count = 0;
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(0);
        }
        loop {
            if mapping {
                self.scalar()?;
                if self.peek() != Some(b':') {
                    return Err(());
                }
                self.pos += 1;
            }
            count += self.value()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b) if b == close => {
                    self.pos += 1;
                    return Ok(count);
                }
                _ => return Err(()),
            }
        }
    }

    fn scalar(&mut self) -> Result<usize, ()> {
        let start = self.pos;
        while self.peek().is_some_and(|b| !b",:[]{}".contains(&b)) {
            self.pos += 1;
        }
        if self.pos == start {
            Err(())
        } else {
            Ok(1)
        }
    }
}

/// The number of scalars in the flow collection in `ptr[0..len]`, or an `ERR_*` code.
#[no_mangle]
pub extern "C" fn flow_count(ptr: *const u8, len: i32) -> i32 {
    if ptr.is_null() || len < 0 {
        return ERR_ARGS;
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len as usize) };
    let mut parser = Parser { bytes, pos: 0 };
    match parser.value() {
        Ok(n) if parser.peek().is_none() => i32::try_from(n).unwrap_or(i32::MAX),
        _ => ERR_SYNTAX,
    }
}
