import { describe, expect, it } from 'vitest';
import { backtraceEnv } from './backtrace-env.js';

describe('Rust backtraces by the work a child runs', () => {
  it('should turn them off for coverage work only', () => {
    // Act
    const coverage = backtraceEnv({
      kind: 'coverage',
      job: 0,
      restart: 0,
      corpusRoot: 'c',
      targetName: 't',
      runs: 1,
      deadline: null,
      firstExec: 0,
      dictionary: [],
      syncMs: 1000,
      skip: [],
      penalize: [],
      markerPath: 'm',
    });
    const replay = backtraceEnv({ kind: 'replay', inputs: [], concurrent: false });
    // Assert
    expect(coverage).toEqual({ RUST_BACKTRACE: '0', RUST_LIB_BACKTRACE: '0' });
    expect(replay).toEqual({});
  });
});
