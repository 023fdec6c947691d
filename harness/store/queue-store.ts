import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../model/harness-error.js';
import { inputFromJson, inputToJson, type CallInputJson } from '../model/call-input.js';
import { writeFileAtomic } from './atomic-write.js';
import type { CorpusProblem } from './corpus-store.js';
import { queueEntryFile, stageDir } from './paths.js';

/** Version tag of a queue or seed entry file. */
export const CORPUS_ENTRY_SCHEMA = 'ffi-fuzz/corpus-entry@1';

/** One input kept in `queue/` (or written by hand into `seeds/`): people can read it, tools can replay it. */
export interface CorpusEntry {
  readonly schema: typeof CORPUS_ENTRY_SCHEMA;
  readonly input: CallInputJson;
  /** Who added it and why (e.g. `fuzz seed 7`, `merge shard-2/corpus`). */
  readonly source: string;
  readonly addedAt: string;
}

/**
 * The content address of an input: sha1 of its canonical JSON. The input goes through the
 * validating parser first, so two files that differ only in key order or hex case share a name.
 */
export function contentHash(input: CallInputJson, where = 'input'): string {
  const canonical = inputToJson(inputFromJson(input, where));
  return crypto.createHash('sha1').update(JSON.stringify(canonical)).digest('hex');
}

/** Reads a queue or seed entry; a bare call input (`{ fn, args }`) is accepted for hand-written seeds. */
export function readCorpusEntry(file: string): CorpusEntry {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new HarnessError('bad-record', `the corpus entry is not readable JSON (${(cause as Error).message})`, { where: file, cause });
  }
  if (json === null || typeof json !== 'object') throw new HarnessError('bad-record', 'the corpus entry is not an object', { where: file });
  if (json.schema === undefined && 'fn' in json) {
    return { schema: CORPUS_ENTRY_SCHEMA, input: inputToJson(inputFromJson(json, file)), source: 'hand-written', addedAt: '' };
  }
  if (json.schema !== CORPUS_ENTRY_SCHEMA)
    throw new HarnessError('bad-record', `not a corpus entry (schema ${JSON.stringify(json.schema)}, expected "${CORPUS_ENTRY_SCHEMA}")`, {
      where: file,
    });
  const input = inputToJson(inputFromJson(json.input, `${file}: input`));
  return {
    schema: CORPUS_ENTRY_SCHEMA,
    input,
    source: typeof json.source === 'string' ? json.source : '',
    addedAt: typeof json.addedAt === 'string' ? json.addedAt : '',
  };
}

/** Adds an input to a function's queue unless the same content is already there. */
export function addQueueEntry(root: string, target: string, input: CallInputJson, source: string): { file: string; added: boolean } {
  const file = queueEntryFile(root, target, input.fn, contentHash(input));
  if (fs.existsSync(file)) return { file, added: false };
  const entry: CorpusEntry = { schema: CORPUS_ENTRY_SCHEMA, input, source, addedAt: new Date().toISOString() };
  writeFileAtomic(file, `${JSON.stringify(entry, null, 2)}\n`);
  return { file, added: true };
}

/** The JSON entries of one stage of one function, by file name; unreadable ones reported and skipped. */
export function listEntries(
  root: string,
  target: string,
  fn: string,
  stage: 'seeds' | 'queue',
  problems: CorpusProblem[],
): { file: string; entry: CorpusEntry }[] {
  const dir = stageDir(root, target, fn, stage);
  const names = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
        .sort()
    : [];
  const out: { file: string; entry: CorpusEntry }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      out.push({ file, entry: readCorpusEntry(file) });
    } catch (error) {
      problems.push({ file, message: (error as Error).message });
    }
  }
  return out;
}
