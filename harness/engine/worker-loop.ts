import fc from 'fast-check';
import { bindFunction, loadLibrary } from '../ffi/load-library.js';
import { loadTarget } from '../ffi/target-source.js';
import { callArbitrary } from '../generate/arbitraries.js';
import { InputStream } from '../generate/input-stream.js';
import { Arena } from './arena.js';
import { inputFromJson, inputToJson, type CallInput } from '../model/call-input.js';
import { RecorderSlot } from './flight-recorder.js';
import { BoundFunction } from './invoke.js';
import { armGuards } from './fault-guard.js';
import { runCoverageWork } from './coverage/coverage-work.js';
import { SancovRuntime } from './coverage/sancov-runtime.js';
import { replayConcurrently, runScout, runStress } from './stress/stress-loop.js';
import { isErrorResult, judgeCall, type LastErrorMemory } from './oracles.js';
import { StatsSlot } from './call-stats.js';
import { LifecycleModel } from './lifecycle-model.js';
import { runSequences, runsSequences } from './sequence-loop.js';
import type { Outcome } from '../model/outcome.js';
import type { CallInputJson } from '../model/call-input.js';
import type { EngineMessage, GenerateWork, WorkerData } from './protocol.js';
import type { ScoutWork } from './stress/stress-protocol.js';

// The work of one engine thread: load the target (koffi handles are per thread), then run its
// share of inputs, writing each into its flight-recorder slot before the native call. Runs in a
// worker thread, or on the child's main thread when there is only one (a faster restart).

/** Requests a serving engine takes one at a time (minimisation reuses one child until it dies). */
export interface Inbox {
  next(): Promise<{ id: number; inputs: readonly CallInputJson[] } | null>;
  /** The work a standby engine waits for; null when told to stop instead. */
  nextWork(): Promise<GenerateWork | ScoutWork | null>;
}
/** Findings of one oracle on one function are reported a few times per worker, then only counted. */
const REPORTS_PER_KEY = 3;

interface Callable {
  readonly bound: BoundFunction;
  readonly name: Uint8Array;
  readonly lastError: (() => string | undefined) | undefined;
}

