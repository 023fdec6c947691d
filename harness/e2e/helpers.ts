import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { RunSummary } from '../report/run-summary.js';
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

/** Starts the real CLI in a child process (no shell), with FUZZ_* variables of the caller removed and `extra` added. */
export function startCli(
  args: readonly string[],
  cwd: string = ROOT,
  extra: Readonly<Record<string, string>> = {},
): ResultPromise<{ reject: false; all: false }> {
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FUZZ_'))), ...extra };
  return execa(process.execPath, [CLI, ...args], { cwd, reject: false, env, extendEnv: false, stdin: 'ignore' }) as ResultPromise<{
    reject: false;
    all: false;
  }>;
}

/**
 * Runs the real CLI to the end. When it was given `--out DIR`, every crash record under DIR must
 * have a signature that names its bug (see {@link namelessSignatures}): checked here, for every
 * e2e run, so that no test can pass while the CLI writes a bucket of no bug in particular.
 */
export async function runCli(args: readonly string[], cwd?: string, env?: Readonly<Record<string, string>>): Promise<CliResult> {
  const r = await startCli(args, cwd, env);
  const out = args.indexOf('--out');
  if (out >= 0 && args[out + 1] !== undefined) {
    const nameless = namelessSignatures(path.resolve(cwd ?? ROOT, args[out + 1]!));
    if (nameless.length > 0) throw new Error(`records with a signature that names no bug:\n${nameless.join('\n')}`);
  }
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * Records under `out` whose signature has nothing that locates the bug: for a death, no location
 * and no in-target frames and no functions in flight (`kind | message | location | frames or
 * in flight | signal`); for an oracle finding, no function (`kind | fn | oracle | detail`).
 */
export function namelessSignatures(out: string): string[] {
  return crashRecords(out)
    .filter(({ record }) => {
      const fields = record.signature.split(' | ');
      return record.oracle === null ? (fields[2] ?? '') === '' && (fields[3] ?? '') === '' : (fields[1] ?? '') === '';
    })
    .map(({ file, record }) => `${file}: ${record.signature}`);
}

/** Every crash record under a corpus root. */
export function crashRecords(out: string): { file: string; record: CrashRecord }[] {
  const found: { file: string; record: CrashRecord }[] = [];
  const walk = (dir: string) => {
    // An --out the CLI refused may be a file: nothing under it.
    for (const entry of fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === 'crash.json') found.push({ file: p, record: JSON.parse(fs.readFileSync(p, 'utf8')) as CrashRecord });
    }
  };
  walk(out);
  return found;
}

/** One seed's campaign: what the CLI printed and the records it wrote. */
export interface SeedRun {
  readonly seed: string;
  readonly fuzz: CliResult;
  readonly records: { file: string; record: CrashRecord }[];
}

/** Runs `fuzz <target> …args --seed S` once per seed, each with its own scratch `--out` and `--reports`. */
export async function fuzzSeeds(target: string, seeds: readonly string[], args: readonly string[]): Promise<SeedRun[]> {
  const runs: SeedRun[] = [];
  for (const seed of seeds) {
    const dir = scratchDir();
    const corpus = path.join(dir, 'corpus');
    const fuzz = await runCli(['fuzz', target, ...args, '--seed', seed, '--out', corpus, '--reports', path.join(dir, 'reports')]);
    runs.push({ seed, fuzz, records: crashRecords(corpus) });
  }
  return runs;
}

/** The run folders under a reports root (each holds summary.json), oldest first. */
export function runDirs(reports: string): string[] {
  return fs.existsSync(reports)
    ? fs
        .readdirSync(reports)
        .filter((d) => fs.existsSync(path.join(reports, d, 'summary.json')))
        .sort()
        .map((d) => path.join(reports, d))
    : [];
}

/** The summary.json of the only run under a reports root. */
export function onlyRunSummary(reports: string): RunSummary {
  const dirs = runDirs(reports);
  if (dirs.length !== 1) throw new Error(`expected one run under ${reports}, found ${dirs.length}`);
  return JSON.parse(fs.readFileSync(path.join(dirs[0]!, 'summary.json'), 'utf8')) as RunSummary;
}

/** The flags of a campaign kept under `dir` (corpus and reports): no minimisation, no alignment sweep. */
export function scratchCampaign(dir: string): string[] {
  return ['--minimize-runs', '0', '--align-sweep', '0', '--out', path.join(dir, 'corpus'), '--reports', path.join(dir, 'reports')];
}

/** {@link scratchCampaign}, and the run summary as JSON on stdout. */
export function leanCampaign(dir: string): string[] {
  return [...scratchCampaign(dir), '--json'];
}
