import { renderCType, scalarType } from './c-type.js';
import type { Prototype } from './prototype.js';

/** A function as zero-config sees it: names and C spellings (from DWARF, a header, or a `--fn` prototype). */
export interface FunctionShape {
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly cType: string }[];
  readonly returnType: string;
}

/**
 * Whether zero-config can call a function within any contract it may have. `certain`: every
 * parameter is a byte buffer whose length parameter comes right after it, named so that the
 * pairing is certain, or a scalar no contract narrows (a float, a bool). Otherwise a call rests
 * on a guess: `reason` says which, and `snippet` is the spec that removes it. `callable`: the only
 * guess is the range of an integer (an index, an enum, a flag set: zlib's `zError(int)` reads its
 * message table at any index), so zero-config still calls it, memory-safely, and its findings say
 * "contract unknown". Not callable: a call would rest on which integer is a buffer's length, what
 * a `void *` points to, that a `const char *` is UTF-8, that a handle is live.
 */
export type ZeroConfigFill =
  | { readonly certain: true }
  | { readonly certain: false; readonly callable: boolean; readonly reason: string; readonly snippet: string };

/** A parsed prototype as zero-config sees it. */
export function shapeOf(prototype: Prototype): FunctionShape {
  return {
    name: prototype.name,
    params: prototype.params.map((p) => ({ name: p.name, cType: renderCType(p.type) })),
    returnType: renderCType(prototype.returns),
  };
}

/** Names of functions that release what the library handed out, by word (`free`, `LZ4_freeHC`, `cJSON_Delete`). */
const RELEASE_WORDS = new Set(['free', 'destroy', 'release', 'drop', 'dealloc', 'delete', 'dispose', 'close', 'unref', 'fini']);
/** The last word of a parameter name that says it is a length (`len`, `srcSize`, `buffer_length`, `dstCapacity`). */
const LENGTH_WORDS = /^(n|len|length|size|count|bytes|nbytes|cap|capacity)$/i;

/** The words of an identifier: split at `_` and at lower→upper case changes (`LZ4_freeHC` → LZ4, free, HC). */
export function wordsOf(name: string): string[] {
  return name
    .split('_')
    .flatMap((part) => part.split(/(?<=[a-z0-9])(?=[A-Z])/))
    .filter((w) => w !== '');
}

/** True for a function whose name says it releases something (a word of it is free, destroy, …). */
export function isReleaserName(name: string): boolean {
  return wordsOf(name).some((w) => RELEASE_WORDS.has(w.toLowerCase()));
}

const isPointer = (cType: string) => cType.trim().endsWith('*');
/** `const LZ4_stream_t *` → `LZ4_stream_t`; `char **` → `char *`. */
const pointee = (cType: string) =>
  cType
    .trim()
    .replace(/\*$/, '')
    .replace(/\bconst\b|\bstruct\b/g, '')
    .trim();
const isByte = (type: string) => {
  const t = scalarType(type);
  return t?.kind === 'void' || (t?.kind === 'int' && t.bytes === 1);
};
const isScalar = (cType: string) => !isPointer(cType) && scalarType(cType) !== undefined && scalarType(cType)!.kind !== 'void';
const isInteger = (cType: string) => !isPointer(cType) && scalarType(cType)?.kind === 'int';
/** A pointer to a named type that is not a scalar: a struct or an opaque handle. */
const namedPointee = (cType: string) =>
  isPointer(cType) && scalarType(pointee(cType)) === undefined && !isPointer(pointee(cType)) ? pointee(cType) : undefined;

/**
 * True when `length` certainly carries the length of buffer `buffer`: an integer whose name's last
 * word says length, and whose other words (if any) abbreviate the buffer's name (`src`/`source` +
 * `srcSize`, `ptr` + `len`, `dictBuffer` + `dictSize`), not another buffer's (`dest` + `originalSize`).
 */
export function isLengthOf(buffer: string, length: { name: string; cType: string } | undefined): boolean {
  if (length === undefined || !isInteger(length.cType)) return false;
  const words = wordsOf(length.name);
  if (!LENGTH_WORDS.test(words[words.length - 1] ?? '')) return false;
  const prefix = words.slice(0, -1).join('').toLowerCase();
  const target = buffer.toLowerCase();
  let at = 0;
  for (const c of prefix) {
    at = target.indexOf(c, at) + 1;
    if (at === 0) return false;
  }
  return prefix === '' || target[0] === prefix[0];
}

