import { describe, expect, it } from 'vitest';
import { fakeLibrary } from './test-support/fake-library.js';
import { asanRuntimeCandidates, fuzzProfile, sanitizerLaunchFor, sanitizerOf } from './sanitizer-runtime.js';

describe('sanitizerOf', () => {
  it('should tell an ASan build, a TSan build and a plain build apart by the runtime they import', () => {
    expect(sanitizerOf(fakeLibrary('__asan_init'))).toBe('asan');
    expect(sanitizerOf(fakeLibrary('__tsan_init'))).toBe('tsan');
    expect(sanitizerOf(fakeLibrary('parse_chunk'))).toBeNull();
  });
});

describe('sanitizerLaunchFor', () => {
  it('should need nothing for a plain build and refuse a TSan build (Node cannot host TSan)', () => {
    expect(sanitizerLaunchFor(fakeLibrary('parse_chunk'))).toEqual({ preload: [], env: {} });
    expect(() => sanitizerLaunchFor(fakeLibrary('__tsan_init'))).toThrow(/ThreadSanitizer build, which the engine does not run/);
  });
});

describe('asanRuntimeCandidates', () => {
  it("should try rustc's LLVM first", () => {
    expect(asanRuntimeCandidates(22)[0]).toBe('/usr/lib/llvm-22/lib/clang/22/lib/linux/libclang_rt.asan-x86_64.so');
  });
});

describe('fuzzProfile', () => {
  it('should refuse tsan for fuzz and point to repro --profile tsan', () => {
    expect(fuzzProfile('asan')).toBe('asan');
    expect(() => fuzzProfile('tsan')).toThrow(/cannot run a ThreadSanitizer build/);
  });
});
