import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, crashRecords, library, ROOT, runCli, runDirs, scratchDir } from './helpers.js';

// Bad input, fuzzed: argv, spec objects, corpus files, crash records and run summaries, generated
// and damaged at random, given to the real CLI in a child process. Whatever it gets, it must exit
// 0, 1 or 2 with a message — never 3 (a bug of ours), never a stack trace — and write nothing
// outside its --out (its temp work folders removed too). A fixed seed and a bounded number of
// cases keep it reproducible and under a minute; a failure prints the case without shrinking.

const SEED = 20_241_212;
const CASES = 32;
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** A small real campaign's output: a valid record, corpus and run folder to damage. */
interface Base {
  readonly corpus: string;
  readonly record: string;
  readonly run: string;
}

const COMMANDS = ['fuzz', 'repro', 'minimize', 'replay', 'promote', 'report', 'corpus', 'compare', 'list', 'abi'] as const;
type Command = (typeof COMMANDS)[number];

/** A damage done to a JSON document (a record, a summary, a spec object). */
type Damage =
  | { readonly kind: 'none' }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'replace'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'nested'; readonly path: readonly (string | number)[]; readonly value: unknown }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

const NESTED_PATHS: readonly (readonly (string | number)[])[] = [
  ['target', 'spec', 'functions', 'parse_chunk', 'prototype'],
  ['target', 'spec', 'functions'],
  ['target', 'spec', 'name'],
  ['target', 'library'],
  ['input', 'args'],
  ['input', 'args', 0],
  ['input', 'args', 0, 'hex'],
  ['input', 'args', 0, 'align'],
  ['input', 'args', 1, 'of'],
  ['input', 'fn'],
  ['inflight', 0, 'input'],
  ['inflight', 0],
  ['preceding', 0],
  ['engine', 'guardPages'],
  ['findings', 0, 'recordFile'],
  ['findings', 0],
  ['timeline', 0],
  ['cwd'],
  ['functions', 'parse_chunk', 'contract'],
  ['functions', 'parse_chunk', 'params'],
  ['functions', 'parse_chunk'],
  ['name'],
  ['library'],
];

const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', 'zz', '../../etc', 'int32_t f(', 'void *g(void)', 'uint8_t parse_chunk(const uint8_t *ptr)', -1, 1e300),
);
const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'none' } as const) },
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: jsonValue }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('nested' as const), path: fc.constantFrom(...NESTED_PATHS), value: jsonValue }) },
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
);

/** The text of a JSON document after `d`. */
function damaged(doc: unknown, d: Damage): string | Uint8Array {
  const copy = structuredClone(doc) as Record<string, unknown>;
  const keys = Object.keys(copy);
  switch (d.kind) {
    case 'none':
      return JSON.stringify(copy, null, 2);
    case 'delete':
      delete copy[keys[d.pick % keys.length]!];
      return JSON.stringify(copy);
    case 'replace':
      copy[keys[d.pick % keys.length]!] = d.value;
      return JSON.stringify(copy);
    case 'nested': {
      let at: Record<string | number, unknown> | undefined = copy;
      for (const step of d.path.slice(0, -1)) at = (at?.[step] ?? undefined) as Record<string | number, unknown> | undefined;
      if (at !== null && typeof at === 'object') at[d.path[d.path.length - 1]!] = d.value;
      return JSON.stringify(copy);
    }
    case 'truncate': {
      const text = JSON.stringify(copy);
      return text.slice(0, d.at % text.length);
    }
    case 'bytes':
      return d.bytes;
    default: {
      const never: never = d;
      return never;
    }
  }
}

/** A spec module: a damaged spec object, with or without defineTarget, or not JavaScript at all. */
const specModule = fc.record({ damage, wrap: fc.constantFrom('defineTarget', 'plain', 'syntax') });

/** Where a value of a flag or positional comes from. */
const PATHS = ['record', 'spec', 'corpus', 'run', 'missing', 'a-file', 'a-dir', 'lib-ok', 'lib-wrong', 'lib-elf', 'garbage'] as const;
type PathKind = (typeof PATHS)[number];
const LIBS = ['lib-ok', 'lib-ok', 'lib-wrong', 'lib-elf', 'missing', 'a-dir'] as const satisfies readonly PathKind[];

const flagValue = fc.oneof(
  fc.constantFrom<PathKind>(...PATHS).map((p) => ({ path: p })),
  fc.constantFrom('1', '3', '0', '-1', 'abc', '', '2s', '100ms', '1/2', '3/2', 'plain', 'stress', 'coverage', 'off', '9'.repeat(30)),
  fc.string({ maxLength: 12 }),
);

