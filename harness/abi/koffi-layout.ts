/**
 * The "declared" view of the ABI check: a struct or union as koffi lays it out from the
 * spec's declaration (`koffi.struct`, `koffi.pack`, `[align, type]` members, nested
 * records, `koffi.array`, `koffi.union`).
 *
 * koffi 3 type objects carry their layout (`size`, `alignment`, `members[].offset`), so no
 * deprecated `koffi.introspect` is needed; the offsets are cross-checked with
 * `koffi.offsetof` so that what we report is what koffi will marshal.
 *
 * Limits of koffi itself, which the ABI check then reports as mismatches rather than
 * hiding: a member alignment can only be 1, 2, 4 or 8 (a C `aligned(16)` member cannot be
 * declared), and `koffi.pack` gives the struct alignment 1 (C's `#pragma pack(4)` gives 4;
 * declare such a struct with `[4, type]` members instead).
 */
import koffi from 'koffi';
import type { TypeObject } from 'koffi';
import { AbiError } from '../debuginfo/debuginfo-error.js';
import type { FieldLayout, StructLayout } from '../debuginfo/layout.js';

/** A koffi type object, or the name of a type declared earlier (`'Job'`). */
export type DeclaredType = TypeObject | string;

/**
 * The layout koffi uses for a declared struct or union.
 *
 * @param name - the name to report (usually the C/Rust name of the type)
 * @param type - the koffi declaration
 * @throws AbiError `bad-declaration` when `type` is unknown or not a struct/union.
 */
export function declaredLayout(name: string, type: DeclaredType): StructLayout {
  const resolved = resolve(name, type);
  const kind = resolved.primitive === 'Union' ? 'union' : 'struct';
  return {
    name,
    size: koffi.sizeof(resolved),
    align: koffi.alignof(resolved),
    kind,
    fields: flatten(resolved, 0, ''),
  };
}

// The public entry validates: a spec that names an unknown type or passes a scalar gets an
// error naming the struct, instead of a layout with no members.
function resolve(name: string, type: DeclaredType): TypeObject {
  let resolved: TypeObject;
  try {
    resolved = typeof type === 'string' ? koffi.type(type) : type;
  } catch (cause) {
    throw new AbiError(
      'bad-declaration',
      `declaredLayout(${name}): koffi does not know the type \`${String(type)}\`: declare it with koffi.struct first.`,
      {},
      cause,
    );
  }
  if (resolved.primitive !== 'Record' && resolved.primitive !== 'Union') {
    throw new AbiError(
      'bad-declaration',
      `declaredLayout(${name}): koffi type \`${resolved.name}\` (${resolved.primitive}) is not a struct or union: pass the value returned by koffi.struct/koffi.pack/koffi.union.`,
    );
  }
  return resolved;
}

// Nested records are flattened after their parent, with dotted names and offsets from the
// outermost struct, the same shape dwarf-layouts produces.
function flatten(record: TypeObject, base: number, prefix: string): FieldLayout[] {
  const fields: FieldLayout[] = [];
  const isTop = prefix === '';
  for (const member of Object.values(record.members ?? {})) {
    const relative = isTop && record.primitive === 'Record' ? koffi.offsetof(record, member.name) : member.offset;
    const offset = base + relative;
    const name = `${prefix}${member.name}`;
    fields.push({ name, offset, size: member.type.size, align: member.type.alignment, type: typeName(member.type) });
    if (member.type.primitive === 'Record' || member.type.primitive === 'Union') {
      fields.push(...flatten(member.type, offset, `${name}.`));
    }
  }
  return fields;
}

/** A readable name for a koffi type; anonymous records get their kind instead. */
function typeName(type: TypeObject): string {
  if (!type.name.startsWith('<anonymous')) return type.name;
  return type.primitive === 'Union' ? 'union { … }' : 'struct { … }';
}
