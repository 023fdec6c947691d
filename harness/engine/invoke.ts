import type { ResolvedFunction } from '../ffi/resolve-target.js';
import type { RedzoneDamage } from '../model/outcome.js';
import type { Arena } from './arena.js';
import { declaredLengthOf, type ArgValue, type CallInput } from '../model/call-input.js';

/** Outside a call sequence every handle is the invalid handle 0. */
const NO_HANDLES = (): bigint => 0n;

/** What one call did, before any oracle looks at it. */
export interface CallEffects {
  readonly result: unknown;
  readonly damage: RedzoneDamage | undefined;
  /** First const buffer whose bytes changed, with the offset of the first changed byte. */
  readonly constChanged: { readonly param: number; readonly offset: number } | undefined;
}

/**
 * A target function bound for the engine: places each argument in the arena at its alignment,
 * calls through koffi with raw addresses, and inspects the memory afterwards.
 */
export class BoundFunction {
  private readonly argv: unknown[];

  constructor(
    private readonly call: (...args: unknown[]) => unknown,
    readonly fn: ResolvedFunction,
    private readonly arena: Arena,
  ) {
    this.argv = new Array(fn.params.length);
  }

  /** `handles` resolves a handle argument (the index of an earlier call of the sequence) to its value. */
  invoke(input: CallInput, handles: (from: number) => bigint = NO_HANDLES): CallEffects {
    const { args } = input;
    const argv = this.argv;
    for (let i = 0; i < args.length; i++) argv[i] = this.marshal(args, i, handles);
    const result = this.call(...argv);
    let damage: RedzoneDamage | undefined;
    let constChanged: CallEffects['constChanged'];
    for (let i = 0; i < args.length && damage === undefined; i++) {
      const a = args[i]!;
      if (a.kind === 'buffer') {
        damage = this.arena.damage(i, a.bytes.length, a.align);
        const plan = this.fn.params[i];
        if (constChanged === undefined && plan?.role === 'buffer' && plan.isConst) {
          const offset = this.arena.changedAt(i, a.bytes, a.align);
          if (offset >= 0) constChanged = { param: i, offset };
        }
      } else if (a.kind === 'output') {
        damage = this.arena.damage(i, a.size, a.align);
      }
    }
    return { result, damage, constChanged };
  }

  private marshal(args: readonly ArgValue[], i: number, handles: (from: number) => bigint): unknown {
    const a = args[i]!;
    switch (a.kind) {
      case 'buffer':
        return this.arena.place(i, a.bytes, a.align);
      case 'output':
        return this.arena.place(i, a.size, a.align);
      case 'null':
        return null;
      case 'length': {
        const buf = args[a.of];
        const n = buf?.kind === 'buffer' ? declaredLengthOf(buf) : 0;
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

  private wide(i: number): boolean {
    const p = this.fn.prototype.params[i]!.type;
    return p.kind === 'int' && p.bytes === 8;
  }
}
