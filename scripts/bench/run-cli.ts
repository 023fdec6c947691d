import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../../harness/model/project-root.js';

/** The compiled CLI the whole-run figures come from. */
export const CLI = path.join(PROJECT_ROOT, 'dist/harness/cli/main.js');

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs `ffi-fuzz <args>` as users do (a child process, no shell), with the caller's FUZZ_* variables removed. */
export async function runCli(args: readonly string[]): Promise<CliRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FUZZ_')));
  const started = performance.now();
  const r = await execa(process.execPath, [CLI, ...args], { reject: false, env, extendEnv: false, stdin: 'ignore', cwd: PROJECT_ROOT });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), ms: performance.now() - started };
}

/**
 * `ffi-fuzz fuzz <spec> <flags> --json` alone: no minimisation or alignment sweep after the
 * campaign, its corpus and reports in a scratch folder removed afterwards.
 */
export async function runCampaignCli(spec: string, flags: readonly string[]): Promise<CliRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-campaign-'));
  try {
    const scratch = ['--out', path.join(dir, 'corpus'), '--reports', path.join(dir, 'reports')];
    return await runCli(['fuzz', spec, ...flags, '--minimize-runs', '0', '--align-sweep', '0', '--json', ...scratch]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The `--json` run summary a campaign printed on stdout; the error names the run when there is none. */
export function summaryOf<T>(run: CliRun, what: string): T {
  const start = run.stdout.indexOf('{');
  if (start < 0)
    throw new Error(`${what} printed no summary (exit ${run.exitCode}): ${run.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  return JSON.parse(run.stdout.slice(start)) as T;
}
