import type { TargetRef } from '../../harness/ffi/target-ref.js';
import { callStream } from '../../harness/generate/call-stream.js';
import { engineContext } from './engine-context.js';
import { BATCH, measureRates, type Rate } from './rate.js';

/** Inputs generated up front and cycled through, so generation is not part of the call rate. */
const INPUTS = 1000;

/**
 * The raw koffi call rate of one real target function on one thread: the plainly bound function
 * called on inputs drawn up front from the function's own arbitrary (the distribution every mode
 * draws from). The reference for modes that run that function (stress, coverage).
 */
export async function rawFunctionRate(ref: TargetRef, fnName: string, seed: number, timeMs: number): Promise<Rate> {
  const ctx = await engineContext(ref, fnName, seed);
  try {
    const stream = callStream([ctx.fn], seed, 0);
    const inputs = Array.from({ length: INPUTS }, (_, i) => stream.at(i));
    let next = 0;
    const rates = await measureRates(
      {
        raw: () => {
          for (let k = 0; k < BATCH; k++) {
            ctx.plain(inputs[next]!);
            next = next + 1 === INPUTS ? 0 : next + 1;
          }
        },
      },
      timeMs,
    );
    return rates.raw;
  } finally {
    ctx.close();
  }
}
