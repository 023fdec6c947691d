import fs from 'node:fs';
import path from 'node:path';
import type { CrashRecord } from './crash-record.js';
import { readCrashRecord } from './crash-record.js';
import { writeFileAtomic } from './atomic-write.js';
import { CRASH_INPUT_FILE, CRASH_RECORD_FILE, CRASH_STDERR_FILE } from './paths.js';

/**
 * Saves a record into its bucket folder: crash.json, the culprit's first buffer as input.bin
 * (for other tools and hex editors) and the stderr tail. A bucket that already exists (an earlier
 * campaign) keeps its first-seen time and adds to its count. Returns the record as stored.
 */
export function saveCrash(recordFile: string, record: CrashRecord, warn: (line: string) => void): CrashRecord {
  let stored = record;
  if (fs.existsSync(recordFile)) {
    try {
      const old = readCrashRecord(recordFile);
      stored = { ...record, firstSeen: old.firstSeen, count: old.count + record.count };
    } catch (error) {
      warn(`replacing an unreadable record ${recordFile}: ${(error as Error).message}`);
    }
  }
  const dir = path.dirname(recordFile);
  const fresh = !fs.existsSync(dir);
  // The record first: it alone holds everything (the companions are copies for other tools). A new
  // bucket whose record cannot be written (a full disk) is not left half made.
  try {
    writeFileAtomic(recordFile, `${JSON.stringify(stored, null, 2)}\n`);
  } catch (error) {
    if (fresh) removeEmptyBucket(dir);
    throw error;
  }
  const buffer = record.input?.args.find((a) => a.kind === 'buffer');
  if (buffer !== undefined && buffer.kind === 'buffer') writeFileAtomic(path.join(dir, CRASH_INPUT_FILE), Buffer.from(buffer.hex, 'hex'));
  if (record.stderrTail !== '') writeFileAtomic(path.join(dir, CRASH_STDERR_FILE), record.stderrTail);
  return stored;
}

/** Removes the folder of a bucket whose record was never written (only when nothing is in it). */
function removeEmptyBucket(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not there, or not empty: leave it
  }
}

/** Writes a bucket's hit count and last-seen time back to its record (once per campaign). */
export function saveCount(recordFile: string, record: CrashRecord): void {
  writeFileAtomic(recordFile, `${JSON.stringify(record, null, 2)}\n`);
}

export { CRASH_RECORD_FILE };
