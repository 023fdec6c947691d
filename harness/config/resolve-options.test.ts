import { describe, expect, it } from 'vitest';
import { HarnessError } from '../model/harness-error.js';
import os from 'node:os';
import { DEFAULT_OPTIONS, defaultThreads, type HarnessOptions } from './options.js';
import { parseDuration, renderFlags, resolveOptions } from './resolve-options.js';

const FUZZ_KEYS: (keyof HarnessOptions)[] = ['threads', 'durationMs', 'runs', 'seed', 'out', 'timeoutMs', 'json', 'lib', 'fn', 'only'];

describe('resolveOptions', () => {
  it('should apply defaults < environment < flags and remember each source', () => {
    const r = resolveOptions(['--threads', '4', '--seed=7'], { FUZZ_THREADS: '2', FUZZ_RUNS: '100' }, FUZZ_KEYS);
    expect(r.options.threads).toBe(4);
    expect(r.options.runs).toBe(100);
    expect(r.options.seed).toBe(7);
    expect(r.options.out).toBe(DEFAULT_OPTIONS.out);
    expect(r.sources).toMatchObject({ threads: 'cli', runs: 'env', seed: 'cli', out: 'default' });
  });

  it('should keep positionals and accumulate repeated --fn prototypes', () => {
    const r = resolveOptions(['spec.js', '--fn', 'int f(int a, int b)', '--fn', 'int g(void)'], {}, FUZZ_KEYS);
    expect(r.positionals).toEqual(['spec.js']);
    expect(r.options.fn).toEqual(['int f(int a, int b)', 'int g(void)']);
  });

  it.each([
    [['--threds', '2'], 'unknown flag --threds'],
    [['--threads', 'two'], "--threads expects a whole number, got 'two'"],
    [['--threads', '100'], '--threads expects a number in 1..64'],
    [['--duration', 'soon'], '--duration expects a duration'],
    [['--runs'], '--runs needs a value'],
  ])('should reject %j with a message naming the flag', (argv, message) => {
    expect(() => resolveOptions(argv, {}, FUZZ_KEYS)).toThrowError(HarnessError);
    expect(() => resolveOptions(argv, {}, FUZZ_KEYS)).toThrowError(message);
  });

  it('should reject an unknown FUZZ_ variable by name', () => {
    expect(() => resolveOptions([], { FUZZ_THREADZ: '3' }, FUZZ_KEYS)).toThrowError('unknown environment variable FUZZ_THREADZ');
  });

  it('should give back the same options when its rendered flags are parsed (round trip)', () => {
    const original = resolveOptions(
      ['--threads', '3', '--duration', '1500ms', '--seed', '9', '--json', '--fn', 'int f(int a)', '--only', 'a,b'],
      {},
      FUZZ_KEYS,
    ).options;
    const again = resolveOptions(renderFlags(original, FUZZ_KEYS), {}, FUZZ_KEYS).options;
    expect(again).toEqual(original);
  });
});

describe('negated flags', () => {
  it('should turn the fork server off with --no-fork-server or FUZZ_NO_FORK_SERVER=1, and render it back', () => {
    // Arrange
    const keys: (keyof HarnessOptions)[] = ['forkServer'];
    // Act
    const byDefault = resolveOptions([], {}, keys).options;
    const flag = resolveOptions(['--no-fork-server'], {}, keys).options;
    const env = resolveOptions([], { FUZZ_NO_FORK_SERVER: '1' }, keys).options;
    // Assert
    expect(byDefault.forkServer).toBe(true);
    expect(flag.forkServer).toBe(false);
    expect(env.forkServer).toBe(false);
    expect(renderFlags(flag, keys)).toEqual(['--no-fork-server']);
    expect(renderFlags(byDefault, keys)).toEqual([]);
  });
});

describe('parseDuration', () => {
  it('should read units and bare seconds', () => {
    expect([parseDuration('500ms'), parseDuration('30s'), parseDuration('2m'), parseDuration('1h'), parseDuration('3')]).toEqual([
      500, 30_000, 120_000, 3_600_000, 3000,
    ]);
    expect(parseDuration('-1s')).toBeUndefined();
  });
});

describe('stress mode threads', () => {
  it('should default to 4 threads per core in stress mode, at most 64, and let --threads win', () => {
    // Arrange
    const keys: (keyof HarnessOptions)[] = ['mode', 'threads', 'guardPages'];
    const cores = os.availableParallelism();
    // Act
    const byDefault = resolveOptions(['--mode', 'stress'], {}, keys).options;
    const explicit = resolveOptions(['--mode', 'stress', '--threads', '8'], {}, keys).options;
    const property = resolveOptions([], {}, keys).options;
    // Assert
    expect(byDefault.threads).toBe(Math.min(64, 4 * cores));
    expect(defaultThreads('stress', 100)).toBe(64);
    expect(explicit.threads).toBe(8);
    expect(property.threads).toBe(1);
    expect(property.guardPages).toBe('small');
  });
});
