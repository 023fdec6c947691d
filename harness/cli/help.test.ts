import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS, type CommandName } from '../config/command-specs.js';
import { HarnessError } from '../model/harness-error.js';
import type { Sink } from '../model/sink.js';
import { renderCommandHelp, renderUsage } from './help.js';
import { COMMANDS, runCommandLine } from './run-command-line.js';

const NAMES = Object.keys(COMMAND_SPECS) as CommandName[];

function capture(): { sink: Sink; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { sink: { out: (l) => out.push(l), err: (l) => err.push(l), status: undefined }, out, err };
}

/** The flags a command's parser accepts, as its "unknown flag" error lists them (the real parse path, not the spec). */
async function acceptedFlags(name: CommandName): Promise<string[]> {
  const { sink } = capture();
  const argv = name === 'corpus' ? ['merge', '--zz-not-a-flag'] : ['--zz-not-a-flag'];
  const error = await COMMANDS[name](argv, sink).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HarnessError);
  const hint = (error as HarnessError).hint ?? '';
  expect(hint).toMatch(/^flags here:/);
  return hint
    .replace(/^flags here:/, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
}

/** The flags a help text lists in its "flags:" section. */
function listedFlags(help: string): string[] {
  const section = help.split('\nflags:\n')[1]!.split('\n\n')[0]!;
  return [...section.matchAll(/^ {2}(?:-h, )?(--[a-z-]+)/gm)].map((m) => m[1]!).filter((f) => f !== '--help');
}

describe('per-command help', () => {
  it.each(NAMES)('should list exactly the flags `%s` accepts', async (name) => {
    // Arrange
    const accepted = await acceptedFlags(name);
    // Act
    const help = renderCommandHelp(name);
    // Assert
    expect(listedFlags(help).sort()).toEqual([...accepted].sort());
    for (const flag of accepted) expect(help).toContain(flag);
  });

  it.each(NAMES)('should answer `%s --help` with its help and exit 0, running nothing', async (name) => {
    const { sink, out, err } = capture();
    const code = await runCommandLine([name, '--help'], sink);
    expect(code).toBe(0);
    expect(out.join('\n')).toBe(renderCommandHelp(name));
    expect(err).toEqual([]);
  });

  it('should show the default options.ts holds and the FUZZ_* variable of each option', () => {
    const help = renderCommandHelp('fuzz');
    expect(help).toMatch(/--minimize-runs N +.*\(default 1000\) \[FUZZ_MINIMIZE_RUNS\]/);
    expect(help).toMatch(/--timeout D +.*\(default 5s\) \[FUZZ_TIMEOUT\]/);
    expect(help).toMatch(/--mode auto\|property\|stress\|coverage +.*\(default auto\) \[FUZZ_MODE\]/);
  });
});

describe('top-level help', () => {
  it('should name every command with its arguments, and the exit codes', async () => {
    const { sink, out } = capture();
    expect(await runCommandLine(['--help'], sink)).toBe(0);
    const usage = out.join('\n');
    expect(usage).toBe(renderUsage());
    for (const name of NAMES) expect(usage).toContain(`  ${name.padEnd(8)}  ${COMMAND_SPECS[name].args}`);
    expect(usage).toContain('exit codes: 0 nothing found, 1 findings, 2 bad usage or bad input files, 3 internal error');
  });

  it('should give `help <command>` the command help and an unknown command exit 2', async () => {
    const a = capture();
    expect(await runCommandLine(['help', 'replay'], a.sink)).toBe(0);
    expect(a.out.join('\n')).toBe(renderCommandHelp('replay'));
    const b = capture();
    expect(await runCommandLine(['fuzzz'], b.sink)).toBe(2);
    expect(b.err.join('\n')).toContain("unknown command 'fuzzz'");
  });
});
