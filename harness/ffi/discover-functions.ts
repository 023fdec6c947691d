import path from 'node:path';
import { listHeaderFunctions } from '../debuginfo/header-functions.js';
import { listExportedFunctions, type ExportedFunction } from '../debuginfo/list-functions.js';
import { withAbiErrors } from '../debuginfo/harness-error-of.js';
import { HarnessError } from '../model/harness-error.js';
import { resolveTarget } from './resolve-target.js';
import { specFromInline } from './inline-spec.js';

/** An exported function zero-config fuzzing leaves alone, and why. */
export interface SkippedFunction {
  readonly name: string;
  readonly prototype: string;
  readonly reason: string;
}

/** What `fuzz --lib L` (no `--fn`) fuzzes: the prototypes it can generate arguments for, and the rest. */
export interface Discovery {
  readonly exported: readonly ExportedFunction[];
  readonly prototypes: readonly string[];
  readonly skipped: readonly SkippedFunction[];
}

/**
 * Reads the library's exported functions from its debug info (or, given `headers`, from its
 * dynamic symbol table and those headers) and keeps those whose every
 * parameter the harness can generate: each prototype is resolved exactly as a `--fn` one would
 * be, and whatever resolution rejects (a struct it does not know the caller's size of, a type
 * with no C spelling) is skipped with the reason. A function without parameters is skipped
 * too: it is a getter (`const char *get_last_error(void)`), with no input to vary.
 *
 * @throws HarnessError (exit 2) when the library cannot be read (missing, no debug info).
 */
export function discoverFunctions(libraryPath: string, headers: readonly string[] = []): Discovery {
  const exported = withAbiErrors(() =>
    headers.length === 0 ? listExportedFunctions(libraryPath) : listHeaderFunctions(libraryPath, headers),
  );
  const prototypes: string[] = [];
  const skipped: SkippedFunction[] = [];
  for (const fn of exported) {
    const reason = whyNotFuzzable(fn, path.dirname(libraryPath), headers);
    if (reason === undefined) prototypes.push(fn.prototype);
    else skipped.push({ name: fn.name, prototype: fn.prototype, reason });
  }
  return { exported, prototypes, skipped };
}

/** Names of functions that release what the library handed out (`free_string`, `parser_destroy`). */
const RELEASER = /(^|_)(free|destroy|release|drop|dealloc|delete|dispose)(_|$)/i;

/** Why zero-config cannot (or need not) fuzz a function; undefined when it can. */
export function whyNotFuzzable(fn: ExportedFunction, specDir: string, headers: readonly string[] = []): string | undefined {
  if (!fn.mapped) return `no C prototype: ${fn.unmappedReasons.join('; ')}`;
  if (fn.params.length === 0)
    return 'takes no parameters, so there is no input to vary (a getter: name it as a helper, e.g. lastError, in a spec)';
  // Handing it our own buffers would "find" only that it frees memory it did not allocate.
  if (RELEASER.test(fn.name) && fn.params.some((p) => p.cType.endsWith('*')))
    return 'releases what the library allocated (by its name), so it can only be called on what the library returned: a spec can sequence that';
  try {
    const header = headers.length === 0 ? {} : { header: [...headers] };
    resolveTarget(specFromInline({ name: 'discovery', functions: { [fn.name]: { prototype: fn.prototype } }, ...header }), specDir);
    return undefined;
  } catch (error) {
    if (!(error instanceof HarnessError)) throw error;
    const struct = /unknown C type '([A-Za-z_]\w*)'/.exec(error.message)?.[1];
    if (struct !== undefined)
      return `takes a ${struct} *, whose size as the caller allocates it only a spec can say (structs: { ${struct} })`;
    return error.message.replace(/^malformed prototype: /, '');
  }
}

/** The lines `fuzz --lib` prints about discovery: what it fuzzes, what it skips and why. */
export function renderDiscovery(libraryPath: string, discovery: Discovery): string[] {
  const fuzzed = discovery.exported.filter((f) => !discovery.skipped.some((s) => s.name === f.name)).map((f) => f.name);
  return [
    `discovered ${discovery.exported.length} exported function(s) in ${path.basename(libraryPath)}; fuzzing ${fuzzed.length === 0 ? 'none' : fuzzed.join(', ')}`,
    ...discovery.skipped.map((s) => `  skipped ${s.name}: ${s.reason}`),
  ];
}
