import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CallInputJson } from '../../model/call-input.js';
import type { Outcome } from '../../model/outcome.js';
import { locateSpec, sha256Of } from '../../ffi/target-ref.js';
import { resolveTarget } from '../../ffi/resolve-target.js';
import { specFromInline } from '../../ffi/inline-spec.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { triageEnd, triageOutcome } from '../capture/crash-capture.js';
import { replayWork, slotSizeOf, type EngineSetup } from '../child/engine-setup.js';
import type { ChildEnd } from '../child/child-end.js';
import { FreshRunner } from '../child/fresh-runner.js';
import type { Triage } from '../capture/triage/classify.js';
import { concurrentReplayWork } from './concurrent-replay.js';

/** The result of one replay of a record. */
export interface ReproRun {
  /** 'reproduced': same signature; 'different': it fails, but another way; 'fixed': it no longer fails. */
  readonly verdict: 'reproduced' | 'different' | 'fixed';
  readonly triage: Triage | null;
  readonly end: ChildEnd;
}

export interface ReproOptions {
  /** Library to run instead of the record's (e.g. the fixed build). */
  readonly libraryPath: string;
  readonly timeoutMs: number;
  readonly rssLimitMb: number;
  readonly killGraceMs: number;
  /** Run the engine under these argv (gdb). */
  readonly wrap?: readonly string[];
}

/** The calls to replay, and whether they must overlap in time. */
export function replayPlan(record: CrashRecord): { inputs: CallInputJson[]; concurrent: boolean } {
  // A concurrent set runs concurrently again, even when it names the call that went wrong (stress-mode races).
  if (record.concurrent) return { inputs: record.inflight.map((i) => i.input), concurrent: true };
  if (record.input !== null) return { inputs: [...record.preceding, record.input], concurrent: false };
  return { inputs: record.inflight.map((i) => i.input), concurrent: record.concurrent || record.inflight.length > 1 };
}

/** Engine settings for replaying a record: its own inline spec, nothing from the original spec module. */
export function replaySetup(record: CrashRecord, options: ReproOptions): EngineSetup {
  const specDir = path.dirname(options.libraryPath);
  const target = resolveTarget(specFromInline(record.target.spec), specDir);
  return {
    // A user postcondition lives only in the spec module; everything else replays from the record alone.
    source:
      record.oracle === 'postcondition' && record.target.specModule !== null
        ? { kind: 'module', ...locateSpec(record.target.specModule) }
        : { kind: 'inline', spec: record.target.spec, specDir },
    libraryPath: options.libraryPath,
    functions: [],
    seed: record.seed,
    slotSize: slotSizeOf(target),
    workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-repro-')),
    timeoutMs: options.timeoutMs,
    rssLimitMb: options.rssLimitMb,
    killGraceMs: options.killGraceMs,
    guardPages: record.engine?.guardPages ?? 'off',
  };
}

/** Re-runs a record's input in a fresh engine child and compares the result's signature with the record's. */
export async function reproOnce(
  record: CrashRecord,
  options: ReproOptions,
  inputs: CallInputJson[] = replayPlan(record).inputs,
): Promise<ReproRun> {
  const setup = replaySetup(record, options);
  const concurrent = record.input === null && replayPlan(record).concurrent;
  const { threads, work } = record.concurrent ? concurrentReplayWork(record) : replayWork(inputs, concurrent);
  const outcomes: Outcome[] = [];
  try {
    const { end } = await new FreshRunner(setup, threads, options.wrap).run(work, {
      message: (m) => {
        if (m.type === 'replayed') outcomes.push(m.outcome);
      },
    });
    if (end.how === 'fault') throw end.error;
    if (end.how === 'died') {
      const triage = triageEnd(end.death);
      return { verdict: triage.id === record.id ? 'reproduced' : 'different', triage, end };
    }
    const failures = outcomes.filter((o): o is Exclude<Outcome, { kind: 'ok' }> => o.kind !== 'ok');
    const fn = record.function ?? inputs[inputs.length - 1]!.fn;
    // Of several failures (a concurrent set), the one with the record's signature decides.
    const failed = failures.find((o) => triageOutcome(fn, o).id === record.id) ?? failures[0];
    if (failed === undefined) return { verdict: 'fixed', triage: null, end };
    const triage = triageOutcome(fn, failed);
    return { verdict: triage.id === record.id ? 'reproduced' : 'different', triage, end };
  } finally {
    fs.rmSync(setup.workDir, { recursive: true, force: true });
  }
}

/** Tells whether the library at `libraryPath` is the one the record crashed. */
export function libraryNote(record: CrashRecord, libraryPath: string): string | undefined {
  const sha = sha256Of(libraryPath);
  if (sha === record.target.librarySha256) return undefined;
  return `note: ${libraryPath} is not the library that crashed (sha256 ${record.target.librarySha256.slice(0, 12)} → ${sha.slice(0, 12)})`;
}
