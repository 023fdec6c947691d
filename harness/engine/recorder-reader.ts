import fs from 'node:fs';
import type { ArgValue, CallInput } from '../model/call-input.js';
import { ArgTag, RECORDER_MAGIC, SLOT_HEADER, SlotState } from './recorder-layout.js';
import { SLOT_FILE_HEADER } from './slot-file.js';

// The supervisor's side of the flight recorder (flight-recorder.ts writes it): reads every slot
// after the engine child ended, however it ended, and polls the heartbeats while it runs.

const HEADER = SLOT_FILE_HEADER;

/** What the supervisor reads back from one slot. */
export interface SlotRecord {
  readonly slot: number;
  readonly state: 'empty' | 'in-call' | 'returned';
  /** Calls started in this slot so far (the heartbeat). */
  readonly calls: number;
  readonly streamIndex: number;
  /** The last input written (in flight when `state` is 'in-call'). */
  readonly input: CallInput | undefined;
  /** The calls of the same sequence before `input` (empty for a single call). */
  readonly preceding: readonly CallInput[];
  /** True when the input's bytes did not fit the slot and were cut. */
  readonly truncated: boolean;
}

/** Reads every slot from the recorder file (a plain read: the writer may be dead). */
export function readRecorder(file: string): SlotRecord[] {
  const buf = fs.readFileSync(file);
  if (buf.length < HEADER || buf.readUInt32LE(0) !== RECORDER_MAGIC) throw new Error(`${file} is not a flight recorder`);
  const slots = buf.readUInt32LE(8);
  const slotSize = buf.readUInt32LE(12);
  const out: SlotRecord[] = [];
  for (let slot = 0; slot < slots; slot++) {
    const s = buf.subarray(HEADER + slot * slotSize, HEADER + (slot + 1) * slotSize);
    if (s.length < SLOT_HEADER) break;
    const stateCode = s.readUInt32LE(0);
    const calls = s.readUInt32LE(4);
    const state = stateCode === SlotState.InCall ? 'in-call' : stateCode === SlotState.Returned ? 'returned' : 'empty';
    // Never used, or torn: the writer died inside `begin`, before that call reached the target.
    if (calls === 0 || stateCode === SlotState.Empty) {
      out.push({
        slot,
        state: 'empty',
        calls,
        streamIndex: calls === 0 ? 0 : s.readDoubleLE(16),
        input: undefined,
        preceding: [],
        truncated: false,
      });
      continue;
    }
    // Offset 8: how many calls the slot holds (a sequence's prefix, then the call); 0 means one.
    const count = Math.max(1, s.readUInt32LE(8));
    const decoded: CallInput[] = [];
    let truncated = false;
    for (let at = SLOT_HEADER, k = 0; k < count; k++) {
      const call = decodeInput(s, at);
      decoded.push(call.input);
      truncated ||= call.truncated;
      at = call.end;
    }
    out.push({
      slot,
      state,
      calls,
      streamIndex: s.readDoubleLE(16),
      input: decoded[decoded.length - 1],
      preceding: decoded.slice(0, -1),
      truncated,
    });
  }
  return out;
}

/** Reads only the heartbeat of each slot (cheap enough to poll). */
export function readHeartbeats(fd: number, slots: number, slotSize: number, scratch: Buffer): { state: number; calls: number }[] {
  const beats: { state: number; calls: number }[] = [];
  for (let slot = 0; slot < slots; slot++) {
    fs.readSync(fd, scratch, 0, 8, HEADER + slot * slotSize);
    beats.push({ state: scratch.readUInt32LE(0), calls: scratch.readUInt32LE(4) });
  }
  return beats;
}

function decodeInput(s: Buffer, start: number): { input: CallInput; truncated: boolean; end: number } {
  let at = start;
  const nameLength = s.readUInt16LE(at);
  const fn = s.toString('latin1', at + 2, at + 2 + nameLength);
  at += 2 + nameLength;
  const argc = s.readUInt16LE(at);
  at += 2;
  const args: ArgValue[] = [];
  let truncated = false;
  for (let i = 0; i < argc; i++) {
    const tag = s.readUInt8(at);
    switch (tag) {
      case ArgTag.buffer:
      case ArgTag.cstring: {
        const align = s.readUInt8(at + 1);
        const hasDeclared = s.readUInt8(at + 2) === 1;
        truncated ||= s.readUInt8(at + 3) === 1;
        const declared = s.readDoubleLE(at + 4);
        const n = s.readUInt32LE(at + 12);
        const bytes = new Uint8Array(s.subarray(at + 16, at + 16 + n));
        if (tag === ArgTag.cstring) args.push({ kind: 'cstring', bytes, align });
        else args.push(hasDeclared ? { kind: 'buffer', bytes, align, declaredLength: declared } : { kind: 'buffer', bytes, align });
        at += 16 + n;
        break;
      }
      case ArgTag.null:
        args.push({ kind: 'null' });
        at += 1;
        break;
      case ArgTag.length:
      case ArgTag.inout:
        args.push({ kind: tag === ArgTag.length ? 'length' : 'inout', of: s.readUInt16LE(at + 1) });
        at += 3;
        break;
      case ArgTag.int:
        args.push({ kind: 'int', value: s.readUInt8(at + 1) === 1 ? s.readBigInt64LE(at + 2) : s.readBigUInt64LE(at + 2) });
        at += 10;
        break;
      case ArgTag.float:
        args.push({ kind: 'float', value: s.readDoubleLE(at + 1) });
        at += 9;
        break;
      case ArgTag.bool:
        args.push({ kind: 'bool', value: s.readUInt8(at + 1) === 1 });
        at += 2;
        break;
      case ArgTag.output:
      case ArgTag.capacity:
        args.push({ kind: tag === ArgTag.output ? 'output' : 'capacity', size: s.readUInt32LE(at + 1), align: s.readUInt32LE(at + 5) });
        at += 9;
        break;
      case ArgTag.handle:
        args.push({ kind: 'handle', from: s.readInt32LE(at + 1) });
        at += 5;
        break;
      default:
        throw new Error(`flight recorder slot holds an unknown argument tag ${tag}`);
    }
  }
  return { input: { fn, args }, truncated, end: at };
}
