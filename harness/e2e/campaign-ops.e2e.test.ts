import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_MESSAGE } from '../report/test-support/sample-report.js';
import { validateJunit, validateSarif } from '../report/test-support/validators.js';
import { readCrashRecord, type CrashRecord } from '../store/crash-record.js';
import { crashRecords, library, ROOT, runCli, runDirs, scratchDir, startCli } from './helpers.js';

// Campaign operations end to end (issue #7): the report folder of a real run (opened in a real
// browser), regression replay against the buggy and the fixed build, sharding, and a supervisor
// killed with SIGKILL mid-campaign that resumes from the corpus with nothing corrupt.

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Screenshots are CI artifacts: reports/ is uploaded and git-ignored. */
const SCREENSHOTS = path.join(ROOT, 'reports', 'e2e-screenshots');

describe('the report folder of a real run', () => {
  const out = scratchDir();
  const corpus = path.join(out, 'corpus');
  const reports = path.join(out, 'reports');
  let runDir: string;
  let browser: Browser;

  beforeAll(async () => {
    const fuzz = await runCli([
      'fuzz',
      'chunk-parser',
      '--seed',
      '7',
      '--runs',
      '60',
      '--minimize-runs',
      '30',
      '--align-sweep',
      '2',
      '--out',
      corpus,
      '--reports',
      reports,
    ]);
    expect(fuzz.exitCode, fuzz.stderr).toBe(1);
    [runDir] = runDirs(reports) as [string];
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => browser?.close());

  it('should write summary.json, report.html, junit.xml and results.sarif', () => {
    for (const f of ['summary.json', 'report.html', 'junit.xml', 'results.sarif'])
      expect(fs.existsSync(path.join(runDir, f)), f).toBe(true);
    const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as {
      execs: number;
      timeline: unknown[];
      findings: { reproduce: string }[];
    };
    expect(summary.execs).toBeGreaterThanOrEqual(60);
    expect(summary.timeline.length).toBeGreaterThanOrEqual(2);
    expect(summary.findings.length).toBeGreaterThanOrEqual(3);
  });

  it('should write a junit.xml and a SARIF file that validate against their schemas', () => {
    const junit = validateJunit(fs.readFileSync(path.join(runDir, 'junit.xml'), 'utf8'));
    expect(junit.output).toBe('');
    const sarif = JSON.parse(fs.readFileSync(path.join(runDir, 'results.sarif'), 'utf8')) as {
      runs: { results: { locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(validateSarif(sarif).errors).toEqual([]);
    const uris = sarif.runs[0]!.results.flatMap((r) => r.locations ?? []).map((l) => l.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('targets/chunk-parser/src/lib.rs');
  });

  it('should render the plots and the crash table in a browser, a hostile panic message as text', async () => {
    // A target can print anything: make one record's message markup, then regenerate the report.
    const [victim] = crashRecords(corpus).filter((r) => r.record.kind === 'panic');
    const hostile: CrashRecord = { ...victim!.record, message: HOSTILE_MESSAGE, headline: `panic: ${HOSTILE_MESSAGE}` };
    fs.writeFileSync(victim!.file, JSON.stringify(hostile, null, 2));
    const regenerated = await runCli(['report', runDir]);
    expect(regenerated.exitCode, regenerated.stderr).toBe(0);
    expect(regenerated.stdout).toContain('report.html');
    expect(validateJunit(fs.readFileSync(path.join(runDir, 'junit.xml'), 'utf8')).output).toBe('');
    expect(validateSarif(JSON.parse(fs.readFileSync(path.join(runDir, 'results.sarif'), 'utf8'))).errors).toEqual([]);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${path.join(runDir, 'report.html')}`);
    expect(await page.locator('#chart-execs polyline.series').count()).toBe(1);
    expect(await page.locator('#chart-findings polyline.series').count()).toBe(1);
    const findings = (JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as { findings: unknown[] }).findings.length;
    expect(await page.locator('#crash-table tbody tr.finding').count()).toBe(findings);
    expect(await page.locator('#alignment table').count()).toBe(1);
    const row = page.locator(`#crash-table tr[data-id="${victim!.record.id}"]`);
    // Shown as the characters it holds (an HTML parser drops NUL, whatever the escaping).
    expect(await row.locator('.message').textContent()).toBe(HOSTILE_MESSAGE.replaceAll('\u0000', ''));
    expect(await row.locator('.headline').textContent()).toContain('<script>window.__pwned = 1</script>');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const shot = path.join(SCREENSHOTS, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
  });
});

describe('regression replay', () => {
  const out = scratchDir();
  const corpus = path.join(out, 'corpus');
  let promoted: string;

  beforeAll(async () => {
    const fuzz = await runCli([
      'fuzz',
      'chunk-parser',
      '--seed',
      '7',
      '--runs',
      '40',
      '--minimize-runs',
      '0',
      '--align-sweep',
      '0',
      '--out',
      corpus,
      '--reports',
      path.join(out, 'reports'),
    ]);
    expect(fuzz.exitCode, fuzz.stderr).toBe(1);
    const panic = crashRecords(corpus).find((r) => r.record.kind === 'panic')!;
    const promote = await runCli(['promote', panic.file]);
    expect(promote.exitCode, promote.stderr).toBe(0);
    promoted = path.join(corpus, 'chunk-parser', 'parse_chunk', 'regressions', panic.record.id, 'crash.json');
    expect(promote.stdout).toContain(`promoted ${panic.record.id}`);
  });

  it('should keep the record when promoting, and move it out of crashes/', () => {
    expect(readCrashRecord(promoted).id).toBe(path.basename(path.dirname(promoted)));
    expect(fs.existsSync(promoted.replace('/regressions/', '/crashes/'))).toBe(false);
  });

  it('should exit 0 against the fixed build: the regression holds', async () => {
    const replay = await runCli(['replay', corpus, '--lib', library('chunk-parser-fixed')]);
    expect(replay.stdout).toMatch(/^PASS +regressions +chunk-parser\/parse_chunk\/panic-\w+ +no longer fails/m);
    expect(replay.stdout).toContain('1 entries: 1 hold, 0 fail again');
    expect(replay.exitCode).toBe(0);
  });

  it('should exit 1 against the buggy build, with the command to reproduce it', async () => {
    const replay = await runCli(['replay', corpus]);
    expect(replay.stdout).toMatch(/^FAIL +regressions +chunk-parser\/parse_chunk\/panic-\w+ +fails again: panic: /m);
    expect(replay.stderr).toMatch(/^Reproduce with: node \S+ repro \S+regressions\/panic-\w+\/crash\.json$/m);
    expect(replay.exitCode).toBe(1);
  });

  it('should split regressions and crashes over shards disjointly and completely', async () => {
    const entriesOf = (stdout: string) =>
      stdout
        .split('\n')
        .filter((l) => /^(PASS|FAIL|ERROR)/.test(l))
        .map((l) => l.split(/ +/)[2]!);
    const all = entriesOf((await runCli(['replay', corpus, '--crashes', '--lib', library('chunk-parser-fixed')])).stdout);
    const shards = await Promise.all(
      [1, 2, 3].map((i) => runCli(['replay', corpus, '--crashes', '--shard', `${i}/3`, '--lib', library('chunk-parser-fixed')])),
    );
    const split = shards.map((s) => entriesOf(s.stdout));
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(split.flat().sort()).toEqual([...all].sort());
    expect(new Set(split.flat()).size).toBe(all.length);
  });

  it('should reject a malformed shard with exit 2', async () => {
    const replay = await runCli(['replay', corpus, '--shard', '4/3']);
    expect(replay.stderr).toContain('--shard expects i/n');
    expect(replay.exitCode).toBe(2);
  });
});

describe('a supervisor killed with SIGKILL mid-campaign', () => {
  it('should leave no corrupt corpus file, and the rerun should resume and finish the campaign', async () => {
    const out = scratchDir();
    const corpus = path.join(out, 'corpus');
    const reports = path.join(out, 'reports');
    const args = [
      'fuzz',
      'chunk-parser',
      '--seed',
      '11',
      '--runs',
      '250',
      '--minimize-runs',
      '0',
      '--align-sweep',
      '0',
      '--out',
      corpus,
      '--reports',
      reports,
    ];
    const stateDir = path.join(corpus, 'chunk-parser', '.state');
    const first = startCli(args);
    const checkpoint = await waitFor(() => {
      const file = fs.existsSync(stateDir) ? fs.readdirSync(stateDir).find((f) => f.endsWith('.json')) : undefined;
      if (file === undefined) return undefined;
      const state = JSON.parse(fs.readFileSync(path.join(stateDir, file), 'utf8')) as { execs: number; findings: string[] };
      return state.execs >= 30 && state.findings.length > 0 ? state : undefined;
    }, 90_000);
    const engines = childrenOf(first.pid!);
    first.kill('SIGKILL');
    await first;
    // The engine children die with their supervisor (PR_SET_PDEATHSIG), they do not fuzz on alone.
    await waitFor(() => (engines.every((pid) => !alive(pid)) ? true : undefined), 5000);

    const check = await runCli(['corpus', 'check', corpus]);
    expect(check.stdout, check.stderr).toMatch(/0 unreadable or misplaced file\(s\)/);
    expect(check.exitCode).toBe(0);
    const records = crashRecords(corpus);
    expect(records.length).toBeGreaterThanOrEqual(checkpoint.findings.length);
    for (const { file } of records) expect(() => readCrashRecord(file)).not.toThrow();

    const second = await runCli(args);
    expect(second.stderr).toMatch(/^resuming an interrupted campaign from \S+: \d+ execs, \d+ finding\(s\)/m);
    expect(second.exitCode, second.stderr).toBe(1);
    expect(fs.readdirSync(stateDir)).toEqual([]);
    const [runDir] = runDirs(reports);
    const summary = JSON.parse(fs.readFileSync(path.join(runDir!, 'summary.json'), 'utf8')) as {
      resumed: boolean;
      execs: number;
      findings: unknown[];
    };
    expect(summary.resumed).toBe(true);
    expect(summary.execs).toBeGreaterThanOrEqual(250);
    // The rerun did only what was left: redoing the interrupted part (≥ 30 execs) would count them twice.
    expect(summary.execs).toBeLessThanOrEqual(250 + 20);
    // The terminal's totals are the report's.
    expect(Number(/^done: (\d+) execs/m.exec(second.stderr)?.[1])).toBe(summary.execs);
    expect(summary.findings.length).toBeGreaterThanOrEqual(checkpoint.findings.length);
  });
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function childrenOf(pid: number): number[] {
  return fs.readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
    fs
      .readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '')
      .map(Number),
  );
}

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
