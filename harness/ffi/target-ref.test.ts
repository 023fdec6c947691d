import { describe, expect, it } from 'vitest';
import { resolveTarget } from './resolve-target.js';
import { specFromInline, type InlineSpec } from './inline-spec.js';
import { withNondeterministic, type TargetRef } from './target-ref.js';

const inline: InlineSpec = {
  name: 'events',
  functions: {
    // Scalar returns: compared from call to call unless said otherwise (a pointer return never is).
    events_count: { prototype: 'int32_t events_count(int32_t kind)' },
    events_hash: { prototype: 'uint32_t events_hash(const uint8_t *p, size_t n)' },
  },
};
const ref: TargetRef = {
  source: { kind: 'inline', spec: inline, specDir: '/tmp' },
  target: resolveTarget(specFromInline(inline), '/tmp'),
  libraryPath: '/tmp/libevents.so',
  librarySha256: '00',
  specModule: null,
  guesses: new Map(),
};

describe('withNondeterministic', () => {
  it('should turn the determinism contract off for the named --fn functions only, in the spec the child loads too', () => {
    // Act
    const marked = withNondeterministic(ref, ['events_count']);

    // Assert
    expect(marked.target.functions.map((f) => [f.name, f.deterministic])).toEqual([
      ['events_count', false],
      ['events_hash', true],
    ]);
    expect(marked.source.kind === 'inline' && marked.source.spec.functions.events_count!.contract?.deterministic).toBe(false);
  });

  it('should refuse a function the target does not have, and a spec target (exit 2)', () => {
    expect(() => withNondeterministic(ref, ['events_push'])).toThrow(
      /--nondeterministic names functions the target does not have: events_push/,
    );
    const module: TargetRef = { ...ref, source: { kind: 'module', module: '/x/target.js', specDir: '/x' } };
    expect(() => withNondeterministic(module, ['events_count'])).toThrow(/--nondeterministic is for --lib targets/);
  });
});
