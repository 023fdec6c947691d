/**
 * Recovers a struct's alignment from its member offsets when the debug info does not state
 * it.
 *
 * GCC writes DW_AT_alignment only for explicit `__attribute__((aligned))`; a struct under
 * `#pragma pack(n)` gets none, although its alignment is n, not the largest member
 * alignment. (rustc states DW_AT_alignment for every type, so this is mostly for C.) The
 * offsets and the size do show the packing, so the largest packing value that reproduces
 * them exactly is taken as the alignment.
 */
import { alignUp } from './layout.js';

/** What the inference needs to know about one member. */
export interface MemberShape {
  readonly offset: number;
  readonly size: number;
  /** The member type's natural alignment (or its explicit DW_AT_alignment). */
  readonly align: number;
}

/** The inferred alignment and how it was obtained. */
export interface InferredAlignment {
  readonly align: number;
  /** Set when the alignment is below the natural one or could not be confirmed. */
  readonly note?: string;
}

/**
 * Infers `alignof` of a struct or union from its size and member layout.
 *
 * Tries packing values from the natural alignment down to 1 and returns the first whose
 * layout reproduces every member offset and the size. A layout that two packings both
 * explain (e.g. `{ uint32_t a, b; }` under `pack(2)`) is reported with the larger one.
 */
export function inferAlignment(kind: 'struct' | 'union', size: number, members: readonly MemberShape[]): InferredAlignment {
  const natural = members.reduce((max, m) => Math.max(max, m.align), 1);
  for (let pack = natural; pack >= 1; pack = Math.floor(pack / 2)) {
    if (reproduces(kind, size, members, pack)) {
      return pack === natural ? { align: natural } : { align: pack, note: `no DW_AT_alignment; offsets match #pragma pack(${pack})` };
    }
  }
  return { align: natural, note: 'no DW_AT_alignment; member offsets match no packing, natural alignment assumed' };
}

function reproduces(kind: 'struct' | 'union', size: number, members: readonly MemberShape[], pack: number): boolean {
  let end = 0;
  let align = 1;
  for (const member of members) {
    const effective = Math.min(member.align, pack);
    align = Math.max(align, effective);
    const offset = kind === 'union' ? 0 : alignUp(end, effective);
    if (offset !== member.offset) return false;
    end = kind === 'union' ? Math.max(end, member.size) : offset + member.size;
  }
  return alignUp(end, align) === size;
}
