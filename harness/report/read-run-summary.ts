import fs from 'node:fs';
import { HarnessError } from '../model/harness-error.js';
import { checkRunSummary } from './check-run-summary.js';
import { RUN_SUMMARY_SCHEMA, type RunSummary } from './run-summary.js';

/** Reads a run's summary.json; errors name the file and say what to do. */
export function readRunSummary(file: string): RunSummary {
  let json: RunSummary;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as RunSummary;
  } catch (cause) {
    throw new HarnessError('bad-record', `cannot read the run summary: ${(cause as Error).message}`, {
      where: file,
      cause,
      hint: 'pass a run folder: <reports>/<iso-time>-<target>/ (reports go to <out>/reports unless --reports says otherwise)',
    });
  }
  const schema: unknown = (json as { schema?: unknown } | null)?.schema;
  if (schema !== RUN_SUMMARY_SCHEMA)
    throw new HarnessError(
      'bad-record',
      `not an ffi-fuzz run summary (schema ${JSON.stringify(schema)}, expected "${RUN_SUMMARY_SCHEMA}")`,
      {
        where: file,
        hint:
          typeof schema === 'string' && schema.startsWith('ffi-fuzz/')
            ? 'it was written by another version of ffi-fuzz: rerun the campaign to get a report of this version'
            : 'pass the summary.json of a fuzz run',
      },
    );
  checkRunSummary(json as unknown as Record<string, unknown>, file);
  return json;
}
