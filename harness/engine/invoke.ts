import { readCString } from '../ffi/read-cstring.js';
import type { ParamPlan, ResolvedFunction } from '../ffi/resolve-target.js';
import type { RedzoneDamage } from '../model/outcome.js';
import { OUTPUT_FILL, type Arena } from './arena.js';
import { sizeArgOf, type ArgValue, type CallInput } from '../model/call-input.js';

/** Outside a call sequence every handle is the invalid handle 0. */
const NO_HANDLES = (): bigint => 0n;

/** What one call did, before any oracle looks at it. */
export interface CallEffects {
  /** The value returned: a number or BigInt, a pointer's address, a declared string's text (latin1), or null. */
  readonly result: unknown;
  readonly damage: RedzoneDamage | undefined;
  /** First const buffer whose bytes changed, with the offset of the first changed byte. */
  readonly constChanged: { readonly param: number; readonly offset: number } | undefined;
  /** First in/out length the callee raised above what it was given (it may only lower it). */
  readonly inoutRaised?: { readonly param: number; readonly given: bigint; readonly returned: bigint } | undefined;
  /** Why the returned pointer, declared a string, could not be read as one. */
  readonly returnFault?: string | undefined;
  /** The call was not made: a handle its contract says is never NULL resolved to NULL (its creation failed). */
  readonly skipped?: true;
}

/** A function that frees what a call returned (the spec's `returns.releaser`). */
export type Releaser = (pointer: bigint) => void;

/**
 * A target function bound for the engine: places each argument in the arena at its alignment,
 * calls through koffi with raw addresses, inspects the memory afterwards, reads a returned string
 * and frees a returned object with the spec's releaser.
 */
export class BoundFunction {
  private readonly argv: unknown[];

  constructor(
    private readonly call: (...args: unknown[]) => unknown,
    readonly fn: ResolvedFunction,
    private readonly arena: Arena,
    private readonly releaser?: Releaser,
  ) {
    this.argv = new Array(fn.params.length);
  }

  /**
   * `handles` resolves a handle argument (the index of an earlier call of the sequence) to its
   * value; given, the call belongs to a call sequence, which keeps what a creation returns.
   */
  invoke(input: CallInput, handles?: (from: number) => bigint): CallEffects {
    const { args } = input;
    const argv = this.argv;
    for (let i = 0; i < args.length; i++) {
      argv[i] = this.marshal(args, i, handles ?? NO_HANDLES);
      const plan = this.fn.params[i];
      if (argv[i] === null && args[i]!.kind === 'handle' && plan?.role === 'handle' && !plan.nullable)
        return { result: undefined, damage: undefined, constChanged: undefined, skipped: true };
    }
    const raw = this.call(...argv);
    let damage: RedzoneDamage | undefined;
    let constChanged: CallEffects['constChanged'];
    let inoutRaised: CallEffects['inoutRaised'];
    for (let i = 0; i < args.length && damage === undefined; i++) {
      const a = args[i]!;
      const plan = this.fn.params[i];
      if (a.kind === 'buffer' || a.kind === 'cstring') {
        const size = a.bytes.length + (a.kind === 'cstring' ? 1 : 0);
        damage = this.arena.damage(i, size, a.align);
        if (constChanged === undefined && isConstInput(plan)) {
          // The placed size (a C string's NUL included) decides where it sits next to a guard page.
          const offset = this.arena.changedAt(i, a.bytes, a.align, size);
          if (offset >= 0) constChanged = { param: i, offset };
        }
      } else if (a.kind === 'output' || a.kind === 'capacity') {
        damage = this.arena.damage(i, a.size, a.align);
      } else if (a.kind === 'inout' && plan?.role === 'inout') {
        damage = this.arena.damage(i, plan.type.bytes, 0);
        const returned = this.readInteger(i, plan);
        const given = BigInt(sizeArgOf(args, a.of));
        if (inoutRaised === undefined && returned > given) inoutRaised = { param: i, given, returned };
      }
    }
    // A scalar return (the common case) needs nothing more: no second object per call.
    if (this.fn.returns.kind === 'value') return { result: raw, damage, constChanged, inoutRaised };
    const { result, returnFault } = this.returnedPointer(raw, handles !== undefined);
    return { result, damage, constChanged, inoutRaised, returnFault };
  }

