import path from 'node:path';
import { readRecorder } from '../../engine/recorder-reader.js';
import type { EngineJob } from '../../engine/protocol.js';
import { faultShim } from '../../toolchain/fault-shim.js';
import { coverageShimFor } from '../../toolchain/sancov-build.js';
import { engineEnvFor } from '../../toolchain/sanitizer-runtime.js';
import { backtraceEnv } from './backtrace-env.js';
import { childEndOf } from './child-end.js';
import type { ChildListener, ChildRun, ChildRunner, ChildWork } from './child-runner.js';
import type { EngineSetup } from './engine-setup.js';
import { runEngine } from './run-engine.js';

let runCounter = 0;

/**
 * One life in a new engine process: writes the job, starts and watches the child (run-engine.ts),
 * then reads its flight recorder. `wrap` runs the engine under another program (gdb).
 */
export async function runLife(
  setup: EngineSetup,
  threads: number,
  work: EngineJob['work'],
  listener: ChildListener,
  wrap?: readonly string[],
): Promise<ChildRun> {
  const runId = `${process.pid}-${++runCounter}`;
  const job: EngineJob = {
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
    statsPath: setup.statsPath ?? null,
  };
  const exit = await runEngine(job, {
    workDir: setup.workDir,
    slotSize: setup.slotSize,
    timeoutMs: setup.timeoutMs,
    rssLimitMb: setup.rssLimitMb,
    killGraceMs: setup.killGraceMs,
    // A sanitizer build of the library needs its runtime preloaded (sanitizer-runtime.ts); coverage work runs without backtraces.
    env: { ...backtraceEnv(work), ...engineEnvFor(setup.libraryPath) },
    onMessage: (m) => {
      if (m.runId === runId) listener.message(m);
    },
    ...(listener.tick === undefined ? {} : { onTick: listener.tick }),
    ...(listener.started === undefined ? {} : { onStart: listener.started }),
    ...(wrap === undefined ? {} : { wrap }),
  });
  return { end: childEndOf(exit), slots: readRecorder(job.recorderPath) };
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
