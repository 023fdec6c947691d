import type { FlagSpec } from './cli-spec.js';
import type { HarnessOptions } from './options.js';

/**
 * One subcommand as its parser accepts it and its help shows it: the options it takes (flags from
 * CLI_SPEC), its own flags, its arguments and an example. Commands pass `options` and `extra`
 * straight to resolveOptions(), so the help cannot list a flag the command refuses or miss one it takes.
 */
export interface CommandSpec {
  /** Arguments after the command name, e.g. `<spec> | --lib L [--fn PROTO]…`. */
  readonly args: string;
  readonly summary: string;
  readonly options: readonly (keyof HarnessOptions)[];
  readonly extra: Readonly<Record<string, FlagSpec>>;
  /** Lines pasted under "examples". */
  readonly examples: readonly string[];
}

const ENGINE_LIMITS = ['timeoutMs', 'rssLimitMb', 'killGraceMs'] as const;

/** The options that shape a campaign: what a report renders back into the command that reruns it. */
export const CAMPAIGN_OPTIONS = [
  'mode',
  'threads',
  'durationMs',
  'runs',
  'seed',
  'out',
  'reports',
  ...ENGINE_LIMITS,
  'lib',
  'fn',
  'header',
  'only',
  'nondeterministic',
  'forkServer',
] as const;

/** Every subcommand of `ffi-fuzz`, in the order the top-level help lists them. */
export const COMMAND_SPECS = {
  init: {
    args: '--crate DIR | --lib L [--header H]',
    summary: 'write a commented, runnable target.ts spec for your library (every exported function, TODOs for what only you know)',
    options: ['lib'],
    extra: {
      crate: { flag: '--crate', kind: 'string', value: 'DIR', description: 'the cdylib crate to build and describe' },
      header: {
        flag: '--header',
        kind: 'string',
        value: 'H',
        description: 'C header with the prototypes (for a library without debug info)',
      },
      output: { flag: '--output', kind: 'string', value: 'FILE', description: 'where to write the spec (default: target.ts)' },
      force: { flag: '--force', kind: 'boolean', description: 'overwrite an existing spec file' },
    },
    examples: ['ffi-fuzz init --crate ./mycrate', 'ffi-fuzz init --lib ./libfoo.so --header foo.h --output foo.target.ts'],
  },
  build: {
    args: '<crate dir | bundled target>',
    summary: 'cargo-build a cdylib crate, print the library path last',
    options: ['profile'],
    extra: {},
    examples: ['ffi-fuzz build ./mycrate --profile coverage'],
  },
  fuzz: {
    args: '<spec> | --lib L [--fn PROTO]…',
    summary: 'run a campaign: crashes recorded under <out>/<target>/<fn>/crashes/, corpus grown, reports written',
    options: [
      ...CAMPAIGN_OPTIONS,
      'json',
      'alignSweep',
      'minimizeRuns',
      'minimizeShare',
      'sweepShare',
      'allowAbiMismatch',
      'guardPages',
      'profile',
      'jobs',
      'dict',
      'maxLen',
    ],
    extra: {},
    examples: [
      'ffi-fuzz fuzz target.ts --runs 2000 --seed 1',
      "ffi-fuzz fuzz --lib libfoo.so --fn 'int32_t f(const uint8_t *p, int32_t n)'",
    ],
  },
  abi: {
    args: '<spec>',
    summary: 'struct layouts: declared (koffi) vs compiled (DWARF) vs C header; exit 1 on a mismatch',
    options: ['lib', 'profile'],
    extra: {},
    examples: ['ffi-fuzz abi target.ts'],
  },
  list: {
    args: '--lib L',
    summary: "the library's exported functions as C prototypes recovered from its debug info",
    options: ['lib', 'header'],
    extra: {},
    examples: ['ffi-fuzz list --lib target/release/libfoo.so'],
  },
  repro: {
    args: '<crash.json>',
    summary: 're-run one crash record in a fresh process: exit 1 while it still fails, 0 once it no longer does',
    options: ['lib', ...ENGINE_LIMITS, 'profile'],
    extra: {
      times: { flag: '--times', kind: 'integer', min: 1, max: 10000, description: 'replay N times and report the reproduction rate' },
      gdb: { flag: '--gdb', kind: 'boolean', description: "also replay under gdb and print every thread's backtrace" },
      crate: {
        flag: '--crate',
        kind: 'string',
        value: 'DIR',
        description: "with --profile tsan: the target crate (default: the record's spec module's)",
      },
    },
    examples: ['ffi-fuzz repro corpus/<target>/<fn>/crashes/<id>/crash.json --times 20'],
  },
  minimize: {
    args: '<crash.json>',
    summary: 'shrink a finding keeping its signature; writes minimized.json (+ minimized.bin) beside it',
    options: ['runs', 'durationMs', 'lib', ...ENGINE_LIMITS],
    extra: {},
    examples: ['ffi-fuzz minimize corpus/<target>/<fn>/crashes/<id>/crash.json'],
  },
  replay: {
    args: '[corpus dir]',
    summary: 'replay every regression entry (with --crashes, every crash too); exit 1 if any fails again',
    options: ['out', 'shard', 'jobs', 'crashes', 'lib', ...ENGINE_LIMITS],
    extra: {},
    examples: ['ffi-fuzz replay corpus --shard 1/4'],
  },
  promote: {
    args: '<crash.json>',
    summary: "move a fixed crash's bucket from crashes/ into regressions/, which replay runs",
    options: [],
    extra: {},
    examples: ['ffi-fuzz promote corpus/<target>/<fn>/crashes/<id>/crash.json'],
  },
  corpus: {
    args: 'merge <dirs…> | check [dir]',
    summary: 'merge corpora (CI shards), deduplicating / read every corpus file and list the bad ones (exit 2)',
    options: ['out', 'coverageOf', ...ENGINE_LIMITS],
    extra: {},
    examples: ['ffi-fuzz corpus merge shard-1/corpus shard-2/corpus --out corpus', 'ffi-fuzz corpus check corpus'],
  },
  report: {
    args: '<run dir>',
    summary: 'render summary.json, report.html, junit.xml and results.sarif of a run again from its records',
    options: [],
    extra: {},
    examples: ['ffi-fuzz report reports/<iso-time>-<target>'],
  },
  compare: {
    args: '<buggy build> <fixed build> (--fn PROTO… | --spec SPEC)',
    summary:
      'the same seeded workload against two builds: measured error rate, crashes, throughput, latency (the functions from --fn or a spec; the bundled chunk-parser pair needs neither)',
    options: ['calls', 'threads', 'seed', 'out', 'json', 'fn', 'only', ...ENGINE_LIMITS, 'guardPages', 'forkServer'],
    extra: {
      spec: { flag: '--spec', kind: 'string', value: 'SPEC', description: 'the spec whose functions both builds run (instead of --fn)' },
    },
    examples: [
      "ffi-fuzz compare libfoo.so libfoo_fixed.so --fn 'int32_t parse(const uint8_t *p, int32_t n)' --seed 1",
      'ffi-fuzz compare libfoo.so libfoo_fixed.so --spec foo.target.ts',
    ],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMAND_SPECS;
