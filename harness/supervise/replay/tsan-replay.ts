import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../../model/harness-error.js';
import { buildCrate, profileRustflags } from '../../toolchain/build-crate.js';
import { resolveTarget } from '../../ffi/resolve-target.js';
import { locateSpec } from '../../ffi/target-ref.js';
import { loadSpec } from '../../ffi/target-source.js';
import type { CrashRecord, TsanAttachment } from '../../store/crash-record.js';
import { concurrentSet } from './concurrent-replay.js';
import { tsanHarnessSource } from './tsan-harness-source.js';
import { triageDeath } from '../capture/triage/classify.js';

/**
 * `repro <crash.json> --profile tsan`: ThreadSanitizer inside Node also reports races in Node's
 * own uninstrumented threads (sanitizer-runtime.ts), so a record's concurrent set is replayed in
 * a small native Rust program instead: the target crate is built with
 * `-Zsanitizer=thread`, the program (tsan-harness-source.ts) is generated, built with TSan and
 * run; the first report is parsed by triage and attached to the record.
 */

export interface TsanReplaySettings {
  /** The target's crate; by default the one the record's spec module names. */
  readonly crateDir: string | null;
  /** Times each thread runs its calls. */
  readonly rounds: number;
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
}

/** Longest TSan report kept in the record. */
const REPORT_MAX = 32 * 1024;
const TSAN_OPTIONS = 'halt_on_error=0:exitcode=66:report_signal_unsafe=0:second_deadlock_stack=1';

export async function tsanReplay(record: CrashRecord, settings: TsanReplaySettings): Promise<TsanAttachment> {
  const threads = concurrentSet(record);
  if (threads.length < 2) {
    throw new HarnessError('usage', `${record.id} ran on one thread: there is nothing for ThreadSanitizer to replay concurrently`, {
      hint: 'use --profile tsan on a record with `concurrent: true` (from --mode stress)',
    });
  }
  const crateDir = settings.crateDir ?? (await crateOf(record));
  const library = await buildCrate(crateDir, 'tsan', settings.log);
  const targetDir = path.dirname(path.dirname(library));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-tsan-'));
  try {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(
      path.join(dir, 'Cargo.toml'),
      '[package]\nname = "ffi_fuzz_tsan_replay"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n[profile.release]\ndebug = true\n',
    );
    fs.writeFileSync(path.join(dir, 'src', 'main.rs'), tsanHarnessSource(record.target.spec, threads, settings.rounds, record.id));
    settings.log(`building the TSan replay of ${threads.length} threads (${settings.rounds} rounds) in ${dir}`);
    // --export-dynamic: the TSan build of the library resolves the runtime's symbols in the program.
    const rustflags = `${profileRustflags('tsan')} -Clink-arg=-Wl,--export-dynamic`;
    const build = await execa(
      'cargo',
      ['build', '--release', '--quiet', '--manifest-path', path.join(dir, 'Cargo.toml'), '--target-dir', targetDir],
      {
        env: { RUSTFLAGS: rustflags, RUSTC_BOOTSTRAP: '1' },
        reject: false,
        stdin: 'ignore',
      },
    );
    if (build.failed) {
      throw new HarnessError('build-failed', 'building the TSan replay program failed', {
        where: path.join(dir, 'src', 'main.rs'),
        hint: String(build.stderr).split('\n').slice(-15).join('\n'),
      });
    }
    const run = await execa(path.join(targetDir, 'release', 'ffi_fuzz_tsan_replay'), [library], {
      env: { TSAN_OPTIONS, RUST_BACKTRACE: '1' },
      reject: false,
      stdin: 'ignore',
      timeout: settings.timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    const stderr = String(run.stderr);
    const triage = triageDeath({ signal: run.signal ?? null, exitCode: run.exitCode ?? null, stderr, timedOut: run.timedOut, oom: false });
    return {
      headline: triage.headline,
      id: triage.id,
      frames: triage.frames,
      report: firstReport(stderr),
      raced: triage.kind === 'race',
      rounds: settings.rounds,
      library,
      at: new Date().toISOString(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The crate behind a record's spec module (a bundled target, or a spec next to its crate). */
async function crateOf(record: CrashRecord): Promise<string> {
  const hint = 'pass the crate with --crate <dir>';
  if (record.target.specModule === null)
    throw new HarnessError('usage', `${record.id} came from --lib/--fn: the TSan replay needs the library's crate`, { hint });
  try {
    const located = locateSpec(record.target.specModule);
    const target = resolveTarget(await loadSpec({ kind: 'module', module: located.module, specDir: located.specDir }), located.specDir);
    if (target.library.kind === 'crate') return target.library.dir;
  } catch (error) {
    throw new HarnessError('usage', `cannot find the crate of ${record.target.specModule}: ${(error as Error).message}`, { hint });
  }
  throw new HarnessError(
    'usage',
    `the spec ${record.target.specModule} names a library file, not a crate: the TSan replay needs to build it`,
    { hint },
  );
}

/** The first TSan report, from its opening rule to its closing one (bounded). */
export function firstReport(stderr: string): string {
  const lines = stderr.split('\n');
  const start = lines.findIndex((l) => l.startsWith('WARNING: ThreadSanitizer'));
  if (start < 0) return '';
  let end = lines.findIndex((l, i) => i > start && /^={10,}\s*$/.test(l));
  if (end < 0) end = lines.length - 1;
  const from = start > 0 && /^={10,}\s*$/.test(lines[start - 1]!) ? start - 1 : start;
  return lines
    .slice(from, end + 1)
    .join('\n')
    .slice(0, REPORT_MAX);
}
