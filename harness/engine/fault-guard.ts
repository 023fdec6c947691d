import fs from 'node:fs';
import koffi, { type LibraryHandle } from 'koffi';
import { libc, PAGE_SIZE, PROT_NONE } from '../ffi/libc.js';

/**
 * The engine side of the fault guard (native/fault-guard.c): installs the fatal-signal handler
 * for this thread and declares the guard regions it should recognise. One per engine thread.
 */

/** Region kinds, as fault-guard.c numbers them. */
const REGION_STACK_GUARD = 1;
const REGION_GUARD_AFTER = 2;

/**
 * Bytes at the bottom of koffi's call stack made PROT_NONE on top of koffi's own single guard
 * page: a native frame bigger than one page (C without stack-clash protection) would otherwise
 * jump over that page into whatever mapping lies below and corrupt it instead of faulting.
 */
export const STACK_GUARD_EXTRA = 64 * 1024;

export interface StackGuard {
  /** The guarded range, below the usable stack. */
  readonly lo: bigint;
  readonly hi: bigint;
}

/** The fault guard's functions, bound once per library. */
interface Binding {
  readonly install: (worker: number) => number;
  readonly addRange: (lo: bigint, hi: bigint, worker: number, kind: number, param: number) => number;
  readonly frameAddress: () => number | bigint;
}

/**
 * Every fault guard this process loaded, kept for its whole life: the installed signal handler
 * lives in the library, and koffi unloads (dlclose) a library whose handle was garbage collected,
 * which would leave the handler pointing at unmapped memory. Bound once: a fork-server runner
 * registers its thread again at every life (engine/runner-life.ts).
 */
const LOADED = new Map<string, { readonly lib: LibraryHandle; readonly binding: Binding }>();

function bind(shimPath: string): Binding {
  const known = LOADED.get(shimPath);
  if (known !== undefined) return known.binding;
  const lib = koffi.load(shimPath);
  const binding: Binding = {
    install: lib.func('int ffz_fault_install(int worker)') as Binding['install'],
    addRange: lib.func('int ffz_fault_add_range(uintptr_t lo, uintptr_t hi, int worker, int kind, int param)') as Binding['addRange'],
    frameAddress: lib.func('uintptr_t ffz_frame_address(void)') as Binding['frameAddress'],
  };
  LOADED.set(shimPath, { lib, binding });
  return binding;
}

export class FaultGuard {
  private constructor(
    readonly worker: number,
    private readonly addRange: Binding['addRange'],
    private readonly frameAddress: Binding['frameAddress'],
  ) {}

  /** Loads the shim (once) and installs the handler for the calling thread as engine worker `worker`. */
  static install(shimPath: string, worker: number): FaultGuard {
    const { install, addRange, frameAddress } = bind(shimPath);
    if (install(worker) !== 0) throw new Error(`the fault guard cannot register worker ${worker}`);
    return new FaultGuard(worker, addRange, frameAddress);
  }

  /** Declares the PROT_NONE page after parameter `param`'s buffers. */
  guardAfter(address: bigint, param: number): void {
    this.addRange(address, address + BigInt(PAGE_SIZE), this.worker, REGION_GUARD_AFTER, param);
  }

  /**
   * Finds the stack koffi runs this thread's native calls on (a call into the shim reports its
   * own frame address), makes its lowest {@link STACK_GUARD_EXTRA} bytes PROT_NONE and declares
   * them, with koffi's guard page below, as this thread's stack guard. Undefined when the stack
   * cannot be identified in /proc/self/maps (then an overflow is a plain SIGSEGV).
   */
  guardCallStack(): StackGuard | undefined {
    const frame = BigInt(this.frameAddress());
    const maps = parseMaps(fs.readFileSync('/proc/self/maps', 'utf8'));
    const index = maps.findIndex((m) => frame >= m.lo && frame < m.hi);
    const stack = maps[index];
    if (stack === undefined || !stack.perms.startsWith('rw')) return undefined;
    const below = maps[index - 1];
    const koffiGuard = below !== undefined && below.hi === stack.lo && below.perms.startsWith('---') ? below.lo : stack.lo;
    const usable = stack.hi - stack.lo;
    let hi = stack.lo;
    if (usable > BigInt(STACK_GUARD_EXTRA * 4) && libc().mprotect(stack.lo, STACK_GUARD_EXTRA, PROT_NONE) === 0)
      hi = stack.lo + BigInt(STACK_GUARD_EXTRA);
    if (hi === koffiGuard) return undefined;
    this.addRange(koffiGuard, hi, this.worker, REGION_STACK_GUARD, -1);
    return { lo: koffiGuard, hi };
  }
}

interface Mapping {
  readonly lo: bigint;
  readonly hi: bigint;
  readonly perms: string;
}

/** The address ranges and permissions of /proc/self/maps, in file (address) order. */
export function parseMaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S{4})/.exec(line);
    if (m !== null) out.push({ lo: BigInt(`0x${m[1]}`), hi: BigInt(`0x${m[2]}`), perms: m[3]! });
  }
  return out;
}

/**
 * Installs the fault guard on this engine thread when the job has one, and declares the thread's
 * guards: the stack guard below koffi's call stack and the arena's guard pages.
 */
export function armGuards(
  shimPath: string | null | undefined,
  worker: number,
  guardPages: readonly { param: number; address: bigint }[],
): FaultGuard | undefined {
  if (shimPath === undefined || shimPath === null) return undefined;
  const guard = FaultGuard.install(shimPath, worker);
  guard.guardCallStack();
  for (const page of guardPages) guard.guardAfter(page.address, page.param);
  return guard;
}
