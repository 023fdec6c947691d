import { HarnessError } from '../model/harness-error.js';

/**
 * A stateful API of the `new / use / free` kind: which function creates a handle, which take
 * it, which releases it, and what the API promises about handles that are no longer live.
 * With a lifecycle, the engine runs call sequences (handles flow from creations to later
 * calls) instead of single calls, and a model of live and released handles judges them.
 */
export interface LifecycleSpec {
  /** The function that returns a new handle (an integer id or a pointer). 0 / NULL means it failed, unless its `contract.errorReturn` says otherwise. */
  readonly create: string;
  /** Functions that take a handle and leave it live. @defaultValue [] */
  readonly use?: readonly string[];
  /** The function that releases a handle. */
  readonly release: string;
  /**
   * The handle parameter of each `use` / `release` function, by function name.
   * @defaultValue the only parameter whose C type is the type `create` returns
   */
  readonly handles?: Readonly<Record<string, string>>;
  /**
   * The API promises to reject, with each function's `contract.errorReturn`, a handle that was
   * released or never issued: use after release and double release are errors, not crashes.
   * Also makes a creation that hands out a released handle's value again a finding. A function
   * returning void (`void rure_free(rure *)`) keeps this promise by not crashing.
   * @defaultValue false
   */
  readonly rejectsStale?: boolean;
}

const LIFECYCLE_KEYS = new Set(['create', 'use', 'release', 'handles', 'rejectsStale']);

/**
 * Checks a lifecycle's shape against the spec's function names (prototype-level checks, such as
 * the handle parameter's type, happen in resolve-lifecycle.ts). `where` renders a field path.
 */
export function checkLifecycleShape(lifecycle: unknown, functionNames: readonly string[], where: (field: string) => string): void {
  const bad = (message: string, field: string, hint?: string) =>
    new HarnessError('bad-spec', message, hint === undefined ? { where: where(field) } : { where: where(field), hint });
  if (lifecycle === null || typeof lifecycle !== 'object' || Array.isArray(lifecycle))
    throw bad('lifecycle must be an object { create, use, release, rejectsStale }', 'lifecycle');
  const l = lifecycle as Record<string, unknown>;
  for (const key of Object.keys(l)) {
    if (!LIFECYCLE_KEYS.has(key))
      throw bad(`unknown field '${key}'`, `lifecycle.${key}`, `known fields: ${[...LIFECYCLE_KEYS].join(', ')}`);
  }
  const known = new Set(functionNames);
  const mustName = (value: unknown, field: string): string => {
    if (typeof value !== 'string' || value === '') throw bad('must name a function', field);
    if (!known.has(value)) throw bad(`names '${value}', which is not in functions`, field, `functions: ${functionNames.join(', ')}`);
    return value;
  };
  const create = mustName(l.create, 'lifecycle.create');
  const release = mustName(l.release, 'lifecycle.release');
  if (release === create) throw bad(`'${release}' cannot both create and release the handle`, 'lifecycle.release');
  if (l.use !== undefined && !Array.isArray(l.use)) throw bad('use must be an array of function names', 'lifecycle.use');
  const use = ((l.use as unknown[] | undefined) ?? []).map((name, i) => mustName(name, `lifecycle.use[${i}]`));
  for (const name of use) {
    if (name === create || name === release)
      throw bad(`'${name}' is already the lifecycle's ${name === create ? 'create' : 'release'} function`, 'lifecycle.use');
  }
  if (new Set(use).size !== use.length) throw bad('names a function twice', 'lifecycle.use');
  if (l.rejectsStale !== undefined && typeof l.rejectsStale !== 'boolean')
    throw bad('rejectsStale must be true or false', 'lifecycle.rejectsStale');
  if (l.handles !== undefined) {
    if (l.handles === null || typeof l.handles !== 'object' || Array.isArray(l.handles))
      throw bad('handles must map function names to parameter names', 'lifecycle.handles');
    for (const [fn, param] of Object.entries(l.handles)) {
      if (fn !== release && !use.includes(fn))
        throw bad(`names '${fn}', which is not a use or release function of the lifecycle`, `lifecycle.handles.${fn}`);
      if (typeof param !== 'string' || param === '') throw bad('must name a parameter', `lifecycle.handles.${fn}`);
    }
  }
}
