import fs from 'node:fs';
import fc from 'fast-check';
import { callArbitrary } from '../../generate/arbitraries.js';
import { InputStream } from '../../generate/input-stream.js';
import { inputFromJson, inputToJson, type CallInput } from '../../model/call-input.js';
import type { RecorderSlot } from '../flight-recorder.js';
import type { BoundFunction } from '../invoke.js';
import { isErrorResult, judgeCall, type LastErrorMemory } from '../oracles.js';
import { renderResult, type Outcome } from '../../model/outcome.js';
import type { ConcurrentInput, EngineJob, EngineMessage, GenerateWork, ReplayWork, StressSettings } from '../protocol.js';
import { packScoutIndex, type AloneEntry, type ScoutWork } from './stress-protocol.js';
import { judgeConcurrent, type AloneResult, type DifferentialFunction } from './differential.js';
import { StressSync } from './stress-sync.js';

// Stress mode inside an engine child (see stress-protocol.ts for the two children):
//   runScout   one thread runs upcoming inputs of every thread's stream alone, with all the
//              sequential oracles, and reports what each did (result, last error)
//   runStress  every thread takes its next `burst` screened inputs; all are released at once,
//              run them together (`rounds` times) and compare each call with its result alone
// A crash kills the process; the flight recorder holds every thread's input.

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
/**
 * Times a burst runs together, back to back after one release. Screening an input is the
 * expensive part (a target that crashes alone restarts the scout); running it again together
 * costs one call, and keeps the threads' calls overlapping long after the release.
 */
export const STRESS_ROUNDS = 16;

/** Findings of one oracle on one function are reported a few times per worker, then only counted. */
const REPORTS_PER_KEY = 3;

/** One call: what the in-process oracles said, and what the differential oracle needs. */
interface CallResult {
  readonly outcome: Outcome;
  readonly alone: AloneResult;
}

/**
 * Screens the ranges alone on one thread, round robin across them (one input of each stream in
 * turn, so a scout cut short leaves every stream about as far along); posts findings and alone results.
 */
export function runScout(ctx: StressContext, work: ScoutWork): void {
  const { job, worker, post } = ctx;
  const calls = new Calls(ctx);
  const streams = streamsOf(ctx);
  const reported = new Map<string, number>();
  const cursors = work.ranges.map((r) => r.start);
  const skips = work.ranges.map((r) => new Set(r.skip));
  const previous = new Map<number, CallInput>();
  const results = fs.openSync(work.resultsPath, 'a');
  try {
    for (let step = 0, active = true; active; step++) {
      active = false;
      if ((step & 7) === 0 && work.deadline !== null && Date.now() >= work.deadline) break;
      work.ranges.forEach((range, i) => {
        while (cursors[i]! < range.end && skips[i]!.has(cursors[i]!)) cursors[i]!++;
        if (cursors[i]! >= range.end) return;
        active = true;
        const index = cursors[i]!++;
        const input = streams(range.stream).at(index);
        const { outcome, alone } = calls.alone(input, packScoutIndex(range.stream, index));
        fs.writeSync(results, `${JSON.stringify({ stream: range.stream, index, alone })}\n`);
        const before = previous.get(range.stream);
        previous.set(range.stream, input);
        if (outcome.kind === 'ok') return;
        const key = keyOf(input, outcome);
        reported.set(key, (reported.get(key) ?? 0) + 1);
        if (reported.get(key)! > REPORTS_PER_KEY) return;
        const preceding =
          outcome.kind === 'wrong-result' && outcome.oracle.startsWith('last-error') && before !== undefined ? [inputToJson(before)] : [];
        post({
          type: 'finding',
          runId: job.runId,
          finding: { worker: range.stream, streamIndex: index, input: inputToJson(input), preceding, outcome },
        });
      });
    }
  } finally {
    fs.closeSync(results);
  }
  post({ type: 'done', runId: job.runId, worker, next: 0 });
}

