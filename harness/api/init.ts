import fs from 'node:fs';
import path from 'node:path';
import { listExportedFunctions, dynamicSymbols, type ExportedFunction } from '../debuginfo/list-functions.js';
import { withAbiErrors } from '../debuginfo/harness-error-of.js';
import type { LibrarySpec } from '../ffi/target-spec.js';
import { HarnessError } from '../model/harness-error.js';
import { displayPath } from '../report/render-command.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { buildCrate } from '../toolchain/build-crate.js';
import { headerPrototypes } from './scaffold/header-prototypes.js';
import { exportedFromPrototype, planFunction } from './scaffold/plan-function.js';
import { renderSpec } from './scaffold/render-spec.js';

/** What to describe: a crate (built first) or a library, with a header when it has no debug info. */
export interface InitOptions {
  readonly crate?: string;
  readonly lib?: string;
  readonly header?: string;
  /** The spec file to write. @defaultValue 'target.ts' */
  readonly output?: string;
  /** Overwrite an existing file. @defaultValue false */
  readonly force?: boolean;
  readonly log?: (line: string) => void;
}

/** The spec written, and how many functions run as is. */
export interface InitResult {
  readonly file: string;
  readonly active: readonly string[];
  readonly disabled: readonly { name: string; reason: string }[];
}

/**
 * Writes a commented, runnable `target.ts` for a library: every exported function with its C
 * prototype (from the library's debug info, or from `header` for a stripped library) and TODOs
 * for what only the user knows. Functions the harness cannot call safely yet are commented out.
 */
export async function init(options: InitOptions): Promise<InitResult> {
  const log = options.log ?? (() => {});
  if ((options.crate === undefined) === (options.lib === undefined))
    throw new HarnessError('usage', 'init takes either --crate DIR or --lib L', {
      hint: 'ffi-fuzz init --crate ./mycrate, or ffi-fuzz init --lib ./libfoo.so --header foo.h',
    });
  const file = path.resolve(options.output ?? 'target.ts');
  if (fs.existsSync(file) && options.force !== true)
    throw new HarnessError('usage', `${displayPath(file)} exists already`, {
      where: file,
      hint: 'pass --force to overwrite it, or --output FILE',
    });
  const specDir = path.dirname(file);
  // Relative to the spec when both sit under one top-level folder (a project), else absolute.
  const relative = (p: string) => {
    const target = path.resolve(p);
    const top = (q: string) => q.split(path.sep)[1];
    if (top(target) !== top(specDir)) return target;
    const rel = path.relative(specDir, target);
    return rel.startsWith('..') ? rel : `./${rel}`;
  };
  const libraryPath =
    options.crate !== undefined ? await buildCrate(path.resolve(options.crate), 'plain', log) : path.resolve(options.lib!);
  if (!fs.existsSync(libraryPath)) throw new HarnessError('bad-library', `library not found: ${libraryPath}`, { where: libraryPath });
  const library: LibrarySpec = options.crate !== undefined ? { crate: relative(options.crate) } : relative(libraryPath);
  const exported =
    options.header === undefined ? withAbiErrors(() => listExportedFunctions(libraryPath)) : fromHeader(libraryPath, options.header);
  if (exported.length === 0)
    throw new HarnessError('bad-library', `${path.basename(libraryPath)} exports no function of its own`, {
      where: libraryPath,
      hint: 'mark the functions #[no_mangle] pub extern "C" (Rust) and build a cdylib',
    });
  const functions = exported.map((fn) => planFunction(fn, path.dirname(libraryPath)));
  const name = path.basename(options.crate ?? libraryPath.replace(/^.*\/lib|\.(so|dylib|dll)(\..*)?$/g, ''));
  const origin = `ffi-fuzz init ${options.crate !== undefined ? `--crate ${options.crate}` : `--lib ${options.lib}`}${options.header === undefined ? '' : ` --header ${options.header}`}`;
  writeFileAtomic(file, renderSpec({ name: name.replace(/[^A-Za-z0-9_.-]/g, '_'), library, origin, file: displayPath(file), functions }));
  const active = functions.filter((f) => f.disabled === null && !f.helper).map((f) => f.name);
  const disabled = functions.filter((f) => f.disabled !== null).map((f) => ({ name: f.name, reason: f.disabled! }));
  return { file, active, disabled };
}

// A stripped library: names from its dynamic symbol table, prototypes from the header.
function fromHeader(libraryPath: string, header: string): ExportedFunction[] {
  let text: string;
  try {
    text = fs.readFileSync(header, 'utf8');
  } catch (cause) {
    throw new HarnessError('usage', `cannot read the header ${header}`, { where: header, cause });
  }
  const prototypes = headerPrototypes(text);
  const names = withAbiErrors(() => [...dynamicSymbols(libraryPath, 'nm').keys()]).filter((n) => !/^(_init|_fini|__|rust_)/.test(n));
  return names.map((n) => exportedFromPrototype(n, prototypes.get(n)));
}
