import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS } from '../config/command-specs.js';
import { resolveOptions } from '../config/resolve-options.js';
import { HarnessError } from '../model/harness-error.js';
import { resolveApiOptions } from './api-options.js';

const FUZZ = COMMAND_SPECS.fuzz.options;

describe('resolveApiOptions', () => {
  it('should resolve an options object exactly as the same flags', () => {
    // Arrange
    const given = { runs: 500, seed: 7, durationMs: 1500, fn: ['int f(int a)'], only: ['f'], guardPages: 'off', json: true };
    // Act
    const fromApi = resolveApiOptions('fuzz()', given, FUZZ, {});
    const fromFlags = resolveOptions(
      ['--runs', '500', '--seed', '7', '--duration', '1500ms', '--fn', 'int f(int a)', '--only', 'f', '--guard-pages', 'off', '--json'],
      {},
      FUZZ,
    );
    // Assert
    expect(fromApi.options).toEqual(fromFlags.options);
    expect(fromApi.sources.runs).toBe('cli');
  });

  it('should take a duration as milliseconds or as text, and skip undefined and null values', () => {
    expect(resolveApiOptions('fuzz()', { durationMs: '20s', runs: undefined, seed: null }, FUZZ, {}).options).toMatchObject({
      durationMs: 20_000,
      runs: null,
      seed: null,
    });
  });

  it.each([
    [{ rusn: 5 }, "fuzz(): unknown option 'rusn'"],
    [{ runs: 1.5 }, "fuzz(): option 'runs' expects a whole number, got 1.5"],
    [{ json: 'yes' }, "fuzz(): option 'json' expects true or false"],
    [{ fn: 'int f(void)' }, "fuzz(): option 'fn' expects an array of strings"],
    [{ mode: 'turbo' }, 'fuzz(): --mode expects one of auto, property, stress, coverage'],
    [{ threads: 1000 }, 'fuzz(): --threads expects a number in 1..64'],
  ])('should reject %j with a usage error naming the API and the option', (given, message) => {
    const attempt = () => resolveApiOptions('fuzz()', given, FUZZ, {});
    expect(attempt).toThrowError(HarnessError);
    expect(attempt).toThrowError(message);
  });

  it('should honour FUZZ_* variables below the given options, like the CLI', () => {
    const r = resolveApiOptions('fuzz()', { runs: 10 }, FUZZ, { FUZZ_RUNS: '99', FUZZ_SEED: '4' });
    expect(r.options).toMatchObject({ runs: 10, seed: 4 });
  });
});
