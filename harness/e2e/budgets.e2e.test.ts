import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../report/run-summary.js';
import { validateRunSummary } from '../report/test-support/validators.js';
import { CLI, crashRecords, ROOT, runCli, runDirs, scratchDir } from './helpers.js';

// A run ends the way its user asked and still reports: SIGTERM stops the campaign, kills its
// children and writes every report of what it found; a disk that fills mid-campaign stops it
// cleanly, with every record already written intact and the summary naming what was not saved.
// No wall clock is asserted: scripts/acceptance-budgets.sh measures the timed acceptance.

const REPORT_FILES = ['summary.json', 'report.html', 'junit.xml', 'results.sarif'];

/** Processes whose command line names a file under `dir` (engine children name their job file there). */
function processesUsing(dir: string): string[] {
  return fs.readdirSync('/proc').flatMap((pid) => {
    if (!/^\d+$/.test(pid)) return [];
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmdline.includes(dir) ? [`${pid}: ${cmdline.replace(/\0/g, ' ')}`] : [];
    } catch {
      return [];
    }
  });
}

describe('fuzz stopped by SIGTERM', () => {
  it('should stop its children, write every report of what it found, and keep the checkpoint to resume from', async () => {
    // Arrange: a long budget, interrupted once the first finding is printed.
    const dir = scratchDir();
    const out = path.join(dir, 'corpus');
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FUZZ_'))), TMPDIR: tmp };
    const cli = execa(process.execPath, [CLI, 'fuzz', 'chunk-parser', '--duration', '10m', '--seed', '1', '--out', out], {
      cwd: ROOT,
      env,
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    let stderr = '';
    await new Promise<void>((resolve) => {
      cli.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('── new finding')) resolve();
      });
      void cli.then(() => resolve());
    });

    // Act
    cli.kill('SIGTERM');
    const result = await cli;

    // Assert
    const all = String(result.stderr);
    expect(result.exitCode, all).toBe(1);
    expect(all).toContain('SIGTERM: stopping the campaign and writing the report');
    expect(all).toMatch(/^interrupted \(SIGTERM\): the campaign stopped early/m);
    const [run] = runDirs(path.join(out, 'reports'));
    for (const file of REPORT_FILES) expect(fs.statSync(path.join(run!, file)).size, file).toBeGreaterThan(0);
    const summary = JSON.parse(fs.readFileSync(path.join(run!, 'summary.json'), 'utf8')) as RunSummary;
    expect(validateRunSummary(summary).errors).toEqual([]);
    expect(summary.interrupted).toBe('SIGTERM');
    expect(summary.budget.totalMs).toBe(600_000);
    expect(summary.budget.phases.campaign.ended).toBe('interrupted');
    expect([summary.budget.phases.minimize.ended, summary.budget.phases.sweep.ended]).toEqual(['skipped', 'skipped']);
    expect(summary.findings.length).toBeGreaterThanOrEqual(1);
    expect(summary.findings.map((f) => f.recordFile).sort()).toEqual(
      crashRecords(out)
        .map((r) => r.file)
        .sort(),
    );
    expect(fs.readFileSync(path.join(run!, 'report.html'), 'utf8')).toContain('Interrupted (SIGTERM)');
    expect(fs.readdirSync(path.join(out, 'chunk-parser', '.state'))).toHaveLength(1);
    expect(processesUsing(tmp)).toEqual([]);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});

/** Runs the CLI with `out` on a tmpfs of `kb` KiB mounted in a mount namespace of its own; the tmpfs's content is copied to `keep` afterwards. */
async function onTinyDisk(kb: number, out: string, keep: string, args: readonly string[]) {
  // Root (CI) mounts in a new mount namespace; anyone else maps themselves to root in a user namespace first.
  const unshare = process.getuid?.() === 0 ? ['-m'] : ['-r', '-m'];
  const script = `mount -t tmpfs -o size=${kb}k tmpfs "$OUT" || exit 90; "$@"; code=$?; cp -a "$OUT/." "$KEEP/"; exit $code`;
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FUZZ_'))), OUT: out, KEEP: keep };
  return execa('unshare', [...unshare, 'sh', '-c', script, 'sh', process.execPath, CLI, ...args], {
    cwd: ROOT,
    env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
}

describe('fuzz on a disk that fills up', () => {
  it('should stop cleanly, keep every record already written intact, and name what it could not save (exit 2)', async () => {
    // Arrange: the corpus on a 24 KiB tmpfs (a few records), the reports elsewhere.
    const dir = scratchDir();
    const [out, keep, reports] = ['tiny', 'kept', 'reports'].map((d) => path.join(dir, d)) as [string, string, string];
    for (const d of [out, keep]) fs.mkdirSync(d);

    // Act
    const result = await onTinyDisk(24, out, keep, [
      'fuzz',
      'chunk-parser',
      // Property mode alone: the coverage lanes of auto mode would fill the disk with queue entries first.
      '--mode',
      'property',
      '--runs',
      '3000',
      '--seed',
      '1',
      '--minimize-runs',
      '0',
      '--align-sweep',
      '0',
      '--out',
      out,
      '--reports',
      reports,
    ]);

    // Assert
    const stderr = String(result.stderr);
    expect(result.exitCode, `${stderr}\n(exit 90: this test needs root, or user namespaces, to mount a tmpfs)`).toBe(2);
    expect(stderr).toMatch(/^error: cannot write .+: ENOSPC$/m);
    expect(stderr).toContain('hint: the disk is full: free space and rerun; records already written are intact');
    expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    const summary = JSON.parse(fs.readFileSync(path.join(runDirs(reports)[0]!, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary.fault?.code).toBe('io');
    expect(summary.unsaved).toHaveLength(1);
    expect(summary.unsaved[0]!.startsWith(out)).toBe(true);
    expect(stderr).toContain(`not saved: ${summary.unsaved[0]}`);
    expect(summary.budget.phases.campaign.ended).toBe('failed');
    const kept = crashRecords(keep);
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(summary.findings.map((f) => f.id).sort()).toEqual(kept.map((r) => r.record.id).sort());
    const check = await runCli(['corpus', 'check', keep]);
    expect(check.stdout, check.stderr).toContain('0 unreadable or misplaced file(s)');
    expect(check.exitCode).toBe(0);
  });
});
