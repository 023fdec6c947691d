import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import koffi from 'koffi';
import { resolveOptions } from '../harness/config/resolve-options.js';
import { PROJECT_ROOT } from '../harness/model/project-root.js';
import { resolveTargetRef, type TargetRef } from '../harness/ffi/target-ref.js';
import { writeFileAtomic } from '../harness/store/atomic-write.js';
import { benchReportFile } from '../harness/store/paths.js';
import { displayPath } from '../harness/report/render-command.js';
import { measureCeiling } from './bench/ceiling.js';
import { buildCoverage, coverageModeAvailable, measureCoverageCli, measureCoverageLoop } from './bench/coverage-run.js';
import { measureAgainstLibFuzzer, type SpeedTarget } from './bench/coverage-speed.js';
import { renderTable, type Figure, type Skipped } from './bench/figure.js';
import { measureForkServer } from './bench/fork-server.js';
import { rawFunctionRate } from './bench/function-rate.js';
import { measureGuardOverhead } from './bench/guard-overhead.js';
import { findLibFuzzer, type LibFuzzer } from './bench/libfuzzer.js';
import { measureMinimization } from './bench/minimization.js';
import { measurePropertyPath } from './bench/property-path.js';
import { measureRealBugs, REAL_BUGS } from './bench/real-bugs.js';
import { measureStress } from './bench/stress-runs.js';
import { measureTurnaround } from './bench/turnaround.js';

// `npm run bench`: every figure of issue #8 next to its reference, measured in the same run on the
// same machine, as a ratio. In-process figures come from tinybench; whole-run figures (stress,
// coverage, minimization) from the real CLI. Prints a table, writes <reports>/bench/<date>.json.
// `--quick` runs every section with tiny budgets (a structure check, not a measurement).

/** Budgets of a full run (about 5 minutes on 2 cores, plus up to 2 minutes per real bug) and of `--quick`. */
const BUDGETS = {
  full: {
    tinybenchMs: 1500,
    stressThreads: [2, 8, 32],
    stressMs: 8000,
    coverageMs: 10_000,
    coverageExecs: 300_000,
    /** Seconds each of ffi-fuzz and libFuzzer runs for the exec/s comparison; the max-len both use. */
    libFuzzerSeconds: 10,
    maxLen: 4096,
    /** Per bug and fuzzer, at most this long (each stops at its first finding). */
    realBugs: { seconds: 60, bugs: REAL_BUGS },
    turnarounds: 7,
    forkServer: { crashRuns: 1000, restartRuns: 60, crashFreeRuns: 20_000, demoMs: 20_000 },
    campaign: ['--runs', '600', '--duration', '25s'],
    jobCampaign: ['--runs', '150', '--duration', '8s'],
    minimize: { maxRuns: 300, durationMs: 30_000, perTarget: 4 },
  },
  quick: {
    tinybenchMs: 100,
    stressThreads: [2],
    stressMs: 1500,
    coverageMs: 1500,
    coverageExecs: 5000,
    libFuzzerSeconds: 2,
    maxLen: 4096,
    realBugs: { seconds: 3, bugs: REAL_BUGS.filter((b) => b.crate === 'uuid') },
    turnarounds: 1,
    forkServer: { crashRuns: 40, restartRuns: 6, crashFreeRuns: 200, demoMs: 3000 },
    campaign: ['--runs', '40', '--duration', '4s'],
    jobCampaign: null,
    minimize: { maxRuns: 10, durationMs: 3000, perTarget: 1 },
  },
} as const;

/** What `reports/bench/<date>.json` holds. */
export interface BenchReport {
  readonly schema: 'ffi-fuzz/bench@1';
  readonly startedAt: string;
  readonly elapsedMs: number;
  readonly quick: boolean;
  readonly machine: {
    readonly cpus: number;
    readonly model: string;
    readonly loadavgStart: readonly number[];
    readonly loadavgEnd: readonly number[];
    readonly node: string;
    readonly koffi: string;
    readonly platform: string;
  };
  readonly figures: readonly Figure[];
  readonly skipped: readonly Skipped[];
  /** Sections that threw: a harness or environment fault, not a slow result. */
  readonly failed: readonly { readonly section: string; readonly error: string }[];
}

