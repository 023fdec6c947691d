import { describe, expect, it } from 'vitest';
import { formatElapsed, PlainCadence, renderStatus } from './status-line.js';

describe('renderStatus', () => {
  it('should show elapsed, rate, corpus, findings, threads and memory on one line', () => {
    expect(
      renderStatus({
        elapsedMs: 12_345,
        execs: 167_144,
        execsPerSecond: 41_526.2,
        corpus: 3,
        findings: 2,
        threads: 4,
        restarts: 1,
        rssMb: 99.6,
      }),
    ).toBe('[12.3s]  execs 167k  42k/s  findings 2  corpus 3  threads 4  rss 100M  restarts 1');
  });

  it('should format long runs in minutes and hours', () => {
    expect(formatElapsed(185_000)).toBe('3m05s');
    expect(formatElapsed(3_720_000)).toBe('1h02m');
  });
});

describe('PlainCadence', () => {
  it('should print at 5, 10, 15, 30, 45, 60 s and then once a minute', () => {
    const cadence = new PlainCadence();
    const due = [];
    for (let ms = 0; ms <= 200_000; ms += 1000) if (cadence.due(ms)) due.push(ms / 1000);
    expect(due).toEqual([5, 10, 15, 30, 45, 60, 120, 180]);
  });

  it('should print once after a long gap, not once per missed mark', () => {
    const cadence = new PlainCadence();
    expect(cadence.due(50_000)).toBe(true);
    expect(cadence.due(51_000)).toBe(false);
    expect(cadence.due(60_000)).toBe(true);
  });
});
