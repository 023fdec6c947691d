import fc from 'fast-check';
import type { ParamPlan, ResolvedFunction } from '../../ffi/resolve-target.js';
import type { ArgValue, CallInput } from '../../model/call-input.js';
import { declaredLengthOf } from '../../model/call-input.js';
import { mutateAlign, mutateDeclared, mutateFloat, mutateInt, mutateOutputAlign, refitDeclared } from './arg-mutators.js';
import type { MutationContext } from './mutator.js';
import { mutateBytes, mutateLong } from './registry.js';

type BufferPlan = Extract<ParamPlan, { role: 'buffer' }>;
/** A buffer argument the mutator rewrites for each mutant. */
type MutableBuffer = { -readonly [K in keyof Extract<ArgValue, { kind: 'buffer' }>]: Extract<ArgValue, { kind: 'buffer' }>[K] };
type IntPlan = Extract<ParamPlan, { role: 'int' | 'length' }>;

/** Share of mutations that change buffer bytes when the call has a buffer (the rest: alignment, lengths, NULL, scalars). */
const BYTES_SHARE = 0.85;
/** One buffer mutation in this many makes a long mutant (repeat-mutators.ts). */
const LONG_ONE_IN = 32;
/** Values drawn once from a spec's own integer arbitrary (`params.x.values`), so mutation stays inside it. */
const POOL_SIZE = 64;

/**
 * Mutates whole calls to one function: the bytes of a buffer (the byte mutators), where it sits,
 * the length the caller declares, NULL for a buffer, and scalar arguments — each part only within
 * what the function's contract promises to survive, as property mode generates. Buffers grow by
 * at most about twice their size per step and within the length control's limit
 * (`ctx.maxLength`), so the corpus does not bloat; one mutant in 32 is made long by repeating a
 * token or nesting the input (repeat-mutators.ts), up to the buffer's `maxLength`.
 */
export class InputMutator {
  /** Names of the mutations that made the last mutant, in order (kept with corpus entries). */
  readonly chain: string[] = [];
  private readonly scratch: Uint8Array;
  private readonly args: ArgValue[];
  /** The mutant every `mutate` returns (its args and buffers rewritten each time). */
  private readonly mutant: CallInput;
  /** Per parameter, the buffer argument a mutant passes. */
  private readonly buffers: MutableBuffer[];
  private readonly pools = new Map<number, bigint[]>();
  /** Per parameter, views of its scratch region by length (a mutant allocates none). */
  private readonly views: Uint8Array[][];
  private readonly parts: readonly {
    readonly kind: 'align' | 'declared' | 'null' | 'int' | 'float' | 'bool' | 'output';
    readonly param: number;
  }[];

  constructor(
    readonly fn: ResolvedFunction,
    seed: number,
  ) {
    // One scratch region per parameter (+1 for a C string's NUL): a mutant's buffers are views into them.
    this.scratch = new Uint8Array(
      Math.max(1, ...fn.params.map((p) => (p.role === 'buffer' ? p.maxLength + 1 : 0))) * Math.max(1, fn.params.length),
    );
    this.args = new Array<ArgValue>(fn.params.length);
    this.mutant = { fn: fn.name, args: this.args };
    this.buffers = fn.params.map(() => ({ kind: 'buffer', bytes: this.scratch.subarray(0, 0), align: 0, declaredLength: undefined }));
    this.views = fn.params.map(() => []);
    const parts: { kind: 'align' | 'declared' | 'null' | 'int' | 'float' | 'bool' | 'output'; param: number }[] = [];
    fn.params.forEach((p, param) => {
      if (p.role === 'buffer') {
        if (fn.survives.has('misaligned')) parts.push({ kind: 'align', param });
        if (p.lengthIndex !== undefined) parts.push({ kind: 'declared', param });
        if (fn.survives.has('null')) parts.push({ kind: 'null', param });
      } else if (p.role === 'int') {
        parts.push({ kind: 'int', param });
        if (p.values !== undefined)
          this.pools.set(
            param,
            fc.sample(p.values, { seed: seed ^ param, numRuns: POOL_SIZE }).map((v) => BigInt(v)),
          );
      } else if (p.role === 'float' || p.role === 'bool') parts.push({ kind: p.role, param });
      else if (p.role === 'output' && p.align < 16) parts.push({ kind: 'output', param });
    });
    this.parts = parts;
  }

