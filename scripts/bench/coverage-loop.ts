import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import koffi from 'koffi';
import type { CoverageStats } from '../../harness/engine/coverage/coverage-protocol.js';
import { createRoundMarker } from '../../harness/engine/coverage/round-marker.js';
import { createRecorderFile } from '../../harness/engine/flight-recorder.js';
import { slotSizeFor } from '../../harness/engine/recorder-layout.js';
import type { EngineJob, EngineMessage } from '../../harness/engine/protocol.js';
import { SHARED_BYTES } from '../../harness/engine/stress/stress-sync.js';
import { runWorker } from '../../harness/engine/worker-loop.js';
import type { InlineSpec } from '../../harness/ffi/inline-spec.js';
import { coverageShimFor } from '../../harness/toolchain/sancov-build.js';

/** Upper bound on the executions spent building the starting corpus (coverage-loop.ts generates 16 calls). */
const STARTING_CORPUS = 16;

/** What `npm run bench` asks for: one instrumented function, how many executions. */
export interface CoverageBenchOptions {
  /** A `--profile coverage` build of the library. */
  readonly libraryPath: string;
  /** The function, as a C prototype with parameter names, e.g. `int32_t sum64(const uint8_t *p, int32_t n)`. */
  readonly prototype: string;
  /** Coverage-mode executions to time (after the starting corpus is built). */
  readonly execs: number;
  /** Longest buffer the mutator makes. @defaultValue 64 */
  readonly maxLength?: number;
  /** @defaultValue 1 */
  readonly seed?: number;
}

export interface CoverageBenchResult {
  /** Executions timed: mutate, flight recorder, red zones, the call, oracles, counter scan. */
  readonly execs: number;
  readonly ms: number;
  readonly execsPerSecond: number;
  /** CPU time of this process over the same executions, and the rate per CPU second (steadier on a busy machine). */
  readonly cpuMs: number;
  readonly execsPerCpuSecond: number;
  /** Edges the runs reached, of the counters the library has. */
  readonly edges: number;
  readonly counters: number;
}

/**
 * Runs `execs` coverage-mode executions of one function in this process — the engine's own loop
 * (worker-loop.ts → coverage-loop.ts) with the flight recorder and canaries on, no child process
 * and no IPC — and times them from the end of the starting corpus to the last execution. For the
 * benchmark, next to {@link rawCallRate} of the same function.
 */
export async function benchCoverageExecs(options: CoverageBenchOptions): Promise<CoverageBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-bench-'));
  try {
    const name = /([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(options.prototype)?.[1] ?? 'f';
    const buffer = /\(\s*(?:const\s+)?(?:uint8_t|char|unsigned char|void)\s*\*\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(options.prototype)?.[1];
    const spec: InlineSpec = {
      name: 'bench',
      functions: {
        [name]: {
          prototype: options.prototype,
          ...(buffer === undefined ? {} : { params: { [buffer]: { maxLength: options.maxLength ?? 64 } } }),
        },
      },
    };
    const recorderPath = path.join(dir, 'recorder.bin');
    createRecorderFile(recorderPath, 1, slotSizeFor(8, (options.maxLength ?? 64) + 64));
    const markerPath = path.join(dir, 'round.bin');
    createRoundMarker(markerPath);
    const job: EngineJob = {
      runId: 'bench',
      target: { kind: 'inline', spec, specDir: dir },
      libraryPath: options.libraryPath,
      recorderPath,
      seed: options.seed ?? 1,
      threads: 1,
      functions: [],
      coverageShim: coverageShimFor(options.libraryPath),
      work: {
        kind: 'coverage',
        job: 0,
        restart: 0,
        corpusRoot: path.join(dir, 'corpus'),
        targetName: 'bench',
        runs: options.execs + STARTING_CORPUS,
        deadline: null,
        firstExec: 0,
        dictionary: [],
        syncMs: 3_600_000,
        skip: [],
        penalize: [],
        markerPath,
      },
    };
    const stats: { at: number; cpu: NodeJS.CpuUsage; stats: CoverageStats }[] = [];
    const post = (m: EngineMessage): void => {
      if (m.type === 'coverage-stats') stats.push({ at: performance.now(), cpu: process.cpuUsage(), stats: m.stats });
    };
    // One run: the starting corpus (a few generated calls), then mutation until the budget. The
    // first stats message is posted when the corpus is built: the clock starts there.
    await runWorker({ job, worker: 0, barrier: new SharedArrayBuffer(SHARED_BYTES) }, post);
    const first = stats[0]!;
    const last = stats[stats.length - 1]!;
    const ms = last.at - first.at;
    const execs = last.stats.execs - first.stats.execs;
    const cpuMs = (last.cpu.user + last.cpu.system - first.cpu.user - first.cpu.system) / 1000;
    return {
      execs,
      ms,
      execsPerSecond: execs / Math.max(1e-9, ms / 1000),
      cpuMs,
      execsPerCpuSecond: execs / Math.max(1e-9, cpuMs / 1000),
      edges: last.stats.edges,
      counters: last.stats.counters,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The raw koffi call rate of the same function: a loop calling it with one fixed buffer (coverage
 * shim loaded, counters counting, nothing read). The ceiling the coverage loop is compared with.
 */
export function rawCallRate(
  libraryPath: string,
  prototype: string,
  calls: number,
  bytes: Uint8Array = new Uint8Array(32),
): { calls: number; ms: number; callsPerSecond: number; callsPerCpuSecond: number } {
  const shim = coverageShimFor(libraryPath);
  if (shim !== null) koffi.load(shim, { global: true });
  const lib = koffi.load(libraryPath);
  const takesBuffer = /\*/.test(prototype);
  const fn = lib.func(prototype) as (...args: unknown[]) => unknown;
  const buffer = Buffer.from(bytes);
  const cpu = process.cpuUsage();
  const start = performance.now();
  if (takesBuffer) for (let i = 0; i < calls; i++) fn(buffer, buffer.length);
  else for (let i = 0; i < calls; i++) fn(i);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return {
    calls,
    ms,
    callsPerSecond: calls / Math.max(1e-9, ms / 1000),
    callsPerCpuSecond: calls / Math.max(1e-9, (used.user + used.system) / 1e6),
  };
}
