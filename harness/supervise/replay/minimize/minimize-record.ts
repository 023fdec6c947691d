import path from 'node:path';
import type { CrashRecord } from '../../../store/crash-record.js';
import { writeFileAtomic } from '../../../store/atomic-write.js';
import { MINIMIZED_INPUT_FILE, MINIMIZED_RECORD_FILE } from '../../../store/paths.js';
import { displayPath, renderCommand } from '../../../report/render-command.js';
import { replaySetup, type ReproOptions } from '../repro.js';
import { ReplayServer } from '../replay-server.js';
import { minimize, stillFails, type MinimizeResult } from './minimize.js';
import fs from 'node:fs';

/** Outcome of minimising one record. */
export type RecordMinimization =
  | {
      readonly kind: 'minimized';
      readonly file: string;
      readonly record: CrashRecord;
      readonly result: MinimizeResult;
      readonly processes: number;
    }
  | { readonly kind: 'not-reproducible' }
  | { readonly kind: 'concurrent' };

/**
 * Minimises a record's failing input in fresh processes and writes `minimized.json` (+ the raw
 * bytes) next to the original, which stays as it was. The minimized record reproduces by itself.
 */
export async function minimizeRecord(
  record: CrashRecord,
  recordFile: string,
  options: ReproOptions,
  budget: { maxRuns: number; durationMs: number },
  prefix: string,
): Promise<RecordMinimization> {
  if (record.input === null || record.concurrent) return { kind: 'concurrent' };
  const setup = replaySetup(record, options);
  // A call sequence of a stateful API must not see the state earlier candidates left in the library either.
  const server = new ReplayServer(setup, (record.oracle?.startsWith('last-error') ?? false) || record.target.spec.lifecycle !== undefined);
  try {
    const start = { preceding: record.preceding, input: record.input };
    if (!(await stillFails(record, server, start)) || options.stop?.aborted === true) return { kind: 'not-reproducible' };
    const result = await minimize(record, start, server, {
      maxRuns: budget.maxRuns,
      deadline: Date.now() + budget.durationMs,
      ...(options.stop === undefined ? {} : { stop: options.stop }),
    });
    const file = path.join(path.dirname(recordFile), MINIMIZED_RECORD_FILE);
    const minimized: CrashRecord = {
      ...record,
      input: result.input,
      preceding: result.preceding,
      inflight: [{ worker: 0, streamIndex: 0, input: result.input, truncated: false }],
      reproduce: renderCommand(prefix, ['repro', displayPath(file)]),
      minimize: renderCommand(prefix, ['minimize', displayPath(file)]),
      minimizedFrom: displayPath(recordFile),
    };
    const buffer = result.input.args.find((a) => a.kind === 'buffer');
    if (buffer?.kind === 'buffer')
      writeFileAtomic(path.join(path.dirname(recordFile), MINIMIZED_INPUT_FILE), Buffer.from(buffer.hex, 'hex'));
    writeFileAtomic(file, `${JSON.stringify(minimized, null, 2)}\n`);
    return { kind: 'minimized', file, record: minimized, result, processes: server.started };
  } finally {
    await server.close();
    fs.rmSync(setup.workDir, { recursive: true, force: true });
  }
}
