/** A C type as ffi-fuzz understands it: enough to generate values and marshal them through koffi. */
export type CType =
  | { readonly kind: 'void' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'int'; readonly name: string; readonly bytes: 1 | 2 | 4 | 8; readonly signed: boolean }
  | { readonly kind: 'float'; readonly name: string; readonly bytes: 4 | 8 }
  | { readonly kind: 'struct'; readonly name: string }
  /** A type the harness only ever passes by pointer and never looks into (`typedef struct rure rure;`): a handle's pointee. */
  | { readonly kind: 'opaque'; readonly name: string }
  | { readonly kind: 'pointer'; readonly to: CType; readonly isConst: boolean };

const int = (name: string, bytes: 1 | 2 | 4 | 8, signed: boolean): CType => ({ kind: 'int', name, bytes, signed });

// LP64 (Linux x86_64 / aarch64): the platforms koffi and our targets run on.
const SCALARS: ReadonlyMap<string, CType> = new Map<string, CType>([
  ['void', { kind: 'void' }],
  ['bool', { kind: 'bool' }],
  ['_Bool', { kind: 'bool' }],
  ['char', int('char', 1, true)],
  ['signed char', int('signed char', 1, true)],
  ['unsigned char', int('unsigned char', 1, false)],
  ['short', int('short', 2, true)],
  ['unsigned short', int('unsigned short', 2, false)],
  ['int', int('int', 4, true)],
  ['unsigned', int('unsigned int', 4, false)],
  ['unsigned int', int('unsigned int', 4, false)],
  ['long', int('long', 8, true)],
  ['unsigned long', int('unsigned long', 8, false)],
  ['long long', int('long long', 8, true)],
  ['unsigned long long', int('unsigned long long', 8, false)],
  ['int8_t', int('int8_t', 1, true)],
  ['uint8_t', int('uint8_t', 1, false)],
  ['int16_t', int('int16_t', 2, true)],
  ['uint16_t', int('uint16_t', 2, false)],
  ['int32_t', int('int32_t', 4, true)],
  ['uint32_t', int('uint32_t', 4, false)],
  ['int64_t', int('int64_t', 8, true)],
  ['uint64_t', int('uint64_t', 8, false)],
  ['size_t', int('size_t', 8, false)],
  ['ssize_t', int('ssize_t', 8, true)],
  ['intptr_t', int('intptr_t', 8, true)],
  ['uintptr_t', int('uintptr_t', 8, false)],
  ['ptrdiff_t', int('ptrdiff_t', 8, true)],
  ['float', { kind: 'float', name: 'float', bytes: 4 }],
  ['double', { kind: 'float', name: 'double', bytes: 8 }],
]);

/** Looks up a scalar C type by its spelling (whitespace-normalised), or undefined. */
export function scalarType(spelling: string): CType | undefined {
  return SCALARS.get(spelling.trim().replace(/\s+/g, ' '));
}

/** Renders a C type back to C spelling, e.g. `const uint8_t *`. */
export function renderCType(type: CType): string {
  switch (type.kind) {
    case 'void':
      return 'void';
    case 'bool':
      return 'bool';
    case 'int':
    case 'float':
      return type.name;
    case 'struct':
    case 'opaque':
      return type.name;
    case 'pointer': {
      const inner = renderCType(type.to);
      const base = type.isConst ? `const ${inner}` : inner;
      return type.to.kind === 'pointer' ? `${base}*` : `${base} *`;
    }
    default: {
      const never: never = type;
      return never;
    }
  }
}

/** True for the pointee types whose pointer is a byte buffer (`uint8_t *`, `char *`, `void *`). */
export function isByteBuffer(type: CType): boolean {
  if (type.kind !== 'pointer') return false;
  const to = type.to;
  return to.kind === 'void' || (to.kind === 'int' && to.bytes === 1);
}

/** The inclusive range of an integer type, as BigInts. */
export function integerRange(type: Extract<CType, { kind: 'int' }>): { min: bigint; max: bigint } {
  const bits = BigInt(type.bytes * 8);
  return type.signed ? { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n } : { min: 0n, max: (1n << bits) - 1n };
}
