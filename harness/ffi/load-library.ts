import fs from 'node:fs';
import koffi, { type LibraryHandle } from 'koffi';
import { HarnessError } from '../model/harness-error.js';

/** Loads a shared library with koffi; a missing or unloadable file is a bad-library error naming the path. */
export function loadLibrary(file: string): LibraryHandle {
  if (!fs.existsSync(file)) {
    throw new HarnessError('bad-library', `library not found: ${file}`, {
      where: file,
      hint: 'build it first (ffi-fuzz build <crate>) or fix the path',
    });
  }
  try {
    return koffi.load(file);
  } catch (cause) {
    throw new HarnessError('bad-library', `cannot load library: ${(cause as Error).message}`, {
      where: file,
      cause,
      hint: 'is it a shared library for this platform (x86_64 Linux .so)?',
    });
  }
}

/** Binds one function; a missing symbol is a bad-library error naming the symbol and the library. */
export function bindFunction<T>(
  lib: LibraryHandle,
  file: string,
  koffiPrototype: string,
  name: string,
  bind: (lib: LibraryHandle) => T,
): T {
  try {
    return bind(lib);
  } catch (cause) {
    const message = (cause as Error).message;
    const missing = /cannot find|not find|undefined symbol/i.test(message);
    throw new HarnessError(
      'bad-library',
      missing ? `symbol '${name}' is not exported by the library` : `cannot bind '${koffiPrototype}': ${message}`,
      {
        where: `${file} (${name})`,
        cause,
        hint: missing
          ? `check the name with 'ffi-fuzz list --lib ${file}' or 'nm -D ${file}'; Rust needs #[no_mangle] pub extern "C"`
          : 'check the prototype',
      },
    );
  }
}
