import { HarnessError } from './harness-error.js';

/** The value of one parameter of one call. Length parameters take their value from their buffer. */
export type ArgValue =
  | {
      readonly kind: 'buffer';
      readonly bytes: Uint8Array;
      /** Offset of the buffer from a 64-byte-aligned address: the real alignment the target sees. */
      readonly align: number;
      /** The length passed to the function; absent means `bytes.length`. */
      readonly declaredLength?: number;
    }
  /** A NUL-terminated string: `bytes` without the NUL, which placement adds. */
  | { readonly kind: 'cstring'; readonly bytes: Uint8Array; readonly align: number }
  /** An output buffer of `size` bytes the caller allocates, filled with a non-zero pattern; a `length` or `inout` passes its size. */
  | { readonly kind: 'capacity'; readonly size: number; readonly align: number }
  | { readonly kind: 'null' }
  /** An integer: the declared length of buffer `of`, or the size of capacity `of`. */
  | { readonly kind: 'length'; readonly of: number }
  /** A pointer to that integer (`uLongf *destLen`): the callee may lower it (bytes written or consumed). */
  | { readonly kind: 'inout'; readonly of: number }
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'output'; readonly size: number; readonly align: number }
  /**
   * A handle: the value returned by call `from` of the same sequence (an earlier call). A
   * reference that does not name an earlier creation (-1, out of range) passes the invalid handle 0.
   */
  | { readonly kind: 'handle'; readonly from: number };

/** One call: which function, with which arguments (one per parameter, in order). */
export interface CallInput {
  readonly fn: string;
  readonly args: readonly ArgValue[];
}

/** The JSON form of an argument, as stored in crash records (bytes as hex, integers as decimal strings). */
export type ArgJson =
  | { kind: 'buffer'; hex: string; align: number; declaredLength?: number }
  | { kind: 'cstring'; hex: string; align: number }
  | { kind: 'capacity'; size: number; align: number }
  | { kind: 'null' }
  | { kind: 'length'; of: number }
  | { kind: 'inout'; of: number }
  | { kind: 'int'; value: string }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'output'; size: number; align: number }
  | { kind: 'handle'; from: number };

export interface CallInputJson {
  fn: string;
  args: ArgJson[];
}

export function declaredLengthOf(arg: Extract<ArgValue, { kind: 'buffer' }>): number {
  return arg.declaredLength ?? arg.bytes.length;
}

/** The value a `length` or `inout` argument passes for argument `of`: a buffer's declared length, a capacity's size, else 0 (NULL). */
export function sizeArgOf(args: readonly ArgValue[], of: number): number {
  const arg = args[of];
  return arg?.kind === 'buffer' ? declaredLengthOf(arg) : arg?.kind === 'capacity' ? arg.size : 0;
}

export function inputToJson(input: CallInput): CallInputJson {
  return {
    fn: input.fn,
    args: input.args.map((a): ArgJson => {
      switch (a.kind) {
        case 'buffer':
          return a.declaredLength === undefined
            ? { kind: 'buffer', hex: Buffer.from(a.bytes).toString('hex'), align: a.align }
            : { kind: 'buffer', hex: Buffer.from(a.bytes).toString('hex'), align: a.align, declaredLength: a.declaredLength };
        case 'int':
          return { kind: 'int', value: a.value.toString() };
        case 'cstring':
          return { kind: 'cstring', hex: Buffer.from(a.bytes).toString('hex'), align: a.align };
        case 'capacity':
        case 'inout':
        case 'null':
        case 'length':
        case 'float':
        case 'bool':
        case 'output':
        case 'handle':
          return { ...a };
        default: {
          const never: never = a;
          return never;
        }
      }
    }),
  };
}

