//! Fixture for the prototype recovery of `listExportedFunctions`: every exported function
//! exercises Rust types whose C spelling is known (or deliberately has none).
#![allow(clippy::not_unsafe_ptr_arg_deref, improper_ctypes_definitions)]

use std::ffi::{c_char, c_void};

/// A repr(C) struct passed by pointer and by value.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Pair {
    pub left: u32,
    pub right: u64,
}

/// A repr(C) union.
#[repr(C)]
#[derive(Clone, Copy)]
pub union Word {
    pub int: i32,
    pub float: f32,
}

#[no_mangle]
pub extern "C" fn scalars(a: i8, b: u16, c: i64, d: usize, e: isize, f: bool, g: f32, h: f64) -> u32 {
    (a as i64 + b as i64 + c + d as i64 + e as i64 + f as i64 + g as i64 + h as i64) as u32
}

#[no_mangle]
pub extern "C" fn pointers(src: *const u8, dst: *mut u8, name: *const c_char, out: *mut c_char, opaque: *mut c_void, list: *const *const u8) -> i32 {
    (src.is_null() as i32) + (dst.is_null() as i32) + (name.is_null() as i32) + (out.is_null() as i32) + (opaque.is_null() as i32) + (list.is_null() as i32)
}

#[no_mangle]
pub extern "C" fn structs(pair: *mut Pair, by_value: Pair, word: Word) -> Pair {
    unsafe { (*pair).left = by_value.left + word.int as u32 };
    by_value
}

#[no_mangle]
pub extern "C" fn nothing() {}

#[no_mangle]
pub extern "C" fn unmappable(callback: Option<extern "C" fn(i32) -> i32>, text: &str, wide: u128) -> i32 {
    callback.map_or(0, |f| f(text.len() as i32 + wide as i32))
}

/// Not exported: no #[no_mangle], so it must not be listed.
pub fn internal_helper(x: i32) -> i32 {
    x + 1
}
