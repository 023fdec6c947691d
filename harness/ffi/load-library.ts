import fs from 'node:fs';
import path from 'node:path';
import koffi, { type LibraryHandle } from 'koffi';
import { HarnessError } from '../model/harness-error.js';
import { sanitizerOf, type LibrarySanitizer } from '../toolchain/sanitizer-runtime.js';
import { checkBindings } from './symbol-bindings.js';

/**
 * Loads a shared library with koffi so that its own calls run its own code, and checks that they
 * do. By default with RTLD_DEEPBIND (koffi `deep`): the library and its dependencies are searched
 * before the global scope, where the host executable comes first (node exports its own zlib,
 * OpenSSL, brotli, libuv…, and Debian's libz would otherwise run node's `inflate`). A sanitizer
 * build is loaded without it (the ASan/TSan runtimes refuse RTLD_DEEPBIND) and relies on the
 * check. Side effect of deep binding: the library sees libc's own `environ` (NULL), not the one
 * node's copy relocation made (getenv still works).
 *
 * @throws HarnessError bad-library: missing or unloadable file, or a symbol bound to the host
 */
export function loadLibrary(file: string): LibraryHandle {
  if (!fs.existsSync(file)) {
    throw new HarnessError('bad-library', `library not found: ${file}`, {
      where: file,
      hint: 'build it first (ffi-fuzz build <crate>) or fix the path',
    });
  }
  const sanitizer = sanitizerOf(file);
  let lib: LibraryHandle;
  try {
    lib = sanitizer === null ? koffi.load(file, { deep: true }) : koffi.load(file);
  } catch (cause) {
    throw new HarnessError('bad-library', `cannot load library: ${(cause as Error).message}`, {
      where: file,
      cause,
      hint: 'is it a shared library for this platform (x86_64 Linux .so)?',
    });
  }
  refuseHostBindings(file, sanitizer);
  return lib;
}

/** Stops (bad-library, exit 2) when any symbol the library reaches through its GOT resolved into the host executable's code. */
export function refuseHostBindings(file: string, sanitizer: LibrarySanitizer): void {
  const { host, hostPath } = checkBindings(file);
  if (host.length === 0) return;
  const names = [...new Set(host.map((b) => b.symbol))];
  throw new HarnessError(
    'bad-library',
    `${names.length} symbol(s) ${path.basename(file)} calls resolve into ${hostPath}, not into the library or its dependencies (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}): its calls would run the host's copy of that code`,
    {
      where: file,
      hint:
        sanitizer !== null
          ? `a sanitizer build cannot be loaded with RTLD_DEEPBIND; link the library with -Wl,-Bsymbolic-functions so its own calls bind at link time`
          : 'the library was already loaded in this process without deep binding; load it by another path, or link it with -Wl,-Bsymbolic-functions',
    },
  );
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
