import type { Frame } from './parse-frames.js';

// Frames that never locate a bug in the target: the panic and allocation-error machinery,
// the standard library the target called into, the backtrace printer itself, and the host
// (Node, V8, koffi, libc, sanitizer runtimes). What is left is the target's own code.
// Modelled on ClusterFuzz's stacktraces/constants.py STACK_FRAME_IGNORE_REGEXES.
// Patterns match the normalised symbol (hashes stripped, legacy names demangled).

/** One ignore rule: a pattern on the frame symbol and the reason it says nothing. */
export interface IgnoreRule {
  readonly pattern: RegExp;
  readonly why: string;
}

/**
 * Shared objects whose frames are never the target's, whatever symbol the printer found in them
 * (glibc's backtrace_symbols() names a module for every frame: `/lib/x86_64-linux-gnu/libc.so.6(+0x3c050)`).
 * Matched against the module's file name.
 */
export const IGNORE_MODULES: readonly IgnoreRule[] = [
  {
    pattern: /^(?:libc|libm|libpthread|libdl|librt)\.so(?:\.\d+)*$/,
    why: 'glibc: the allocator, abort, raise, memcpy and the signal trampoline',
  },
  { pattern: /^ld-linux[\w.-]*\.so(?:\.\d+)*$/, why: 'the dynamic loader' },
  { pattern: /^(?:libgcc_s|libunwind)\.so(?:\.\d+)*$/, why: 'the unwinder' },
  { pattern: /^libstdc\+\+\.so(?:\.\d+)*$/, why: 'C++ runtime (operator new/delete)' },
  { pattern: /^(?:node|nodejs)$/, why: 'the Node executable: V8, libuv, N-API' },
  { pattern: /^koffi\.node$/, why: "koffi's call machinery" },
  { pattern: /^libffz-[\w.-]+\.so$/, why: "ffi-fuzz's own shims (the fault guard's handler, the coverage runtime)" },
];

/** Integer, float and other primitive `Self` types of std trait impls (`<usize as …>`). */
const PRIMITIVE = String.raw`(?:&(?:mut )?)?(?:\[[^\]]*\]|str|bool|char|[iu](?:8|16|32|64|128|size)|f32|f64|\*(?:const|mut) [^ ]+)`;

