import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CallInputJson } from '../../model/call-input.js';
import { resolveTargetRef, type TargetRef } from '../../ffi/target-ref.js';
import { listFolders, type CorpusProblem } from '../../store/corpus-store.js';
import type { QueueSelector } from '../../store/corpus-merge.js';
import { contentHash, listEntries } from '../../store/queue-store.js';
import { calledFunctionsOf, slotSizeOf, type EngineSetup } from '../child/engine-setup.js';
import { FreshRunner } from '../child/fresh-runner.js';
import { isInstrumented } from '../../toolchain/sancov-build.js';

/** One input with the coverage features it reaches (edge * 8 + bucket), or null when it crashed the engine. */
export interface MeasuredInput {
  readonly sha1: string;
  readonly input: CallInputJson;
  readonly features: readonly number[] | null;
}

/** Engine limits for measuring. */
export interface MeasureLimits {
  readonly timeoutMs: number;
  readonly rssLimitMb: number;
  readonly killGraceMs: number;
}

/**
 * Runs each input once on a coverage build, in fresh engine children, and returns its features.
 * An input that kills the child is marked (features null) and the next child goes on after it.
 */
export async function measureInputs(
  ref: TargetRef,
  inputs: readonly { sha1: string; input: CallInputJson }[],
  limits: MeasureLimits,
): Promise<MeasuredInput[]> {
  const setup: EngineSetup = {
    source: ref.source,
    libraryPath: ref.libraryPath,
    functions: [],
    calledFunctions: calledFunctionsOf(ref.target, []),
    seed: 0,
    slotSize: slotSizeOf(ref.target),
    workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-measure-')),
    ...limits,
  };
  const features: (readonly number[] | null)[] = new Array(inputs.length).fill(null);
  const runner = new FreshRunner(setup, 1);
  try {
    let start = 0;
    while (start < inputs.length) {
      const batch = inputs.slice(start).map((i) => i.input);
      const { end, slots } = await runner.run(
        { kind: 'measure', inputs: batch },
        {
          message: (m) => {
            if (m.type === 'measured') features[start + m.index] = m.features;
          },
        },
      );
      if (end.how === 'fault') throw end.error;
      if (end.how === 'finished') break;
      // Died: the input in flight crashed it (its features stay null); go on after it.
      const slot = slots[0];
      start = slot === undefined || slot.calls === 0 ? start + 1 : start + slot.streamIndex + 1;
    }
  } finally {
    fs.rmSync(setup.workDir, { recursive: true, force: true });
  }
  return inputs.map((i, k) => ({ ...i, features: features[k]! }));
}

/**
 * libFuzzer's -merge=1 in one pass: smallest inputs first (then by name, so the result is the
 * same on every machine), an input is kept when it reaches a feature none kept so far did. Every
 * feature of the union is reached first by some input in that order, so the kept set's coverage
 * equals the union's. Inputs that crashed are dropped (their crash records keep them).
 */
export function selectMinimal(measured: readonly MeasuredInput[]): Set<string> {
  const order = measured
    .filter((m) => m.features !== null)
    .sort((a, b) => sizeOf(a.input) - sizeOf(b.input) || (a.sha1 < b.sha1 ? -1 : a.sha1 > b.sha1 ? 1 : 0));
  const seen = new Set<number>();
  const keep = new Set<string>();
  for (const m of order) {
    let fresh = false;
    for (const f of m.features!) {
      if (seen.has(f)) continue;
      seen.add(f);
      fresh = true;
    }
    if (fresh) keep.add(m.sha1);
  }
  return keep;
}

/**
 * The queue selector `corpus merge --coverage-of <spec>` plugs into mergeCorpora: measures every
 * queue entry of the spec's target across the corpora on its coverage build and keeps a
 * coverage-minimal subset; other targets' entries, and functions the spec lacks, are kept whole.
 */
export async function coverageMinimalSelector(
  ref: TargetRef,
  roots: readonly string[],
  limits: MeasureLimits,
  problems: CorpusProblem[],
): Promise<{ select: QueueSelector; measured: number; kept: number; crashed: number }> {
  const target = ref.target.name;
  const fns = new Set(ref.target.functions.map((f) => f.name));
  const candidates = new Map<string, CallInputJson>();
  for (const root of roots) {
    for (const fn of listFolders(path.join(root, target), problems)) {
      if (!fns.has(fn)) continue;
      for (const { file, entry } of listEntries(root, target, fn, 'queue', problems)) {
        if (entry.input.fn === fn) candidates.set(contentHash(entry.input, file), entry.input);
      }
    }
  }
  const measured = await measureInputs(
    ref,
    [...candidates].map(([sha1, input]) => ({ sha1, input })),
    limits,
  );
  const keep = selectMinimal(measured);
  const select: QueueSelector = (t, fn, offered) => (t !== target || !fns.has(fn) ? offered : offered.filter((c) => keep.has(c.sha1)));
  return { select, measured: measured.length, kept: keep.size, crashed: measured.filter((m) => m.features === null).length };
}

/** Bytes of an input's buffers (the size libFuzzer orders a merge by). */
function sizeOf(input: CallInputJson): number {
  return input.args.reduce((n, a) => n + (a.kind === 'buffer' ? a.hex.length / 2 : 0), 0);
}

/**
 * `corpus merge … --coverage-of <spec>`: builds the spec's coverage profile and returns the
 * selector for mergeCorpora, plus the line that says what it kept. Null without the option.
 */
export async function coverageMergeOf(
  spec: string | null,
  roots: readonly string[],
  limits: MeasureLimits,
  problems: CorpusProblem[],
  log: (line: string) => void,
): Promise<{ select: QueueSelector; note: string } | null> {
  if (spec === null) return null;
  const ref = await resolveTargetRef(spec, null, [], 'coverage', log);
  if (!isInstrumented(ref.libraryPath))
    log(`warning: ${ref.libraryPath} has no coverage counters: every entry reaches nothing, so one per function is kept`);
  const r = await coverageMinimalSelector(ref, roots, limits, problems);
  return {
    select: r.select,
    note: `coverage-minimal (${ref.target.name}): measured ${r.measured} queue entries, kept ${r.kept}${r.crashed > 0 ? `, dropped ${r.crashed} that crash` : ''}`,
  };
}
