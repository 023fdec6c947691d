import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expression, loadYaml, ROOT, schemaErrors, shellcheck } from './test-support/github-yaml.js';

// The nightly job is only run by a schedule, so a typo would surface at 3 a.m.: the workflow is
// checked here against a strict schema of the workflow syntax plus the rules that tie it to
// scripts/nightly.sh, and the script is syntax-checked (and linted with shellcheck).

const WORKFLOW = '.github/workflows/nightly.yml';
const SCRIPT = path.join(ROOT, 'scripts/nightly.sh');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  if?: string;
}
interface Job {
  needs?: string | string[];
  steps: Step[];
  strategy?: { matrix: Record<string, unknown[]> };
  env?: Record<string, string>;
  if?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
  env?: Record<string, string>;
}

function load(): Workflow {
  return loadYaml<Workflow>(WORKFLOW);
}

/** Each of the five cron fields in range (minute hour day month weekday), GitHub's dialect. */
function cronOk(cron: string): boolean {
  const ranges = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12],
    [0, 6],
  ] as const;
  const fields = cron.trim().split(/\s+/);
  return (
    fields.length === 5 &&
    fields.every((f, i) =>
      f.split(',').every((part) => {
        const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
        if (m === null) return false;
        const [lo, hi] = ranges[i]!;
        return [m[2], m[3], m[4]].every((n, j) => n === undefined || (j === 2 ? Number(n) >= 1 : Number(n) >= lo && Number(n) <= hi));
      }),
    )
  );
}

describe('.github/workflows/nightly.yml', () => {
  it('should parse as YAML without duplicate keys and satisfy the workflow schema', () => {
    expect(schemaErrors(load(), 'github-workflow')).toEqual([]);
  });

  it('should be caught by the schema when a key is misspelt (the check has teeth)', () => {
    const broken = load() as unknown as { jobs: Record<string, Record<string, unknown>> };
    broken.jobs.fuzz!['run-on'] = broken.jobs.fuzz!['runs-on'];
    delete broken.jobs.fuzz!['runs-on'];
    expect(schemaErrors(broken, 'github-workflow').length).toBeGreaterThan(0);
  });

  it('should run on a valid schedule and on demand', () => {
    const on = load().on as { schedule: { cron: string }[]; workflow_dispatch?: unknown };
    expect(on.schedule.length).toBeGreaterThan(0);
    for (const { cron } of on.schedule) expect(cronOk(cron), cron).toBe(true);
    expect('workflow_dispatch' in on).toBe(true);
  });

  it('should run scripts/nightly.sh once per shard of its matrix, each shard told its i/n', () => {
    const { jobs } = load();
    const fuzz = jobs.fuzz!;
    const shards = fuzz.strategy!.matrix.shard!;
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    expect(fuzz.env?.NIGHTLY_SHARD).toBe(`\${{ matrix.shard }}/${shards.length}`);
    expect(fuzz.steps.some((s) => s.run === 'bash scripts/nightly.sh')).toBe(true);
    expect(fs.existsSync(SCRIPT)).toBe(true);
  });

  it("should upload every shard's corpus and reports under distinct names, even when the shard fails", () => {
    const uploads = load().jobs.fuzz!.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads.map((s) => s.with?.path).sort()).toEqual(['nightly-out/corpus', 'nightly-out/reports']);
    for (const s of uploads) {
      expect(s.if).toBe('always()');
      expect(String(s.with?.name)).toContain(`$${'{{'} matrix.shard }}`);
    }
  });

  it("should merge the shards' corpora in a final job that runs whatever the shards found", () => {
    const { jobs } = load();
    const merge = jobs.merge!;
    expect(merge.needs).toBe('fuzz');
    expect(merge.if).toBe('always()');
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with?.pattern).toBe('corpus-shard-*');
    expect(merge.steps.some((s) => s.run?.includes('main.js corpus merge'))).toBe(true);
    for (const job of Object.values(jobs)) for (const need of [job.needs ?? []].flat()) expect(Object.keys(jobs)).toContain(need);
  });

  it("should start every shard from the previous night's merged corpus, and save tonight's for the next", () => {
    const { jobs } = load();
    const restoreOf = (job: Job) => job.steps.findIndex((s) => s.uses?.startsWith('actions/cache/restore@'));
    // Each shard restores into the corpus nightly.sh fuzzes into, before it runs.
    const fuzz = jobs.fuzz!;
    const restore = fuzz.steps[restoreOf(fuzz)]!;
    expect(restoreOf(fuzz)).toBeLessThan(fuzz.steps.findIndex((s) => s.run === 'bash scripts/nightly.sh'));
    expect(restore.with?.path).toBe('nightly-out/corpus');
    // The merge job merges into that same path on top of the restored corpus and saves it: the cache path must match to restore.
    const merge = jobs.merge!;
    const save = merge.steps.find((s) => s.uses?.startsWith('actions/cache/save@'));
    const mergeStep = merge.steps.findIndex((s) => s.run?.includes('corpus merge'));
    expect(restoreOf(merge)).toBeGreaterThanOrEqual(0);
    expect(restoreOf(merge)).toBeLessThan(mergeStep);
    expect(merge.steps[mergeStep]!.run).toContain('--out nightly-out/corpus');
    expect(save?.with?.path).toBe('nightly-out/corpus');
    // Saved under a key of its own run (cache keys are immutable), restored by the prefix: this branch first, then the default branch.
    expect(save?.with?.key).toBe(restore.with?.key);
    expect(String(save?.with?.key)).toMatch(/^nightly-corpus-\$\{\{ github\.ref_name \}\}-\$\{\{ github\.run_id \}\}$/);
    expect(String(restore.with?.['restore-keys']).trim().split('\n')).toEqual([
      `nightly-corpus-${expression('github.ref_name')}-`,
      `nightly-corpus-${expression('github.event.repository.default_branch')}-`,
    ]);
  });

  it('should pin every action to a major version', () => {
    for (const job of Object.values(load().jobs)) for (const s of job.steps) if (s.uses !== undefined) expect(s.uses).toMatch(/@v\d+$/);
  });
});

describe('scripts/nightly.sh', () => {
  it('should be valid bash', () => {
    expect(() => execFileSync('bash', ['-n', SCRIPT], { stdio: 'pipe' })).not.toThrow();
  });

  it('should pass shellcheck (Debian shellcheck, installed by .ci/run)', () => {
    expect(shellcheck(fs.readFileSync(SCRIPT, 'utf8'))).toBe('');
  });

  it('should keep "found a bug" (1) apart from "harness or build failed" (3)', () => {
    const text = fs.readFileSync(SCRIPT, 'utf8');
    expect(text).toMatch(/1\) found=1/);
    expect(text).toMatch(/\*\) broke=1/);
    expect(text).toMatch(/if \(\( broke \)\); then[\s\S]*exit 3[\s\S]*if \(\( found \)\); then[\s\S]*exit 1/);
  });
});
