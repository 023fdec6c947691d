import fs from 'node:fs';
import { SLOT_FILE_HEADER } from './slot-file.js';

// The flight recorder's file layout, shared by its writer (flight-recorder.ts, in the engine) and
// its reader (recorder-reader.ts, in the supervisor).

/** The file's magic number ("FZFR") and layout version (recorder-reader.ts checks them). */
export const RECORDER_MAGIC = 0x5246_5a46;
/** Layout version in the file header. */
export const RECORDER_VERSION = 1;
/**
 * A slot starts with 32 header bytes: state (u32 at 0), calls started (u32 at 4, the heartbeat),
 * calls held (u32 at 8: a sequence's prefix and its call; 0 means one), bytes held (u32 at 12),
 * stream index (f64 at 16). The calls follow, each: name length (u16), name, argument count (u16),
 * then each argument as a tag byte and its fields.
 */
export const SLOT_HEADER = 32;

/**
 * Slot states. A slot is Empty while `begin` rewrites it: a process that dies then leaves a torn
 * slot whose call never started (the reader does not decode it).
 */
export const SlotState = { Empty: 0, InCall: 1, Returned: 2 } as const;

/** The tag byte of each argument kind in a slot. */
export const ArgTag = {
  buffer: 1,
  null: 2,
  length: 3,
  int: 4,
  float: 5,
  bool: 6,
  output: 7,
  handle: 8,
  cstring: 9,
  capacity: 10,
  inout: 11,
} as const;

/** Bytes a slot needs to hold one call whose buffers total `maxBytes`. */
export function slotSizeFor(params: number, maxBytes: number, maxNameLength = 256): number {
  const size = SLOT_HEADER + 2 + maxNameLength + params * 24 + maxBytes;
  return Math.ceil(size / 64) * 64;
}

/** Slot count and size from the file header. */
export function recorderGeometry(file: string): { slots: number; slotSize: number } {
  const header = Buffer.alloc(SLOT_FILE_HEADER);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, SLOT_FILE_HEADER, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.readUInt32LE(0) !== RECORDER_MAGIC) throw new Error(`${file} is not a flight recorder`);
  return { slots: header.readUInt32LE(8), slotSize: header.readUInt32LE(12) };
}