const lib = (crate: string) => path.join(PROJECT_ROOT, 'targets/target/release', `lib${crate.replace(/-/g, '_')}.so`);

/** What the sections measured, skipped, and failed on. */
interface Measured {
  readonly figures: Figure[];
  readonly skipped: Skipped[];
  readonly failed: { section: string; error: string }[];
}

type Budget = (typeof BUDGETS)[keyof typeof BUDGETS];

async function main(): Promise<number> {
  const { options, extra } = resolveOptions(process.argv.slice(2), process.env, ['reports'], {
    quick: { flag: '--quick', kind: 'boolean', description: 'tiny budgets: checks that every section runs, measures little' },
    section: { flag: '--section', kind: 'string', description: 'run only this section (its references too), e.g. "fork server"' },
  });
  const quick = extra.quick === true;
  const started = new Date();
  const loadavgStart = os.loadavg();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(
    `bench: ${quick ? 'quick' : 'full'} run on ${os.cpus().length} CPUs, load average ${loadavgStart.map((l) => l.toFixed(2)).join(' ')}`,
  );
  execFileSync('cargo', ['build', '--release', '--quiet', '--manifest-path', path.join(PROJECT_ROOT, 'targets/Cargo.toml')], {
    stdio: 'inherit',
  });
  const only = typeof extra.section === 'string' ? extra.section : null;
  const { figures, skipped, failed } = await measureAll(quick ? BUDGETS.quick : BUDGETS.full, only, log);
  const report: BenchReport = {
    schema: 'ffi-fuzz/bench@1',
    startedAt: started.toISOString(),
    elapsedMs: Date.now() - started.getTime(),
    quick,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? 'unknown',
      loadavgStart,
      loadavgEnd: os.loadavg(),
      node: process.version,
      koffi: koffi.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    figures,
    skipped,
    failed,
  };
  // The bench's own report folder: `--reports`, else reports/ of the working directory (no corpus involved).
  const file = benchReportFile(path.resolve(options.reports ?? 'reports'), started);
  writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  for (const line of renderTable(figures, skipped)) process.stdout.write(`${line}\n`);
  for (const f of failed) process.stdout.write(`${f.section}: FAILED: ${f.error}\n`);
  process.stdout.write(
    `\n${(report.elapsedMs / 1000).toFixed(0)}s on ${report.machine.cpus} CPUs (load average ${loadavgStart.map((l) => l.toFixed(1)).join(' ')} → ${report.machine.loadavgEnd.map((l) => l.toFixed(1)).join(' ')}); written to ${displayPath(file)}\n`,
  );
  return failed.length === 0 ? 0 : 1;
}

