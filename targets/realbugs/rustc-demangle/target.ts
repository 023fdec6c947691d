import { defineTarget } from '../../../harness/index.js';

// rustc-demangle 0.1.5 (fixed in 0.1.6): `i = i * 10 + digit` overflows behind "_ZN" and 20+
// digits (rust-lang/rustc-demangle#9); "ZN1E" also panics on an unwrap in Display. Found by
// cargo-fuzz; the wrapper is the crate's own fuzz target. See ../README.md.
export default defineTarget({
  name: 'realbug-rustc-demangle',
  library: { crate: '.' },
  functions: {
    fuzz_rustc_demangle: {
      prototype: 'int32_t fuzz_rustc_demangle(const uint8_t *data, size_t len)',
      // The wrapper reads NULL or a zero length as empty input and answers invalid UTF-8 with -1.
      contract: { survives: ['null', 'zero-length', 'misaligned', 'invalid-utf8'] },
    },
  },
});
