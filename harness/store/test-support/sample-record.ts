import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CallInputJson } from '../../model/call-input.js';
import { CRASH_RECORD_SCHEMA, type CrashRecord } from '../crash-record.js';
import { bucketDir, CRASH_RECORD_FILE } from '../paths.js';

/** A call input of a `parse_chunk(ptr, len)`-shaped function. */
export function sampleInput(hex = '7b7d', fn = 'parse_chunk'): CallInputJson {
  return {
    fn,
    args: [
      { kind: 'buffer', hex, align: 3 },
      { kind: 'length', of: 0 },
    ],
  };
}

/** A valid crash record; fields overridable per test. */
export function sampleRecord(over: Partial<CrashRecord> = {}): CrashRecord {
  const input = sampleInput();
  return {
    schema: CRASH_RECORD_SCHEMA,
    id: 'panic-0123456789ab',
    kind: 'panic',
    headline: 'panic: boom at chunk-parser/src/lib.rs:1:1',
    signature: 'panic | boom',
    signal: 'SIGABRT',
    signalDescription: 'aborted',
    exitCode: null,
    message: 'boom',
    location: 'chunk-parser/src/lib.rs:1:1',
    abortReason: null,
    frames: [],
    function: 'parse_chunk',
    input,
    culpritWorker: 0,
    preceding: [],
    inflight: [{ worker: 0, streamIndex: 0, input, truncated: false }],
    concurrent: false,
    oracle: null,
    result: null,
    damage: null,
    seed: 7,
    target: {
      name: 'chunk-parser',
      library: '/nonexistent/libchunk_parser.so',
      librarySha256: '0'.repeat(64),
      spec: { name: 'chunk-parser', functions: { parse_chunk: { prototype: 'int32_t parse_chunk(const uint8_t *ptr, int32_t len)' } } },
      specModule: null,
    },
    harness: { version: '0.1.0', node: process.version },
    reproduce: 'ffi-fuzz repro crash.json',
    minimize: 'ffi-fuzz minimize crash.json',
    stderrTail: '',
    durationMs: 1,
    forcefullyTerminated: false,
    firstSeen: '2025-01-01T00:00:00.000Z',
    lastSeen: '2025-01-01T00:00:01.000Z',
    count: 1,
    ...over,
  } as CrashRecord;
}

/** Writes a record into its bucket folder of a corpus; returns the record file. */
export function writeBucket(root: string, record: CrashRecord, stage: 'crashes' | 'regressions' = 'crashes'): string {
  const dir = bucketDir(root, record.target.name, record.function ?? 'unknown', stage, record.id);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, CRASH_RECORD_FILE);
  fs.writeFileSync(file, JSON.stringify(record, null, 2));
  return file;
}

/** A fresh temporary corpus root. */
export function tempCorpus(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-corpus-'));
}
