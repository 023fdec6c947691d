import { HarnessError } from '../model/harness-error.js';
import { scalarType, renderCType, type CType } from './c-type.js';

/** One parameter of a C prototype. */
export interface Param {
  readonly name: string;
  readonly type: CType;
}

/** A parsed C prototype such as `int32_t parse_chunk(const uint8_t *ptr, int32_t len)`. */
export interface Prototype {
  readonly name: string;
  readonly returns: CType;
  readonly params: readonly Param[];
}

/** The keyword a type name was written with (`struct cJSON`), if any. */
export type TypeTag = 'struct' | 'union' | 'enum';

/**
 * The type names a prototype may use beyond C's scalars (type-scope.ts builds one from a spec:
 * its structs, its typedefs, its headers' typedefs).
 */
export interface TypeScope {
  /** What `name` stands for: a type, why it cannot be used (`{ unsupported }`), or undefined when unknown. */
  resolve(name: string, tag: TypeTag | undefined): CType | { readonly unsupported: string } | undefined;
  /** The names the scope declares (for the "unknown type" message). */
  readonly names: readonly string[];
}

/** A scope of struct names only (what a spec without typedefs or headers declares). */
export function structScope(structs: ReadonlySet<string>): TypeScope {
  return {
    resolve: (name) => (structs.has(name) ? { kind: 'struct', name } : undefined),
    names: [...structs],
  };
}

const TOKEN = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(\*)|(\()|(\))|(,)|(;)|(\S))/y;
const QUALIFIERS = new Set(['const', 'volatile', 'restrict', '__restrict', 'extern']);
const TAGS = new Set<string>(['struct', 'union', 'enum']);

interface Token {
  readonly value: string;
  readonly column: number;
}

/** Reads declarators (`const uint8_t *ptr`) from the tokens of one C text. */
class DeclarationReader {
  private readonly tokens: Token[] = [];
  pos = 0;

  constructor(
    readonly text: string,
    private readonly scope: TypeScope,
  ) {
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(text); m !== null && m[0].length > 0; m = TOKEN.exec(text)) {
      const value = m.slice(1).find((g) => g !== undefined) as string;
      this.tokens.push({ value, column: m.index + m[0].length - value.length + 1 });
      if (m[7] !== undefined) this.fail(this.tokens[this.tokens.length - 1]!.column, `unexpected character '${value}'`);
    }
  }

  peek(offset = 0): string | undefined {
    return this.tokens[this.pos + offset]?.value;
  }

  get done(): boolean {
    return this.pos >= this.tokens.length;
  }

  column(): number {
    return this.tokens[this.pos]?.column ?? this.text.length + 1;
  }

  private isWord(): boolean {
    const next = this.peek();
    return next !== undefined && /^[A-Za-z_]/.test(next);
  }

  /** A type and, when one follows, the declared name; `what` names the declarator in errors. */
  read(what: string): { type: CType; name: string | undefined } {
    const words: string[] = [];
    let isConst = false;
    let tag: TypeTag | undefined;
    while (this.isWord()) {
      const word = this.tokens[this.pos++]!.value;
      if (word === 'const') isConst = true;
      else if (TAGS.has(word)) tag = word as TypeTag;
      else if (!QUALIFIERS.has(word)) words.push(word);
    }
    const pointerConst: boolean[] = [isConst];
    while (this.peek() === '*' || this.peek() === 'const') {
      if (this.tokens[this.pos++]!.value === '*') pointerConst.push(false);
      else pointerConst[pointerConst.length - 1] = true;
    }
    const stars = pointerConst.length - 1;
    // `int32_t len`: the last word is the name when the words alone do not spell a type.
    let name: string | undefined = stars > 0 && this.isWord() ? this.tokens[this.pos++]!.value : undefined;
    if (name === undefined && words.length > 1 && this.lookup(words, tag) === undefined) name = words.pop();
    if (words.length === 0) this.fail(this.column(), `expected a type for ${what}`);
    const found = this.lookup(words, tag);
    if (found === undefined || 'unsupported' in found) {
      const known = this.scope.names.length > 0 ? ` or one the spec declares (${this.scope.names.slice(0, 12).join(', ')})` : '';
      this.fail(
        this.column(),
        found === undefined
          ? `unknown C type '${words.join(' ')}' for ${what}: use a fixed-width integer, size_t, bool, float, double, char, void${known}`
          : `type '${words.join(' ')}' of ${what} ${found.unsupported}`,
      );
    }
    let type: CType = found;
    for (let i = 0; i < stars; i++) type = { kind: 'pointer', to: type, isConst: pointerConst[i]! };
    return { type, name };
  }

  private lookup(words: readonly string[], tag: TypeTag | undefined): CType | { unsupported: string } | undefined {
    if (tag === undefined) {
      const scalar = scalarType(words.join(' '));
      if (scalar !== undefined) return scalar;
    }
    return words.length === 1 ? this.scope.resolve(words[0]!, tag) : undefined;
  }

  fail(column: number, why: string): never {
    throw new HarnessError('bad-spec', `malformed prototype: ${why}`, {
      where: `${this.text}\n         ${' '.repeat(Math.max(0, column - 1))}^ (column ${column})`,
      hint: "write it as C, e.g. 'int32_t f(const uint8_t *p, int32_t n)'",
    });
  }
}

