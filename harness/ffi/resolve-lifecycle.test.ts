import { describe, expect, it } from 'vitest';
import { HarnessError } from '../model/harness-error.js';
import { resolveTarget } from './resolve-target.js';
import { defineTarget, type TargetSpec } from './target-spec.js';
import { inlineSpecOf, specFromInline } from './inline-spec.js';

const functions = {
  s_new: { prototype: 'uint64_t s_new(void)' },
  s_copy: { prototype: 'int32_t s_copy(uint64_t dst, uint64_t src)', contract: { errorReturn: 'negative' as const } },
  s_push: { prototype: 'int32_t s_push(uint64_t s, const uint8_t *p, int32_t n)', contract: { errorReturn: 'negative' as const } },
  s_free: { prototype: 'int32_t s_free(uint64_t s)', contract: { errorReturn: 'negative' as const } },
  s_count: { prototype: 'int32_t s_count(void)' },
};
const spec = (lifecycle: unknown, fns: TargetSpec['functions'] = functions): TargetSpec =>
  ({ name: 'st', library: 'x.so', functions: fns, lifecycle }) as TargetSpec;

/** The spec error a spec raises (at defineTarget or at resolveTarget), as `where: message`. */
function errorOf(s: TargetSpec): string {
  try {
    resolveTarget(defineTarget(s), '/tmp');
  } catch (error) {
    if (error instanceof HarnessError) return `${error.where}: ${error.message}`;
    throw error;
  }
  return 'no error';
}

describe('lifecycle spec', () => {
  it('should find each handle parameter by the type the create function returns', () => {
    const target = resolveTarget(defineTarget(spec({ create: 's_new', use: ['s_push'], release: 's_free', rejectsStale: true })), '/tmp');

    expect(target.lifecycle).toMatchObject({ create: 's_new', use: ['s_push'], release: 's_free', rejectsStale: true });
    expect([...target.lifecycle!.handleParams]).toEqual([
      ['s_push', 0],
      ['s_free', 0],
    ]);
    expect(target.functions.find((f) => f.name === 's_push')!.params.map((p) => p.role)).toEqual(['handle', 'buffer', 'length']);
  });

  it('should reject a malformed lifecycle with the field named', () => {
    expect(errorOf(spec({ create: 's_new', release: 's_gone' }))).toBe(
      "defineTarget('st').lifecycle.release: names 's_gone', which is not in functions",
    );
    expect(errorOf(spec({ create: 's_new', release: 's_new' }))).toBe(
      "defineTarget('st').lifecycle.release: 's_new' cannot both create and release the handle",
    );
    expect(errorOf(spec({ create: 's_new', release: 's_free', free: 's_free' }))).toBe(
      "defineTarget('st').lifecycle.free: unknown field 'free'",
    );
    expect(errorOf(spec({ create: 's_new', release: 's_free', rejectsStale: 'yes' }))).toBe(
      "defineTarget('st').lifecycle.rejectsStale: rejectsStale must be true or false",
    );
  });

  it('should reject a release or use function without a handle parameter, or with two', () => {
    expect(errorOf(spec({ create: 's_new', release: 's_count' }))).toBe(
      "defineTarget('st').lifecycle.release: s_count has no parameter of the handle type uint64_t (what s_new returns)",
    );
    expect(errorOf(spec({ create: 's_new', use: ['s_copy'], release: 's_free' }))).toBe(
      "defineTarget('st').lifecycle.use[0]: s_copy has several parameters of the handle type uint64_t",
    );
    expect(errorOf(spec({ create: 's_count', release: 's_free' }))).toBe(
      "defineTarget('st').lifecycle.release: s_free has no parameter of the handle type int32_t (what s_count returns)",
    );
    expect(errorOf(spec({ create: 's_new', release: 's_free', handles: { s_free: 'x' } }))).toBe(
      "defineTarget('st').lifecycle.handles.s_free: 'x' is not a parameter of s_free",
    );
  });

  it('should need an error return to judge stale handles', () => {
    const fns = { ...functions, s_free: { prototype: 'int32_t s_free(uint64_t s)' } };

    expect(errorOf(spec({ create: 's_new', release: 's_free', rejectsStale: true }, fns))).toBe(
      "defineTarget('st').functions.s_free.contract.errorReturn: rejectsStale needs s_free's contract.errorReturn, to tell a rejected handle from success",
    );
  });

  it('should take an explicitly named handle, and keep it in the JSON form records carry', () => {
    const target = resolveTarget(
      defineTarget(spec({ create: 's_new', use: ['s_copy'], release: 's_free', handles: { s_copy: 'src' } })),
      '/tmp',
    );

    const inline = inlineSpecOf(target);
    const again = resolveTarget(specFromInline(JSON.parse(JSON.stringify(inline))), '/tmp');

    expect(inline.lifecycle).toEqual({
      create: 's_new',
      use: ['s_copy'],
      release: 's_free',
      handles: { s_copy: 'src', s_free: 's' },
      rejectsStale: false,
    });
    expect([...again.lifecycle!.handleParams]).toEqual([
      ['s_copy', 1],
      ['s_free', 0],
    ]);
  });
});
