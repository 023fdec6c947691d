import fc from 'fast-check';
import { callArbitrary } from '../../generate/arbitraries.js';
import { InputStream } from '../../generate/input-stream.js';
import { inputFromJson, inputToJson, type CallInput } from '../call-input.js';
import type { RecorderSlot } from '../flight-recorder.js';
import type { BoundFunction } from '../invoke.js';
import { isErrorResult, judgeCall, type LastErrorMemory } from '../oracles.js';
import { renderResult, type Outcome } from '../outcome.js';
import type { ConcurrentInput, EngineJob, EngineMessage, GenerateWork, ReplayWork, StressSettings } from '../protocol.js';
import { judgeConcurrent, type AloneResult, type DifferentialFunction } from './differential.js';
import { StressSync } from './stress-sync.js';

// Stress mode inside one engine thread. Every thread runs the same loop in lock step:
//   vote    all threads agree whether to go on (a thread may not leave while others wait)
//   alone   each thread runs its next `burst` inputs with no other thread calling the library,
//           one thread after another, and remembers what each did (result, last error)
//   together all threads are released at once and run the same inputs again, overlapping;
//           each call is compared with its result alone (differential.ts)
// A crash in either phase kills the process; the flight recorder holds every thread's input.

/** What stress mode needs of a bound function (worker-loop's Callable). */
export interface StressCallable {
  readonly bound: BoundFunction;
  readonly name: Uint8Array;
  readonly lastError: (() => string | undefined) | undefined;
}

/** The engine thread's state that stress mode runs on. */
export interface StressContext {
  readonly job: EngineJob;
  readonly worker: number;
  readonly shared: SharedArrayBuffer;
  readonly post: (message: EngineMessage) => void;
  readonly callables: ReadonlyMap<string, StressCallable>;
  readonly recorder: RecorderSlot;
  readonly memory: LastErrorMemory;
}

/**
 * Inputs each thread runs per burst. Long enough that the threads' calls overlap for many
 * calls after a release (waking a thread takes longer than one call), short enough that a
 * race finding's concurrent set stays small.
 */
export const STRESS_BURST = 16;

/** Findings of one oracle on one function are reported a few times per worker, then only counted. */
const REPORTS_PER_KEY = 3;

/** One call: what the in-process oracles said, and what the differential oracle needs. */
interface CallResult {
  readonly outcome: Outcome;
  readonly alone: AloneResult;
}

/** Runs generate work in bursts (see the top of this file); posts findings, then `done`. */
export function runStress(ctx: StressContext, work: GenerateWork, settings: StressSettings): void {
  const { job, worker, post } = ctx;
  const sync = new StressSync(ctx.shared, job.threads, worker);
  const calls = new Calls(ctx);
  const arbitrary = arbitraryOf(ctx);
  const streams = new Map<number, InputStream>();
  const streamOf = (w: number) => streams.get(w) ?? streams.set(w, new InputStream(arbitrary, job.seed, w)).get(w)!;
  const burstSize = Math.max(1, settings.burst);
  const reported = new Map<string, number>();
  const report = (key: string) => (reported.set(key, (reported.get(key) ?? 0) + 1).get(key)! <= REPORTS_PER_KEY);
  const end = work.ends[worker] ?? Number.POSITIVE_INFINITY;
  let next = work.starts[worker] ?? 0;
  let previous: CallInput | undefined;

  for (let burst = 1; ; burst++) {
    const first = next;
    const inputs = Array.from({ length: Math.max(0, Math.min(burstSize, end - first)) }, (_, k) => streamOf(worker).at(first + k));
    if (worker === 0 && work.deadline !== null && Date.now() >= work.deadline) sync.requestStop();
    if (!sync.vote(burst, inputs.length > 0)) break;

    sync.awaitTurn(burst);
    const alone = inputs.map((input, k) => calls.alone(input, first + k));
    sync.passTurn(burst);
    alone.forEach(({ outcome }, k) => {
      const input = inputs[k]!;
      const before = previous;
      previous = input;
      if (outcome.kind === 'ok' || !report(keyOf(input, outcome))) return;
      const preceding = outcome.kind === 'wrong-result' && outcome.oracle.startsWith('last-error') && before !== undefined ? [inputToJson(before)] : [];
      post({ type: 'finding', runId: job.runId, finding: { worker, streamIndex: first + k, input: inputToJson(input), preceding, outcome } });
    });

    sync.barrier();
    inputs.forEach((input, k) => {
      const outcome = calls.together(input, first + k, alone[k]!.alone);
      if (outcome.kind === 'ok' || alone[k]!.outcome.kind !== 'ok' || !report(keyOf(input, outcome))) return;
      const concurrentWith = burstInputs(job, work, burstSize, burst, (w) => (w === worker ? inputs : undefined), streamOf);
      post({ type: 'finding', runId: job.runId, finding: { worker, streamIndex: first + k, input: inputToJson(input), preceding: [], outcome, concurrentWith } });
    });
    next = first + inputs.length;
  }
  post({ type: 'done', runId: job.runId, worker, next });
}

/**
 * Replays a concurrent set: every thread runs its inputs `rounds` times after one release. With
 * `differential`, each input first runs alone (threads taking turns) and every concurrent call is
 * compared with that. Posts one outcome per input (the first failure seen, else the last result).
 */
