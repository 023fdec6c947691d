//! session-store: a stateful C API of the `new / use / free` kind, the shape most Rust
//! bindings end up exporting. Sessions live in a slab of generation-tagged slots; a handle
//! is `generation << 32 | (slot index + 1)`, so 0 is never a session.
//!
//! This file is built twice:
//!   * `session-store` (feature `fixed` off) ships two planted lifetime bugs, each marked
//!     `PLANTED BUG n` below;
//!   * `session-store-fixed` (feature `fixed` on) is the same code with the fixes, marked
//!     `FIX n`.
//!
//! C ABI (both builds):
//!
//! ```c
//! uint64_t session_new(void);                                        // 0: out of memory
//! int32_t  session_push(uint64_t s, const uint8_t *data, int32_t len); // bytes added, or < 0
//! int64_t  session_len(uint64_t s);                                  // bytes held, or < 0
//! int32_t  session_free(uint64_t s);                                 // 0, or < 0
//! ```
//!
//! The contract (what the header promises): a handle that was freed, or was never
//! returned by `session_new`, is rejected with `ERR_STALE_HANDLE` by every function,
//! `session_free` included, so a double free is an error return, never a crash. Slots
//! are reused (last freed, first reused), which is exactly why the generation exists.

#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::{Mutex, MutexGuard};

/// The handle is not a live session: freed, never issued, or 0.
pub const ERR_STALE_HANDLE: i32 = -1;
/// `data` is null.
pub const ERR_NULL_PTR: i32 = -2;
/// `len` is negative.
pub const ERR_NEGATIVE_LEN: i32 = -3;
/// (fixed build only) A panic was caught at the boundary.
#[cfg(feature = "fixed")]
pub const ERR_INTERNAL: i32 = -99;

struct Slot {
    generation: u32,
    /// Owners of the session: 1 while it is live, 0 once freed.
    users: u32,
    data: Vec<u8>,
}

struct Store {
    slots: Vec<Slot>,
    /// Free slot indexes; the last one freed is reused first.
    free: Vec<u32>,
}

static STORE: Mutex<Store> = Mutex::new(Store { slots: Vec::new(), free: Vec::new() });

fn store() -> MutexGuard<'static, Store> {
    // A panic while holding the lock aborts the buggy build anyway; the fixed build must go on.
    STORE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn handle_of(index: u32, generation: u32) -> u64 {
    (u64::from(generation) << 32) | (u64::from(index) + 1)
}

/// Splits a handle into (slot index, generation); None for 0.
fn parts(handle: u64) -> Option<(usize, u32)> {
    let low = (handle & 0xffff_ffff) as u32;
    if low == 0 {
        return None;
    }
    Some(((low - 1) as usize, (handle >> 32) as u32))
}

impl Store {
    /// The live session a handle names: right slot, right generation, still owned.
    fn live(&mut self, handle: u64) -> Option<&mut Slot> {
        let (index, generation) = parts(handle)?;
        let slot = self.slots.get_mut(index)?;
        (slot.generation == generation && slot.users > 0).then_some(slot)
    }

    fn create(&mut self) -> u64 {
        match self.free.pop() {
            Some(index) => {
                let slot = &mut self.slots[index as usize];
                // PLANTED BUG 1: the slot is handed out again under the generation it had, so
                // the new handle equals the freed one: a stale copy of the old handle now
                // silently names the new session. (FIX 1 bumps the generation on free.)
                slot.users = 1;
                slot.data.clear();
                handle_of(index, slot.generation)
            }
            None => {
                let index = self.slots.len() as u32;
                self.slots.push(Slot { generation: 0, users: 1, data: Vec::new() });
                handle_of(index, 0)
            }
        }
    }

    #[cfg(not(feature = "fixed"))]
    fn release(&mut self, handle: u64) -> i32 {
        let Some((index, generation)) = parts(handle) else { return ERR_STALE_HANDLE };
        let Some(slot) = self.slots.get_mut(index) else { return ERR_STALE_HANDLE };
        if slot.generation != generation {
            return ERR_STALE_HANDLE;
        }
        // PLANTED BUG 2: only the generation is checked, not that the session is still
        // owned, so a double free decrements `users` below zero: "attempt to subtract with
        // overflow", a panic inside extern "C", which aborts the host process.
        slot.users -= 1;
        if slot.users == 0 {
            slot.data = Vec::new();
            self.free.push(index as u32);
        }
        0
    }

    #[cfg(feature = "fixed")]
    fn release(&mut self, handle: u64) -> i32 {
        // FIX 2: only a live session can be freed; anything else is the documented error.
        let Some(slot) = self.live(handle) else { return ERR_STALE_HANDLE };
        slot.users -= 1;
        // FIX 1: a freed slot comes back under a new generation, so old handles stay stale.
        slot.generation = slot.generation.wrapping_add(1);
        slot.data = Vec::new();
        self.free.push((handle & 0xffff_ffff) as u32 - 1);
        0
    }
}

/// Runs one exported call. The buggy build lets a panic reach the `extern "C"` boundary
/// (Rust aborts the process there); FIX 3 catches it and returns `ERR_INTERNAL` instead.
#[cfg(not(feature = "fixed"))]
fn boundary<T>(_on_panic: T, body: impl FnOnce() -> T) -> T {
    body()
}

#[cfg(feature = "fixed")]
fn boundary<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or(on_panic)
}

/// Creates an empty session; its handle is never 0.
#[no_mangle]
pub extern "C" fn session_new() -> u64 {
    boundary(0, || store().create())
}

/// Appends `len` bytes to a live session; returns `len`, or a negative error.
#[no_mangle]
pub extern "C" fn session_push(s: u64, data: *const u8, len: i32) -> i32 {
    boundary(ERR_INTERNAL_OR_ABORT, || {
        if data.is_null() {
            return ERR_NULL_PTR;
        }
        if len < 0 {
            return ERR_NEGATIVE_LEN;
        }
        let mut store = store();
        let Some(slot) = store.live(s) else { return ERR_STALE_HANDLE };
        // SAFETY: the caller promises `len` readable bytes at `data` (not null, checked above).
        let bytes = unsafe { std::slice::from_raw_parts(data, len as usize) };
        slot.data.extend_from_slice(bytes);
        len
    })
}

/// The number of bytes a live session holds, or a negative error.
#[no_mangle]
pub extern "C" fn session_len(s: u64) -> i64 {
    boundary(i64::from(ERR_INTERNAL_OR_ABORT), || match store().live(s) {
        Some(slot) => slot.data.len() as i64,
        None => i64::from(ERR_STALE_HANDLE),
    })
}

/// Frees a live session; 0, or `ERR_STALE_HANDLE` for anything that is not one.
#[no_mangle]
pub extern "C" fn session_free(s: u64) -> i32 {
    boundary(ERR_INTERNAL_OR_ABORT, || store().release(s))
}

/// What a caught panic returns (the buggy build never catches one).
#[cfg(feature = "fixed")]
const ERR_INTERNAL_OR_ABORT: i32 = ERR_INTERNAL;
#[cfg(not(feature = "fixed"))]
const ERR_INTERNAL_OR_ABORT: i32 = i32::MIN;
