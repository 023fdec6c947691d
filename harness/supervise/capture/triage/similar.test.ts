import { describe, expect, it } from 'vitest';
import { areSimilar, frameSymbol } from './similar.js';
import type { Triage } from './triage.js';

function triage(overrides: Partial<Triage>): Triage {
  return {
    kind: 'panic',
    headline: '',
    message: null,
    location: null,
    frames: [],
    abortReason: null,
    signal: 'SIGABRT',
    signalDescription: 'aborted',
    signature: '',
    id: '',
    ...overrides,
  };
}

describe('areSimilar', () => {
  it('should call two crashes at one location similar, whatever the column', () => {
    expect(areSimilar(triage({ location: 'a/src/lib.rs:10:5' }), triage({ location: 'a/src/lib.rs:10:9' }))).toBe(true);
  });

  it('should call crashes that share two frames in order similar', () => {
    const a = triage({
      location: 'a/src/lib.rs:10:5',
      frames: ['a::f (a/src/lib.rs:10)', 'a::g (a/src/lib.rs:20)', 'entry (a/src/lib.rs:30)'],
    });
    const b = triage({
      location: 'a/src/lib.rs:12:5',
      frames: ['a::f (a/src/lib.rs:12)', 'a::inlined (a/src/lib.rs:15)', 'a::g (a/src/lib.rs:21)'],
    });
    expect(areSimilar(a, b)).toBe(true);
  });

  it('should not call crashes of different kinds similar', () => {
    expect(areSimilar(triage({ location: 'a/src/lib.rs:10:5' }), triage({ kind: 'abort', location: 'a/src/lib.rs:10:5' }))).toBe(false);
  });

  it('should not call one shared frame, or frames in another order, similar', () => {
    const a = triage({ frames: ['a::f (x.rs:1)', 'a::g (x.rs:2)'] });
    expect(areSimilar(a, triage({ frames: ['a::f (x.rs:1)', 'a::h (x.rs:3)'] }))).toBe(false);
    expect(areSimilar(a, triage({ frames: ['a::g (x.rs:2)', 'a::f (x.rs:1)'] }))).toBe(false);
  });

  it('should not treat two unknown locations as equal', () => {
    expect(areSimilar(triage({ kind: 'segv' }), triage({ kind: 'segv' }))).toBe(false);
  });
});

describe('frameSymbol', () => {
  it('should drop the "(file:line)" part only', () => {
    expect(frameSymbol('chunk_parser::check_event (chunk-parser/src/lib.rs:296)')).toBe('chunk_parser::check_event');
    expect(frameSymbol('asan_thread_start(void*) (x.cpp:2)')).toBe('asan_thread_start(void*)');
    expect(frameSymbol('segv_at')).toBe('segv_at');
  });
});
