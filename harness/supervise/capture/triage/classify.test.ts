import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signalDescription, triageDeath, type Death } from './classify.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const stderrOf = (name: string): string => readFileSync(`${FIXTURES}${name}.txt`, 'utf8');
const death = (overrides: Partial<Death>): Death => ({
  signal: null,
  exitCode: null,
  stderr: '',
  timedOut: false,
  oom: false,
  ...overrides,
});

describe('triageDeath priority', () => {
  it('should call a timeout a timeout even when a panic was printed', () => {
    const triage = triageDeath(death({ signal: 'SIGKILL', timedOut: true, stderr: stderrOf('chunk-parser-timestamp-unwrap') }));
    expect(triage.kind).toBe('timeout');
    expect(triage.headline).toBe('timeout: no response before the deadline; killed by SIGKILL (killed)');
  });

  it('should put oom before a sanitizer report', () => {
    expect(triageDeath(death({ signal: 'SIGKILL', oom: true, stderr: stderrOf('shapes-asan-heap-buffer-overflow') })).kind).toBe('oom');
  });

  it('should put a sanitizer report before a Rust panic', () => {
    const stderr = `${stderrOf('shapes-tsan-data-race')}\n${stderrOf('chunk-parser-timestamp-unwrap')}`;
    expect(triageDeath(death({ signal: 'SIGABRT', stderr })).kind).toBe('race');
  });

  it('should put a stack overflow before a panic', () => {
    const stderr = `${stderrOf('chunk-parser-timestamp-unwrap')}\n${stderrOf('shapes-stack-overflow')}`;
    expect(triageDeath(death({ signal: 'SIGABRT', stderr })).kind).toBe('stack-overflow');
  });

  it('should call a UB check an abort and an ordinary panic a panic, though both end in SIGABRT', () => {
    expect(triageDeath(death({ signal: 'SIGABRT', stderr: stderrOf('chunk-parser-misaligned-fast-path') })).kind).toBe('abort');
    expect(triageDeath(death({ signal: 'SIGABRT', stderr: stderrOf('chunk-parser-empty-batch-index') })).kind).toBe('panic');
  });

  it('should take the user panic, not the runtime\'s "cannot unwind" panic after it', () => {
    const triage = triageDeath(death({ signal: 'SIGABRT', stderr: stderrOf('chunk-parser-timestamp-unwrap') }));
    expect(triage.message).toBe('called `Option::unwrap()` on a `None` value');
    expect(triage.location).toBe('chunk-parser/src/lib.rs:296:50');
    expect(triage.abortReason).toBe('panic in a function that cannot unwind');
    expect(triage.headline).toBe('panic: called `Option::unwrap()` on a `None` value at chunk-parser/src/lib.rs:296:50');
  });

  it('should not blame a panic that was caught when the process died of SIGSEGV later', () => {
    const triage = triageDeath(death({ signal: 'SIGSEGV', stderr: stderrOf('shapes-caught-panic-then-segv') }));
    expect(triage).toMatchObject({
      kind: 'segv',
      message: null,
      location: null,
      abortReason: null,
      headline: 'segv: SIGSEGV (segmentation fault)',
    });
  });

  it('should take a SIGBUS after a complete Rust abort report as the abort the runtime raised', () => {
    const stderr = stderrOf('chunk-parser-misaligned-fast-path');
    const after = triageDeath(death({ signal: 'SIGBUS', stderr }));
    expect(after).toMatchObject({ kind: 'abort', signal: 'SIGBUS', abortReason: 'unsafe precondition violated' });
    expect(after.id).toBe(triageDeath(death({ signal: 'SIGABRT', stderr })).id);
  });

  it('should bucket a headless report ending in a SIGSEGV after "aborting." with its SIGABRT twin', () => {
    const stderr = stderrOf('truncated-head-timestamp-unwrap');
    const [segv, abort] = ['SIGSEGV', 'SIGABRT'].map((signal) => triageDeath(death({ signal, stderr })));
    expect(segv!.kind).toBe('abort');
    expect(segv!.id).toBe(abort!.id);
  });

  it('should bucket two hangs in two functions apart, by the function in flight', () => {
    const [a, b] = ['slow_sum', 'hang_if_long'].map((fn) => triageDeath(death({ signal: 'SIGTERM', timedOut: true, inflight: [fn] })));
    expect(a!.signature).toBe('timeout |  |  | in flight: slow_sum | ');
    expect(a!.headline).toBe('timeout: no response before the deadline; killed by SIGTERM (terminated) while `slow_sum` ran');
    expect(a!.id).not.toBe(b!.id);
  });

  it('should bucket a located crash by its location and frames, not by what else was in flight', () => {
    const stderr = stderrOf('chunk-parser-empty-batch-index');
    const alone = triageDeath(death({ signal: 'SIGABRT', stderr, inflight: ['parse_chunk'] }));
    const burst = triageDeath(death({ signal: 'SIGABRT', stderr, inflight: ['parse_chunk', 'get_last_error', 'parse_chunk'] }));
    expect(burst.id).toBe(alone.id);
    expect(burst.signature).not.toContain('in flight');
  });

  it.each([
    ['SIGSEGV', 'segv'],
    ['SIGBUS', 'bus'],
    ['SIGFPE', 'fpe'],
    ['SIGILL', 'ill'],
    ['SIGABRT', 'abort'],
  ])('should map a bare %s to kind %s', (signal, kind) => {
    expect(triageDeath(death({ signal })).kind).toBe(kind);
  });

  it('should accept signal names in any case and without the SIG prefix', () => {
    expect(triageDeath(death({ signal: 'segv' }))).toMatchObject({
      kind: 'segv',
      signal: 'SIGSEGV',
      signalDescription: 'segmentation fault',
    });
  });

  it("should call a kill nobody asked for 'exit' and name the signal", () => {
    expect(triageDeath(death({ signal: 'SIGKILL' }))).toMatchObject({ kind: 'exit', headline: 'exit: killed by SIGKILL (killed)' });
  });

  it("should call a non-zero exit 'exit' and separate exit codes in the signature", () => {
    const two = triageDeath(death({ exitCode: 2 }));
    expect(two.headline).toBe('exit: exit code 2');
    expect(two.id).not.toBe(triageDeath(death({ exitCode: 3 })).id);
  });

  it('should still say something when neither signal nor exit code is known', () => {
    expect(triageDeath(death({})).headline).toBe('exit: unknown exit status');
  });
});

