import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallInput } from '../model/call-input.js';
import { createRecorderFile, readRecorder, RecorderSlot, slotSizeFor } from './flight-recorder.js';

describe('flight recorder', () => {
  it('should read back, from the file, the input each slot holds and whether it is still in flight', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-fr-')), 'recorder.bin');
    createRecorderFile(file, 3, slotSizeFor(3, 256));
    const inFlight: CallInput = {
      fn: 'parse',
      args: [
        { kind: 'buffer', bytes: Uint8Array.of(0x7b, 0x7d, 0xff), align: 5, declaredLength: -2 },
        { kind: 'length', of: 0 },
        { kind: 'int', value: -9n },
      ],
    };
    const returned: CallInput = {
      fn: 'fill',
      args: [{ kind: 'output', size: 16, align: 4 }, { kind: 'null' }, { kind: 'int', value: 2n ** 64n - 1n }],
    };
    const a = new RecorderSlot(file, 0);
    const b = new RecorderSlot(file, 2);
    a.begin(Buffer.from('parse'), 41, inFlight.args);
    b.begin(Buffer.from('fill'), 7, returned.args);
    b.end();

    const slots = readRecorder(file);

    expect(slots.map((s) => s.state)).toEqual(['in-call', 'empty', 'returned']);
    expect(slots[0]).toMatchObject({ calls: 1, streamIndex: 41, input: inFlight, truncated: false });
    expect(slots[2]).toMatchObject({ calls: 1, streamIndex: 7, input: returned });
  });

  it('should read a slot the child died writing as holding no input, not throw', () => {
    // Arrange: a returned call, then the next begin() cut short (state cleared, bytes garbage)
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-fr-')), 'recorder.bin');
    createRecorderFile(file, 2, slotSizeFor(2, 64));
    const slot = new RecorderSlot(file, 1);
    slot.begin(Buffer.from('push'), 3, [{ kind: 'null' }]);
    slot.end();
    const bytes = fs.readFileSync(file);
    const at = bytes.length - slotSizeFor(2, 64);
    bytes.writeUInt32LE(0, at);
    bytes.fill(0xb8, at + 32);
    fs.writeFileSync(file, bytes);
    // Act
    const slots = readRecorder(file);
    // Assert
    expect(slots[1]).toMatchObject({ state: 'empty', calls: 1, input: undefined });
  });
});
