import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { runCalls } from '../../harness/engine/generate-loop.js';
import type { TargetRef } from '../../harness/ffi/target-ref.js';
import { callArbitrary } from '../../harness/generate/arbitraries.js';
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
 * Property mode's own loop, in process: the engine's generate loop (generate-loop.ts `runCalls`)
 * on a thread the engine's loader set up, BATCH stream indexes per iteration: the next input of
 * the seeded stream, the recorded call (flight recorder, arena with red zones, oracles), the
 * determinism re-run of 1 input in 16, findings reported. Against it, in the same tinybench run: a
 * bare loop drawing from the same fast-check arbitrary with one running random source and calling
 * the plainly bound function. Not included: IPC (none per call).
 */
export async function measurePropertyPath(ref: TargetRef, fnName: string, seed: number, timeMs: number): Promise<PropertyPath> {
  const ctx = await engineContext(ref, fnName, seed);
  try {
    const arbitrary = callArbitrary(ctx.fn);
    const rng = new fc.Random(xoroshiro128plus(seed));
    let streamIndex = 0;
    let drawn = 0;
    const rates = await measureRates(
      {
        engine: () => {
          streamIndex = runCalls(ctx.thread, ctx.thread.call, {
            kind: 'generate',
            starts: [streamIndex],
            ends: [streamIndex + BATCH],
            deadline: null,
          });
        },
        bare: () => {
          for (let k = 0; k < BATCH; k++, drawn++) ctx.plain(arbitrary.generate(rng, 2 + (drawn % 4)).value);
        },
      },
      timeMs,
    );
    const reference = { name: `bare fast-check + koffi loop, ${fnName}`, value: rates.bare.perSecond, unit: 'execs/s' };
    const note = `engine ${rates.engine.nsPerCall.toFixed(0)} ns/exec vs bare ${rates.bare.nsPerCall.toFixed(0)} ns/exec; ${ctx.findings()} findings reported over ${streamIndex} engine inputs`;
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
