import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ShardNight } from './corpus-nights.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

// The CI recipe's corpus cycle, played locally with small budgets (scripts/corpus-nights.ts):
// restore → two shards → merge → save, twice. Coverage mode on magic-header is deterministic for
// a seed, so the figures are too; the claim checked is the ordering, not a number.

describe('scripts/corpus-nights', () => {
  it("should start night 2's shards from night 1's merged corpus, with more coverage than night 1 started with", () => {
    // Act: the compiled script, as `node dist/scripts/corpus-nights.js --runs 800 --json` (exit 0: night 2 started ahead).
    const stdout = execFileSync(process.execPath, [path.join(ROOT, 'dist/scripts/corpus-nights.js'), '--runs', '800', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const shards = JSON.parse(stdout) as ShardNight[];
    // Assert
    const night = (n: number) => shards.filter((s) => s.night === n);
    expect(night(1).map((s) => s.corpusBefore)).toEqual([0, 0]);
    for (const s of night(2)) {
      expect(s.corpusBefore).toBeGreaterThan(0);
      expect(s.initialEdges).toBeGreaterThan(Math.max(...night(1).map((f) => f.initialEdges)));
      // The restored corpus holds what night 1 reached: night 2 starts where the best shard ended.
      expect(s.initialEdges).toBe(Math.max(...night(1).map((f) => f.edges)));
    }
  });
});
