import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeCorpora, type QueueSelector } from './corpus-merge.js';
import { listBuckets } from './corpus-store.js';
import { MINIMIZED_RECORD_FILE, stageDir } from './paths.js';
import { addQueueEntry, listEntries } from './queue-store.js';
import { sampleInput, sampleRecord, tempCorpus, writeBucket } from './test-support/sample-record.js';

describe('mergeCorpora', () => {
  it('should deduplicate queue entries by content and buckets by id, summing counts', () => {
    const [a, b, out] = [tempCorpus(), tempCorpus(), tempCorpus()];
    addQueueEntry(a, 'chunk-parser', sampleInput('01'), 'shard 1');
    addQueueEntry(b, 'chunk-parser', sampleInput('01'), 'shard 2');
    addQueueEntry(b, 'chunk-parser', sampleInput('02'), 'shard 2');
    writeBucket(a, sampleRecord({ count: 3, firstSeen: '2025-01-02T00:00:00.000Z', headline: 'from a' }));
    writeBucket(
      b,
      sampleRecord({ count: 4, firstSeen: '2025-01-01T00:00:00.000Z', lastSeen: '2025-01-03T00:00:00.000Z', headline: 'from b' }),
    );
    writeBucket(b, sampleRecord({ id: 'abort-bbbbbbbbbbbb', kind: 'abort' }), 'regressions');

    const report = mergeCorpora([a, b], out);

    expect(report.problems).toEqual([]);
    expect(report.queue).toEqual({ added: 2, duplicates: 1, removed: 0 });
    expect(report.buckets).toEqual({ added: 2, merged: 1 });
    const [crash] = listBuckets(out, ['crashes'], []);
    expect(crash!.record).toMatchObject({
      headline: 'from a',
      count: 7,
      firstSeen: '2025-01-01T00:00:00.000Z',
      lastSeen: '2025-01-03T00:00:00.000Z',
    });
    expect(listBuckets(out, ['regressions'], []).map((r) => r.id)).toEqual(['abort-bbbbbbbbbbbb']);
    expect(listEntries(out, 'chunk-parser', 'parse_chunk', 'queue', [])).toHaveLength(2);
  });

  it('should bring a minimized input from a later shard when the kept bucket has none', () => {
    const [a, b, out] = [tempCorpus(), tempCorpus(), tempCorpus()];
    writeBucket(a, sampleRecord());
    const file = writeBucket(b, sampleRecord());
    fs.writeFileSync(path.join(path.dirname(file), MINIMIZED_RECORD_FILE), JSON.stringify(sampleRecord({ input: sampleInput('') })));
    mergeCorpora([a, b], out);
    expect(listBuckets(out, ['crashes'], [])[0]!.minimized).not.toBeNull();
  });

  it('should skip corrupt files and names that would escape their folder, and report them', () => {
    const [a, out] = [tempCorpus(), tempCorpus()];
    writeBucket(a, sampleRecord());
    fs.writeFileSync(listBuckets(a, ['crashes'], [])[0]!.file, 'not json');
    fs.mkdirSync(path.join(a, 'chunk-parser', 'parse_chunk', 'crashes', '..evil'), { recursive: true });
    fs.mkdirSync(path.join(a, 'x y'), { recursive: true });
    const seeds = stageDir(a, 'chunk-parser', 'parse_chunk', 'seeds');
    fs.mkdirSync(seeds, { recursive: true });
    fs.writeFileSync(path.join(seeds, 'ok.bin'), 'seed');
    const report = mergeCorpora([a], out);
    expect(report.buckets.added).toBe(0);
    const messages = report.problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/not valid JSON/);
    expect(messages).toMatch(/'x y' cannot be used as a file name/);
    expect(report.seeds.added).toBe(1);
    expect(fs.readdirSync(out).sort()).toEqual(['chunk-parser']);
  });

  it('should skip the output corpus when it is also a source, so counts are not doubled', () => {
    const [a, out] = [tempCorpus(), tempCorpus()];
    writeBucket(out, sampleRecord({ count: 2 }));
    writeBucket(a, sampleRecord({ count: 1 }));
    mergeCorpora([a, out], out);
    expect(listBuckets(out, ['crashes'], [])[0]!.record.count).toBe(3);
  });

  it('should let a queue selector (the coverage-minimal hook) decide what the merged queue keeps', () => {
    const [a, out] = [tempCorpus(), tempCorpus()];
    addQueueEntry(out, 'chunk-parser', sampleInput('aa'), 'old');
    addQueueEntry(a, 'chunk-parser', sampleInput('bb'), 'new');
    addQueueEntry(a, 'chunk-parser', sampleInput('cc'), 'new');
    const onlyShortestHex: QueueSelector = (_t, _f, candidates) =>
      candidates.filter((c) => c.entry.input.args[0]!.kind === 'buffer' && (c.entry.input.args[0] as { hex: string }).hex === 'bb');
    const report = mergeCorpora([a], out, { selectQueue: onlyShortestHex });
    expect(report.queue).toEqual({ added: 1, duplicates: 0, removed: 1 });
    expect(listEntries(out, 'chunk-parser', 'parse_chunk', 'queue', []).map((e) => e.entry.source)).toEqual(['new']);
  });
});
