import type { ExportedFunction } from '../../debuginfo/list-functions.js';
import { isReleaserName } from '../../ffi/zero-config-contract.js';
import { renderCType } from '../../ffi/c-type.js';
import { whyNotFuzzable } from '../../ffi/discover-functions.js';
import { parsePrototype } from '../../ffi/prototype.js';

/** One exported function as the scaffold writes it: active (runs as is) or commented out with the reason. */
export interface ScaffoldFunction {
  readonly name: string;
  readonly prototype: string;
  /** Why it is left commented out; null when the scaffold fuzzes it as is. */
  readonly disabled: string | null;
  /** A getter without parameters (`const char *last_error(void)`): written as a helper. */
  readonly helper: boolean;
  /** What only the user knows about it: lengths, capacities, handles, contracts. */
  readonly todos: readonly string[];
}

/** A function known only by a header prototype (stripped library), in the shape debug info gives. */
export function exportedFromPrototype(name: string, prototype: string | undefined): ExportedFunction {
  if (prototype === undefined)
    return {
      name,
      prototype: `/* ${name}: no prototype */`,
      params: [],
      returnType: 'void',
      mapped: false,
      unmappedReasons: ['the header declares no prototype for it'],
      language: 'C',
    };
  try {
    const parsed = parsePrototype(prototype);
    const params = parsed.params.map((p) => ({ name: p.name, cType: renderCType(p.type) }));
    return { name, prototype, params, returnType: renderCType(parsed.returns), mapped: true, unmappedReasons: [], language: 'C' };
  } catch (error) {
    return { name, prototype, params: [], returnType: 'void', mapped: false, unmappedReasons: [(error as Error).message], language: 'C' };
  }
}

const BYTE_POINTER = /^(const )?(u?int8_t|(un)?signed char|char|void) \*$/;
const INTEGER = /^(u?int(8|16|32|64)_t|size_t|ssize_t|(unsigned )?(int|long|short|long long)|ptrdiff_t|uintptr_t|intptr_t)$/;

/**
 * Decides how the scaffold writes one function, and lists what the user must confirm. A function
 * is left active only when every argument the harness would generate stays inside what the
 * prototype alone guarantees: a byte pointer whose length is not passed (a NUL-terminated string,
 * a fixed-size block) could be read past its end, a false finding, so such functions wait for the user.
 */
export function planFunction(fn: ExportedFunction, specDir: string): ScaffoldFunction {
  const todos: string[] = [];
  const base = { name: fn.name, prototype: fn.prototype, helper: false };
  if (fn.mapped && fn.params.length === 0)
    return {
      ...base,
      helper: true,
      disabled: null,
      todos: [`TODO(contract): if ${fn.name} returns the last error message, set lastError: '${fn.name}' on the functions that set it`],
    };
  const reason = isReleaserName(fn.name)
    ? 'releases what the library allocated (by its name): only a spec can call it, on a live handle from its constructor, once'
    : whyNotFuzzable(fn, specDir);
  if (reason !== undefined) return { ...base, disabled: reason, todos: [`TODO: ${todoFor(reason)}`] };
  for (const [i, p] of fn.params.entries()) {
    if (!BYTE_POINTER.test(p.cType)) continue;
    const next = fn.params[i + 1];
    if (next === undefined || !INTEGER.test(next.cType))
      return {
        ...base,
        disabled: `${p.name} is a pointer with no length after it: how many bytes may ${fn.name} read or write there is unknown`,
        todos: [
          `TODO(capacity): say how long ${p.name} is (a NUL-terminated string? a fixed size?) — add a length parameter to the prototype, or params: { ${p.name}: { maxLength: N } } once you know it is safe`,
        ],
      };
    todos.push(
      p.cType.startsWith('const ')
        ? `TODO(length): ${next.name} is taken as the byte length of ${p.name}; if it counts elements, say so with params: { ${p.name}: { length: '${next.name}', maxLength: … } }`
        : `TODO(capacity): ${fn.name} writes into ${p.name}, ${next.name} bytes at most (as generated); if it may write more than ${next.name} says, that is the bug to find`,
    );
  }
  if (fn.returnType.endsWith('*') && !/char \*$/.test(fn.returnType))
    todos.push(
      `TODO(handles): ${fn.name} returns a pointer: if other functions take it back and one frees it, declare lifecycle: { create: '${fn.name}', use: [...], release: '…' }`,
    );
  todos.push(
    `TODO(contract): which malformed inputs does ${fn.name} promise to survive? add contract: { survives: ['null', 'negative-length', 'invalid-utf8', …], errorReturn: 'negative' } — the default generates only zero-length and misaligned buffers`,
  );
  return { ...base, disabled: null, todos };
}

function todoFor(reason: string): string {
  if (reason.startsWith('releases'))
    return `${reason}; declare a lifecycle (create / use / release) to call it on what the library returned`;
  if (reason.includes('structs:')) return `${reason}: declare the struct with koffi.struct and add it to structs`;
  return reason;
}
