/**
 * Test support: the two views of the first postmortem's Job, as plain layouts, so the
 * comparison, diagnosis and rendering can be tested without compiling anything.
 *
 * @internal
 */
import type { StructLayout } from '../../debuginfo/layout.js';

/** `#[repr(C)] struct Job { id: u32, offset: u64, flags: u32 }` as rustc lays it out. */
export const RUST_JOB: StructLayout = Object.freeze({
  name: 'Job',
  size: 24,
  align: 8,
  kind: 'struct',
  language: 'Rust',
  fields: [
    { name: 'id', offset: 0, size: 4, align: 4, type: 'u32' },
    { name: 'offset', offset: 8, size: 8, align: 8, type: 'u64' },
    { name: 'flags', offset: 16, size: 4, align: 4, type: 'u32' },
  ],
});

/** The same struct under `#pragma pack(push, 4)`, as the C caller lays it out. */
export const C_JOB: StructLayout = Object.freeze({
  name: 'Job',
  size: 16,
  align: 4,
  kind: 'struct',
  fields: [
    { name: 'id', offset: 0, size: 4, align: 4, type: 'uint32_t' },
    { name: 'offset', offset: 4, size: 8, align: 8, type: 'uint64_t' },
    { name: 'flags', offset: 12, size: 4, align: 4, type: 'uint32_t' },
  ],
});
