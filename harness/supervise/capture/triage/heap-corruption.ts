import type { Frame } from './parse-frames.js';

// Heap corruption is detected far from where it is made: glibc's malloc checks its own metadata on
// the next allocator call of whichever thread comes next (`free(): invalid pointer`, `double free
// or corruption (fasttop)`, …) and aborts, or that call dereferences a corrupted pointer and
// faults inside the allocator. The message, the signal and the detecting thread's frames change
// from one death to the next (issue #12: one data race in 8 buckets); what stays is that the heap
// was corrupted while the same functions ran.

/** The integrity-check messages glibc's allocator prints (malloc.c, malloc_printerr) before aborting. */
export const GLIBC_HEAP_MESSAGES: readonly RegExp[] = [
  /^(?:free|malloc|realloc|calloc|memalign|munmap_chunk|mremap_chunk|malloc_consolidate|_int_malloc|_int_free|_int_realloc|tcache_thread_shutdown)\(\): .+$/,
  /^double free or corruption \([^)]*\)$/,
  /^corrupted size vs\. prev_size(?: while consolidating)?$/,
  /^corrupted double-linked list(?: \(not small\))?$/,
  /^invalid fastbin entry \(free\)$/,
  /^Fatal glibc error: malloc assertion failure in .+$/,
  /^malloc_check_get_size: memory corruption$/,
];

/** Allocator entry points and internals: a fault among them, before any in-target frame, is heap corruption. */
const ALLOCATOR_FRAME =
  /^(?:malloc|free|realloc|calloc|cfree|posix_memalign|aligned_alloc|memalign|__libc_(?:malloc|free|calloc|realloc|memalign)|_int_\w+|tcache_\w+|malloc_\w+|unlink_chunk|sysmalloc|_Znwm|_Znam|_ZdlPv\w*|_ZdaPv\w*|__rust_(?:alloc|dealloc|realloc|alloc_zeroed)|__rdl_\w+|(?:je_|_rjem_|mi_|tc_)\w+)$/;

/** True when a stderr line is one of glibc's heap-check messages. */
export function isHeapCheckMessage(line: string): boolean {
  const text = line.trim();
  return GLIBC_HEAP_MESSAGES.some((pattern) => pattern.test(text));
}

/**
 * True when the faulting thread's stack, innermost first, reaches an allocator function before any
 * frame of the target (`isTarget`): the fault happened inside malloc/free/realloc.
 */
export function faultedInAllocator(frames: readonly Frame[], isTarget: (frame: Frame) => boolean): boolean {
  for (const frame of frames) {
    if (ALLOCATOR_FRAME.test(frame.symbol)) return true;
    if (isTarget(frame)) return false;
  }
  return false;
}

/** The host executable's file name: its own code (V8 compiling or collecting) never runs the target's. */
const HOST_MODULE = /(?:^|\/)(?:node|nodejs)$/;

/**
 * True when the faulting thread ran none of the target's code and faulted inside the host runtime
 * (V8 baseline-compiling, say): nothing but target calls runs in the engine, so this is memory the
 * target corrupted taking the runtime down (the heap race of issue #12 ends this way too).
 */
export function faultedInHost(frames: readonly Frame[], isTarget: (frame: Frame) => boolean): boolean {
  return !frames.some(isTarget) && frames.some((frame) => frame.module !== undefined && HOST_MODULE.test(frame.module));
}
