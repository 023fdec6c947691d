import fc from 'fast-check';
import { defineTarget } from '../../../harness/index.js';

// Debian's cJSON (libcjson.so.1, stripped) from its header, /usr/include/cjson/cJSON.h. The header
// makes `cJSON` a struct typedef; the spec never looks into it, so it is an opaque handle type.

const encoder = new TextEncoder();

/** JSON documents, cut short ones, and inputs cJSON must reject (nesting deeper than CJSON_NESTING_LIMIT = 1000). */
export const jsonText = fc.oneof(
  { weight: 4, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.tuple(fc.json({ maxDepth: 4 }), fc.nat()).map(([s, n]) => s.slice(0, n % (s.length + 1))) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('[', '{"a":', '"\\u12', '1e99999', '-', '[1,]', `${'['.repeat(1001)}${']'.repeat(1001)}`, '{"a":1}garbage'),
  },
);

/** "the caller is always responsible to free the results from all variants of cJSON_Parse (with cJSON_Delete)". */
const parsed = { releaser: 'cJSON_Delete' } as const;
/** "NULL ... on failure" for parse and print alike. */
const nullOnError = { errorReturn: 'null' } as const;
/** A printed document: a string the caller frees "with stdlib free, cJSON_Hooks.free_fn, or cJSON_free as appropriate". */
const printed = { cstring: true, releaser: 'cJSON_free' } as const;

export default defineTarget({
  name: 'cjson',
  library: '/usr/lib/x86_64-linux-gnu/libcjson.so.1',
  header: '/usr/include/cjson/cJSON.h',
  functions: {
    cJSON_Parse: {
      prototype: 'cJSON *cJSON_Parse(const char *value)',
      // "Supply a block of JSON": a NUL-terminated string; the header states no encoding, so any bytes.
      params: { value: { cstring: { encoding: 'bytes', content: jsonText, maxLength: 8192 } } },
      // A fresh heap object per call: never compared (a pointer), freed after each single call.
      returns: parsed,
      contract: nullOnError,
    },
    cJSON_ParseWithLength: {
      prototype: 'cJSON *cJSON_ParseWithLength(const char *value, size_t buffer_length)',
      params: { value: { length: 'buffer_length', content: jsonText.map((s) => encoder.encode(s)), maxLength: 8192 } },
      returns: parsed,
      contract: nullOnError,
    },
    cJSON_Print: { prototype: 'char *cJSON_Print(const cJSON *item)', returns: printed, contract: nullOnError },
    cJSON_PrintUnformatted: { prototype: 'char *cJSON_PrintUnformatted(const cJSON *item)', returns: printed, contract: nullOnError },
    // "Delete a cJSON entity and all subentities".
    cJSON_Delete: { prototype: 'void cJSON_Delete(cJSON *item)' },
  },
  helpers: { cJSON_free: 'void cJSON_free(void *object)' },
  // Print takes a tree only a successful parse returns (random bytes as `item`: 332 false segv).
  lifecycle: { create: 'cJSON_Parse', use: ['cJSON_Print', 'cJSON_PrintUnformatted'], release: 'cJSON_Delete' },
});
