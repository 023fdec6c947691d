import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CrashRecord } from '../../../store/crash-record.js';
import type { CaptureContext } from '../../capture/crash-capture.js';
import { runCampaign, type CampaignProgress, type CampaignResult } from '../campaign-loop.js';
import type { CampaignMode } from '../campaign-mode.js';
import type { FakeEngine } from './fake-engine.js';
import { fakeCapture } from './fake-end.js';

/** A campaign run on the fake engine: its result, every finding event and progress report, and where records went. */
export interface FakeCampaign {
  readonly result: CampaignResult;
  readonly findings: { readonly record: CrashRecord; readonly isNew: boolean }[];
  readonly progress: CampaignProgress[];
  readonly warnings: string[];
  readonly dir: string;
}

/** The scratch folders of this test file, removed when its process exits. */
const SCRATCH = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-loop-'));
process.on('exit', () => fs.rmSync(SCRATCH, { recursive: true, force: true }));

/** A fresh scratch folder. */
export function scratch(): string {
  return fs.mkdtempSync(path.join(SCRATCH, 'run-'));
}

/** Runs `mode` on the fake engine, records under a scratch folder. */
export async function runFakeCampaign(
  mode: CampaignMode,
  engine: FakeEngine,
  durationMs: number | null = null,
  capture: CaptureContext = fakeCapture(),
): Promise<FakeCampaign> {
  const dir = scratch();
  const findings: FakeCampaign['findings'] = [];
  const progress: CampaignProgress[] = [];
  const warnings: string[] = [];
  const result = await runCampaign(mode, {
    open: engine.open,
    durationMs,
    capture,
    locate: (id, fn) => path.join(dir, fn, id, 'crash.json'),
    events: {
      finding: (record, _file, isNew) => findings.push({ record, isNew }),
      progress: (p) => progress.push(p),
      warn: (line) => warnings.push(line),
    },
  });
  return { result, findings, progress, warnings, dir };
}
