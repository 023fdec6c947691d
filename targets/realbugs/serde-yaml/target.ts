import { defineTarget } from '../../../harness/index.js';

// serde_yaml 0.7.1 (fixed in 0.8.4): unbounded recursion on nested collections overflows the
// stack past ~15 000 levels (dtolnay/serde-yaml#49, #90); its yaml-rust 0.3.5 also panics on a
// short double-quoted scalar. `fuzz_serde_yaml_deep` skips inputs with quotes or backslashes, so
// only the recursion is left to find (fuzz realbugs/serde-yaml --only fuzz_serde_yaml_deep).
// See ../README.md.
export default defineTarget({
  name: 'realbug-serde-yaml',
  library: { crate: '.' },
  functions: {
    fuzz_serde_yaml: {
      prototype: 'int32_t fuzz_serde_yaml(const uint8_t *data, size_t len)',
      // The wrapper reads NULL or a zero length as empty input and answers invalid UTF-8 with -1.
      contract: { survives: ['null', 'zero-length', 'misaligned', 'invalid-utf8'] },
    },
    fuzz_serde_yaml_deep: {
      prototype: 'int32_t fuzz_serde_yaml_deep(const uint8_t *data, size_t len)',
      // The wrapper reads NULL or a zero length as empty input and answers invalid UTF-8 with -1.
      contract: { survives: ['null', 'zero-length', 'misaligned', 'invalid-utf8'] },
    },
  },
});
