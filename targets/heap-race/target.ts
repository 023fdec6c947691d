import { defineTarget } from '../../harness/index.js';

// An event log grown with realloc in a `static mut`, without a lock. Any input is fine on one
// thread; threads released together in `--mode stress` realloc and free the same pointer, and the
// process dies in the allocator: glibc's "double free" / "invalid pointer" aborts, or a SIGSEGV
// inside malloc. Triage buckets all of them as one heap corruption while `event_push` ran.
export default defineTarget({
  name: 'heap-race',
  library: { crate: '.' },
  functions: {
    event_push: {
      prototype: 'int32_t event_push(const uint8_t *ptr, int32_t len)',
      params: { ptr: { maxLength: 256 } },
      contract: {
        survives: ['null', 'zero-length', 'negative-length', 'misaligned', 'invalid-utf8', 'truncated'],
        errorReturn: 'negative',
      },
    },
  },
});
