import fs from 'node:fs';
import koffi from 'koffi';
import { libc, mapMemory, O_RDWR } from '../../ffi/libc.js';

/**
 * Which corpus entry a coverage child is mutating, kept in a small mmap(MAP_SHARED) file like the
 * flight recorder: written with plain stores at the start of each round, readable by the
 * supervisor after the child died. A parent whose mutants crash is then picked rarely by the next
 * child, so a shallow bug does not turn the campaign into a loop of restarts.
 */

const MAGIC = 0x4d52_5a46; // "FZRM"
const SIZE = 64;
const HASH_AT = 8;
const HASH_BYTES = 20;

/** Creates the (zeroed) marker file the child maps. */
export function createRoundMarker(file: string): void {
  const bytes = Buffer.alloc(SIZE);
  bytes.writeUInt32LE(MAGIC, 0);
  fs.writeFileSync(file, bytes);
}

/** The child's side: maps the file once, then `mark` costs a 20-byte copy. */
export class RoundMarker {
  private readonly bytes: Uint8Array;

  constructor(file: string) {
    const fd = libc().open(file, O_RDWR, 0o644);
    if (fd < 0) throw new Error(`cannot open the round marker ${file} (errno ${koffi.errno()})`);
    try {
      this.bytes = mapMemory(SIZE, { fd, what: 'the round marker' }).bytes;
    } finally {
      libc().close(fd);
    }
  }

  /** Records the parent of the round about to run (its raw sha1). */
  mark(hash: Uint8Array): void {
    this.bytes.set(hash.subarray(0, HASH_BYTES), HASH_AT);
    this.bytes[4] = 1;
  }
}

/** The parent the child was mutating when it died (hex sha1), or null when it had not started a round. */
export function readRoundMarker(file: string): string | null {
  try {
    const bytes = fs.readFileSync(file);
    if (bytes.length < SIZE || bytes.readUInt32LE(0) !== MAGIC || bytes[4] !== 1) return null;
    return bytes.subarray(HASH_AT, HASH_AT + HASH_BYTES).toString('hex');
  } catch {
    return null;
  }
}