/** The ignore table, in no particular order (any match ignores the frame). */
export const IGNORE_FRAMES: readonly IgnoreRule[] = [
  // Rust panic machinery
  { pattern: /^(?:__rustc::)?rust_begin_unwind$/, why: 'entry of every panic; says nothing about the caller' },
  { pattern: /^(?:__rustc::)?__rust_start_panic$/, why: 'hands the panic to the unwinder' },
  { pattern: /^(?:__rustc::)?rust_panic$/, why: 'std symbol a debugger breaks on; part of every panic' },
  { pattern: /^core::panicking::/, why: 'panic_fmt, panic_bounds_check, panic_nounwind, panic_cannot_unwind, …' },
  { pattern: /^std::panicking::/, why: 'panic hook, begin_panic, catch_unwind internals' },
  { pattern: /^(?:std|core)::panic::/, why: 'catch_unwind, resume_unwind, AssertUnwindSafe' },
  { pattern: /^core::(?:option|result)::(?:unwrap_failed|expect_failed)$/, why: 'the failing unwrap/expect; its caller is the culprit' },
  {
    pattern: /^<?core::(?:option::Option|result::Result)\b.*::(?:unwrap|expect)\w*$/,
    why: '<T>::unwrap / expect / unwrap_err: the caller is the culprit',
  },
  { pattern: /::precondition_check$/, why: 'the UB precondition check itself (debug assertions)' },
  {
    pattern: /^core::(?:slice::raw::from_raw_parts(?:_mut)?|ub_checks::.*)$/,
    why: 'the checked std function; the caller passed the bad pointer',
  },
  { pattern: /^(?:__rustc::)?__rust_(?:try|end_short_backtrace|begin_short_backtrace)\b/, why: 'unwinding and short-backtrace markers' },
  // Backtrace printing and allocation errors
  { pattern: /^std::(?:sys::backtrace|backtrace_rs|backtrace)::/, why: 'the backtrace printer printing itself' },
  { pattern: /^(?:__rustc::)?__rust_alloc_error_handler$/, why: 'allocation-error handler shim' },
  { pattern: /^std::alloc::/, why: 'rust_oom and the default allocation-error hook' },
  { pattern: /^alloc::alloc::handle_alloc_error/, why: 'reports the failed allocation; the caller asked for it' },
  { pattern: /^alloc::raw_vec::/, why: 'Vec growth; the caller chose the capacity' },
  // Rest of the standard library: the bug is in the caller
  { pattern: /^<*(?:std|core|alloc)::/, why: 'standard library (including impls on std types, e.g. <alloc::vec::Vec<T> as Index>::index)' },
  {
    pattern: new RegExp(`^<+${PRIMITIVE} as (?:std|core|alloc)::`),
    why: 'std trait impls on primitives, e.g. <usize as SliceIndex<[T]>>::index',
  },
  { pattern: /^__rustc::/, why: 'std items exported under the __rustc prefix' },
  {
    pattern: /^<(?:\*(?:const|mut) [^>]*|\[[^\]]*\]|str)>::/,
    why: 'inherent std methods of raw pointers, slices and str (<*const T>::read_unaligned, <[u8]>::copy_from_slice): the caller is the culprit',
  },
  // Allocators: where heap corruption is detected, never where it was made
  {
    pattern:
      /^(?:__libc_(?:malloc|free|calloc|realloc|memalign)|cfree|_int_\w+|tcache_\w+|malloc_\w+|unlink_chunk|sysmalloc|arena_get2|__GI___libc_\w+)$/,
    why: 'glibc malloc internals: they detect the corruption another call made',
  },
  {
    pattern: /^(?:_Znwm|_Znam|_ZdlPv\w*|_ZdaPv\w*|operator (?:new|delete)(?:\[\])?\b.*)$/,
    why: 'C++ operator new/delete (the host allocating)',
  },
  { pattern: /^(?:__rust_(?:alloc|dealloc|realloc|alloc_zeroed)|__rdl_\w+|__rg_\w+)$/, why: "Rust's global-allocator shims" },
  { pattern: /^(?:je_|_rjem_|mi_|tc_)\w+$/, why: 'jemalloc, mimalloc, tcmalloc entry points' },
  // Unwinder and signal delivery
  {
    pattern: /^(?:_Unwind_\w+|__gcc_personality_v0|__gxx_personality_v0|rust_eh_personality|uw_\w+|__restore_rt)$/,
    why: 'unwinder and signal trampoline',
  },
  // Host: Node, V8, libuv, koffi
  { pattern: /^napi_\w+$/, why: 'Node-API, the native addon interface koffi uses' },
  { pattern: /^(?:<unknown>|<unresolved>|\?\?)$/, why: 'unsymbolised: koffi trampolines, JIT code, stripped libraries' },
  { pattern: /^_ZN(?:2v8|6v8impl|4node)/, why: 'V8 / Node C++ (mangled)' },
  { pattern: /^(?:v8|v8impl|node)::/, why: 'V8 / Node C++ (demangled)' },
  { pattern: /^Builtins_/, why: 'V8 builtins (CEntry, InterpreterEntryTrampoline, …)' },
  { pattern: /^uv_|^uv__/, why: 'libuv event loop' },
  { pattern: /^(?:_ZN2RG|RG::|ForwardCall|koffi)/, why: 'koffi call machinery' },
  { pattern: /^ffi_fuzz_tsan_replay::/, why: 'the native program `repro --profile tsan` generates to replay a concurrent set' },
  // libc and the process entry
  { pattern: /^(?:__libc_start_(?:call_)?main|_start|main)$/, why: 'process entry' },
  { pattern: /^(?:start_thread|clone3?|__clone3?|__restore_rt|_?pthread_\w+|__pthread_\w+)$/, why: 'thread start and signal trampolines' },
  {
    pattern: /^(?:raise|abort|gsignal|__GI_\w+|__pthread_kill\w*|pthread_kill|__libc_message\w*|__libc_fatal|__fortify_fail|__chk_fail)$/,
    why: 'libc abort path',
  },
  // Sanitizer runtimes and their interceptors
  {
    pattern: /^(?:__asan_|__lsan_|__tsan_|__msan_|__sanitizer|__interceptor_|___interceptor_|asan_thread_start)/,
    why: 'sanitizer runtime',
  },
  {
    pattern: /^(?:malloc|calloc|realloc|free|posix_memalign|aligned_alloc|memcpy|memmove|memset|memcmp|strlen)$/,
    why: 'libc function intercepted by a sanitizer; its caller is the culprit',
  },
];

/** True when the frame's symbol matches a rule of {@link IGNORE_FRAMES}, or its module one of {@link IGNORE_MODULES}. */
export function isIgnoredFrame(frame: Pick<Frame, 'symbol' | 'module'>): boolean {
  if (frame.module !== undefined && IGNORE_MODULES.some((rule) => rule.pattern.test(frame.module!))) return true;
  return IGNORE_FRAMES.some((rule) => rule.pattern.test(frame.symbol));
}

/** The frames left after the ignore table: the target's own code, innermost first. */
export function targetFrames(frames: readonly Frame[]): Frame[] {
  return frames.filter((frame) => !isIgnoredFrame(frame));
}
