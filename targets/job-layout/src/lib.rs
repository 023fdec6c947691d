//! job-layout: postmortem 1 ("Layout mismatch", /work/shared/DESIGN.md).
//!
//! This file is built twice:
//!   * `job-layout` (feature `fixed` off): `Job` is plain `#[repr(C)]`, so Rust lays it
//!     out with natural alignment: id @0, 4 bytes of padding, offset @8, flags @16,
//!     4 bytes of tail padding: size 24, align 8. The legacy C caller (job.h) packs it
//!     to 4: id @0, offset @4, flags @12: size 16, align 4. `job_fill` therefore writes
//!     past the end of the caller's 16-byte allocation, silently corrupting the heap.
//!   * `job-layout-fixed` (feature `fixed` on): `Job` is `#[repr(C, packed(4))]`, which
//!     matches job.h exactly.
//!
//! C ABI (both builds; see job.h):
//!
//! ```c
//! int32_t job_fill(Job *out);
//! size_t  job_size(void);
//! size_t  job_align(void);
//! ```

// `job_fill` takes a raw pointer from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

/// A job record shared with the C caller.
///
/// PLANTED BUG (postmortem 1): plain repr(C) disagrees with the C side's
/// `#pragma pack(push, 4)`: 24 bytes / align 8 here, 16 bytes / align 4 in job.h.
#[cfg(not(feature = "fixed"))]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Job {
    pub id: u32,
    pub offset: u64,
    pub flags: u32,
}

/// A job record shared with the C caller.
///
/// FIX (postmortem 1): packed to 4 like job.h: size 16, align 4, offset @4, flags @12.
#[cfg(feature = "fixed")]
#[repr(C, packed(4))]
#[derive(Clone, Copy, Debug)]
pub struct Job {
    pub id: u32,
    pub offset: u64,
    pub flags: u32,
}

pub const JOB_ID: u32 = 0x1111_1111;
pub const JOB_OFFSET: u64 = 0x2222_2222_3333_3333;
pub const JOB_FLAGS: u32 = 0x4444_4444;

/// Clears `*out`, then writes a whole `Job` into it with one struct assignment. Returns 0, or -1 if `out`
/// is null.
///
/// In the shipped build this writes up to 24 bytes into what the C caller allocated as 16.
#[no_mangle]
pub extern "C" fn job_fill(out: *mut Job) -> i32 {
    if out.is_null() {
        return -1;
    }
    // SAFETY: the caller promises `out` points to a writable Job, as the *C side* lays
    // it out; in the shipped build that promise covers only the first 16 bytes.
    // The record is cleared first (padding included), as the original code did: in the
    // shipped build that clear alone runs 8 bytes past the caller's object.
    unsafe {
        std::ptr::write_bytes(out, 0, 1);
        *out = Job {
            id: JOB_ID,
            offset: JOB_OFFSET,
            flags: JOB_FLAGS,
        };
    }
    0
}

/// `sizeof(Job)` as Rust sees it: 24 in the shipped build, 16 in the fixed one.
#[no_mangle]
pub extern "C" fn job_size() -> usize {
    std::mem::size_of::<Job>()
}

/// `alignof(Job)` as Rust sees it: 8 in the shipped build, 4 in the fixed one.
#[no_mangle]
pub extern "C" fn job_align() -> usize {
    std::mem::align_of::<Job>()
}
