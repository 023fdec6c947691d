import { defineTarget } from '../../harness/index.js';

// A registry kept in a `static mut Vec` without a lock. Any input is fine on one thread; two
// threads inside register_name at once corrupt it and the function aborts the process. Only
// `--mode stress` (many threads released together) finds it.
export default defineTarget({
  name: 'racy-collection',
  library: { crate: '.' },
  functions: {
    register_name: {
      prototype: 'int32_t register_name(const uint8_t *ptr, int32_t len)',
      params: { ptr: { maxLength: 2048 } },
      contract: { survives: ['null', 'zero-length', 'negative-length', 'misaligned', 'invalid-utf8'], errorReturn: 'negative' },
    },
  },
});
