import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A file that reads like a library whose dynamic string table holds `symbols` (all the sanitizer and fork checks look at). */
export function fakeLibrary(symbols: string, name = 'libx.so'): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-lib-')), name);
  fs.writeFileSync(file, Buffer.from(`\x7fELF...\0${symbols}\0more\0`, 'latin1'));
  return file;
}
