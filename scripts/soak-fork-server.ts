import os from 'node:os';
import { resolveOptions } from '../harness/config/resolve-options.js';
import type { RunSummary } from '../harness/report/run-summary.js';
import { runCampaignCli, summaryOf } from './bench/run-cli.js';

// The fork-server soak (issue #14): a long campaign on crash-mix, where about every other input
// crashes (panic, abort, SIGSEGV, SIGKILL from another process), all on one fork server. It must
// end without a harness error, with no hung runner (no timeout finding: crash-mix never hangs),
// and with the server's memory where it was after its first life. Prints the lives, the deaths,
// the rates and the server's RSS. `bash scripts/soak-fork-server.sh [--duration 60s] [--seed S]`.

/** Growth of the server's RSS from its first life to its last that fails the soak. */
const RSS_GROWTH_LIMIT_MB = 32;

async function main(): Promise<number> {
  const { options } = resolveOptions(process.argv.slice(2), process.env, ['durationMs', 'seed']);
  const durationMs = options.durationMs ?? 60_000;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(
    `soak: crash-mix on the fork server, ${durationMs / 1000}s, seed ${options.seed ?? 1}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  const run = await runCampaignCli('crash-mix', ['--duration', `${durationMs}ms`, '--seed', String(options.seed ?? 1)]);
  if (run.exitCode !== 1) {
    log(`soak: FAILED: exit ${run.exitCode}, expected 1 (findings):\n${run.stderr.trim().split('\n').slice(-15).join('\n')}`);
    return 1;
  }
  const summary = summaryOf<RunSummary>(run, 'the soak campaign');
  const usage = summary.forkServer;
  const hung = summary.findings.filter((f) => f.kind === 'timeout').reduce((n, f) => n + f.count, 0);
  const rss = usage?.serverRssMb;
  const growth = rss === undefined || rss === null ? Number.NaN : rss.last - rss.first;
  log(`  lives         ${usage?.lives ?? 0} from ${usage?.servers ?? 0} fork server(s), ${summary.restarts} deaths, ${hung} hung`);
  log(
    `  execs         ${summary.execs} in ${(summary.elapsedMs / 1000).toFixed(1)}s: ${summary.execsPerSecond}/s, ${(summary.restarts / (summary.elapsedMs / 1000)).toFixed(1)} deaths/s`,
  );
  log(`  buckets       ${summary.findings.map((f) => `${f.id} ×${f.count}`).join(', ')}`);
  log(
    `  server RSS    ${rss ? `${rss.first.toFixed(1)} MiB after its first life, ${rss.last.toFixed(1)} MiB after its last, peak ${rss.peak.toFixed(1)} MiB` : 'unknown'}`,
  );
  const ok = usage?.servers === 1 && hung === 0 && growth < RSS_GROWTH_LIMIT_MB;
  log(
    `soak: ${ok ? 'OK' : 'FAILED'}: one server ${usage?.servers === 1}, no hung runner ${hung === 0}, RSS growth ${growth.toFixed(1)} MiB < ${RSS_GROWTH_LIMIT_MB} MiB ${growth < RSS_GROWTH_LIMIT_MB}`,
  );
  return ok ? 0 : 1;
}

process.exitCode = await main();
