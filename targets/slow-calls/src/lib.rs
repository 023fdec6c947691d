//! slow-calls: a fixture for ffi-fuzz's own tests (supervisor timeouts, hang detection, memory limits,
//! signal handling). Not a postmortem reproduction.
//!
//! C ABI:
//!
//! ```c
//! int32_t slow_sum(const uint8_t *ptr, int32_t len);     // sleeps 300 ms, then sums
//! int32_t hang_if_long(const uint8_t *ptr, int32_t len); // spins forever if len >= 200
//! int32_t segv_if_ff(const uint8_t *ptr, int32_t len);   // SIGSEGV if ptr[0] == 0xFF
//! int32_t hoard_if_long(const uint8_t *ptr, int32_t len); // grows to 512 MiB if len >= 200
//! ```

// The exported functions take raw pointers from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::time::Duration;

/// The `len` bytes at `ptr`, or none for a null pointer or `len <= 0`.
fn bytes<'a>(ptr: *const u8, len: i32) -> &'a [u8] {
    if ptr.is_null() || len <= 0 {
        return &[];
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null.
    unsafe { std::slice::from_raw_parts(ptr, len as usize) }
}

/// Sum of the bytes, wrapping (never panics, whatever the length).
fn byte_sum(bytes: &[u8]) -> i32 {
    bytes
        .iter()
        .fold(0i32, |acc, &b| acc.wrapping_add(i32::from(b)))
}

/// Sleeps 300 ms, then returns the sum of the bytes (0 for null or `len <= 0`).
#[no_mangle]
pub extern "C" fn slow_sum(ptr: *const u8, len: i32) -> i32 {
    std::thread::sleep(Duration::from_millis(300));
    byte_sum(bytes(ptr, len))
}

/// Returns the sum of the bytes, except that for `len >= 200` it never returns: it spins,
/// burning a CPU, so the harness must detect the hang and kill the process.
#[no_mangle]
pub extern "C" fn hang_if_long(ptr: *const u8, len: i32) -> i32 {
    if len >= 200 {
        let mut spins: u64 = 0;
        loop {
            spins = std::hint::black_box(spins.wrapping_add(1));
            std::hint::spin_loop();
        }
    }
    byte_sum(bytes(ptr, len))
}

/// Returns `len`, except that when the first byte is 0xFF it reads address 0x10, which is
/// never mapped, and the process dies of SIGSEGV. (Not a null pointer: reading null
/// would trip Rust's debug UB check and abort instead of faulting.)
#[no_mangle]
pub extern "C" fn segv_if_ff(ptr: *const u8, len: i32) -> i32 {
    if bytes(ptr, len).first() == Some(&0xFF) {
        let bad = std::ptr::without_provenance::<u8>(0x10);
        // SAFETY: none; this read faults on purpose.
        let b = unsafe { std::ptr::read_volatile(bad) };
        return i32::from(b);
    }
    len
}

/// Returns the sum of the bytes, except that for `len >= 200` it first takes 512 MiB, 8 MiB every
/// 40 ms (each page written, so it is resident), and holds it until it returns: the harness must
/// see the memory grow and end the call before it does.
#[no_mangle]
pub extern "C" fn hoard_if_long(ptr: *const u8, len: i32) -> i32 {
    let mut hoard: Vec<Vec<u8>> = Vec::new();
    if len >= 200 {
        for _ in 0..64 {
            hoard.push(vec![1u8; 8 << 20]);
            std::thread::sleep(Duration::from_millis(40));
        }
    }
    byte_sum(bytes(ptr, len)).wrapping_add(i32::from(std::hint::black_box(hoard.len() > 64)))
}
