//! chunk-parser: the Rust binding from postmortem 2 ("Panics and UB checks at the
//! boundary", /work/shared/DESIGN.md), kept small enough to read in one sitting.
//!
//! This file is built twice:
//!   * `chunk-parser` (feature `fixed` off) is the binding as shipped, with four planted
//!     defects, each marked `PLANTED BUG n` below;
//!   * `chunk-parser-fixed` (feature `fixed` on) is the same code with the postmortem's
//!     fixes, each marked `FIX n`.
//!
//! C ABI (both builds):
//!
//! ```c
//! int32_t     parse_chunk(const uint8_t *ptr, int32_t len);
//! const char *get_last_error(void);
//! ```
//!
//! `parse_chunk` takes one JSON object or a JSON array of objects. Each object (an event)
//! needs `user_id` (string), `timestamp` (unsigned integer), `event_type` (string) and
//! `payload` (any JSON, `null` included). An event whose `event_type` is `"batch"` also
//! needs `payload.items`: a non-empty array whose first element is an object. The return
//! value is the number of events, or a negative error code (see `ERR_*`). Every error
//! sets the last-error message, read with `get_last_error`.
//!
//! Checks run in this order: null pointer, negative length, zero length, UTF-8, JSON,
//! then each event's fields in array order.

// The exported functions take raw pointers from C by design; they stay safe `extern "C"`
// functions to match the shipped binding's signatures.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::ffi::c_char;

use serde_json::Value;

/// `ptr` is null.
pub const ERR_NULL_PTR: i32 = -1;
/// `len` is negative.
pub const ERR_NEGATIVE_LEN: i32 = -2;
/// The bytes are not UTF-8.
pub const ERR_INVALID_UTF8: i32 = -3;
/// The text is not JSON, or its top level is neither an object nor an array.
pub const ERR_INVALID_JSON: i32 = -4;
/// An event is not an object, or one of its fields is missing or has the wrong type.
pub const ERR_BAD_FIELD: i32 = -5;
/// `len` is 0.
pub const ERR_EMPTY: i32 = -6;
/// (fixed build only) A panic was caught at the boundary.
#[cfg(feature = "fixed")]
pub const ERR_INTERNAL: i32 = -99;

/// Size of the last-error buffer, NUL included.
const LAST_ERROR_CAP: usize = 256;

/// Inputs at least this long go through the "fast ASCII pre-scan".
const FAST_PATH_MIN: usize = 32;

// ---------------------------------------------------------------------------------------
// Last-error storage
// ---------------------------------------------------------------------------------------

/// Copies `msg` into `buf`, cut at a char boundary so that it fits with its NUL.
fn store_message(buf: &mut [u8; LAST_ERROR_CAP], msg: &str) {
    let mut n = msg.len().min(LAST_ERROR_CAP - 1);
    while !msg.is_char_boundary(n) {
        n -= 1;
    }
    buf[..n].copy_from_slice(&msg.as_bytes()[..n]);
    buf[n] = 0;
}

/// PLANTED BUG (postmortem 2, "a `static mut LAST_ERROR` shared by all threads"): one
/// buffer for the whole process. Under concurrency, a thread's `get_last_error` returns
/// whatever another thread wrote last (and the writes themselves race).
#[cfg(not(feature = "fixed"))]
mod last_error {
    use super::{c_char, store_message, LAST_ERROR_CAP};

    static mut LAST_ERROR: [u8; LAST_ERROR_CAP] = [0; LAST_ERROR_CAP];

    pub fn set(msg: &str) {
        let buf = &raw mut LAST_ERROR;
        // SAFETY: none across threads: unsynchronised writes to a process-wide buffer are
        // the planted defect. Single-threaded, this is the only live reference.
        unsafe { store_message(&mut *buf, msg) }
    }

    pub fn as_ptr() -> *const c_char {
        (&raw const LAST_ERROR).cast()
    }
}

/// FIX (shared LAST_ERROR): one buffer per thread. The pointer handed out stays valid
/// for the life of the calling thread and always holds that thread's last call's message.
#[cfg(feature = "fixed")]
mod last_error {
    use super::{c_char, store_message, LAST_ERROR_CAP};
    use std::cell::UnsafeCell;

