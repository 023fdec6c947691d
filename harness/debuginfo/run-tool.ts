/**
 * Runs the external tools of the ABI check (llvm-dwarfdump, the C compiler, nm) with an
 * argument array and no shell, turning "not installed" and "failed" into {@link AbiError}s
 * that say what to install or what went wrong.
 */
import { spawnSync } from 'node:child_process';
import { AbiError } from './debuginfo-error.js';

/** How to get each tool on Debian, for the `tool-missing` message. */
const INSTALL_HINTS: Readonly<Record<string, string>> = Object.freeze({
  'llvm-dwarfdump': 'install it with `apt-get install llvm` (Debian/Ubuntu) or pass the path of llvm-dwarfdump-NN',
  nm: 'install it with `apt-get install binutils`',
  cc: 'install a C compiler with `apt-get install gcc`, or pass `compiler`',
  gcc: 'install it with `apt-get install gcc`, or pass another `compiler`',
  clang: 'install it with `apt-get install clang`, or pass another `compiler`',
});

/** What one successful tool run printed. */
export interface ToolOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for {@link runTool}. */
export interface RunToolOptions {
  /** Working directory. @defaultValue the current directory */
  readonly cwd?: string;
  /** Whether a non-zero exit status is returned instead of thrown. @defaultValue false */
  readonly allowFailure?: boolean;
}

/** What {@link runTool} returns when `allowFailure` is set. */
export interface ToolRun extends ToolOutput {
  readonly status: number | null;
}

// Large Rust CUs (LTO builds) print tens of megabytes; the default 1 MiB would truncate.
const MAX_BUFFER = 1024 * 1024 * 1024;

/**
 * Runs `tool args…` synchronously and returns its output.
 *
 * @throws AbiError `tool-missing` when the executable cannot be found, `tool-failed` when
 *   it exits non-zero (unless `allowFailure`) or is killed.
 */
export function runTool(tool: string, args: readonly string[], options: RunToolOptions = {}): ToolRun {
  const result = spawnSync(tool, [...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: MAX_BUFFER,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error !== undefined) {
    const err = result.error as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') {
      throw new AbiError('tool-missing', `${toolBaseName(tool)} was not found (tried \`${tool}\`): ${installHint(tool)}.`, { tool }, err);
    }
    throw new AbiError('tool-failed', `${tool} could not be run: ${err.message}`, { tool }, err);
  }
  const run: ToolRun = { stdout: result.stdout, stderr: result.stderr, status: result.status };
  if (result.status !== 0 && options.allowFailure !== true) {
    const how = result.status === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with status ${result.status}`;
    throw new AbiError('tool-failed', `${tool} ${args.join(' ')} ${how}: ${firstLines(result.stderr)}`, { tool, stderr: result.stderr });
  }
  return run;
}

/** The first `n` lines of a tool's stderr, for a one-line error message. */
export function firstLines(text: string, n = 5): string {
  const lines = text.trim().split('\n').slice(0, n);
  return lines.length === 0 || lines[0] === '' ? '(no output)' : lines.join('\n');
}

function toolBaseName(tool: string): string {
  const base = tool.split('/').pop() ?? tool;
  return base.replace(/-\d+$/, '');
}

function installHint(tool: string): string {
  return INSTALL_HINTS[toolBaseName(tool)] ?? `install \`${toolBaseName(tool)}\``;
}
