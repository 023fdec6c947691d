import type { AloneResult } from './differential.js';

/**
 * Stress mode's part of the engine protocol (protocol.ts takes these into its unions).
 *
 * A stress campaign alternates two children (supervise/campaign/stress-mode.ts):
 *   scout   one thread runs every upcoming input alone, burst by burst across the threads'
 *           streams, with all the sequential oracles. An input that crashes alone is an ordinary
 *           finding, recorded and left out; for the others it reports what they did alone.
 *   stress  `threads` threads, released together, run the inputs that survived and compare
 *           each call with its result alone (GenerateWork.stress with `alone` lists).
 * A target that crashes on many inputs would otherwise kill every burst before its threads
 * ever run together, and restarting one thread is far cheaper than restarting all of them.
 */

/** One screened input: its index in its thread's stream, and what it did alone. */
export interface AloneEntry {
  readonly index: number;
  readonly alone: AloneResult;
}

/** One range the scout screens: indexes [start, end) of thread `stream`'s stream, except `skip`. */
export interface ScoutRange {
  readonly stream: number;
  readonly start: number;
  readonly end: number;
  /** Indexes known to crash alone (found by an earlier scout): not run again. */
  readonly skip: readonly number[];
}

/** Scout work: one thread screens the ranges round robin until they are done or the deadline passes. */
export interface ScoutWork {
  readonly kind: 'scout';
  readonly ranges: readonly ScoutRange[];
  /** Epoch ms after which the scout stops (the campaign's deadline or its scouting slice). */
  readonly deadline: number | null;
  /**
   * File the scout appends one {@link ScoutResult} JSON line to after each input, with a
   * synchronous write: a target that crashes every few inputs would take any message still
   * queued on the IPC channel down with the process.
   */
  readonly resultsPath: string;
}

/** One line of the scout's results file. */
export interface ScoutResult extends AloneEntry {
  readonly stream: number;
}

/** Parses the scout's results file; a torn last line (the process died mid-write) is ignored. */
export function parseScoutResults(text: string): ScoutResult[] {
  const out: ScoutResult[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      out.push(JSON.parse(line) as ScoutResult);
    } catch {
      // the line the process died in the middle of
    }
  }
  return out;
}

/**
 * The scout runs many streams on one flight-recorder slot: the stream index it records packs
 * the stream number above the index, so the supervisor knows which input of which stream died.
 */
const STREAM_SHIFT = 2 ** 32;

export function packScoutIndex(stream: number, index: number): number {
  return stream * STREAM_SHIFT + index;
}

export function unpackScoutIndex(packed: number): { stream: number; index: number } {
  return { stream: Math.floor(packed / STREAM_SHIFT), index: packed % STREAM_SHIFT };
}
