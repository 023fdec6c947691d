import { defineTarget } from '../../harness/index.js';

// A correct, locked, stateful API (issue 11): every result depends on the calls before it, of any
// thread. Nothing here is a bug, so nothing may be reported: the engine learns, on one thread,
// that events_push and events_len return something else for the same input after other calls
// (stateful), and then neither the determinism oracle nor stress mode's differential oracle
// compares their results; crashes, red zones and the error-return contract are still judged.
export default defineTarget({
  name: 'event-buffer',
  library: { crate: '.' },
  functions: {
    events_push: {
      prototype: 'int32_t events_push(const uint8_t *ptr, int32_t len)',
      params: { ptr: { maxLength: 64 } },
      contract: { survives: ['null', 'zero-length', 'negative-length', 'misaligned'], errorReturn: 'negative' },
    },
    events_len: { prototype: 'int32_t events_len(void)' },
  },
});
