import fs from 'node:fs';
import path from 'node:path';
import { createStatsFile } from '../../engine/call-stats.js';
import { readStats, type CallStats } from '../../engine/call-stats-reader.js';
import { readRecorder } from '../../engine/recorder-reader.js';
import type { EngineJob } from '../../engine/protocol.js';
import { faultShim } from '../../toolchain/fault-shim.js';
import { coverageShimFor } from '../../toolchain/sancov-build.js';
import { engineEnvFor } from '../../toolchain/engine-preload.js';
import { backtraceEnv } from './backtrace-env.js';
import { childEndOf } from './child-end.js';
import type { ChildListener, ChildRun, ChildRunner, ChildWork } from './child-runner.js';
import type { EngineSetup } from './engine-setup.js';
import { runEngine } from './run-engine.js';

let runCounter = 0;

/**
 * The job of one engine child of `setup`: a fresh run id, its own flight recorder, the shims it
 * loads, and its call statistics file (a file of its own: lives of parallel lanes never share one).
 */
export function engineJobOf(setup: EngineSetup, threads: number, work: EngineJob['work']): EngineJob {
  const runId = `${process.pid}-${++runCounter}`;
  const stats = { path: path.join(setup.workDir, `stats-${runId}.bin`), functions: setup.calledFunctions, timed: setup.timed === true };
  fs.mkdirSync(setup.workDir, { recursive: true });
  createStatsFile(stats.path, threads, stats.functions.length);
  return {
    runId,
    target: setup.source,
    libraryPath: setup.libraryPath,
    recorderPath: path.join(setup.workDir, `recorder-${runId}.bin`),
    seed: setup.seed,
    threads,
    functions: setup.functions,
    work,
    // The fatal-signal handler (built once, cached) and the guard pages; see fault-shim.ts.
    faultShim: faultShim().path,
    guardPages: setup.guardPages ?? 'off',
    // An instrumented (--profile coverage) library loads only after the coverage shim; see sancov-build.ts.
    coverageShim: coverageShimFor(setup.libraryPath),
    stats,
  };
}

/**
 * One life in a new engine process: writes the job, starts and watches the child (run-engine.ts),
 * then reads its flight recorder and its call statistics. `wrap` runs the engine under another program (gdb).
 */
export async function runLife(
  setup: EngineSetup,
  threads: number,
  work: EngineJob['work'],
  listener: ChildListener,
  wrap?: readonly string[],
): Promise<ChildRun> {
  const job = engineJobOf(setup, threads, work);
  const exit = await runEngine(job, {
    workDir: setup.workDir,
    slotSize: setup.slotSize,
    timeoutMs: setup.timeoutMs,
    rssLimitMb: setup.rssLimitMb,
    killGraceMs: setup.killGraceMs,
    // A sanitizer build of the library needs its runtime preloaded (engine-preload.ts); coverage work runs without backtraces.
    env: { ...backtraceEnv(work), ...engineEnvFor(setup.libraryPath) },
    onMessage: (m) => {
      if (m.runId === job.runId) listener.message(m);
    },
    ...(listener.tick === undefined ? {} : { onTick: listener.tick }),
    ...(listener.started === undefined ? {} : { onStart: listener.started }),
    ...(wrap === undefined ? {} : { wrap }),
    ...(setup.stop === undefined ? {} : { stop: setup.stop }),
  });
  return { end: childEndOf(exit), slots: readRecorder(job.recorderPath), stats: takeStats(job, 'remove') };
}

/**
 * The call statistics a life left in its job's file; then the file is removed, or zeroed for the
 * next life (a fork server's runners all count into the file of the server's job).
 */
export function takeStats(job: EngineJob, then: 'remove' | 'zero'): CallStats {
  const { path: file, functions } = job.stats!;
  const calls = readStats(file, functions);
  if (then === 'zero') createStatsFile(file, job.threads, functions.length);
  else fs.rmSync(file, { force: true });
  return calls;
}

/** A new engine process for every life, on any number of threads; nothing is kept between lives. */
export class FreshRunner implements ChildRunner {
  /** @param wrap - argv the engine runs under (gdb); absent: the engine runs directly. */
  constructor(
    private readonly setup: EngineSetup,
    readonly threads: number,
    private readonly wrap?: readonly string[],
  ) {}

  run(work: ChildWork, listener: ChildListener): Promise<ChildRun> {
    return runLife(this.setup, this.threads, work, listener, this.wrap);
  }

  async close(): Promise<void> {}
}