  /**
   * A mutant of `parent` (a call to this mutator's function). The mutant is transient: the object,
   * its arrays and buffers are reused by the next call, so the hot loop allocates almost nothing;
   * keep one with {@link cloneInput}.
   */
  mutate(parent: CallInput, ctx: MutationContext): CallInput {
    const args = this.args;
    for (let i = 0; i < args.length; i++) args[i] = parent.args[i]!;
    const chain = this.chain;
    if (chain.length > 0) chain.length = 0;
    const { rng } = ctx;
    const buffers = countBuffers(args);
    if (buffers > 0 && (this.parts.length === 0 || rng.u32() / 0x100000000 < BYTES_SHARE)) {
      this.mutateBuffer(args, nthBuffer(args, rng.below(buffers)), ctx, chain);
    } else if (this.parts.length > 0) {
      // One or two structural changes, sometimes followed by a byte change.
      const n = rng.oneIn(4) ? 2 : 1;
      for (let k = 0; k < n; k++) this.mutatePart(args, ctx, chain);
      const after = countBuffers(args);
      if (after > 0 && rng.oneIn(3)) this.mutateBuffer(args, nthBuffer(args, rng.below(after)), ctx, chain);
    }
    return this.mutant;
  }

  private mutateBuffer(args: ArgValue[], param: number, ctx: MutationContext, chain: string[]): void {
    const arg = args[param] as Extract<ArgValue, { kind: 'buffer' }>;
    const plan = this.fn.params[param] as BufferPlan;
    const cString = plan.lengthIndex === undefined;
    const body =
      cString && arg.bytes.length > 0 && arg.bytes[arg.bytes.length - 1] === 0 ? arg.bytes.subarray(0, arg.bytes.length - 1) : arg.bytes;
    // An ordinary mutant grows to about twice its parent, within the length control's limit (an
    // input already longer keeps its length); an occasional long one, to the buffer's maximum.
    const long = ctx.rng.oneIn(LONG_ONE_IN);
    const grown = Math.max(body.length, Math.min(ctx.maxLength, nextPowerOfTwo(Math.max(64, body.length * 2 + 32))));
    const data = this.view(param, Math.min(plan.maxLength, long ? plan.maxLength : grown));
    const region = data.byteOffset - this.scratch.byteOffset;
    const capacity = data.length;
    data.set(body.length <= capacity ? body : body.subarray(0, capacity));
    ctx.param = param;
    const start = Math.min(body.length, capacity);
    let size = long ? mutateLong(data, start, ctx, chain) : mutateBytes(data, start, ctx, chain);
    if (size === 0 && !this.fn.survives.has('zero-length')) {
      data[0] = ctx.rng.below(256);
      size = 1;
    }
    if (cString) this.scratch[region + size] = 0;
    const bytes = this.view(param, size + (cString ? 1 : 0));
    const lengthType = plan.lengthIndex === undefined ? undefined : (this.fn.params[plan.lengthIndex] as IntPlan).type;
    const out = this.buffers[param]!;
    out.declaredLength = refitDeclared(this.fn, lengthType, arg, bytes.length);
    out.align = arg.align;
    out.bytes = bytes;
    args[param] = out;
  }

  /** The first `length` bytes of the scratch region of `param` (views cached by length). */
  private view(param: number, length: number): Uint8Array {
    const cached = this.views[param]![length];
    if (cached !== undefined) return cached;
    const region = param * (this.scratch.length / Math.max(1, this.fn.params.length));
    const view = this.scratch.subarray(region, region + length);
    this.views[param]![length] = view;
    return view;
  }