  // A returned pointer: read as a string when declared one, freed unless a sequence keeps it as a handle.
  private returnedPointer(raw: unknown, inSequence: boolean): { result: unknown; returnFault?: string } {
    const returns = this.fn.returns;
    const address = typeof raw === 'bigint' ? raw : 0n;
    if (address === 0n) return { result: returns.kind === 'cstring' ? null : 0n };
    let result: unknown = address;
    let returnFault: string | undefined;
    if (returns.kind === 'cstring') {
      const read = readCString(address);
      if (read.kind === 'unreadable')
        returnFault = `returned 0x${address.toString(16)}, a string pointer whose memory is not readable at 0x${read.at.toString(16)}`;
      else result = Buffer.from(read.bytes).toString('latin1') + (read.cut ? '…' : '');
    }
    if (this.releaser !== undefined && !(inSequence && this.fn.createsHandle)) this.releaser(address);
    return returnFault === undefined ? { result } : { result, returnFault };
  }

  private marshal(args: readonly ArgValue[], i: number, handles: (from: number) => bigint): unknown {
    const a = args[i]!;
    switch (a.kind) {
      case 'buffer':
        return this.arena.place(i, a.bytes, a.align);
      case 'cstring':
        return this.arena.placeCString(i, a.bytes, a.align);
      case 'output':
        return this.arena.place(i, a.size, a.align);
      case 'capacity':
        return this.arena.place(i, a.size, a.align, OUTPUT_FILL);
      case 'inout': {
        const plan = this.fn.params[i];
        if (plan?.role !== 'inout') throw new Error(`argument ${i} of ${this.fn.name} is an in/out length, but its parameter is not`);
        const address = this.arena.place(i, plan.type.bytes, 0);
        this.writeInteger(i, plan, BigInt(sizeArgOf(args, a.of)));
        return address;
      }
      case 'null':
        return null;
      case 'length': {
        const n = sizeArgOf(args, a.of);
        return this.wide(i) ? BigInt(n) : n;
      }
      case 'int':
        return this.wide(i) ? a.value : Number(a.value);
      case 'float':
      case 'bool':
        return a.value;
      case 'handle': {
        const value = handles(a.from);
        if (this.fn.prototype.params[i]!.type.kind === 'pointer') return value === 0n ? null : value;
        return this.wide(i) ? value : Number(value);
      }
      default: {
        const never: never = a;
        return never;
      }
    }
  }

  // The integer an in/out length points to, little-endian at its C width.
  private writeInteger(i: number, plan: Extract<ParamPlan, { role: 'inout' }>, value: bigint): void {
    const view = this.arena.view(i, plan.type.bytes, 0);
    for (let k = 0; k < view.length; k++) view[k] = Number((value >> BigInt(8 * k)) & 0xffn);
  }

  private readInteger(i: number, plan: Extract<ParamPlan, { role: 'inout' }>): bigint {
    const view = this.arena.view(i, plan.type.bytes, 0);
    let value = 0n;
    for (let k = view.length - 1; k >= 0; k--) value = (value << 8n) | BigInt(view[k]!);
    return plan.type.signed ? BigInt.asIntN(8 * view.length, value) : value;
  }

  private wide(i: number): boolean {
    const p = this.fn.prototype.params[i]!.type;
    return p.kind === 'int' && p.bytes === 8;
  }
}

function isConstInput(plan: ParamPlan | undefined): boolean {
  return (plan?.role === 'buffer' || plan?.role === 'cstring') && plan.isConst;
}
