import { defineTarget } from '../../harness/index.js';

// A packet parser whose bug (it trusts the record count) sits behind a 4-byte magic and a 2-byte
// checksum of the rest: `--mode coverage` on a coverage build finds it in a few thousand runs by
// copying the compared magic and checksum into the input; `--mode property` does not.
export default defineTarget({
  name: 'magic-header',
  library: { crate: '.' },
  functions: {
    parse_packet: {
      prototype: 'int32_t parse_packet(const uint8_t *ptr, int32_t len)',
      params: { ptr: { maxLength: 256 } },
      contract: { survives: ['null', 'zero-length', 'negative-length', 'misaligned'], errorReturn: 'negative' },
    },
  },
});
