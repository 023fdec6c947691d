import { inputToJson, type CallInput } from '../../model/call-input.js';
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

/**
 * Replays `samples` generated inputs of each function at every offset 0..15 of each buffer
 * parameter (others stay aligned) in a reused child, and tabulates the outcomes. Functions in
 * `skip` (those the campaign saw hang: each hang would cost a full timeout) are left out.
 */
export async function sweepAlignment(
  target: ResolvedTarget,
  setup: EngineSetup,
  seed: number,
  samples: number,
  skip: ReadonlySet<string> = new Set(),
): Promise<AlignmentTable[]> {
  const tables: AlignmentTable[] = [];
  const server = new ReplayServer(setup);
  try {
    for (const fn of target.functions.filter(
      (f) => (setup.functions.length === 0 || setup.functions.includes(f.name)) && !skip.has(f.name),
    )) {
      const buffers = fn.params.flatMap((p, i) => (p.role === 'buffer' ? [i] : []));
      if (buffers.length === 0) continue;
      const picked = pickSamples(fn, callStream([fn], seed, SWEEP_STREAM), samples, buffers);
      for (const index of buffers) {
        const rows: AlignmentRow[] = [];
        for (let offset = 0; offset < SWEPT_OFFSETS; offset++) {
          const outcomes: Record<string, number> = {};
          for (const input of picked) {
            const placed = inputToJson({
              fn: input.fn,
              args: input.args.map((a, i) => (a.kind === 'buffer' ? { ...a, align: i === index ? offset : 0 } : a)),
            });
            const result = await server.run([placed]);
            const last = result.kind === 'survived' ? result.outcomes[0] : undefined;
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

/** A stream of its own, so the sweep does not depend on what the campaign ran. */
const SWEEP_STREAM = 0x5eed;

// Alignment only matters for inputs the function reads: skip null pointers, lying lengths and empty buffers.
function pickSamples(fn: ResolvedFunction, stream: InputStream, samples: number, buffers: readonly number[]): CallInput[] {
  const picked: CallInput[] = [];
  for (let i = 0; picked.length < samples && i < samples * 50; i++) {
    const input = stream.at(i);
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
