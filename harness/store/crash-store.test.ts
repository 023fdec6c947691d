import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readCrashRecord } from './crash-record.js';
import { saveCrash } from './crash-store.js';
import { bucketDir, CRASH_RECORD_FILE } from './paths.js';
import { sampleRecord, tempCorpus } from './test-support/sample-record.js';

/** An fs.writeSync that fails as a full disk does, from the `after`-th write on. */
function diskFullAfter(after: number): void {
  const real = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
  let writes = 0;
  vi.spyOn(fs, 'writeSync').mockImplementation(((...args: unknown[]) => {
    if (++writes > after) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
    return real(...args);
  }) as typeof fs.writeSync);
}

describe('saveCrash on a disk that fills up', () => {
  afterEach(() => vi.restoreAllMocks());

  it('should keep the records already written intact and leave no half-made bucket behind', () => {
    // Arrange: one record saved; then the disk is full.
    const root = tempCorpus();
    const first = path.join(bucketDir(root, 'chunk-parser', 'parse_chunk', 'crashes', 'panic-0123456789ab'), CRASH_RECORD_FILE);
    saveCrash(first, sampleRecord(), () => undefined);
    const second = path.join(bucketDir(root, 'chunk-parser', 'parse_chunk', 'crashes', 'segv-aaaaaaaaaaaa'), CRASH_RECORD_FILE);
    diskFullAfter(0);

    // Act
    const save = () => saveCrash(second, sampleRecord({ id: 'segv-aaaaaaaaaaaa', kind: 'segv' }), () => undefined);

    // Assert
    expect(save).toThrow(expect.objectContaining({ code: 'io', where: second, hint: expect.stringContaining('disk is full') }));
    expect(fs.existsSync(path.dirname(second))).toBe(false);
    vi.restoreAllMocks();
    expect(readCrashRecord(first).id).toBe('panic-0123456789ab');
    expect(fs.readdirSync(path.dirname(first)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('should keep a record whose companion files could not follow it', () => {
    // Arrange: the record's own write succeeds, the input.bin after it does not.
    const root = tempCorpus();
    const file = path.join(bucketDir(root, 'chunk-parser', 'parse_chunk', 'crashes', 'panic-0123456789ab'), CRASH_RECORD_FILE);
    diskFullAfter(1);

    // Act
    const save = () => saveCrash(file, sampleRecord(), () => undefined);

    // Assert
    expect(save).toThrow(expect.objectContaining({ code: 'io' }));
    vi.restoreAllMocks();
    expect(readCrashRecord(file).input).toEqual(sampleRecord().input);
  });
});
