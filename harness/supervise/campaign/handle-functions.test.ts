import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../ffi/resolve-target.js';
import { defineTarget } from '../../ffi/target-spec.js';
import { functionsToCall } from './handle-functions.js';

/** pattern-matcher's shape: compile may fail; match and free trust their handle unless `rejectsStale`. */
function patterns(rejectsStale: boolean) {
  const rejects = rejectsStale ? { contract: { errorReturn: 'negative' as const } } : {};
  return resolveTarget(
    defineTarget({
      name: 'patterns',
      library: 'libp.so',
      functions: {
        compile: { prototype: 'void *compile(const uint8_t *p, size_t len)' },
        match: { prototype: 'int32_t match(void *re, const uint8_t *h, size_t len)', ...rejects },
        release: { prototype: 'int32_t release(void *re)', ...rejects },
      },
      lifecycle: { create: 'compile', use: ['match'], release: 'release', rejectsStale },
    }),
    '/tmp',
  );
}

describe('functionsToCall', () => {
  it('should call everything when the calls form sequences, or when the API rejects invalid handles', () => {
    const warnings: string[] = [];
    expect(functionsToCall(patterns(false), { mode: 'property', only: [] }, (w) => warnings.push(w))).toEqual([]);
    expect(functionsToCall(patterns(true), { mode: 'stress', only: [] }, (w) => warnings.push(w))).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('should leave out, with a warning, the functions that take a handle in stress mode', () => {
    // Arrange
    const warnings: string[] = [];

    // Act
    const called = functionsToCall(patterns(false), { mode: 'stress', only: [] }, (w) => warnings.push(w));

    // Assert
    expect(called).toEqual(['compile']);
    expect(warnings).toEqual([
      'match left out: it takes a handle, which only a call sequence gives it live (stress mode runs single calls; the lifecycle does not promise to reject invalid handles)',
      'release left out: it takes a handle, which only a call sequence gives it live (stress mode runs single calls; the lifecycle does not promise to reject invalid handles)',
    ]);
  });

  it('should refuse --only with nothing left but functions that take a handle (exit 2)', () => {
    expect(() => functionsToCall(patterns(false), { mode: 'property', only: ['match'] }, () => undefined)).toThrow(
      /nothing to fuzz in patterns: every function left takes a handle \(--only leaves out compile\)/,
    );
  });
});
