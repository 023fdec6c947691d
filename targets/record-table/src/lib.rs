//! record-table: a reader of a table of 16-byte records whose size check wraps. The header's
//! record count is multiplied by the record size in 32-bit arithmetic, as the C reader it was
//! ported from did, so a count of 2^28 or more with small low bits (0x10000000 × 16 = 0 mod 2^32)
//! passes the length check, and the loop walks past the data. A random count passes once in
//! 2^26 tries; the counts that do are powers of two near the top of a u32.
//!
//! Layout (little-endian): version (u16), flags (u16), count (u32), then `count` records of
//! 16 bytes: id (u32), value (u32), 8 reserved bytes.
//!
//! C ABI:
//!
//! ```c
//! int64_t table_total(const uint8_t *ptr, int32_t len); // sum of the values, or < 0
//! ```

// The exported function takes a raw pointer from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

/// `ptr` is null or `len` is negative.
pub const ERR_ARGS: i64 = -1;
/// Shorter than the header or than the records it announces.
pub const ERR_TRUNCATED: i64 = -2;

const HEADER: usize = 8;
const RECORD: u32 = 16;

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// The sum of the records' values in `ptr[0..len]`, or an `ERR_*` code.
#[no_mangle]
pub extern "C" fn table_total(ptr: *const u8, len: i32) -> i64 {
    if ptr.is_null() || len < 0 {
        return ERR_ARGS;
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null.
    let data = unsafe { std::slice::from_raw_parts(ptr, len as usize) };
    if data.len() < HEADER {
        return ERR_TRUNCATED;
    }
    let count = u32_at(data, 4);
    // BUG: 32-bit size arithmetic: wraps for count >= 2^28, and the check passes.
    let body = count.wrapping_mul(RECORD) as usize;
    if HEADER + body > data.len() {
        return ERR_TRUNCATED;
    }
    let mut total = 0i64;
    for i in 0..count as usize {
        let record = &data[HEADER + 16 * i..HEADER + 16 * (i + 1)];
        total += i64::from(u32_at(record, 4));
    }
    total
}
