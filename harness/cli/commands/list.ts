import path from 'node:path';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { discoverFunctions } from '../../ffi/discover-functions.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';

/**
 * `ffi-fuzz list --lib L`: the library's exported functions as C prototypes recovered from its
 * debug info, one per line on stdout (each can be passed to `--fn`); on stderr, after a
 * function, why it has no faithful C prototype or why `fuzz --lib L` would skip it.
 */
export async function listCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { options, positionals } = resolveOptions(argv, process.env, COMMAND_SPECS.list.options);
  if (options.lib === null || positionals.length > 0)
    throw new HarnessError('usage', 'list takes a library with --lib and nothing else', {
      hint: 'ffi-fuzz list --lib targets/target/release/libchunk_parser.so',
    });
  const libraryPath = path.resolve(options.lib);
  const discovery = discoverFunctions(libraryPath);
  sink.err(`${discovery.exported.length} exported function(s) in ${path.basename(libraryPath)}, prototypes from its debug info:`);
  for (const fn of discovery.exported) {
    sink.out(fn.prototype);
    for (const reason of fn.unmappedReasons) sink.err(`  ${fn.name} is not mapped to C: ${reason}`);
    const skipped = discovery.skipped.find((s) => s.name === fn.name);
    if (skipped !== undefined && fn.mapped) sink.err(`  fuzz --lib skips ${fn.name}: ${skipped.reason}`);
    if (skipped?.snippet !== undefined && fn.mapped) sink.err(`    spec: ${skipped.snippet}`);
  }
  return ExitCode.Clean;
}
