import { describe, expect, it } from 'vitest';
import { IGNORE_FRAMES, isIgnoredFrame, targetFrames } from './ignore-frames.js';

describe('IGNORE_FRAMES', () => {
  it('should give every rule a reason', () => {
    for (const rule of IGNORE_FRAMES) expect(rule.why.length, String(rule.pattern)).toBeGreaterThan(5);
  });

  it.each([
    '__rustc::rust_begin_unwind',
    'rust_begin_unwind',
    '__rust_start_panic',
    'rust_panic',
    'core::panicking::panic_fmt',
    'core::panicking::panic_bounds_check',
    'core::panicking::panic_cannot_unwind',
    'std::panicking::default_hook::{closure#0}',
    'std::panic::catch_unwind',
    'core::option::unwrap_failed',
    'core::result::unwrap_failed',
    'core::option::Option<T>::unwrap',
    '<core::option::Option<_>>::unwrap',
    'core::result::Result<T,E>::expect',
    'core::slice::raw::from_raw_parts::precondition_check',
    'core::slice::raw::from_raw_parts',
    'std::sys::backtrace::__rust_end_short_backtrace',
    'std::backtrace_rs::backtrace::libunwind::trace',
    '<<std::sys::backtrace::BacktraceLock>::print::DisplayBacktrace as core::fmt::Display>::fmt',
    'std::alloc::rust_oom',
    '__rustc::__rust_alloc_error_handler',
    'alloc::alloc::handle_alloc_error::rt_error',
    'alloc::raw_vec::RawVec<T,A>::with_capacity_in',
    '<alloc::vec::Vec<T,A> as core::ops::index::Index<I>>::index',
    '<usize as core::slice::index::SliceIndex<[T]>>::index',
    '__rust_try',
    '<unknown>',
    '_ZN6v8impl12_GLOBAL__N_123FunctionCallbackWrapper6InvokeERKN2v820FunctionCallbackInfoINS2_5ValueEEE',
    '_ZN2v88internal21Builtin_HandleApiCallEiPmPNS0_7IsolateE',
    'Builtins_CEntry_Return1_ArgvOnStack_BuiltinExit',
    'node::OOMErrorHandler(char const*, v8::OOMDetails const&)',
    'uv_run',
    '__libc_start_call_main',
    'start_thread',
    'clone3',
    'main',
    '__asan_report_load8',
    '__interceptor_memcpy',
    'asan_thread_start(void*)',
    'malloc',
    'pthread_create',
  ])('should ignore %s', (symbol) => {
    expect(isIgnoredFrame({ symbol })).toBe(true);
  });

  it.each([
    'chunk_parser::check_event',
    'parse_chunk',
    'job_fill',
    'shapes::sum_fields',
    'racy_push',
    '<chunk_parser::Parser as core::ops::drop::Drop>::drop',
    'chunk_parser::unwrap_event',
    'stdin_reader::read',
    'probe::main::{closure#1}',
  ])('should keep the target frame %s', (symbol) => {
    expect(isIgnoredFrame({ symbol })).toBe(false);
  });
});

describe('targetFrames', () => {
  it('should keep only the target frames, in order', () => {
    const frames = [
      { index: 0, symbol: '__rustc::rust_begin_unwind' },
      { index: 5, symbol: 'chunk_parser::check_event' },
      { index: 7, symbol: 'parse_chunk' },
      { index: 8, symbol: '<unknown>' },
    ];
    expect(targetFrames(frames).map((frame) => frame.index)).toEqual([5, 7]);
  });
});

describe('inherent std methods of primitive types', () => {
  it('should ignore <*const T>::read_unaligned and <[u8]>::copy_from_slice but keep the caller', () => {
    expect(isIgnoredFrame({ symbol: '<*const u64>::read_unaligned' })).toBe(true);
    expect(isIgnoredFrame({ symbol: '<[u8]>::copy_from_slice' })).toBe(true);
    expect(isIgnoredFrame({ symbol: 'chunk_parser::store_message' })).toBe(false);
  });
});
