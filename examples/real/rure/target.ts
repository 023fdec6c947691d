import koffi from 'koffi';
import { defineTarget, type TargetSpec } from '../../../harness/index.js';
import { haystack, regexPattern, rureFlags } from './regex-pattern.js';

// rure 0.2.5, the C API of Rust's regex crate, from the crates registry (scripts/fetch-rure.sh
// puts the crate in ./crate; ffi-fuzz builds it with debug assertions, any profile), written from
// its header, include/rure.h. The header declares `typedef struct rure rure;` (and rure_options,
// rure_error): opaque handle types, read from the header.

/** "haystack may contain arbitrary bytes ... length should be the number of bytes in haystack". */
const searched = { length: 'length', content: haystack, maxLength: 256 } as const;
/**
 * "start is the position at which to start searching": an index into the haystack. The header
 * does not say start ≤ length (rure panics past the end), so the spec keeps to 0.
 */
const fromStart = { fixed: 0 } as const;

/** The functions of the spec; variants (double-free.ts, compile-only.ts) reuse them. */
export const rureFunctions = {
  rure_compile: {
    prototype: 'rure *rure_compile(const uint8_t *pattern, size_t length, uint32_t flags, rure_options *options, rure_error *error)',
    params: {
      // "The pattern must be valid UTF-8 and the length corresponds to the number of bytes in the
      // pattern"; "error is set if there was a problem compiling the pattern (including if the
      // pattern is not valid UTF-8) ... if an error occurs, NULL is returned": invalid patterns
      // and invalid UTF-8 are in contract. A zero length is an empty pattern (a real pointer:
      // rure builds a slice from it, and NULL is not documented).
      pattern: { length: 'length', content: regexPattern, maxLength: 1024, survives: ['zero-length', 'misaligned', 'invalid-utf8'] },
      flags: { values: rureFlags },
      // "options ... If it's NULL, default settings are used".
      options: { fixed: null },
      // "If error is NULL, then no error information is returned".
      error: { fixed: null },
    },
    // A compiled expression: an address, never compared; freed with rure_free after a single call
    // (a call sequence keeps it as the lifecycle's handle instead).
    returns: { releaser: 'rure_free' },
    contract: { errorReturn: 'null' },
  },
  rure_is_match: {
    prototype: 'bool rure_is_match(rure *re, const uint8_t *haystack, size_t length, size_t start)',
    params: { haystack: searched, start: fromStart },
  },
  rure_find: {
    prototype: 'bool rure_find(rure *re, const uint8_t *haystack, size_t length, size_t start, rure_match *match)',
    // "If a match is found, then its start and end offsets (in bytes) are set on the match pointer given."
    params: { haystack: searched, start: fromStart },
  },
  // "This must be called at most once for any rure."
  rure_free: { prototype: 'void rure_free(rure *re)' },
} satisfies TargetSpec['functions'];

/** The spec minus functions and lifecycle: library, header, the struct rure_find fills. */
export const rureLibrary = {
  library: { crate: './crate' },
  header: './crate/include/rure.h',
  // `typedef struct rure_match { size_t start; size_t end; } rure_match;` (checked against the header by `abi`).
  structs: { rure_match: koffi.struct('rure_match', { start: 'size_t', end: 'size_t' }) },
} as const;

export default defineTarget({
  name: 'rure',
  ...rureLibrary,
  functions: rureFunctions,
  // A compiled regex flows from rure_compile to the searches and to rure_free; a failed compile
  // (NULL) is never searched nor freed: `re` is not nullable.
  lifecycle: { create: 'rure_compile', use: ['rure_is_match', 'rure_find'], release: 'rure_free' },
});
