//! heap-overread: a checksum that reads its own heap copy of the input eight bytes at a time
//! and, when the length is not a multiple of eight, reads up to 7 bytes past the end of that
//! copy. The caller's buffer is never touched out of bounds (so canaries and guard pages stay
//! quiet) and the extra bytes usually come from the allocator's slack, so a plain build returns
//! a slightly wrong checksum and never crashes. Only AddressSanitizer sees it:
//! `ffi-fuzz fuzz heap-overread --profile asan` reports a heap-buffer-overflow READ of size 8.
//!
//! C ABI:
//!
//! ```c
//! int64_t checksum_words(const uint8_t *ptr, int32_t len); // -1 for bad arguments
//! ```

// The exported function takes a raw pointer from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

/// Sum of the input taken as little-endian u64 words, the last one zero-padded (in intent).
#[no_mangle]
pub extern "C" fn checksum_words(ptr: *const u8, len: i32) -> i64 {
    if ptr.is_null() || len < 0 {
        return -1;
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null.
    let input = unsafe { std::slice::from_raw_parts(ptr, len as usize) };
    let copy: Vec<u8> = input.to_vec();
    let words = copy.len().div_ceil(8);
    let mut sum = 0u64;
    for k in 0..words {
        // PLANTED BUG: the last word is read whole even when fewer than 8 bytes remain.
        // SAFETY: wrong for the last word when len % 8 != 0.
        let word = unsafe { copy.as_ptr().add(8 * k).cast::<u64>().read_unaligned() };
        sum = sum.wrapping_add(u64::from_le(word));
    }
    (sum & 0x7fff_ffff_ffff_ffff) as i64
}
