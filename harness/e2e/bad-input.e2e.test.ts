import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleRecord, writeBucket } from '../store/test-support/sample-record.js';
import type { CrashRecord } from '../store/crash-record.js';
import { library, ROOT, runCli, scratchDir } from './helpers.js';

// Bad input gets a clear error (what, where, what to do), exit code 2, and never a crash of the harness.

const PROTO = 'int32_t parse_chunk(const uint8_t *ptr, int32_t len)';

async function expectBadInput(args: string[], ...fragments: string[]): Promise<void> {
  const result = await runCli(args);
  for (const fragment of fragments) expect(result.stderr).toContain(fragment);
  expect(result.stderr).not.toMatch(/at .*\.js:\d+|this is a bug in ffi-fuzz/);
  expect(result.exitCode).toBe(2);
}

describe('bad input', () => {
  const dir = scratchDir();
  const spec = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const harness = path.join(ROOT, 'dist/harness/index.js');

  it('should name a missing library and say how to build one', async () => {
    await expectBadInput(
      ['fuzz', '--lib', '/nonexistent/libgone.so', '--fn', PROTO, '--runs', '5'],
      'error: library not found: /nonexistent/libgone.so',
      'hint: build it first',
    );
  });

  it('should name a symbol the library does not export', async () => {
    await expectBadInput(
      [
        'fuzz',
        '--lib',
        library('chunk-parser'),
        '--fn',
        'int32_t parse_chunks(const uint8_t *ptr, int32_t len)',
        '--runs',
        '5',
        '--out',
        dir,
      ],
      "symbol 'parse_chunks' is not exported",
      'nm -D',
    );
  });

  it('should point at the column of a malformed prototype', async () => {
    await expectBadInput(
      ['fuzz', '--lib', library('chunk-parser'), '--fn', 'int32_t parse_chunk(const uint8_t *ptr, int32_t len', '--runs', '5'],
      'malformed prototype: missing ")"',
      '^ (column',
    );
  });

  it('should reject a spec path that does not exist, listing the bundled targets', async () => {
    await expectBadInput(['fuzz', path.join(dir, 'nope.mjs')], 'no spec at', 'chunk-parser');
  });

  it('should reject a spec module that does not load', async () => {
    await expectBadInput(['fuzz', spec('broken.mjs', 'export default {{{')], 'cannot load the spec module', 'broken.mjs');
  });

  it('should name the field of a spec that does not validate', async () => {
    const file = spec(
      'typo.mjs',
      `import { defineTarget } from ${JSON.stringify(harness)};\nexport default defineTarget({ name: 't', library: 'x.so', functions: { f: { prototype: 'int f(int a)', contarct: {} } } });\n`,
    );
    await expectBadInput(['fuzz', file], "unknown field 'contarct'", "defineTarget('t').functions.f.contarct");
  });

  it('should say which record is corrupt and how', async () => {
    const file = spec('crash.json', '{"schema": "ffi-fuzz/crash-record@1", "id": ');
    await expectBadInput(['repro', file], 'the crash record is not valid JSON', file);
  });

  it('should refuse a JSON file that is not a crash record', async () => {
    await expectBadInput(['repro', spec('other.json', '{"hello": 1}')], 'not an ffi-fuzz crash record');
  });

  it('should reject unknown flags with a suggestion', async () => {
    await expectBadInput(['fuzz', 'chunk-parser', '--thread', '2'], 'unknown flag --thread', 'did you mean --threads?');
  });

  describe('repro, replay and minimize with a record and library that do not match', () => {
    const corpus = path.join(dir, 'records');
    const base = sampleRecord();
    const record = (over: Partial<CrashRecord>, spec = base.target.spec) =>
      writeBucket(corpus, sampleRecord({ ...over, target: { ...base.target, library: library('chunk-parser'), spec } }));
    const good = () => record({});
    const missingSymbol = () =>
      record(
        { id: 'panic-bbbbbbbbbbbb', function: 'parse_chunks', input: { fn: 'parse_chunks', args: [] }, inflight: [] },
        { name: 'chunk-parser', functions: { parse_chunks: { prototype: 'int32_t parse_chunks(void)' } } },
      );

    for (const command of ['repro', 'minimize'] as const) {
      it(`${command}: should name the symbol a wrong library lacks, with a hint (exit 2)`, async () => {
        await expectBadInput(
          [command, good(), '--lib', library('session-store')],
          "symbol 'parse_chunk' is not exported",
          'hint: check the name',
        );
      });

      it(`${command}: should name a symbol the record's library does not export (exit 2)`, async () => {
        await expectBadInput([command, missingSymbol()], "symbol 'parse_chunks' is not exported", 'hint:');
      });

      it(`${command}: should refuse a file that is not a library, and a folder (exit 2)`, async () => {
        await expectBadInput([command, good(), '--lib', '/etc/passwd'], 'cannot load library', 'hint:');
        await expectBadInput([command, good(), '--lib', dir], 'is a directory, not a library', 'hint:');
      });

      it(`${command}: should say which field of a corrupt record is wrong (exit 2)`, async () => {
        const file = good();
        const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
        fs.writeFileSync(file, JSON.stringify({ ...json, inflight: {} }));
        await expectBadInput([command, file], "field 'inflight' must be an array", 'hint: the record was edited or cut short');
        fs.writeFileSync(file, JSON.stringify({ ...json, input: { fn: 'parse_chunk', args: [] } }));
        await expectBadInput([command, file], 'parse_chunk takes 2 argument(s), the call gives 0', 'hint:');
        fs.writeFileSync(file, JSON.stringify(json).slice(0, 200));
        await expectBadInput([command, file], 'the crash record is not valid JSON', 'hint:');
      });
    }

    it('replay: should exit 2 with the reason and a hint, once, when the library lacks the symbols', async () => {
      good();
      const result = await runCli(['replay', corpus, '--crashes', '--lib', library('session-store')]);
      expect(result.stdout).toContain('could not run');
      expect(result.stderr.match(/symbol 'parse_chunk' is not exported/g)).toHaveLength(1);
      expect(result.stderr).toContain('hint: check the name');
      expect(result.exitCode).toBe(2);
    });
  });

  it('should refuse an --out that is a file, saying what to pass instead (exit 2)', async () => {
    const file = spec('not-a-folder', 'x');
    await expectBadInput(
      ['fuzz', 'chunk-parser', '--runs', '5', '--out', file],
      'is a file, not a directory',
      'where: --out',
      'hint: pass a directory to --out',
    );
  });
});
