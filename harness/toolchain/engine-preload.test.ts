import { describe, expect, it } from 'vitest';
import { engineEnvFor, splitPreload } from './engine-preload.js';
import { fakeLibrary } from './test-support/fake-library.js';

describe('engineEnvFor', () => {
  it("should preload nothing for a plain build when the user's environment preloads nothing", () => {
    expect(engineEnvFor(fakeLibrary('parse_chunk'), [], undefined)).toEqual({});
  });

  it("should keep the user's preloads first, then ffi-fuzz's interposers, each once", () => {
    // Arrange
    const inherited = '/opt/libfaketime.so /opt/libother.so';
    // Act
    const env = engineEnvFor(fakeLibrary('parse_chunk'), ['/cache/libffz-dofork.so', '/opt/libother.so'], inherited);
    // Assert
    expect(env).toEqual({ LD_PRELOAD: '/opt/libfaketime.so:/opt/libother.so:/cache/libffz-dofork.so' });
  });
});

describe('splitPreload', () => {
  it('should read entries separated by colons or spaces, as ld.so does', () => {
    expect(splitPreload(' a.so:b.so  c.so: ')).toEqual(['a.so', 'b.so', 'c.so']);
    expect(splitPreload(undefined)).toEqual([]);
  });
});