    thread_local! {
        static LAST_ERROR: UnsafeCell<[u8; LAST_ERROR_CAP]> =
            const { UnsafeCell::new([0; LAST_ERROR_CAP]) };
    }

    pub fn set(msg: &str) {
        // SAFETY: the buffer belongs to this thread and no reference to it outlives `set`.
        LAST_ERROR.with(|buf| unsafe { store_message(&mut *buf.get(), msg) })
    }

    pub fn clear() {
        set("")
    }

    pub fn as_ptr() -> *const c_char {
        LAST_ERROR.with(|buf| buf.get().cast_const().cast())
    }
}

/// Records `msg` as the last error and returns `code`.
fn fail(code: i32, msg: impl AsRef<str>) -> i32 {
    last_error::set(msg.as_ref());
    code
}

// ---------------------------------------------------------------------------------------
// Exported functions
// ---------------------------------------------------------------------------------------

/// Parses one chunk of JSON events; returns the event count or an `ERR_*` code.
#[no_mangle]
pub extern "C" fn parse_chunk(ptr: *const u8, len: i32) -> i32 {
    // PLANTED BUGS 1-3 are reached from here without a catch: a panic (or a failed UB
    // check) inside this `extern "C"` function cannot unwind into C, so it aborts the
    // whole host process.
    #[cfg(not(feature = "fixed"))]
    {
        parse_chunk_impl(ptr, len)
    }
    // FIX: every entry point catches panics and turns them into ERR_INTERNAL.
    #[cfg(feature = "fixed")]
    {
        guarded(|| parse_chunk_impl(ptr, len))
    }
}

/// The message of the calling thread's last failed call (the fixed build: "" after a
/// successful one). Never null; owned by the library.
#[no_mangle]
pub extern "C" fn get_last_error() -> *const c_char {
    #[cfg(not(feature = "fixed"))]
    {
        last_error::as_ptr()
    }
    #[cfg(feature = "fixed")]
    {
        std::panic::catch_unwind(last_error::as_ptr).unwrap_or(c"internal error".as_ptr())
    }
}

