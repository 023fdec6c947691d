//! event-buffer: a correctly locked, stateful C API. Events go into one process-wide buffer behind
//! a Mutex, flushed when it holds FLUSH_AT; every call is atomic, and its *result* depends on what
//! every earlier call — of any thread — left in the buffer. So "the same input returned 1 alone but
//! 3 while other threads pushed" is no race: some order of the concurrent calls gives exactly that.
//! It has no bug; a fuzzer must find nothing here, in property mode or in stress mode.
//!
//! C ABI:
//!
//! ```c
//! // Buffers `len` bytes at `ptr` as one event; returns how many events are buffered after it
//! // (1..=4: a full buffer is flushed first), or -1 for a null pointer or a negative length.
//! int32_t events_push(const uint8_t *ptr, int32_t len);
//! // How many events are buffered (0..=4).
//! int32_t events_len(void);
//! ```

// The exported functions take raw pointers from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::Mutex;

/// The events buffered so far.
static EVENTS: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
/// The buffer is flushed when a push finds it this full.
const FLUSH_AT: usize = 4;

/// Buffers one event; returns the count after it, or -1 for bad arguments.
#[no_mangle]
pub extern "C" fn events_push(ptr: *const u8, len: i32) -> i32 {
    if ptr.is_null() || len < 0 {
        return -1;
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null.
    let event = unsafe { std::slice::from_raw_parts(ptr, len as usize) }.to_vec();
    let mut events = EVENTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if events.len() == FLUSH_AT {
        events.clear();
    }
    events.push(event);
    events.len() as i32
}

/// How many events are buffered.
#[no_mangle]
pub extern "C" fn events_len() -> i32 {
    EVENTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len() as i32
}
