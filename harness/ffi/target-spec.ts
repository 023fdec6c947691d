import type fc from 'fast-check';
import type { TypeObject } from 'koffi';
import type { CallInput } from '../model/call-input.js';
import { HarnessError } from '../model/harness-error.js';
import { checkLifecycleShape, type LifecycleSpec } from './lifecycle-spec.js';

/** Malformed inputs a function promises to survive (return an error instead of crashing). */
export const SURVIVABLE = ['null', 'zero-length', 'negative-length', 'misaligned', 'invalid-utf8', 'truncated', 'oversized'] as const;
export type Survivable = (typeof SURVIVABLE)[number];

/** How an error is signalled by the return value. */
export type ErrorReturn = 'negative' | 'nonzero' | 'zero' | 'null';

/** How to generate a byte-buffer parameter (`const uint8_t *p` and the like). */
export interface BufferParamSpec {
  /** Content of the buffer. @defaultValue random bytes up to `maxLength` */
  readonly content?: fc.Arbitrary<Uint8Array>;
  /** Integer parameter that carries this buffer's length. @defaultValue the integer parameter right after the pointer */
  readonly length?: string;
  /** Longest generated buffer, in bytes (`--max-len` overrides it). @defaultValue 65536 (DEFAULT_MAX_LEN) */
  readonly maxLength?: number;
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

export type ParamSpec = BufferParamSpec | OutputParamSpec | IntegerParamSpec;

/** What the function promises about malformed input. */
export interface ContractSpec {
  /** Malformed inputs it survives; only these are generated. @defaultValue ['zero-length', 'misaligned'] */
  readonly survives?: readonly Survivable[];
  /** How it signals an error; when set, contract-invalid inputs must return it. */
  readonly errorReturn?: ErrorReturn;
  /** The same input gives the same result (checked on a sample of calls by running them twice). @defaultValue true */
  readonly deterministic?: boolean;
}

/** One function to fuzz. */
export interface FunctionSpec {
  /** C prototype with parameter names, e.g. `int32_t parse_chunk(const uint8_t *ptr, int32_t len)`. */
  readonly prototype: string;
  readonly params?: Readonly<Record<string, ParamSpec>>;
  readonly contract?: ContractSpec;
  /** Name of a `helpers` function returning this function's last error message (`const char *f(void)`). */
  readonly lastError?: string;
  /**
   * A user oracle run after every call that returned: a message when `result` is wrong for `input`.
   * Findings it reports replay through the spec module (records keep its path).
   */
  readonly postcondition?: (result: unknown, input: CallInput) => string | undefined;
}

/** Where the library comes from: a path, or a cargo crate the harness builds. */
export type LibrarySpec = string | { readonly crate: string };

/** A target: one library and the functions to fuzz in it. */
export interface TargetSpec {
  readonly name: string;
  /** Library path or crate directory, relative to the spec file. */
  readonly library: LibrarySpec;
  /** C header with the caller's view of the structs, relative to the spec file (for `abi`). */
  readonly header?: string;
  /** Structs as the caller declares them with koffi (`koffi.struct`, `koffi.pack`). */
  readonly structs?: Readonly<Record<string, TypeObject>>;
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  /** Functions the harness calls but does not fuzz, by name → prototype (e.g. a last-error getter). */
  readonly helpers?: Readonly<Record<string, string>>;
  /**
   * Tokens (field names, keywords) to build the contents of byte buffers that have no `content`
   * from, like a libFuzzer dictionary. Zero-config runs harvest them from the library.
   * @defaultValue [] (random bytes only)
   */
  readonly dictionary?: readonly string[];
  /** A `new / use / free` API: the engine runs call sequences with handles flowing between calls (lifecycle-spec.ts). */
  readonly lifecycle?: LifecycleSpec;
}

const TARGET_KEYS = new Set(['name', 'library', 'header', 'structs', 'functions', 'helpers', 'dictionary', 'lifecycle']);
const FUNCTION_KEYS = new Set(['prototype', 'params', 'contract', 'lastError', 'postcondition']);

/**
 * Declares a target. Checks the shape eagerly so a typo fails at load with the field's name;
 * prototype-level checks (unknown types, unpaired lengths) happen in `resolveTarget`.
 */
export function defineTarget(spec: TargetSpec): TargetSpec {
  const where = (field: string) => `defineTarget(${typeof spec?.name === 'string' ? `'${spec.name}'` : '…'}).${field}`;
  if (spec === null || typeof spec !== 'object') throw specError('the spec must be an object', 'defineTarget()');
  for (const key of Object.keys(spec)) {
    if (!TARGET_KEYS.has(key)) throw specError(`unknown field '${key}'`, where(key), `known fields: ${[...TARGET_KEYS].join(', ')}`);
  }
  if (typeof spec.name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(spec.name)) {
    throw specError('name must be a non-empty string of letters, digits, ".", "_" or "-"', where('name'));
  }
  const lib = spec.library as unknown;
  const libOk =
    (typeof lib === 'string' && lib.length > 0) ||
    (typeof lib === 'object' && lib !== null && typeof (lib as { crate?: unknown }).crate === 'string');
  if (!libOk) throw specError("library must be a path string or { crate: 'dir' }", where('library'));
  if (
    spec.dictionary !== undefined &&
    (!Array.isArray(spec.dictionary) || spec.dictionary.some((t) => typeof t !== 'string' || t === ''))
  ) {
    throw specError('dictionary must be an array of non-empty strings', where('dictionary'));
  }
  if (spec.functions === null || typeof spec.functions !== 'object' || Object.keys(spec.functions).length === 0) {
    throw specError('functions must name at least one function', where('functions'));
  }
  for (const [name, fn] of Object.entries(spec.functions)) {
    if (fn === null || typeof fn !== 'object') throw specError('must be an object with a prototype', where(`functions.${name}`));
    for (const key of Object.keys(fn)) {
      if (!FUNCTION_KEYS.has(key))
        throw specError(`unknown field '${key}'`, where(`functions.${name}.${key}`), `known fields: ${[...FUNCTION_KEYS].join(', ')}`);
    }
    if (typeof fn.prototype !== 'string') throw specError('prototype must be a C prototype string', where(`functions.${name}.prototype`));
    for (const s of fn.contract?.survives ?? []) {
      if (!(SURVIVABLE as readonly string[]).includes(s)) {
        throw specError(
          `unknown malformed-input kind '${s}'`,
          where(`functions.${name}.contract.survives`),
          `one of: ${SURVIVABLE.join(', ')}`,
        );
      }
    }
    if (fn.lastError !== undefined && spec.helpers?.[fn.lastError] === undefined) {
      throw specError(
        `lastError names '${fn.lastError}', which is not in helpers`,
        where(`functions.${name}.lastError`),
        `add helpers: { ${fn.lastError}: 'const char *${fn.lastError}(void)' }`,
      );
    }
  }
  if (spec.lifecycle !== undefined) checkLifecycleShape(spec.lifecycle, Object.keys(spec.functions), where);
  return spec;
}

/** Builds the error every spec check throws, so all of them read alike. */
export function specError(message: string, where: string, hint?: string): HarnessError {
  return new HarnessError('bad-spec', message, hint === undefined ? { where } : { where, hint });
}
