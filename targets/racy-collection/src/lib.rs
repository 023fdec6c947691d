//! racy-collection: a process-wide registry kept in a `static mut Vec` and mutated without a
//! lock. Every call is correct on its own and any sequence of calls on one thread is too; with
//! two threads inside `register_name` at once, one's push lands between the other's push and
//! its invariant check (or two claim the same slot), the check fails, and the panic aborts the
//! host process at the `extern "C"` boundary.
//!
//! This file is built twice:
//!   * `racy-collection` (feature `fixed` off): the unsynchronised registry;
//!   * `racy-collection-fixed` (feature `fixed` on): the registry behind a `Mutex`.
//!
//! C ABI (both builds):
//!
//! ```c
//! int32_t register_name(const uint8_t *ptr, int32_t len); // returns len, or -1 for bad arguments
//! ```

// The exported function takes a raw pointer from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

/// Slots reserved once; the registry is emptied at half of it, so pushes never reallocate.
const CAPACITY: usize = 1024;

/// FNV-1a over the name: the id a name is registered under.
fn name_id(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The registry proper: push the id, canonicalise the name (the slow part), then check the
/// registry's own invariant before publishing: this call added exactly one entry, and it is
/// still this caller's. Reached through a raw pointer, so every check really reads memory.
///
/// # Safety
/// `registry` must point to a live Vec that no other code mutates during the call (which the
/// shipped build does not ensure).
unsafe fn register(registry: *mut Vec<u64>, bytes: &[u8]) {
    if (*registry).capacity() == 0 {
        (*registry).reserve_exact(CAPACITY);
    }
    if (*registry).len() >= CAPACITY / 2 {
        (*registry).clear();
    }
    let id = name_id(bytes);
    let slot = (*registry).len();
    (*registry).push(id);
    // Canonical form: lower-case ASCII, hashed again (stands in for the original's Unicode
    // normalisation); long names take proportionally longer.
    let canonical = bytes.iter().fold(id, |h, &b| (h ^ u64::from(b.to_ascii_lowercase())).rotate_left(5));
    std::hint::black_box(canonical);
    if (*registry).len() != slot + 1 || (*registry).as_slice().get(slot) != Some(&id) {
        panic!("registry corrupted: another caller changed it during register_name (slot {slot})");
    }
}

/// PLANTED BUG: a `static mut` collection shared by every thread, with no lock.
#[cfg(not(feature = "fixed"))]
fn with_registry(f: impl FnOnce(*mut Vec<u64>)) {
    static mut REGISTRY: Vec<u64> = Vec::new();
    f(&raw mut REGISTRY)
}

/// FIX: the registry behind a Mutex.
#[cfg(feature = "fixed")]
fn with_registry(f: impl FnOnce(*mut Vec<u64>)) {
    static REGISTRY: std::sync::Mutex<Vec<u64>> = std::sync::Mutex::new(Vec::new());
    let mut guard = REGISTRY.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    f(&mut *guard)
}

/// Registers the name in `ptr[0..len]`; returns `len`, or -1 for a null pointer or a
/// negative length.
#[no_mangle]
pub extern "C" fn register_name(ptr: *const u8, len: i32) -> i32 {
    if ptr.is_null() || len < 0 {
        return -1;
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len as usize) };
    // SAFETY: the fixed build holds the lock; the shipped build's lack of one is the planted
    // defect (correct on one thread, concurrent callers mutate the same Vec).
    with_registry(|registry| unsafe { register(registry, bytes) });
    len
}
