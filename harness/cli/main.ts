#!/usr/bin/env node
import { asHarnessError } from '../model/harness-error.js';
import { ExitCode } from '../model/exit-codes.js';
import type { Sink } from '../model/sink.js';
import { buildCommand } from './commands/build.js';
import { fuzzCommand } from './commands/fuzz.js';
import { minimizeCommand } from './commands/minimize.js';
import { reproCommand } from './commands/repro.js';
import { corpusCommand } from './commands/corpus.js';
import { promoteCommand } from './commands/promote.js';
import { replayCommand } from './commands/replay.js';
import { reportCommand } from './commands/report.js';
import { abiCommand } from './commands/abi.js';
import { listCommand } from './commands/list.js';
import { compareCommand } from './commands/compare.js';
import { processSink } from './io.js';

type Command = (argv: readonly string[], sink: Sink) => Promise<ExitCode>;

/** Subcommands are user tasks (cargo-fuzz style); each lives in commands/<name>.ts. */
const COMMANDS: Record<string, { summary: string; run: Command }> = {
  build: {
    summary: 'build <crate dir | bundled target> [--profile plain|coverage|asan|tsan]   cargo-build a cdylib, print its path',
    run: buildCommand,
  },
  abi: { summary: 'abi <spec> [--lib L]   struct layouts: declared vs compiled (DWARF) vs C header; exit 1 on mismatch', run: abiCommand },
  list: { summary: 'list --lib L   exported functions as C prototypes recovered from the debug info', run: listCommand },
  fuzz: {
    summary:
      'fuzz <spec> | --lib L --fn PROTO… [--mode property|stress|coverage] [--threads N | --jobs N] [--duration 30s | --runs N] [--seed S] [--dict FILE] [--out DIR] [--json]   run a campaign',
    run: fuzzCommand,
  },
  repro: {
    summary:
      'repro <crash.json> [--lib L] [--times N] [--gdb] [--profile tsan [--crate DIR]]   re-run a crash in a fresh process (a concurrent set concurrently; tsan: natively under ThreadSanitizer)',
    run: reproCommand,
  },
  minimize: {
    summary: 'minimize <crash.json> [--runs N] [--duration D]   shrink a crash keeping its signature (writes minimized.json)',
    run: minimizeCommand,
  },
  replay: {
    summary:
      'replay [corpus dir] [--shard i/n] [--crashes] [--lib L] [--jobs N]   replay every regression entry; exit 1 if one fails again',
    run: replayCommand,
  },
  promote: { summary: 'promote <crash.json>   move a fixed crash into regressions/', run: promoteCommand },
  corpus: {
    summary: 'corpus merge <dirs…> [--out DIR] [--coverage-of SPEC] | corpus check [dir]   merge corpora (CI shards) / verify every file',
    run: corpusCommand,
  },
  report: { summary: 'report <run dir>   regenerate summary.json, report.html, junit.xml, results.sarif', run: reportCommand },
  compare: {
    summary:
      'compare <buggy build> <fixed build> [--calls N] [--threads N] [--seed S] [--out DIR] [--json]   the same seeded workload against both: measured error rate, crashes, throughput, latency',
    run: compareCommand,
  },
};

function usage(): string {
  return [
    'usage: ffi-fuzz <command> [args]',
    '',
    ...Object.values(COMMANDS).map((c) => `  ${c.summary}`),
    '',
    'exit codes: 0 nothing found, 1 findings, 2 bad usage or input, 3 internal error',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<ExitCode> {
  const sink = processSink();
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    sink.out(usage());
    return name === undefined ? ExitCode.BadInput : ExitCode.Clean;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    sink.err(`error: unknown command '${name}'\n${usage()}`);
    return ExitCode.BadInput;
  }
  try {
    return await command.run(rest, sink);
  } catch (error) {
    const e = asHarnessError(error);
    sink.err(e.describe());
    return e.exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
