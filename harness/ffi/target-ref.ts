import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../model/project-root.js';
import { HarnessError } from '../model/harness-error.js';
import { describeDictionary, harvestDictionary } from '../debuginfo/library-dictionary.js';
import { buildCrate, type BuildProfile } from '../toolchain/build-crate.js';
import { discoverFunctions, renderDiscovery } from './discover-functions.js';
import { resolveTarget, type ResolvedTarget } from './resolve-target.js';
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
}

/**
 * Finds the spec a user named: a bundled target name (`chunk-parser`), a `.ts` spec inside this
 * project (run from its compiled twin in dist/), or a `.js`/`.mjs` module anywhere.
 */
export function locateSpec(ref: string): { module: string; specDir: string; display: string } {
  const bundled = path.join(PROJECT_ROOT, 'targets', ref, 'target.ts');
  const file = /^[A-Za-z0-9_-]+$/.test(ref) && fs.existsSync(bundled) ? bundled : path.resolve(ref);
  if (!fs.existsSync(file)) {
    const names = fs.existsSync(path.join(PROJECT_ROOT, 'targets'))
      ? fs.readdirSync(path.join(PROJECT_ROOT, 'targets')).filter((d) => fs.existsSync(path.join(PROJECT_ROOT, 'targets', d, 'target.ts')))
      : [];
    throw new HarnessError('usage', `no spec at ${ref}`, {
      where: ref,
      hint: `pass a spec file (.js/.mjs, or .ts inside this project) or a bundled target: ${names.join(', ')}`,
    });
  }
  const specDir = path.dirname(file);
  if (!file.endsWith('.ts')) return { module: file, specDir, display: file };
  const rel = path.relative(PROJECT_ROOT, file);
  if (rel.startsWith('..'))
    throw new HarnessError('usage', `cannot load a TypeScript spec outside this project: ${file}`, {
      where: file,
      hint: 'compile it to .js (tsc) or write it as .mjs',
    });
  const module = path.join(PROJECT_ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
  if (!fs.existsSync(module))
    throw new HarnessError('usage', `the compiled spec ${module} is missing`, { where: file, hint: 'run npm run build' });
  return { module, specDir, display: file };
}

/** Resolves what the user asked to fuzz: a spec, or `--lib` with `--fn` prototypes. Builds crates. */
export async function resolveTargetRef(
  spec: string | undefined,
  lib: string | null,
  prototypes: readonly string[],
  profile: BuildProfile,
  log: (line: string) => void,
  headers: readonly string[] = [],
): Promise<TargetRef> {
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
    resolveTarget(specFromInline(functions), path.dirname(libraryPath)); // a bad --fn fails here, before the library is read further
    // With no spec to say what the buffers hold, build them from the library's own string literals too.
    const dictionary = harvestDictionary(libraryPath);
    log(describeDictionary(path.basename(libraryPath), dictionary));
    const inline: InlineSpec = dictionary.tokens.length === 0 ? functions : { ...functions, dictionary: [...dictionary.tokens] };
    const target = resolveTarget(specFromInline(inline), path.dirname(libraryPath));
    return {
      source: { kind: 'inline', spec: inline, specDir: path.dirname(libraryPath) },
      target,
      libraryPath,
      librarySha256,
      specModule: null,
    };
  }
  if (headers.length > 0)
    throw new HarnessError('usage', '--header goes with --lib (zero-config); a spec names its headers itself', {
      where: '--header',
      hint: "add header: ['…'] to the spec",
    });
  const located = locateSpec(spec);
  const source: TargetSource = { kind: 'module', module: located.module, specDir: located.specDir };
  const target = resolveTarget(await loadSpec(source), located.specDir);
  const libraryPath =
    lib !== null
      ? path.resolve(lib)
      : target.library.kind === 'path'
        ? target.library.path
        : await buildCrate(target.library.dir, profile, log);
  return { source, target, libraryPath, librarySha256: sha256Of(libraryPath), specModule: located.display };
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

/** sha256 of the library file; a missing file is a bad-library error. */
export function sha256Of(file: string): string {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch (cause) {
    throw new HarnessError('bad-library', `library not found: ${file}`, {
      where: file,
      cause,
      hint: 'build it first (ffi-fuzz build <crate>) or fix the path',
    });
  }
}
