import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedOptions } from '../../config/options.js';
import { quantileNs } from '../../engine/call-stats-reader.js';
import { HarnessError } from '../../model/harness-error.js';
import { PROJECT_ROOT } from '../../model/project-root.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import { displayPath } from '../../report/render-command.js';
import { CRASH_RECORD_FILE, compareSideDir, crashDir } from '../../store/paths.js';
import { runCampaign } from './campaign-loop.js';
import { PropertyMode } from './property-mode.js';
import { openRunners } from '../child/open-runners.js';
import { captureContextOf } from '../capture/crash-capture.js';
import { engineSetupOf } from '../child/engine-setup.js';
import type { Sink } from '../../model/sink.js';
import type { BuildMeasurement, CompareSide, Comparison } from '../../report/compare-table.js';

/** The bundled pair `compare` runs without being told the functions: the second postmortem's builds and binding. */
const BUNDLED_PAIR = { spec: 'chunk-parser', libraries: ['libchunk_parser.so', 'libchunk_parser_fixed.so'] } as const;

/**
 * The spec whose functions both builds run: `--spec`, or none when `--fn` gives the prototypes
 * (undefined: zero-config from them), or the bundled chunk-parser spec for the bundled pair. Any
 * other pair must say which functions to call: two libraries alone do not.
 */
export function workloadSpec(libraries: readonly [string, string], fn: readonly string[], spec: string | null): string | undefined {
  if (spec !== null && fn.length > 0)
    throw new HarnessError('usage', 'compare takes the functions from --fn or from --spec, not both', { where: '--spec' });
  if (spec !== null) return spec;
  if (fn.length > 0) return undefined;
  const builds = path.join(PROJECT_ROOT, 'targets', 'target');
  const bundled = libraries.every((lib) => {
    const file = path.resolve(lib);
    return !path.relative(builds, file).startsWith('..') && (BUNDLED_PAIR.libraries as readonly string[]).includes(path.basename(file));
  });
  if (bundled) return BUNDLED_PAIR.spec;
  throw new HarnessError('usage', 'compare needs the functions to call in both builds: two libraries alone do not say which, or how', {
    where: libraries.join(' '),
    hint: "pass --fn 'int32_t f(const uint8_t *p, int32_t n)' (repeatable), or --spec SPEC (a target.ts of the library)",
  });
}

export interface ComparePlan {
  readonly buggy: TargetRef;
  readonly fixed: TargetRef;
  readonly options: ResolvedOptions;
  readonly threads: number;
  readonly seed: number;
  /** Corpus root for the records (`<root>/buggy`, `<root>/fixed`); null: a temporary folder, removed at the end. */
  readonly recordsRoot: string | null;
  /** How the user invoked ffi-fuzz (for the reproduce commands in the records). */
  readonly prefix: string;
}

/**
 * Runs the same seeded workload (the target's input streams: same seed, same threads, same
 * number of inputs) against two builds, one after the other, each as an ordinary campaign:
 * supervised children restarted after every crash, every crash recorded. Then reads back what
 * was measured: calls and error returns from the engine's call statistics, crashes from the
 * records written, latency from the engine's histogram.
 */
export async function compareBuilds(plan: ComparePlan, sink: Sink): Promise<Comparison> {
  const startedAt = new Date();
  const root = plan.recordsRoot ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-compare-'));
  try {
    const buggy = await measureBuild('buggy', plan.buggy, plan, root, sink);
    const fixed = await measureBuild('fixed', plan.fixed, plan, root, sink);
    return {
      schema: 'ffi-fuzz/compare@1',
      target: plan.buggy.target.name,
      functions: plan.options.only.length > 0 ? plan.options.only : plan.buggy.target.functions.map((f) => f.name),
      seed: plan.seed,
      threads: plan.threads,
      inputs: plan.options.calls,
      startedAt: startedAt.toISOString(),
      buggy,
      fixed,
      recordsKept: plan.recordsRoot !== null,
    };
  } finally {
    if (plan.recordsRoot === null) fs.rmSync(root, { recursive: true, force: true });
  }
}

