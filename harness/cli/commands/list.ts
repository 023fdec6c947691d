import path from 'node:path';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { discoverFunctions } from '../../ffi/discover-functions.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';

/**
 * `ffi-fuzz list --lib L [--header H…]`: the library's exported functions as C prototypes
 * recovered from its debug info (or, with headers, from its dynamic symbols and the headers), one
 * per line on stdout (each can be passed to `--fn`, with the same `--header`); on stderr, after
 * a function, why it has no faithful C prototype or why `fuzz --lib L` would skip it.
 */
export async function listCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { options, positionals } = resolveOptions(argv, process.env, COMMAND_SPECS.list.options);
  if (options.lib === null || positionals.length > 0)
    throw new HarnessError('usage', 'list takes a library with --lib (and its headers with --header) and nothing else', {
      hint: 'ffi-fuzz list --lib targets/target/release/libchunk_parser.so, or --lib /usr/lib/x86_64-linux-gnu/libz.so.1 --header /usr/include/zlib.h',
    });
  const libraryPath = path.resolve(options.lib);
  const headers = options.header.map((h) => path.resolve(h));
  const discovery = discoverFunctions(libraryPath, headers);
  const source = headers.length === 0 ? 'its debug info' : `its dynamic symbols and ${headers.map((h) => path.basename(h)).join(', ')}`;
  sink.err(`${discovery.exported.length} exported function(s) in ${path.basename(libraryPath)}, prototypes from ${source}:`);
  for (const fn of discovery.exported) {
    sink.out(fn.prototype);
    for (const reason of fn.unmappedReasons) sink.err(`  ${fn.name} is not mapped to C: ${reason}`);
    const skipped = discovery.skipped.find((s) => s.name === fn.name);
    if (skipped !== undefined && fn.mapped) sink.err(`  fuzz --lib skips ${fn.name}: ${skipped.reason}`);
    if (skipped?.snippet !== undefined && fn.mapped) sink.err(`    spec: ${skipped.snippet}`);
    const guessed = discovery.guessed.find((g) => g.name === fn.name);
    if (guessed === undefined) continue;
    sink.err(`  fuzz --lib calls ${fn.name} with the contract unknown: ${guessed.reason}`);
    sink.err(`    spec: ${guessed.snippet}`);
  }
  return ExitCode.Clean;
}
