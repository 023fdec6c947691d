import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBuckets, promoteCrash, type CorpusProblem } from './corpus-store.js';
import { bucketDir, CRASH_INPUT_FILE, MINIMIZED_RECORD_FILE, queueEntryFile } from './paths.js';
import { addQueueEntry, contentHash, listEntries } from './queue-store.js';
import { sampleInput, sampleRecord, tempCorpus, writeBucket } from './test-support/sample-record.js';

describe('listBuckets', () => {
  it('should skip and report a corrupt record instead of failing the whole corpus', () => {
    const root = tempCorpus();
    writeBucket(root, sampleRecord());
    const bad = writeBucket(root, sampleRecord({ id: 'abort-aaaaaaaaaaaa' }));
    fs.writeFileSync(bad, '{"schema": "ffi-fuzz/crash-record@1", "id": "abort-aaa'); // cut short, as a crash mid-write would leave a non-atomic file
    const problems: CorpusProblem[] = [];
    const found = listBuckets(root, ['crashes'], problems);
    expect(found.map((b) => b.id)).toEqual(['panic-0123456789ab']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe(bad);
    expect(problems[0]!.message).toMatch(/not valid JSON/);
  });

  it('should report a record filed under another id, and folders with unsafe names', () => {
    const root = tempCorpus();
    const file = writeBucket(root, sampleRecord());
    fs.renameSync(path.dirname(file), path.join(path.dirname(path.dirname(file)), 'panic-ffffffffffff'));
    fs.mkdirSync(path.join(root, 'chunk-parser', 'parse_chunk', 'crashes', 'a b'), { recursive: true });
    const problems: CorpusProblem[] = [];
    expect(listBuckets(root, ['crashes'], problems)).toEqual([]);
    const messages = problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/does not match its folder/);
    expect(messages).toMatch(/'a b' cannot be used as a file name/);
  });

  it('should read minimized.json beside a record', () => {
    const root = tempCorpus();
    const file = writeBucket(root, sampleRecord());
    fs.writeFileSync(path.join(path.dirname(file), MINIMIZED_RECORD_FILE), JSON.stringify(sampleRecord({ input: sampleInput('00') })));
    const [bucket] = listBuckets(root, ['crashes'], []);
    expect(bucket!.minimized?.input?.args[0]).toMatchObject({ hex: '00' });
  });
});

describe('promoteCrash', () => {
  it('should move the whole bucket into regressions/ and keep the record', () => {
    const root = tempCorpus();
    const file = writeBucket(root, sampleRecord());
    fs.writeFileSync(path.join(path.dirname(file), CRASH_INPUT_FILE), 'raw');
    const { to } = promoteCrash(file);
    expect(to).toBe(bucketDir(root, 'chunk-parser', 'parse_chunk', 'regressions', 'panic-0123456789ab'));
    expect(fs.existsSync(path.dirname(file))).toBe(false);
    expect(fs.readFileSync(path.join(to, CRASH_INPUT_FILE), 'utf8')).toBe('raw');
    expect(listBuckets(root, ['regressions'], [])[0]!.record).toEqual(sampleRecord());
  });

  it('should replace an older regression of the same id', () => {
    const root = tempCorpus();
    writeBucket(root, sampleRecord({ count: 1 }), 'regressions');
    const file = writeBucket(root, sampleRecord({ count: 9 }));
    promoteCrash(file);
    expect(listBuckets(root, ['regressions'], [])[0]!.record.count).toBe(9);
  });

  it('should refuse a file outside a crashes/ bucket folder', () => {
    const root = tempCorpus();
    const file = path.join(root, 'crash.json');
    fs.writeFileSync(file, JSON.stringify(sampleRecord()));
    expect(() => promoteCrash(file)).toThrow(/not inside a corpus bucket folder/);
  });
});

describe('queue entries', () => {
  it('should be content-addressed: the same input is stored once whatever its key order or hex case', () => {
    const root = tempCorpus();
    const first = addQueueEntry(root, 'chunk-parser', sampleInput('abcd'), 'test');
    const reordered = {
      args: [
        { align: 3, hex: 'ABCD', kind: 'buffer' as const },
        { of: 0, kind: 'length' as const },
      ],
      fn: 'parse_chunk',
    };
    const second = addQueueEntry(root, 'chunk-parser', reordered, 'test');
    expect(first.added).toBe(true);
    expect(second).toEqual({ file: first.file, added: false });
    expect(first.file).toBe(queueEntryFile(root, 'chunk-parser', 'parse_chunk', contentHash(sampleInput('abcd'))));
  });

  it('should skip and report an unreadable entry', () => {
    const root = tempCorpus();
    addQueueEntry(root, 'chunk-parser', sampleInput('01'), 'test');
    const dir = path.dirname(queueEntryFile(root, 'chunk-parser', 'parse_chunk', '0'.repeat(40)));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{');
    const problems: CorpusProblem[] = [];
    expect(listEntries(root, 'chunk-parser', 'parse_chunk', 'queue', problems)).toHaveLength(1);
    expect(problems).toHaveLength(1);
  });
});
