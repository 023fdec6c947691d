import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expression, loadYaml, parseYaml, ROOT, schemaErrors, shellcheck } from './test-support/github-yaml.js';

// The action a user's repository runs (action.yml), its self-test workflow, and the recipe the
// README gives users: checked against strict schemas, shellcheck, and actionlint (which also checks
// every `with:` against the action's inputs). actionlint is a Go tool that .ci/run installs.

interface ActionStep {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { steps: ActionStep[] };
}
interface Job {
  needs?: string;
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { shard: number[] } };
  steps: ActionStep[];
}
interface Workflow {
  jobs: Record<string, Job>;
}

const ACTIONLINT_VERSION = 'v1.7.12';

/** The workflow the README gives users, from its fenced block that starts with the file name. */
function readmeRecipe(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /```yaml\n(# \.github\/workflows\/fuzz\.yml\n[\s\S]*?)```/.exec(readme);
  expect(block, 'README.md has a ```yaml block starting with "# .github/workflows/fuzz.yml"').not.toBeNull();
  return block![1]!;
}

/** The actionlint executable: on PATH, or where `go install` puts it. */
function actionlint(): string {
  const gopath = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).stdout?.trim();
  const found = [process.env.PATH ?? '', gopath === undefined ? '' : path.join(gopath, 'bin')]
    .flatMap((dirs) => dirs.split(path.delimiter))
    .map((dir) => path.join(dir, 'actionlint'))
    .find((file) => fs.existsSync(file));
  expect(
    found,
    `actionlint not found: go install github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION} (.ci/run does)`,
  ).toBeDefined();
  return found!;
}

/** The action's steps that call it, in a workflow's job. */
const actionSteps = (job: Job, uses: string) => job.steps.filter((s) => s.uses === uses);

describe('action.yml', () => {
  const action = loadYaml<Action>('action.yml');

  it('should satisfy the composite-action schema, which catches a misspelt key', () => {
    expect(schemaErrors(action, 'github-action')).toEqual([]);
    const broken = structuredClone(action) as unknown as { runs: { steps: Record<string, unknown>[] } };
    broken.runs.steps[0]!['working-directroy'] = '.';
    expect(schemaErrors(broken, 'github-action').length).toBeGreaterThan(0);
  });

  it('should pass every input to its scripts through env, never expanded into the script, and pass shellcheck', () => {
    for (const step of action.runs.steps.filter((s) => s.run !== undefined)) {
      expect(step.run).not.toContain('${{');
      expect(shellcheck(step.run!), step.run).toBe('');
    }
  });

  it('should restore the corpus per branch (then the default branch) and save it under the same key after the merge', () => {
    const restore = action.runs.steps.find((s) => s.uses?.startsWith('actions/cache/restore@'))!;
    const save = action.runs.steps.find((s) => s.uses?.startsWith('actions/cache/save@'))!;
    expect(save.with?.path).toBe(restore.with?.path);
    expect(save.with?.key).toBe(restore.with?.key);
    expect(restore.with?.key).toMatch(/-\$\{\{ github\.ref_name \}\}-\$\{\{ github\.run_id \}\}$/);
    expect(restore.with?.['restore-keys']?.trim().split('\n')).toEqual([
      `${expression('steps.names.outputs.key')}-${expression('github.ref_name')}-`,
      `${expression('steps.names.outputs.key')}-${expression('github.event.repository.default_branch')}-`,
    ]);
    const uses = action.runs.steps.map((s) => s.uses?.replace(/@.*$/, '')).filter(Boolean);
    expect(uses).toEqual(expect.arrayContaining(['github/codeql-action/upload-sarif', 'dorny/test-reporter', 'actions/download-artifact']));
    expect(action.runs.steps.some((s) => s.run?.includes('corpus merge'))).toBe(true);
  });
});

describe.each([
  ['.github/workflows/ffi-fuzz-action.yml', './'],
  ['README.md (CI recipe)', './node_modules/ffi-fuzz'],
])('%s', (source, uses) => {
  const workflow = source === 'README.md (CI recipe)' ? parseYaml<Workflow>(readmeRecipe()) : loadYaml<Workflow>(source);
  const inputs = Object.keys(loadYaml<Action>('action.yml').inputs);

  it('should satisfy the workflow schema', () => {
    expect(schemaErrors(workflow, 'github-workflow')).toEqual([]);
  });

  it('should fuzz in a shard matrix that may upload SARIF, then merge in a job that always runs after it and may write checks', () => {
    const { fuzz, merge } = workflow.jobs;
    const shards = fuzz!.strategy!.matrix.shard;
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    const [shardStep] = actionSteps(fuzz!, uses);
    expect(shardStep?.with).toMatchObject({ command: 'fuzz', shard: `\${{ matrix.shard }}/${shards.length}` });
    expect(fuzz!.permissions?.['security-events']).toBe('write');
    expect(merge).toMatchObject({ needs: 'fuzz', if: 'always()' });
    expect(actionSteps(merge!, uses)[0]?.with?.command).toBe('merge');
    expect(merge!.permissions?.checks).toBe('write');
    for (const step of [...fuzz!.steps, ...merge!.steps].filter((s) => s.uses === uses))
      for (const key of Object.keys(step.with ?? {})) expect(inputs).toContain(key);
  });
});

describe('actionlint', () => {
  it('should pass on the workflows of this repository (the action through `uses: ./`)', () => {
    const r = spawnSync(actionlint(), [], { cwd: ROOT, encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });

  it("should pass on the README's recipe in a repository that installed ffi-fuzz", () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-recipe-'));
    fs.mkdirSync(path.join(repo, '.github/workflows'), { recursive: true });
    fs.mkdirSync(path.join(repo, 'node_modules/ffi-fuzz'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'action.yml'), path.join(repo, 'node_modules/ffi-fuzz/action.yml'));
    fs.writeFileSync(path.join(repo, '.github/workflows/fuzz.yml'), readmeRecipe());
    execFileSync('git', ['init', '-q'], { cwd: repo });
    const r = spawnSync(actionlint(), [], { cwd: repo, encoding: 'utf8' });
    fs.rmSync(repo, { recursive: true, force: true });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });
});
