import koffi from 'koffi';
import { figure, type Figure } from './figure.js';
import { BATCH, measureRates, type Rate } from './rate.js';

/** The raw koffi call rates every harness figure is judged against. */
export interface Ceiling {
  readonly noop: Rate;
  readonly sum64: Rate;
  readonly figures: readonly Figure[];
}

/**
 * The ceiling: how fast koffi alone calls the cheapest functions there are (bench-trivial's
 * `noop(int32_t)` and `sum64` over a 64-byte typed array). Nothing the harness does can beat it.
 */
export async function measureCeiling(libraryPath: string, timeMs: number): Promise<Ceiling> {
  const lib = koffi.load(libraryPath);
  const noop = lib.func('int32_t noop(int32_t x)') as (x: number) => number;
  const sum64 = lib.func('int32_t sum64(const uint8_t *p, int32_t n)') as (p: Uint8Array, n: number) => number;
  const bytes = new Uint8Array(64).fill(1);
  let sink = 0;
  const rates = await measureRates(
    {
      noop: () => {
        for (let k = 0; k < BATCH; k++) sink += noop(k);
      },
      sum64: () => {
        for (let k = 0; k < BATCH; k++) sink += sum64(bytes, 64);
      },
    },
    timeMs,
  );
  if (sink === 0) throw new Error('bench-trivial returned nothing: is it the right library?');
  const noopRef = { name: 'raw noop', value: rates.noop.perSecond, unit: 'calls/s' };
  return {
    ...rates,
    figures: [
      figure('ceiling', 'raw koffi noop(int32_t)', rates.noop.perSecond, 'calls/s', null, {
        note: `${rates.noop.nsPerCall.toFixed(1)} ns/call, ±${rates.noop.rme.toFixed(1)}%; the ceiling`,
      }),
      figure('ceiling', 'raw koffi sum64(64-byte Uint8Array)', rates.sum64.perSecond, 'calls/s', noopRef, {
        note: `${rates.sum64.nsPerCall.toFixed(1)} ns/call, ±${rates.sum64.rme.toFixed(1)}%`,
      }),
    ],
  };
}
