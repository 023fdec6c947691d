import path from 'node:path';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { describeInput, inputFromJson } from '../../model/call-input.js';
import { HarnessError } from '../../model/harness-error.js';
import { paramNamesOf } from '../../report/crash-report.js';
import { displayPath, invocation } from '../../report/render-command.js';
import { readCrashRecord } from '../../store/crash-record.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';
import { minimizeRecord } from '../../supervise/replay/minimize/minimize-record.js';
import { ABI_ORACLE } from '../../supervise/capture/crash-capture.js';
import { recordTarget } from '../../supervise/replay/record-target.js';
import { libraryNote } from '../../supervise/replay/repro.js';

/** Budget when neither --runs nor --duration is given. */
const DEFAULT_BUDGET = { maxRuns: 2000, durationMs: 120_000 };

/** `ffi-fuzz minimize <crash.json> [--runs N] [--duration D] [--lib L]`: writes minimized.json beside it. */
export async function minimizeCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const { options, positionals } = resolveOptions(argv, process.env, COMMAND_SPECS.minimize.options);
  if (positionals.length !== 1)
    throw new HarnessError('usage', 'minimize takes one crash.json', {
      hint: 'ffi-fuzz minimize corpus/<target>/<fn>/crashes/<id>/crash.json',
    });
  const file = path.resolve(positionals[0]!);
  const record = readCrashRecord(file);
  recordTarget(record, file);
  if (record.oracle === ABI_ORACLE)
    throw new HarnessError('usage', `${record.id} is a struct layout mismatch: it has no input to shrink`, {
      where: file,
      hint: `check it again with: ${record.reproduce}`,
    });
  const libraryPath = options.lib === null ? record.target.library : path.resolve(options.lib);
  const note = libraryNote(record, libraryPath);
  if (note !== undefined) sink.err(note);
  const budget = { maxRuns: options.runs ?? DEFAULT_BUDGET.maxRuns, durationMs: options.durationMs ?? DEFAULT_BUDGET.durationMs };
  sink.err(`minimizing ${record.id} (${record.headline}) within ${budget.maxRuns} runs / ${budget.durationMs / 1000}s`);
  const started = Date.now();
  const done = await minimizeRecord(
    record,
    file,
    { libraryPath, timeoutMs: options.timeoutMs, rssLimitMb: options.rssLimitMb, killGraceMs: options.killGraceMs },
    budget,
    invocation(),
  );
  if (done.kind === 'concurrent')
    throw new HarnessError(
      'bad-record',
      `${record.id} only reproduces with several inputs running together; minimize needs a single culprit`,
      { where: file },
    );
  if (done.kind === 'not-reproducible')
    throw new HarnessError('bad-record', `${record.id} does not reproduce with this library, so it cannot be minimized`, {
      where: file,
      hint: `check with: ${record.reproduce}`,
    });
  const { result } = done;
  const names = paramNamesOf(record, result.input.fn);
  sink.out(
    `minimized ${record.id} in ${result.runs} runs (${done.processes} processes, ${((Date.now() - started) / 1000).toFixed(1)}s)${result.exhausted ? ', budget exhausted' : ''}`,
  );
  for (const call of result.preceding) sink.out(`  after: ${describeInput(inputFromJson(call, file), paramNamesOf(record, call.fn))}`);
  sink.out(`  input: ${describeInput(inputFromJson(result.input, file), names)}`);
  const buffer = result.input.args.find((a) => a.kind === 'buffer');
  if (buffer?.kind === 'buffer') sink.out(`  bytes: ${buffer.hex} ${JSON.stringify(Buffer.from(buffer.hex, 'hex').toString('latin1'))}`);
  sink.out(`Record: ${displayPath(done.file)}`);
  sink.out(`Reproduce with: ${done.record.reproduce}`);
  return ExitCode.Clean;
}
