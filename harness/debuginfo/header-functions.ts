/**
 * The exported functions of a library that has no debug info but a header (most installed C
 * libraries: a stripped `.so` and its `.h`): names from the dynamic symbol table, prototypes from
 * the header as clang reads it (header-declarations.ts), parameter names and typedef names as
 * written (`int uncompress(Bytef *dest, uLongf *destLen, …)`). What `list --lib L --header H`
 * prints and `fuzz --lib L --header H` starts from.
 */
import path from 'node:path';
import { readHeaderDeclarations, type HeaderFunction, type HeaderOptions } from './header-declarations.js';
import { dynamicSymbols, RUNTIME_EXPORTS, type ExportedFunction } from './list-functions.js';

/** Options for {@link listHeaderFunctions}. */
export interface HeaderFunctionsOptions extends HeaderOptions {
  /** The nm executable. @defaultValue `'nm'` */
  readonly nm?: string;
}

/**
 * Lists the library's exported functions with the prototypes `headers` declare for them, in
 * header order; exports no header declares come last, unmapped, with the reason.
 *
 * @throws AbiError `file-not-found`, `tool-missing`, `header-compile-failed`.
 */
export function listHeaderFunctions(
  libraryPath: string,
  headers: readonly string[],
  options: HeaderFunctionsOptions = {},
): ExportedFunction[] {
  const exported = dynamicSymbols(libraryPath, options.nm ?? 'nm');
  const declarations = readHeaderDeclarations(headers, options);
  const listed: ExportedFunction[] = [];
  for (const fn of declarations.functions.values()) if (exported.has(fn.name)) listed.push(describe(fn));
  const names = headers.map((h) => path.basename(h)).join(', ');
  const undeclared = [...exported.keys()].filter((name) => !declarations.functions.has(name) && !RUNTIME_EXPORTS.test(name)).sort();
  for (const name of undeclared) {
    listed.push({
      name,
      prototype: `void ${name}(void)`,
      params: [],
      returnType: 'void',
      mapped: false,
      unmappedReasons: [`not declared in ${names} (another header of the library, or a macro the headers need defined)`],
      language: 'C',
    });
  }
  return listed;
}

function describe(fn: HeaderFunction): ExportedFunction {
  const params = fn.params.map((p, i) => ({ name: p.name ?? `arg${i}`, cType: p.type }));
  const decl = (type: string, name: string) => `${type}${type.endsWith('*') ? '' : ' '}${name}`;
  const list = [...params.map((p) => decl(p.cType, p.name)), ...(fn.variadic ? ['...'] : [])];
  const reasons = [
    ...(fn.unsupported === undefined ? [] : [fn.unsupported]),
    ...(fn.variadic ? ['it is variadic (...): the arguments after the fixed ones have no declared types'] : []),
  ];
  return {
    name: fn.name,
    prototype: `${decl(fn.returns, fn.name)}(${list.length === 0 ? 'void' : list.join(', ')})`,
    params,
    returnType: fn.returns,
    mapped: reasons.length === 0,
    unmappedReasons: reasons,
    language: 'C',
  };
}
