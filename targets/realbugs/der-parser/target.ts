import { defineTarget } from '../../../harness/index.js';

// der-parser 0.3.0 (fixed in 0.4.0): a BIT STRING of length 0 makes `len - 1` underflow
// (rusticata/der-parser#2): size arithmetic from a binary header. See ../README.md.
export default defineTarget({
  name: 'realbug-der-parser',
  library: { crate: '.' },
  functions: {
    fuzz_der_parser: {
      prototype: 'int32_t fuzz_der_parser(const uint8_t *data, size_t len)',
      // The wrapper reads NULL or a zero length as empty input and answers invalid UTF-8 with -1.
      contract: { survives: ['null', 'zero-length', 'misaligned', 'invalid-utf8'] },
    },
  },
});
