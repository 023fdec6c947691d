// A panic or abort message often quotes the input that reached it: `byte index 3 is not a char
// boundary; it is inside 'Օ' (bytes 2..4) of `<Օ``, `called `Result::unwrap()` on an `Err` value:
// ParseIntError { kind: InvalidDigit }`. Kept verbatim in a signature, such a message makes a
// bucket per input (72 for one bug in issue #12). The message is still shown in full in the
// headline; the signature keeps only its shape, with every quoted or input-derived span masked.

/** What a masked span is replaced with (inside its own quotes, so the shape stays readable). */
export const MASK = '…';

/** One masking rule: the spans it finds and what it leaves of them. */
export interface MaskRule {
  readonly name: string;
  readonly pattern: RegExp;
  readonly replace: (match: string, ...groups: string[]) => string;
}

/**
 * Spans the input can change, masked in this order (an earlier rule's output is not matched by a
 * later one: each leaves only `…` inside its delimiters).
 */
export const QUOTED_SPANS: readonly MaskRule[] = [
  {
    name: 'Err value of an unwrap/expect (its Debug payload, to the end of the line)',
    pattern: /(on an `Err` value: ).*$/gm,
    replace: (_match, prefix) => `${prefix}${MASK}`,
  },
  {
    // str slicing panics end with the whole string: `… of `<s>`` (or `…`[...]` when cut).
    name: 'a string quoted to the end of a slicing panic, whatever backticks and newlines it holds',
    pattern: /( of `)[\s\S]*`(?:\[\.\.\.\])?$/g,
    replace: (_match, prefix) => `${prefix}${MASK}\``,
  },
  {
    // The quoted input may hold newlines (a mutated string), or be cut before its closing backtick.
    name: 'backticked text across lines, with the `[...]` Rust adds after a truncated one, or to the end when unclosed',
    pattern: /`[^`]*(?:`(?:\[\.\.\.\])?|$)/g,
    replace: () => `\`${MASK}\``,
  },
  {
    name: "single-quoted chars and strings (not apostrophes: `can't`)",
    pattern: /(?<![\p{L}\p{N}_])'(?:[^'\\\n]|\\.){0,512}'(?![\p{L}\p{N}_])/gu,
    replace: () => `'${MASK}'`,
  },
  {
    name: 'double-quoted strings and byte strings (Debug output of &str, String, &[u8])',
    pattern: /(b?)"(?:[^"\\\n]|\\.)*"/g,
    replace: (_match, byte) => `${byte}"${MASK}"`,
  },
];

/** Constructors whose payload is a value, not code: `Err(…)`, `Ok(…)`, `Some(…)`. */
const VALUE_WRAPPERS = /\b(Err|Ok|Some)\(/g;

/** Masks every quoted span and the payload of `Err(…)`, `Ok(…)`, `Some(…)`; numbers are left to the caller. */
export function maskQuoted(message: string): string {
  let text = maskWrappedValues(message);
  for (const rule of QUOTED_SPANS) text = text.replace(rule.pattern, rule.replace as (match: string, ...rest: string[]) => string);
  return text;
}

// `Err(ParseError { at: 3 })` → `Err(…)`: the payload runs to the matching parenthesis (nesting
// counted); an unclosed one (a truncated message) is masked to the end.
function maskWrappedValues(text: string): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(VALUE_WRAPPERS)) {
    const open = match.index + match[0].length;
    if (match.index < from) continue;
    let depth = 1;
    let i = open;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    out += `${text.slice(from, open)}${MASK}${depth === 0 ? ')' : ''}`;
    from = i;
  }
  return out + text.slice(from);
}
