import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../config/options.js';
import { resolveTarget } from '../ffi/resolve-target.js';
import { specFromInline } from '../ffi/inline-spec.js';
import type { TargetRef } from '../ffi/target-ref.js';
import { HarnessError } from '../model/harness-error.js';
import { sampleRecord } from '../store/test-support/sample-record.js';
import { campaignSummary, type CampaignReportInput } from './campaign-report.js';
import { readRunSummary } from './read-run-summary.js';
import { sampleReport } from './test-support/sample-report.js';
import { validateRunSummary } from './test-support/validators.js';

// The one run summary schema (run-summary@2): what campaignSummary builds validates against
// schemas/run-summary.schema.json, and `report` refuses a summary that does not, naming the field.

const SPEC = { name: 'chunk-parser', functions: { parse_chunk: { prototype: 'int32_t parse_chunk(const uint8_t *ptr, int32_t len)' } } };

function input(over: Partial<CampaignReportInput> = {}): CampaignReportInput {
  const ref: TargetRef = {
    source: { kind: 'inline', spec: SPEC, specDir: '/nonexistent' },
    target: resolveTarget(specFromInline(SPEC), '/nonexistent'),
    libraryPath: '/nonexistent/libchunk_parser.so',
    librarySha256: 'ab'.repeat(32),
    specModule: null,
    guesses: new Map(),
  };
  return {
    ref,
    options: { ...DEFAULT_OPTIONS, seed: 7, runs: 100 },
    seed: 7,
    prefix: 'node dist/harness/cli/main.js',
    startedAt: new Date('2025-01-02T03:04:05.000Z'),
    resumed: false,
    totals: { execs: 100, elapsedMs: 2000, restarts: 3, peakRssMb: 120.4 },
    timeline: [{ t: 0, execs: 0, findings: 0, rssMb: 0 }],
    findings: [{ record: sampleRecord(), file: '/nonexistent/corpus/chunk-parser/parse_chunk/crashes/panic-0123456789ab/crash.json' }],
    alignment: [],
    abi: null,
    budget: {
      totalMs: null,
      phases: {
        campaign: { budgetMs: null, spentMs: 2000, ended: 'done' },
        minimize: { budgetMs: null, spentMs: 0, ended: 'off' },
        sweep: { budgetMs: null, spentMs: 0, ended: 'off' },
      },
    },
    interrupted: null,
    fault: null,
    unsaved: [],
    ...over,
  };
}

describe('the run summary schema', () => {
  it('should validate the summary a campaign builds', () => {
    // Act
    const summary = campaignSummary(input(), [], '/home/u/project');

    // Assert
    expect(validateRunSummary(summary).errors).toEqual([]);
    expect(summary.peakRssMb).toBe(120);
  });

  it('should validate the summary of an interrupted run that a fault stopped', () => {
    const summary = campaignSummary(
      input({
        interrupted: 'SIGTERM',
        fault: new HarnessError('io', 'cannot write x: ENOSPC', { where: '/full/x' }),
        unsaved: ['/full/x'],
      }),
      [],
      '/home/u/project',
    );

    expect(validateRunSummary(summary).errors).toEqual([]);
    expect(validateRunSummary(sampleReport()).errors).toEqual([]);
  });

  it('should render every command in it to run from any directory', () => {
    const summary = campaignSummary(input(), [], '/home/u/project');

    expect(summary.command).toBe('cd /home/u/project && node dist/harness/cli/main.js fuzz --runs 100 --seed 7');
    expect(summary.findings[0]!.reproduce).toBe(
      'node /home/u/project/dist/harness/cli/main.js repro /nonexistent/corpus/chunk-parser/parse_chunk/crashes/panic-0123456789ab/crash.json',
    );
    const npx = campaignSummary({ ...input(), prefix: 'npx ffi-fuzz' }, [], '/home/u/my project');
    expect(npx.findings[0]!.minimize).toMatch(/^cd '\/home\/u\/my project' && npx ffi-fuzz minimize \/nonexistent\//);
  });

  it('should refuse to re-render a summary whose fields were damaged, naming the field', () => {
    // Arrange
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-summary-')), 'summary.json');
    const summary = campaignSummary(input(), [], '/home/u/project');
    fs.writeFileSync(file, JSON.stringify({ ...summary, findings: [{ ...summary.findings[0], headline: 42 }] }));

    // Act
    const read = () => readRunSummary(file);

    // Assert
    expect(read).toThrow(HarnessError);
    expect(read).toThrow("field 'findings[0].headline' of the run summary must be a string");
  });
});
