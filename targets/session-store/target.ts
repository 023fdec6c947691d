import { defineTarget } from '../../harness/index.js';

// A stateful API: sessions are created, used and freed through integer handles, and the header
// promises that a freed (stale) handle is rejected with -1 by every function, free included.
// The engine runs call sequences in which handles flow from session_new to later calls,
// biased towards freed ones, and a model of live and freed handles judges every result.

/**
 * Every function reports errors (a stale handle, a null buffer, a negative length) as a negative
 * value, and none is deterministic on its own: results depend on the sessions earlier calls made.
 */
const rejects = { errorReturn: 'negative', deterministic: false } as const;

export default defineTarget({
  name: 'session-store',
  library: { crate: '.' },
  functions: {
    session_new: { prototype: 'uint64_t session_new(void)', contract: { deterministic: false } },
    session_push: {
      prototype: 'int32_t session_push(uint64_t s, const uint8_t *data, int32_t len)',
      params: { data: { maxLength: 64 } },
      contract: { survives: ['null', 'zero-length', 'negative-length', 'misaligned'], ...rejects },
    },
    session_len: { prototype: 'int64_t session_len(uint64_t s)', contract: rejects },
    session_free: { prototype: 'int32_t session_free(uint64_t s)', contract: rejects },
  },
  lifecycle: { create: 'session_new', use: ['session_push', 'session_len'], release: 'session_free', rejectsStale: true },
});
