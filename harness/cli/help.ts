import { CLI_SPEC, type FlagSpec } from '../config/cli-spec.js';
import { COMMAND_SPECS, type CommandName, type CommandSpec } from '../config/command-specs.js';
import { DEFAULT_OPTIONS, type HarnessOptions } from '../config/options.js';
import { envName } from '../config/resolve-options.js';

const EXIT_CODES = 'exit codes: 0 nothing found, 1 findings, 2 bad usage or bad input files, 3 internal error';

/** `ffi-fuzz --help`: every command with its arguments and one line on what it does. */
export function renderUsage(): string {
  const names = Object.keys(COMMAND_SPECS) as CommandName[];
  const width = Math.max(...names.map((n) => n.length));
  return [
    'usage: ffi-fuzz <command> [args] [flags]',
    '',
    'commands:',
    ...names.flatMap((name) => {
      const spec: CommandSpec = COMMAND_SPECS[name];
      return [`  ${name.padEnd(width)}  ${spec.args}`, `  ${' '.repeat(width)}    ${spec.summary}`];
    }),
    '',
    "run 'ffi-fuzz <command> --help' for a command's flags",
    EXIT_CODES,
  ].join('\n');
}

/** `ffi-fuzz <command> --help`: usage, every flag the command takes with its default and variable, examples. */
export function renderCommandHelp(name: CommandName): string {
  const spec: CommandSpec = COMMAND_SPECS[name];
  const rows: [string, string][] = [];
  for (const key of spec.options) {
    const flag = CLI_SPEC[key];
    if (flag !== null) rows.push([flagSyntax(flag), `${flag.description}${defaultNote(key)} [${envName(flag)}]`]);
  }
  for (const flag of Object.values(spec.extra)) rows.push([flagSyntax(flag), flag.description]);
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([syntax]) => syntax.length));
  return [
    `usage: ffi-fuzz ${name} ${spec.args}`,
    '',
    spec.summary,
    '',
    'flags:',
    ...rows.map(([syntax, text]) => `  ${syntax.padEnd(width)}  ${text}`),
    '',
    'examples:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
    EXIT_CODES,
  ].join('\n');
}

/** `--runs N`, `--mode property|stress|coverage`, `--json`. */
function flagSyntax(flag: FlagSpec): string {
  if (flag.kind === 'boolean') return flag.flag;
  const value =
    flag.value ??
    (flag.kind === 'choice' ? flag.choices!.join('|') : flag.kind === 'duration' ? 'D' : flag.kind === 'integer' ? 'N' : 'VALUE');
  return `${flag.flag} ${value}`;
}

// Help shows the default options.ts holds (it never sets one); nothing when the default is "none".
function defaultNote(key: keyof HarnessOptions): string {
  const value = DEFAULT_OPTIONS[key];
  if (value === null || value === false || (Array.isArray(value) && value.length === 0)) return '';
  if (CLI_SPEC[key]?.kind === 'duration') return ` (default ${Number(value) / 1000}s)`;
  return ` (default ${String(value)})`;
}
