import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../model/project-root.js';

/** Source of the engine's fatal-signal handler (see the file's header). */
export const FAULT_GUARD_SOURCE = path.join(PROJECT_ROOT, 'harness/engine/native/fault-guard.c');

/** The C compiler: `$CC`, else `cc`. */
const compiler = (): string => process.env.CC ?? 'cc';

let built: { path: string | null; warning: string | null } | undefined;

/**
 * The fault guard built as a shared library, compiled once per source version into a cache
 * directory (`node_modules/.cache/ffi-fuzz`, or a per-user temp directory when that is not
 * writable). Null, with a warning to show once, when there is no C compiler: the engine then
 * runs without it and stack overflows and guard-page faults are reported as plain signals.
 */
export function faultShim(): { path: string | null; warning: string | null } {
  if (built !== undefined) return built;
  built = buildShim();
  return built;
}

function buildShim(): { path: string | null; warning: string | null } {
  let source: Buffer;
  try {
    source = fs.readFileSync(FAULT_GUARD_SOURCE);
  } catch {
    return {
      path: null,
      warning: `the fault guard source is missing (${FAULT_GUARD_SOURCE}): faults are reported without thread or guard-page details`,
    };
  }
  const digest = crypto.createHash('sha256').update(source).update(compiler()).digest('hex').slice(0, 16);
  const name = `libffz-fault-guard-${digest}.so`;
  for (const dir of cacheDirs()) {
    const target = path.join(dir, name);
    if (fs.existsSync(target)) return { path: target, warning: null };
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temp = `${target}.${process.pid}.tmp`;
      execFileSync(compiler(), ['-shared', '-fPIC', '-O2', '-g', '-o', temp, FAULT_GUARD_SOURCE], { stdio: ['ignore', 'ignore', 'pipe'] });
      fs.renameSync(temp, target);
      return { path: target, warning: null };
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stderr?: Buffer };
      if (e.code === 'ENOENT' && e.path === undefined) {
        return {
          path: null,
          warning: `no C compiler (${compiler()}): stack overflows and guard-page faults are reported as plain signals, without the faulting thread`,
        };
      }
      if (e.stderr !== undefined && e.stderr.length > 0) {
        return {
          path: null,
          warning: `building the fault guard failed: ${e.stderr.toString('utf8').trim().split('\n').slice(-3).join(' ')}`,
        };
      }
      // Not writable: try the next directory.
    }
  }
  return {
    path: null,
    warning: 'no writable cache directory for the fault guard: faults are reported without thread or guard-page details',
  };
}

/** Where the built shim is cached, in order of preference. */
function cacheDirs(): string[] {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return [path.join(PROJECT_ROOT, 'node_modules', '.cache', 'ffi-fuzz'), path.join(os.tmpdir(), `ffi-fuzz-${uid}`)];
}