/** What zero-config may do with `fn`; `exports` are the library's other functions (constructors, releasers). */
export function zeroConfigFill(fn: FunctionShape, exports: readonly FunctionShape[]): ZeroConfigFill {
  // A string (`char *`) is created by a function that returns one from its input (rure_escape_must for rure_cstring_free).
  const creatorOf = (type: string) =>
    exports.find(
      (f) =>
        f.name !== fn.name &&
        (namedPointee(f.returnType) === type || (type === 'char' && pointee(f.returnType) === 'char' && f.params.length > 0)),
    )?.name;
  const releaserOf = (type: string) =>
    exports.find((f) => isReleaserName(f.name) && f.params.some((p) => namedPointee(p.cType) === type || pointee(p.cType) === type))?.name;
  const lifecycle = (create: string | undefined, extra: string, release: string | undefined) =>
    `lifecycle: { create: '${create ?? '<its constructor>'}',${extra} release: '${release ?? '<its releaser>'}' }`;
  const returned = namedPointee(fn.returnType) ?? (pointee(fn.returnType) === 'void' && isPointer(fn.returnType) ? 'void' : undefined);
  if (isReleaserName(fn.name) && fn.params.some((p) => isPointer(p.cType))) {
    const type = fn.params.map((p) => namedPointee(p.cType) ?? pointee(p.cType)).find((t) => creatorOf(t) !== undefined);
    return guess(
      'releases what the library returned (by its name): only a spec can call it, on a live handle from its constructor, once',
      lifecycle(type === undefined ? undefined : creatorOf(type), '', fn.name),
    );
  }
  if (returned !== undefined) {
    // Its parameters may need a spec too (rure_compile's options and error handles).
    const params = paramsFill(fn, creatorOf, releaserOf, lifecycle);
    const also = params.certain ? { reason: '', snippet: '' } : { reason: `; and ${params.reason}`, snippet: `; ${params.snippet}` };
    return guess(
      `a constructor: it returns ${article(returned)} * the caller must release${releaserOf(returned) === undefined ? '' : ` (with ${releaserOf(returned)})`}; a spec's lifecycle creates, uses and releases it${also.reason}`,
      `${lifecycle(fn.name, '', releaserOf(returned))}${also.snippet}`,
    );
  }
  if (fn.params.length === 0)
    return guess(
      'takes no parameters, so there is no input to vary (a getter: name it as a helper, e.g. lastError, in a spec)',
      `helpers: { ${fn.name}: '${fn.returnType}${isPointer(fn.returnType) ? '' : ' '}${fn.name}(void)' }`,
    );
  return paramsFill(fn, creatorOf, releaserOf, lifecycle);
}

/** `a Regex`, `an Options`. */
function article(type: string): string {
  return `${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type}`;
}

function guess(reason: string, snippet: string, callable = false): ZeroConfigFill {
  return { certain: false, callable, reason, snippet };
}

/**
 * Every parameter a scalar or a certainly paired byte buffer; else what is guessed, with a
 * `params` snippet that names each buffer's length or capacity and each free integer's values
 * (handles and structs need more). Free integers alone leave the function callable.
 */
