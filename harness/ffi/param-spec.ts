import type fc from 'fast-check';
import { HarnessError } from '../model/harness-error.js';

/** Malformed inputs a function promises to survive (return an error instead of crashing). */
export const SURVIVABLE = ['null', 'zero-length', 'negative-length', 'misaligned', 'invalid-utf8', 'truncated', 'oversized'] as const;
export type Survivable = (typeof SURVIVABLE)[number];

/** What any pointer parameter may also say about itself. */
export interface PointerParamCommon {
  /**
   * NULL is within the contract ("if buf is Z_NULL, returns the initial value"): it is passed on
   * purpose and is not an invalid input the function must reject. Without it a pointer is never
   * NULL (a zero-length buffer is still a real pointer). @defaultValue false
   */
  readonly nullable?: boolean;
  /** Malformed inputs this parameter survives; replaces the function's `contract.survives` for it. */
  readonly survives?: readonly Survivable[];
}

/** How to generate an input byte buffer (`const uint8_t *p` and the like). */
export interface BufferParamSpec extends PointerParamCommon {
  /** Content of the buffer. @defaultValue random bytes up to `maxLength` */
  readonly content?: fc.Arbitrary<Uint8Array>;
  /**
   * Parameter that carries this buffer's length: an integer, or a pointer to one (`uLong
   * *sourceLen`: the length on entry, the bytes consumed on return, checked ≤ the length).
   * @defaultValue the integer parameter right after the pointer
   */
  readonly length?: string;
  /** Longest generated buffer, in bytes (`--max-len` overrides it). @defaultValue 65536 (DEFAULT_MAX_LEN) */
  readonly maxLength?: number;
}

/** An output buffer the caller allocates, sized by another parameter (`char *dst, int dstCapacity`). */
export interface CapacityParamSpec extends PointerParamCommon {
  /**
   * Parameter that carries the buffer's size: an integer (the capacity), or a pointer to one
   * (`uLongf *destLen`: the capacity on entry, the bytes written on return, checked ≤ the
   * capacity). The buffer is filled with a non-zero pattern and lies between red zones.
   */
  readonly capacity: string;
  /** Largest generated capacity, in bytes. @defaultValue 4096 */
  readonly maxCapacity?: number;
}

/** A NUL-terminated string (`const char *pattern`). */
export interface CStringParamSpec extends PointerParamCommon {
  readonly cstring: {
    /** `'utf8'`: valid UTF-8 without NUL bytes; `'bytes'`: any bytes but NUL. */
    readonly encoding: 'utf8' | 'bytes';
    /** The text (a string is encoded as UTF-8); NUL bytes in it are dropped. @defaultValue random text of the encoding */
    readonly content?: fc.Arbitrary<string | Uint8Array>;
    /** Longest generated string in bytes, without the NUL. @defaultValue 4096 */
    readonly maxLength?: number;
  };
}

/** An output parameter: a caller-allocated object the function writes into. */
export interface OutputParamSpec {
  /** A struct named in `structs` (its size and alignment as the caller declares it) or a size in bytes. */
  readonly output: string | number;
}

/** Values for an integer parameter. @defaultValue boundary-biased integers of the parameter's type */
export interface IntegerParamSpec {
  readonly values: fc.Arbitrary<number | bigint>;
}

/** A value the contract pins: an integer constant, or `null` for a pointer ("NULL: default options"). */
export interface FixedParamSpec {
  readonly fixed: number | bigint | null;
}

/** A handle parameter (a pointer to an opaque type, filled by a lifecycle) that may also be NULL. */
export interface HandleParamSpec {
  readonly nullable: boolean;
}

export type ParamSpec =
  | BufferParamSpec
  | CapacityParamSpec
  | CStringParamSpec
  | OutputParamSpec
  | IntegerParamSpec
  | FixedParamSpec
  | HandleParamSpec;

/** Which keys a parameter spec may combine. The first key of a role names it in errors. */
const ROLES: readonly (readonly string[])[] = [
  ['length', 'content', 'maxLength', 'nullable', 'survives'],
  ['capacity', 'maxCapacity', 'nullable', 'survives'],
  ['cstring', 'nullable', 'survives'],
  ['output'],
  ['values'],
  ['fixed'],
];
const PARAM_KEYS = new Set(ROLES.flat());

/** Checks one parameter spec's shape; `where` is the field path (`defineTarget('x').functions.f.params.p`). */
export function checkParamShape(spec: unknown, where: string): void {
  const bad = (message: string, field = '', hint?: string) =>
    new HarnessError('bad-spec', message, hint === undefined ? { where: `${where}${field}` } : { where: `${where}${field}`, hint });
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw bad('a parameter spec must be an object');
  const p = spec as Record<string, unknown>;
  const keys = Object.keys(p);
  for (const key of keys) {
    if (!PARAM_KEYS.has(key)) throw bad(`unknown field '${key}'`, `.${key}`, `known fields: ${[...PARAM_KEYS].join(', ')}`);
  }
  if (keys.length > 0 && !ROLES.some((role) => keys.every((k) => role.includes(k)))) {
    throw bad(
      `${keys.join(' and ')} cannot go together`,
      '',
      'one role per parameter: length/content/maxLength (input buffer), capacity (output buffer), cstring, output, values or fixed',
    );
  }
  if (p.nullable !== undefined && typeof p.nullable !== 'boolean') throw bad('nullable must be true or false', '.nullable');
  if (p.survives !== undefined) checkSurvives(p.survives, `${where}.survives`);
  for (const name of ['length', 'capacity'] as const) {
    if (p[name] !== undefined && (typeof p[name] !== 'string' || p[name] === '')) throw bad(`${name} must name a parameter`, `.${name}`);
  }
  for (const name of ['maxLength', 'maxCapacity'] as const) {
    if (p[name] !== undefined && (!Number.isInteger(p[name]) || (p[name] as number) < 0))
      throw bad(`${name} must be a non-negative integer`, `.${name}`);
  }
  if (p.cstring !== undefined) {
    const c = p.cstring as Record<string, unknown> | null;
    if (c === null || typeof c !== 'object' || (c.encoding !== 'utf8' && c.encoding !== 'bytes'))
      throw bad("cstring must be { encoding: 'utf8' | 'bytes' }", '.cstring.encoding');
    for (const key of Object.keys(c)) {
      if (!['encoding', 'content', 'maxLength'].includes(key))
        throw bad(`unknown field '${key}'`, `.cstring.${key}`, 'known fields: encoding, content, maxLength');
    }
    if (c.maxLength !== undefined && (!Number.isInteger(c.maxLength) || (c.maxLength as number) < 0))
      throw bad('maxLength must be a non-negative integer', '.cstring.maxLength');
  }
  if ('fixed' in p) {
    const v = p.fixed;
    if (!(v === null || typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))))
      throw bad('fixed must be an integer, a bigint or null', '.fixed');
  }
}

/** Checks a `survives` list against the known kinds. */
export function checkSurvives(survives: unknown, where: string): void {
  if (!Array.isArray(survives)) throw new HarnessError('bad-spec', 'survives must be an array', { where });
  for (const s of survives) {
    if (!(SURVIVABLE as readonly unknown[]).includes(s)) {
      throw new HarnessError('bad-spec', `unknown malformed-input kind '${String(s)}'`, {
        where,
        hint: `one of: ${SURVIVABLE.join(', ')}`,
      });
    }
  }
}
