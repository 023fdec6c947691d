import { defineTarget } from '../../harness/index.js';

// Benchmark fixture: trivial functions whose raw koffi call rate is the ceiling `npm run bench`
// compares every mode with. Nothing here can fail; fuzzing it measures the harness alone.
export default defineTarget({
  name: 'bench-trivial',
  library: { crate: '.' },
  functions: {
    noop: { prototype: 'int32_t noop(int32_t x)' },
    sum64: {
      prototype: 'int32_t sum64(const uint8_t *p, int32_t n)',
      params: { p: { maxLength: 64 } },
      contract: { survives: ['null', 'zero-length', 'negative-length', 'misaligned'], errorReturn: 'negative' },
    },
  },
});