/** Every flag a case may add as noise (some commands refuse some of them: that is bad usage too). */
const NOISE_FLAGS = [
  '--lib',
  '--fn',
  '--only',
  '--mode',
  '--threads',
  '--seed',
  '--timeout',
  '--guard-pages',
  '--shard',
  '--jobs',
  '--crashes',
  '--json',
  '--times',
  '--duration',
  '--bogus',
];

/** Prototypes for --fn: right, malformed, naming a symbol the library lacks, of a type nobody knows. */
const PROTOTYPES = [
  'int32_t parse_chunk(const uint8_t *ptr, int32_t len)',
  'int32_t parse_chunk(const uint8_t *ptr, int32_t len',
  'int32_t parse_chunks(const uint8_t *ptr, int32_t len)',
  'widget_t parse_chunk(widget_t *w)',
  'parse_chunk',
  '',
] as const;

/** Where a command writes: the default corpus/, a new folder, a nested new one, or a file in the way. */
const OUTS = ['default', 'out', 'deep/er/out', 'a-file'] as const;

/** What always bounds a case's work (appended last: the last value of a flag wins). */
const BOUNDS: Readonly<Record<Command, readonly string[]>> = {
  fuzz: ['--runs', '20', '--duration', '4s', '--timeout', '2s'],
  repro: ['--timeout', '2s'],
  minimize: ['--runs', '5', '--timeout', '2s'],
  replay: ['--timeout', '2s', '--jobs', '2'],
  promote: [],
  report: [],
  corpus: [],
  compare: ['--calls', '16', '--threads', '2', '--timeout', '2s'],
  list: [],
  abi: [],
};

const caseOf = fc.record({
  command: fc.constantFrom(...COMMANDS),
  /** Mostly the command as it is meant to be called, with damaged inputs; sometimes with argv noise. */
  noise: fc.oneof(
    { weight: 3, arbitrary: fc.constant<[number, string | { path: PathKind }][]>([]) },
    fc.array(fc.tuple(fc.nat(), flagValue), { minLength: 1, maxLength: 3 }),
  ),
  lib: fc.option(fc.constantFrom(...LIBS), { nil: undefined }),
  libs: fc.tuple(fc.constantFrom(...LIBS), fc.constantFrom(...LIBS)),
  fn: fc.option(fc.constantFrom(...PROTOTYPES), { nil: undefined }),
  out: fc.constantFrom(...OUTS),
  merge: fc.boolean(),
  record: damage,
  summary: damage,
  spec: specModule,
  queue: damage,
});
type Case = typeof caseOf extends fc.Arbitrary<infer T> ? T : never;

/** The command line of a case: the command's usual shape, its inputs from `where`, noise, then the bounds. */
function argvOf(c: Case, where: Readonly<Record<PathKind, string>>, out: string | null): string[] {
  const lib = c.lib === undefined ? [] : ['--lib', where[c.lib]];
  const fn = c.fn === undefined ? [] : ['--fn', c.fn];
  const outArgs = out === null ? [] : ['--out', out];
  const shape: Record<Command, string[]> = {
    fuzz: [...(c.lib === undefined ? [where.spec] : [...lib, ...fn]), ...outArgs],
    repro: [where.record, ...lib],
    minimize: [where.record, ...lib],
    replay: [where.corpus, '--crashes', ...lib],
    promote: [where.record],
    report: [where.run],
    corpus: c.merge ? ['merge', where.corpus, ...outArgs] : ['check', where.corpus],
    compare: [where[c.libs[0]], where[c.libs[1]], ...fn, ...outArgs],
    list: [...lib],
    abi: [where.spec, ...lib],
  };
  const noise = c.noise.flatMap(([pick, v]) => {
    const flag = NOISE_FLAGS[pick % NOISE_FLAGS.length]!;
    return flag === '--json' || flag === '--crashes' ? [flag] : [flag, typeof v === 'string' ? v : where[v.path]];
  });
  return [c.command, ...shape[c.command], ...noise, ...BOUNDS[c.command]];
}