describe('triageDeath frames and location', () => {
  it('should list target frames as "symbol (file:line)"', () => {
    const triage = triageDeath(death({ signal: 'SIGABRT', stderr: stderrOf('chunk-parser-misaligned-fast-path') }));
    expect(triage.frames).toEqual([
      'chunk_parser::is_ascii_fast (chunk-parser/src/lib.rs:261)',
      'chunk_parser::decode_utf8 (chunk-parser/src/lib.rs:241)',
      'chunk_parser::parse_chunk_impl (chunk-parser/src/lib.rs:200)',
      'parse_chunk (chunk-parser/src/lib.rs:136)',
    ]);
  });

  it('should locate an allocation failure at its top target frame', () => {
    const triage = triageDeath(death({ signal: 'SIGABRT', stderr: stderrOf('shapes-allocation-failure') }));
    expect(triage).toMatchObject({ kind: 'abort', location: 'shapes/src/lib.rs:5:22', abortReason: 'allocation failure' });
    expect(triage.headline).toBe('abort: memory allocation of 1099511627776 bytes failed in alloc_huge at shapes/src/lib.rs:5:22');
  });

  it('should pick the same TSan side whichever access was reported first', () => {
    const text = stderrOf('shapes-tsan-data-race');
    const swapped = text.replace('Read of size 8 at 0x55b6b220a9d0 by thread T2:', 'Write of size 8 at 0x55b6b220a9d0 by thread T2:');
    expect(triageDeath(death({ exitCode: 66, stderr: swapped })).id).toBe(triageDeath(death({ exitCode: 66, stderr: text })).id);
  });
});

describe('triageDeath tolerance', () => {
  it('should never throw, whatever the death looks like', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom('SIGSEGV', 'SIGABRT', 'SIGKILL', 'sigbus', '', 'SIGWHAT')),
        fc.option(fc.integer({ min: -1, max: 255 })),
        fc.string({ maxLength: 500 }),
        fc.boolean(),
        fc.boolean(),
        (signal, exitCode, stderr, timedOut, oom) => {
          const triage = triageDeath({ signal, exitCode, stderr, timedOut, oom });
          expect(triage.headline).not.toContain('\n');
          expect(triage.id).toMatch(/^[a-z-]+-[0-9a-f]{12}$/);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('signalDescription', () => {
  it.each([
    ['SIGSEGV', 'segmentation fault'],
    ['SIGABRT', 'aborted'],
    ['SIGBUS', 'bus error'],
    ['SIGKILL', 'killed'],
    ['SIGTERM', 'terminated'],
    ['SIGFPE', 'floating-point exception'],
    ['SIGILL', 'illegal instruction'],
    ['SIGTRAP', 'trace trap'],
  ])('should describe %s as %s', (name, description) => {
    expect(signalDescription(name)).toBe(description);
  });

  it('should return null for unknown or missing signals', () => {
    expect(signalDescription('SIGWHAT')).toBeNull();
    expect(signalDescription(null)).toBeNull();
  });
});
