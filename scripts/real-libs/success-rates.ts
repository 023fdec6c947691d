// Prints, for the real-library specs' decompressors, how their generated calls end on the real
// (Debian) libraries: successes and each error return, out of a fixed number of calls. Run by
// scripts/acceptance-real-libs.sh: `node dist/scripts/real-libs/success-rates.js [calls]`.
import lz4 from '../../examples/real/lz4/target.js';
import zlib from '../../examples/real/zlib/target.js';
import type { TargetSpec } from '../../harness/ffi/target-spec.js';
import { runGeneratedCalls } from './generated-calls.js';

const calls = Number(process.argv[2] ?? 5000);
const cases: [TargetSpec, string, (r: number) => boolean][] = [
  [lz4, 'LZ4_decompress_safe', (r) => r >= 0],
  [zlib, 'uncompress', (r) => r === 0],
  [zlib, 'uncompress2', (r) => r === 0],
];
for (const [spec, fn, ok] of cases) {
  const returns = new Map<string, number>();
  for (const { result } of runGeneratedCalls(spec, fn, calls)) {
    const key = ok(Number(result)) ? 'ok' : `returned ${String(result)}`;
    returns.set(key, (returns.get(key) ?? 0) + 1);
  }
  const share = (((returns.get('ok') ?? 0) / calls) * 100).toFixed(1);
  // lz4 returns minus the position of the error: show the most frequent values, then how many others.
  const errors = [...returns].filter(([k]) => k !== 'ok').sort((a, b) => b[1] - a[1]);
  const others = errors.slice(4).reduce((n, [, count]) => n + count, 0);
  const rest = [
    ...errors.slice(0, 4).map(([k, n]) => `${k}: ${n}`),
    ...(others === 0 ? [] : [`${errors.length - 4} other values: ${others}`]),
  ];
  process.stdout.write(`${spec.name} ${fn}: ${calls} calls, ${returns.get('ok') ?? 0} ok (${share}%), ${rest.join(', ')}\n`);
}
