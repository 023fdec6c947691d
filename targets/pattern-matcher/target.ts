import fc from 'fast-check';
import { defineTarget } from '../../harness/index.js';

// A compile / match / free API like rure's: pattern_compile fails with NULL on an invalid pattern
// (about a third of the generated ones: unbalanced parentheses, invalid UTF-8), and pattern_match and
// pattern_free must only ever receive a live pattern. The API promises nothing about NULL or freed
// handles (no rejectsStale), so the engine decides at run time: a call whose pattern failed to
// compile, or was freed, is skipped (and counted), never made.

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Patterns: mostly valid literals, some with unbalanced parentheses or empty, some invalid UTF-8. */
const pattern = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-c]{1,4}$/).map(utf8) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-c()]{0,6}$/).map(utf8) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 6 }) },
);

export default defineTarget({
  name: 'pattern-matcher',
  library: { crate: '.' },
  functions: {
    pattern_compile: {
      prototype: 'void *pattern_compile(const uint8_t *pattern, size_t len)',
      params: { pattern: { content: pattern, maxLength: 16 } },
      contract: { errorReturn: 'null', deterministic: false },
    },
    pattern_match: {
      prototype: 'bool pattern_match(void *p, const uint8_t *haystack, size_t len)',
      params: { haystack: { content: fc.stringMatching(/^[a-c]{0,12}$/).map(utf8), maxLength: 16 } },
    },
    pattern_free: { prototype: 'void pattern_free(void *p)' },
  },
  lifecycle: { create: 'pattern_compile', use: ['pattern_match'], release: 'pattern_free' },
});
