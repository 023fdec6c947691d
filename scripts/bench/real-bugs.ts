import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../../harness/model/project-root.js';
import type { CrashRecord } from '../../harness/store/crash-record.js';
import type { RunSummary } from '../../harness/report/run-summary.js';
import { buildCoverage } from './coverage-run.js';
import { figure, type Figure, type Skipped } from './figure.js';
import { libFuzzerDriver, runLibFuzzer, type LibFuzzer } from './libfuzzer.js';
import { CLI, summaryOf } from './run-cli.js';

/** One bug of the real-bug suite (targets/realbugs/): its crate and the function to fuzz. */
export interface RealBug {
  /** The row's name. */
  readonly name: string;
  /** targets/realbugs/<crate>. */
  readonly crate: string;
  readonly symbol: string;
}

/** Every bug of the suite; serde-yaml twice: the whole crate, and its deep-recursion entry alone. */
export const REAL_BUGS: readonly RealBug[] = [
  { name: 'rustc-demangle', crate: 'rustc-demangle', symbol: 'fuzz_rustc_demangle' },
  { name: 'uuid', crate: 'uuid', symbol: 'fuzz_uuid' },
  { name: 'quick-xml', crate: 'quick-xml', symbol: 'fuzz_quick_xml' },
  { name: 'der-parser', crate: 'der-parser', symbol: 'fuzz_der_parser' },
  { name: 'json', crate: 'json', symbol: 'fuzz_json' },
  { name: 'serde-yaml', crate: 'serde-yaml', symbol: 'fuzz_serde_yaml' },
  { name: 'serde-yaml (deep)', crate: 'serde-yaml', symbol: 'fuzz_serde_yaml_deep' },
  { name: 'pulldown-cmark', crate: 'pulldown-cmark', symbol: 'fuzz_pulldown_cmark' },
];

/** A run to the first finding, or to the budget. */
interface TimeToBug {
  /** The first finding's kind, or null when the budget ran out first. */
  readonly found: string | null;
  readonly seconds: number;
  /** Executions until the finding (ffi-fuzz: of the engine process that found it), or of the whole run. */
  readonly execs: number;
}

/**
 * Time-to-bug on the real-bug suite: for each bug, ffi-fuzz coverage mode with `--jobs 1` and
 * libFuzzer (the driver linked against the same coverage build), each from an empty corpus with
 * seed 1 and its own default input length, until its first finding or `seconds`. A hang counts
 * when it passes the call timeout: ffi-fuzz's default 5 s, and `-timeout=5` for libFuzzer (its
 * default is 1200 s). One row per bug (seconds to the finding; a miss counts as the budget),
 * then how many each found and the median.
 */
export async function measureRealBugs(
  lf: LibFuzzer,
  bugs: readonly RealBug[],
  seconds: number,
): Promise<{ figures: Figure[]; skipped: Skipped[] }> {
  const figures: Figure[] = [];
  const skipped: Skipped[] = [];
  if (!lf.available) skipped.push({ section: 'real bugs', name: 'libFuzzer time-to-bug', reason: lf.reason });
  const rows: { ours: TimeToBug; theirs: TimeToBug | null }[] = [];
  for (const bug of bugs) {
    const library = await buildCoverage(`realbugs/${bug.crate}`);
    const ours = await ffiFuzzTimeToBug(bug, library, seconds);
    const theirs = lf.available ? await libFuzzerTimeToBug(lf, bug, library, seconds) : null;
    rows.push({ ours, theirs });
    figures.push(
      figure(
        'real bugs',
        `time-to-bug, ${bug.name} (${bug.symbol})`,
        ours.seconds,
        's',
        theirs === null ? null : { name: 'libFuzzer, same library', value: theirs.seconds, unit: 's' },
        {
          goal: '≤ 1.0',
          note: `ffi-fuzz: ${describe(ours, seconds)}; libFuzzer: ${theirs === null ? 'not run' : describe(theirs, seconds)}`,
        },
      ),
    );
  }
  const found = (runs: (TimeToBug | null)[]) => runs.filter((r) => r?.found != null).length;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0;
  const theirs = rows.flatMap((r) => (r.theirs === null ? [] : [r.theirs]));
  const reference = (value: number, unit: string) => (theirs.length === 0 ? null : { name: 'libFuzzer', value, unit });
  figures.push(
    figure('real bugs', `bugs found within ${seconds}s each`, found(rows.map((r) => r.ours)), 'bugs', reference(found(theirs), 'bugs'), {
      goal: '≥ 1.0',
      note: `of ${rows.length}`,
    }),
    figure(
      'real bugs',
      'median time-to-bug (a miss counts as the budget)',
      median(rows.map((r) => r.ours.seconds)),
      's',
      reference(median(theirs.map((r) => r.seconds)), 's'),
      { goal: '≤ 1.0' },
    ),
  );
  return { figures, skipped };
}

function describe(run: TimeToBug, budget: number): string {
  return run.found === null
    ? `nothing in ${budget}s (${run.execs} execs)`
    : `${run.found} after ${run.execs} execs in ${run.seconds.toFixed(1)}s`;
}

async function libFuzzerTimeToBug(
  lf: Extract<LibFuzzer, { available: true }>,
  bug: RealBug,
  library: string,
  seconds: number,
): Promise<TimeToBug> {
  const driver = await libFuzzerDriver(lf, { library, symbol: bug.symbol, lengthType: 'size_t' });
  const run = await runLibFuzzer(driver, seconds, ['-seed=1', '-timeout=5']);
  return { found: run.found, seconds: run.found === null ? seconds : run.wallMs / 1000, execs: run.execs };
}

/**
 * `fuzz realbugs/<crate> --lib <coverage build> --only <fn> --mode coverage --jobs 1`, stopped
 * as soon as it prints its first finding's record (the time is the CLI's, from its start).
 */
async function ffiFuzzTimeToBug(bug: RealBug, library: string, seconds: number): Promise<TimeToBug> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-bench-bug-'));
  try {
    const scratch = ['--out', path.join(dir, 'corpus'), '--reports', path.join(dir, 'reports')];
    const args = ['fuzz', `realbugs/${bug.crate}`, '--lib', library, '--only', bug.symbol, '--mode', 'coverage', '--jobs', '1'];
    const budget = ['--duration', `${seconds}s`, '--seed', '1', '--minimize-runs', '0', '--align-sweep', '0', '--json', ...scratch];
    // The killed CLI leaves its work folder behind: under this run's own scratch folder.
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FUZZ_'))), TMPDIR: dir };
    const started = performance.now();
    const child = execa(process.execPath, [CLI, ...args, ...budget], {
      reject: false,
      env,
      extendEnv: false,
      stdin: 'ignore',
      cwd: PROJECT_ROOT,
    });
    let record: string | undefined;
    let seen = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString('utf8')).slice(-4096);
      const file = /^Record: (.+)$/m.exec(seen)?.[1];
      if (file !== undefined && record === undefined) {
        record = path.resolve(PROJECT_ROOT, file);
        child.kill('SIGKILL');
      }
    });
    const run = await child;
    const wall = (performance.now() - started) / 1000;
    if (record !== undefined) {
      const found = JSON.parse(fs.readFileSync(record, 'utf8')) as CrashRecord;
      return { found: found.kind, seconds: wall, execs: (found.inflight[0]?.streamIndex ?? 0) + 1 };
    }
    const cli = { exitCode: run.exitCode ?? -1, stdout: String(run.stdout), stderr: String(run.stderr), ms: wall * 1000 };
    return { found: null, seconds, execs: summaryOf<RunSummary>(cli, `fuzz realbugs/${bug.crate}`).execs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
