import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../model/project-root.js';

/**
 * A small C source of ffi-fuzz's own (harness/engine/native/*.c) built as a shared library, or
 * why it could not be: the callers decide whether that is an error (the coverage shim) or a
 * warning (the fault guard, the fork server).
 */
export type NativeLibrary =
  | { readonly path: string }
  | { readonly path: null; readonly failure: 'no-source' | 'no-compiler' | 'compile-error' | 'no-cache-dir'; readonly detail: string };

/** The C compiler: `$CC`, else `cc`. */
export const compiler = (): string => process.env.CC ?? 'cc';

const built = new Map<string, NativeLibrary>();

/** What to build: the C sources, headers they include (hashed, not compiled), extra compiler flags. */
export interface NativeSources {
  readonly sources: readonly string[];
  readonly headers?: readonly string[];
  readonly flags?: readonly string[];
}

/**
 * Compiles the sources once per source version, flags and compiler into a cache directory
 * (`node_modules/.cache/ffi-fuzz`, or a per-user temp directory when that is not writable), as
 * `lib<name>-<digest>.so`; later calls, in this process or another, reuse the file.
 */
export function nativeLibrary(what: string | NativeSources, name: string): NativeLibrary {
  const spec = typeof what === 'string' ? { sources: [what] } : what;
  const key = `${name}:${spec.sources.join(':')}`;
  const known = built.get(key);
  if (known !== undefined) return known;
  const result = build(spec, name);
  built.set(key, result);
  return result;
}

function build({ sources, headers = [], flags = [] }: NativeSources, name: string): NativeLibrary {
  const hash = crypto.createHash('sha256');
  for (const file of [...sources, ...headers]) {
    try {
      hash.update(fs.readFileSync(file));
    } catch {
      return { path: null, failure: 'no-source', detail: `${file} is missing` };
    }
  }
  const digest = hash.update(flags.join(' ')).update(compiler()).digest('hex').slice(0, 16);
  const file = `lib${name}-${digest}.so`;
  for (const dir of cacheDirs()) {
    const target = path.join(dir, file);
    if (fs.existsSync(target)) return { path: target };
    const temp = `${target}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(temp, '');
    } catch {
      continue; // not writable: try the next directory
    }
    try {
      execFileSync(compiler(), ['-shared', '-fPIC', '-O2', '-g', ...flags, '-o', temp, ...sources], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (error) {
      fs.rmSync(temp, { force: true });
      return compileFailure(error as NodeJS.ErrnoException & { stderr?: Buffer; status?: number | null });
    }
    fs.renameSync(temp, target);
    return { path: target };
  }
  return { path: null, failure: 'no-cache-dir', detail: `no writable cache directory (${cacheDirs().join(', ')})` };
}

/** Why the compiler did not build it: it is not there, or it failed (with its last lines). */
function compileFailure(e: NodeJS.ErrnoException & { stderr?: Buffer; status?: number | null }): NativeLibrary {
  if (e.code === 'ENOENT')
    return { path: null, failure: 'no-compiler', detail: `no C compiler (${compiler()}); install one (Debian: gcc) or set CC` };
  const said = e.stderr?.toString('utf8').trim().split('\n').slice(-3).join(' ');
  return { path: null, failure: 'compile-error', detail: said || `${compiler()} exited with code ${e.status ?? '?'}` };
}

/** Where built libraries are cached, in order of preference. */
function cacheDirs(): string[] {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return [path.join(PROJECT_ROOT, 'node_modules', '.cache', 'ffi-fuzz'), path.join(os.tmpdir(), `ffi-fuzz-${uid}`)];
}