/** Parses the JSON form back, checking every field; `where` names the file for the error. */
export function inputFromJson(json: unknown, where: string): CallInput {
  const bad = (why: string) => new HarnessError('bad-record', `invalid input: ${why}`, { where });
  if (json === null || typeof json !== 'object') throw bad('not an object');
  const { fn, args } = json as { fn?: unknown; args?: unknown };
  if (typeof fn !== 'string') throw bad('fn must be a string');
  if (!Array.isArray(args)) throw bad('args must be an array');
  return {
    fn,
    args: args.map((a: Record<string, unknown>, i): ArgValue => {
      const at = `args[${i}]`;
      switch (a?.kind) {
        case 'buffer': {
          if (typeof a.hex !== 'string' || !/^([0-9a-f]{2})*$/i.test(a.hex)) throw bad(`${at}.hex must be hex bytes`);
          if (!Number.isInteger(a.align) || (a.align as number) < 0 || (a.align as number) > 63)
            throw bad(`${at}.align must be an integer 0..63`);
          if (a.declaredLength !== undefined && !Number.isInteger(a.declaredLength)) throw bad(`${at}.declaredLength must be an integer`);
          const bytes = new Uint8Array(Buffer.from(a.hex, 'hex'));
          const align = a.align as number;
          return a.declaredLength === undefined
            ? { kind: 'buffer', bytes, align }
            : { kind: 'buffer', bytes, align, declaredLength: a.declaredLength as number };
        }
        case 'int':
          if (typeof a.value !== 'string' || !/^-?\d+$/.test(a.value)) throw bad(`${at}.value must be a decimal integer string`);
          return { kind: 'int', value: BigInt(a.value) };
        case 'float':
          if (typeof a.value !== 'number') throw bad(`${at}.value must be a number`);
          return { kind: 'float', value: a.value };
        case 'bool':
          if (typeof a.value !== 'boolean') throw bad(`${at}.value must be a boolean`);
          return { kind: 'bool', value: a.value };
        case 'output':
          if (!Number.isInteger(a.size) || !Number.isInteger(a.align)) throw bad(`${at} needs integer size and align`);
          return { kind: 'output', size: a.size as number, align: a.align as number };
        case 'null':
          return { kind: 'null' };
        case 'length':
        case 'inout': {
          const of = (args[a.of as number] as { kind?: unknown } | undefined)?.kind;
          if (!Number.isInteger(a.of) || (of !== 'buffer' && of !== 'capacity' && of !== 'null'))
            throw bad(`${at}.of must index a buffer or capacity argument`);
          return { kind: a.kind, of: a.of as number };
        }
        case 'cstring': {
          if (typeof a.hex !== 'string' || !/^([0-9a-f]{2})*$/i.test(a.hex)) throw bad(`${at}.hex must be hex bytes`);
          if (!Number.isInteger(a.align) || (a.align as number) < 0 || (a.align as number) > 63)
            throw bad(`${at}.align must be an integer 0..63`);
          const bytes = new Uint8Array(Buffer.from(a.hex, 'hex'));
          if (bytes.includes(0)) throw bad(`${at}.hex must not contain a NUL byte (the terminator is added when placed)`);
          return { kind: 'cstring', bytes, align: a.align as number };
        }
        case 'capacity':
          if (!Number.isInteger(a.size) || (a.size as number) < 0 || !Number.isInteger(a.align))
            throw bad(`${at} needs a non-negative integer size and an integer align`);
          return { kind: 'capacity', size: a.size as number, align: a.align as number };
        case 'handle':
          if (!Number.isInteger(a.from) || (a.from as number) < -1)
            throw bad(`${at}.from must be the index of an earlier call, or -1 for no handle`);
          return { kind: 'handle', from: a.from as number };
        default:
          throw bad(`${at}.kind '${String(a?.kind)}' is unknown`);
      }
    }),
  };
}

/** A short human description: `parse_chunk(ptr=40 bytes @+3, len=40)`. */
export function describeInput(input: CallInput, paramNames: readonly string[] = []): string {
  const name = (i: number) => paramNames[i] ?? `arg${i}`;
  const parts = input.args.map((a, i) => {
    switch (a.kind) {
      case 'buffer':
        return `${name(i)}=${a.bytes.length} bytes @+${a.align}`;
      case 'length':
        return `${name(i)}=${sizeArgOf(input.args, a.of)}`;
      case 'inout':
        return `${name(i)}=&${sizeArgOf(input.args, a.of)}`;
      case 'cstring':
        return `${name(i)}=${JSON.stringify(Buffer.from(a.bytes).toString('utf8')).slice(0, 48)}${a.align === 0 ? '' : ` @+${a.align}`}`;
      case 'capacity':
        return `${name(i)}=cap[${a.size}]${a.align === 0 ? '' : ` @+${a.align}`}`;
      case 'null':
        return `${name(i)}=NULL`;
      case 'int':
        return `${name(i)}=${a.value}`;
      case 'float':
      case 'bool':
        return `${name(i)}=${a.value}`;
      case 'output':
        return `${name(i)}=out[${a.size}]`;
      case 'handle':
        return `${name(i)}=${a.from < 0 ? 'no handle' : `handle of #${a.from}`}`;
      default: {
        const never: never = a;
        return never;
      }
    }
  });
  return `${input.fn}(${parts.join(', ')})`;
}