/** Every section in turn (or `only` that one); a section that throws is recorded as failed and the next one runs. */
async function measureAll(budget: Budget, only: string | null, log: (line: string) => void): Promise<Measured> {
  const measured: Measured = { figures: [], skipped: [], failed: [] };
  const { figures, skipped } = measured;
  const section = async (name: string, run: () => Promise<void>) => {
    if (only !== null && name !== only) return;
    log(`bench: ${name}…`);
    try {
      await run();
    } catch (error) {
      measured.failed.push({ section: name, error: (error as Error).message });
      log(`bench: ${name} failed: ${(error as Error).message}`);
    }
  };
  const ref = (spec: string, crate: string): Promise<TargetRef> => resolveTargetRef(spec, lib(crate), [], 'plain', log);
  const libFuzzer: LibFuzzer = await findLibFuzzer();
  if (!libFuzzer.available) log(`bench: ${libFuzzer.reason}; the libFuzzer comparisons are skipped`);
  const trivial = await ref('bench-trivial', 'bench-trivial');
  const fixed = await ref('chunk-parser-fixed', 'chunk-parser-fixed');
  const shipped = await ref('chunk-parser', 'chunk-parser');

  const ceiling = await measureCeiling(trivial.libraryPath, budget.tinybenchMs);
  figures.push(...ceiling.figures);
  await section('property', async () => {
    figures.push((await measurePropertyPath(trivial, 'sum64', 1, budget.tinybenchMs)).figure);
    figures.push((await measurePropertyPath(fixed, 'parse_chunk', 1, budget.tinybenchMs)).figure);
  });
  await section(
    'overhead',
    async () => void figures.push(...(await measureGuardOverhead(trivial, ceiling.sum64.nsPerCall, budget.tinybenchMs))),
  );
  const raw = await rawFunctionRate(fixed, 'parse_chunk', 1, budget.tinybenchMs);
  figures.push({
    section: 'ceiling',
    name: 'raw koffi parse_chunk (fixed build), 1 thread',
    value: raw.perSecond,
    unit: 'calls/s',
    reference: { name: 'raw noop', value: ceiling.noop.perSecond, unit: 'calls/s' },
    ratio: raw.perSecond / ceiling.noop.perSecond,
    note: `${raw.nsPerCall.toFixed(0)} ns/call on inputs from its own arbitrary`,
  });
  await section('coverage', async () => {
    if (!coverageModeAvailable())
      return void skipped.push({
        section: 'coverage',
        name: 'coverage mode exec/s',
        reason: 'this tree has no `--mode coverage` yet (issue #4)',
      });
    figures.push(await measureCoverageLoop(budget.coverageExecs));
    figures.push(await measureCoverageCli('chunk-parser-fixed', budget.coverageMs, raw));
    for (const target of await speedTargets()) {
      const measured = await measureAgainstLibFuzzer(libFuzzer, target, budget.libFuzzerSeconds, budget.maxLen);
      if ('reason' in measured) skipped.push(measured);
      else figures.push(measured);
    }
  });
  await section('real bugs', async () => {
    const measured = await measureRealBugs(libFuzzer, budget.realBugs.bugs, budget.realBugs.seconds);
    figures.push(...measured.figures);
    skipped.push(...measured.skipped);
  });
  await section(
    'stress',
    async () =>
      void figures.push(...(await measureStress('chunk-parser-fixed', fixed.libraryPath, budget.stressThreads, budget.stressMs, raw))),
  );
  await section('turnaround', async () => void figures.push(...(await measureTurnaround(shipped, budget.turnarounds))));
  await section('fork server', async () => void figures.push(...(await measureForkServer(budget.forkServer))));
  await section('minimize', async () => {
    const sources = [
      { spec: 'chunk-parser', libraryPath: shipped.libraryPath, flags: ['--seed', '7', ...budget.campaign] },
      ...(budget.jobCampaign === null
        ? []
        : [{ spec: 'job-layout', libraryPath: lib('job-layout'), flags: ['--seed', '7', '--allow-abi-mismatch', ...budget.jobCampaign] }]),
    ];
    const result = await measureMinimization(sources, budget.minimize);
    figures.push(...result.figures);
    skipped.push(...result.skipped);
  });
  return measured;
}

/** The functions coverage mode's exec/s is compared with libFuzzer's on: the trivial one and a real crate's (fixed, so it runs on). */
async function speedTargets(): Promise<SpeedTarget[]> {
  return [
    { spec: 'bench-trivial', library: await buildCoverage('bench-trivial'), symbol: 'sum64', lengthType: 'int32_t' },
    { spec: 'realbugs/json-fixed', library: await buildCoverage('realbugs/json-fixed'), symbol: 'fuzz_json', lengthType: 'size_t' },
  ];
}

process.exitCode = await main();
