import koffi from 'koffi';
import { libc, mapMemory, O_CREAT, O_RDWR } from '../ffi/libc.js';
import type { ArgValue } from '../model/call-input.js';
import { ArgTag, RECORDER_MAGIC, RECORDER_VERSION, recorderGeometry, SLOT_HEADER, SlotState } from './recorder-layout.js';
import { createSlotFile, SLOT_FILE_HEADER } from './slot-file.js';

const HEADER = SLOT_FILE_HEADER;

/**
 * The flight recorder: a file mapped with mmap(MAP_SHARED), one slot per worker thread. Before
 * each native call a worker writes the input into its slot (plain memory stores, no syscall);
 * the kernel keeps the pages when the process dies by any signal, so the supervisor reads every
 * in-flight input from the file afterwards. The per-slot call counter doubles as the heartbeat.
 */

/** Creates (or truncates) the recorder file: header plus `slots` zeroed slots. */
export function createRecorderFile(file: string, slots: number, slotSize: number): void {
  createSlotFile(file, RECORDER_MAGIC, RECORDER_VERSION, slots, slotSize);
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
    this.appendToSequence(fnName, streamIndex, args, step);
    this.data.setUint32(4, ++this.seq, true);
    this.data.setUint32(0, SlotState.InCall, true);
  }

  /**
   * Records call `step` of a sequence that is not made (its handle is not live): it joins the
   * prefix, so the calls after it keep their positions, but the slot says returned, not in call.
   */
  skipInSequence(fnName: Uint8Array, streamIndex: number, args: readonly ArgValue[], step: number): void {
    this.appendToSequence(fnName, streamIndex, args, step);
    this.data.setUint32(0, SlotState.Returned, true);
  }

  /** Appends call `step` to the slot's sequence (the slot reads Empty meanwhile: torn if the process dies here). */
  private appendToSequence(fnName: Uint8Array, streamIndex: number, args: readonly ArgValue[], step: number): void {
    const d = this.data;
    d.setUint32(0, SlotState.Empty, true);
    let at = step === 0 ? SLOT_HEADER : this.sequenceEnd;
    // Slots are sized for a whole sequence (engine-setup.ts); should one still not fit, the call
    // in flight matters more than its prefix.
    const size = 4 + fnName.length + args.reduce((n, a) => n + (a.kind === 'buffer' || a.kind === 'cstring' ? 16 + a.bytes.length : 10), 0);
    if (at + size > this.capacity) at = SLOT_HEADER;
    const first = at === SLOT_HEADER;
    at = this.writeCall(at, fnName, args);
    this.sequenceEnd = at;
    this.sequenceCalls = first ? 1 : this.sequenceCalls + 1;
    d.setUint32(8, this.sequenceCalls, true);
    d.setUint32(12, at - SLOT_HEADER, true);
    d.setFloat64(16, streamIndex, true);
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

  /** Empties the slot for a fork server's next runner: no call started, nothing in flight (the calls count from 0 again). */
  reset(): void {
    this.bytes.fill(0, 0, SLOT_HEADER);
    this.seq = 0;
    this.sequenceEnd = SLOT_HEADER;
    this.sequenceCalls = 0;
  }

  /** Marks the call as returned: the input is no longer in flight. */
  end(): void {
    this.data.setUint32(0, SlotState.Returned, true);
  }
}

function writeArg(bytes: Uint8Array, d: DataView, at: number, arg: ArgValue, capacity: number): number {
  switch (arg.kind) {
    case 'buffer':
    case 'cstring': {
      const room = capacity - at - 16;
      const n = Math.min(arg.bytes.length, room);
      const declared = arg.kind === 'buffer' ? arg.declaredLength : undefined;
      d.setUint8(at, arg.kind === 'buffer' ? ArgTag.buffer : ArgTag.cstring);
      d.setUint8(at + 1, arg.align);
      d.setUint8(at + 2, declared === undefined ? 0 : 1);
      d.setUint8(at + 3, n < arg.bytes.length ? 1 : 0);
      d.setFloat64(at + 4, declared ?? 0, true);
      d.setUint32(at + 12, n, true);
      bytes.set(n < arg.bytes.length ? arg.bytes.subarray(0, n) : arg.bytes, at + 16);
      return at + 16 + n;
    }
    case 'null':
      d.setUint8(at, ArgTag.null);
      return at + 1;
    case 'length':
    case 'inout':
      d.setUint8(at, arg.kind === 'length' ? ArgTag.length : ArgTag.inout);
      d.setUint16(at + 1, arg.of, true);
      return at + 3;
    case 'int':
      d.setUint8(at, ArgTag.int);
      d.setUint8(at + 1, arg.value < 0n ? 1 : 0);
      if (arg.value < 0n) d.setBigInt64(at + 2, arg.value, true);
      else d.setBigUint64(at + 2, arg.value, true);
      return at + 10;
    case 'float':
      d.setUint8(at, ArgTag.float);
      d.setFloat64(at + 1, arg.value, true);
      return at + 9;
    case 'bool':
      d.setUint8(at, ArgTag.bool);
      d.setUint8(at + 1, arg.value ? 1 : 0);
      return at + 2;
    case 'output':
    case 'capacity':
      d.setUint8(at, arg.kind === 'output' ? ArgTag.output : ArgTag.capacity);
      d.setUint32(at + 1, arg.size, true);
      d.setUint32(at + 5, arg.align, true);
      return at + 9;
    case 'handle':
      d.setUint8(at, ArgTag.handle);
      d.setInt32(at + 1, arg.from, true);
      return at + 5;
    default: {
      const never: never = arg;
      return never;
    }
  }
}