export async function runWorker(data: WorkerData, post: (message: EngineMessage) => void, inbox?: Inbox): Promise<void> {
  const { job, worker, barrier } = data;
  const target = await loadTarget(job.target);
  // The coverage shim goes first, globally: it defines the __sanitizer_cov_* symbols an instrumented library needs to load.
  const sancov = job.coverageShim ? SancovRuntime.load(job.coverageShim) : undefined;
  const lib = loadLibrary(job.libraryPath);
  const fns = target.functions.filter((f) => job.functions.length === 0 || job.functions.includes(f.name));
  const maxParams = Math.max(1, ...fns.map((f) => f.params.length));
  const maxBytes = Math.max(
    64,
    ...fns.flatMap((f) => f.params.map((p) => (p.role === 'buffer' ? p.maxLength : p.role === 'output' ? p.size : 0))),
  );
  const arena = new Arena(maxParams, maxBytes + 64, job.seed ^ worker, job.guardPages ?? 'off');
  armGuards(job.faultShim, worker, arena.guardPages());
  const callables = new Map<string, Callable>();
  for (const fn of fns) {
    const call = bindFunction(
      lib,
      job.libraryPath,
      fn.koffiPrototype,
      fn.name,
      (l) => l.func(fn.koffiPrototype) as (...a: unknown[]) => unknown,
    );
    const helper = fn.lastError === undefined ? undefined : target.helpers.get(fn.lastError)!;
    const getter =
      helper === undefined
        ? undefined
        : bindFunction(
            lib,
            job.libraryPath,
            helper.koffiPrototype,
            fn.lastError!,
            (l) => l.func(helper.koffiPrototype) as () => string | null,
          );
    callables.set(fn.name, {
      bound: new BoundFunction(call, fn, arena),
      name: Buffer.from(fn.name, 'latin1'),
      lastError: getter === undefined ? undefined : () => getter() ?? undefined,
    });
  }
  const recorder = new RecorderSlot(job.recorderPath, worker);
  // `compare` counts every returned call of generate work: latency and error return (call-stats.ts); set once the work is known.
  let stats: StatsSlot | undefined;
  const memory: LastErrorMemory = { result: undefined, message: undefined };
  let previous: CallInput | undefined;
  const reported = new Map<string, number>();
  // A target with a lifecycle runs call sequences: handle arguments resolve to what earlier calls returned.
  const model = target.lifecycle === undefined ? undefined : new LifecycleModel(target.lifecycle, new Map(fns.map((f) => [f.name, f])));

  // With a model, the call is judged as the next call of its sequence; with a step, the recorder keeps the prefix too.
  const runOne = (input: CallInput, streamIndex: number, sequence?: LifecycleModel, step = -1): Outcome => {
    const c = callables.get(input.fn);
    if (c === undefined) throw new Error(`input names function '${input.fn}', which this run does not load`);
    if (step < 0) recorder.begin(c.name, streamIndex, input.args);
    else recorder.beginSequence(c.name, streamIndex, input.args, step);
    const started = stats === undefined ? 0 : performance.now();
    const effects = c.bound.invoke(input, sequence?.resolve);
    stats?.record((performance.now() - started) * 1e6, isErrorResult(c.bound.fn, effects.result));
    const outcome = judgeCall(c.bound.fn, input, effects, c.lastError, memory);
    recorder.end();
    return sequence === undefined ? outcome : sequence.judge(input, effects.result, outcome);
  };
  post({ type: 'ready', runId: job.runId, worker });

  const work = job.work.kind === 'standby' ? await inbox?.nextWork() : job.work;
  if (work === undefined || work === null) {
    post({ type: 'done', runId: job.runId, worker, next: 0 });
    return;
  }
  if (job.statsPath && work.kind === 'generate') stats = new StatsSlot(job.statsPath, worker);
  if (work.kind === 'serve') {
    if (inbox === undefined) throw new Error('serve work needs an inbox (it runs on the main thread)');
    for (let request = await inbox.next(); request !== null; request = await inbox.next()) {
      memory.result = undefined;
      memory.message = undefined;
      model?.reset();
      const outcomes = request.inputs.map((j, i) => runOne(inputFromJson(j, `request ${request!.id} input ${i}`), i, model));
      post({ type: 'served', runId: job.runId, id: request.id, outcomes });
    }
    post({ type: 'done', runId: job.runId, worker, next: 0 });
    return;
  }
  if (work.kind === 'coverage' || work.kind === 'measure') {
    const next = await runCoverageWork({ job, worker, target, fns, sancov, run: (input, index) => runOne(input, index), post }, work);
    post({ type: 'done', runId: job.runId, worker, next });
    return;
  }
  const stress = { job, worker, shared: barrier, post, callables, recorder, memory };
  if (work.kind === 'replay' && (work.rounds !== undefined || work.differential === true)) return replayConcurrently(stress, work);
  if (work.kind === 'generate' && work.stress !== undefined) return runStress(stress, work, work.stress);
  if (work.kind === 'scout') return runScout(stress, work);
  if (work.kind === 'replay') {
    const inputs = (work.inputs[worker] ?? []).map((j, i) => inputFromJson(j, `replay input ${i} of worker ${worker}`));
    if (work.concurrent) awaitBarrier(barrier, job.threads);
    model?.reset();
    for (const [index, input] of inputs.entries())
      post({ type: 'replayed', runId: job.runId, worker, index, outcome: runOne(input, index, model) });
    post({ type: 'done', runId: job.runId, worker, next: inputs.length });
    return;
  }
  if (work.kind === 'generate' && runsSequences(target.lifecycle, fns)) {
    const next = runSequences(
      { runId: job.runId, worker, seed: job.seed, lifecycle: target.lifecycle, fns, model: model!, runOne, post },
      work,
    );
    post({ type: 'done', runId: job.runId, worker, next });
    return;
  }
  const arbitrary = fns.length === 1 ? callArbitrary(fns[0]!) : fc.oneof(...fns.map(callArbitrary));
  const stream = new InputStream(arbitrary, job.seed, worker);
  const end = work.ends[worker] ?? Number.POSITIVE_INFINITY;
  let i = work.starts[worker] ?? 0;
  for (; i < end; i++) {
    if ((i & 63) === 0 && work.deadline !== null && Date.now() >= work.deadline) break;
    const input = stream.at(i);
    let outcome = runOne(input, i);
    // Determinism, on a sample: the same input again must give the same result.
    if (outcome.kind === 'ok' && (i & 15) === 15 && callables.get(input.fn)!.bound.fn.deterministic) {
      const again = runOne(input, i);
      if (again.kind !== 'ok') outcome = again;
      else if (again.result !== outcome.result)
        outcome = {
          kind: 'wrong-result',
          result: again.result,
          oracle: 'determinism',
          message: `${input.fn} returned ${outcome.result}, then ${again.result} for the same input`,
        };
    }
    const before = previous;
    previous = input;
    if (outcome.kind === 'ok') continue;
    const key = `${input.fn}:${outcome.kind === 'wrong-result' ? outcome.oracle : outcome.kind}`;
    const count = (reported.get(key) ?? 0) + 1;
    reported.set(key, count);
    if (count <= REPORTS_PER_KEY)
      post({
        type: 'finding',
        runId: job.runId,
        finding: {
          worker,
          streamIndex: i,
          input: inputToJson(input),
          preceding: needsPrevious(outcome) && before !== undefined ? [inputToJson(before)] : [],
          outcome,
        },
      });
  }
  post({ type: 'done', runId: job.runId, worker, next: i });
}

/** The last-error oracles judge a call against the one before it: that call is part of the finding. */
function needsPrevious(outcome: Outcome): boolean {
  return outcome.kind === 'wrong-result' && outcome.oracle.startsWith('last-error');
}

/** Holds every worker until all have arrived, so their native calls overlap. */
function awaitBarrier(buffer: SharedArrayBuffer, parties: number): void {
  const words = new Int32Array(buffer);
  const generation = Atomics.load(words, 1);
  if (Atomics.add(words, 0, 1) + 1 === parties) {
    Atomics.store(words, 0, 0);
    Atomics.add(words, 1, 1);
    Atomics.notify(words, 1);
  } else {
    while (Atomics.load(words, 1) === generation) Atomics.wait(words, 1, generation, 1000);
  }
}
