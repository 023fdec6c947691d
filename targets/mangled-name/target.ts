import { defineTarget } from '../../harness/index.js';

// A demangler whose bug sits behind `starts_with("_ZN")` and a `match` on the 6-byte component
// "vtable": `--mode coverage` reads both literals from the intercepted `bcmp` calls
// (harness/engine/native/compare-hooks.c) and writes them into its inputs.
export default defineTarget({
  name: 'mangled-name',
  library: { crate: '.' },
  functions: {
    demangled_len: {
      prototype: 'int32_t demangled_len(const uint8_t *ptr, int32_t len)',
      params: { ptr: { maxLength: 256 } },
      contract: { survives: ['null', 'zero-length', 'negative-length', 'misaligned', 'invalid-utf8'], errorReturn: 'negative' },
    },
  },
});
