//! heap-race: an event log whose buffer lives in a `static mut` and is grown with `realloc` and
//! freed when full, without a lock. On one thread every sequence of calls is fine. With several
//! threads inside `event_push` at once, two of them realloc (or free) the same old pointer: the
//! heap is corrupted, and glibc's allocator aborts ("free(): double free detected in tcache 2",
//! "realloc(): invalid pointer", …) or faults inside malloc, in whichever thread allocates next.
//! The target's own code never touches the buffer's bytes: every crash happens in the allocator.
//!
//! C ABI:
//!
//! ```c
//! int32_t event_push(const uint8_t *ptr, int32_t len); // returns len, or -1 for bad arguments
//! ```

// The exported function takes a raw pointer from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::alloc::{alloc, dealloc, realloc, Layout};

/// Bytes the log grows by per step (one record header).
const STEP: usize = 16;
/// The log is freed and restarted when it reaches this size (below glibc's mmap threshold, so the
/// buffer stays in the heap arenas the rest of the process uses).
const LIMIT: usize = 32 * 1024;

/// The log's buffer and capacity. PLANTED BUG: shared by every thread, no lock.
static mut BUFFER: *mut u8 = std::ptr::null_mut();
static mut CAPACITY: usize = 0;

/// Reserves room for an event of `len` bytes, one [`STEP`] at a time (a real log would copy the
/// event in afterwards); frees the log once it passes [`LIMIT`].
///
/// # Safety
/// No other thread may be inside this function (the shipped code does not ensure it).
unsafe fn reserve(len: usize) {
    for _ in 0..len.div_ceil(STEP).max(1) {
        let old = BUFFER;
        let capacity = CAPACITY;
        let grown = capacity + STEP;
        let buffer = if old.is_null() {
            alloc(Layout::from_size_align_unchecked(grown, 8))
        } else {
            realloc(old, Layout::from_size_align_unchecked(capacity, 8), grown)
        };
        BUFFER = buffer;
        CAPACITY = grown;
        if grown >= LIMIT {
            dealloc(buffer, Layout::from_size_align_unchecked(grown, 8));
            BUFFER = std::ptr::null_mut();
            CAPACITY = 0;
        }
    }
}

/// Records an event of `len` bytes at `ptr`; returns `len`, or -1 for a null pointer or a
/// negative length.
#[no_mangle]
pub extern "C" fn event_push(ptr: *const u8, len: i32) -> i32 {
    if ptr.is_null() || len < 0 {
        return -1;
    }
    // SAFETY: the planted defect: concurrent callers realloc and free the same buffer.
    unsafe { reserve(len as usize) };
    len
}
