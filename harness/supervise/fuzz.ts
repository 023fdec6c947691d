import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TargetRef } from '../ffi/target-ref.js';
import type { ResolvedOptions } from '../config/options.js';
import { slotSizeFor } from '../engine/flight-recorder.js';
import type { ResolvedTarget } from '../ffi/resolve-target.js';
import { inlineSpecOf } from '../ffi/target-source.js';
import { renderFinding } from '../report/crash-report.js';
import { displayPath, renderCommand } from '../report/render-command.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { CRASH_RECORD_FILE, crashDir, runSummaryFile } from '../store/paths.js';
import { runCampaign, type CampaignProgress } from './campaign.js';
import type { EngineSetup } from './engine-setup.js';
import { HARNESS_VERSION } from './harness-version.js';

/** Where fuzz output goes: `out` for results, `err` for progress and diagnostics. */
export interface Sink {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Rewrites the live status line (TTY only); undefined when output is not a terminal. */
  readonly status?: ((line: string) => void) | undefined;
}

/** The machine-readable result of one campaign (reports/runs/*.json, and --json). */
export interface RunSummary {
  readonly schema: 'ffi-fuzz/run-summary@1';
  readonly target: string;
  readonly library: string;
  readonly librarySha256: string;
  readonly seed: number;
  readonly threads: number;
  readonly startedAt: string;
  readonly elapsedMs: number;
  readonly execs: number;
  readonly execsPerSecond: number;
  readonly restarts: number;
  readonly peakRssMb: number;
  readonly findings: readonly { id: string; kind: string; headline: string; function: string | null; count: number; record: string }[];
}

/** Bytes one recorder slot needs for the largest call of the target. */
export function slotSizeOf(target: ResolvedTarget): number {
  return Math.max(
    ...target.functions.map((f) =>
      slotSizeFor(f.params.length, f.params.reduce((n, p) => n + (p.role === 'buffer' ? p.maxLength + 1 : p.role === 'output' ? p.size : 0), 0)),
    ),
  );
}

/** Engine settings shared by fuzz, repro and minimize; the caller removes `workDir` when done. */
export function engineSetupOf(ref: TargetRef, options: ResolvedOptions, seed: number): EngineSetup {
  return {
    source: ref.source,
    libraryPath: ref.libraryPath,
    functions: options.only,
    seed,
    slotSize: slotSizeOf(ref.target),
    workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-')),
    timeoutMs: options.timeoutMs,
    rssLimitMb: options.rssLimitMb,
    killGraceMs: options.killGraceMs,
  };
}

/** One campaign against one target: findings printed as they come, a summary written at the end. */
export async function fuzz(ref: TargetRef, options: ResolvedOptions, seed: number, prefix: string, sink: Sink): Promise<RunSummary> {
  const startedAt = new Date();
  const setup = engineSetupOf(ref, options, seed);
  const durationMs = options.durationMs ?? (options.runs === null ? 60_000 : null);
  const showProgress = (p: CampaignProgress) => {
    const line = `[${(p.elapsedMs / 1000).toFixed(1)}s] execs ${p.execs} (${Math.round(p.execs / Math.max(0.001, p.elapsedMs / 1000))}/s) restarts ${p.restarts} findings ${p.buckets}`;
    if (sink.status !== undefined) sink.status(line);
    else if (p.elapsedMs >= 1000) sink.err(line);
  };
  try {
    const result = await runCampaign({
      setup,
      threads: options.threads,
      runs: options.runs,
      durationMs,
      capture: {
        targetName: ref.target.name,
        spec: inlineSpecOf(ref.target),
        specModule: ref.specModule,
        libraryPath: ref.libraryPath,
        librarySha256: ref.librarySha256,
        seed,
        harnessVersion: HARNESS_VERSION,
        commands: (file) => ({ reproduce: renderCommand(prefix, ['repro', displayPath(file)]), minimize: renderCommand(prefix, ['minimize', displayPath(file)]) }),
      },
      locate: (id, fn) => path.join(crashDir(path.resolve(options.out), ref.target.name, fn, id), CRASH_RECORD_FILE),
      events: {
        finding: (record, file, isNew) => {
          if (!isNew) return;
          sink.status?.('');
          for (const line of renderFinding(record, file)) sink.err(line);
        },
        progress: showProgress,
        warn: (line) => sink.err(`warning: ${line}`),
      },
    });
    sink.status?.('');
    const summary: RunSummary = {
      schema: 'ffi-fuzz/run-summary@1',
      target: ref.target.name,
      library: ref.libraryPath,
      librarySha256: ref.librarySha256,
      seed,
      threads: options.threads,
      startedAt: startedAt.toISOString(),
      elapsedMs: result.elapsedMs,
      execs: result.execs,
      execsPerSecond: Math.round(result.execs / Math.max(0.001, result.elapsedMs / 1000)),
      restarts: result.restarts,
      peakRssMb: Math.round(result.peakRssMb),
      findings: [...result.findings.values()].map(({ record, file }) => ({ id: record.id, kind: record.kind, headline: record.headline, function: record.function, count: record.count, record: displayPath(file) })),
    };
    writeFileAtomic(runSummaryFile(path.resolve(options.reports), ref.target.name, startedAt), `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } finally {
    fs.rmSync(setup.workDir, { recursive: true, force: true });
  }
}
