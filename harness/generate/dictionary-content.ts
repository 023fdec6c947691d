import fc from 'fast-check';

/**
 * Buffer contents built from a dictionary (a library's own string literals, see
 * library-dictionary.ts): mostly JSON-like documents whose keys and string values are the
 * tokens, with values of every JSON type, sometimes cut short; and now and then the tokens
 * strung together with separators, for formats that are not JSON (`key=value`, lines).
 *
 * A parser rejects random bytes at its first check; documents made of its own field names get
 * past the syntax into the field checks, where the interesting failures are (a missing or
 * wrong-typed field that the code unwraps). It is an arbitrary like any other: the same seed
 * gives the same bytes.
 */
export function dictionaryContent(tokens: readonly string[], maxLength: number): fc.Arbitrary<Uint8Array> {
  if (tokens.length === 0) throw new Error('dictionaryContent: the dictionary is empty');
  const json = jsonDocument(tokens).map((doc) => encode(JSON.stringify(doc)));
  const content = fc.oneof(
    { weight: 5, arbitrary: fc.oneof({ weight: 6, arbitrary: json }, { weight: 1, arbitrary: truncated(json) }) },
    { weight: 1, arbitrary: tokenSoup(tokens) },
  );
  return content.map((bytes) => (bytes.length > maxLength ? bytes.subarray(0, maxLength) : bytes));
}

/** Expected number of keys per object when the dictionary is large (small ones use most keys). */
const KEYS_PER_OBJECT = 5;
/** Chance in percent that a dictionary key appears in a generated object, at most. */
const MAX_KEY_CHANCE = 75;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// A top level as parsers of events and messages expect: an object, an array of objects, or
// (rarely) a bare value; objects nest two levels at most. Real records are not uniformly random
// in type: their fields are mostly strings (ids, names, kinds) or a mix, so each object leans
// one way, which puts a parser's required string fields together in one object far more often.
function jsonDocument(tokens: readonly string[]): fc.Arbitrary<Json> {
  const word = fc.constantFrom(...tokens);
  const scalar = (strings: number): fc.Arbitrary<Json> =>
    fc.oneof(
      { weight: strings * 2, arbitrary: word },
      { weight: strings, arbitrary: fc.string({ maxLength: 8 }) },
      { weight: 2, arbitrary: fc.nat() },
      { weight: 1, arbitrary: fc.integer() },
      { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
      { weight: 1, arbitrary: fc.boolean() },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  const chance = Math.min(MAX_KEY_CHANCE, Math.round((100 * KEYS_PER_OBJECT) / tokens.length));
  const keys = fc.tuple(...tokens.map(() => fc.nat(99))).map((rolls) => tokens.filter((_, i) => rolls[i]! < chance));
  const depth = { maxDepth: 2, depthIdentifier: 'dictionary-json' };
  const tree = fc.letrec<{ stringy: Json; mixed: Json; object: Json; array: Json }>((tie) => ({
    stringy: fc.oneof(
      depth,
      { weight: 8, arbitrary: scalar(8) },
      { weight: 1, arbitrary: tie('object') },
      { weight: 1, arbitrary: tie('array') },
    ),
    mixed: fc.oneof(
      depth,
      { weight: 8, arbitrary: scalar(2) },
      { weight: 1, arbitrary: tie('object') },
      { weight: 1, arbitrary: tie('array') },
    ),
    object: fc
      .tuple(keys, fc.boolean())
      .chain(([chosen, stringy]) =>
        fc
          .tuple(...chosen.map(() => tie(stringy ? 'stringy' : 'mixed')))
          .map((values) => Object.fromEntries(chosen.map((k, i) => [k, values[i]!]))),
      ),
    array: fc.array(tie('mixed'), { maxLength: 3 }),
  }));
  return fc.oneof(
    { weight: 4, arbitrary: tree.object },
    { weight: 1, arbitrary: fc.array(tree.object, { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: tree.mixed },
  );
}

/** A prefix of a document: parsers must reject truncated input, not trip over it. */
function truncated(content: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc.tuple(content, fc.nat()).map(([bytes, cut]) => bytes.subarray(0, bytes.length === 0 ? 0 : cut % bytes.length));
}

/** Tokens strung together with separators and short noise, for formats that are not JSON. */
function tokenSoup(tokens: readonly string[]): fc.Arbitrary<Uint8Array> {
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...tokens) },
    { weight: 2, arbitrary: fc.constantFrom(' ', '=', ':', ',', ';', '&', '\n', '"', '{', '}') },
    { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
  );
  return fc.array(piece, { maxLength: 16 }).map((pieces) => encode(pieces.join('')));
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
