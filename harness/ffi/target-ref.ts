import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../model/project-root.js';
import { HarnessError } from '../model/harness-error.js';
import { describeDictionary, harvestDictionary } from '../debuginfo/library-dictionary.js';
import { buildCrate, type BuildProfile } from '../toolchain/build-crate.js';
import { discoverFunctions, renderDiscovery } from './discover-functions.js';
import { resolveTarget, type ResolvedTarget } from './resolve-target.js';
import { shapeOf, zeroConfigFill } from './zero-config-contract.js';
import { specFromInline, type InlineSpec } from './inline-spec.js';
import { loadSpec, type TargetSource } from './target-source.js';

/** A target ready to fuzz: where the child loads it from, the library, and the resolved spec. */
export interface TargetRef {
  readonly source: TargetSource;
  readonly target: ResolvedTarget;
  readonly libraryPath: string;
  readonly librarySha256: string;
  /** The spec file (absolute; a `.ts` spec by its source path), or null for --lib/--fn. */
  readonly specModule: string | null;
  /**
   * `--lib` functions zero-config cannot call within any contract they may have, with what it
   * guesses (zero-config-contract.ts): their findings say "contract unknown". Empty for a spec.
   */
  readonly guesses: ReadonlyMap<string, string>;
}

/**
 * `targets/<ref>/<file>` when `ref` names a bundled target (`chunk-parser`, `realbugs/uuid`) that
 * has it; undefined otherwise (a path the user gave).
 */
export function bundledFile(ref: string, file: string): string | undefined {
  const bundled = path.join(PROJECT_ROOT, 'targets', ref, file);
  return /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)?$/.test(ref) && fs.existsSync(bundled) ? bundled : undefined;
}

/**
 * Finds the spec a user named: a bundled target name (`chunk-parser`, `realbugs/uuid`), or a spec module anywhere
 * (`.ts` loaded through jiti, `.js`/`.mjs` natively: spec-module.ts). A bundled `.ts` spec of this
 * project runs from its compiled twin in dist/, so it shares the harness's own modules.
 */
export function locateSpec(ref: string): { module: string; specDir: string; display: string } {
  const file = bundledFile(ref, 'target.ts') ?? path.resolve(ref);
  if (!fs.existsSync(file)) {
    const names = fs.existsSync(path.join(PROJECT_ROOT, 'targets'))
      ? fs.readdirSync(path.join(PROJECT_ROOT, 'targets')).filter((d) => fs.existsSync(path.join(PROJECT_ROOT, 'targets', d, 'target.ts')))
      : [];
    throw new HarnessError('usage', `no spec at ${ref}`, {
      where: ref,
      hint:
        names.length > 0
          ? `pass a spec file (.ts, .js or .mjs) or a bundled target: ${names.join(', ')}`
          : 'pass a spec file (.ts, .js or .mjs); ffi-fuzz init writes one',
    });
  }
  const specDir = path.dirname(file);
  const twin = path.join(PROJECT_ROOT, 'dist', path.relative(PROJECT_ROOT, file).replace(/\.ts$/, '.js'));
  const inProject = !path.relative(PROJECT_ROOT, file).startsWith('..') && !file.includes(`${path.sep}node_modules${path.sep}`);
  return { module: file.endsWith('.ts') && inProject && fs.existsSync(twin) ? twin : file, specDir, display: file };
}

/** What a command adds to resolving its target. */
export interface ResolveExtras {
  /** `--max-len`: every buffer's longest length, in the parent and in the engine children. */
  readonly maxLength?: number | null;
  /** What the command cannot do with this target, said before any crate is built (throws). */
  readonly vet?: (target: ResolvedTarget) => void;
  /** `--header`: C headers of a `--lib` library (prototypes and typedefs when it has no debug info). */
  readonly headers?: readonly string[];
}

/**
 * Resolves what the user asked to fuzz: a spec, or `--lib` with `--fn` prototypes. Builds crates
 * with `profile` (or the profile it picks for the resolved spec: `fuzz --mode auto`), after `vet`
 * accepted the resolved spec.
 */
