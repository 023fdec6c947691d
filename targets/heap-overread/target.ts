import { defineTarget } from '../../harness/index.js';

// Over-reads its own heap copy of the input by up to 7 bytes: a plain build returns a slightly
// wrong checksum and never crashes; `--profile asan` turns it into a heap-buffer-overflow report.
export default defineTarget({
  name: 'heap-overread',
  library: { crate: '.' },
  functions: {
    checksum_words: {
      prototype: 'int64_t checksum_words(const uint8_t *ptr, int32_t len)',
      params: { ptr: { maxLength: 256 } },
      contract: { survives: ['null', 'zero-length', 'negative-length', 'misaligned'], errorReturn: 'negative' },
    },
  },
});
