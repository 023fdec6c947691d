import { describe, expect, it } from 'vitest';
import type { CampaignIdentity } from '../../store/campaign-state.js';
import { RunJournal } from './run-journal.js';
import { scratch } from './test-support/run-fake.js';

const PROPERTY: CampaignIdentity = {
  mode: 'property',
  target: 'fake',
  librarySha256: 'ab',
  seed: 3,
  threads: 1,
  jobs: null,
  functions: [],
  runs: 100,
  durationMs: null,
};

const quiet = { err: () => undefined };

describe('RunJournal', () => {
  it('should resume a checkpoint only in the mode that wrote it', () => {
    // Arrange: a property campaign interrupted after its first progress report.
    const root = scratch();
    new RunJournal(root, PROPERTY, quiet).progress({ execs: 40, elapsedMs: 900, restarts: 2, buckets: 1, positions: [40] });

    // Act
    const coverage = new RunJournal(root, { ...PROPERTY, mode: 'coverage', jobs: 1 }, quiet);
    const property = new RunJournal(root, PROPERTY, quiet);

    // Assert
    expect(coverage.resumed).toBeNull();
    expect(coverage.startAt).toBeUndefined();
    expect(property.startAt).toEqual([40]);
  });
});
