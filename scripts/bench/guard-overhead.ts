import type { CallInput } from '../../harness/model/call-input.js';
import type { TargetRef } from '../../harness/ffi/target-ref.js';
import { engineContext } from './engine-context.js';
import { figure, type Figure } from './figure.js';
import { BATCH, measureRates } from './rate.js';

/**
 * What the two per-call guards cost alone, in nanoseconds, on a 64-byte buffer at a misaligned
 * address: the flight recorder (writing the input into the mapped slot, then marking it returned)
 * and the canaries (placing the buffer between red zones, then checking both zones). The reference
 * is the raw koffi call of sum64 on the same 64 bytes.
 */
export async function measureGuardOverhead(ref: TargetRef, rawSum64Ns: number, timeMs: number): Promise<Figure[]> {
  const ctx = await engineContext(ref, 'sum64', 1);
  const { recorder, arena } = ctx.thread;
  const name = ctx.thread.call.callable('sum64').name;
  try {
    const bytes = new Uint8Array(64).fill(7);
    const align = 3;
    const input: CallInput = {
      fn: 'sum64',
      args: [
        { kind: 'buffer', bytes, align },
        { kind: 'length', of: 0 },
      ],
    };
    let damaged = 0;
    const rates = await measureRates(
      {
        recorder: () => {
          for (let k = 0; k < BATCH; k++) {
            recorder.begin(name, k, input.args);
            recorder.end();
          }
        },
        canary: () => {
          for (let k = 0; k < BATCH; k++) {
            arena.place(0, bytes, align);
            if (arena.damage(0, bytes.length, align) !== undefined) damaged++;
          }
        },
      },
      timeMs,
    );
    if (damaged > 0) throw new Error('the canary benchmark found damage it did not cause');
    const reference = { name: 'raw koffi sum64 call', value: rawSum64Ns, unit: 'ns' };
    return [
      figure('overhead', 'flight recorder begin/end (64-byte input)', rates.recorder.nsPerCall, 'ns/call', reference, {
        note: `±${rates.recorder.rme.toFixed(1)}%`,
      }),
      figure('overhead', 'canaries: arena place + red-zone check (64 bytes)', rates.canary.nsPerCall, 'ns/call', reference, {
        note: `guard pages '${arena.guard}', ±${rates.canary.rme.toFixed(1)}%`,
      }),
    ];
  } finally {
    ctx.close();
  }
}
