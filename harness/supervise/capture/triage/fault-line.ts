// The line ffi-fuzz's own fatal-signal handler prints before the process dies
// (harness/engine/native/fault-guard.c):
//
//   ffi-fuzz: fault: signal=SIGSEGV worker=3 tid=4242 addr=0x7f00 access=write region=guard-after param=0 offset=8
//
// It names the engine thread that faulted and, for a fault inside a guard the engine
// registered, which one: the guard page after a buffer, or the guard below the call stack.

/** Where the faulting address lies. */
export type FaultRegion = 'stack-guard' | 'guard-after' | 'none';

/** One parsed fault line. */
export interface FaultLine {
  readonly signal: string;
  /** Engine worker (thread) that received the signal; null when it was not an engine thread. */
  readonly worker: number | null;
  readonly tid: number | null;
  /** Faulting address (SIGSEGV/SIGBUS), as printed. */
  readonly address: string | null;
  readonly access: 'read' | 'write' | null;
  readonly region: FaultRegion;
  /** For `guard-after`: the parameter whose guard page was hit, and the byte offset into that page. */
  readonly param: number | null;
  readonly offset: number | null;
}

const PREFIX = 'ffi-fuzz: fault: ';

/**
 * Parses one line; null when it holds no fault line. The handler writes its line with one
 * write(2), but another thread may be half way through a line of its own (two threads
 * panicking at once): the fault line can start in the middle of a stderr line.
 */
export function parseFaultLine(line: string): FaultLine | null {
  const at = line.indexOf(PREFIX);
  if (at < 0) return null;
  const fields = new Map<string, string>();
  for (const part of line
    .slice(at + PREFIX.length)
    .trim()
    .split(/\s+/)) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const signal = fields.get('signal');
  if (signal === undefined || !/^SIG[A-Z0-9?]+$/.test(signal)) return null;
  const int = (key: string): number | null => {
    const text = fields.get(key);
    return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : null;
  };
  const worker = int('worker');
  const access = fields.get('access');
  const region = fields.get('region');
  return {
    signal,
    worker: worker === null || worker < 0 ? null : worker,
    tid: int('tid'),
    address: /^0x[0-9a-f]+$/i.test(fields.get('addr') ?? '') ? fields.get('addr')! : null,
    access: access === 'read' || access === 'write' ? access : null,
    region: region === 'stack-guard' || region === 'guard-after' ? region : 'none',
    param: int('param'),
    offset: int('offset'),
  };
}

/** The first fault line in a stderr text (the thread that faulted first), or null. */
export function faultOf(stderr: string): FaultLine | null {
  for (const line of String(stderr ?? '').split(/\r?\n/)) {
    const fault = parseFaultLine(line.trimEnd());
    if (fault !== null) return fault;
  }
  return null;
}