/**
 * Parses one C function prototype. `scope` says what type names beyond the scalars mean (a set:
 * the struct types the spec declares, so `Job *out` is understood). Errors name the prototype
 * and the column that went wrong.
 */
export function parsePrototype(text: string, scope: TypeScope | ReadonlySet<string> = new Set()): Prototype {
  const r = new DeclarationReader(text, scope instanceof Set ? structScope(scope) : (scope as TypeScope));
  const head = r.read('the return value');
  const name = head.name ?? r.fail(r.column(), 'expected the function name before "("');
  if (r.peek() !== '(') r.fail(r.column(), `expected "(" after the function name '${name}'`);
  r.pos++;
  const params: Param[] = [];
  if (r.peek() === 'void' && r.peek(1) === ')') r.pos++;
  while (r.peek() !== ')') {
    if (r.peek() === undefined) r.fail(r.column(), 'missing ")" at the end of the parameter list');
    const index = params.length;
    const param = r.read(`parameter ${index + 1}`);
    if (param.type.kind === 'void') r.fail(r.column(), `parameter ${index + 1} cannot be void`);
    if (param.type.kind === 'struct' || param.type.kind === 'opaque')
      r.fail(r.column(), `parameter ${index + 1}: structs by value are not supported, pass a pointer`);
    params.push({ name: param.name ?? `arg${index}`, type: param.type });
    if (r.peek() === ',') r.pos++;
    else if (r.peek() === undefined) r.fail(r.column(), 'missing ")" at the end of the parameter list');
    else if (r.peek() !== ')') r.fail(r.column(), `expected "," or ")" after parameter ${index + 1}`);
  }
  r.pos++;
  if (r.peek() === ';') r.pos++;
  if (!r.done) r.fail(r.column(), `unexpected '${r.peek()}' after the parameter list`);
  if (head.type.kind === 'struct' || head.type.kind === 'opaque') r.fail(1, 'returning a struct by value is not supported');
  const names = new Set<string>();
  for (const p of params) {
    if (names.has(p.name)) r.fail(1, `two parameters are named '${p.name}'`);
    names.add(p.name);
  }
  return { name, returns: head.type, params };
}

/**
 * Parses a type as a header's typedef spells it (`const Bytef *`, `struct z_stream_s *`); a
 * function pointer or an array gives `{ unsupported }` with the reason.
 */
export function parseTypeSpelling(text: string, scope: TypeScope): CType | { readonly unsupported: string } {
  let r: DeclarationReader;
  let type: CType;
  try {
    r = new DeclarationReader(text, scope);
    type = r.read('the typedef').type;
  } catch (error) {
    if (!(error instanceof HarnessError)) throw error;
    return { unsupported: `is '${text}', which ${error.message.replace(/^malformed prototype: /, '')}` };
  }
  if (!r.done) return { unsupported: `is '${text}' (a function pointer or an array), which ffi-fuzz cannot generate` };
  return type;
}

/** Renders a prototype back to C, e.g. for `list` and reports. */
export function renderPrototype(proto: Prototype): string {
  const params = proto.params.length === 0 ? 'void' : proto.params.map((p) => `${joinDecl(renderCType(p.type), p.name)}`).join(', ');
  return `${joinDecl(renderCType(proto.returns), proto.name)}(${params})`;
}

function joinDecl(type: string, name: string): string {
  return type.endsWith('*') ? `${type}${name}` : `${type} ${name}`;
}
