import { describe, expect, it } from 'vitest';
import { emptyStats, type CallStats, type FunctionCalls } from '../../engine/call-stats-reader.js';
import { resolveTarget } from '../../ffi/resolve-target.js';
import { defineTarget } from '../../ffi/target-spec.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { functionSummariesOf } from './function-summaries.js';

const target = resolveTarget(
  defineTarget({
    name: 'z',
    library: 'libz.so',
    functions: {
      uncompress: {
        prototype: 'int32_t uncompress(uint8_t *dest, const uint8_t *src, int32_t srcLen)',
        contract: { errorReturn: 'negative', survives: ['null', 'zero-length'] },
      },
      count: { prototype: 'int32_t count(int32_t x)' },
      make: { prototype: 'void *make(int32_t x)', contract: { deterministic: false } },
    },
  }),
  '/tmp',
);

/** Statistics with `calls` overriding the empty row of each named function. */
function statsOf(rows: Record<string, Partial<FunctionCalls>>): CallStats {
  const base = emptyStats(['uncompress', 'count', 'make']);
  return { ...base, functions: base.functions.map((f) => ({ ...f, ...rows[f.name] })) };
}

describe('functionSummariesOf', () => {
  it('should count ok and error returns by value, findings of the function, and the oracles that ran', () => {
    // Arrange
    const stats = statsOf({
      uncompress: {
        calls: 10,
        errors: 4,
        learned: 'pure',
        values: [
          { value: 0, count: 6 },
          { value: -3, count: 3 },
          { value: -5, count: 1 },
        ],
      },
    });
    const findings = [{ record: { function: 'uncompress' } as CrashRecord }, { record: { function: 'count' } as CrashRecord }];

    // Act
    const [uncompress] = functionSummariesOf(target, 'property', stats, findings);

    // Assert
    expect(uncompress).toEqual({
      name: 'uncompress',
      calls: 10,
      ok: 6,
      errors: 4,
      errorValues: [
        { value: '-3', count: 3 },
        { value: '-5', count: 1 },
      ],
      skipped: 0,
      findings: 1,
      oracles: ['crash', 'redzone', 'const-input', 'contract-error-return', 'determinism'],
      notJudged: [],
      warnings: [],
    });
  });

  it('should warn when 99% of the calls return the error value, and say why', () => {
    // Arrange
    const stats = statsOf({ uncompress: { calls: 478_516, errors: 478_516, values: [{ value: -3, count: 478_516 }] } });

    // Act
    const [uncompress] = functionSummariesOf(target, 'property', stats, []);

    // Assert
    expect(uncompress!.ok).toBe(0);
    expect(uncompress!.warnings).toEqual([
      expect.stringMatching(/^100\.0% of its 478516 calls returned its error value: only the rejection path was tested; likely cause: /),
    ]);
  });

  it('should warn about one value answering every call when the contract names no error value, and about a function never called', () => {
    // Arrange
    const stats = statsOf({
      count: {
        calls: 500,
        values: [
          { value: -1, count: 499 },
          { value: 2, count: 1 },
        ],
        learned: 'pure',
      },
    });

    // Act
    const [uncompress, count] = functionSummariesOf(target, 'property', stats, []);

    // Assert
    expect(count!.warnings).toEqual([expect.stringMatching(/^99\.8% of its 500 calls returned -1: if that is how it rejects input/)]);
    expect(uncompress!.warnings).toEqual([expect.stringMatching(/^no call returned: nothing was tested/)]);
  });

  it('should say why a result comparison did not judge a function: declared, stateful, not learned, pointer, mode', () => {
    // Arrange
    const stats = statsOf({ uncompress: { calls: 1, learned: 'stateful' }, count: { calls: 1 }, make: { calls: 1 } });

    // Act
    const reasons = (mode: 'property' | 'stress' | 'coverage') =>
      functionSummariesOf(target, mode, stats, []).map((f) => f.notJudged.map((n) => `${n.oracle}: ${n.reason}`));

    // Assert
    expect(reasons('property')).toEqual([
      [expect.stringMatching(/^determinism: learned stateful: /)],
      [expect.stringMatching(/^determinism: not learned: /)],
      [expect.stringMatching(/^determinism: the contract says its results are not comparable/)],
    ]);
    expect(reasons('stress')[0]).toEqual([expect.stringMatching(/^differential: learned stateful/)]);
    expect(reasons('coverage')[1]).toEqual(['determinism: coverage mode runs each input once']);
  });

  it('should warn when nearly every call of a function was skipped (its handle never created)', () => {
    const stats = statsOf({ count: { calls: 1, skipped: 199, learned: 'pure' } });

    const [, count] = functionSummariesOf(target, 'property', stats, []);

    expect(count!.warnings).toEqual([expect.stringMatching(/^99\.5% of its 200 calls were skipped: /)]);
  });
});
