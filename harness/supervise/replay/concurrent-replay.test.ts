import { describe, expect, it } from 'vitest';
import type { CallInputJson } from '../../model/call-input.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { concurrentReplayWork, concurrentSet, isDifferential } from './concurrent-replay.js';

const call = (hex: string): CallInputJson => ({
  fn: 'parse_chunk',
  args: [
    { kind: 'buffer', hex, align: 0 },
    { kind: 'length', of: 0 },
  ],
});
const record = (over: Partial<CrashRecord>): CrashRecord =>
  ({
    kind: 'race',
    oracle: 'last-error-foreign',
    concurrent: true,
    inflight: [
      { worker: 3, streamIndex: 17, input: call('03'), truncated: false },
      { worker: 0, streamIndex: 9, input: call('02'), truncated: false },
      { worker: 0, streamIndex: 8, input: call('01'), truncated: false },
    ],
    ...over,
  }) as CrashRecord;

describe('concurrentSet', () => {
  it('should give one list per recorded thread, in thread order, each in stream order', () => {
    expect(concurrentSet(record({}))).toEqual([[call('01'), call('02')], [call('03')]]);
  });
});

describe('concurrentReplayWork', () => {
  it('should replay a stress race differentially on as many threads as were recorded', () => {
    const { threads, work } = concurrentReplayWork(record({}), 10);
    expect(threads).toBe(2);
    expect(work).toMatchObject({ kind: 'replay', concurrent: true, rounds: 10, differential: true });
  });

  it('should replay a concurrent crash without the differential oracle', () => {
    expect(isDifferential(record({ kind: 'panic', oracle: null }))).toBe(false);
  });
});
