import { describe, expect, it } from 'vitest';
import { resolveTarget } from './resolve-target.js';
import { specFromInline, type InlineSpec } from './target-source.js';
import { withNondeterministic, type TargetRef } from './target-ref.js';

const inline: InlineSpec = {
  name: 'cjson',
  functions: {
    cJSON_Parse: { prototype: 'void *cJSON_Parse(const char *value)' },
    cJSON_Version: { prototype: 'const char *cJSON_Version(void)' },
  },
};
const ref: TargetRef = {
  source: { kind: 'inline', spec: inline, specDir: '/tmp' },
  target: resolveTarget(specFromInline(inline), '/tmp'),
  libraryPath: '/tmp/libcjson.so',
  librarySha256: '00',
  specModule: null,
  guesses: new Map(),
};

describe('withNondeterministic', () => {
  it('should turn the determinism contract off for the named --fn functions only, in the spec the child loads too', () => {
    // Act
    const marked = withNondeterministic(ref, ['cJSON_Parse']);

    // Assert
    expect(marked.target.functions.map((f) => [f.name, f.deterministic])).toEqual([
      ['cJSON_Parse', false],
      ['cJSON_Version', true],
    ]);
    expect(marked.source.kind === 'inline' && marked.source.spec.functions.cJSON_Parse!.contract?.deterministic).toBe(false);
  });

  it('should refuse a function the target does not have, and a spec target (exit 2)', () => {
    expect(() => withNondeterministic(ref, ['cJSON_Print'])).toThrow(
      /--nondeterministic names functions the target does not have: cJSON_Print/,
    );
    const module: TargetRef = { ...ref, source: { kind: 'module', module: '/x/target.js', specDir: '/x' } };
    expect(() => withNondeterministic(module, ['cJSON_Parse'])).toThrow(/--nondeterministic is for --lib targets/);
  });
});
