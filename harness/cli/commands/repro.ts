import path from 'node:path';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { readCrashRecord } from '../../store/crash-record.js';
import type { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';
import { libraryNote, reproOnce } from '../../supervise/replay/repro.js';
import { runRepro } from '../../api/repro.js';
import { reproAbiRecord } from '../../supervise/replay/abi-recheck.js';
import { ABI_ORACLE } from '../../supervise/capture/crash-capture.js';
import { reproUnderTsan } from './repro-tsan.js';
import { recordTarget } from '../../supervise/replay/record-target.js';

const GDB = [
  'gdb',
  '-q',
  '-batch',
  '-ex',
  'set pagination off',
  '-ex',
  'handle SIGUSR1 SIGUSR2 SIG34 SIG35 nostop noprint',
  '-ex',
  'run',
  '-ex',
  'thread apply all bt 25',
  '--args',
];

/** `ffi-fuzz repro <crash.json> [--lib L] [--times N] [--gdb]`: exit 1 while it still fails. */
export async function reproCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { options, positionals, extra } = resolveOptions(argv, process.env, COMMAND_SPECS.repro.options, COMMAND_SPECS.repro.extra);
  if (positionals.length !== 1)
    throw new HarnessError('usage', 'repro takes one crash.json', { hint: 'ffi-fuzz repro corpus/<target>/<fn>/crashes/<id>/crash.json' });
  const file = path.resolve(positionals[0]!);
  const record = readCrashRecord(file);
  recordTarget(record, file);
  const libraryPath = options.lib === null ? record.target.library : path.resolve(options.lib);
  const note = libraryNote(record, libraryPath);
  if (note !== undefined) sink.err(note);
  // Exit 1 still means "it fails"; whether that is a bug only a spec can say.
  if (record.contractUnknown !== undefined) sink.err(`contract unknown — write a spec (not counted as a bug): ${record.contractUnknown}`);
  // A layout finding ran nothing: reproducing it is checking the recorded declarations again.
  if (record.oracle === ABI_ORACLE) return reproAbiRecord(record, libraryPath, sink.out);
  // TSan does not work inside the engine (it reports Node too): the set is replayed in a native TSan program.
  if (options.profile === 'tsan') return reproUnderTsan(record, file, extra.crate as string | undefined, options.timeoutMs, sink);
  const times = (extra.times as number | undefined) ?? 1;
  const settings = { libraryPath, timeoutMs: options.timeoutMs, rssLimitMb: options.rssLimitMb, killGraceMs: options.killGraceMs };
  const result = await runRepro(file, record, settings, times, sink);
  if (extra.gdb === true) {
    const underGdb = await reproOnce(record, { ...settings, wrap: GDB });
    sink.out(`gdb:\n${underGdb.end.stderr.trim()}`);
  }
  return result.exitCode;
}
