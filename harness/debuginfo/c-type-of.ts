/**
 * Spells a DWARF type (from Rust or C) as the C type a koffi prototype takes:
 * `*const u8` → `const uint8_t *`, `usize` → `size_t`, `*const c_char` → `const char *`,
 * a `#[repr(C)]` struct → its bare name (koffi prototypes do not take `struct X`).
 *
 * Types with no faithful C spelling (fat pointers, `Option<…>`, `u128`, function pointers)
 * are reported with a reason instead of being guessed.
 */
import { attrRef, attrString, type Die } from './dwarfdump-parser.js';
import { RECORD_TAGS, type DwarfTypes } from './dwarf-types.js';

/** A mapped type, or why it could not be mapped (with a best-effort spelling). */
export type CTypeResult =
  | { readonly ok: true; readonly cType: string }
  | { readonly ok: false; readonly cType: string; readonly reason: string };

const RUST_SCALARS: Readonly<Record<string, string>> = Object.freeze({
  u8: 'uint8_t',
  i8: 'int8_t',
  u16: 'uint16_t',
  i16: 'int16_t',
  u32: 'uint32_t',
  i32: 'int32_t',
  u64: 'uint64_t',
  i64: 'int64_t',
  usize: 'size_t',
  isize: 'intptr_t',
  bool: 'bool',
  f32: 'float',
  f64: 'double',
  '()': 'void',
  '!': 'void',
});
const C_SCALARS: Readonly<Record<string, string>> = Object.freeze({
  _Bool: 'bool',
  char: 'char',
  'signed char': 'int8_t',
  'unsigned char': 'unsigned char',
  'short int': 'short',
  'short unsigned int': 'unsigned short',
  int: 'int',
  'unsigned int': 'unsigned int',
  'long int': 'long',
  'long unsigned int': 'unsigned long',
  'long long int': 'long long',
  'long long unsigned int': 'unsigned long long',
  float: 'float',
  double: 'double',
});
/** typedef names koffi knows, kept as written. */
const KOFFI_TYPEDEFS = new Set([
  'int8_t',
  'uint8_t',
  'int16_t',
  'uint16_t',
  'int32_t',
  'uint32_t',
  'int64_t',
  'uint64_t',
  'size_t',
  'intptr_t',
  'uintptr_t',
  'wchar_t',
  'char16_t',
  'char32_t',
  'bool',
]);

/** Maps a type DIE (undefined = no type = `void`) to its C spelling. */
export function cTypeOf(types: DwarfTypes, die: Die | undefined, language: string): CTypeResult {
  return spell(types, die, language === 'Rust', false, 0);
}

// Recursive over the type chain; `isConst` is the constness the pointer above asked for.
function spell(types: DwarfTypes, die: Die | undefined, rust: boolean, isConst: boolean, depth: number): CTypeResult {
  const konst = (s: string) => (isConst ? `const ${s}` : s);
  if (die === undefined) return { ok: true, cType: konst('void') };
  if (depth > 16) return { ok: false, cType: 'void *', reason: 'type nests too deeply' };
  const name = attrString(die, 'DW_AT_name') ?? '';
  switch (die.tag) {
    case 'DW_TAG_const_type':
    case 'DW_TAG_volatile_type':
      return spell(types, types.typeOf(die), rust, isConst || die.tag === 'DW_TAG_const_type', depth + 1);
    case 'DW_TAG_typedef':
      if (KOFFI_TYPEDEFS.has(name) || RECORD_TAGS.has(types.strip(die).tag)) return { ok: true, cType: konst(name) };
      return spell(types, types.typeOf(die), rust, isConst, depth + 1);
    case 'DW_TAG_base_type':
      return scalar(name, rust, konst);
    case 'DW_TAG_enumeration_type': {
      if (name === 'c_void' || name.endsWith('::c_void')) return { ok: true, cType: konst('void') };
      const underlying = types.typeOf(die);
      return underlying === undefined ? { ok: true, cType: konst('int') } : spell(types, underlying, rust, isConst, depth + 1);
    }
    case 'DW_TAG_pointer_type':
    case 'DW_TAG_reference_type':
    case 'DW_TAG_rvalue_reference_type':
      return pointer(types, die, rust, isConst, depth);
    case 'DW_TAG_structure_type':
    case 'DW_TAG_union_type':
    case 'DW_TAG_class_type':
      return record(name, rust, konst);
    case 'DW_TAG_array_type':
      return { ok: false, cType: 'void *', reason: `array \`${name || 'T[N]'}\` passed by value has no C parameter equivalent` };
    case 'DW_TAG_subroutine_type':
      return { ok: false, cType: 'void', reason: 'function type' };
    default:
      return { ok: false, cType: 'void *', reason: `unsupported DWARF type ${die.tag}` };
  }
}

function scalar(name: string, rust: boolean, konst: (s: string) => string): CTypeResult {
  const mapped = rust ? RUST_SCALARS[name] : C_SCALARS[name];
  if (mapped !== undefined) return { ok: true, cType: konst(mapped) };
  if (name === 'char' && rust)
    return { ok: false, cType: 'uint32_t', reason: 'Rust `char` (a Unicode scalar value) has no C type: take a u32' };
  if (/^[iu]128$|__int128/.test(name)) return { ok: false, cType: 'void', reason: `\`${name}\` has no koffi type (128-bit integer)` };
  return { ok: false, cType: konst(name), reason: `base type \`${name}\` has no known C spelling` };
}

function record(name: string, rust: boolean, konst: (s: string) => string): CTypeResult {
  if (name.startsWith('&')) return { ok: false, cType: 'void *', reason: `\`${name}\` is a fat pointer (address + length), not FFI-safe` };
  if (name.includes('Option<'))
    return { ok: false, cType: 'void *', reason: `\`${name}\` is a Rust Option: declare it as a nullable pointer` };
  if (name.includes('<') || name === '') return { ok: false, cType: 'void *', reason: `\`${name || 'anonymous struct'}\` has no C name` };
  return { ok: true, cType: konst(rust ? (name.split('::').pop() ?? name) : name) };
}

// Rust spells constness on the pointer (`*const T`, `&T`), C on the pointee (`const T`).
function pointer(types: DwarfTypes, die: Die, rust: boolean, isConst: boolean, depth: number): CTypeResult {
  const pointerName = attrString(die, 'DW_AT_name') ?? '';
  const pointeeConst = rust && (pointerName.startsWith('*const ') || (pointerName.startsWith('&') && !pointerName.startsWith('&mut ')));
  const pointee = attrRef(die, 'DW_AT_type') === undefined ? undefined : types.typeOf(die);
  if (pointee !== undefined && types.strip(pointee).tag === 'DW_TAG_subroutine_type') {
    return {
      ok: false,
      cType: 'void *',
      reason: `\`${pointerName || 'function pointer'}\` is a function pointer: declare it with koffi.proto`,
    };
  }
  const inner =
    rust && pointee !== undefined && attrString(pointee, 'DW_AT_name') === 'i8' && pointee.tag === 'DW_TAG_base_type'
      ? { ok: true as const, cType: pointeeConst ? 'const char' : 'char' }
      : spell(types, pointee, rust, pointeeConst, depth + 1);
  const star = inner.cType.endsWith('*') ? '*' : ' *';
  const cType = `${inner.cType}${star}${isConst ? 'const' : ''}`;
  return inner.ok ? { ok: true, cType } : { ok: false, cType, reason: inner.reason };
}
