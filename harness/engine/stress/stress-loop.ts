import fs from 'node:fs';
import { callStream } from '../../generate/call-stream.js';
import type { InputStream } from '../../generate/input-stream.js';
import { inputFromJson, inputToJson, type CallInput } from '../../model/call-input.js';
import { isFailure, type Outcome } from '../../model/outcome.js';
import type { EngineThread } from '../engine-thread.js';
import { precedingOf } from '../finding-reporter.js';
import type { ConcurrentInput, GenerateWork, ReplayWork, StressSettings } from '../protocol.js';
import type { AloneResult } from './differential.js';
import { AloneJudge, TogetherJudge } from './stress-judges.js';
import { StatefulnessLearner } from '../statefulness.js';
import { packScoutIndex, type AloneEntry, type ScoutWork } from './stress-protocol.js';
import { StressSync } from './stress-sync.js';

// Stress mode inside an engine child (see stress-protocol.ts for the two children):
//   runScout   one thread runs upcoming inputs of every thread's stream alone, with all the
//              sequential oracles, and reports what each did (result, last error)
//   runStress  every thread takes its next `burst` screened inputs; all are released at once,
//              run them together (`rounds` times) and compare each call with its result alone
// A crash kills the process; the flight recorder holds every thread's input.

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

/**
 * Screens the ranges alone on one thread, round robin across them (one input of each stream in
 * turn, so a scout cut short leaves every stream about as far along); posts findings and alone results.
 */
export function runScout(thread: EngineThread, work: ScoutWork): number {
  const judge = new AloneJudge();
  const streams = streamsOf(thread);
  // Its verdicts reach the stress child through the call statistics (LaneState.learned, StressSettings.compared).
  const learner = new StatefulnessLearner(thread.fns.length > 1, (fn, verdict) => thread.call.learned(fn, verdict));
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
        const { outcome, alone } = thread.call.run(input, packScoutIndex(range.stream, index), judge);
        fs.writeSync(results, `${JSON.stringify({ stream: range.stream, index, alone })}\n`);
        const before = previous.get(range.stream);
        previous.set(range.stream, input);
        if (isFailure(outcome)) thread.reporter.report(range.stream, index, input, outcome, precedingOf(outcome, before));
        else learnFrom(thread, learner, judge, input, alone.result, range.stream, index);
      });
    }
  } finally {
    fs.closeSync(results);
  }
  return 0;
}

/**
 * Feeds a call that returned alone to the statefulness learner, and runs its probe when one is due
 * (the probe's own failure is a finding about the probed input): a function's results are compared
 * together only once the scout has learned they do not depend on earlier calls.
 */
function learnFrom(
  thread: EngineThread,
  learner: StatefulnessLearner,
  judge: AloneJudge,
  input: CallInput,
  result: string,
  stream: number,
  index: number,
): void {
  if (!thread.call.callable(input.fn).bound.fn.deterministic) {
    learner.saw(input.fn);
    return;
  }
  learner.offer(input, result);
  const probe = learner.due(input.fn);
  if (probe === undefined) return;
  const again = thread.call.run(probe, packScoutIndex(stream, index), judge);
  if (isFailure(again.outcome)) thread.reporter.report(stream, index, probe, again.outcome);
  else learner.settle(probe, again.alone.result);
}

/** Runs screened inputs in bursts released together (see the top of this file); posts findings; returns the next index. */
export function runStress(thread: EngineThread, work: GenerateWork, settings: StressSettings): number {
  const { job, worker } = thread;
  const sync = new StressSync(thread.barrier, job.threads, worker);
  const judge = new TogetherJudge(settings.compared === undefined ? undefined : new Set(settings.compared));
  const streams = streamsOf(thread);
  const size = Math.max(1, settings.burst);
  const rounds = Math.max(1, settings.rounds ?? 1);
  const lists = aloneLists(settings.alone ?? []);
  const mine = lists(worker);
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
        judge.alone = entry.alone;
        const outcome = thread.call.run(inputs[k]!, entry.index, judge);
        if (isFailure(outcome))
          thread.reporter.report(worker, entry.index, inputs[k]!, outcome, [], () => burstOf(job.threads, lists, size, burst, streams));
      });
    }
    if (entries.length > 0) next = entries[entries.length - 1]!.index + 1;
  }
  return next;
}

/**
 * Replays a concurrent set: every thread runs its inputs `rounds` times after one release. With
 * `differential`, each input first runs alone (threads taking turns) and every concurrent call is
 * compared with that. Posts one outcome per input (the first failure seen, else the last result).
 */
export function replayConcurrently(thread: EngineThread, work: ReplayWork): number {
  const { job, worker, post } = thread;
  const sync = new StressSync(thread.barrier, job.threads, worker);
  const together = new TogetherJudge();
  const inputs = (work.inputs[worker] ?? []).map((json, i) => inputFromJson(json, `replay input ${i} of worker ${worker}`));
  let alone: AloneResult[] | undefined;
  if (work.differential === true) {
    const judge = new AloneJudge();
    sync.awaitTurn(1);
    alone = inputs.map((input, k) => thread.call.run(input, k, judge).alone);
    sync.passTurn(1);
  }
  sync.barrier();
  const outcomes: (Outcome | undefined)[] = new Array(inputs.length);
  const rounds = Math.max(1, work.rounds ?? 1);
  for (let round = 0; round < rounds && !outcomes.some((o) => o !== undefined && isFailure(o)); round++) {
    inputs.forEach((input, k) => {
      together.alone = alone?.[k];
      const outcome = thread.call.run(input, k, together);
      if (outcomes[k] === undefined || !isFailure(outcomes[k]!)) outcomes[k] = outcome;
    });
  }
  for (const [index, outcome] of outcomes.entries())
    post({ type: 'replayed', runId: job.runId, worker, index, outcome: outcome ?? { kind: 'ok', result: 'null' } });
  return inputs.length;
}

/** Thread w's seeded stream, the same as property mode's (same index, same input). */
function streamsOf(thread: EngineThread): (w: number) => InputStream {
  const streams = new Map<number, InputStream>();
  return (w) => streams.get(w) ?? streams.set(w, callStream(thread.fns, thread.job.seed, w)).get(w)!;
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
