// Rust's legacy symbol mangling (`_ZN<len><ident>...17h<hash>E`) still reaches stderr raw
// wherever the printer has no demangler: glibc's backtrace_symbols(), an unsymbolised
// sanitizer report, Rust < 1.x full backtraces. Demangling it here lets those frames share
// a signature with the demangled ones. Format reference:
// https://doc.rust-lang.org/rustc/symbol-mangling/index.html (legacy scheme).

/** Escapes the legacy scheme uses for characters that are not valid in C identifiers. */
const ESCAPES: Readonly<Record<string, string>> = {
  $SP$: '@',
  $BP$: '*',
  $RF$: '&',
  $LT$: '<',
  $GT$: '>',
  $LP$: '(',
  $RP$: ')',
  $C$: ',',
};

/** The `h` + 16 hex digits component every legacy Rust symbol ends with. */
const HASH_COMPONENT = /^h[0-9a-f]{16}$/;

/**
 * Demangles a legacy-mangled Rust symbol, dropping its trailing hash component.
 * Returns null for anything else (C++ `_ZN` names have no hash component and stay as they are).
 *
 * @example demangleRustLegacy('_ZN12chunk_parser11check_event17h0123456789abcdefE') // 'chunk_parser::check_event'
 */
export function demangleRustLegacy(symbol: string): string | null {
  const match = /^_?_ZN(.*)E(?:\.llvm\.\d+)?$/.exec(symbol);
  if (match === null) return null;
  const body = match[1]!;
  const components: string[] = [];
  let at = 0;
  while (at < body.length) {
    const digits = /^\d+/.exec(body.slice(at));
    if (digits === null) return null;
    const length = Number(digits[0]);
    at += digits[0].length;
    if (length === 0 || at + length > body.length) return null;
    components.push(body.slice(at, at + length));
    at += length;
  }
  const last = components[components.length - 1];
  if (last === undefined || !HASH_COMPONENT.test(last)) return null;
  return components.slice(0, -1).map(unescapeComponent).join('::');
}

// Undoes `$LT$`-style and `$u7e$`-style escapes and the `..` that stands for `::`.
function unescapeComponent(component: string): string {
  const withoutLeadingEscape = component.startsWith('_$') ? component.slice(1) : component;
  return withoutLeadingEscape
    .replace(/\$u([0-9a-f]{2,6})\$/g, (_match, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/\$[A-Z]{1,2}\$/g, (code) => ESCAPES[code] ?? code)
    .replace(/\.\./g, '::');
}
