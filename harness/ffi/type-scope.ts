import { readHeaderDeclarations, type HeaderDeclarations } from '../debuginfo/header-declarations.js';
import { withAbiErrors } from '../debuginfo/harness-error-of.js';
import type { CType } from './c-type.js';
import { parseTypeSpelling, type TypeScope } from './prototype.js';

/** What a spec declares about type names, beside C's scalars. */
export interface TypeDeclarations {
  /** Struct names declared with koffi (passed by pointer, sized by the caller). */
  readonly structs: Iterable<string>;
  /** The spec's `typedefs`: a name → a C type spelling, or `'opaque'`. */
  readonly typedefs?: Readonly<Record<string, string>> | undefined;
  /** Absolute header paths whose typedefs apply (read only when a name needs them). */
  readonly headers?: readonly string[];
}

/** C enums are `int`-sized on the platforms ffi-fuzz runs on (x86_64 / aarch64 Linux). */
const ENUM: CType = { kind: 'int', name: 'int', bytes: 4, signed: true };
/** How deep typedefs may refer to typedefs (a cycle in a hand-written `typedefs` stops here). */
const MAX_DEPTH = 8;

/**
 * The type names a spec's prototypes may use: its structs, its `typedefs`, and the typedefs of its
 * headers (compiled only when a prototype names a type nothing else declares). A struct the spec
 * does not declare (`typedef struct rure rure;`, `struct gzFile_s *`) is opaque: the harness only
 * ever passes a pointer to it, as a handle. Scalars keep their C name (`uLong` is `unsigned long`),
 * so a resolved prototype renders without the header.
 */
export function specTypeScope(declarations: TypeDeclarations): TypeScope {
  const structs = new Set(declarations.structs);
  const typedefs = declarations.typedefs ?? {};
  const headers = declarations.headers ?? [];
  let read: HeaderDeclarations | undefined;
  const headerTypedef = (name: string): string | undefined => {
    if (headers.length === 0) return undefined;
    read ??= withAbiErrors(() => readHeaderDeclarations(headers));
    return read.typedefs.get(name);
  };
  let depth = 0;
  const scope: TypeScope = {
    names: [...structs, ...Object.keys(typedefs)],
    resolve(name, tag) {
      if (tag === 'enum') return ENUM;
      if (structs.has(name)) return { kind: 'struct', name };
      if (tag !== undefined) return { kind: 'opaque', name };
      const spelling = Object.hasOwn(typedefs, name) ? typedefs[name] : headerTypedef(name);
      if (spelling === undefined) return undefined;
      if (spelling === 'opaque') return { kind: 'opaque', name };
      if (depth >= MAX_DEPTH) return { unsupported: `refers to itself through typedefs (${spelling})` };
      depth++;
      try {
        const type = parseTypeSpelling(spelling, scope);
        // `typedef struct cJSON {…} cJSON;`: the handle type is named as the prototypes name it.
        return 'kind' in type && type.kind === 'opaque' ? { kind: 'opaque', name } : type;
      } finally {
        depth--;
      }
    },
  };
  return scope;
}

/** The opaque type names a resolved type mentions (an inline spec declares them so its prototypes parse again). */
export function opaqueNames(type: CType, into: Set<string>): void {
  if (type.kind === 'opaque') into.add(type.name);
  else if (type.kind === 'pointer') opaqueNames(type.to, into);
}
