import { emptyStats } from '../../../engine/call-stats-reader.js';
import type { SlotRecord } from '../../../engine/recorder-reader.js';
import type { EngineMessage } from '../../../engine/protocol.js';
import type { InlineSpec } from '../../../ffi/inline-spec.js';
import { inputToJson, type CallInput, type CallInputJson } from '../../../model/call-input.js';
import type { CaptureContext } from '../../capture/crash-capture.js';
import { childEndOf, type ChildExit } from '../../child/child-end.js';
import type { ChildListener, ChildRun } from '../../child/child-runner.js';

// The fake engine's inputs, records and ends (fake-engine.ts runs the work).

/** What the fake target does with one input. */
export type Effect = 'ok' | 'segv' | 'panic' | 'hang' | 'fault' | 'wrong';

/** The fake's input for (stream, index): two integers, so a replay knows what it replays. */
export function inputOf(stream: number, index: number): CallInput {
  return {
    fn: 'f',
    args: [
      { kind: 'int', value: BigInt(stream) },
      { kind: 'int', value: BigInt(index) },
    ],
  };
}

export function streamOf(input: CallInputJson): { stream: number; index: number } {
  const [stream, index] = input.args.map((a) => (a.kind === 'int' ? Number(a.value) : -1));
  return { stream: stream ?? -1, index: index ?? -1 };
}

/** The spec the fake's records name. */
export const FAKE_SPEC: InlineSpec = { name: 'fake', functions: { f: { prototype: 'int32_t f(int32_t stream, int32_t index)' } } };

/** A capture context for records of the fake target. */
export function fakeCapture(): CaptureContext {
  return {
    targetName: 'fake',
    spec: FAKE_SPEC,
    specModule: null,
    libraryPath: '/nowhere/libfake.so',
    librarySha256: '00'.repeat(32),
    seed: 1,
    harnessVersion: 'test',
    commands: (file) => ({ reproduce: `repro ${file}`, minimize: `minimize ${file}` }),
  };
}

const PANIC_STDERR = "\nthread '<unnamed>' (7) panicked at fake/src/lib.rs:9:5:\nboom\nnote: run with `RUST_BACKTRACE=1`\n";

/** Each thread's slot: its latest input, in `state`. */
export function slotsOf(calls: readonly number[], next: readonly number[], state: 'in-call' | 'returned'): SlotRecord[] {
  return calls.map((n, w) => ({
    slot: w,
    state: n === 0 ? 'empty' : state,
    calls: n,
    streamIndex: next[w]! - 1,
    input: n === 0 ? undefined : inputOf(w, next[w]! - 1),
    preceding: [],
    truncated: false,
  }));
}

/** An oracle finding the engine reports without dying. */
export function findingOf(worker: number, index: number, stream = worker): EngineMessage {
  return {
    type: 'finding',
    runId: 'fake',
    finding: {
      worker,
      streamIndex: index,
      input: inputToJson(inputOf(stream, index)),
      preceding: [],
      outcome: { kind: 'wrong-result', result: '1', oracle: 'postcondition', message: 'f returned 1: expected 0' },
    },
  };
}

/** The life's end as the real runner reports it; the last tick carries the slots' call counts. */
export function ended(
  effect: Exclude<Effect, 'wrong'>,
  worker: number,
  slots: SlotRecord[],
  listener: ChildListener,
  next: number[] = [],
): ChildRun {
  listener.tick?.(slots.map((s) => s.calls));
  const exit: ChildExit = {
    signal: effect === 'segv' ? 'SIGSEGV' : effect === 'panic' ? 'SIGABRT' : effect === 'hang' ? 'SIGTERM' : null,
    exitCode: effect === 'ok' ? 0 : effect === 'fault' ? 2 : null,
    stderr: effect === 'panic' ? PANIC_STDERR : '',
    timedOut: effect === 'hang',
    hungWorker: effect === 'hang' ? worker : null,
    oom: false,
    peakRssMb: 50,
    durationMs: 10,
    forcefullyTerminated: false,
    finished: effect === 'ok' ? next : null,
    fault: effect === 'fault' ? { code: 'bad-spec', message: `the fake spec is wrong (input ${worker})`, where: 'fake.ts' } : null,
  };
  return { end: childEndOf(exit), slots, stats: emptyStats(['f']) };
}