function paramsFill(
  fn: FunctionShape,
  creatorOf: (type: string) => string | undefined,
  releaserOf: (type: string) => string | undefined,
  lifecycle: (create: string | undefined, extra: string, release: string | undefined) => string,
): ZeroConfigFill {
  const params = fn.params;
  const problems: { reason: string; spec: string }[] = [];
  const taken = new Set<number>();
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (isScalar(p.cType) || taken.has(i)) continue;
    if (!isPointer(p.cType)) return guess(`'${p.name}' is a ${p.cType} (not a C scalar or pointer)`, `params: { ${p.name}: … }`);
    const to = pointee(p.cType);
    if (isByte(to) && isLengthOf(p.name, params[i + 1])) {
      taken.add(++i);
      continue;
    }
    const named = namedPointee(p.cType);
    if (named !== undefined && creatorOf(named) !== undefined)
      return guess(
        `takes ${article(named)} *, a handle ${creatorOf(named)} returns: only a spec's lifecycle passes it one that is live`,
        lifecycle(creatorOf(named), ` use: ['${fn.name}'],`, releaserOf(named)),
      );
    if (named !== undefined)
      return guess(
        `takes ${article(named)} *, whose size as the caller allocates it only a spec can say`,
        `structs: { ${named}: koffi.struct(…) }`,
      );
    problems.push(pointerProblem(p, to, sizeParam(params, i, taken)));
  }
  // Checked last: a buffer's guessed size parameter is named in its spec, not as a free integer.
  const free = params.filter((q, k) => isInteger(q.cType) && !taken.has(k));
  const ranges = free.map((q) => `${q.name}: { values: fc.integer({ min: <lowest valid>, max: <highest valid> }) }`);
  if (problems.length === 0 && free.length === 0) return { certain: true };
  const snippet = `params: { ${[...problems.map((q) => q.spec), ...ranges].join(', ')} }`;
  if (problems.length === 0)
    return guess(
      `${free.map((q) => `'${q.name}'`).join(', ')}: ${free.length === 1 ? `${article(free[0]!.cType)} whose` : 'integers whose'} valid values (an index, an enum, flags) only a spec can say`,
      snippet,
      true,
    );
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more parameter(s) like it)` : '';
  return guess(`${problems[0]!.reason}${more}`, snippet);
}

/** What is guessed about byte or other pointer `p` (pointing to `to`), and the parameter spec that says it. */
function pointerProblem(p: { name: string; cType: string }, to: string, size: string | undefined): { reason: string; spec: string } {
  const sized = size ?? '<its size parameter>';
  if (to === 'void' && size === undefined)
    return {
      reason: `'${p.name}' is a ${p.cType}: what it points to, and how large it is, only a spec can say`,
      spec: p.cType.includes('const') ? `${p.name}: { length: '<its length parameter>' }` : `${p.name}: { output: <bytes> }`,
    };
  if (!isByte(to))
    return {
      reason: `'${p.name}' points to a ${to}: what it holds on entry and on return only a spec can say`,
      spec: `${p.name}: { output: <bytes> }`,
    };
  if (!p.cType.includes('const'))
    return {
      reason: `'${p.name}' is a buffer the function writes, whose capacity no parameter right after it certainly gives`,
      spec: `${p.name}: { capacity: '${sized}' }`,
    };
  if (to.endsWith('char') && size === undefined)
    return {
      reason: `'${p.name}' is a ${p.cType} without a length: a C string, whose encoding (UTF-8?) only a spec can say`,
      spec: `${p.name}: { cstring: { encoding: 'utf8' } }`,
    };
  return {
    reason: `'${p.name}' has no length parameter right after it whose name certainly pairs it`,
    spec: `${p.name}: { length: '${sized}' }`,
  };
}

/** The integer parameter most likely to carry buffer `i`'s length or capacity, by name (not yet taken by another buffer). */
function sizeParam(params: FunctionShape['params'], i: number, taken: Set<number>): string | undefined {
  const buffer = params[i]!;
  const writes = !buffer.cType.includes('const');
  const score = (q: { name: string; cType: string }): number => {
    // An integer, or a pointer to one: an in/out length (`uLongf *destLen`, `int *srcSizePtr`).
    const size = isPointer(q.cType) ? { name: q.name, cType: pointee(q.cType) } : q;
    if (!isInteger(size.cType)) return 0;
    // Away from the buffer, a bare `len` says nothing about which buffer it measures; `srcSize` does.
    if (isLengthOf(buffer.name, size) && wordsOf(q.name).length > 1) return 4;
    const lower = q.name.toLowerCase();
    return (writes ? /cap|max|dst|dest|out/ : /src|source|input|compressed/).test(lower) ? 3 : 0;
  };
  // A void pointer's size only by a related name; another buffer's by a name that says in or out.
  const least = pointee(buffer.cType) === 'void' ? 4 : 3;
  let best: number | undefined;
  params.forEach((q, k) => {
    if (k !== i && !taken.has(k) && score(q) >= least && (best === undefined || score(q) > score(params[best]!))) best = k;
  });
  if (best === undefined) return undefined;
  taken.add(best);
  return params[best]!.name;
}
