import { defineTarget } from '../../harness/index.js';

// A table reader whose `count * 16` size check wraps in 32 bits for counts of 2^28 and more:
// random counts pass it once in 2^26 tries; the size-overflow edges written at aligned header
// offsets (coverage mode's header-value mutator, property mode's header edges) find it.
export default defineTarget({
  name: 'record-table',
  library: { crate: '.' },
  functions: {
    table_total: {
      prototype: 'int64_t table_total(const uint8_t *ptr, int32_t len)',
      contract: { survives: ['null', 'zero-length', 'negative-length', 'misaligned'], errorReturn: 'negative' },
    },
  },
});
