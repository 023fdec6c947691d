import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { invocation } from '../../report/render-command.js';
import type { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';
import { runFuzz } from '../../api/fuzz.js';

/** `ffi-fuzz fuzz <spec> | --lib L --fn PROTO…`: one campaign; exit 1 when it finds anything. */
export async function fuzzCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const resolution = resolveOptions(argv, process.env, COMMAND_SPECS.fuzz.options);
  const { positionals, options } = resolution;
  if (positionals.length > 1) throw new HarnessError('usage', `fuzz takes one spec, got ${positionals.length}: ${positionals.join(' ')}`);
  const result = await runFuzz(positionals[0], resolution, sink, invocation());
  if (options.json) sink.out(JSON.stringify(result.summary, null, 2));
  return result.exitCode;
}
