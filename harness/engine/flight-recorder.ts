import fs from 'node:fs';
import koffi from 'koffi';
import { libc, mapMemory, O_CREAT, O_RDWR } from '../ffi/libc.js';
import type { ArgValue, CallInput } from '../model/call-input.js';
import { createSlotFile, SLOT_FILE_HEADER } from './slot-file.js';

/**
 * The flight recorder: a file mapped with mmap(MAP_SHARED), one slot per worker thread. Before
 * each native call a worker writes the input into its slot (plain memory stores, no syscall);
 * the kernel keeps the pages when the process dies by any signal, so the supervisor reads every
 * in-flight input from the file afterwards. The per-slot call counter doubles as the heartbeat.
 */

const MAGIC = 0x5246_5a46; // "FZFR"
const VERSION = 1;
const HEADER = SLOT_FILE_HEADER;
const SLOT_HEADER = 32;

/** Slot states. */
export const SlotState = { Empty: 0, InCall: 1, Returned: 2 } as const;

/** Bytes a slot needs to hold one call whose buffers total `maxBytes`. */
export function slotSizeFor(params: number, maxBytes: number, maxNameLength = 256): number {
  const size = SLOT_HEADER + 2 + maxNameLength + params * 24 + maxBytes;
  return Math.ceil(size / 64) * 64;
}

/** Creates (or truncates) the recorder file: header plus `slots` zeroed slots. */
export function createRecorderFile(file: string, slots: number, slotSize: number): void {
  createSlotFile(file, MAGIC, VERSION, slots, slotSize);
}

/** One worker's writable slot. */
export class RecorderSlot {
  private readonly bytes: Uint8Array;
  private readonly data: DataView;
  private readonly capacity: number;
  private seq = 0;
  /** Where the next call of a sequence goes (see beginSequence). */
  private sequenceEnd = SLOT_HEADER;
  private sequenceCalls = 0;

  constructor(
    file: string,
    readonly slot: number,
  ) {
    const c = libc();
    const fd = c.open(file, O_RDWR | O_CREAT, 0o644);
    if (fd < 0) throw new Error(`cannot open the flight recorder ${file} (errno ${koffi.errno()})`);
    try {
      const { slots, slotSize } = recorderGeometry(file);
      if (slot >= slots) throw new Error(`${file} has no slot ${slot}`);
      const mapped = mapMemory(HEADER + slots * slotSize, { fd, what: 'the flight recorder' });
      this.bytes = mapped.bytes.subarray(HEADER + slot * slotSize, HEADER + (slot + 1) * slotSize);
      this.data = new DataView(this.bytes.buffer, this.bytes.byteOffset, slotSize);
      this.capacity = slotSize;
    } finally {
      c.close(fd);
    }
  }

  /** Records the input about to be passed to the target; `streamIndex` lets a restart skip past it. */
  begin(fnName: Uint8Array, streamIndex: number, args: readonly ArgValue[]): void {
    const d = this.data;
    d.setUint32(0, SlotState.Empty, true);
    const at = this.writeCall(SLOT_HEADER, fnName, args);
    d.setUint32(8, 0, true);
    d.setUint32(12, at - SLOT_HEADER, true);
    d.setFloat64(16, streamIndex, true);
    d.setUint32(4, ++this.seq, true);
    d.setUint32(0, SlotState.InCall, true);
  }

  /**
   * Records call `step` of a call sequence (sequence `streamIndex`), after the calls before it:
   * the slot always holds the whole prefix, so a death leaves the full sequence on disk. Step 0
   * starts a new sequence; each later step appends one call (no rewrite of the prefix).
   */
  beginSequence(fnName: Uint8Array, streamIndex: number, args: readonly ArgValue[], step: number): void {
    const d = this.data;
    d.setUint32(0, SlotState.Empty, true);
    let at = step === 0 ? SLOT_HEADER : this.sequenceEnd;
    // Slots are sized for a whole sequence (engine-setup.ts); should one still not fit, the call
    // in flight matters more than its prefix.
    const size = 4 + fnName.length + args.reduce((n, a) => n + (a.kind === 'buffer' ? 16 + a.bytes.length : 10), 0);
    if (at + size > this.capacity) at = SLOT_HEADER;
    const first = at === SLOT_HEADER;
    at = this.writeCall(at, fnName, args);
    this.sequenceEnd = at;
    this.sequenceCalls = first ? 1 : this.sequenceCalls + 1;
    d.setUint32(8, this.sequenceCalls, true);
    d.setUint32(12, at - SLOT_HEADER, true);
    d.setFloat64(16, streamIndex, true);
    d.setUint32(4, ++this.seq, true);
    d.setUint32(0, SlotState.InCall, true);
  }

  /** Writes one call (name, argument count, arguments) at `at`; returns where it ends. */
  private writeCall(at: number, fnName: Uint8Array, args: readonly ArgValue[]): number {
    const d = this.data;
    d.setUint16(at, fnName.length, true);
    this.bytes.set(fnName, at + 2);
    let end = at + 2 + fnName.length;
    d.setUint16(end, args.length, true);
    end += 2;
    for (const arg of args) end = writeArg(this.bytes, d, end, arg, this.capacity);
    return end;
  }

  /** Marks the call as returned: the input is no longer in flight. */
  end(): void {
    this.data.setUint32(0, SlotState.Returned, true);
  }
}

