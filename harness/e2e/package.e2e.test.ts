import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { crashRecords, ROOT, scratchDir } from './helpers.js';

// Acceptance of the package (issue 13): the project packed as npm would publish it, installed from
// the tarball into a fresh project with its own crate (a bug, and its fix), used the way a team
// would: `npx ffi-fuzz fuzz target.ts` on a TypeScript spec importing 'ffi-fuzz' and the project's
// own module, `npx ffi-fuzz init`, and `npx vitest run` with fuzzTest and replayCorpusTest.
// Offline-safe: every dependency comes from the npm cache this checkout's `npm ci` filled.

const FIXTURE = path.join(ROOT, 'harness/e2e/fixtures/user-project');
const work = scratchDir();
const project = path.join(work, 'project');

/** The environment of a user's shell: none of this test run's vitest, npm-script or FUZZ_* variables. */
const userEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|FUZZ_|npm_|NODE_OPTIONS|TINYPOOL|FORCE_COLOR)/i.test(k))),
  NO_COLOR: '1',
};

async function run(command: string, args: readonly string[]): Promise<{ exitCode: number; output: string; stdout: string }> {
  const r = await execa(command, args, { cwd: project, reject: false, env: userEnv, extendEnv: false, stdin: 'ignore', all: true });
  return { exitCode: r.exitCode ?? -1, output: String(r.all), stdout: String(r.stdout) };
}

beforeAll(async () => {
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: ROOT,
    env: userEnv,
    extendEnv: false,
  });
  const { filename } = (JSON.parse(pack.stdout) as { filename: string }[])[0]!;
  fs.cpSync(FIXTURE, project, { recursive: true });
  const vitest = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/vitest/package.json'), 'utf8')) as { version: string }).version;
  const manifest = { name: 'user-project', private: true, type: 'module', devDependencies: { 'ffi-fuzz': `file:../${filename}`, vitest } };
  fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund']);
  expect(install.exitCode, install.output).toBe(0);
});

describe('ffi-fuzz installed from its tarball into a project with its own crate', () => {
  it('should fuzz a TypeScript spec that imports ffi-fuzz and a local module, and record the bug (exit 1)', async () => {
    const r = await run('npx', [
      'ffi-fuzz',
      'fuzz',
      'target.ts',
      // The literal check: a 20 s budget, minimisation and the alignment sweep on.
      '--duration',
      '20s',
      '--seed',
      '1',
    ]);
    expect(r.exitCode, r.output).toBe(1);
    const records = crashRecords(path.join(project, 'corpus'));
    expect(records.map((c) => c.record.headline)).toEqual(['panic: attempt to divide by zero at mycrate/src/lib.rs:16:5']);
    expect(r.output).toContain(`Reproduce with: npx ffi-fuzz repro ${path.relative(project, records[0]!.file)}`);
  });

  it('should scaffold a runnable spec with `init --crate`', async () => {
    const init = await run('npx', ['ffi-fuzz', 'init', '--crate', './mycrate', '--output', 'scaffold.ts']);
    expect(init.exitCode, init.output).toBe(0);
    const text = fs.readFileSync(path.join(project, 'scaffold.ts'), 'utf8');
    expect(text).toContain("prototype: 'int32_t checksum(const uint8_t *data, size_t len)'");
    expect(text).toMatch(/TODO\(contract\)/);
    const fuzz = await run('npx', [
      'ffi-fuzz',
      'fuzz',
      'scaffold.ts',
      '--runs',
      '50',
      '--seed',
      '2',
      '--minimize-runs',
      '0',
      '--align-sweep',
      '0',
      '--out',
      'scaffold-corpus',
      '--json',
    ]);
    // It runs: 0 or 1 (the bug may or may not be hit in 50 runs), never bad input (2) or a harness fault (3).
    expect([0, 1], fuzz.output).toContain(fuzz.exitCode);
    expect((JSON.parse(fuzz.stdout) as { execs: number }).execs).toBeGreaterThanOrEqual(50);
  });

  it('should fail a vitest fuzzTest on the buggy crate with the reproduce line, without the runner dying', async () => {
    const r = await run('npx', ['vitest', 'run', 'fuzz.spec.ts']);
    expect(r.exitCode, r.output).toBe(1);
    expect(r.output).toContain('× checksum survives any record');
    expect(r.output).toMatch(/ffi-fuzz found 1 bug\(s\) in mycrate \(seed 1\)/);
    expect(r.output).toMatch(/Reproduce with: npx ffi-fuzz repro corpus\/mycrate\/checksum\/crashes\/panic-[0-9a-f]+\/crash\.json/);
    expect(r.output).toContain('Tests  1 failed (1)');
  });

  it('should pass fuzzTest and replayCorpusTest once the spec points at the fixed crate', async () => {
    const spec = path.join(project, 'target.ts');
    fs.writeFileSync(spec, fs.readFileSync(spec, 'utf8').replace("crate: './mycrate'", "crate: './mycrate-fixed'"));
    const build = await run('npx', ['ffi-fuzz', 'build', './mycrate-fixed']);
    expect(build.exitCode, build.output).toBe(0);
    // verbose: the default reporter hides a passing file's fast tests, and on a quick machine the corpus replays are fast.
    const r = await run('npx', ['vitest', 'run', '--reporter=verbose']);
    expect(r.exitCode, r.output).toBe(0);
    expect(r.output).toMatch(/✓ (fuzz\.spec\.ts > )?checksum survives any record/);
    expect(r.output).toMatch(/✓ .*mycrate\/checksum\/panic-[0-9a-f]+ \(crashes\)/);
  });
});