/** Runs screened inputs in bursts released together (see the top of this file); posts findings, then `done`. */
export function runStress(ctx: StressContext, work: GenerateWork, settings: StressSettings): void {
  const { job, worker, post } = ctx;
  const sync = new StressSync(ctx.shared, job.threads, worker);
  const calls = new Calls(ctx);
  const streams = streamsOf(ctx);
  const size = Math.max(1, settings.burst);
  const rounds = Math.max(1, settings.rounds ?? 1);
  const lists = aloneLists(settings.alone ?? []);
  const mine = lists(worker);
  const reported = new Map<string, number>();
  const report = (key: string) => reported.set(key, (reported.get(key) ?? 0) + 1).get(key)! <= REPORTS_PER_KEY;
  let next = work.starts[worker] ?? 0;

  for (let burst = 1; ; burst++) {
    const entries = mine.slice((burst - 1) * size, burst * size);
    const inputs = entries.map((e) => streams(worker).at(e.index));
    if (worker === 0 && work.deadline !== null && Date.now() >= work.deadline) sync.requestStop();
    if (!sync.vote(burst, entries.length > 0)) break;
    // One release per burst, then the rounds back to back: waking a thread takes longer than a
    // round of calls, so a release per round would let each thread finish before the next wakes.
    sync.barrier();
    for (let round = 0; round < rounds; round++) {
      entries.forEach((entry, k) => {
        const outcome = calls.together(inputs[k]!, entry.index, entry.alone);
        if (outcome.kind === 'ok' || !report(keyOf(inputs[k]!, outcome))) return;
        const concurrentWith = burstOf(job.threads, lists, size, burst, streams);
        post({
          type: 'finding',
          runId: job.runId,
          finding: { worker, streamIndex: entry.index, input: inputToJson(inputs[k]!), preceding: [], outcome, concurrentWith },
        });
      });
    }
    if (entries.length > 0) next = entries[entries.length - 1]!.index + 1;
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
  for (const [index, outcome] of outcomes.entries())
    post({ type: 'replayed', runId: job.runId, worker, index, outcome: outcome ?? { kind: 'ok', result: 'null' } });
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
    const reading =
      getter === undefined
        ? undefined
        : () => {
            read = { message: getter() };
            return read.message;
          };
    const outcome = judgeCall(fn, input, effects, reading, this.ctx.memory);
    const isError = isErrorResult(fn, effects.result);
    const message = isError && getter !== undefined ? (read ?? { message: getter() }).message : undefined;
    this.ctx.recorder.end();
    return {
      outcome,
      alone: { result: renderResult(effects.result), isError, message, ownMessage: message !== undefined && message !== before },
    };
  }

  /** Together: red zones and const inputs, then the comparison with the input alone. */
  together(input: CallInput, streamIndex: number, alone: AloneResult): Outcome {
    const c = this.callable(input.fn);
    const fn = c.bound.fn;
    this.ctx.recorder.begin(c.name, streamIndex, input.args);
    const effects = c.bound.invoke(input);
    const outcome = judgeCall(fn, input, effects, undefined, this.unjudged);
    const message =
      fn.errorReturn !== undefined && c.lastError !== undefined && isErrorResult(fn, effects.result) ? c.lastError() : undefined;
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

/** Thread w's seeded stream, built with the same arbitrary as worker-loop's generate work (same index, same input). */
function streamsOf(ctx: StressContext): (w: number) => InputStream {
  const fns = [...ctx.callables.values()].map((c) => c.bound.fn);
  const arbitrary = fns.length === 1 ? callArbitrary(fns[0]!) : fc.oneof(...fns.map(callArbitrary));
  const streams = new Map<number, InputStream>();
  return (w) => streams.get(w) ?? streams.set(w, new InputStream(arbitrary, ctx.job.seed, w)).get(w)!;
}

function keyOf(input: CallInput, outcome: Exclude<Outcome, { kind: 'ok' }>): string {
  return `${input.fn}:${outcome.kind === 'wrong-result' || outcome.kind === 'race' ? outcome.oracle : outcome.kind}`;
}

/** Every input of burst `burst` on every thread: the set that ran together (inputs regenerated from the streams). */
function burstOf(
  threads: number,
  lists: (w: number) => readonly AloneEntry[],
  size: number,
  burst: number,
  streams: (w: number) => InputStream,
): ConcurrentInput[] {
  return Array.from({ length: threads }, (_, w) =>
    lists(w)
      .slice((burst - 1) * size, burst * size)
      .map((e) => ({ worker: w, streamIndex: e.index, input: inputToJson(streams(w).at(e.index)) })),
  ).flat();
}

/** Worker w's screened inputs, read from its file when first needed (another thread's only when reporting). */
function aloneLists(files: readonly string[]): (w: number) => readonly AloneEntry[] {
  const read = new Map<number, readonly AloneEntry[]>();
  return (w) => {
    const file = files[w];
    if (file === undefined) return [];
    return read.get(w) ?? read.set(w, JSON.parse(fs.readFileSync(file, 'utf8')) as AloneEntry[]).get(w)!;
  };
}
