import path from 'node:path';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { describeInput, inputFromJson } from '../../model/call-input.js';
import { paramNamesOf } from '../../report/crash-report.js';
import { readCrashRecord } from '../../store/crash-record.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';
import { libraryNote, reproOnce, replayPlan, type ReproRun } from '../../supervise/replay/repro.js';
import { reproAbiRecord } from '../../supervise/replay/abi-recheck.js';
import { ABI_ORACLE } from '../../supervise/capture/crash-capture.js';
import { reproUnderTsan } from './repro-tsan.js';

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
  const { options, positionals, extra } = resolveOptions(argv, process.env, ['lib', 'timeoutMs', 'rssLimitMb', 'killGraceMs', 'profile'], {
    times: { flag: '--times', kind: 'integer', min: 1, max: 10000, description: 'replay N times and report the reproduction rate' },
    gdb: { flag: '--gdb', kind: 'boolean', description: "also replay under gdb and print every thread's backtrace" },
    crate: { flag: '--crate', kind: 'string', description: "with --profile tsan: the target crate (default: the record's spec module's)" },
  });
  if (positionals.length !== 1)
    throw new HarnessError('usage', 'repro takes one crash.json', { hint: 'ffi-fuzz repro corpus/<target>/<fn>/crashes/<id>/crash.json' });
  const file = path.resolve(positionals[0]!);
  const record = readCrashRecord(file);
  const libraryPath = options.lib === null ? record.target.library : path.resolve(options.lib);
  const note = libraryNote(record, libraryPath);
  if (note !== undefined) sink.err(note);
  // A layout finding ran nothing: reproducing it is checking the recorded declarations again.
  if (record.oracle === ABI_ORACLE) return reproAbiRecord(record, libraryPath, sink.out);
  // TSan does not work inside the engine (it reports Node too): the set is replayed in a native TSan program.
  if (options.profile === 'tsan') return reproUnderTsan(record, file, extra.crate as string | undefined, options.timeoutMs, sink);
  const plan = replayPlan(record);
  sink.err(`replaying ${record.id} (${record.headline})`);
  for (const input of plan.inputs)
    sink.err(
      `  ${plan.concurrent ? 'concurrently' : 'call'}: ${describeInput(inputFromJson(input, file), paramNamesOf(record, input.fn))}`,
    );
  const times = (extra.times as number | undefined) ?? 1;
  const settings = { libraryPath, timeoutMs: options.timeoutMs, rssLimitMb: options.rssLimitMb, killGraceMs: options.killGraceMs };
  let reproduced = 0;
  let last: ReproRun | undefined;
  for (let i = 0; i < times; i++) {
    last = await reproOnce(record, settings);
    if (last.verdict === 'reproduced') reproduced++;
  }
  if (last === undefined) return ExitCode.Clean;
  if (times > 1) {
    sink.out(`reproduction rate: ${reproduced}/${times}`);
    writeFileAtomic(
      file,
      `${JSON.stringify({ ...record, reproduction: { rate: reproduced / times, runs: times, library: libraryPath, at: new Date().toISOString() } }, null, 2)}\n`,
    );
  }
  const verdict =
    last.verdict === 'reproduced'
      ? `reproduced: ${last.triage!.headline} (same signature ${record.id})`
      : last.verdict === 'different'
        ? `crashes differently: ${last.triage!.headline} (signature ${last.triage!.id}, recorded ${record.id})`
        : `no longer fails: ${record.id} did not reproduce`;
  sink.out(verdict);
  if (last.triage !== null && last.triage.frames.length > 0) sink.out(`backtrace (target frames):\n  ${last.triage.frames.join('\n  ')}`);
  if (extra.gdb === true) {
    const underGdb = await reproOnce(record, { ...settings, wrap: GDB });
    sink.out(`gdb:\n${underGdb.end.stderr.trim()}`);
  }
  return last.verdict === 'fixed' ? ExitCode.Clean : ExitCode.Findings;
}
