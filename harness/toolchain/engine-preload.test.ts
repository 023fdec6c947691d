import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineEnvFor, splitPreload } from './engine-preload.js';

const plainLibrary = (): string => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-preload-')), 'libplain.so');
  fs.writeFileSync(file, Buffer.from('\x7fELF...\0parse_chunk\0', 'latin1'));
  return file;
};

describe('engineEnvFor', () => {
  it("should preload nothing for a plain build when the user's environment preloads nothing", () => {
    expect(engineEnvFor(plainLibrary(), [], undefined)).toEqual({});
  });

  it("should keep the user's preloads first, then ffi-fuzz's interposers, each once", () => {
    // Arrange
    const inherited = '/opt/libfaketime.so /opt/libother.so';
    // Act
    const env = engineEnvFor(plainLibrary(), ['/cache/libffz-dofork.so', '/opt/libother.so'], inherited);
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