function writeArg(bytes: Uint8Array, d: DataView, at: number, arg: ArgValue, capacity: number): number {
  switch (arg.kind) {
    case 'buffer': {
      const room = capacity - at - 16;
      const n = Math.min(arg.bytes.length, room);
      d.setUint8(at, 1);
      d.setUint8(at + 1, arg.align);
      d.setUint8(at + 2, arg.declaredLength === undefined ? 0 : 1);
      d.setUint8(at + 3, n < arg.bytes.length ? 1 : 0);
      d.setFloat64(at + 4, arg.declaredLength ?? 0, true);
      d.setUint32(at + 12, n, true);
      bytes.set(n < arg.bytes.length ? arg.bytes.subarray(0, n) : arg.bytes, at + 16);
      return at + 16 + n;
    }
    case 'null':
      d.setUint8(at, 2);
      return at + 1;
    case 'length':
      d.setUint8(at, 3);
      d.setUint16(at + 1, arg.of, true);
      return at + 3;
    case 'int':
      d.setUint8(at, 4);
      d.setUint8(at + 1, arg.value < 0n ? 1 : 0);
      if (arg.value < 0n) d.setBigInt64(at + 2, arg.value, true);
      else d.setBigUint64(at + 2, arg.value, true);
      return at + 10;
    case 'float':
      d.setUint8(at, 5);
      d.setFloat64(at + 1, arg.value, true);
      return at + 9;
    case 'bool':
      d.setUint8(at, 6);
      d.setUint8(at + 1, arg.value ? 1 : 0);
      return at + 2;
    case 'output':
      d.setUint8(at, 7);
      d.setUint32(at + 1, arg.size, true);
      d.setUint32(at + 5, arg.align, true);
      return at + 9;
    case 'handle':
      d.setUint8(at, 8);
      d.setInt32(at + 1, arg.from, true);
      return at + 5;
    default: {
      const never: never = arg;
      return never;
    }
  }
}

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
  if (buf.length < HEADER || buf.readUInt32LE(0) !== MAGIC) throw new Error(`${file} is not a flight recorder`);
  const slots = buf.readUInt32LE(8);
  const slotSize = buf.readUInt32LE(12);
  const out: SlotRecord[] = [];
  for (let slot = 0; slot < slots; slot++) {
    const s = buf.subarray(HEADER + slot * slotSize, HEADER + (slot + 1) * slotSize);
    if (s.length < SLOT_HEADER) break;
    const stateCode = s.readUInt32LE(0);
    const calls = s.readUInt32LE(4);
    const state = stateCode === SlotState.InCall ? 'in-call' : stateCode === SlotState.Returned ? 'returned' : 'empty';
    // Empty with calls made: the child died while writing its next input over the last (half old,
    // half new bytes); bytes that do not decode are no input either (a wild write can reach them).
    const decoded = calls === 0 || state === 'empty' ? undefined : decodeSlot(s);
    if (decoded === undefined) out.push({ slot, state: 'empty', calls, streamIndex: 0, input: undefined, preceding: [], truncated: false });
    else out.push({ slot, state, calls, streamIndex: s.readDoubleLE(16), ...decoded });
  }
  return out;
}

// The calls a slot holds: a sequence's prefix, then the call (offset 8 counts them; 0 means one).
function decodeSlot(s: Buffer): Pick<SlotRecord, 'input' | 'preceding' | 'truncated'> | undefined {
  const written: CallInput[] = [];
  let truncated = false;
  try {
    for (let at = SLOT_HEADER, k = 0; k < Math.max(1, s.readUInt32LE(8)); k++) {
      const call = decodeInput(s, at);
      written.push(call.input);
      truncated ||= call.truncated;
      at = call.end;
    }
  } catch {
    return undefined;
  }
  return { input: written.at(-1), preceding: written.slice(0, -1), truncated };
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

/** Slot count and size from the file header. */
export function recorderGeometry(file: string): { slots: number; slotSize: number } {
  const header = Buffer.alloc(HEADER);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, HEADER, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.readUInt32LE(0) !== MAGIC) throw new Error(`${file} is not a flight recorder`);
  return { slots: header.readUInt32LE(8), slotSize: header.readUInt32LE(12) };
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
      case 1: {
        const align = s.readUInt8(at + 1);
        const hasDeclared = s.readUInt8(at + 2) === 1;
        truncated ||= s.readUInt8(at + 3) === 1;
        const declared = s.readDoubleLE(at + 4);
        const n = s.readUInt32LE(at + 12);
        const bytes = new Uint8Array(s.subarray(at + 16, at + 16 + n));
        args.push(hasDeclared ? { kind: 'buffer', bytes, align, declaredLength: declared } : { kind: 'buffer', bytes, align });
        at += 16 + n;
        break;
      }
      case 2:
        args.push({ kind: 'null' });
        at += 1;
        break;
      case 3:
        args.push({ kind: 'length', of: s.readUInt16LE(at + 1) });
        at += 3;
        break;
      case 4:
        args.push({ kind: 'int', value: s.readUInt8(at + 1) === 1 ? s.readBigInt64LE(at + 2) : s.readBigUInt64LE(at + 2) });
        at += 10;
        break;
      case 5:
        args.push({ kind: 'float', value: s.readDoubleLE(at + 1) });
        at += 9;
        break;
      case 6:
        args.push({ kind: 'bool', value: s.readUInt8(at + 1) === 1 });
        at += 2;
        break;
      case 7:
        args.push({ kind: 'output', size: s.readUInt32LE(at + 1), align: s.readUInt32LE(at + 5) });
        at += 9;
        break;
      case 8:
        args.push({ kind: 'handle', from: s.readInt32LE(at + 1) });
        at += 5;
        break;
      default:
        throw new Error(`flight recorder slot holds an unknown argument tag ${tag}`);
    }
  }
  return { input: { fn, args }, truncated, end: at };
}
