import { defineTarget } from '../../../harness/index.js';

// json 0.11.12 (fixed in 0.11.13): a number of 32 787+ digits overflows the i16 exponent
// (maciejhirsz/json-rust#139): a LONG input, out of libFuzzer's default reach. See ../README.md.
export default defineTarget({
  name: 'realbug-json',
  library: { crate: '.' },
  functions: {
    fuzz_json: {
      prototype: 'int32_t fuzz_json(const uint8_t *data, size_t len)',
      // The wrapper reads NULL or a zero length as empty input and answers invalid UTF-8 with -1.
      contract: { survives: ['null', 'zero-length', 'misaligned', 'invalid-utf8'] },
    },
  },
});
