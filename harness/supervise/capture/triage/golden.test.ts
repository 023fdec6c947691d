import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CrashKind } from '../../../model/crash-kind.js';
import { triageDeath, type Death, type Triage } from './classify.js';
import { isNearDuplicate } from './similar.js';

// Golden files: every fixtures/<name>.txt (a real or realistic stderr) runs through
// triageDeath with the death in fixtures/<name>.death.json and must equal
// fixtures/<name>.expected.json. `UPDATE_GOLDEN=1 npx vitest run harness/supervise/capture/triage`
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
  'char-boundary-quoted-cjk': 'panic',
  'char-boundary-quoted-umlaut': 'panic',
  'chunk-parser-abort-then-segv': 'abort',
  'chunk-parser-empty-batch-index': 'panic',
  'chunk-parser-misaligned-fast-path': 'abort',
  'chunk-parser-timestamp-unwrap': 'panic',
  'deep-nesting-stack-guard': 'stack-overflow',
  'heap-race-glibc-assertion-abort': 'heap-corruption',
  'heap-race-glibc-check-abort': 'heap-corruption',
  'heap-race-segv-in-realloc': 'heap-corruption',
  'heap-race-segv-in-v8': 'heap-corruption',
  'job-layout-guard-page-write': 'segv',
  'racy-collection-concurrent-panic': 'panic',
  'job-layout-misaligned-out': 'abort',
  'legacy-rust-1.72-panic': 'panic',
  'node-heap-out-of-memory': 'oom',
  'node-uncaught-exception': 'exit',
  'oom-rss-limit': 'oom',
  'rure-free-nonnull-precondition': 'abort',
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
  'slow-calls-segv-burst': 'segv',
  'truncated-head-timestamp-unwrap': 'abort',
};

/**
 * Fixtures that must share one bucket; every other pair must not. The two plain SIGSEGVs
 * print no frame, so triage alone cannot tell them apart (the crash record's function can).
 * One char-boundary panic quoting two inputs; one heap race dying three ways; the misaligned
 * fast path's abort whether the process ended by SIGABRT or by a SIGSEGV after the report.
 */
const SAME_BUCKET: readonly (readonly string[])[] = [
  ['shapes-lookup-oob-len3', 'shapes-lookup-oob-len7'],
  ['chunk-parser-timestamp-unwrap', 'rust-1.85-timestamp-unwrap'],
  ['slow-calls-segv', 'shapes-caught-panic-then-segv'],
  ['char-boundary-quoted-umlaut', 'char-boundary-quoted-cjk'],
  ['heap-race-glibc-check-abort', 'heap-race-glibc-assertion-abort', 'heap-race-segv-in-realloc', 'heap-race-segv-in-v8'],
  ['chunk-parser-misaligned-fast-path', 'chunk-parser-abort-then-segv'],
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
    expect(isNearDuplicate(first, second)).toBe(false);
  });

  it('should give two signatures to the two planted panics of check_event', () => {
    expect(triageOf('chunk-parser-timestamp-unwrap').id).not.toBe(triageOf('chunk-parser-empty-batch-index').id);
  });

  it('should give one signature to a panic that quotes different input text', () => {
    const [umlaut, cjk] = [triageOf('char-boundary-quoted-umlaut'), triageOf('char-boundary-quoted-cjk')];
    expect(umlaut.message).not.toBe(cjk.message);
    expect(umlaut.headline).toContain("it is inside 'ü' (bytes 7..9) of `Ärger über Öl`");
    expect(umlaut.id).toBe(cjk.id);
  });

  it('should bucket heap corruption by the functions in flight, not by message, signal or frames', () => {
    const deaths = [
      'heap-race-glibc-check-abort',
      'heap-race-glibc-assertion-abort',
      'heap-race-segv-in-realloc',
      'heap-race-segv-in-v8',
    ].map(triageOf);
    expect(new Set(deaths.map((t) => t.signal))).toEqual(new Set(['SIGABRT', 'SIGSEGV']));
    expect(new Set(deaths.map((t) => t.id)).size).toBe(1);
    expect(deaths[0]!.headline).toBe('heap-corruption: realloc(): invalid next size while `event_push` ran on 8 threads');
  });

  it('should classify a SIGSEGV after a complete Rust abort report from the report', () => {
    const after = triageOf('chunk-parser-abort-then-segv');
    expect(after.signal).toBe('SIGSEGV');
    expect(after.id).toBe(triageOf('chunk-parser-misaligned-fast-path').id);
  });

  it('should locate a UB check reported inside the standard library at the top in-target frame', () => {
    expect(triageOf('rure-free-nonnull-precondition').location).toMatch(/rure\.rs:154:\d+$/);
  });

  it('should bucket a frameless SIGSEGV during a burst by the functions in flight', () => {
    const burst = triageOf('slow-calls-segv-burst');
    expect(burst.signature).toBe('segv |  |  | in flight: segv_if_ff | SIGSEGV');
    expect(burst.headline).toBe('segv: SIGSEGV (segmentation fault) while `segv_if_ff` ran on 4 threads');
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
