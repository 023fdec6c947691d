//! crash-mix: a fixture for ffi-fuzz's own tests of crash handling at volume (the fork server,
//! issue #14; one record or count per death, issue #12). About every other input kills the
//! process, each in one of four ways a real target dies. Not a postmortem reproduction.
//!
//! C ABI:
//!
//! ```c
//! // Hashes the bytes (FNV-1a). An even hash returns it (as a non-negative int32); an odd hash
//! // crashes, the way bits 1-2 choose: 0 a Rust panic (aborts at the extern "C" boundary),
//! // 1 abort(), 2 a write to an unmapped address (SIGSEGV), 3 another process (`kill -9`)
//! // SIGKILLs this one. The crash-mix-fixed build never crashes.
//! int32_t crash_half(const uint8_t *ptr, int32_t len);
//! ```
//!
//! When the environment variable CRASH_MIX_LOG names a file, every crash first appends one
//! line to it, `<way> <input as hex>`, so a test can count the deaths and their inputs on its own.

// The exported functions take raw pointers from C by design.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::io::Write;

/// The `len` bytes at `ptr`, or none for a null pointer or `len <= 0`.
fn bytes<'a>(ptr: *const u8, len: i32) -> &'a [u8] {
    if ptr.is_null() || len <= 0 {
        return &[];
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, which is non-null.
    unsafe { std::slice::from_raw_parts(ptr, len as usize) }
}

/// 32-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0x811c_9dc5u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// The four ways an odd hash dies.
#[derive(Clone, Copy)]
enum Way {
    Panic,
    Abort,
    Segv,
    KilledFromOutside,
}

impl Way {
    fn of(hash: u32) -> Way {
        match (hash >> 1) & 3 {
            0 => Way::Panic,
            1 => Way::Abort,
            2 => Way::Segv,
            _ => Way::KilledFromOutside,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Way::Panic => "panic",
            Way::Abort => "abort",
            Way::Segv => "segv",
            Way::KilledFromOutside => "kill",
        }
    }
}

/// Appends `<way> <hex>` to $CRASH_MIX_LOG, when set (written before dying: one line per death).
fn log_death(way: Way, input: &[u8]) {
    let Some(path) = std::env::var_os("CRASH_MIX_LOG") else { return };
    let hex: String = input.iter().map(|b| format!("{b:02x}")).collect();
    if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = file.write_all(format!("{} {hex}\n", way.name()).as_bytes());
    }
}

fn die(way: Way) -> ! {
    match way {
        Way::Panic => panic!("crash-mix: the input hash is odd"),
        Way::Abort => std::process::abort(),
        Way::Segv => {
            // Not null: reading null would trip Rust's debug UB check and abort instead.
            let bad = std::ptr::without_provenance_mut::<u8>(0x18);
            // SAFETY: none; this write faults on purpose.
            unsafe { std::ptr::write_volatile(bad, 1) };
            unreachable!("the write to 0x18 did not fault");
        }
        Way::KilledFromOutside => {
            // `kill` runs as another process and SIGKILLs this one: it dies waiting for it.
            let pid = std::process::id().to_string();
            let _ = std::process::Command::new("kill").args(["-9", &pid]).status();
            unreachable!("kill -9 {pid} did not kill this process");
        }
    }
}

/// Returns the input's FNV-1a hash when it is even; crashes on an odd hash (see the top of this
/// file), except in the crash-mix-fixed build, which returns every hash.
#[no_mangle]
pub extern "C" fn crash_half(ptr: *const u8, len: i32) -> i32 {
    let input = bytes(ptr, len);
    let hash = fnv1a(input);
    if hash & 1 == 1 && !cfg!(feature = "fixed") {
        let way = Way::of(hash);
        log_death(way, input);
        die(way);
    }
    (hash >> 1) as i32
}
