import path from 'node:path';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { invocation } from '../../report/render-command.js';
import type { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';
import { runReplay } from '../../api/replay.js';

/** `ffi-fuzz replay [corpus dir] [--shard i/n] [--crashes] [--lib L]`: exit 1 when an entry fails again. */
export async function replayCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { options, positionals } = resolveOptions(argv, process.env, COMMAND_SPECS.replay.options);
  if (positionals.length > 1)
    throw new HarnessError('usage', 'replay takes at most one corpus directory', { hint: 'ffi-fuzz replay corpus --shard 1/4' });
  const result = await runReplay(path.resolve(positionals[0] ?? options.out), options, sink, invocation());
  return result.exitCode;
}
