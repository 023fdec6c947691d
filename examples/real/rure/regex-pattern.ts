import fc from 'fast-check';

// Regular expressions in the syntax of Rust's regex crate (regex-syntax 0.8), built from a grammar
// so that rure_compile's parser, its Unicode tables and its compilers all run, not only the error
// path: literals (escaped metacharacters, multi-byte UTF-8, case-folding traps), classes (Perl,
// Unicode, bracketed with ranges, negation, POSIX names, nesting and set operations), assertions,
// every repetition form, groups (capturing, named, non-capturing, with flags) and alternation.
// One case in five is invalid on purpose (each of the kinds rure reports as an error).

const LITERALS = ['a', 'b', 'z', 'A', '0', '9', '_', ' ', '-', 'é', 'ß', 'ſ', 'K', 'ǅ', 'Ω', '日', '😀'];
const ESCAPED = ['\\.', '\\*', '\\+', '\\?', '\\(', '\\)', '\\[', '\\]', '\\{', '\\}', '\\|', '\\^', '\\$', '\\\\', '\\-', '\\#'];
const ESCAPES = ['\\x41', '\\x{1F600}', '\\u00e9', '\\n', '\\t', '\\x00', '\\a', '\\f', '\\v', '\\r'];
const PERL = ['\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '.'];
const UNICODE = ['\\pL', '\\pN', '\\p{Greek}', '\\P{Lu}', '\\p{Han}', '\\p{Script=Latin}', '\\p{gc:Decimal_Number}', '\\p{Emoji}', '\\PL'];
const POSIX = ['[:alpha:]', '[:digit:]', '[:space:]', '[:^upper:]', '[:word:]', '[:punct:]'];
const ASSERTIONS = ['^', '$', '\\A', '\\z', '\\b', '\\B', '\\b{start}', '\\b{end}', '\\<', '\\>'];
const FLAGS = ['i', 'm', 's', 'U', 'x', 'R', 'u', 'is', 'i-s', '-u', 'imsU'];

/** One item of a bracketed class. */
const classItem: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('a', 'z', '0', 'é', 'Ω', '\\]', '\\-', '\\^', '\\d', '\\pL', '\\w'),
  fc.constantFrom('a-z', '0-9', 'A-F', 'α-ω', '\\x00-\\x7F', 'é-ü'),
  fc.constantFrom(...POSIX).map((p) => `[${p}]`),
);

/** A bracketed class: items, maybe negated, maybe nested, maybe combined (`&&`, `--`, `~~`). */
const bracketClass: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean(),
    fc.array(classItem, { minLength: 1, maxLength: 4 }),
    fc.option(fc.tuple(fc.constantFrom('&&', '--', '~~'), fc.array(classItem, { minLength: 1, maxLength: 2 })), { freq: 4 }),
  )
  .map(([negated, items, op]) => `[${negated ? '^' : ''}${items.join('')}${op === null ? '' : `${op[0]}[${op[1].join('')}]`}]`);

const repetition = fc.constantFrom('*', '+', '?', '*?', '+?', '??', '{2}', '{1,}', '{0,3}', '{2,5}?', '{3}');

/** Valid patterns: an alternation of concatenations of repeated atoms, atoms nesting groups. */
const validPattern: fc.Arbitrary<string> = fc.letrec<{ alt: string; concat: string; atom: string; group: string }>((tie) => ({
  alt: fc.oneof(
    { weight: 4, arbitrary: tie('concat') },
    { weight: 1, arbitrary: fc.array(tie('concat'), { minLength: 2, maxLength: 3 }).map((xs) => xs.join('|')) },
  ),
  concat: fc
    .array(fc.tuple(tie('atom'), fc.option(repetition, { freq: 3 })), { minLength: 1, maxLength: 5 })
    .map((xs) => xs.map(([atom, rep]) => atom + (rep ?? '')).join('')),
  atom: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...LITERALS, ...ESCAPED, ...ESCAPES) },
    { weight: 3, arbitrary: fc.constantFrom(...PERL, ...UNICODE) },
    { weight: 2, arbitrary: bracketClass },
    { weight: 1, arbitrary: fc.constantFrom(...ASSERTIONS) },
    { weight: 2, arbitrary: tie('group') },
  ),
  group: fc
    .tuple(fc.constantFrom('(', '(?:', '(?P<n>', '(?<n>', 'flags'), fc.constantFrom(...FLAGS), tie('alt'))
    .map(([open, flags, body]) => (open === 'flags' ? `(?${flags}:${body})` : `${open}${body})`)),
})).alt;

/** Names of capture groups must be unique: number the `n` placeholders. */
function uniqueNames(pattern: string): string {
  let k = 0;
  return pattern.replace(/\(\?P?<n>/g, (open) => open.replace('<n>', `<n${k++}>`));
}

/** Invalid patterns: each is an error rure_compile reports (NULL), never a crash. */
const invalidPattern: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('(', ')', 'a(b', '[a', '[]', '*a', 'a**', '+', 'a{2,1}', 'a{99999999999}', '\\', '\\Q', '\\p{Nope}', '\\x{110000}'),
  fc.constantFrom('(?P<1>a)', '(?P<n>a)(?P<n>b)', '(?z)', '(?-u:\\pL)', 'a{1001}{1001}{1001}', `${'('.repeat(300)}a${')'.repeat(300)}`),
  validPattern.map((p) => `${p})`),
  validPattern.map((p) => `(${p}`),
);

const encoder = new TextEncoder();

/** Regex patterns as bytes: four in five valid, one invalid (as text, or as bytes that are not UTF-8). */
export const regexPattern: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 16, arbitrary: validPattern.map((p) => encoder.encode(uniqueNames(p))) },
  { weight: 3, arbitrary: invalidPattern.map((p) => encoder.encode(p)) },
  { weight: 1, arbitrary: validPattern.map((p) => Uint8Array.of(...encoder.encode(uniqueNames(p)), 0xff)) },
);

/** Haystacks: text around the grammar's own literals (so patterns match), and arbitrary bytes ("may contain arbitrary bytes"). */
export const haystack: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .array(fc.constantFrom(...LITERALS, 'the', ' ', '\n', '123', 'abc', 'ΩΩ', 'AbC'), { maxLength: 24 })
    .map((w) => encoder.encode(w.join(''))),
  fc.uint8Array({ maxLength: 64 }),
);

/** "flags is a bitfield. Valid values are constants declared with prefix RURE_FLAG_": any OR of the six. */
export const rureFlags: fc.Arbitrary<number> = fc.oneof(fc.constant(1 << 5), fc.integer({ min: 0, max: 63 }));
