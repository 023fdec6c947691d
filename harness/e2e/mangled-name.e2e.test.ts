import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRecords, library, ROOT, runCli, scratchDir } from './helpers.js';

// The mangled-name target hides its bug behind `starts_with("_ZN")` and a `match` arm on the
// literal "vtable": Rust compiles both to `bcmp` calls. The coverage shim redirects the target's
// GOT slots for bcmp, memcmp, strcmp… to its hooks (engine/native/got-patch.c), which record the
// operands; coverage mode writes one over the other (cmp-replace) and learns what pays off.

interface Summary {
  readonly findings: readonly { kind: string }[];
  readonly coverage: { readonly learned: readonly string[]; readonly learnedTokens: number };
}

/** A bcmp that counts its calls, for the interposition check below. */
const PROBE_SOURCE = `#include <stddef.h>
static int calls;
int bcmp(const void *a, const void *b, size_t n) {
  calls++;
  const unsigned char *x = a, *y = b;
  for (size_t i = 0; i < n; i++) if (x[i] != y[i]) return 1;
  return 0;
}
int probe_calls(void) { return calls; }
`;

/** Loads the probe globally, then the shim, then the target, in a fresh Node; calls the target twice. */
const PROBE_SCRIPT = `
import koffi from 'koffi';
import { sancovShim } from './dist/harness/toolchain/sancov-build.js';
import { SancovRuntime } from './dist/harness/engine/coverage/sancov-runtime.js';
const [probePath, libraryPath] = process.argv.slice(1);
const probe = koffi.load(probePath, { global: true });
const runtime = SancovRuntime.load(sancovShim());
const demangle = koffi.load(libraryPath).func('int32_t demangled_len(const uint8_t *p, int32_t n)');
runtime.recordCompares();
for (const text of ['abcdef', '_ZN6widget']) demangle(Buffer.from(text), text.length);
const compares = runtime.compares().flatMap((c) => (c.kind === 'bytes' ? [[Buffer.from(c.a).toString(), Buffer.from(c.b).toString()].sort().join('|')] : []));
console.log(JSON.stringify({ probeCalls: probe.func('int probe_calls(void)')(), redirected: runtime.redirectedCompares(), compares }));
`;

describe('mangled-name: a bug behind string comparisons', () => {
  it('should be found by coverage mode within 200 000 runs on seed 1, with the compared literals learned', async () => {
    // Arrange
    const out = scratchDir();
    // Act
    const budget = ['--mode', 'coverage', '--jobs', '1', '--runs', '200000', '--seed', '1', '--minimize-runs', '0', '--align-sweep', '0'];
    const run = await runCli(['fuzz', 'mangled-name', ...budget, '--out', out, '--reports', path.join(out, 'r'), '--json']);
    // Assert: the underflow after "_ZN6vtable", and the literals of starts_with and a match arm in the dictionary.
    expect(run.exitCode, run.stderr).toBe(1);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.coverage.learned).toContain('"_ZN"');
    // And operands of the match arms (which ones depends on the path the seed took; the 6-byte
    // `vtable` compare itself is seen by the hooks in the test below).
    const arms = ['"vtable"', '"closure"', '"$LT$"', '"$GT$"', '"shim"'];
    expect(summary.coverage.learned.filter((t) => arms.includes(t)).length).toBeGreaterThan(0);
    const found = crashRecords(out).find(({ record }) => record.message === 'attempt to subtract with overflow');
    expect(found?.record.location).toMatch(/mangled-name\/src\/lib\.rs:48:\d+/);
    const input = Buffer.from((found!.record.input!.args[0] as { hex: string }).hex, 'hex').toString('latin1');
    expect(input.startsWith('_ZN6vtable')).toBe(true);
    const repro = await runCli(['repro', found!.file, '--lib', library('mangled-name')]);
    expect(repro.exitCode).toBe(1);
    expect(repro.stdout).toContain(`(same signature ${found!.record.id})`);
  });

  it('should see bcmp operands through the GOT redirect, where a bcmp loaded with RTLD_GLOBAL is never called', async () => {
    // Arrange: the coverage build, and a probe library defining bcmp.
    const dir = scratchDir();
    const build = await runCli(['build', 'mangled-name', '--profile', 'coverage']);
    expect(build.exitCode, build.stderr).toBe(0);
    const libraryPath = build.stdout.trim().split('\n').at(-1)!;
    fs.writeFileSync(path.join(dir, 'probe.c'), PROBE_SOURCE);
    const probe = path.join(dir, 'libprobe.so');
    execFileSync(process.env.CC ?? 'cc', ['-shared', '-fPIC', '-O1', '-fno-builtin', '-o', probe, path.join(dir, 'probe.c')]);
    // Act
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', PROBE_SCRIPT, probe, libraryPath], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    // Assert: the target stayed bound to libc's bcmp (the global scope lists libc before a library
    // opened later), the shim's redirect saw both compares, and only the target's.
    const seen = JSON.parse(output) as { probeCalls: number; redirected: number; compares: string[] };
    expect(seen.probeCalls).toBe(0);
    expect(seen.redirected).toBeGreaterThan(0);
    expect(seen.compares).toEqual(expect.arrayContaining(['_ZN|abc', 'vtable|widget']));
  });
});
