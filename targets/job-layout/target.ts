import koffi from 'koffi';
import { defineTarget } from '../../harness/index.js';

// The first postmortem: the caller (job.h, `#pragma pack(4)`) allocates 16 bytes for a Job
// that Rust lays out in 24. The spec declares the caller's view, as the C side did.

/** Job as the legacy C caller declares it: 4-byte alignment, 16 bytes. */
export const Job = koffi.struct('Job', {
  id: 'uint32_t',
  offset: [4, 'uint64_t'],
  flags: 'uint32_t',
});

export default defineTarget({
  name: 'job-layout',
  library: { crate: '.' },
  header: 'job.h',
  structs: { Job },
  functions: {
    job_fill: {
      prototype: 'int32_t job_fill(Job *out)',
      contract: { survives: [], errorReturn: 'negative' },
    },
  },
});
