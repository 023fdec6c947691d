import { inputFromJson } from '../model/call-input.js';
import { HarnessError } from '../model/harness-error.js';
import { fitsShape, isJsonObject, misfit, SHAPE_TEXT, type Shape } from '../model/json-shape.js';

/** Every field the tools read, with its shape; optional ones are checked when present. */
const FIELDS: readonly [string, Shape, 'required' | 'optional'][] = [
  ['id', 'string', 'required'],
  ['kind', 'string', 'required'],
  ['headline', 'string', 'required'],
  ['signature', 'string', 'required'],
  ['signal', 'string|null', 'required'],
  ['signalDescription', 'string|null', 'required'],
  ['exitCode', 'number|null', 'required'],
  ['message', 'string|null', 'required'],
  ['location', 'string|null', 'required'],
  ['abortReason', 'string|null', 'required'],
  ['frames', 'string[]', 'required'],
  ['function', 'string|null', 'required'],
  ['input', 'object|null', 'required'],
  ['culpritWorker', 'number|null', 'required'],
  ['preceding', 'array', 'required'],
  ['inflight', 'array', 'required'],
  ['concurrent', 'boolean', 'required'],
  ['oracle', 'string|null', 'required'],
  ['result', 'string|null', 'required'],
  ['damage', 'object|null', 'required'],
  ['seed', 'number', 'required'],
  ['target', 'object', 'required'],
  ['reproduce', 'string', 'required'],
  ['minimize', 'string', 'required'],
  ['stderrTail', 'string', 'required'],
  ['durationMs', 'number|null', 'required'],
  ['forcefullyTerminated', 'boolean', 'required'],
  ['firstSeen', 'string', 'required'],
  ['lastSeen', 'string', 'required'],
  ['count', 'number', 'required'],
  ['minimizedFrom', 'string', 'optional'],
  ['faultingWorker', 'number|null', 'optional'],
  ['engine', 'object', 'optional'],
  ['reproduction', 'object', 'optional'],
  ['tsan', 'object', 'optional'],
  ['abi', 'object', 'optional'],
];

/**
 * Checks every field of a parsed crash record the tools read, and every call it holds, so that
 * a record edited by hand or cut short is a bad-record error naming the file and the field
 * (exit 2), never a TypeError deep inside a command. `json` passed the schema check already.
 */
export function checkRecordFields(json: Record<string, unknown>, file: string): void {
  const bad = (field: string, shape: string) =>
    new HarnessError('bad-record', `field '${field}' must be ${shape}`, {
      where: file,
      hint: 'the record was edited or cut short: restore it, or rerun the campaign that wrote it',
    });
  const wrong = misfit(json, FIELDS);
  if (wrong !== null) throw bad(...wrong);
  const target = json.target as Record<string, unknown>;
  for (const key of ['name', 'library', 'librarySha256'] as const)
    if (typeof target[key] !== 'string') throw bad(`target.${key}`, SHAPE_TEXT.string);
  if (!isJsonObject(target.spec)) throw bad('target.spec', SHAPE_TEXT.object);
  if (target.specModule !== undefined && !fitsShape(target.specModule, 'string|null'))
    throw bad('target.specModule', SHAPE_TEXT['string|null']);
  const engine = json.engine as Record<string, unknown> | undefined;
  if (engine !== undefined && !['off', 'small', 'all', undefined].includes(engine.guardPages as string))
    throw bad('engine.guardPages', "one of 'off', 'small', 'all'");
  if (json.input !== null) inputFromJson(json.input, `${file}: input`);
  for (const [i, call] of (json.preceding as unknown[]).entries()) inputFromJson(call, `${file}: preceding[${i}]`);
  for (const [i, entry] of (json.inflight as unknown[]).entries()) {
    if (!isJsonObject(entry)) throw bad(`inflight[${i}]`, SHAPE_TEXT.object);
    for (const key of ['worker', 'streamIndex'] as const)
      if (!fitsShape(entry[key], 'number')) throw bad(`inflight[${i}].${key}`, SHAPE_TEXT.number);
    inputFromJson(entry.input, `${file}: inflight[${i}].input`);
    if (entry.preceding === undefined) continue;
    if (!Array.isArray(entry.preceding)) throw bad(`inflight[${i}].preceding`, SHAPE_TEXT.array);
    for (const [k, call] of entry.preceding.entries()) inputFromJson(call, `${file}: inflight[${i}].preceding[${k}]`);
  }
}
