import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrashRecord } from '../store/crash-record.js';
import { crashRecords, library, ROOT, runCli, scratchDir, type CliResult } from './helpers.js';

// No spec at all: the library's own debug info gives `list` its prototypes and `fuzz --lib` the
// functions to fuzz; its own string literals give the inputs their field names. The shipped
// chunk-parser must give up the same two bugs, with the same signatures, as its hand-written spec.
// Then the inputs that cannot work: a stripped library, a struct the library does not have, a
// header that does not compile — each exit 2 with what to do.

const SEED = '7';
const RUNS = '150';
// Keeps the file's runtime modest: the findings are asserted, not their minimisation.
const QUICK = ['--minimize-runs', '0', '--align-sweep', '0'];
const MISALIGNED = 'unsafe precondition(s) violated: slice::from_raw_parts';
const UNWRAP = 'called `Option::unwrap()` on a `None` value';

/** A directory inside the project (git-ignored scratch/), so spec modules written there resolve `koffi`; removed after its describe. */
function projectScratch(): string {
  fs.mkdirSync(path.join(ROOT, 'scratch'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, 'scratch', 'e2e-zero-config-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('list --lib', () => {
  it("should print chunk-parser's real prototypes, and why fuzz --lib skips the getter", async () => {
    const list = await runCli(['list', '--lib', library('chunk-parser')]);
    expect(list.exitCode).toBe(0);
    expect(list.stdout.trim().split('\n')).toEqual([
      'int32_t parse_chunk(const uint8_t *ptr, int32_t len)',
      'const char *get_last_error(void)',
    ]);
    expect(list.stderr).toContain('fuzz --lib skips get_last_error: takes no parameters');
  });

  it('should say why a struct pointer needs a spec', async () => {
    const list = await runCli(['list', '--lib', library('job-layout')]);
    expect(list.stdout).toContain('int32_t job_fill(Job *out)');
    expect(list.stderr).toContain('fuzz --lib skips job_fill: takes a Job *');
    expect(list.exitCode).toBe(0);
  });
});

describe('fuzz --lib (no spec, no --fn)', () => {
  let zero: CliResult;
  let spec: CliResult;
  let zeroRecords: { file: string; record: CrashRecord }[];
  let specRecords: { file: string; record: CrashRecord }[];
  const byMessage = (records: { record: CrashRecord }[], text: string) =>
    records.find((r) => (r.record.message ?? '').includes(text))?.record;

  beforeAll(async () => {
    const out = scratchDir();
    const args = (name: string) => [
      '--seed',
      SEED,
      '--runs',
      RUNS,
      ...QUICK,
      '--out',
      path.join(out, name, 'corpus'),
      '--reports',
      path.join(out, name, 'reports'),
    ];
    [zero, spec] = await Promise.all([
      runCli(['fuzz', '--lib', library('chunk-parser'), ...args('zero')]),
      runCli(['fuzz', 'chunk-parser', ...args('spec')]),
    ]);
    zeroRecords = crashRecords(path.join(out, 'zero', 'corpus'));
    specRecords = crashRecords(path.join(out, 'spec', 'corpus'));
  });

  it('should fuzz parse_chunk, skip the getter with the reason, and show its dictionary', () => {
    expect(zero.stderr).toContain('discovered 2 exported function(s) in libchunk_parser.so; fuzzing parse_chunk');
    expect(zero.stderr).toContain('skipped get_last_error: takes no parameters');
    expect(zero.stderr).toMatch(
      /^dictionary: \d+ token\(s\) from literals of the library's own code of libchunk_parser\.so: .*user_id, event_type, timestamp/m,
    );
    expect(zero.exitCode, zero.stderr).toBe(1);
  });

  it('should find the misaligned-slice abort with the same signature as the spec run', () => {
    const found = byMessage(zeroRecords, MISALIGNED);
    expect(found?.kind).toBe('abort');
    expect(found!.target.spec.dictionary).toContain('user_id');
    expect(found!.id).toBe(byMessage(specRecords, MISALIGNED)?.id);
  });

  it('should find the timestamp unwrap panic with the same signature as the spec run', () => {
    const found = byMessage(zeroRecords, UNWRAP);
    expect(found?.kind).toBe('panic');
    expect(found!.id).toBe(byMessage(specRecords, UNWRAP)?.id);
    expect(spec.exitCode, spec.stderr).toBe(1);
  });
});

describe('bad input (exit 2, saying what to do)', () => {
  const dir = scratchDir();
  const stripped = (crate: string) => {
    const file = path.join(dir, path.basename(library(crate)));
    if (!fs.existsSync(file)) execFileSync('strip', ['--strip-debug', '-o', file, library(crate)]);
    return file;
  };

  it('should reject a library without debug info in list and fuzz --lib', async () => {
    for (const args of [
      ['list', '--lib', stripped('chunk-parser')],
      ['fuzz', '--lib', stripped('chunk-parser'), '--runs', '10'],
    ]) {
      const run = await runCli(args);
      expect(run.stderr, args[0]).toContain('has no DWARF debug info');
      expect(run.stderr).toContain('build with `debug = true` in [profile.release] of Cargo.toml');
      expect(run.stderr).toMatch(/^ {2}hint: ffi-fuzz build <crate> builds with debug info/m);
      expect(run.exitCode).toBe(2);
    }
  });

  it('should reject a library without debug info in abi', async () => {
    const abi = await runCli(['abi', 'job-layout', '--lib', stripped('job-layout')]);
    expect(abi.stderr).toContain('has no DWARF debug info');
    expect(abi.exitCode).toBe(2);
  });

  describe('specs of structs', () => {
    const specs = projectScratch();
    const write = (name: string, body: string) => {
      fs.writeFileSync(path.join(specs, name), body);
      return path.join(specs, name);
    };
    const job = "koffi.struct('Job', { id: 'uint32_t', offset: [4, 'uint64_t'], flags: 'uint32_t' })";

    it("should reject a struct missing from the library's debug info", async () => {
      const spec = write(
        'missing.mjs',
        `import koffi from 'koffi';\nexport default { name: 'missing-struct', library: ${JSON.stringify(library('job-layout'))}, structs: { Widget: koffi.struct('Widget', { a: 'uint32_t' }) }, functions: { job_fill: { prototype: 'int32_t job_fill(Widget *out)' } } };\n`,
      );
      for (const command of ['abi', 'fuzz']) {
        const run = await runCli([command, spec, ...(command === 'fuzz' ? ['--runs', '10'] : [])]);
        expect(run.stderr, command).toMatch(/^error: struct Widget is not in the library's debug info \(libjob_layout\.so\)$/m);
        expect(run.stderr).toMatch(/^ {2}hint: name the struct in the spec's structs as the library/m);
        expect(run.exitCode).toBe(2);
      }
    });

    it("should reject a header that does not compile, with the compiler's message", async () => {
      write('broken.h', 'typedef struct Job { unsigned id; this is not C; } Job;\n');
      const spec = write(
        'broken-header.mjs',
        `import koffi from 'koffi';\nexport default { name: 'broken-header', library: ${JSON.stringify(library('job-layout'))}, header: 'broken.h', structs: { Job: ${job} }, functions: { job_fill: { prototype: 'int32_t job_fill(Job *out)' } } };\n`,
      );
      const abi = await runCli(['abi', spec]);
      expect(abi.stderr).toMatch(/^error: \S+broken\.h does not compile with `cc /m);
      expect(abi.stderr).toMatch(/unknown type name .this./);
      expect(abi.stderr).toMatch(/^ {2}hint: fix the header, or the spec's header path/m);
      expect(abi.exitCode).toBe(2);
    });
  });
});
