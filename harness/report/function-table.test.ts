import { describe, expect, it } from 'vitest';
import { renderFunctionTable, type FunctionSummary } from './function-table.js';

const row = (over: Partial<FunctionSummary>): FunctionSummary => ({
  name: 'f',
  calls: 0,
  ok: 0,
  errors: 0,
  errorValues: [],
  skipped: 0,
  findings: 0,
  oracles: ['crash'],
  notJudged: [],
  warnings: [],
  ...over,
});

describe('renderFunctionTable', () => {
  it('should print one aligned row per function, then why an oracle did not run, then the warnings', () => {
    // Arrange
    const functions = [
      row({
        name: 'uncompress',
        calls: 478_516,
        errors: 478_516,
        errorValues: [
          { value: '-3', count: 478_000 },
          { value: '-5', count: 516 },
        ],
        oracles: ['crash', 'redzone'],
        warnings: ['100.0% of its 478516 calls returned its error value'],
      }),
      row({ name: 'crc32', calls: 12, ok: 12, findings: 1, notJudged: [{ oracle: 'determinism', reason: 'learned stateful' }] }),
    ];

    // Act
    const lines = renderFunctionTable(functions);

    // Assert
    expect(lines).toEqual([
      'per function:',
      '  function    calls  ok  error returns             skipped  findings  oracles',
      '  uncompress   479k   0  479k (-3 ×478k, -5 ×516)        0         0  crash, redzone',
      '  crc32          12  12  0                               0         1  crash',
      '  crc32: no determinism oracle: learned stateful',
      'warning: uncompress: 100.0% of its 478516 calls returned its error value',
    ]);
  });

  it('should print nothing without functions', () => {
    expect(renderFunctionTable([])).toEqual([]);
  });
});
