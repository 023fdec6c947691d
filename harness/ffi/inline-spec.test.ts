import { describe, expect, it } from 'vitest';
import cjson from '../../examples/real/cjson/target.js';
import lz4 from '../../examples/real/lz4/target.js';
import rure from '../../examples/real/rure/target.js';
import zlib from '../../examples/real/zlib/target.js';
import { inlineParamNames, inlineSpecOf, specFromInline } from './inline-spec.js';
import { resolveTarget, type ResolvedTarget } from './resolve-target.js';
import type { TargetSpec } from './target-spec.js';

/** Plan fields holding fast-check arbitraries or harvested tokens: not part of the JSON form. */
const ARBITRARY_FIELDS = ['content', 'values', 'dictionary'];

/** What a replaying engine relies on: every plan's role and contract, the return plans, the lifecycle. */
function shape(target: ResolvedTarget) {
  return target.functions.map((f) => ({
    name: f.name,
    params: f.params.map((plan) => Object.fromEntries(Object.entries(plan).filter(([field]) => !ARBITRARY_FIELDS.includes(field)))),
    returns: f.returns,
    deterministic: f.deterministic,
    createsHandle: f.createsHandle,
  }));
}

describe('the JSON form of a spec (crash records, repro)', () => {
  it.each([
    ['zlib', zlib],
    ['cJSON', cjson],
    ['lz4', lz4],
    ['rure', rure],
  ])('should rebuild the %s spec without its header or its arbitraries', (_, spec: TargetSpec) => {
    const target = resolveTarget(spec, new URL('../../examples/real/rure/', import.meta.url).pathname);
    const inline = JSON.parse(JSON.stringify(inlineSpecOf(target)));
    expect(inline.header).toBeUndefined();
    const rebuilt = resolveTarget(specFromInline(inline), '/');
    expect(shape(rebuilt)).toEqual(shape(target));
    expect(rebuilt.lifecycle).toEqual(target.lifecycle);
  });

  it('should spell resolved types and declare the opaque ones, so parameter names read back', () => {
    const inline = inlineSpecOf(resolveTarget(cjson, '/'));
    expect(inline.functions.cJSON_Print?.prototype).toBe('char *cJSON_Print(const cJSON *item)');
    expect(inline.typedefs).toEqual({ cJSON: 'opaque' });
    expect(inlineParamNames(inline, 'cJSON_Print')).toEqual(['item']);
    expect(inlineSpecOf(resolveTarget(zlib, '/')).functions.uncompress?.prototype).toBe(
      'int uncompress(unsigned char *dest, unsigned long *destLen, const unsigned char *source, unsigned long sourceLen)',
    );
  });
});
