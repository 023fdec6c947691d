import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CrashKind } from '../../../model/crash-kind.js';
import { triageDeath, type Death, type Triage } from './classify.js';
import { areSimilar } from './similar.js';

// Golden files: every fixtures/<name>.txt (a real or realistic stderr) runs through
// triageDeath with the death in fixtures/<name>.death.json and must equal
// fixtures/<name>.expected.json. `UPDATE_GOLDEN=1 npx vitest run harness/supervise/triage`
// rewrites the expected files; review the diff before committing it.

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const NAMES = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -'.txt'.length))
  .sort();

function readFixture(file: string): string {
  return readFileSync(`${FIXTURES}${file}`, 'utf8');
}

function deathOf(name: string): Death {
  const death = JSON.parse(readFixture(`${name}.death.json`)) as Omit<Death, 'stderr'>;
  return { ...death, stderr: readFixture(`${name}.txt`) };
}

function triageOf(name: string): Triage {
  return triageDeath(deathOf(name));
}

/** The kind each fixture must get, independent of the golden files (which UPDATE rewrites). */
const EXPECTED_KINDS: Readonly<Record<string, CrashKind>> = {
  'chunk-parser-empty-batch-index': 'panic',
  'chunk-parser-misaligned-fast-path': 'abort',
  'chunk-parser-timestamp-unwrap': 'panic',
  'deep-nesting-stack-guard': 'stack-overflow',
  'job-layout-guard-page-write': 'segv',
  'racy-collection-concurrent-panic': 'panic',
  'job-layout-misaligned-out': 'abort',
  'legacy-rust-1.72-panic': 'panic',
  'node-heap-out-of-memory': 'oom',
  'node-uncaught-exception': 'exit',
  'oom-rss-limit': 'oom',
  'rust-1.85-timestamp-unwrap': 'panic',
  'shapes-allocation-failure': 'abort',
  'shapes-asan-heap-buffer-overflow': 'asan',
  'shapes-caught-panic-then-segv': 'segv',
  'shapes-index-failed-to-initiate-panic': 'panic',
  'shapes-lookup-oob-len3': 'panic',
  'shapes-lookup-oob-len7': 'panic',
  'shapes-null-deref-check': 'abort',
  'shapes-segv-crash-handler-backtrace': 'segv',
  'shapes-stack-overflow': 'stack-overflow',
  'shapes-sum-fields-first-unwrap': 'panic',
  'shapes-sum-fields-no-rust-backtrace': 'panic',
  'shapes-sum-fields-second-unwrap': 'panic',
  'shapes-tsan-data-race': 'race',
  'slow-calls-hang': 'timeout',
  'slow-calls-segv': 'segv',
  'truncated-head-timestamp-unwrap': 'abort',
};

/**
 * Fixtures that must share one bucket; every other pair must not. The two plain SIGSEGVs
 * print no frame, so triage alone cannot tell them apart (the crash record's function can).
 */
const SAME_BUCKET: readonly (readonly string[])[] = [
  ['shapes-lookup-oob-len3', 'shapes-lookup-oob-len7'],
  ['chunk-parser-timestamp-unwrap', 'rust-1.85-timestamp-unwrap'],
  ['slow-calls-segv', 'shapes-caught-panic-then-segv'],
];

describe('golden fixtures', () => {
  it('should list a death file, an expected kind and (unless updating) a golden file for every fixture', () => {
    const files = new Set(readdirSync(FIXTURES));
    for (const name of NAMES) {
      expect(files.has(`${name}.death.json`), name).toBe(true);
      expect(EXPECTED_KINDS[name], name).toBeDefined();
      if (!UPDATE) expect(files.has(`${name}.expected.json`), name).toBe(true);
    }
    expect(Object.keys(EXPECTED_KINDS).sort()).toEqual(NAMES);
  });

  it.each(NAMES)('should triage %s as its golden file says', (name) => {
    const actual = triageOf(name);
    const goldenPath = `${FIXTURES}${name}.expected.json`;
    if (UPDATE) writeFileSync(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual.kind).toBe(EXPECTED_KINDS[name]);
    expect(actual).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
  });
});

describe('signatures across fixtures', () => {
  it('should give one signature to one panic reached by inputs that differ in thread id, addresses and lengths', () => {
    const [a, b] = [triageOf('shapes-lookup-oob-len3'), triageOf('shapes-lookup-oob-len7')];
    expect(a.message).not.toBe(b.message);
    expect(a.id).toBe(b.id);
  });

  it('should give two signatures to two panics in one function with the same message and frames', () => {
    const [first, second] = [triageOf('shapes-sum-fields-first-unwrap'), triageOf('shapes-sum-fields-second-unwrap')];
    expect(first.message).toBe(second.message);
    expect(first.frames.map((frame) => frame.split(' ')[0])).toEqual(second.frames.map((frame) => frame.split(' ')[0]));
    expect(first.id).not.toBe(second.id);
    expect(areSimilar(first, second)).toBe(true);
  });

  it('should give two signatures to the two planted panics of check_event', () => {
    expect(triageOf('chunk-parser-timestamp-unwrap').id).not.toBe(triageOf('chunk-parser-empty-batch-index').id);
  });

  it('should give the same bug the same signature on Rust 1.85 and Rust 1.95 output', () => {
    expect(triageOf('rust-1.85-timestamp-unwrap').signature).toBe(triageOf('chunk-parser-timestamp-unwrap').signature);
  });

  it('should put every other pair of fixtures in different buckets', () => {
    const bucketOf = new Map<string, string>();
    for (const group of SAME_BUCKET) for (const name of group) bucketOf.set(name, group[0]!);
    const seen = new Map<string, string>();
    for (const name of NAMES) {
      const { id } = triageOf(name);
      const owner = seen.get(id);
      if (owner !== undefined) expect(bucketOf.get(name) ?? name, `${name} shares ${id} with ${owner}`).toBe(bucketOf.get(owner) ?? owner);
      else seen.set(id, name);
    }
  });
});