  private mutatePart(args: ArgValue[], ctx: MutationContext, chain: string[]): void {
    const { rng } = ctx;
    const part = rng.pick(this.parts);
    const arg = args[part.param]!;
    const plan = this.fn.params[part.param]!;
    switch (part.kind) {
      case 'align':
        if (arg.kind !== 'buffer') return;
        args[part.param] = { ...arg, align: mutateAlign(this.fn, rng) };
        chain.push('align');
        return;
      case 'declared': {
        if (arg.kind !== 'buffer' || plan.role !== 'buffer' || plan.lengthIndex === undefined) return;
        const declared = mutateDeclared(
          this.fn,
          (this.fn.params[plan.lengthIndex] as IntPlan).type,
          arg.bytes.length,
          arg.declaredLength,
          rng,
        );
        args[part.param] =
          declared === undefined
            ? { kind: 'buffer', bytes: arg.bytes, align: arg.align }
            : { kind: 'buffer', bytes: arg.bytes, align: arg.align, declaredLength: declared };
        chain.push('declared-length');
        return;
      }
      case 'null':
        this.toggleNull(args, part.param, ctx);
        chain.push('null');
        return;
      case 'int':
        if (arg.kind !== 'int' || plan.role !== 'int') return;
        args[part.param] = { kind: 'int', value: mutateInt(plan.type, arg.value, rng, ctx.compares, this.pools.get(part.param)) };
        chain.push('int');
        return;
      case 'float':
        if (arg.kind !== 'float') return;
        args[part.param] = { kind: 'float', value: mutateFloat(arg.value, rng) };
        chain.push('float');
        return;
      case 'bool':
        if (arg.kind !== 'bool') return;
        args[part.param] = { kind: 'bool', value: !arg.value };
        chain.push('bool');
        return;
      case 'output':
        if (arg.kind !== 'output' || plan.role !== 'output') return;
        args[part.param] = { ...arg, align: mutateOutputAlign(plan, rng) };
        chain.push('output-align');
        return;
      default: {
        const never: never = part.kind;
        throw new Error(`unknown call part ${String(never)}`);
      }
    }
  }

  /** NULL ↔ a buffer, with the paired length following (an integer for NULL, the buffer's length otherwise). */
  private toggleNull(args: ArgValue[], param: number, ctx: MutationContext): void {
    const plan = this.fn.params[param] as BufferPlan;
    const arg = args[param]!;
    if (arg.kind === 'buffer') {
      args[param] = { kind: 'null' };
      if (plan.lengthIndex !== undefined)
        args[plan.lengthIndex] =
          this.fn.params[plan.lengthIndex]?.role === 'inout'
            ? { kind: 'inout', of: param }
            : { kind: 'int', value: ctx.rng.oneIn(2) ? 0n : BigInt(declaredLengthOf(arg)) };
      return;
    }
    const other = ctx.other(param);
    const cString = plan.lengthIndex === undefined;
    let bytes = other !== undefined && other.length > 0 ? other.slice() : Uint8Array.of(ctx.rng.below(256));
    if (cString && bytes[bytes.length - 1] !== 0) bytes = Uint8Array.of(...bytes, 0);
    args[param] = { kind: 'buffer', bytes, align: 0 };
    if (plan.lengthIndex !== undefined)
      args[plan.lengthIndex] = { kind: this.fn.params[plan.lengthIndex]?.role === 'inout' ? 'inout' : 'length', of: param };
  }
}

/** A mutant made lasting (its own arrays and bytes), to keep in the corpus. */
export function cloneInput(input: CallInput): CallInput {
  return { fn: input.fn, args: input.args.map((a) => (a.kind === 'buffer' ? { ...a, bytes: a.bytes.slice() } : a)) };
}

/** Arguments that are buffers (not NULL). */
function countBuffers(args: readonly ArgValue[]): number {
  let n = 0;
  for (let i = 0; i < args.length; i++) if (args[i]!.kind === 'buffer') n++;
  return n;
}

/** Index of the `k`-th buffer argument. */
function nthBuffer(args: readonly ArgValue[], k: number): number {
  for (let i = 0; i < args.length; i++) if (args[i]!.kind === 'buffer' && k-- === 0) return i;
  return -1;
}

/** The smallest power of two ≥ n (1 ≤ n ≤ 2^30). */
function nextPowerOfTwo(n: number): number {
  return n <= 1 ? 1 : 1 << (32 - Math.clz32(n - 1));
}
