import path from 'node:path';
import { writeFileAtomic } from '../../store/atomic-write.js';
import type { CrashRecord } from '../../store/crash-record.js';
import { withTsanReport } from '../../supervise/capture/crash-capture.js';
import { ExitCode } from '../../model/exit-codes.js';
import type { Sink } from '../../model/sink.js';
import { tsanReplay } from '../../supervise/replay/tsan-replay.js';

/** Rounds each thread runs its calls in the TSan replay (TSan slows calls 5–15×). */
const TSAN_ROUNDS = 50;

/** `repro <crash.json> --profile tsan [--crate DIR]`: replays the concurrent set under TSan, attaches the report; exit 1 when TSan reports a race. */
export async function reproUnderTsan(
  record: CrashRecord,
  file: string,
  crate: string | undefined,
  timeoutMs: number,
  sink: Sink,
): Promise<ExitCode> {
  sink.err(`replaying the concurrent set of ${record.id} natively under ThreadSanitizer`);
  const tsan = await tsanReplay(record, {
    crateDir: crate === undefined ? null : path.resolve(crate),
    rounds: TSAN_ROUNDS,
    timeoutMs: Math.max(60_000, timeoutMs),
    log: (line) => sink.err(line),
  });
  writeFileAtomic(file, `${JSON.stringify(withTsanReport(record, tsan), null, 2)}\n`);
  if (!tsan.raced) {
    sink.out(`tsan: no race reported in ${tsan.rounds} rounds (${tsan.headline}); attached to ${file}`);
    return ExitCode.Clean;
  }
  sink.out(`tsan: ${tsan.headline}`);
  if (tsan.frames.length > 0) sink.out(`backtrace (target frames):\n  ${tsan.frames.join('\n  ')}`);
  sink.out(`report attached to ${file}`);
  return ExitCode.Findings;
}
