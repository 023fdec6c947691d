import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { DEFAULT_OPTIONS } from '../../harness/config/options.js';
import type { CallInputJson } from '../../harness/model/call-input.js';
import { PROJECT_ROOT } from '../../harness/model/project-root.js';
import type { TargetRef } from '../../harness/ffi/target-ref.js';
import { engineSetupOf } from '../../harness/supervise/child/engine-setup.js';
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

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Crash turnaround on the shipped chunk-parser: a serving engine child (ReplayServer, as minimize
 * uses it) is sent an input that aborts; from the moment the supervisor sees the child dead, how
 * long until the replacement child (started at once) has loaded the target and returned a call.
 * The reference, measured alternately with it: a bare `node` that imports koffi, loads the same
 * library, calls parse_chunk once and prints — the least any restart can cost.
 */
export async function measureTurnaround(ref: TargetRef, repeats: number): Promise<Figure[]> {
  const setup = engineSetupOf(ref, { ...DEFAULT_OPTIONS }, 1);
  const server = new ReplayServer(setup);
  const turnarounds: number[] = [];
  const dying: number[] = [];
  const bare: number[] = [];
  try {
    if ((await server.run([RETURNS])).kind !== 'survived') throw new Error('the serving engine died on an input that should return');
    for (let i = 0; i < repeats; i++) {
      const sent = performance.now();
      const crash = await server.run([ABORTS]);
      const dead = performance.now();
      if (crash.kind !== 'died') throw new Error('the aborting input did not kill the child: is this the shipped chunk-parser?');
      const next = await server.run([RETURNS]);
      if (next.kind !== 'survived') throw new Error('the replacement child died on an input that should return');
      turnarounds.push(performance.now() - dead);
      dying.push(dead - sent);
      bare.push(await bareStart(ref.libraryPath));
    }
  } finally {
    await server.close();
    fs.rmSync(setup.workDir, { recursive: true, force: true });
  }
  const reference = { name: 'bare node + koffi.load + 1 call', value: median(bare), unit: 'ms' };
  return [
    figure('turnaround', 'crash turnaround: death seen → next call returned', median(turnarounds), 'ms', reference, {
      goal: '≤ 1.5',
      note: `median of ${repeats}; all: ${turnarounds.map((t) => t.toFixed(0)).join(', ')} ms; bare: ${bare.map((t) => t.toFixed(0)).join(', ')} ms; dying (input sent → death seen, Rust backtrace printed): median ${median(dying).toFixed(0)} ms`,
    }),
  ];
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
