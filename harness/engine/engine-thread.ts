import type { LibraryHandle } from 'koffi';
import { bindFunction, loadLibrary } from '../ffi/load-library.js';
import { maxPlacedBytes } from '../ffi/resolve-params.js';
import type { ResolvedFunction, ResolvedTarget } from '../ffi/resolve-target.js';
import { loadTarget } from '../ffi/target-source.js';
import { Arena } from './arena.js';
import { StatsSlot } from './call-stats.js';
import { SancovRuntime } from './coverage/sancov-runtime.js';
import { armGuards } from './fault-guard.js';
import { FindingReporter } from './finding-reporter.js';
import { RecorderSlot } from './flight-recorder.js';
import { BoundFunction, type Releaser } from './invoke.js';
import { LifecycleModel } from './lifecycle-model.js';
import type { EngineJob, EngineMessage, WorkerData } from './protocol.js';
import { RecordedCall, type Callable } from './recorded-call.js';

/** One engine thread with the target loaded: what every kind of work runs on. */
export interface EngineThread {
  readonly job: EngineJob;
  readonly worker: number;
  /** Words shared by the threads of the child (replay barrier, stress bursts). */
  readonly barrier: SharedArrayBuffer;
  readonly target: ResolvedTarget;
  /** The functions this run calls (the job's, else all of the target's). */
  readonly fns: readonly ResolvedFunction[];
  /** The coverage shim's view of the counters, when the job loads one. */
  readonly sancov: SancovRuntime | undefined;
  readonly arena: Arena;
  readonly recorder: RecorderSlot;
  /** The one per-call path (recorded-call.ts). */
  readonly call: RecordedCall;
  /** A target with a lifecycle: the model its call sequences are judged by. */
  readonly model: LifecycleModel | undefined;
  readonly post: (message: EngineMessage) => void;
  readonly reporter: FindingReporter;
}

/**
 * Loads the target on this thread (koffi handles are per thread): the spec, the coverage shim
 * first when there is one, the library, an arena for the arguments, the fault guards, every
 * function bound with its last-error getter, and this thread's flight-recorder slot.
 */
export async function loadEngineThread(data: WorkerData, post: (message: EngineMessage) => void): Promise<EngineThread> {
  const { job, worker, barrier } = data;
  const target = await loadTarget(job.target);
  // The coverage shim goes first, globally: it defines the __sanitizer_cov_* symbols an instrumented library needs to load.
  const sancov = job.coverageShim ? SancovRuntime.load(job.coverageShim) : undefined;
  const lib = loadLibrary(job.libraryPath);
  const fns = target.functions.filter((f) => job.functions.length === 0 || job.functions.includes(f.name));
  const maxParams = Math.max(1, ...fns.map((f) => f.params.length));
  const maxBytes = Math.max(64, ...fns.flatMap((f) => f.params.map(maxPlacedBytes)));
  const arena = new Arena(maxParams, maxBytes + 64, job.seed ^ worker, job.guardPages ?? 'off');
  armGuards(job.faultShim, worker, arena.guardPages());
  const recorder = new RecorderSlot(job.recorderPath, worker);
  // A target with a lifecycle runs call sequences: handle arguments resolve to what earlier calls returned.
  const model = target.lifecycle === undefined ? undefined : new LifecycleModel(target.lifecycle, new Map(fns.map((f) => [f.name, f])));
  return {
    job,
    worker,
    barrier,
    target,
    fns,
    sancov,
    arena,
    recorder,
    call: new RecordedCall(
      recorder,
      bindCallables(lib, job, target, fns, arena),
      job.stats === undefined || job.stats === null ? undefined : new StatsSlot(job.stats, worker),
    ),
    model,
    post,
    reporter: new FindingReporter(job.runId, post),
  };
}

/** Every function of the run bound through the arena, with its last-error getter. */
function bindCallables(
  lib: LibraryHandle,
  job: EngineJob,
  target: ResolvedTarget,
  fns: readonly ResolvedFunction[],
  arena: Arena,
): Map<string, Callable> {
  const callables = new Map<string, Callable>();
  for (const fn of fns) {
    const call = bindFunction(
      lib,
      job.libraryPath,
      fn.koffiPrototype,
      fn.name,
      (l) => l.func(fn.koffiPrototype) as (...a: unknown[]) => unknown,
    );
    const helper = fn.lastError === undefined ? undefined : target.helpers.get(fn.lastError);
    const getter =
      helper === undefined || fn.lastError === undefined
        ? undefined
        : bindFunction(
            lib,
            job.libraryPath,
            helper.koffiPrototype,
            fn.lastError,
            (l) => l.func(helper.koffiPrototype) as () => string | null,
          );
    callables.set(fn.name, {
      bound: new BoundFunction(call, fn, arena, releaserOf(lib, job, target, fn)),
      name: Buffer.from(fn.name, 'latin1'),
      lastError: getter === undefined ? undefined : () => getter() ?? undefined,
      row: job.stats?.functions.indexOf(fn.name) ?? -1,
    });
  }
  return callables;
}

/** The spec's releaser of what `fn` returns, bound (a helper, or a function of the target). */
function releaserOf(lib: LibraryHandle, job: EngineJob, target: ResolvedTarget, fn: ResolvedFunction): Releaser | undefined {
  const name = fn.returns.kind === 'value' ? undefined : fn.returns.releaser;
  if (name === undefined) return undefined;
  const koffiPrototype = target.helpers.get(name)?.koffiPrototype ?? target.functions.find((f) => f.name === name)?.koffiPrototype;
  if (koffiPrototype === undefined) throw new Error(`the releaser ${name} of ${fn.name} was not resolved`);
  const free = bindFunction(lib, job.libraryPath, koffiPrototype, name, (l) => l.func(koffiPrototype) as (p: bigint) => unknown);
  return (pointer) => {
    free(pointer);
  };
}
