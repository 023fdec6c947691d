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

const TOKEN = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(\*)|(\()|(\))|(,)|(;)|(\S))/y;
const QUALIFIERS = new Set(['const', 'volatile', 'restrict', '__restrict', 'struct']);

interface Declarator {
  type: CType;
  name: string | undefined;
}

/**
 * Parses one C function prototype. `structs` names the struct types the spec declares, so
 * `Job *out` is understood. Errors name the prototype and the column that went wrong.
 */
export function parsePrototype(text: string, structs: ReadonlySet<string> = new Set()): Prototype {
  const tokens: { value: string; column: number }[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null && m[0].length > 0; m = TOKEN.exec(text)) {
    const value = m.slice(1).find((g) => g !== undefined) as string;
    tokens.push({ value, column: m.index + m[0].length - value.length + 1 });
    if (m[7] !== undefined) fail(text, tokens[tokens.length - 1]!.column, `unexpected character '${value}'`);
  }
  let pos = 0;
  const peek = () => tokens[pos]?.value;
  const column = () => tokens[pos]?.column ?? text.length + 1;

  const isWord = () => peek() !== undefined && /^[A-Za-z_]/.test(peek()!);
  const resolve = (spelling: string): CType | undefined =>
    scalarType(spelling) ?? (structs.has(spelling) ? { kind: 'struct', name: spelling } : undefined);

  const readDeclarator = (what: string): Declarator => {
    const words: string[] = [];
    let isConst = false;
    while (isWord()) {
      const word = tokens[pos++]!.value;
      if (word === 'const') isConst = true;
      else if (!QUALIFIERS.has(word)) words.push(word);
    }
    const pointerConst: boolean[] = [isConst];
    while (peek() === '*' || peek() === 'const') {
      if (tokens[pos++]!.value === '*') pointerConst.push(false);
      else pointerConst[pointerConst.length - 1] = true;
    }
    const stars = pointerConst.length - 1;
    // `int32_t len`: the last word is the name when the words alone do not spell a type.
    let name: string | undefined = stars > 0 && isWord() ? tokens[pos++]!.value : undefined;
    if (name === undefined && words.length > 1 && resolve(words.join(' ')) === undefined) name = words.pop();
    if (words.length === 0) fail(text, column(), `expected a type for ${what}`);
    let type = resolve(words.join(' '));
    if (type === undefined) {
      const known = structs.size > 0 ? ` or one of the declared structs (${[...structs].join(', ')})` : '';
      fail(
        text,
        column(),
        `unknown C type '${words.join(' ')}' for ${what}: use a fixed-width integer, size_t, bool, float, double, char, void${known}`,
      );
    }
    for (let i = 0; i < stars; i++) type = { kind: 'pointer', to: type, isConst: pointerConst[i]! };
    return { type, name };
  };

  const head = readDeclarator('the return value');
  if (head.name === undefined) fail(text, column(), 'expected the function name before "("');
  if (peek() !== '(') fail(text, column(), `expected "(" after the function name '${head.name}'`);
  pos++;
  const params: Param[] = [];
  if (peek() === 'void' && tokens[pos + 1]?.value === ')') pos++;
  while (peek() !== ')') {
    if (peek() === undefined) fail(text, column(), 'missing ")" at the end of the parameter list');
    const index = params.length;
    const param = readDeclarator(`parameter ${index + 1}`);
    if (param.type.kind === 'void') fail(text, column(), `parameter ${index + 1} cannot be void`);
    if (param.type.kind === 'struct') fail(text, column(), `parameter ${index + 1}: structs by value are not supported, pass a pointer`);
    params.push({ name: param.name ?? `arg${index}`, type: param.type });
    if (peek() === ',') pos++;
    else if (peek() === undefined) fail(text, column(), 'missing ")" at the end of the parameter list');
    else if (peek() !== ')') fail(text, column(), `expected "," or ")" after parameter ${index + 1}`);
  }
  pos++;
  if (peek() === ';') pos++;
  if (pos < tokens.length) fail(text, column(), `unexpected '${peek()}' after the parameter list`);
  if (head.type.kind === 'struct') fail(text, 1, 'returning a struct by value is not supported');
  const names = new Set<string>();
  for (const p of params) {
    if (names.has(p.name)) fail(text, 1, `two parameters are named '${p.name}'`);
    names.add(p.name);
  }
  return { name: head.name, returns: head.type, params };
}

/** Renders a prototype back to C, e.g. for `list` and reports. */
export function renderPrototype(proto: Prototype): string {
  const params = proto.params.length === 0 ? 'void' : proto.params.map((p) => `${joinDecl(renderCType(p.type), p.name)}`).join(', ');
  return `${joinDecl(renderCType(proto.returns), proto.name)}(${params})`;
}

function joinDecl(type: string, name: string): string {
  return type.endsWith('*') ? `${type}${name}` : `${type} ${name}`;
}

function fail(text: string, column: number, why: string): never {
  throw new HarnessError('bad-spec', `malformed prototype: ${why}`, {
    where: `${text}\n         ${' '.repeat(Math.max(0, column - 1))}^ (column ${column})`,
    hint: "write it as C, e.g. 'int32_t f(const uint8_t *p, int32_t n)'",
  });
}
