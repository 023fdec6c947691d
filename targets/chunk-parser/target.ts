import fc from 'fast-check';
import { defineTarget } from '../../harness/index.js';

// The second postmortem's binding. Inputs are JSON event chunks whose fields are sometimes
// missing or of the wrong type, because that is what the production feed sent.

const anyJson = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const sometimesWrong = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: anyJson });

/** One event: every field may be missing (optional keys) or wrong-typed. */
export const event = fc.record(
  {
    user_id: sometimesWrong(fc.string({ maxLength: 12 })),
    timestamp: sometimesWrong(fc.nat()),
    event_type: sometimesWrong(fc.constantFrom('click', 'view', 'purchase', 'batch')),
    payload: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ items: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }) })),
  },
  { requiredKeys: ['user_id', 'event_type'] },
);

/** A chunk as the feed sends it: one event or an array of events, JSON-encoded. */
export const eventChunk: fc.Arbitrary<Uint8Array> = fc
  .oneof(event, fc.array(event, { maxLength: 4 }))
  .map((value) => new TextEncoder().encode(JSON.stringify(value)));

export default defineTarget({
  name: 'chunk-parser',
  library: { crate: '.' },
  functions: {
    parse_chunk: {
      prototype: 'int32_t parse_chunk(const uint8_t *ptr, int32_t len)',
      params: { ptr: { content: eventChunk, maxLength: 4096 } },
      contract: {
        survives: ['null', 'zero-length', 'negative-length', 'misaligned', 'invalid-utf8', 'truncated'],
        errorReturn: 'negative',
      },
      lastError: 'get_last_error',
    },
  },
  helpers: { get_last_error: 'const char *get_last_error(void)' },
});
