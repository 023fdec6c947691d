import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallInput } from '../model/call-input.js';
import { createRecorderFile, RecorderSlot } from './flight-recorder.js';
import { SLOT_HEADER, SlotState, slotSizeFor } from './recorder-layout.js';
import { SLOT_FILE_HEADER } from './slot-file.js';
import { readRecorder } from './recorder-reader.js';

describe('flight recorder', () => {
  it('should read back, from the file, the input each slot holds and whether it is still in flight', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-fr-')), 'recorder.bin');
    createRecorderFile(file, 3, slotSizeFor(6, 256));
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
      args: [
        { kind: 'output', size: 16, align: 4 },
        { kind: 'null' },
        { kind: 'int', value: 2n ** 64n - 1n },
        { kind: 'cstring', bytes: Uint8Array.of(0x61, 0xc3, 0xbc), align: 7 },
        { kind: 'capacity', size: 300, align: 2 },
        { kind: 'inout', of: 4 },
      ],
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

  it('should report a slot torn by a death inside begin as empty, without decoding it', () => {
    // Arrange: one returned call, then a longer one whose write stopped half-way (state Empty, as begin leaves it).
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-fr-')), 'recorder.bin');
    createRecorderFile(file, 1, slotSizeFor(2, 256));
    const slot = new RecorderSlot(file, 0);
    slot.begin(Buffer.from('parse'), 3, [
      { kind: 'buffer', bytes: Buffer.from('{"user":1}'), align: 0 },
      { kind: 'length', of: 0 },
    ]);
    slot.end();
    const bytes = fs.readFileSync(file);
    const at = SLOT_FILE_HEADER + SLOT_HEADER;
    bytes.writeUInt32LE(SlotState.Empty, SLOT_FILE_HEADER);
    // The new buffer's length is written, its bytes and the next argument's tag are not: the old bytes show through.
    bytes.writeUInt32LE(3, at + 2 + 5 + 2 + 12);
    fs.writeFileSync(file, bytes);

    // Act
    const [read] = readRecorder(file);

    // Assert
    expect(read).toMatchObject({ state: 'empty', calls: 1, streamIndex: 3, input: undefined, preceding: [] });
  });
});
