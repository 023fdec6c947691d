import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeLibrary } from './native-library.js';

const source = (text: string): string => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-native-')), 'probe.c');
  fs.writeFileSync(file, text);
  return file;
};

describe('nativeLibrary', () => {
  const cc = process.env.CC;
  afterEach(() => {
    if (cc === undefined) delete process.env.CC;
    else process.env.CC = cc;
  });

  it('should build a source once and give the cached library to later calls', () => {
    // Arrange
    const file = source(`int ffz_native_library_test_${process.pid}(void) { return 1; }\n`);
    // Act
    const first = nativeLibrary(file, 'ffz-native-test');
    const again = nativeLibrary(file, 'ffz-native-test');
    // Assert
    expect(first.path).not.toBeNull();
    expect(fs.existsSync(first.path!)).toBe(true);
    expect(again).toBe(first);
  });

  it('should say what went wrong when the compiler fails or is missing, or the source is', () => {
    // Arrange
    const failing = source('int ffz_native_library_fails(void) { return 2; }\n');
    const missing = source('int ffz_native_library_missing_cc(void) { return 3; }\n');
    // Act
    process.env.CC = 'false';
    const failed = nativeLibrary(failing, 'ffz-native-test');
    process.env.CC = 'ffz-no-such-compiler';
    const noCompiler = nativeLibrary(missing, 'ffz-native-test');
    const noSource = nativeLibrary('/nonexistent/ffz.c', 'ffz-native-test');
    // Assert
    expect(failed).toEqual({ path: null, failure: 'compile-error', detail: 'false exited with code 1' });
    expect(noCompiler).toMatchObject({ path: null, failure: 'no-compiler' });
    expect(noSource).toMatchObject({ path: null, failure: 'no-source' });
  });
});
