import { defineTarget } from '../../harness/index.js';

// A flow-collection parser (`[a, {k: v}]`) with no depth limit and small frames: the stack
// overflows only past ~10 000 levels of nesting, an input longer than 8 KiB. Random bytes are the
// default content; coverage mode reaches the depth by nesting its inputs (repeat-mutators.ts).
export default defineTarget({
  name: 'flow-nesting',
  library: { crate: '.' },
  functions: {
    flow_count: {
      prototype: 'int32_t flow_count(const uint8_t *ptr, int32_t len)',
      contract: { survives: ['null', 'zero-length', 'negative-length', 'misaligned'], errorReturn: 'negative' },
    },
  },
});
