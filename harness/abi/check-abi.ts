/**
 * The ABI check: for each struct of a target spec, its layout as declared to koffi, as
 * compiled into the library (DWARF) and, optionally, as a C header lays it out, compared
 * and diagnosed. This is what `ffi-fuzz abi <spec>` runs (exit 1 when `ok` is false).
 */
import type { TypeObject } from 'koffi';
import { AbiError } from '../debuginfo/debuginfo-error.js';
import { compareLayouts, type StructComparison } from './compare-layouts.js';
import { diagnose, type Diagnosis } from './diagnose.js';
import { findDwarfStructs, type DwarfStructSearch } from '../debuginfo/dwarf-layouts.js';
import { findHeaderStructs } from './header-layouts.js';
import { declaredLayout } from './koffi-layout.js';
import type { LayoutSource, StructLayout } from '../debuginfo/layout.js';

/** What to check. */
export interface CheckAbiOptions {
  /** The compiled library (with debug info). */
  readonly libraryPath: string;
  /**
   * The spec's declarations: struct name → koffi type (or the name of a declared koffi
   * type). The name is looked up in the library's DWARF (a Rust path such as
   * `my_crate::Job` is allowed) and, by its last `::` segment, in the header.
   */
  readonly structs: Readonly<Record<string, TypeObject | string>>;
  /** A C header declaring the same structs, compiled with `compiler`. */
  readonly headerPath?: string;
  /** The C compiler for the header. @defaultValue `'cc'` */
  readonly compiler?: string;
  /** Extra flags for compiling the header. @defaultValue `[]` */
  readonly cflags?: readonly string[];
  /** The llvm-dwarfdump executable. @defaultValue `'llvm-dwarfdump'` */
  readonly dwarfdump?: string;
}

/** The check of one struct. */
export interface StructReport {
  readonly name: string;
  readonly comparison: StructComparison;
  readonly diagnosis: Diagnosis;
  /** Why a view is missing (e.g. the struct is not in the library's DWARF). */
  readonly errors: Partial<Record<LayoutSource, string>>;
  /** All views present and in agreement. */
  readonly ok: boolean;
}

/** The result of {@link checkAbi}. */
export interface AbiReport {
  readonly libraryPath: string;
  readonly headerPath?: string;
  readonly structs: readonly StructReport[];
  /** Every struct is ok. */
  readonly ok: boolean;
}

/**
 * Compares each declared struct with the library's DWARF (and the header's).
 *
 * A mismatch or a struct missing from a view is a finding in the report, not an error.
 *
 * @throws AbiError for unusable input: `bad-declaration` (a spec entry is not a koffi
 *   struct/union), `file-not-found`, `no-debug-info`, `header-compile-failed`,
 *   `tool-missing`.
 */
export function checkAbi(options: CheckAbiOptions): AbiReport {
  const names = Object.keys(options.structs);
  if (names.length === 0) throw new AbiError('bad-declaration', 'checkAbi: `structs` is empty: declare at least one struct to check.');
  const { structs: declarations, ...rest } = options;
  return checkLayouts({ ...rest, declared: names.map((n) => declaredWithContext(n, declarations[n]!)) });
}

/** What {@link checkLayouts} checks: declared layouts already read, instead of koffi types. */
export interface CheckLayoutsOptions extends Omit<CheckAbiOptions, 'structs'> {
  /** The declared layouts (e.g. the ones a crash record keeps), named as in the library. */
  readonly declared: readonly StructLayout[];
}

/**
 * {@link checkAbi} from layouts instead of koffi types: how a recorded ABI finding is checked
 * again later (`ffi-fuzz repro`), when the spec that declared them may be gone.
 *
 * @throws AbiError as {@link checkAbi}, except `bad-declaration`.
 */
export function checkLayouts(options: CheckLayoutsOptions): AbiReport {
  const names = options.declared.map((d) => d.name);
  const declared = new Map(options.declared.map((d) => [d.name, d]));
  const tool = options.dwarfdump === undefined ? {} : { dwarfdump: options.dwarfdump };
  const library = findDwarfStructs(options.libraryPath, names, tool);
  const header = options.headerPath === undefined ? undefined : readHeader(options, names);

  const structs = names.map((name): StructReport => {
    const layouts: Partial<Record<LayoutSource, StructLayout>> = { declared: declared.get(name)! };
    const errors: Partial<Record<LayoutSource, string>> = {};
    collect(layouts, errors, 'library', library, name, `not in the library's debug info${similar(library, name)}`);
    if (header !== undefined)
      collect(layouts, errors, 'header', header, name, `not declared in ${options.headerPath}${similar(header, name)}`);
    const comparison = compareLayouts(name, layouts);
    const ok = comparison.ok && Object.keys(errors).length === 0;
    return { name, comparison, diagnosis: diagnose(comparison), errors, ok };
  });
  return {
    libraryPath: options.libraryPath,
    ...(options.headerPath === undefined ? {} : { headerPath: options.headerPath }),
    structs,
    ok: structs.every((s) => s.ok),
  };
}

// Errors from the spec name the public entry first (STYLE: the public entry validates).
function declaredWithContext(name: string, type: TypeObject | string): StructLayout {
  try {
    return declaredLayout(name, type);
  } catch (cause) {
    if (cause instanceof AbiError) throw new AbiError(cause.code, `checkAbi: ${cause.message}`, cause.context, cause);
    throw cause;
  }
}

// The header is searched by C name: the last segment of a Rust path.
function readHeader(options: CheckLayoutsOptions, names: readonly string[]): DwarfStructSearch {
  const cNames = names.map(cName);
  const search = findHeaderStructs(options.headerPath!, cNames, {
    ...(options.compiler === undefined ? {} : { compiler: options.compiler }),
    ...(options.cflags === undefined ? {} : { cflags: options.cflags }),
    ...(options.dwarfdump === undefined ? {} : { dwarfdump: options.dwarfdump }),
  });
  const found = new Map<string, StructLayout>();
  names.forEach((n) => {
    const layout = search.found.get(cName(n));
    if (layout !== undefined) found.set(n, { ...layout, name: n });
  });
  const suggestions = new Map(names.map((n) => [n, search.suggestions.get(cName(n)) ?? []]));
  return { found, missing: names.filter((n) => !found.has(n)), suggestions };
}

function cName(name: string): string {
  return name.split('::').pop() ?? name;
}

// A view that lacks the struct is a finding of this struct, not a failure of the check.
function collect(
  layouts: Partial<Record<LayoutSource, StructLayout>>,
  errors: Partial<Record<LayoutSource, string>>,
  source: LayoutSource,
  search: DwarfStructSearch,
  name: string,
  missingMessage: string,
): void {
  const layout = search.found.get(name);
  if (layout === undefined) errors[source] = missingMessage;
  else layouts[source] = layout;
}

function similar(search: DwarfStructSearch, name: string): string {
  const like = search.suggestions.get(name) ?? [];
  return like.length === 0 ? '' : ` (similar: ${like.join(', ')})`;
}