export function replayConcurrently(ctx: StressContext, work: ReplayWork): void {
  const { job, worker, post } = ctx;
  const sync = new StressSync(ctx.shared, job.threads, worker);
  const calls = new Calls(ctx);
  const inputs = (work.inputs[worker] ?? []).map((json, i) => inputFromJson(json, `replay input ${i} of worker ${worker}`));
  let alone: AloneResult[] | undefined;
  if (work.differential === true) {
    sync.awaitTurn(1);
    alone = inputs.map((input, k) => calls.alone(input, k).alone);
    sync.passTurn(1);
  }
  sync.barrier();
  const outcomes: (Outcome | undefined)[] = new Array(inputs.length);
  const rounds = Math.max(1, work.rounds ?? 1);
  for (let round = 0; round < rounds && !outcomes.some((o) => o !== undefined && o.kind !== 'ok'); round++) {
    inputs.forEach((input, k) => {
      const outcome = alone === undefined ? calls.plain(input, k) : calls.together(input, k, alone[k]!);
      if (outcomes[k] === undefined || outcomes[k]!.kind === 'ok') outcomes[k] = outcome;
    });
  }
  outcomes.forEach((outcome, index) => post({ type: 'replayed', runId: job.runId, worker, index, outcome: outcome ?? { kind: 'ok', result: 'null' } }));
  post({ type: 'done', runId: job.runId, worker, next: inputs.length });
}

/** The three ways stress mode calls a function, each recorded in the flight recorder first. */
class Calls {
  private readonly unjudged: LastErrorMemory = { result: undefined, message: undefined };

  constructor(private readonly ctx: StressContext) {}

  /** Alone: every in-process oracle, and what the call did for the differential oracle. */
  alone(input: CallInput, streamIndex: number): CallResult {
    const c = this.callable(input.fn);
    const fn = c.bound.fn;
    const getter = fn.errorReturn === undefined ? undefined : c.lastError;
    const before = getter?.();
    this.ctx.recorder.begin(c.name, streamIndex, input.args);
    const effects = c.bound.invoke(input);
    let read: { message: string | undefined } | undefined;
    const reading = getter === undefined ? undefined : () => (read = { message: getter() }).message;
    const outcome = judgeCall(fn, input, effects, reading, this.ctx.memory);
    const isError = isErrorResult(fn, effects.result);
    const message = isError && getter !== undefined ? (read ?? { message: getter() }).message : undefined;
    this.ctx.recorder.end();
    return { outcome, alone: { result: renderResult(effects.result), isError, message, ownMessage: message !== undefined && message !== before } };
  }

  /** Together: red zones and const inputs, then the comparison with the input alone. */
  together(input: CallInput, streamIndex: number, alone: AloneResult): Outcome {
    const c = this.callable(input.fn);
    const fn = c.bound.fn;
    this.ctx.recorder.begin(c.name, streamIndex, input.args);
    const effects = c.bound.invoke(input);
    const outcome = judgeCall(fn, input, effects, undefined, this.unjudged);
    const message = fn.errorReturn !== undefined && c.lastError !== undefined && isErrorResult(fn, effects.result) ? c.lastError() : undefined;
    this.ctx.recorder.end();
    if (outcome.kind !== 'ok') return outcome;
    return judgeConcurrent(differentialOf(c), alone, renderResult(effects.result), message) ?? outcome;
  }

  /** Plain: the in-process oracles only (replaying a concurrent crash). */
  plain(input: CallInput, streamIndex: number): Outcome {
    const c = this.callable(input.fn);
    this.ctx.recorder.begin(c.name, streamIndex, input.args);
    const outcome = judgeCall(c.bound.fn, input, c.bound.invoke(input), undefined, this.unjudged);
    this.ctx.recorder.end();
    return outcome;
  }

  private callable(fn: string): StressCallable {
    const c = this.ctx.callables.get(fn);
    if (c === undefined) throw new Error(`input names function '${fn}', which this run does not load`);
    return c;
  }
}

function differentialOf(c: StressCallable): DifferentialFunction {
  const fn = c.bound.fn;
  const returnsAddress = fn.prototype.returns.kind === 'pointer' && !fn.koffiPrototype.startsWith('const char *');
  // A function the spec declares non-deterministic (`contract.deterministic: false`) has no result to compare.
  return { name: fn.name, lastError: fn.lastError, comparesResult: !returnsAddress && fn.deterministic };
}

/** The same input arbitrary as worker-loop's generate work, so stream indexes mean the same input. */
function arbitraryOf(ctx: StressContext): fc.Arbitrary<CallInput> {
  const fns = [...ctx.callables.values()].map((c) => c.bound.fn);
  return fns.length === 1 ? callArbitrary(fns[0]!) : fc.oneof(...fns.map(callArbitrary));
}

function keyOf(input: CallInput, outcome: Exclude<Outcome, { kind: 'ok' }>): string {
  return `${input.fn}:${outcome.kind === 'wrong-result' || outcome.kind === 'race' ? outcome.oracle : outcome.kind}`;
}

/**
 * Every input of burst `burst` on every thread. Streams are seeded per thread, so any thread can
 * regenerate another's inputs from the job: thread w's burst b starts b-1 bursts after its start.
 */
function burstInputs(
  job: EngineJob,
  work: GenerateWork,
  size: number,
  burst: number,
  known: (w: number) => readonly CallInput[] | undefined,
  streamOf: (w: number) => InputStream,
): ConcurrentInput[] {
  const out: ConcurrentInput[] = [];
  for (let w = 0; w < job.threads; w++) {
    const start = work.starts[w] ?? 0;
    const room = Math.max(0, (work.ends[w] ?? Number.POSITIVE_INFINITY) - start);
    const first = start + Math.min((burst - 1) * size, room);
    const count = Math.max(0, Math.min(size, start + room - first));
    const inputs = known(w) ?? Array.from({ length: count }, (_, k) => streamOf(w).at(first + k));
    inputs.forEach((input, k) => out.push({ worker: w, streamIndex: first + k, input: inputToJson(input) }));
  }
  return out;
}
