import fc from 'fast-check';
import { defineTarget } from '../../harness/index.js';

// A recursive-descent parser of nested lists: the recursion depth is the input's nesting, so a
// few thousand `[` overflow the native stack (koffi's 2 MiB call stack). Inputs are mostly
// well-formed lists, a third of them nested deep enough to matter.

const encode = (text: string) => new TextEncoder().encode(text);

/** `[1,[2,[]]]`-style lists a few levels deep. */
const shallow = fc
  .letrec<{ list: string }>((tie) => ({
    list: fc
      .array(fc.oneof({ weight: 2, arbitrary: fc.nat(999).map(String) }, { weight: 1, arbitrary: tie('list') }), { maxLength: 4 })
      .map((items) => `[${items.join(',')}]`),
  }))
  .list.map(encode);

/** `[[[…]]]` nested `depth` levels, sometimes with an item in the middle or unbalanced. */
const deep = fc
  .tuple(fc.integer({ min: 1, max: 12_000 }), fc.constantFrom('', '7', '[]'), fc.boolean())
  .map(([depth, middle, balanced]) => encode(`${'['.repeat(depth)}${middle}${']'.repeat(balanced ? depth : Math.max(0, depth - 1))}`));

export const nestedList: fc.Arbitrary<Uint8Array> = fc.oneof({ weight: 2, arbitrary: shallow }, { weight: 1, arbitrary: deep });

export default defineTarget({
  name: 'deep-nesting',
  library: { crate: '.' },
  functions: {
    nesting_depth: {
      prototype: 'int32_t nesting_depth(const uint8_t *ptr, int32_t len)',
      params: { ptr: { content: nestedList, maxLength: 24_064 } },
      contract: { survives: ['null', 'zero-length', 'negative-length', 'misaligned', 'truncated'], errorReturn: 'negative' },
    },
  },
});
