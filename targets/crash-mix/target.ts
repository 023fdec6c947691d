import { defineTarget } from '../../harness/index.js';

// Harness fixture: about every other input crashes (panic, abort, SIGSEGV, SIGKILL from another
// process), chosen by a hash of the input, so each crash reproduces alone in a fresh process.
export default defineTarget({
  name: 'crash-mix',
  library: { crate: '.' },
  functions: {
    crash_half: { prototype: 'int32_t crash_half(const uint8_t *ptr, int32_t len)', params: { ptr: { maxLength: 64 } } },
  },
});
