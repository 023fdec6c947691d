import { defineTarget } from '../../../harness/index.js';

// quick-xml 0.10.0 (fixed in 0.10.1): `&#NNNNNNNNNN;` (10+ decimal digits) overflows u32 in
// `unescape`, behind byte-string matches on entity names (tafia/quick-xml#101). See ../README.md.
export default defineTarget({
  name: 'realbug-quick-xml',
  library: { crate: '.' },
  functions: {
    fuzz_quick_xml: {
      prototype: 'int32_t fuzz_quick_xml(const uint8_t *data, size_t len)',
      // The wrapper reads NULL or a zero length as empty input and answers invalid UTF-8 with -1.
      contract: { survives: ['null', 'zero-length', 'misaligned', 'invalid-utf8'] },
    },
  },
});
