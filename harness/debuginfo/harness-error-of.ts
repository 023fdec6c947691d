/**
 * The one place where the ABI reader's errors become the CLI's: every {@link AbiError} code maps
 * to a HarnessError code (all of them exit 2: a bad library, spec or header, or a tool to
 * install) and a hint that says what to do next with ffi-fuzz. `abi`, `list`, `fuzz --lib`
 * discovery and the ABI gate of `fuzz` all go through here.
 */
import { HarnessError, type HarnessErrorCode } from '../model/harness-error.js';
import { AbiError, type AbiErrorCode } from './debuginfo-error.js';

const MAPPING: Readonly<Record<AbiErrorCode, { readonly code: HarnessErrorCode; readonly hint: string }>> = {
  'no-debug-info': {
    code: 'bad-library',
    hint: 'ffi-fuzz build <crate> builds with debug info (release profile with debug = true); pass that unstripped library with --lib',
  },
  'struct-not-found': {
    code: 'bad-spec',
    hint: "name the struct in the spec's structs as the library (and the header) spell it (rustc keeps only types that exported functions use: `ffi-fuzz list --lib <library>` shows them)",
  },
  'header-compile-failed': { code: 'bad-spec', hint: "fix the header, or the spec's header path (relative to the spec file)" },
  'bad-declaration': { code: 'bad-spec', hint: "declare each entry of the spec's structs with koffi.struct, koffi.pack or koffi.union" },
  'file-not-found': { code: 'bad-library', hint: 'build the library first (ffi-fuzz build <crate>) or fix the path' },
  'tool-missing': {
    code: 'usage',
    hint: 'the ABI check and function discovery need llvm-dwarfdump (apt-get install llvm), binutils (nm) and, for headers, a C compiler',
  },
  'tool-failed': {
    code: 'bad-library',
    hint: 'is it an ELF shared library? `file <library>` tells; rerun with the tool above by hand to see more',
  },
};

/** An AbiError as the HarnessError the CLI reports (exit 2); anything else is returned unchanged. */
export function harnessErrorOf(error: unknown): unknown {
  if (!(error instanceof AbiError)) return error;
  const { code, hint } = MAPPING[error.code];
  // A missing header is the spec's fault, a missing library the build's.
  const mapped =
    error.code === 'file-not-found' && error.context.file !== undefined && /\.(h|hpp|hh)$/.test(error.context.file) ? 'bad-spec' : code;
  return new HarnessError(mapped, error.message, {
    cause: error,
    hint,
    ...(error.context.file === undefined ? {} : { where: error.context.file }),
  });
}

/** Runs `read` (an ABI reader call), turning its AbiErrors into HarnessErrors. */
export function withAbiErrors<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw harnessErrorOf(error);
  }
}
