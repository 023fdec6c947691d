import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { judgeCall } from '../../harness/engine/oracles.js';
import type { TargetRef } from '../../harness/ffi/target-ref.js';
import { callArbitrary } from '../../harness/generate/arbitraries.js';
import { InputStream } from '../../harness/generate/input-stream.js';
import { engineContext } from './engine-context.js';
import { figure, type Figure } from './figure.js';
import { BATCH, measureRates, type Rate } from './rate.js';

/** Property mode's per-call path and the bare loop it is compared with, on one function. */
export interface PropertyPath {
  readonly engine: Rate;
  readonly bare: Rate;
  readonly figure: Figure;
}

/**
 * Property mode's per-call work, in process, exactly as an engine worker does it (worker-loop.ts):
 * the next input of the seeded stream (InputStream.at), the flight recorder's begin/end, the call
 * through the arena with red zones (BoundFunction.invoke) and the oracles (judgeCall). Against it,
 * in the same tinybench run: a bare loop drawing from the same fast-check arbitrary with one
 * running random source and calling the plainly bound function. Not included: the determinism
 * re-run the engine adds on 1 input in 16, and IPC (none per call).
 */
export async function measurePropertyPath(ref: TargetRef, fnName: string, seed: number, timeMs: number): Promise<PropertyPath> {
  const ctx = engineContext(ref, fnName, seed);
  try {
    const arbitrary = callArbitrary(ctx.fn);
    const stream = new InputStream(arbitrary, seed, 0);
    const rng = new fc.Random(xoroshiro128plus(seed));
    let streamIndex = 0;
    let drawn = 0;
    let bad = 0;
    const rates = await measureRates(
      {
        engine: () => {
          for (let k = 0; k < BATCH; k++, streamIndex++) {
            const input = stream.at(streamIndex);
            ctx.recorder.begin(ctx.name, streamIndex, input.args);
            const effects = ctx.bound.invoke(input);
            if (judgeCall(ctx.fn, input, effects, ctx.lastError, ctx.memory).kind !== 'ok') bad++;
            ctx.recorder.end();
          }
        },
        bare: () => {
          for (let k = 0; k < BATCH; k++, drawn++) ctx.plain(arbitrary.generate(rng, 2 + (drawn % 4)).value);
        },
      },
      timeMs,
    );
    const reference = { name: `bare fast-check + koffi loop, ${fnName}`, value: rates.bare.perSecond, unit: 'execs/s' };
    const note = `engine ${rates.engine.nsPerCall.toFixed(0)} ns/exec vs bare ${rates.bare.nsPerCall.toFixed(0)} ns/exec; ${bad} of ${streamIndex} engine calls failed an oracle`;
    return {
      ...rates,
      figure: figure(
        'property',
        `property mode per-call path, ${ref.target.name} ${fnName}`,
        rates.engine.perSecond,
        'execs/s',
        reference,
        { goal: '≥ 0.8', note },
      ),
    };
  } finally {
    ctx.close();
  }
}
