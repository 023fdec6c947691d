/**
 * The declarations of C headers as the system C compiler reads them: each function's prototype as
 * written (parameter names kept, typedef names as spelled) and each typedef's underlying type.
 *
 * We read clang's JSON AST (`clang -x c -fsyntax-only -Xclang -ast-dump=json -include H`) rather
 * than compiling a translation unit with gcc `-g` and reading its DWARF: DWARF keeps no parameter
 * names for declarations (gcc emits `DW_TAG_formal_parameter` with a type only, checked with
 * zlib.h), and a spec names parameters as the header does (`dstCapacity`, `destLen`). clang is
 * one apt package (`clang`), next to the `llvm` package llvm-dwarfdump already comes from.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AbiError } from './debuginfo-error.js';
import { firstLines, runTool } from './run-tool.js';

/** One function a header declares, spelled as the header spells it. */
export interface HeaderFunction {
  readonly name: string;
  /** The return type (`const char *`, `uLong`). */
  readonly returns: string;
  /** Parameters in order; `name` is undefined when the header leaves it out. */
  readonly params: readonly { readonly name: string | undefined; readonly type: string }[];
  readonly variadic: boolean;
  /** Why the declaration has no usable prototype (a function-pointer return), if so. */
  readonly unsupported?: string;
}

/** What a set of headers declares. */
export interface HeaderDeclarations {
  readonly headers: readonly string[];
  /** Functions by name, in declaration order. */
  readonly functions: ReadonlyMap<string, HeaderFunction>;
  /** Typedefs by name → the type they stand for, desugared one level where clang says (`Bytef` → `unsigned char`). */
  readonly typedefs: ReadonlyMap<string, string>;
}

/** Options for {@link readHeaderDeclarations}. */
export interface HeaderOptions {
  /** The clang executable. @defaultValue `clang` on PATH, else the newest `clang-NN` */
  readonly compiler?: string;
}

interface AstNode {
  readonly kind?: string;
  readonly name?: string;
  readonly isImplicit?: boolean;
  readonly variadic?: boolean;
  readonly type?: { readonly qualType?: string; readonly desugaredQualType?: string };
  readonly inner?: readonly AstNode[];
}

const CACHE_VERSION = 1;

/**
 * Reads the declarations of `headers` (compiled together, in order). Cached on disk by the
 * headers' and the compiler's path, size and mtime: engine children resolve the same spec often.
 *
 * @throws AbiError `file-not-found` (a header), `tool-missing` (no clang), `header-compile-failed`.
 */
export function readHeaderDeclarations(headers: readonly string[], options: HeaderOptions = {}): HeaderDeclarations {
  const files = headers.map((h) => path.resolve(h));
  for (const file of files) if (!fs.existsSync(file)) throw new AbiError('file-not-found', `header not found: ${file}`, { file });
  const compiler = options.compiler ?? findClang();
  const cache = cacheFile(files, compiler);
  const cached = readCache(cache);
  if (cached !== undefined) return cached;
  const args = ['-x', 'c', '-fsyntax-only', '-Xclang', '-ast-dump=json', ...files.flatMap((f) => ['-include', f]), '/dev/null'];
  const run = runTool(compiler, args, { allowFailure: true });
  if (run.status !== 0) {
    throw new AbiError(
      'header-compile-failed',
      `${compiler} could not compile ${files.map((f) => path.basename(f)).join(', ')}: ${firstLines(run.stderr)}`,
      { file: files[0]!, tool: compiler, stderr: run.stderr },
    );
  }
  const declarations = declarationsOf(JSON.parse(run.stdout) as AstNode, files);
  writeCache(cache, declarations);
  return declarations;
}

/** Collects functions and typedefs from a translation unit's AST. */
export function declarationsOf(unit: AstNode, headers: readonly string[]): HeaderDeclarations {
  const functions = new Map<string, HeaderFunction>();
  const typedefs = new Map<string, string>();
  for (const node of unit.inner ?? []) {
    if (node.isImplicit === true || node.name === undefined || node.type?.qualType === undefined) continue;
    if (node.kind === 'TypedefDecl') typedefs.set(node.name, node.type.desugaredQualType ?? node.type.qualType);
    if (node.kind === 'FunctionDecl' && !functions.has(node.name)) functions.set(node.name, functionOf(node.name, node));
  }
  return { headers, functions, typedefs };
}

function functionOf(name: string, node: AstNode): HeaderFunction {
  const params = (node.inner ?? []).filter((p) => p.kind === 'ParmVarDecl').map((p) => ({ name: p.name, type: p.type?.qualType ?? 'int' }));
  const type = node.type!.qualType!;
  const returns = returnTypeOf(type);
  const variadic = node.variadic === true;
  return returns === undefined
    ? { name, returns: type, params, variadic, unsupported: `its type '${type}' returns a function pointer` }
    : { name, returns, params, variadic };
}

/** `int (Bytef *, uLong)` → `int`: the text before the final, balanced parameter list. */
function returnTypeOf(functionType: string): string | undefined {
  let depth = 0;
  for (let i = functionType.length - 1; i >= 0; i--) {
    const c = functionType[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) {
      const head = functionType.slice(0, i).trim();
      return head.includes('(') ? undefined : head;
    }
  }
  return undefined;
}

/** `clang`, else the newest versioned clang in /usr/bin (Debian installs `clang-NN` with the llvm packages). */
function findClang(): string {
  const onPath = (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && fs.existsSync(path.join(dir, 'clang')));
  if (onPath) return 'clang';
  const versioned = fs.existsSync('/usr/bin')
    ? fs
        .readdirSync('/usr/bin')
        .map((f) => /^clang-(\d+)$/.exec(f))
        .filter((m): m is RegExpExecArray => m !== null)
        .sort((a, b) => Number(b[1]) - Number(a[1]))
    : [];
  return versioned[0] === undefined ? 'clang' : path.join('/usr/bin', versioned[0][0]);
}

function cacheFile(files: readonly string[], compiler: string): string {
  const stamp = (f: string) => {
    const s = fs.statSync(f);
    return `${f}:${s.size}:${s.mtimeMs}`;
  };
  const resolved = compiler.includes('/') ? compiler : undefined;
  const key = JSON.stringify([CACHE_VERSION, compiler, resolved === undefined ? '' : stamp(resolved), ...files.map(stamp)]);
  const hash = crypto.createHash('sha256').update(key).digest('hex').slice(0, 32);
  return path.join(os.tmpdir(), `ffi-fuzz-${process.getuid?.() ?? 0}`, 'headers', `${hash}.json`);
}

function readCache(file: string): HeaderDeclarations | undefined {
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      headers: string[];
      functions: [string, HeaderFunction][];
      typedefs: [string, string][];
    };
    return { headers: json.headers, functions: new Map(json.functions), typedefs: new Map(json.typedefs) };
  } catch {
    return undefined;
  }
}

// A cache that cannot be written only costs the next reader a compile.
function writeCache(file: string, declarations: HeaderDeclarations): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    const json = { headers: declarations.headers, functions: [...declarations.functions], typedefs: [...declarations.typedefs] };
    fs.writeFileSync(temp, JSON.stringify(json));
    fs.renameSync(temp, file);
  } catch {
    // not cached
  }
}
