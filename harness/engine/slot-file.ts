import fs from 'node:fs';

/** Bytes before the first slot of every mapped slot file. */
export const SLOT_FILE_HEADER = 64;

/**
 * Creates (or truncates) a file of `slots` zeroed slots of `slotSize` bytes behind a 64-byte
 * header (magic, version, slots, slot size): the layout the flight recorder and the call
 * statistics map into every engine thread.
 */
export function createSlotFile(file: string, magic: number, version: number, slots: number, slotSize: number): void {
  const header = Buffer.alloc(SLOT_FILE_HEADER);
  header.writeUInt32LE(magic, 0);
  header.writeUInt32LE(version, 4);
  header.writeUInt32LE(slots, 8);
  header.writeUInt32LE(slotSize, 12);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, header);
    fs.ftruncateSync(fd, SLOT_FILE_HEADER + slots * slotSize);
  } finally {
    fs.closeSync(fd);
  }
}
