import path from 'node:path';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { buildCrate } from '../../toolchain/build-crate.js';
import { bundledFile } from '../../ffi/target-ref.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';

/** `ffi-fuzz build <crate dir | bundled target> [--profile …]`: prints the library path last. */
export async function buildCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { options, positionals } = resolveOptions(argv, process.env, COMMAND_SPECS.build.options);
  if (positionals.length !== 1)
    throw new HarnessError('usage', 'build takes one crate directory or bundled target name', {
      hint: 'ffi-fuzz build chunk-parser --profile plain',
    });
  const ref = positionals[0]!;
  const manifest = bundledFile(ref, 'Cargo.toml');
  const dir = manifest === undefined ? path.resolve(ref) : path.dirname(manifest);
  const library = await buildCrate(dir, options.profile, (line) => sink.err(line));
  sink.out(library);
  return ExitCode.Clean;
}
