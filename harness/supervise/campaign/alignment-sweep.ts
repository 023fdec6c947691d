import { inputToJson, type CallInput, type CallInputJson } from '../../model/call-input.js';
import { isContractInvalid } from '../../engine/oracles.js';
import type { ResolvedFunction, ResolvedTarget } from '../../ffi/resolve-target.js';
import { callStream } from '../../generate/call-stream.js';
import type { InputStream } from '../../generate/input-stream.js';
import type { EngineSetup } from '../child/engine-setup.js';
import { ReplayServer } from '../replay/replay-server.js';
import type { Triage } from '../capture/triage/classify.js';
import type { AlignmentRow, AlignmentTable } from '../../report/alignment-table.js';

/** Offsets swept: every misalignment a 16-byte-aligned allocator can produce. */
export const SWEPT_OFFSETS = 16;

/** The label of one run: ok, ub-check (Rust's debug UB precondition aborts), or the crash/oracle kind. */
export function outcomeLabel(triage: Triage | null, oracleKind: string | null): string {
  if (triage !== null)
    return triage.kind === 'abort' && /precondition|misaligned/.test(triage.abortReason ?? '') ? 'ub-check' : triage.kind;
  return oracleKind ?? 'ok';
}

/** Buffer parameters of a function, by index. */
const buffersOf = (fn: ResolvedTarget['functions'][number]) => fn.params.flatMap((p, i) => (p.role === 'buffer' ? [i] : []));

/** Functions the sweep visits: those fuzzed (`only`, empty = all) that take a buffer. */
const sweptFunctions = (target: ResolvedTarget, only: readonly string[]) =>
  target.functions.filter((f) => (only.length === 0 || only.includes(f.name)) && buffersOf(f).length > 0);

/** Replays a sweep of `samples` inputs per function makes at most (its budget in counts). */
export function sweepSize(target: ResolvedTarget, only: readonly string[], samples: number): number {
  return sweptFunctions(target, only).reduce((n, f) => n + samples * SWEPT_OFFSETS * buffersOf(f).length, 0);
}

/**
 * Replays `samples` generated inputs of each function at every offset 0..15 of each buffer
 * parameter (others stay aligned) in a reused child, and tabulates the outcomes. Functions in
 * `skip` (those the campaign saw hang: each hang would cost a full timeout) are left out. A
 * function that takes a handle runs as the generator would call it: after a creation, on its
 * handle (a sample whose creation fails is skipped, as in a campaign); without the lifecycle's
 * create function among those called, it is left out. When `stop` fires (the sweep's time is up,
 * or the run is interrupted) the tables completed so far are returned; the setup's children stop with it.
 */
export async function sweepAlignment(
  target: ResolvedTarget,
  setup: EngineSetup,
  seed: number,
  samples: number,
  skip: ReadonlySet<string> = new Set(),
  stop?: AbortSignal,
): Promise<AlignmentTable[]> {
  const tables: AlignmentTable[] = [];
  const server = new ReplayServer(setup);
  try {
    for (const fn of sweptFunctions(target, setup.functions).filter((f) => !skip.has(f.name))) {
      const buffers = buffersOf(fn);
      const prefix = creationOf(target, fn, setup, seed);
      if (prefix === null) continue;
      const picked = pickSamples(fn, callStream([fn], seed, SWEEP_STREAM), samples, buffers);
      for (const index of buffers) {
        const rows: AlignmentRow[] = [];
        for (let offset = 0; offset < SWEPT_OFFSETS; offset++) {
          const outcomes: Record<string, number> = {};
          for (const [k, input] of picked.entries()) {
            const placed = inputToJson({
              fn: input.fn,
              args: input.args.map((a, i) => (a.kind === 'buffer' ? { ...a, align: i === index ? offset : 0 } : a)),
            });
            const result = await server.run([...prefix(k), placed]);
            // A replay cut short by the stop says nothing about alignment: the table is left out.
            if (stop?.aborted === true) return tables;
            const last = result.kind === 'survived' ? result.outcomes.at(-1) : undefined;
            const label = outcomeLabel(
              result.kind === 'died' ? result.triage : null,
              last === undefined || last.kind === 'ok' ? null : last.kind,
            );
            outcomes[label] = (outcomes[label] ?? 0) + 1;
          }
          rows.push({ offset, outcomes });
        }
        tables.push({ function: fn.name, param: fn.params[index]!.name, samples: picked.length, rows });
      }
    }
  } finally {
    await server.close();
  }
  return tables;
}

/**
 * The calls before sample k of `fn`: none, or — for a function that takes a handle — one call of
 * the lifecycle's create function (its handle is what sample k's handle argument names, call #0).
 * Null when `fn` takes a handle that no called function creates.
 */
function creationOf(
  target: ResolvedTarget,
  fn: ResolvedFunction,
  setup: EngineSetup,
  seed: number,
): ((k: number) => CallInputJson[]) | null {
  if (!fn.params.some((p) => p.role === 'handle')) return () => [];
  const create = target.functions.find((f) => f.name === target.lifecycle?.create);
  if (create === undefined || !setup.calledFunctions.includes(create.name)) return null;
  const creations = callStream([create], seed, SWEEP_STREAM);
  return (k) => [inputToJson(creations.at(k))];
}

/** A stream of its own, so the sweep does not depend on what the campaign ran. */
const SWEEP_STREAM = 0x5eed;

/** The call with its handle argument (if any) taking the handle of call #0 (the creation before it). */
function linkFirstHandle(input: CallInput): CallInput {
  return { fn: input.fn, args: input.args.map((a) => (a.kind === 'handle' ? { kind: 'handle', from: 0 } : a)) };
}

// Alignment only matters for inputs the function reads: skip null pointers, lying lengths and empty buffers.
function pickSamples(fn: ResolvedFunction, stream: InputStream, samples: number, buffers: readonly number[]): CallInput[] {
  const picked: CallInput[] = [];
  for (let i = 0; picked.length < samples && i < samples * 50; i++) {
    const input = linkFirstHandle(stream.at(i));
    const plain =
      !isContractInvalid(fn, input) &&
      buffers.every((b) => {
        const a = input.args[b];
        return a?.kind === 'buffer' && a.bytes.length > 0 && a.declaredLength === undefined;
      });
    if (plain) picked.push(input);
  }
  return picked;
}
