import { init } from '../../api/init.js';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';
import { displayPath, invocation, renderCommand } from '../../report/render-command.js';

/** `ffi-fuzz init --crate DIR | --lib L [--header H]`: writes a runnable target.ts; prints its path last. */
export async function initCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { options, positionals, extra } = resolveOptions(argv, process.env, COMMAND_SPECS.init.options, COMMAND_SPECS.init.extra);
  if (positionals.length > 0)
    throw new HarnessError('usage', `init takes flags only, got ${positionals.join(' ')}`, {
      hint: COMMAND_SPECS.init.examples.join(', or '),
    });
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const result = await init({
    ...(text(extra.crate) === undefined ? {} : { crate: text(extra.crate)! }),
    ...(options.lib === null ? {} : { lib: options.lib }),
    ...(text(extra.header) === undefined ? {} : { header: text(extra.header)! }),
    ...(text(extra.output) === undefined ? {} : { output: text(extra.output)! }),
    force: extra.force === true,
    log: (line) => sink.err(line),
  });
  sink.err(`${result.active.length} function(s) fuzzed as written: ${result.active.join(', ') || 'none'}`);
  for (const d of result.disabled) sink.err(`  commented out: ${d.name}: ${d.reason}`);
  sink.err(`next: ${renderCommand(invocation(), ['fuzz', displayPath(result.file), '--runs', '2000'])}, then answer the TODOs`);
  sink.out(displayPath(result.file));
  return ExitCode.Clean;
}
