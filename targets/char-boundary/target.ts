import fc from 'fast-check';
import { defineTarget } from '../../harness/index.js';

// Titles as users type them: mostly ASCII, with accented letters, CJK and emoji mixed in, so a
// multi-byte character often straddles byte 8 and the panic quotes a different text every time.
const titleChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...'abcdefgh XYZ-_.0123') },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ß', 'Օ', 'ж', '中', '文', '€', '🙂', '∑') },
);

/** A UTF-8 encoded title of up to 16 characters. */
export const title: fc.Arbitrary<Uint8Array> = fc
  .array(titleChar, { maxLength: 16 })
  .map((chars) => new TextEncoder().encode(chars.join('')));

export default defineTarget({
  name: 'char-boundary',
  library: { crate: '.' },
  functions: {
    title_prefix: {
      prototype: 'int32_t title_prefix(const uint8_t *ptr, int32_t len)',
      params: { ptr: { content: title, maxLength: 64 } },
      contract: {
        survives: ['null', 'zero-length', 'negative-length', 'misaligned', 'invalid-utf8', 'truncated'],
        errorReturn: 'negative',
      },
    },
  },
});
