//! magic-header: a packet parser whose bug sits behind a 4-byte magic and a 2-byte checksum of
//! the rest. Random bytes pass the magic once in 2^32 tries and the checksum once in 2^16, so
//! blind generation never reaches the bug; coverage-guided mutation with compare tracing sees
//! the magic and the checksum the parser compares against and writes them into the input.
//!
//! Packet: `"FZMG"` | checksum (u16 LE) of every byte after it | count (u8) | count records of
//! two bytes (kind, value).
//!
//! C ABI:
//!
//! ```c
//! int32_t parse_packet(const uint8_t *ptr, int32_t len); // sum of the records, or < 0 on error
//! int32_t fz_trivial(const uint8_t *ptr, int32_t len);   // one branch: the benchmark's trivial function
//! ```
//!
//! The bug: `parse_packet` trusts `count` and indexes past the records it was given; the
//! bounds check panics inside `extern "C"`, which aborts the process ("panic in a function that
//! cannot unwind").

// The exported functions take raw pointers from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

const MAGIC: u32 = u32::from_le_bytes(*b"FZMG");

/// The `len` bytes at `ptr`, or none for a null pointer or `len <= 0`.
fn bytes<'a>(ptr: *const u8, len: i32) -> &'a [u8] {
    if ptr.is_null() || len <= 0 {
        return &[];
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null.
    unsafe { std::slice::from_raw_parts(ptr, len as usize) }
}

/// A 16-bit checksum that depends on every byte and on their order.
fn checksum(bytes: &[u8]) -> u16 {
    bytes.iter().fold(0x5a5a_u16, |acc, &b| acc.rotate_left(5) ^ u16::from(b))
}

#[no_mangle]
pub extern "C" fn parse_packet(ptr: *const u8, len: i32) -> i32 {
    let data = bytes(ptr, len);
    if data.len() < 7 {
        return -1;
    }
    if u32::from_le_bytes([data[0], data[1], data[2], data[3]]) != MAGIC {
        return -2;
    }
    let stored = u16::from_le_bytes([data[4], data[5]]);
    if stored != checksum(&data[6..]) {
        return -3;
    }
    let count = usize::from(data[6]);
    let records = &data[7..];
    let mut total = 0i32;
    for i in 0..count {
        // BUG: `count` comes from the packet; `records` may hold fewer than `count` records.
        let kind = records[2 * i];
        let value = i32::from(records[2 * i + 1]);
        total += match kind {
            1 => value,
            2 => -value,
            _ => 0,
        };
    }
    total
}

#[no_mangle]
pub extern "C" fn fz_trivial(ptr: *const u8, len: i32) -> i32 {
    match bytes(ptr, len).first() {
        Some(b'x') => 1,
        _ => 0,
    }
}
