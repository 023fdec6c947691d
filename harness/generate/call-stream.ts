import fc from 'fast-check';
import type { ResolvedFunction } from '../ffi/resolve-target.js';
import type { CallInput } from '../model/call-input.js';
import { callArbitrary } from './arbitraries.js';
import { InputStream } from './input-stream.js';

/** Calls to any of `fns` (one of them at random), each with its generated arguments. */
export function callsArbitrary(fns: readonly ResolvedFunction[]): fc.Arbitrary<CallInput> {
  return fns.length === 1 ? callArbitrary(fns[0]!) : fc.oneof(...fns.map(callArbitrary));
}

/**
 * Thread `stream`'s seeded stream of calls to `fns`: the inputs of property mode and of stress
 * mode (the same index of the same stream is the same call in both, and in every process).
 */
export function callStream(fns: readonly ResolvedFunction[], seed: number, stream: number): InputStream<CallInput> {
  return new InputStream(callsArbitrary(fns), seed, stream);
}
