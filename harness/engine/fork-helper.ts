import os from 'node:os';
import koffi from 'koffi';

/** How a runner ended, as waitpid(2) reported it. */
export interface RunnerStatus {
  /** The signal that killed it (SIGSEGV…), or null when it exited. */
  readonly signal: string | null;
  /** Its exit code, or null when a signal killed it. */
  readonly exitCode: number | null;
}

/** What the runner's process is set up with (fork-helper.c `ffz_runner_options`). */
export interface RunnerOptions {
  readonly stderrPath: string;
  /** RLIMIT_FSIZE of the runner: its stderr file cannot grow past it. */
  readonly stderrLimit: number;
  /** The server's IPC channel fd (replaced by /dev/null in the runner); -1 when there is none. */
  readonly channelFd: number;
}

/** Signal names by number; the first name wins over later aliases (SIGABRT, not SIGIOT). */
const SIGNAL_NAMES = new Map<number, string>();
for (const [name, number] of Object.entries(os.constants.signals)) if (!SIGNAL_NAMES.has(number)) SIGNAL_NAMES.set(number, name);

/** The fork server's native helper (native/fork-helper.c) through koffi. */
export class ForkHelper {
  private constructor(
    private readonly fork: (options: Record<string, unknown>) => number,
    private readonly reapOne: (pid: number, signal: Int32Array, exitCode: Int32Array) => number,
    private readonly pipe2: (fds: Int32Array) => number,
    private readonly exit: (code: number) => void,
  ) {}

  static load(helperPath: string): ForkHelper {
    const lib = koffi.load(helperPath);
    const options = koffi.struct({ stderr_path: 'const char *', stderr_limit: 'uint64_t', channel_fd: 'int' });
    return new ForkHelper(
      lib.func('ffz_fork_runner', 'int', [koffi.pointer(options)]) as ForkHelper['fork'],
      lib.func('int ffz_reap(int pid, _Out_ int *signal_number, _Out_ int *exit_code)') as ForkHelper['reapOne'],
      lib.func('int ffz_pipe(_Out_ int *fds)') as ForkHelper['pipe2'],
      lib.func('void ffz_exit(int code)') as ForkHelper['exit'],
    );
  }

  /** Forks a runner: 0 in the runner, its pid in the server; throws with errno when fork fails. */
  forkRunner(options: RunnerOptions): number {
    const pid = this.fork({ stderr_path: options.stderrPath, stderr_limit: options.stderrLimit, channel_fd: options.channelFd });
    if (pid < 0) throw new Error(`fork() failed (errno ${-pid})`);
    return pid;
  }

  /** The runner's status once it has ended and is reaped; null while it runs. */
  reap(pid: number): RunnerStatus | null {
    const signal = new Int32Array(1);
    const exitCode = new Int32Array(1);
    const got = this.reapOne(pid, signal, exitCode);
    if (got < 0) throw new Error(`waitpid(${pid}) failed (errno ${-got})`);
    if (got === 0) return null;
    return signal[0] !== 0
      ? { signal: SIGNAL_NAMES.get(signal[0]!) ?? `SIG${signal[0]}`, exitCode: null }
      : { signal: null, exitCode: exitCode[0]! };
  }

  /** A close-on-exec pipe: [read end, write end]. */
  pipe(): [number, number] {
    const fds = new Int32Array(2);
    const result = this.pipe2(fds);
    if (result < 0) throw new Error(`pipe2() failed (errno ${-result})`);
    return [fds[0]!, fds[1]!];
  }

  /** The runner's only way out (see ffz_exit): never returns. */
  exitRunner(code: number): never {
    this.exit(code);
    throw new Error('ffz_exit returned');
  }
}
