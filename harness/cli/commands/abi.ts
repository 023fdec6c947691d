import path from 'node:path';
import { renderAbiReport } from '../../abi/render-abi-table.js';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { resolveTargetRef } from '../../ffi/target-ref.js';
import { checkTargetAbi } from '../../abi/abi-gate.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';

/** `ffi-fuzz abi <spec> [--lib L]`: the spec's struct layouts vs the library's (and the header's); exit 1 on a mismatch. */
export async function abiCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { options, positionals } = resolveOptions(argv, process.env, COMMAND_SPECS.abi.options);
  if (positionals.length !== 1)
    throw new HarnessError('usage', 'abi takes one spec', {
      hint: 'ffi-fuzz abi job-layout, or ffi-fuzz abi job-layout --lib path/to/libjob_layout.so',
    });
  const ref = await resolveTargetRef(positionals[0], options.lib, [], options.profile, (line) => sink.err(line));
  const report = checkTargetAbi(ref.target, ref.libraryPath);
  if (report === null) {
    sink.err(`${ref.target.name} declares no structs: nothing to check (declare them in the spec's structs, with its header)`);
    return ExitCode.Clean;
  }
  sink.err(
    `checking ${ref.target.name}: declared (${ref.specModule}) vs ${path.basename(ref.libraryPath)}${ref.target.header === undefined ? '' : ` vs ${path.basename(ref.target.header)}`}`,
  );
  renderAbiReport(report, sink.out);
  return report.ok ? ExitCode.Clean : ExitCode.Findings;
}
