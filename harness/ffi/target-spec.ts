import type { TypeObject } from 'koffi';
import type { CallInput } from '../model/call-input.js';
import { HarnessError } from '../model/harness-error.js';
import { checkLifecycleShape, type LifecycleSpec } from './lifecycle-spec.js';
import { checkParamShape, checkSurvives, type ParamSpec, type Survivable } from './param-spec.js';

export {
  SURVIVABLE,
  type BufferParamSpec,
  type CapacityParamSpec,
  type CStringParamSpec,
  type FixedParamSpec,
  type HandleParamSpec,
  type IntegerParamSpec,
  type OutputParamSpec,
  type ParamSpec,
  type Survivable,
} from './param-spec.js';

/** How an error is signalled by the return value. */
export type ErrorReturn = 'negative' | 'nonzero' | 'zero' | 'null';

/** What a function returns beyond a plain value: a string to read, an object to free. */
export interface ReturnSpec {
  /**
   * The returned pointer is a NUL-terminated string: the harness reads it (safely, never past
   * unreadable memory) and compares it by content. Without it a returned pointer is an address,
   * never read and never compared. @defaultValue false
   */
  readonly cstring?: boolean;
  /**
   * A function in `helpers` (or `functions`) taking one pointer that frees a returned non-NULL
   * pointer (`cJSON_Delete`, `cJSON_free`); called right after each call, so a campaign does not
   * leak. A lifecycle's handles are freed by its release instead, when a call sequence holds them.
   */
  readonly releaser?: string;
}

/** What the function promises about malformed input. */
export interface ContractSpec {
  /** Malformed inputs it survives; only these are generated. @defaultValue ['zero-length', 'misaligned'] */
  readonly survives?: readonly Survivable[];
  /** How it signals an error; when set, contract-invalid inputs must return it. */
  readonly errorReturn?: ErrorReturn;
  /**
   * The same input gives the same result (checked on a sample of calls by running them twice).
   * A returned pointer is never compared (only a `returns: { cstring: true }` string's content).
   * @defaultValue true, false for a function that returns a pointer that is not a string
   */
  readonly deterministic?: boolean;
}

/** One function to fuzz. */
export interface FunctionSpec {
  /** C prototype with parameter names, e.g. `int32_t parse_chunk(const uint8_t *ptr, int32_t len)`. */
  readonly prototype: string;
  readonly params?: Readonly<Record<string, ParamSpec>>;
  readonly contract?: ContractSpec;
  /** What the returned pointer is, and what frees it. @defaultValue a value (a pointer: an address nobody frees) */
  readonly returns?: ReturnSpec;
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
  /**
   * C header(s) of the library, relative to the spec file: the caller's view of the structs (for
   * `abi`), and the typedefs prototypes may name (`Bytef`, `uLong`, `cJSON`), read with clang.
   */
  readonly header?: string | readonly string[];
  /**
   * Type names the prototypes use, by name: a C type spelling (`'unsigned long'`), or `'opaque'`
   * for a type only ever passed by pointer (a handle: `rure`). Names a header declares need no entry.
   */
  readonly typedefs?: Readonly<Record<string, string>>;
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

const TARGET_KEYS = new Set(['name', 'library', 'header', 'typedefs', 'structs', 'functions', 'helpers', 'dictionary', 'lifecycle']);
const FUNCTION_KEYS = new Set(['prototype', 'params', 'contract', 'returns', 'lastError', 'postcondition']);
const RETURN_KEYS = new Set(['cstring', 'releaser']);

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
    if (fn.contract?.survives !== undefined) checkSurvives(fn.contract.survives, where(`functions.${name}.contract.survives`));
    if (fn.params !== undefined && (fn.params === null || typeof fn.params !== 'object'))
      throw specError('params must map parameter names to their specs', where(`functions.${name}.params`));
    for (const [param, ps] of Object.entries(fn.params ?? {})) checkParamShape(ps, where(`functions.${name}.params.${param}`));
    checkReturns(spec, name, fn.returns, where);
    if (fn.lastError !== undefined && spec.helpers?.[fn.lastError] === undefined) {
      throw specError(
        `lastError names '${fn.lastError}', which is not in helpers`,
        where(`functions.${name}.lastError`),
        `add helpers: { ${fn.lastError}: 'const char *${fn.lastError}(void)' }`,
      );
    }
  }
  checkTypeNames(spec, where);
  if (spec.lifecycle !== undefined) checkLifecycleShape(spec.lifecycle, Object.keys(spec.functions), where);
  return spec;
}

function checkReturns(spec: TargetSpec, fn: string, returns: unknown, where: (field: string) => string): void {
  if (returns === undefined) return;
  const at = (field: string) => where(`functions.${fn}.returns${field}`);
  if (returns === null || typeof returns !== 'object') throw specError('returns must be an object { cstring, releaser }', at(''));
  const r = returns as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!RETURN_KEYS.has(key)) throw specError(`unknown field '${key}'`, at(`.${key}`), `known fields: ${[...RETURN_KEYS].join(', ')}`);
  }
  if (r.cstring !== undefined && typeof r.cstring !== 'boolean') throw specError('cstring must be true or false', at('.cstring'));
  if (r.releaser === undefined) return;
  if (typeof r.releaser !== 'string' || (spec.helpers?.[r.releaser] === undefined && spec.functions[r.releaser] === undefined)) {
    throw specError(
      `releaser names '${String(r.releaser)}', which is neither in helpers nor in functions`,
      at('.releaser'),
      `add helpers: { ${String(r.releaser)}: 'void ${String(r.releaser)}(void *p)' }`,
    );
  }
}

function checkTypeNames(spec: TargetSpec, where: (field: string) => string): void {
  const header = spec.header as unknown;
  const headerOk =
    header === undefined ||
    (typeof header === 'string' && header !== '') ||
    (Array.isArray(header) && header.length > 0 && header.every((h) => typeof h === 'string' && h !== ''));
  if (!headerOk) throw specError('header must be a path, or a non-empty array of paths', where('header'));
  if (spec.typedefs === undefined) return;
  if (spec.typedefs === null || typeof spec.typedefs !== 'object' || Array.isArray(spec.typedefs))
    throw specError("typedefs must map type names to a C type or 'opaque'", where('typedefs'));
  for (const [name, type] of Object.entries(spec.typedefs)) {
    if (!/^[A-Za-z_]\w*$/.test(name)) throw specError(`'${name}' is not a C type name`, where(`typedefs.${name}`));
    if (typeof type !== 'string' || type.trim() === '')
      throw specError("must be a C type spelling ('unsigned long') or 'opaque'", where(`typedefs.${name}`));
  }
}

/** Builds the error every spec check throws, so all of them read alike. */
export function specError(message: string, where: string, hint?: string): HarnessError {
  return new HarnessError('bad-spec', message, hint === undefined ? { where } : { where, hint });
}
