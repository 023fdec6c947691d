/**
 * Parses the text that `llvm-dwarfdump --debug-info` prints into debugging information
 * entries (DIEs): tag, raw attribute texts, parent and children.
 *
 * Only the textual shape is interpreted here; what the attributes mean (sizes, types,
 * names) is decided by the readers that use these DIEs.
 *
 * The format, as printed by LLVM 14–19:
 * ```
 * 0x0000000b: Compile Unit: length = …, version = 0x0005, …, addr_size = 0x08 (next unit at …)
 * 0x0000000c: DW_TAG_compile_unit
 *               DW_AT_name	("t.c")
 *               DW_AT_ranges	(0x00000180
 *                  [0x…, 0x…))            ← a value may span several lines
 * 0x0000001e:   DW_TAG_base_type          ← two spaces of indentation per nesting level
 * 0x000000f9:     NULL                    ← end of a children list
 * ```
 */

/** One debugging information entry. */
export interface Die {
  /** Offset in .debug_info, the key DW_AT_type references use. */
  readonly offset: number;
  /** `DW_TAG_structure_type`, … */
  readonly tag: string;
  /** Attribute name → raw value text (without the surrounding parentheses). */
  readonly attrs: Map<string, string>;
  /** Offsets of the children, in order. */
  readonly children: number[];
  /** Offset of the parent DIE, if it was part of the same dump. */
  readonly parent?: number;
}

/** A compile-unit header line (`Compile Unit: … addr_size = 0x08`). */
export interface UnitHeader {
  /** Offset of the unit header (the CU's DIE follows it). */
  readonly offset: number;
  readonly version: number;
  readonly addrSize: number;
}

/** What one dump contained. */
export interface ParsedDump {
  /** Every DIE by offset. */
  readonly dies: Map<number, Die>;
  /** Top-level DIEs (depth 0 in the dump), usually compile units. */
  readonly roots: number[];
  /** Unit headers, when the dump printed them (a whole-section dump does). */
  readonly units: UnitHeader[];
}

const DIE_LINE = /^0x([0-9a-f]+):( +)(DW_TAG_\w+|NULL)\s*$/;
const UNIT_LINE = /^0x([0-9a-f]+): (?:Compile|Type|Skeleton|Partial) Unit:.*?version = 0x([0-9a-f]+).*?addr_size = 0x([0-9a-f]+)/;
const ATTR_LINE = /^\s+(DW_AT_\w+)(?: \[[^\]]*\])?\t\((.*)$/;

// Parsing is a single pass over the lines with a stack of the open DIEs per depth; the
// dump's indentation (2 spaces per level after "0x…: ") gives the depth.
/** Parses `llvm-dwarfdump --debug-info` text. */
export function parseDwarfdump(text: string): ParsedDump {
  const dies = new Map<number, Die>();
  const roots: number[] = [];
  const units: UnitHeader[] = [];
  const stack: Die[] = [];
  let current: Die | undefined;
  let pendingAttr: string | undefined;

  for (const line of text.split('\n')) {
    if (line.startsWith('0x')) {
      const die = DIE_LINE.exec(line);
      if (die !== null) {
        pendingAttr = undefined;
        const depth = Math.max(0, (die[2]!.length - 1) >> 1);
        if (die[3] === 'NULL') {
          current = undefined;
          continue;
        }
        const parent = depth > 0 ? stack[depth - 1] : undefined;
        const entry: Die = {
          offset: parseInt(die[1]!, 16),
          tag: die[3]!,
          attrs: new Map(),
          children: [],
          ...(parent === undefined ? {} : { parent: parent.offset }),
        };
        dies.set(entry.offset, entry);
        if (parent === undefined) roots.push(entry.offset);
        else parent.children.push(entry.offset);
        stack[depth] = entry;
        stack.length = depth + 1;
        current = entry;
        continue;
      }
      const unit = UNIT_LINE.exec(line);
      if (unit !== null) {
        units.push({ offset: parseInt(unit[1]!, 16), version: parseInt(unit[2]!, 16), addrSize: parseInt(unit[3]!, 16) });
        current = undefined;
        stack.length = 0;
        continue;
      }
    }
    if (current === undefined) continue;
    const attr = ATTR_LINE.exec(line);
    if (attr !== null) {
      pendingAttr = attr[1]!;
      current.attrs.set(pendingAttr, attr[2]!);
    } else if (pendingAttr !== undefined && line.trim() !== '') {
      current.attrs.set(pendingAttr, `${current.attrs.get(pendingAttr) ?? ''}\n${line.trim()}`);
    } else {
      pendingAttr = undefined;
    }
  }
  for (const die of dies.values()) {
    for (const [name, raw] of die.attrs) die.attrs.set(name, stripClosingParen(raw));
  }
  return { dies, roots, units };
}

function stripClosingParen(raw: string): string {
  return raw.endsWith(')') ? raw.slice(0, -1) : raw;
}

/** A string attribute's text: `("u32")` → `u32` (escaped quotes undone). */
export function attrString(die: Die, name: string): string | undefined {
  const raw = die.attrs.get(name);
  if (raw === undefined) return undefined;
  const match = /^"([\s\S]*)"$/.exec(raw);
  return match === null ? raw : match[1]!.replace(/\\(["\\])/g, '$1');
}

/** A numeric attribute: `(0x18)`, `(24)`, or `(DW_OP_plus_uconst 0x8)` for old locations. */
export function attrNumber(die: Die, name: string): number | undefined {
  const raw = die.attrs.get(name);
  if (raw === undefined) return undefined;
  const plain = /^(0x[0-9a-f]+|-?\d+)$/i.exec(raw.trim());
  if (plain !== null) return Number(plain[1]);
  const uconst = /DW_OP_plus_uconst (0x[0-9a-f]+|\d+)/i.exec(raw);
  return uconst === null ? undefined : Number(uconst[1]);
}

/** A reference attribute: `(0x0000085d "u32")` → 0x85d. */
export function attrRef(die: Die, name: string): number | undefined {
  const raw = die.attrs.get(name);
  if (raw === undefined) return undefined;
  const match = /^0x([0-9a-f]+)/i.exec(raw);
  return match === null ? undefined : parseInt(match[1]!, 16);
}

/** The name dwarfdump printed next to a reference: `(0x0000085d "u32")` → `u32`. */
export function attrRefName(die: Die, name: string): string | undefined {
  const raw = die.attrs.get(name);
  if (raw === undefined) return undefined;
  const match = /^0x[0-9a-f]+ "([\s\S]*)"$/i.exec(raw);
  return match === null ? undefined : match[1]!.replace(/\\(["\\])/g, '$1');
}

/** Whether a flag attribute is present and true (`DW_AT_external (true)`). */
export function attrFlag(die: Die, name: string): boolean {
  const raw = die.attrs.get(name);
  return raw !== undefined && raw !== 'false' && raw !== '0x00';
}
