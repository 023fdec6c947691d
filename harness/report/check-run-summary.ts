import { HarnessError } from '../model/harness-error.js';
import { isJsonObject, misfit, SHAPE_TEXT, type Shape } from '../model/json-shape.js';

type Fields = readonly (readonly [string, Shape, 'required' | 'optional'])[];

/** The fields of a run summary the renderers read (run-summary.ts documents them). */
const SUMMARY: Fields = [
  ['run', 'string', 'required'],
  ['target', 'string', 'required'],
  ['library', 'string', 'required'],
  ['librarySha256', 'string', 'required'],
  ['harnessVersion', 'string', 'required'],
  ['seed', 'number', 'required'],
  ['mode', 'string', 'required'],
  ['threads', 'number', 'required'],
  ['functions', 'string[]', 'required'],
  ['startedAt', 'string', 'required'],
  ['finishedAt', 'string', 'required'],
  ['elapsedMs', 'number', 'required'],
  ['execs', 'number', 'required'],
  ['execsPerSecond', 'number', 'required'],
  ['restarts', 'number', 'required'],
  ['peakRssMb', 'number', 'required'],
  ['resumed', 'boolean', 'required'],
  ['cwd', 'string', 'required'],
  ['command', 'string', 'required'],
  ['budget', 'object', 'required'],
  ['interrupted', 'string|null', 'required'],
  ['totals', 'object', 'required'],
  ['timeline', 'array', 'required'],
  ['findings', 'array', 'required'],
  ['fault', 'object|null', 'required'],
  ['unsaved', 'string[]', 'required'],
  ['alignment', 'array', 'required'],
  ['abi', 'object', 'optional'],
  ['coverage', 'object', 'optional'],
];

const FINDING: Fields = [
  ['id', 'string', 'required'],
  ['kind', 'string', 'required'],
  ['headline', 'string', 'required'],
  ['signature', 'string', 'required'],
  ['function', 'string|null', 'required'],
  ['message', 'string|null', 'required'],
  ['location', 'string|null', 'required'],
  ['source', 'object|null', 'required'],
  ['oracle', 'string|null', 'required'],
  ['frames', 'string[]', 'required'],
  ['firstSeen', 'string', 'required'],
  ['lastSeen', 'string', 'required'],
  ['count', 'number', 'required'],
  ['reproductionRate', 'number|null', 'required'],
  ['reproductionRuns', 'number|null', 'required'],
  ['reproduce', 'string', 'required'],
  ['minimize', 'string', 'required'],
  ['record', 'string', 'required'],
  ['recordFile', 'string', 'required'],
  ['minimized', 'string|null', 'required'],
  ['inputHex', 'string|null', 'required'],
  ['inputBytes', 'number|null', 'required'],
  ['minimizedHex', 'string|null', 'required'],
  ['minimizedBytes', 'number|null', 'required'],
];

const SOURCE: Fields = [
  ['file', 'string', 'required'],
  ['line', 'number', 'required'],
  ['column', 'number', 'required'],
];
const SAMPLE: Fields = [
  ['t', 'number', 'required'],
  ['execs', 'number', 'required'],
  ['findings', 'number', 'required'],
  ['rssMb', 'number', 'required'],
  ['coverage', 'number', 'optional'],
];
const PHASE: Fields = [
  ['budgetMs', 'number|null', 'required'],
  ['spentMs', 'number', 'required'],
  ['ended', 'string', 'required'],
];
const FAULT: Fields = [
  ['code', 'string', 'required'],
  ['message', 'string', 'required'],
  ['hint', 'string|null', 'required'],
];
const ALIGNMENT: Fields = [
  ['function', 'string', 'required'],
  ['param', 'string', 'required'],
  ['samples', 'number', 'required'],
  ['rows', 'array', 'required'],
];
const STRUCT: Fields = [
  ['name', 'string', 'required'],
  ['ok', 'boolean', 'required'],
  ['sources', 'string[]', 'required'],
  ['size', 'object', 'required'],
  ['fields', 'array', 'required'],
  ['diagnosis', 'string[]', 'required'],
];

/**
 * Checks every field of a run summary the renderers read (report.html, junit.xml, results.sarif,
 * `report` itself), so that a summary.json edited by hand or cut short is a bad-record error
 * naming the file and the field (exit 2), not a TypeError inside a renderer.
 */
export function checkRunSummary(json: Record<string, unknown>, file: string): void {
  const check = (value: unknown, fields: Fields, at: string) => {
    if (!isJsonObject(value)) throw bad(file, at, SHAPE_TEXT.object);
    const wrong = misfit(value, fields);
    if (wrong !== null) throw bad(file, `${at === '' ? '' : `${at}.`}${wrong[0]}`, wrong[1]);
    return value;
  };
  check(json, SUMMARY, '');
  for (const [i, f] of (json.findings as unknown[]).entries()) {
    const finding = check(f, FINDING, `findings[${i}]`);
    if (finding.source !== null) check(finding.source, SOURCE, `findings[${i}].source`);
  }
  for (const [i, s] of (json.timeline as unknown[]).entries()) check(s, SAMPLE, `timeline[${i}]`);
  const budget = check(json.budget, [['phases', 'object', 'required']], 'budget');
  for (const phase of ['campaign', 'minimize', 'sweep'])
    check((budget.phases as Record<string, unknown>)[phase], PHASE, `budget.phases.${phase}`);
  check(json.totals, [['byKind', 'object', 'required']], 'totals');
  if (json.fault !== null) check(json.fault, FAULT, 'fault');
  for (const [i, t] of (json.alignment as unknown[]).entries()) {
    const table = check(t, ALIGNMENT, `alignment[${i}]`);
    for (const [k, row] of (table.rows as unknown[]).entries()) {
      const r = check(
        row,
        [
          ['offset', 'number', 'required'],
          ['outcomes', 'object', 'required'],
        ],
        `alignment[${i}].rows[${k}]`,
      );
      if (!Object.values(r.outcomes as object).every((n) => typeof n === 'number'))
        throw bad(file, `alignment[${i}].rows[${k}].outcomes`, 'counts');
    }
  }
  if (json.abi !== undefined) checkAbi(json.abi, check);
}

/** The ABI section: every struct, field and view the report's tables show. */
function checkAbi(abi: unknown, check: (value: unknown, fields: Fields, at: string) => Record<string, unknown>): void {
  const section = check(abi, [['structs', 'array', 'required']], 'abi');
  for (const [i, s] of (section.structs as unknown[]).entries()) {
    const struct = check(s, STRUCT, `abi.structs[${i}]`);
    for (const [k, f] of (struct.fields as unknown[]).entries()) {
      const field = check(
        f,
        [
          ['name', 'string', 'required'],
          ['ok', 'boolean', 'required'],
          ['views', 'object', 'required'],
        ],
        `abi.structs[${i}].fields[${k}]`,
      );
      for (const [source, view] of Object.entries(field.views as object))
        check(
          view,
          [
            ['offset', 'number', 'required'],
            ['size', 'number', 'required'],
            ['type', 'string', 'required'],
          ],
          `abi.structs[${i}].fields[${k}].views.${source}`,
        );
    }
  }
}

function bad(file: string, field: string, shape: string): HarnessError {
  return new HarnessError('bad-record', `field '${field || '(the whole file)'}' of the run summary must be ${shape}`, {
    where: file,
    hint: 'the summary was edited or cut short: run the campaign again to get a new one',
  });
}