/** Every file under `dir`. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.join(e.parentPath, e.name));
}

/** The files of one case, in a sandbox of its own: inputs, a working directory and a temp directory. */
function materialize(base: Base, c: Case, sandbox: string): { argv: string[]; cwd: string; tmp: string; outs: string[] } {
  const inputs = path.join(sandbox, 'inputs');
  const cwd = path.join(sandbox, 'cwd');
  const tmp = path.join(sandbox, 'tmp');
  for (const d of [inputs, cwd, tmp]) fs.mkdirSync(d, { recursive: true });
  const corpus = path.join(inputs, 'corpus');
  fs.cpSync(base.corpus, corpus, { recursive: true });
  const [recordFile] = crashRecords(corpus).map((r) => r.file);
  fs.writeFileSync(recordFile!, damaged(JSON.parse(fs.readFileSync(base.record, 'utf8')), c.record));
  fs.writeFileSync(path.join(path.dirname(recordFile!), 'stray.json'), damaged({ fn: 'parse_chunk', args: [] }, c.queue));
  const run = path.join(inputs, 'run');
  fs.cpSync(base.run, run, { recursive: true });
  fs.writeFileSync(
    path.join(run, 'summary.json'),
    damaged(JSON.parse(fs.readFileSync(path.join(base.run, 'summary.json'), 'utf8')), c.summary),
  );
  const spec = path.join(inputs, 'spec.mjs');
  const object = {
    name: 'fuzzed',
    library: library('chunk-parser'),
    functions: { parse_chunk: { prototype: 'int32_t parse_chunk(const uint8_t *ptr, int32_t len)' } },
  };
  const body = damaged(object, c.spec.damage);
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('latin1');
  const index = JSON.stringify(path.join(ROOT, 'dist/harness/index.js'));
  fs.writeFileSync(
    spec,
    c.spec.wrap === 'syntax'
      ? `export default {{ ${text}`
      : c.spec.wrap === 'defineTarget'
        ? `import { defineTarget } from ${index};\nexport default defineTarget(${text || '{}'});\n`
        : `export default ${text || 'undefined'};\n`,
  );
  fs.writeFileSync(path.join(inputs, 'a-file'), 'not a folder');
  fs.mkdirSync(path.join(inputs, 'a-dir'), { recursive: true });
  const where: Readonly<Record<PathKind, string>> = {
    record: recordFile!,
    spec,
    corpus,
    run,
    missing: path.join(inputs, 'missing', 'x.json'),
    'a-file': path.join(inputs, 'a-file'),
    'a-dir': path.join(inputs, 'a-dir'),
    'lib-ok': library('chunk-parser'),
    'lib-wrong': library('session-store'),
    'lib-elf': '/etc/passwd',
    garbage: '%$#!',
  };
  const out = c.out === 'default' ? null : c.out === 'a-file' ? where['a-file'] : c.out;
  const argv = argvOf(c, where, out);
  // Where this case may write: its --out (default corpus/); nothing else of its working or temp directory.
  const outs = [path.resolve(cwd, out ?? 'corpus')];
  return { argv, cwd, tmp, outs };
}

describe('bad input, fuzzed (argv, specs, corpus files, crash records, run summaries)', () => {
  const root = scratchDir();
  let base: Base;

  beforeAll(async () => {
    const corpus = path.join(root, 'base', 'corpus');
    const reports = path.join(root, 'base', 'reports');
    const fuzz = await runCli([
      'fuzz',
      'chunk-parser',
      '--runs',
      '40',
      '--seed',
      '7',
      '--minimize-runs',
      '0',
      '--align-sweep',
      '0',
      '--out',
      corpus,
      '--reports',
      reports,
    ]);
    expect(fuzz.exitCode, fuzz.stderr).toBe(1);
    const [first, ...others] = crashRecords(corpus);
    for (const o of others) fs.rmSync(path.dirname(o.file), { recursive: true });
    base = { corpus, record: first!.file, run: runDirs(reports)[0]! };
  });

  it('should exit 0, 1 or 2 with a message, never 3 or a stack trace, and write only under --out', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(caseOf, async (c) => {
        const sandbox = path.join(root, `case-${++n}`);
        const { argv, cwd, tmp, outs } = materialize(base, c, sandbox);
        const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FUZZ_'))), TMPDIR: tmp };
        const r = await execa(process.execPath, [CLI, ...argv], {
          cwd,
          env,
          extendEnv: false,
          reject: false,
          stdin: 'ignore',
          timeout: 60_000,
        });
        const stderr = String(r.stderr);
        const shown = `ffi-fuzz ${argv.join(' ')}\nexit ${r.exitCode}\n${stderr.slice(-2000)}`;
        expect([0, 1, 2], shown).toContain(r.exitCode);
        if (r.exitCode === 2) expect(stderr.trim(), shown).not.toBe('');
        expect(stderr, shown).not.toMatch(STACK_FRAME);
        expect(stderr, shown).not.toContain('a bug in ffi-fuzz');
        const strays = [...filesUnder(cwd), ...filesUnder(tmp)].filter(
          (f) => !outs.some((o) => f === o || f.startsWith(`${o}${path.sep}`)),
        );
        expect(strays, shown).toEqual([]);
        fs.rmSync(sandbox, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: CASES, endOnFailure: true },
    );
  });
});