async function measureBuild(side: CompareSide, ref: TargetRef, plan: ComparePlan, root: string, sink: Sink): Promise<BuildMeasurement> {
  const recordsRoot = compareSideDir(root, side);
  // Records add to a bucket's earlier count: counting crashes needs a folder of this run's alone.
  if (fs.existsSync(recordsRoot) && fs.readdirSync(recordsRoot).length > 0) {
    throw new HarnessError(
      'usage',
      `${displayPath(recordsRoot)} already holds records; compare counts crashes from the records it writes`,
      { where: '--out', hint: 'pass an empty or new folder to --out' },
    );
  }
  fs.mkdirSync(recordsRoot, { recursive: true });
  const setup = { ...engineSetupOf(ref, plan.options, plan.seed), timed: true };
  const capture = captureContextOf(ref, plan.seed, { mode: 'property', guardPages: plan.options.guardPages }, plan.prefix);
  const locate = (id: string, fn: string) => path.join(crashDir(recordsRoot, ref.target.name, fn, id), CRASH_RECORD_FILE);
  sink.err(
    `${side}: ${displayPath(ref.libraryPath)} (sha256 ${ref.librarySha256.slice(0, 12)}): ${plan.options.calls} inputs on ${plan.threads} thread(s)`,
  );
  try {
    const result = await runCampaign(new PropertyMode(plan.threads, plan.options.calls), {
      open: openRunners(setup, { forkServer: plan.options.forkServer, warn: (line) => sink.err(`warning: ${line}`) }).open,
      durationMs: null,
      capture,
      locate,
      events: {
        finding: () => undefined,
        progress: (p) => sink.status?.(`${side}: ${p.execs} calls, ${p.restarts} crashes, ${(p.elapsedMs / 1000).toFixed(1)}s`),
        warn: (line) => sink.err(`warning: ${line}`),
      },
    });
    sink.status?.('');
    const { stats } = result;
    const errors = stats.functions.reduce((n, f) => n + f.errors, 0);
    // Deaths are the records built from a dead child (no oracle); their counts are the crashes.
    const deaths = [...result.findings.values()].filter(({ record }) => record.oracle === null);
    const crashes = deaths.reduce((n, { record }) => n + record.count, 0);
    if (crashes !== result.restarts) sink.err(`warning: ${side}: ${crashes} crashes recorded but ${result.restarts} restarts counted`);
    const calls = result.execs;
    const us = (ns: number | null) => (ns === null ? null : Math.round(ns / 10) / 100);
    sink.err(`${side}: done in ${(result.elapsedMs / 1000).toFixed(1)}s: ${calls} calls, ${crashes} crashes`);
    return {
      side,
      library: ref.libraryPath,
      librarySha256: ref.librarySha256,
      calls,
      returned: stats.calls,
      errors,
      errorRate: calls === 0 ? 0 : errors / calls,
      crashes,
      crashesPerMillionCalls: calls === 0 ? 0 : Math.round((crashes / calls) * 1e6),
      restarts: result.restarts,
      findingBuckets: result.findings.size - deaths.length,
      elapsedMs: result.elapsedMs,
      callsPerSecond: Math.round(calls / Math.max(0.001, result.elapsedMs / 1000)),
      latencyUs: {
        p50: us(quantileNs(stats, 0.5)),
        p99: us(quantileNs(stats, 0.99)),
        mean: stats.timedCalls === 0 ? null : us(stats.meanNs),
      },
      peakRssMb: Math.round(result.peakRssMb),
      buckets: deaths
        .map(({ record, file }) => ({
          id: record.id,
          kind: record.kind,
          headline: record.headline,
          count: record.count,
          record: displayPath(file),
        }))
        .sort((a, b) => b.count - a.count),
      recordsRoot,
    };
  } finally {
    fs.rmSync(setup.workDir, { recursive: true, force: true });
  }
}