export async function resolveTargetRef(
  spec: string | undefined,
  lib: string | null,
  prototypes: readonly string[],
  profile: BuildProfile | ((target: ResolvedTarget) => BuildProfile),
  log: (line: string) => void,
  { maxLength = null, vet = () => undefined, headers = [] }: ResolveExtras = {},
): Promise<TargetRef> {
  const sized = maxLength === null ? {} : { maxLength };
  if (spec === undefined) {
    if (lib === null)
      throw new HarnessError('usage', 'name a spec, or a library with --lib', {
        hint: "ffi-fuzz fuzz chunk-parser, or ffi-fuzz fuzz --lib x.so --fn 'int32_t f(const uint8_t *p, int32_t n)'",
      });
    const libraryPath = path.resolve(lib);
    const librarySha256 = sha256Of(libraryPath);
    // No --fn: fuzz every exported function whose parameters can be generated (from the library's debug info).
    const headerPaths = headers.map((h) => path.resolve(h));
    const discovery = prototypes.length === 0 ? discoverFunctions(libraryPath, headerPaths) : undefined;
    if (discovery !== undefined) {
      for (const line of renderDiscovery(libraryPath, discovery)) log(line);
      if (discovery.prototypes.length === 0)
        throw new HarnessError('bad-library', `no exported function of ${lib} can be fuzzed without a spec`, {
          where: lib,
          hint: "write a spec (README: Target specs), or pass --fn 'PROTO' for a function",
        });
    }
    const functions = zeroConfigSpec(libraryPath, discovery?.prototypes ?? prototypes, headerPaths);
    resolveTarget(specFromInline(functions), path.dirname(libraryPath), sized.maxLength); // a bad --fn fails here, before the library is read further
    // With no spec to say what the buffers hold, build them from the library's own string literals too.
    const dictionary = harvestDictionary(libraryPath);
    log(describeDictionary(path.basename(libraryPath), dictionary));
    const inline: InlineSpec = dictionary.tokens.length === 0 ? functions : { ...functions, dictionary: [...dictionary.tokens] };
    const target = resolveTarget(specFromInline(inline), path.dirname(libraryPath), sized.maxLength);
    vet(target);
    return {
      source: { kind: 'inline', spec: inline, specDir: path.dirname(libraryPath), ...sized },
      target,
      libraryPath,
      librarySha256,
      specModule: null,
      guesses: guessesOf(target),
    };
  }
  if (headers.length > 0)
    throw new HarnessError('usage', '--header goes with --lib (zero-config); a spec names its headers itself', {
      where: '--header',
      hint: "add header: ['…'] to the spec",
    });
  const located = locateSpec(spec);
  const source: TargetSource = { kind: 'module', module: located.module, specDir: located.specDir, ...sized };
  const target = resolveTarget(await loadSpec(source), located.specDir, sized.maxLength);
  vet(target);
  const libraryPath =
    lib !== null
      ? path.resolve(lib)
      : target.library.kind === 'path'
        ? target.library.path
        : await buildCrate(target.library.dir, typeof profile === 'function' ? profile(target) : profile, log);
  return { source, target, libraryPath, librarySha256: sha256Of(libraryPath), specModule: located.display, guesses: new Map() };
}

/**
 * `--nondeterministic f`: a zero-config target whose functions `names` have results that are not
 * comparable from call to call (`contract.deterministic: false`). A spec says so itself.
 */
export function withNondeterministic(ref: TargetRef, names: readonly string[]): TargetRef {
  if (ref.source.kind !== 'inline')
    throw new HarnessError('usage', '--nondeterministic is for --lib targets; a spec says it per function', {
      where: '--nondeterministic',
      hint: 'contract: { deterministic: false } in the spec',
    });
  const missing = names.filter((n) => ref.source.kind === 'inline' && ref.source.spec.functions[n] === undefined);
  if (missing.length > 0)
    throw new HarnessError('usage', `--nondeterministic names functions the target does not have: ${missing.join(', ')}`, {
      where: '--nondeterministic',
      hint: `functions: ${ref.target.functions.map((f) => f.name).join(', ')}`,
    });
  const functions = Object.fromEntries(
    Object.entries(ref.source.spec.functions).map(([name, fn]) => [
      name,
      names.includes(name) ? { ...fn, contract: { ...fn.contract, deterministic: false } } : fn,
    ]),
  );
  const spec: InlineSpec = { ...ref.source.spec, functions };
  return { ...ref, source: { ...ref.source, spec }, target: resolveTarget(specFromInline(spec), ref.source.specDir, ref.source.maxLength) };
}

/** What zero-config guesses about each function (discovery picks only those whose one guess is an integer's range). */
function guessesOf(target: ResolvedTarget): Map<string, string> {
  const shapes = target.functions.map((f) => shapeOf(f.prototype));
  return new Map(
    shapes.flatMap((shape) => {
      const fill = zeroConfigFill(shape, shapes);
      return fill.certain ? [] : [[shape.name, `${fill.reason}; spec: ${fill.snippet}`] as const];
    }),
  );
}

/** A spec from `--fn` prototypes (typedef names from `headers`): named after the library, default contract. */
function zeroConfigSpec(libraryPath: string, prototypes: readonly string[], headers: readonly string[]): InlineSpec {
  const functions: InlineSpec['functions'] = {};
  for (const prototype of prototypes) {
    const name = /([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(prototype)?.[1];
    if (name === undefined)
      throw new HarnessError('bad-spec', `malformed prototype: no function name before "("`, { where: `--fn '${prototype}'` });
    functions[name] = { prototype };
  }
  const base = path
    .basename(libraryPath)
    .replace(/^lib/, '')
    .replace(/\.(so|dylib|dll)(\..*)?$/, '');
  const name = base.replace(/[^A-Za-z0-9_.-]/g, '_') || 'library';
  return headers.length === 0 ? { name, functions } : { name, functions, header: [...headers] };
}

/** sha256 of the library file; a missing or unreadable file is a bad-library error. */
export function sha256Of(file: string): string {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new HarnessError(
      'bad-library',
      code === 'EISDIR'
        ? `${file} is a directory, not a library`
        : code === 'ENOENT'
          ? `library not found: ${file}`
          : `cannot read the library ${file}: ${code ?? (cause as Error).message}`,
      { where: file, cause, hint: 'build it first (ffi-fuzz build <crate>) or fix the path' },
    );
  }
}
