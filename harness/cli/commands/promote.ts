import path from 'node:path';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { displayPath, invocation, renderCommand } from '../../report/render-command.js';
import { promoteCrash } from '../../store/corpus-store.js';
import { CRASH_RECORD_FILE } from '../../store/paths.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';

/** `ffi-fuzz promote <crash.json>`: moves a fixed crash into regressions/, where `replay` runs it on every change. */
export async function promoteCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { positionals } = resolveOptions(argv, process.env, COMMAND_SPECS.promote.options);
  if (positionals.length !== 1)
    throw new HarnessError('usage', 'promote takes one crash.json (or its bucket folder)', {
      hint: 'ffi-fuzz promote corpus/<target>/<fn>/crashes/<id>/crash.json',
    });
  const given = path.resolve(positionals[0]!);
  const file = path.basename(given) === CRASH_RECORD_FILE ? given : path.join(given, CRASH_RECORD_FILE);
  const { to, record } = promoteCrash(file);
  const root = path.dirname(path.dirname(path.dirname(path.dirname(to))));
  sink.out(`promoted ${record.id} (${record.headline})`);
  sink.out(`  → ${displayPath(path.join(to, CRASH_RECORD_FILE))}`);
  sink.out(`Check it holds with: ${renderCommand(invocation(), ['replay', displayPath(root)])}`);
  return ExitCode.Clean;
}
