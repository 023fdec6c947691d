import { describe, expect, it } from 'vitest';
import { resolveTarget, type ResolvedTarget } from '../ffi/resolve-target.js';
import { defineTarget } from '../ffi/target-spec.js';
import type { CallInput } from '../model/call-input.js';
import { LifecycleModel } from './lifecycle-model.js';
import type { Outcome } from '../model/outcome.js';

function sessionTarget(rejectsStale: boolean): ResolvedTarget {
  const rejects = { errorReturn: 'negative' } as const;
  return resolveTarget(
    defineTarget({
      name: 'sessions',
      library: 'libsessions.so',
      functions: {
        s_new: { prototype: 'uint64_t s_new(void)' },
        s_len: { prototype: 'int64_t s_len(uint64_t s)', contract: rejects },
        s_free: { prototype: 'int32_t s_free(uint64_t s)', contract: rejects },
        other: { prototype: 'int32_t other(int32_t x)' },
      },
      lifecycle: { create: 's_new', use: ['s_len'], release: 's_free', rejectsStale },
    }),
    '/tmp',
  );
}

const create: CallInput = { fn: 's_new', args: [] };
const len = (from: number): CallInput => ({ fn: 's_len', args: [{ kind: 'handle', from }] });
const free = (from: number): CallInput => ({ fn: 's_free', args: [{ kind: 'handle', from }] });
const ok = (result: unknown): Outcome => ({ kind: 'ok', result: String(result) });

/** Runs calls with the results the "library" returned; returns every verdict. */
function run(model: LifecycleModel, steps: readonly [CallInput, unknown][]): Outcome[] {
  return steps.map(([call, result]) => model.judge(call, result, ok(result)));
}

function modelOf(rejectsStale = true): LifecycleModel {
  const target = sessionTarget(rejectsStale);
  return new LifecycleModel(target.lifecycle!, new Map(target.functions.map((f) => [f.name, f])));
}

describe('lifecycle model', () => {
  it('should resolve a handle argument to what its creation returned, and anything else to 0', () => {
    const model = modelOf();
    run(model, [
      [create, 7],
      [len(0), 0],
    ]);

    expect(model.resolve(0)).toBe(7n);
    expect(model.resolve(1)).toBe(0n);
    expect(model.resolve(-1)).toBe(0n);
    expect(model.resolve(9)).toBe(0n);
  });

  it('should accept a correct API: fresh handles, stale ones rejected', () => {
    const model = modelOf();

    const verdicts = run(model, [
      [create, 1],
      [free(0), 0],
      [create, 4294967297n],
      [len(0), -1],
      [free(0), -1],
      [len(2), 0],
      [len(-1), -1],
    ]);

    expect(verdicts.every((v) => v.kind === 'ok')).toBe(true);
    expect(model.live()).toEqual([2]);
  });

  it('should report a creation that hands out a released handle again as handle-reuse', () => {
    const model = modelOf();

    const verdicts = run(model, [
      [create, 1],
      [free(0), 0],
      [create, 1],
    ]);

    expect(verdicts[2]).toMatchObject({ kind: 'wrong-result', oracle: 'handle-reuse' });
    expect((verdicts[2] as { message: string }).message).toContain('call #0 returned and call #1 released');
  });

  it('should report a stale handle that is accepted, by the call that accepted it', () => {
    const use = run(modelOf(), [
      [create, 1],
      [free(0), 0],
      [len(0), 0],
    ]);
    const release = run(modelOf(), [
      [create, 1],
      [free(0), 0],
      [free(0), 0],
    ]);
    const invalid = run(modelOf(), [[len(-1), 0]]);

    expect(use[2]).toMatchObject({ kind: 'wrong-result', oracle: 'use-after-release-accepted' });
    expect(release[2]).toMatchObject({ kind: 'wrong-result', oracle: 'double-release-accepted' });
    expect(invalid[0]).toMatchObject({ kind: 'wrong-result', oracle: 'invalid-handle-accepted' });
  });

  it('should judge stale handles only when the API promises to reject them, but always catch two live objects sharing a handle', () => {
    const stale = run(modelOf(false), [
      [create, 1],
      [free(0), 0],
      [free(0), 0],
      [create, 1],
    ]);
    const aliased = run(modelOf(false), [
      [create, 1],
      [create, 1],
    ]);

    expect(stale.every((v) => v.kind === 'ok')).toBe(true);
    expect(aliased[1]).toMatchObject({ kind: 'wrong-result', oracle: 'handle-reuse' });
  });

  it('should keep a per-call oracle failure and leave other functions alone', () => {
    const model = modelOf();
    const failed: Outcome = { kind: 'wrong-result', result: '0', oracle: 'const-input', message: 'changed' };

    const verdicts = [model.judge({ fn: 'other', args: [{ kind: 'int', value: 1n }] }, 0, ok(0)), model.judge(len(-1), 0, failed)];

    expect(verdicts).toEqual([ok(0), failed]);
  });

  it('should treat a failed creation (0) as no handle, and start over on reset', () => {
    const model = modelOf();
    run(model, [[create, 0]]);
    expect(model.live()).toEqual([]);

    model.reset();

    expect(model.position).toBe(0);
  });

  it('should skip, without rejectsStale, a call whose handle came from a failed creation or was released, keeping positions', () => {
    // Arrange: #0 failed, #1 live, #2 releases #1
    const model = modelOf(false);
    run(model, [
      [create, 0],
      [create, 5],
      [free(1), 0],
    ]);

    // Act
    const reasons = [len(0), free(1), len(-1), len(7)].map((call) => model.skipReason(call));
    model.skip();

    // Assert
    expect(reasons).toEqual([
      'the creation of its handle (call #0) failed',
      'its handle (from call #1) was released by call #2',
      'it has no handle',
      'call #7 returned no handle',
    ]);
    expect(model.position).toBe(4);
    expect(model.skipReason({ fn: 'other', args: [{ kind: 'int', value: 1n }] })).toBeUndefined();
  });

  it('should make every call with rejectsStale: stale and invalid handles are passed on purpose and judged', () => {
    const model = modelOf(true);
    run(model, [
      [create, 0],
      [create, 5],
      [free(1), 0],
    ]);

    expect([len(0), free(1), len(-1)].map((call) => model.skipReason(call))).toEqual([undefined, undefined, undefined]);
  });
});
