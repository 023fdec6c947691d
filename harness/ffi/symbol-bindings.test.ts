import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../model/harness-error.js';
import { loadLibrary, refuseHostBindings } from './load-library.js';
import { checkBindings } from './symbol-bindings.js';

// Every name Debian's libz exports is also exported by the node executable (its bundled zlib):
// loaded plainly, libz's internal calls run node's copy. These tests run inside node, as the engine does.
const LIBZ = '/usr/lib/x86_64-linux-gnu/libz.so.1';

describe('loading a library whose names the host also exports', () => {
  it("should bind libz's internal calls to libz itself", () => {
    loadLibrary(LIBZ);
    const { bindings, host } = checkBindings(LIBZ);
    const real = fs.realpathSync(LIBZ);
    for (const symbol of ['adler32', 'uncompress2', 'inflate', 'crc32']) {
      expect(bindings.filter((b) => b.symbol === symbol).map((b) => b.object)).toContain(real);
    }
    expect(host).toEqual([]);
  });

  it('should see a plain load bind them to the host, and refuse it naming the symbols', () => {
    // A copy is another object for the dynamic linker: loading it plainly does not reuse the deep load above.
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-libz-')), 'libz-copy.so');
    fs.copyFileSync(fs.realpathSync(LIBZ), copy);
    koffi.load(copy);
    const { host, hostPath } = checkBindings(copy);
    expect(hostPath).toBe(fs.realpathSync(process.execPath));
    expect(host.map((b) => b.symbol)).toEqual(expect.arrayContaining(['uncompress2', 'inflate', 'adler32']));
    try {
      refuseHostBindings(copy, 'asan');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HarnessError);
      expect((error as HarnessError).code).toBe('bad-library');
      expect((error as HarnessError).message).toMatch(/symbol\(s\) libz-copy.so calls resolve into .*node.*uncompress2|inflate/);
      expect((error as HarnessError).hint).toContain('RTLD_DEEPBIND');
    }
  });
});
