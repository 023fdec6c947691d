import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callArbitrary } from '../generate/arbitraries.js';
import { InputStream } from '../generate/input-stream.js';
import { inputToJson } from '../model/call-input.js';
import { loadTarget } from '../ffi/target-source.js';
import { SlotState } from '../engine/recorder-layout.js';
import { SLOT_FILE_HEADER } from '../engine/slot-file.js';
import { crashRecords, ROOT, runCli, scratchDir, startCli } from './helpers.js';

// The supervisor's side of "nothing is lost": deaths it did not cause (SIGKILL from outside,
// SIGSEGV, a hang) and deaths on one of many threads all leave the in-flight inputs on disk.

const outArgs = (dir: string) => ['--out', path.join(dir, 'corpus'), '--reports', path.join(dir, 'reports')];

/** Processes running engine-main.js whose parent is `parent`. */
function enginesUnder(parent: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === parent && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('engine-main.js');
      } catch {
        return false; // the process ended while we looked
      }
    })
    .map(Number);
}

/**
 * The process inside a native call of a running CLI's engine: the runner its engine child (a fork
 * server) forked, once the engine's flight recorder (named in the job file the child was started
 * with) says a call is in flight; undefined until then.
 */
function runnerInCall(cliPid: number): number | undefined {
  const [server] = enginesUnder(cliPid);
  if (server === undefined) return undefined;
  try {
    const jobFile = fs.readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0').filter(Boolean).at(-1)!;
    const { recorderPath } = JSON.parse(fs.readFileSync(jobFile, 'utf8')) as { recorderPath: string };
    const state = fs.readFileSync(recorderPath).readUInt32LE(SLOT_FILE_HEADER);
    return state === SlotState.InCall ? enginesUnder(server)[0] : undefined;
  } catch {
    return undefined; // not started yet
  }
}

/** Polls `predicate` every 50 ms, for at most 30 s. */
async function waitUntil(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('slow-calls', () => {
  it('should record the exact in-flight input when the child is SIGKILLed inside a slow native call', async () => {
    const dir = scratchDir();
    const cli = startCli(['fuzz', 'slow-calls', '--only', 'slow_sum', '--seed', '11', '--runs', '4', ...outArgs(dir)]);
    let child: number | undefined;
    await waitUntil(() => {
      child = runnerInCall(cli.pid!);
      return child !== undefined;
    }, 'a runner inside slow_sum');
    process.kill(child!, 'SIGKILL');
    const result = await cli;
    expect(result.exitCode).toBe(1);
    const [found] = crashRecords(path.join(dir, 'corpus'));
    expect(found?.record.signal).toBe('SIGKILL');
    expect(found!.record.function).toBe('slow_sum');
    // The recorded input is exactly input #streamIndex of thread 0's seeded stream.
    const target = await loadTarget({
      kind: 'module',
      module: path.join(ROOT, 'dist/targets/slow-calls/target.js'),
      specDir: path.join(ROOT, 'targets/slow-calls'),
    });
    const fn = target.functions.find((f) => f.name === 'slow_sum')!;
    const { streamIndex, input } = found!.record.inflight[0]!;
    expect(input).toEqual(inputToJson(new InputStream(callArbitrary(fn), 11, 0).at(streamIndex)));
  });

  it("should record every thread's in-flight input when one of 8 threads crashes", async () => {
    const dir = scratchDir();
    const result = await runCli([
      'fuzz',
      'slow-calls',
      '--only',
      'slow_sum,segv_if_ff',
      '--threads',
      '8',
      '--seed',
      '3',
      '--runs',
      '400',
      ...outArgs(dir),
    ]);
    expect(result.exitCode).toBe(1);
    const segv = crashRecords(path.join(dir, 'corpus')).find((r) => r.record.kind === 'segv');
    expect(segv?.record.signal).toBe('SIGSEGV');
    const { inflight, input } = segv!.record;
    expect(inflight.length).toBeGreaterThan(1);
    expect(new Set(inflight.map((i) => i.worker)).size).toBe(inflight.length);
    expect(inflight.some((i) => i.input.fn === 'slow_sum')).toBe(true);
    // Isolation found the culprit: the segv_if_ff call whose first byte is 0xff.
    expect(input?.fn).toBe('segv_if_ff');
    expect(input!.args[0]).toMatchObject({ kind: 'buffer', hex: expect.stringMatching(/^ff/) });
    expect(inflight.map((i) => i.input)).toContainEqual(input);
  });

  it('should turn a call stuck past --timeout into a timeout record that repro reproduces', async () => {
    const dir = scratchDir();
    const result = await runCli([
      'fuzz',
      'slow-calls',
      '--only',
      'hang_if_long',
      '--seed',
      '5',
      '--runs',
      '40',
      '--timeout',
      '1s',
      ...outArgs(dir),
    ]);
    expect(result.exitCode).toBe(1);
    const hang = crashRecords(path.join(dir, 'corpus')).find((r) => r.record.kind === 'timeout');
    expect(hang).toBeDefined();
    const arg = hang!.record.input!.args[1]!;
    expect(arg.kind).toBe('length');
    expect(hang!.record.input!.args[0]).toMatchObject({ kind: 'buffer' });
    const repro = await runCli(['repro', hang!.file, '--timeout', '1s']);
    expect(repro.stdout).toContain(`(same signature ${hang!.record.id})`);
    expect(repro.exitCode).toBe(1);
  });
});
