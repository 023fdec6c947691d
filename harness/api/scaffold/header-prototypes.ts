/**
 * Function prototypes declared in a C header, by name: what `init --lib L --header H` pairs with
 * the names in a stripped library's dynamic symbol table. A deliberately small reader (comments,
 * preprocessor lines, `extern "C"` blocks, export macros and `__attribute__` removed; one
 * declaration per `;`), kept behind this one function so a fuller header parser can replace it.
 */
export function headerPrototypes(headerText: string): Map<string, string> {
  const text = headerText
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/^[ \t]*#(?:[^\n]*\\\n)*[^\n]*/gm, ' ')
    .replace(/extern\s+"C"\s*\{/g, ' ')
    .replace(/__attribute__\s*\(\([^;{}]*?\)\)/g, ' ')
    .replace(/\b(?:extern|static|inline|__declspec\s*\([^)]*\))\b/g, ' ');
  const prototypes = new Map<string, string>();
  // A function body marks a definition (static inline), not a declaration; other braces hold aggregates.
  const statements = text
    .replace(/\)\s*\{[^{}]*\}/g, ') @defined;')
    .replace(/\{[^{}]*\}/g, ';')
    .split(/[;}]/);
  for (const statement of statements) {
    const decl = statement.replace(/\s+/g, ' ').trim();
    if (decl.endsWith('@defined') || /^(typedef|struct\s+\w+$|enum|union)\b/.test(decl)) continue;
    const m = /^([A-Za-z_][\w\s*]*?[\s*])([A-Za-z_]\w*)\s*\(([^()]*)\)$/.exec(decl);
    if (m === null) continue;
    // Upper-case words before the type are export macros (FOO_API): not part of the C type.
    const returns = m[1]!.replace(/\b[A-Z][A-Z0-9_]*_(?:API|EXPORT|EXTERN|DECL)\b/g, '').trim();
    const params = m[3]!.trim() === '' ? 'void' : m[3]!.trim();
    prototypes.set(m[2]!, `${returns} ${m[2]}(${params})`.replace(/\s*(\*+)\s*/g, ' $1').replace(/\s+/g, ' '));
  }
  return prototypes;
}
