import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRecords, ROOT, runCli, scratchDir } from './helpers.js';

// Debian's stripped zlib, lz4 and cJSON (.ci/run installs zlib1g-dev, liblz4-dev, libcjson-dev),
// fuzzed through specs written from their headers (examples/real/): no finding, since these
// libraries are called within their contract and have no bug there.
const scratch = scratchDir();
const LIBZ = '/usr/lib/x86_64-linux-gnu/libz.so.1';

async function fuzz(spec: string, ...args: string[]) {
  const out = path.join(scratch, path.basename(path.dirname(spec)), String(args.length));
  const run = await runCli(['fuzz', spec, '--seed', '1', '--out', out, '--reports', path.join(out, 'reports'), ...args]);
  return { ...run, out };
}

describe('real C libraries called within their contract', () => {
  it.each([
    ['zlib: in/out lengths, capacities, nullable buffers, header typedefs', 'examples/real/zlib/target.ts'],
    ['lz4: named length and capacity pairing', 'examples/real/lz4/target.ts'],
    ['cJSON: C strings, handles from the header, returned strings freed by their releaser', 'examples/real/cjson/target.ts'],
  ])('should report no finding on %s', async (_, spec) => {
    const run = await fuzz(spec, '--runs', '2500', '--minimize-runs', '0');
    expect(run.stderr).toContain('0 unique finding(s)');
    expect(run.exitCode).toBe(0);
    expect(crashRecords(run.out)).toEqual([]);
  });

  it("should keep cJSON_Parse's RSS flat when every result is freed by the releaser", async () => {
    const peak = async (spec: string, runs: number) => {
      const run = await fuzz(spec, '--only', 'cJSON_Parse', '--runs', String(runs), '--align-sweep', '0', '--json');
      expect(run.exitCode).toBe(0);
      return (JSON.parse(run.stdout) as { peakRssMb: number }).peakRssMb;
    };
    // The same spec without the releaser leaks every tree: the bound below would not hold for it.
    const leaky = path.join(scratch, 'cjson-leaky.mjs');
    fs.writeFileSync(
      leaky,
      `import { defineTarget } from '${ROOT}dist/harness/index.js';
       import spec from '${ROOT}dist/examples/real/cjson/target.js';
       export default defineTarget({ name: 'cjson-leaky', library: spec.library, header: spec.header, functions: { cJSON_Parse: { ...spec.functions.cJSON_Parse, returns: undefined } } });`,
    );
    const short = await peak('examples/real/cjson/target.ts', 150_000);
    const long = await peak('examples/real/cjson/target.ts', 450_000);
    const leaking = await peak(leaky, 450_000);
    // With the releaser only the engine's own JS heap grows, and it levels off within the first few
    // hundred thousand calls (~200 MiB at 150k, ~230 at 450k, ~234 at 1.2M here); without it every
    // tree leaks too (about 60 MiB more per 150,000 parses).
    expect(leaking - long).toBeGreaterThan(100);
    expect(long - short).toBeLessThan(64);
  });

  it("should list a stripped library's functions from its header, typedef names as written", async () => {
    const run = await runCli(['list', '--lib', LIBZ, '--header', '/usr/include/zlib.h']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('int uncompress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen)');
    expect(run.stderr).toMatch(/gzopen64 is not mapped to C: not declared in zlib.h/);
  });

  it('should fuzz a --fn prototype in the header’s typedefs, bound to Debian’s libz', async () => {
    const out = path.join(scratch, 'zero-config');
    const run = await runCli([
      'fuzz',
      '--lib',
      LIBZ,
      '--header',
      '/usr/include/zlib.h',
      '--fn',
      'uLong adler32(uLong adler, const Bytef *buf, uInt len)',
      '--runs',
      '500',
      '--seed',
      '1',
      '--out',
      out,
      '--reports',
      path.join(out, 'reports'),
    ]);
    expect(run.stderr).toContain('0 unique finding(s)');
    expect(run.exitCode).toBe(0);
  });
});
