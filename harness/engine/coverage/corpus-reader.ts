import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedFunction } from '../../ffi/resolve-target.js';
import type { CorpusProblem } from '../../store/corpus-store.js';
import { queueEntryFile, stageDir } from '../../store/paths.js';
import { contentHash, listEntries, readCorpusEntry } from '../../store/queue-store.js';
import { inputFromJson, inputToJson, type CallInput } from '../../model/call-input.js';

/** One input read from a corpus folder, with its content address. */
export interface StoredInput {
  readonly input: CallInput;
  readonly hash: string;
}

/**
 * The inputs a coverage child starts from: for each function, `seeds/` then `queue/`, each in
 * file-name order (so one corpus always replays in one order). Seeds may be call inputs (JSON) or
 * raw bytes (any other file), which fill the first buffer of `template(fn)`. Entries for another
 * function, or that do not parse, are reported and skipped.
 */
export function readCorpus(
  root: string,
  target: string,
  fns: readonly ResolvedFunction[],
  template: (fn: ResolvedFunction) => CallInput,
  problems: CorpusProblem[],
): StoredInput[] {
  const out: StoredInput[] = [];
  for (const fn of fns) {
    for (const stage of ['seeds', 'queue'] as const) {
      for (const { file, entry } of listEntries(root, target, fn.name, stage, problems)) {
        if (entry.input.fn !== fn.name) {
          problems.push({ file, message: `entry calls '${entry.input.fn}', not '${fn.name}' (its folder)` });
          continue;
        }
        try {
          const input = inputFromJson(entry.input, file);
          if (input.args.length !== fn.params.length)
            throw new Error(`${input.args.length} arguments, ${fn.name} takes ${fn.params.length}`);
          out.push({ input, hash: stage === 'queue' ? path.basename(file, '.json') : contentHash(entry.input) });
        } catch (error) {
          problems.push({ file, message: (error as Error).message });
        }
      }
      if (stage === 'seeds') out.push(...rawSeeds(root, target, fn, template));
    }
  }
  return out;
}

/** File names (sha1s) in a function's queue: what the periodic sync compares with what it knows. */
export function queueNames(root: string, target: string, fn: string): string[] {
  const dir = stageDir(root, target, fn, 'queue');
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .map((n) => n.slice(0, -5));
  } catch {
    return [];
  }
}

/** Seeds given as raw bytes (any file that is not .json): the first buffer of a template call. */
function rawSeeds(root: string, target: string, fn: ResolvedFunction, template: (fn: ResolvedFunction) => CallInput): StoredInput[] {
  const dir = stageDir(root, target, fn.name, 'seeds');
  const param = fn.params.findIndex((p) => p.role === 'buffer');
  if (param < 0 || !fs.existsSync(dir)) return [];
  const plan = fn.params[param]!;
  const names = fs
    .readdirSync(dir)
    .filter((n) => !n.endsWith('.json') && !n.startsWith('.'))
    .sort();
  return names.flatMap((name) => {
    const file = path.join(dir, name);
    if (!fs.statSync(file).isFile()) return [];
    let bytes: Uint8Array = new Uint8Array(fs.readFileSync(file));
    if (plan.role === 'buffer') bytes = bytes.subarray(0, plan.maxLength);
    if (plan.role === 'buffer' && plan.lengthIndex === undefined) bytes = Uint8Array.of(...bytes, 0);
    const base = template(fn);
    const args = base.args.slice();
    args[param] = { kind: 'buffer', bytes, align: 0 };
    if (plan.role === 'buffer' && plan.lengthIndex !== undefined)
      args[plan.lengthIndex] = { kind: fn.params[plan.lengthIndex]?.role === 'inout' ? 'inout' : 'length', of: param };
    const input: CallInput = { fn: fn.name, args };
    return [{ input, hash: contentHash(inputToJson(input)) }];
  });
}

/**
 * Runs the queue entries other jobs (or other campaigns) stored since the last look, each once,
 * until `spent()`; `known` holds the hashes already run, and learns the new ones.
 */
export function syncQueue(
  fns: readonly ResolvedFunction[],
  where: { readonly corpusRoot: string; readonly targetName: string },
  known: Set<string>,
  spent: () => boolean,
  run: (input: CallInput, hash: string) => void,
): void {
  for (const fn of fns) {
    for (const hash of queueNames(where.corpusRoot, where.targetName, fn.name).sort()) {
      if (known.has(hash) || spent()) continue;
      known.add(hash);
      try {
        const file = queueEntryFile(where.corpusRoot, where.targetName, fn.name, hash);
        run(inputFromJson(readCorpusEntry(file).input, file), hash);
      } catch {
        // Half-written by another process, or not ours: the next sync or the next start reads it.
        known.delete(hash);
      }
    }
  }
}
