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

/// Bytes of the header each record gets in the log.
const HEADER: usize = 16;
/// The log is freed and restarted when it reaches this size (small, so the buffer stays in the
/// heap arenas the rest of the process uses, and is freed often).
const LIMIT: usize = 2048;

/// The log's buffer and capacity. PLANTED BUG: shared by every thread, no lock.
static mut BUFFER: *mut u8 = std::ptr::null_mut();
static mut CAPACITY: usize = 0;

/// Rounds of the record's checksum: its cost is what keeps a caller between reading the buffer
/// pointer and publishing the new one for a few microseconds.
const CHECKSUM_ROUNDS: u64 = 32_768;

/// The checksum a record header carries: FNV-1a over the event, stretched over
/// [`CHECKSUM_ROUNDS`] rounds (a stand-in for the original's record formatting).
fn checksum(bytes: &[u8]) -> u64 {
    let seed = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    (0..CHECKSUM_ROUNDS).fold(seed, |h, i| std::hint::black_box((h ^ i).wrapping_mul(0x0100_0000_01b3)))
}

/// Grows the log by one record for `event` (a real log would then copy the record in); frees
/// the log once it passes [`LIMIT`]. Reads the buffer pointer, prepares the record, reallocs,
/// publishes: two threads between the read and the publish realloc the same pointer.
///
/// # Safety
/// No other thread may be inside this function (the shipped code does not ensure it).
unsafe fn append(event: &[u8]) {
    let old = BUFFER;
    let capacity = CAPACITY;
    std::hint::black_box(checksum(event));
    let grown = capacity + HEADER + event.len().next_multiple_of(8);
    let buffer = if old.is_null() {
        alloc(Layout::from_size_align_unchecked(grown, 8))
    } else {
        realloc(old, Layout::from_size_align_unchecked(capacity, 8), grown)
    };
    if grown >= LIMIT {
        dealloc(buffer, Layout::from_size_align_unchecked(grown, 8));
        BUFFER = std::ptr::null_mut();
        CAPACITY = 0;
    } else {
        BUFFER = buffer;
        CAPACITY = grown;
    }
}

/// Records an event of `len` bytes at `ptr`; returns `len`, or -1 for a null pointer or a
/// negative length.
#[no_mangle]
pub extern "C" fn event_push(ptr: *const u8, len: i32) -> i32 {
    if ptr.is_null() || len < 0 {
        return -1;
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null.
    let event = unsafe { std::slice::from_raw_parts(ptr, len as usize) };
    // SAFETY: the planted defect: concurrent callers realloc and free the same buffer.
    unsafe { append(event) };
    len
}
