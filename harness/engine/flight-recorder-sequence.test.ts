import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallInput } from '../model/call-input.js';
import { createRecorderFile, RecorderSlot } from './flight-recorder.js';
import { slotSizeFor } from './recorder-layout.js';
import { readRecorder } from './recorder-reader.js';

const create: CallInput = { fn: 'session_new', args: [] };
const push: CallInput = {
  fn: 'session_push',
  args: [
    { kind: 'handle', from: 0 },
    { kind: 'buffer', bytes: Uint8Array.of(1, 2, 3), align: 3 },
    { kind: 'length', of: 1 },
  ],
};
const free = (from: number): CallInput => ({ fn: 'session_free', args: [{ kind: 'handle', from }] });

function begin(slot: RecorderSlot, calls: readonly CallInput[], streamIndex: number): void {
  calls.forEach((call, step) => {
    slot.beginSequence(Buffer.from(call.fn), streamIndex, call.args, step);
    if (step < calls.length - 1) slot.end();
  });
}

describe('flight recorder (call sequences)', () => {
  it('should hold the whole prefix of the call in flight, so a death leaves the full sequence on disk', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-fr-')), 'recorder.bin');
    createRecorderFile(file, 2, slotSizeFor(3, 64) * 8);
    const slot = new RecorderSlot(file, 1);

    begin(slot, [create, push, free(0), free(-1)], 12);
    const [, record] = readRecorder(file);

    expect(record).toMatchObject({
      state: 'in-call',
      calls: 4,
      streamIndex: 12,
      input: free(-1),
      preceding: [create, push, free(0)],
      truncated: false,
    });
  });

  it('should start over at step 0 and read a single call as one without a prefix', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-fr-')), 'recorder.bin');
    createRecorderFile(file, 1, slotSizeFor(3, 64) * 8);
    const slot = new RecorderSlot(file, 0);
    begin(slot, [create, free(0), free(0)], 1);
    slot.end();

    begin(slot, [create, free(0)], 2);
    const second = readRecorder(file)[0];
    slot.end();
    slot.begin(Buffer.from('session_new'), 3, []);
    const single = readRecorder(file)[0];

    expect(second).toMatchObject({ streamIndex: 2, input: free(0), preceding: [create] });
    expect(single).toMatchObject({ streamIndex: 3, input: create, preceding: [] });
  });
});
