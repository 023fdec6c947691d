import { defineTarget } from '../../harness/index.js';

// Harness fixture: a slow call (for killing the child mid-call), a hang, a SIGSEGV, and a call that
// hoards memory (for the memory limit).
const bytes = (name: string) => ({ prototype: `int32_t ${name}(const uint8_t *ptr, int32_t len)`, params: { ptr: { maxLength: 512 } } });

export default defineTarget({
  name: 'slow-calls',
  library: { crate: '.' },
  functions: {
    slow_sum: bytes('slow_sum'),
    hang_if_long: bytes('hang_if_long'),
    segv_if_ff: bytes('segv_if_ff'),
    hoard_if_long: bytes('hoard_if_long'),
  },
});
