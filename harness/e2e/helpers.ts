import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { CrashRecord } from '../store/crash-record.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = path.join(ROOT, 'dist/harness/cli/main.js');

/** The release build of a bundled crate. */
export function library(crate: string): string {
  return path.join(ROOT, 'targets/target/release', `lib${crate.replace(/-/g, '_')}.so`);
}

/** A scratch directory removed after the test file (vitest runs files in separate processes). */
export function scratchDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-e2e-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the real CLI in a child process (no shell), with FUZZ_* variables of the caller removed. */
export function startCli(args: readonly string[], cwd: string = ROOT): ResultPromise<{ reject: false; all: false }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FUZZ_')));
  return execa(process.execPath, [CLI, ...args], { cwd, reject: false, env, extendEnv: false, stdin: 'ignore' }) as ResultPromise<{
    reject: false;
    all: false;
  }>;
}

export async function runCli(args: readonly string[], cwd?: string): Promise<CliResult> {
  const r = await startCli(args, cwd);
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Every crash record under a corpus root. */
export function crashRecords(out: string): { file: string; record: CrashRecord }[] {
  const found: { file: string; record: CrashRecord }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === 'crash.json') found.push({ file: p, record: JSON.parse(fs.readFileSync(p, 'utf8')) as CrashRecord });
    }
  };
  walk(out);
  return found;
}

/** The flags of a lean campaign under `dir`: no minimisation, no alignment sweep, the run summary as JSON on stdout. */
export function leanCampaign(dir: string): string[] {
  return [
    '--minimize-runs',
    '0',
    '--align-sweep',
    '0',
    '--json',
    '--out',
    path.join(dir, 'corpus'),
    '--reports',
    path.join(dir, 'reports'),
  ];
}
