import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../harness/model/project-root.js';

// The pipeline's one-way rule, checked in CI (`npm run lint`): a module under harness/ may import
// from its own stage and from stages listed BEFORE it here, never from a later one, and no import
// cycle may exist anywhere. Tests (*.test.ts, test-support/, e2e/) may import anything. The same
// check keeps every non-test module under harness/ at most MAX_FILE_LINES long (one concept per
// file); Biome's noExcessiveLinesPerFunction keeps functions short (biome.json).
// Why a script and not dependency-cruiser: the compiler here is TypeScript 7, which has no
// JavaScript API for dependency-cruiser to parse .ts with; relative ES imports are all we need.

/** Stages from the leaf up; a path prefix under harness/ names each. */
export const STAGES: readonly string[] = [
  'model',
  'config',
  'toolchain',
  'debuginfo',
  'ffi',
  'generate',
  'store',
  'engine',
  'abi',
  'report',
  'supervise/child',
  'supervise/capture',
  'supervise/replay',
  'supervise/campaign',
  'api',
  'cli',
  'vitest',
  'index.ts',
];

/** Longest module under harness/ (tests aside): a longer file holds more than one concept. */
export const MAX_FILE_LINES = 300;

/** One import that runs the wrong way, or one cycle. */
export interface LayerViolation {
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

/** The stage a harness-relative path belongs to (longest prefix), or undefined outside them. */
export function stageOf(file: string): number | undefined {
  let best: number | undefined;
  STAGES.forEach((stage, rank) => {
    if (file === stage || file.startsWith(`${stage}/`)) {
      if (best === undefined || stage.length > (STAGES[best] ?? '').length) best = rank;
    }
  });
  return best;
}

function isTest(file: string): boolean {
  return file.endsWith('.test.ts') || file.includes('/test-support/') || file.startsWith('e2e/');
}

/** Relative imports of every .ts file under `dir`, as harness-relative paths. */
export function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (at: string): void => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        const from = path.relative(dir, full);
        const targets = [...text.matchAll(IMPORT)].map((m) =>
          path.relative(dir, path.resolve(path.dirname(full), (m[1] ?? m[2] ?? '').replace(/\.js$/, '.ts'))),
        );
        graph.set(from, targets);
      }
    }
  };
  walk(dir);
  return graph;
}

/** Every import that runs up the pipeline, and every cycle among non-test modules. */
export function layerViolations(graph: ReadonlyMap<string, readonly string[]>): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const [from, targets] of graph) {
    if (isTest(from)) continue;
    const own = stageOf(from);
    if (own === undefined) {
      violations.push({ from, to: '', why: `${from} is in no stage: add its folder to STAGES in scripts/check-layers.ts` });
      continue;
    }
    for (const to of targets) {
      const theirs = stageOf(to);
      if (theirs !== undefined && theirs > own)
        violations.push({ from, to, why: `${STAGES[own]} may not import ${STAGES[theirs]} (a later stage)` });
    }
  }
  // Cycles: depth-first search with colours over non-test modules.
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (isTest(next) || !graph.has(next)) continue;
      if (state.get(next) === 'open')
        violations.push({ from: node, to: next, why: `import cycle: ${[...stack.slice(stack.indexOf(next)), next].join(' → ')}` });
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!isTest(node) && state.get(node) === undefined) visit(node);
  return violations;
}

/** Every non-test module under `dir` longer than `max` lines. */
export function oversizedFiles(dir: string, max: number = MAX_FILE_LINES): LayerViolation[] {
  const found: LayerViolation[] = [];
  const walk = (at: string): void => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      const file = path.relative(dir, full);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !isTest(file)) {
        const lines = fs.readFileSync(full, 'utf8').split('\n').length - 1;
        if (lines > max)
          found.push({ from: file, to: '', why: `${lines} lines, more than ${max}: split it into files of one concept each` });
      }
    }
  };
  walk(dir);
  return found;
}

function main(): void {
  const harness = path.join(PROJECT_ROOT, 'harness');
  const violations = [...layerViolations(importGraph(harness)), ...oversizedFiles(harness)];
  for (const v of violations) process.stderr.write(`${v.from}${v.to === '' ? '' : ` → ${v.to}`}: ${v.why}\n`);
  if (violations.length > 0) {
    process.stderr.write(`check-layers: ${violations.length} violation(s); the stages, leaf first: ${STAGES.join(' < ')}\n`);
    process.exit(1);
  }
  process.stdout.write(`check-layers: ${STAGES.length} stages, one-way, no cycles; no module over ${MAX_FILE_LINES} lines\n`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
