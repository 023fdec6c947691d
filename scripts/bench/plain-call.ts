import type { LibraryHandle } from 'koffi';
import { declaredLengthOf, type CallInput } from '../../harness/model/call-input.js';
import { renderPrototype } from '../../harness/ffi/prototype.js';
import type { ResolvedFunction } from '../../harness/ffi/resolve-target.js';

/**
 * The reference the engine is measured against: the same function bound by its plain C prototype,
 * called the way a hand-written koffi loop would call it (a typed array for a pointer, the length
 * as a number), with no arena, no red zones, no flight recorder and no oracle.
 */
export function plainCaller(lib: LibraryHandle, fn: ResolvedFunction): (input: CallInput) => unknown {
  const call = lib.func(renderPrototype(fn.prototype)) as (...args: unknown[]) => unknown;
  const wide = fn.prototype.params.map((p) => p.type.kind === 'int' && p.type.bytes === 8);
  const argv: unknown[] = new Array(fn.params.length);
  return (input) => {
    const args = input.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      switch (a.kind) {
        case 'buffer':
          argv[i] = a.bytes;
          break;
        case 'null':
          argv[i] = null;
          break;
        case 'length': {
          const buffer = args[a.of];
          const n = buffer?.kind === 'buffer' ? declaredLengthOf(buffer) : 0;
          argv[i] = wide[i] ? BigInt(n) : n;
          break;
        }
        case 'int':
          argv[i] = wide[i] ? a.value : Number(a.value);
          break;
        default:
          throw new Error(`the plain reference loop does not pass '${a.kind}' arguments (${fn.name})`);
      }
    }
    return call(...argv);
  };
}
