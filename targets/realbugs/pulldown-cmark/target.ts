import { defineTarget } from '../../../harness/index.js';

// pulldown-cmark 0.11.0 (fixed in 0.11.2): an indented `---` with metadata blocks on loops
// forever, allocating (pulldown-cmark#912): a HANG, found by the per-call timeout. See ../README.md.
export default defineTarget({
  name: 'realbug-pulldown-cmark',
  library: { crate: '.' },
  functions: {
    fuzz_pulldown_cmark: {
      prototype: 'int32_t fuzz_pulldown_cmark(const uint8_t *data, size_t len)',
      // The wrapper reads NULL or a zero length as empty input and answers invalid UTF-8 with -1.
      contract: { survives: ['null', 'zero-length', 'misaligned', 'invalid-utf8'] },
    },
  },
});
