import { COMMAND_SPECS, type CommandName } from '../config/command-specs.js';
import { asHarnessError } from '../model/harness-error.js';
import { ExitCode } from '../model/exit-codes.js';
import type { Sink } from '../model/sink.js';
import { abiCommand } from './commands/abi.js';
import { buildCommand } from './commands/build.js';
import { compareCommand } from './commands/compare.js';
import { corpusCommand } from './commands/corpus.js';
import { fuzzCommand } from './commands/fuzz.js';
import { initCommand } from './commands/init.js';
import { listCommand } from './commands/list.js';
import { minimizeCommand } from './commands/minimize.js';
import { promoteCommand } from './commands/promote.js';
import { replayCommand } from './commands/replay.js';
import { reportCommand } from './commands/report.js';
import { reproCommand } from './commands/repro.js';
import { renderCommandHelp, renderUsage } from './help.js';

/** A subcommand: parse → resolve → call one function (its arguments and help: config/command-specs.ts). */
export type Command = (argv: readonly string[], sink: Sink) => Promise<ExitCode>;

/** Subcommands are user tasks (cargo-fuzz style); each lives in commands/<name>.ts. */
export const COMMANDS: Record<CommandName, Command> = {
  init: initCommand,
  build: buildCommand,
  fuzz: fuzzCommand,
  abi: abiCommand,
  list: listCommand,
  repro: reproCommand,
  minimize: minimizeCommand,
  replay: replayCommand,
  promote: promoteCommand,
  corpus: corpusCommand,
  report: reportCommand,
  compare: compareCommand,
};

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';
const isCommand = (name: string | undefined): name is CommandName => name !== undefined && Object.hasOwn(COMMAND_SPECS, name);

/** Runs one command line; the exit code follows DESIGN.md (0 clean, 1 findings, 2 bad input, 3 internal). */
export async function runCommandLine(argv: readonly string[], sink: Sink): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || isHelp(name) || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    sink.out(isCommand(topic) ? renderCommandHelp(topic) : renderUsage());
    return name === undefined ? ExitCode.BadInput : ExitCode.Clean;
  }
  if (!isCommand(name)) {
    sink.err(`error: unknown command '${name}'\n${renderUsage()}`);
    return ExitCode.BadInput;
  }
  if (rest.some(isHelp)) {
    sink.out(renderCommandHelp(name));
    return ExitCode.Clean;
  }
  try {
    return await COMMANDS[name](rest, sink);
  } catch (error) {
    const e = asHarnessError(error);
    sink.err(e.describe());
    return e.exitCode;
  }
}