/// FIX (panic across `extern "C"`): runs `f`, turning a panic into `ERR_INTERNAL` with the
/// last error "internal error: <panic message>".
#[cfg(feature = "fixed")]
fn guarded(f: impl FnOnce() -> i32 + std::panic::UnwindSafe) -> i32 {
    match std::panic::catch_unwind(f) {
        Ok(code) => code,
        Err(payload) => {
            let msg = if let Some(s) = payload.downcast_ref::<&str>() {
                s
            } else if let Some(s) = payload.downcast_ref::<String>() {
                s.as_str()
            } else {
                "unknown panic payload"
            };
            fail(ERR_INTERNAL, format!("internal error: {msg}"))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

fn parse_chunk_impl(ptr: *const u8, len: i32) -> i32 {
    if ptr.is_null() {
        return fail(ERR_NULL_PTR, "null pointer");
    }
    if len < 0 {
        // PLANTED BUG 4 (postmortem 2, stale last error): returns without setting the
        // last error, so get_last_error() still shows the previous call's message.
        #[cfg(not(feature = "fixed"))]
        return ERR_NEGATIVE_LEN;
        // FIX 4: every error path sets the last error.
        #[cfg(feature = "fixed")]
        return fail(ERR_NEGATIVE_LEN, format!("negative length {len}"));
    }
    if len == 0 {
        return fail(ERR_EMPTY, "empty input (len 0)");
    }
    let len = len as usize;

    let text = match decode_utf8(ptr, len) {
        Ok(text) => text,
        Err(e) => {
            return fail(
                ERR_INVALID_UTF8,
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            )
        }
    };
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(e) => return fail(ERR_INVALID_JSON, format!("invalid JSON: {e}")),
    };
    let events: &[Value] = match &doc {
        Value::Array(events) => events,
        Value::Object(_) => std::slice::from_ref(&doc),
        _ => {
            return fail(
                ERR_INVALID_JSON,
                "invalid JSON: top level must be an object or an array of objects",
            )
        }
    };
    for (i, event) in events.iter().enumerate() {
        if let Err(msg) = check_event(i, event) {
            return fail(ERR_BAD_FIELD, msg);
        }
    }

    // FIX: success clears the last error (the shipped build leaves it alone).
    #[cfg(feature = "fixed")]
    last_error::clear();

    i32::try_from(events.len()).unwrap_or(i32::MAX)
}

/// Views `len` bytes at `ptr` (non-null) as UTF-8.
fn decode_utf8<'a>(ptr: *const u8, len: usize) -> Result<&'a str, std::str::Utf8Error> {
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null; u8
    // needs no alignment.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    if len >= FAST_PATH_MIN && is_ascii_fast(ptr, len) {
        // SAFETY: ASCII is UTF-8.
        Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
    } else {
        std::str::from_utf8(bytes)
    }
}

/// "Fast ASCII pre-scan": true if no byte has its high bit set, checked eight at a time.
fn is_ascii_fast(ptr: *const u8, len: usize) -> bool {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let words = len / 8;

    // PLANTED BUG 1 (postmortem 2, misaligned fast path): reinterprets the buffer as
    // &[u64], assuming `ptr` is 8-aligned. Callers hand over buffers at any address; with
    // debug assertions on, a misaligned `ptr` fails from_raw_parts' UB precondition check
    // and the process aborts.
    #[cfg(not(feature = "fixed"))]
    let words_ascii = {
        // SAFETY: wrong: `ptr` is not known to be aligned to 8.
        let chunk = unsafe { std::slice::from_raw_parts(ptr as *const u64, words) };
        chunk.iter().all(|&w| w & HIGH_BITS == 0)
    };
    // FIX 1: unaligned reads, valid at any address.
    #[cfg(feature = "fixed")]
    let words_ascii = (0..words).all(|k| {
        // SAFETY: bytes [8k, 8k + 8) lie inside the `len` readable bytes at `ptr`.
        let w = unsafe { ptr.add(8 * k).cast::<u64>().read_unaligned() };
        w & HIGH_BITS == 0
    });

    // SAFETY: the tail lies inside the `len` readable bytes at `ptr`.
    let tail = unsafe { std::slice::from_raw_parts(ptr.add(8 * words), len - 8 * words) };
    words_ascii && tail.is_ascii()
}

/// Checks event number `i`; the error is the last-error message.
fn check_event(i: usize, event: &Value) -> Result<(), String> {
    if !event.is_object() {
        return Err(format!("event {i}: not a JSON object"));
    }
    let bad = |field: &str, wanted: &str| {
        format!("event {i}: field `{field}` is missing or not {wanted}")
    };
    let _user_id = event["user_id"]
        .as_str()
        .ok_or_else(|| bad("user_id", "a string"))?;
    let event_type = event["event_type"]
        .as_str()
        .ok_or_else(|| bad("event_type", "a string"))?;

    // PLANTED BUG 2 (postmortem 2, panic across extern "C"): a missing, negative,
    // fractional or string timestamp panics here ("called `Option::unwrap()` on a `None`
    // value"), and the panic aborts the host at the extern "C" boundary.
    #[cfg(not(feature = "fixed"))]
    let _timestamp = event["timestamp"].as_u64().unwrap();
    // FIX 2: a bad timestamp is an ordinary field error.
    #[cfg(feature = "fixed")]
    let _timestamp = event["timestamp"]
        .as_u64()
        .ok_or_else(|| bad("timestamp", "an unsigned integer"))?;

    if event.get("payload").is_none() {
        return Err(format!("event {i}: field `payload` is missing"));
    }

    if event_type == "batch" {
        let items: &[Value] = event["payload"]["items"]
            .as_array()
            .ok_or_else(|| bad("payload.items", "an array"))?;
        // PLANTED BUG 3 (postmortem 2, a second panic site): direct indexing of the first
        // item; an empty `items` panics ("index out of bounds: the len is 0 but the index
        // is 0") and aborts the host like bug 2.
        #[cfg(not(feature = "fixed"))]
        let first = &items[0];
        // FIX 3: an empty batch is an ordinary field error.
        #[cfg(feature = "fixed")]
        let first = items
            .first()
            .ok_or_else(|| format!("event {i}: field `payload.items` is empty"))?;
        if !first.is_object() {
            return Err(format!(
                "event {i}: field `payload.items[0]` is not an object"
            ));
        }
    }
    Ok(())
}
