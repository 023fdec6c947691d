import { HarnessError } from '../../model/harness-error.js';
import type { Rng } from './rng.js';

/** Most tokens learned from compares kept per process (oldest dropped first). */
export const MAX_LEARNED = 512;
/** Longest token kept, in bytes. */
const MAX_TOKEN = 64;

/**
 * The tokens the dictionary mutators insert: the user's (`--dict FILE`, the spec's `dictionary`)
 * and those learned during the run — compare operands whose use produced new coverage, like
 * libFuzzer's persistent auto-dictionary. Learned tokens stay in order of arrival, so one seed
 * gives one sequence.
 */
export class Dictionary {
  private readonly learned: Uint8Array[] = [];
  private readonly known = new Set<string>();

  constructor(readonly user: readonly Uint8Array[]) {
    for (const t of user) this.known.add(hexOf(t));
  }

  get size(): number {
    return this.user.length + this.learned.length;
  }

  /** Learned tokens, oldest first. */
  get auto(): readonly Uint8Array[] {
    return this.learned;
  }

  /** A token, user and learned alike; undefined when there is none. */
  pick(rng: Rng): Uint8Array | undefined {
    const n = this.size;
    if (n === 0) return undefined;
    const i = rng.below(n);
    return i < this.user.length ? this.user[i] : this.learned[i - this.user.length];
  }

  /** Keeps a token that produced new coverage; returns false when it was already known or unfit. */
  learn(token: Uint8Array): boolean {
    if (token.length === 0 || token.length > MAX_TOKEN) return false;
    const key = hexOf(token);
    if (this.known.has(key)) return false;
    this.known.add(key);
    this.learned.push(token.slice());
    if (this.learned.length > MAX_LEARNED) this.known.delete(hexOf(this.learned.shift()!));
    return true;
  }
}

/**
 * Parses a dictionary in libFuzzer/AFL format: one token per line, `name="value"` or `"value"`,
 * with `\\`, `\"` and `\xNN` escapes; `#` starts a comment line. Errors name the file and line.
 */
export function parseDictionary(text: string, file: string): Uint8Array[] {
  const tokens: Uint8Array[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${file}:${index + 1}`;
    const m = /^(?:[A-Za-z0-9_]+(?:@\d+)?\s*=\s*)?"(.*)"$/.exec(line);
    if (m === null)
      throw new HarnessError('usage', `dictionary line is not name="value" or "value": ${line.slice(0, 60)}`, {
        where,
        hint: 'libFuzzer dictionary format: kw1="GET" (escapes \\\\, \\" and \\xNN)',
      });
    tokens.push(unescapeToken(m[1]!, where));
  });
  return tokens;
}

/** A token as one line of a libFuzzer dictionary: printable ASCII as is, `"` and `\\` escaped, other bytes as `\\xNN`. */
export function formatToken(token: Uint8Array): string {
  let body = '';
  for (const byte of token) {
    if (byte === 0x22 || byte === 0x5c) body += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte < 0x7f) body += String.fromCharCode(byte);
    else body += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `"${body}"`;
}

function unescapeToken(body: string, where: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body.charCodeAt(i);
    if (ch === 0x22) throw new HarnessError('usage', 'unescaped " inside a dictionary token', { where, hint: 'write \\" for a quote' });
    if (ch !== 0x5c) {
      if (ch > 0x7f) out.push(...Buffer.from(body[i]!, 'utf8'));
      else out.push(ch);
      continue;
    }
    const next = body[++i];
    if (next === '\\' || next === '"') out.push(next.charCodeAt(0));
    else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else
      throw new HarnessError('usage', `bad escape \\${next ?? ''} in a dictionary token`, {
        where,
        hint: 'escapes are \\\\, \\" and \\xNN',
      });
  }
  if (out.length === 0) throw new HarnessError('usage', 'empty dictionary token', { where });
  return Uint8Array.from(out);
}

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}
