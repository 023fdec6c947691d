import path from 'node:path';
import { listHeaderFunctions } from '../debuginfo/header-functions.js';
import { listExportedFunctions, type ExportedFunction } from '../debuginfo/list-functions.js';
import { withAbiErrors } from '../debuginfo/harness-error-of.js';
import { HarnessError } from '../model/harness-error.js';
import { resolveTarget } from './resolve-target.js';
import { parsePrototype, type TypeScope } from './prototype.js';
import { specTypeScope } from './type-scope.js';
import { shapeOf, zeroConfigFill, type FunctionShape } from './zero-config-contract.js';
import { specFromInline } from './inline-spec.js';

/** An exported function zero-config fuzzing leaves alone, why, and the spec that would let it call the function. */
export interface SkippedFunction {
  readonly name: string;
  readonly prototype: string;
  readonly reason: string;
  readonly snippet?: string;
}

/** A function zero-config fuzzes though it guesses an integer's range: its findings say "contract unknown". */
export interface GuessedFunction {
  readonly name: string;
  readonly reason: string;
  readonly snippet: string;
}

/** What `fuzz --lib L` (no `--fn`) fuzzes: the prototypes it can generate arguments for, and the rest. */
export interface Discovery {
  readonly exported: readonly ExportedFunction[];
  readonly prototypes: readonly string[];
  readonly guessed: readonly GuessedFunction[];
  readonly skipped: readonly SkippedFunction[];
}

/**
 * Reads the library's exported functions from its debug info (or, given `headers`, from its
 * dynamic symbol table and those headers) and keeps those it can call within any contract they
 * may have (zero-config-contract.ts: scalars, and byte buffers each followed by a parameter
 * certainly their length), or whose only guess is an integer's range (their findings say "contract
 * unknown"); each is then resolved exactly as a `--fn` prototype would be. The rest
 * are skipped with the reason and the spec that would let them be called: getters, constructors
 * and releasers, handles, buffers whose length or capacity is not certain, C strings.
 *
 * @throws HarnessError (exit 2) when the library cannot be read (missing, no debug info).
 */
export function discoverFunctions(libraryPath: string, headers: readonly string[] = []): Discovery {
  const exported = withAbiErrors(() =>
    headers.length === 0 ? listExportedFunctions(libraryPath) : listHeaderFunctions(libraryPath, headers),
  );
  const scope = specTypeScope({ structs: [], headers });
  const shapes = new Map(exported.filter((fn) => fn.mapped).map((fn) => [fn.name, resolvedShape(fn, scope)]));
  const prototypes: string[] = [];
  const guessed: GuessedFunction[] = [];
  const skipped: SkippedFunction[] = [];
  for (const fn of exported) {
    const shape = shapes.get(fn.name);
    const fill = shape === undefined ? { certain: true as const } : zeroConfigFill(shape, [...shapes.values()]);
    const callable = fill.certain || fill.callable;
    const reason = callable ? whyNotFuzzable(fn, path.dirname(libraryPath), headers) : fill.reason;
    if (reason !== undefined)
      skipped.push({ name: fn.name, prototype: fn.prototype, reason, ...(callable ? {} : { snippet: fill.snippet }) });
    else {
      prototypes.push(fn.prototype);
      if (!fill.certain) guessed.push({ name: fn.name, reason: fill.reason, snippet: fill.snippet });
    }
  }
  return { exported, prototypes, guessed, skipped };
}

/**
 * `fn` with the headers' typedefs spelled out (`uLong adler` → `unsigned long`, `const Bytef *` →
 * `const unsigned char *`, `z_streamp` → `z_stream *`), so zero-config judges the types, not their
 * names; as written when its prototype does not resolve (whyNotFuzzable then says why).
 */
function resolvedShape(fn: ExportedFunction, scope: TypeScope): FunctionShape {
  try {
    return shapeOf(parsePrototype(fn.prototype, scope));
  } catch (error) {
    if (error instanceof HarnessError) return fn;
    throw error;
  }
}

/** Why zero-config cannot fuzz a function it could fill within any contract (no C prototype, a type the resolver rejects); undefined when it can. */
export function whyNotFuzzable(fn: ExportedFunction, specDir: string, headers: readonly string[] = []): string | undefined {
  if (!fn.mapped) return `no C prototype: ${fn.unmappedReasons.join('; ')}`;
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
    ...discovery.guessed.flatMap((g) => [
      `  contract unknown for ${g.name}: ${g.reason} (its findings are not bugs until a spec says so)`,
      `    spec: ${g.snippet}`,
    ]),
    ...discovery.skipped.flatMap((s) => [
      `  skipped ${s.name}: ${s.reason}`,
      ...(s.snippet === undefined ? [] : [`    spec: ${s.snippet}`]),
    ]),
  ];
}
