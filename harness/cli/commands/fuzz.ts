import os from 'node:os';
import { COMMAND_SPECS } from '../../config/command-specs.js';
import { resolveOptions } from '../../config/resolve-options.js';
import { HarnessError } from '../../model/harness-error.js';
import { invocation } from '../../report/render-command.js';
import type { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';
import { runFuzz } from '../../api/fuzz.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * `ffi-fuzz fuzz <spec> | --lib L --fn PROTO…`: one campaign; exit 1 when it finds anything.
 * SIGINT/SIGTERM stop it early: its children are killed and the report of what it found is
 * written; a second signal exits at once (the children die with the process: PR_SET_PDEATHSIG).
 */
export async function fuzzCommand(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const resolution = resolveOptions(argv, process.env, COMMAND_SPECS.fuzz.options);
  const { positionals, options } = resolution;
  if (positionals.length > 1) throw new HarnessError('usage', `fuzz takes one spec, got ${positionals.length}: ${positionals.join(' ')}`);
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) process.exit(128 + os.constants.signals[signal]);
    sink.status?.('');
    sink.err(`${signal}: stopping the campaign and writing the report (${signal} again exits at once)`);
    interrupt.abort(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    const result = await runFuzz(positionals[0], resolution, sink, invocation(), interrupt.signal);
    if (options.json) sink.out(JSON.stringify(result.summary, null, 2));
    return result.exitCode;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}
