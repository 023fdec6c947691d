import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CAMPAIGN_STATE_SCHEMA,
  campaignKey,
  readCampaignState,
  thinTimeline,
  writeCampaignState,
  type CampaignIdentity,
  type CampaignState,
} from './campaign-state.js';
import { tempCorpus } from './test-support/sample-record.js';

const identity: CampaignIdentity = {
  mode: 'property',
  target: 't',
  librarySha256: 'ab',
  seed: 7,
  threads: 2,
  jobs: null,
  functions: ['b', 'a'],
  runs: 100,
  durationMs: null,
};

describe('campaign checkpoints', () => {
  it('should key a campaign by what defines it, not by the order of its functions', () => {
    expect(campaignKey(identity)).toBe(campaignKey({ ...identity, functions: ['a', 'b'] }));
    expect(campaignKey(identity)).not.toBe(campaignKey({ ...identity, seed: 8 }));
  });

  it('should key a campaign by its mode: a coverage campaign never resumes a property checkpoint', () => {
    // Arrange: the same target, seed and budget in two modes.
    const coverage: CampaignIdentity = { ...identity, mode: 'coverage', threads: 1, jobs: 2 };

    // Act / Assert
    expect(campaignKey(coverage)).not.toBe(campaignKey({ ...coverage, mode: 'property' }));
    expect(campaignKey(coverage)).not.toBe(campaignKey({ ...coverage, jobs: 3 }));
  });

  it('should read back what it wrote, and ignore (with a warning) a damaged or foreign checkpoint', () => {
    const file = path.join(tempCorpus(), 'state.json');
    const key = campaignKey(identity);
    const state: CampaignState = {
      schema: CAMPAIGN_STATE_SCHEMA,
      key,
      identity,
      startedAt: 'x',
      updatedAt: 'y',
      positions: [3, 4],
      execs: 7,
      restarts: 1,
      elapsedMs: 1000,
      peakRssMb: 10,
      timeline: [],
      findings: ['/a/crash.json'],
    };
    writeCampaignState(file, state);
    const warnings: string[] = [];
    expect(readCampaignState(file, key, (w) => warnings.push(w))).toEqual(state);
    expect(readCampaignState(file, 'other', (w) => warnings.push(w))).toBeNull();
    fs.writeFileSync(file, '{"schema":');
    expect(readCampaignState(file, key, (w) => warnings.push(w))).toBeNull();
    expect(warnings).toHaveLength(2);
  });

  it('should thin a long time series but keep its ends', () => {
    const samples = Array.from({ length: 1300 }, (_, i) => ({ t: i, execs: i, findings: 0, rssMb: 0 }));
    const thin = thinTimeline(samples);
    expect(thin.length).toBeLessThan(700);
    expect(thin[0]!.t).toBe(0);
    expect(thin[thin.length - 1]!.t).toBe(1299);
  });
});
