import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { DEFAULT_OPTIONS } from '../../harness/config/options.js';
import type { CallInputJson } from '../../harness/model/call-input.js';
import { PROJECT_ROOT } from '../../harness/model/project-root.js';
import type { TargetRef } from '../../harness/ffi/target-ref.js';
import type { ChildRunner } from '../../harness/supervise/child/child-runner.js';
import { engineSetupOf, replayWork } from '../../harness/supervise/child/engine-setup.js';
import { openRunners } from '../../harness/supervise/child/open-runners.js';
import { forkServerSupport } from '../../harness/toolchain/fork-server-support.js';
import { ReplayServer } from '../../harness/supervise/replay/replay-server.js';
import { figure, type Figure } from './figure.js';

/** A chunk parse_chunk accepts: 60 ASCII bytes, long enough for the "fast ASCII pre-scan". */
const CHUNK = Buffer.from('{"user_id":"u1","event_type":"click","timestamp":7,"payload":1}').toString('hex');
/** At an address 1 past 8-byte alignment, the shipped build's fast path fails its UB check and aborts. */
const ABORTS: CallInputJson = {
  fn: 'parse_chunk',
  args: [
    { kind: 'buffer', hex: CHUNK, align: 1 },
    { kind: 'length', of: 0 },
  ],
};
const RETURNS: CallInputJson = {
  fn: 'parse_chunk',
  args: [
    { kind: 'buffer', hex: CHUNK, align: 0 },
    { kind: 'length', of: 0 },
  ],
};

/** Fork-server crash/return pairs measured per repeat of the restart. */
const FORKS_PER_REPEAT = 3;

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Crash turnaround on the shipped chunk-parser: an engine is sent an input that aborts; from the
 * moment the supervisor sees the death, how long until the next call has returned. Measured
 * alternately, `repeats` times each:
 *   - today's restart: a serving engine child (ReplayServer, as minimize uses it), replaced at once;
 *   - the fork server: each input a life of its own in a runner forked from one loaded child;
 *   - a bare `node` that imports koffi, loads the same library, calls parse_chunk once and prints:
 *     the least any restart of a process can cost.
 */
export async function measureTurnaround(ref: TargetRef, repeats: number): Promise<Figure[]> {
  const support = forkServerSupport(ref.libraryPath);
  if (!support.available) throw new Error(`no fork server here: ${support.reason}`);
  const setup = engineSetupOf(ref, { ...DEFAULT_OPTIONS }, 1);
  const server = new ReplayServer(setup);
  const forking = openRunners(setup, { forkServer: true, warn: () => undefined }).open(1);
  const restarts: number[] = [];
  const forks: number[] = [];
  const dying: number[] = [];
  const bare: number[] = [];
  try {
    if ((await server.run([RETURNS])).kind !== 'survived') throw new Error('the serving engine died on an input that should return');
    await forkedLife(forking, RETURNS, 'finished');
    for (let i = 0; i < repeats; i++) {
      const sent = performance.now();
      const crash = await server.run([ABORTS]);
      const dead = performance.now();
      if (crash.kind !== 'died') throw new Error('the aborting input did not kill the child: is this the shipped chunk-parser?');
      const next = await server.run([RETURNS]);
      if (next.kind !== 'survived') throw new Error('the replacement child died on an input that should return');
      restarts.push(performance.now() - dead);
      dying.push(dead - sent);
      // A fork costs little: a few pairs per repeat give its median more samples under the same load.
      for (let k = 0; k < FORKS_PER_REPEAT; k++) {
        await forkedLife(forking, ABORTS, 'died');
        const forkDead = performance.now();
        forks.push((await forkedLife(forking, RETURNS, 'finished')) - forkDead);
      }
      bare.push(await bareStart(ref.libraryPath));
    }
  } finally {
    await Promise.all([server.close(), forking.close()]);
    fs.rmSync(setup.workDir, { recursive: true, force: true });
  }
  const ms = (values: readonly number[]) => values.map((t) => t.toFixed(1)).join(', ');
  const bareStartRef = { name: 'bare node + koffi.load + 1 call', value: median(bare), unit: 'ms' };
  const restartRef = { name: "today's restart (serving child replaced)", value: median(restarts), unit: 'ms' };
  return [
    figure('turnaround', 'crash turnaround, restart: death seen → next call returned', median(restarts), 'ms', bareStartRef, {
      goal: '≤ 1.5',
      note: `median of ${repeats}; all: ${ms(restarts)} ms; bare: ${ms(bare)} ms; dying (input sent → death seen, Rust backtrace printed): median ${median(dying).toFixed(0)} ms`,
    }),
    figure('turnaround', 'crash turnaround, fork server: death seen → next call returned', median(forks), 'ms', restartRef, {
      goal: 'value ≤ 5 ms',
      note: `median of ${forks.length}; all: ${ms(forks)} ms; a life per input, each in a runner forked from one loaded engine child; until its call's 'replayed' message (the runner's exit follows)`,
    }),
    figure('turnaround', 'crash turnaround, fork server vs a bare node start', median(forks), 'ms', bareStartRef),
  ];
}

/**
 * One input as a life of its own on the fork server, which must end as `expected`; returns when
 * the supervisor heard that its call returned (the runner's exit comes after, as a served child's
 * death comes after its reply).
 */
async function forkedLife(runner: ChildRunner, input: CallInputJson, expected: 'died' | 'finished'): Promise<number> {
  let returned = Number.NaN;
  const { end } = await runner.run(replayWork([input], false).work, {
    message: (m) => {
      if (m.type === 'replayed') returned = performance.now();
    },
  });
  if (end.how !== expected)
    throw new Error(`a fork-server life ${end.how === 'fault' ? `faulted: ${end.error.message}` : end.how}, expected ${expected}`);
  return returned;
}

/** Milliseconds from spawning a bare node to its first line, after it loaded koffi and the library and made one call. */
function bareStart(libraryPath: string): Promise<number> {
  const script = `import koffi from 'koffi'; const f = koffi.load(${JSON.stringify(libraryPath)}).func('int32_t parse_chunk(const uint8_t *p, int32_t n)'); const b = Buffer.from(${JSON.stringify(CHUNK)}, 'hex'); process.stdout.write(f(b, b.length) + '\\n');`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: PROJECT_ROOT,
    });
    let done = false;
    child.stdout.on('data', () => {
      if (!done) resolve(performance.now() - started);
      done = true;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!done) reject(new Error(`the bare node reference exited with ${code} before printing`));
    });
  });
}
