//! bench-trivial: the cheapest functions a harness can call, so `npm run bench` can measure
//! the raw koffi call rate (the ceiling every other figure is compared with). Not a pathology.
//!
//! C ABI:
//!
//! ```c
//! int32_t noop(int32_t x);                        // returns x
//! int32_t sum64(const uint8_t *p, int32_t n);     // sum of n bytes (-1 for null or n < 0)
//! ```

// The exported functions take raw pointers from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

/// Returns its argument: the cost of a call and nothing else.
#[no_mangle]
pub extern "C" fn noop(x: i32) -> i32 {
    x
}

/// Sum of the `n` bytes at `p`, wrapping; -1 for a null pointer or a negative length.
#[no_mangle]
pub extern "C" fn sum64(p: *const u8, n: i32) -> i32 {
    if p.is_null() || n < 0 {
        return -1;
    }
    // SAFETY: the caller promises `n` readable bytes at `p`, which is non-null; u8 needs no alignment.
    let bytes = unsafe { std::slice::from_raw_parts(p, n as usize) };
    bytes.iter().fold(0i32, |acc, &b| acc.wrapping_add(i32::from(b)))
}
