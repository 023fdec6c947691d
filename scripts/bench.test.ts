import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BenchReport } from './bench.js';

// `npm run bench --quick`: every section runs and the JSON has its shape. Budgets are tiny, so the
// numbers mean nothing here and no timing is checked: people read the full run's figures.

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('bench --quick', () => {
  it('should write reports/bench/<date>.json with every figure beside its reference and ratio', () => {
    // Arrange
    const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-bench-test-'));
    // Act
    const stdout = execFileSync(process.execPath, [path.join(ROOT, 'dist/scripts/bench.js'), '--quick', '--reports', reports], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [name] = fs.readdirSync(path.join(reports, 'bench'));
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'bench', name!), 'utf8')) as BenchReport;
    fs.rmSync(reports, { recursive: true, force: true });
    // Assert
    expect(name).toMatch(/^\d{4}-\d{2}-\d{2}\.json$/);
    expect(report).toMatchObject({ schema: 'ffi-fuzz/bench@1', quick: true, failed: [] });
    expect(report.machine.cpus).toBeGreaterThan(0);
    const sections = new Set(report.figures.map((f) => f.section));
    for (const s of ['ceiling', 'property', 'overhead', 'stress', 'turnaround', 'fork server', 'minimize']) expect(sections).toContain(s);
    expect(sections.has('coverage') || report.skipped.some((s) => s.section === 'coverage')).toBe(true);
    expect(sections).toContain('real bugs');
    for (const f of report.figures) {
      expect(Number.isFinite(f.value) && f.value >= 0).toBe(true);
      if (f.reference === null) expect(f.ratio).toBeNull();
      else expect(f.ratio).toBeCloseTo(f.value / f.reference.value, 9);
    }
    expect(report.figures.filter((f) => f.section === 'property').every((f) => f.reference !== null && f.goal === '≥ 0.8')).toBe(true);
    expect(stdout).toMatch(/^section\s+figure\s+value\s+reference \(same run\)\s+ratio\s+goal$/m);
    expect(stdout).toMatch(/written to .*bench.\d{4}-\d{2}-\d{2}\.json$/m);
  }, 180_000);
});
