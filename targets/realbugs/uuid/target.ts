import { defineTarget } from '../../../harness/index.js';

// uuid 0.4.0 (fixed in 0.5.0): `parse_str` of exactly 36 characters with misplaced hyphens
// writes a 17th byte: index out of bounds (uuid-rs/uuid#81). See ../README.md.
export default defineTarget({
  name: 'realbug-uuid',
  library: { crate: '.' },
  functions: {
    fuzz_uuid: {
      prototype: 'int32_t fuzz_uuid(const uint8_t *data, size_t len)',
      // The wrapper reads NULL or a zero length as empty input and answers invalid UTF-8 with -1.
      contract: { survives: ['null', 'zero-length', 'misaligned', 'invalid-utf8'] },
    },
  },
});
