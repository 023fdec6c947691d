import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { triageDeath } from '../supervise/capture/triage/classify.js';
import { library, ROOT } from './helpers.js';

// Issue #12: a Rust abort was sometimes recorded as a bare SIGSEGV. The engine arms the fault
// guard and drops its koffi handle; koffi dlclose()d the library on the next GC, leaving the
// signal handler pointing into unmapped memory, and the SIGABRT after Rust's complete abort report
// killed the process as SIGSEGV. This child does what the engine does, forces the GC, then trips
// chunk-parser's UB check (a misaligned slice): the handler must still be there.

const CHILD = `
import fs from 'node:fs';
import koffi from 'koffi';
import { armGuards } from '${ROOT}dist/harness/engine/fault-guard.js';
import { faultShim } from '${ROOT}dist/harness/toolchain/fault-shim.js';
const shim = faultShim().path;
const parse = koffi.load(process.argv[1]).func('int32_t parse_chunk(const uint8_t *ptr, int32_t len)');
armGuards(shim, 0, []);
for (let i = 0; i < 5; i++) {
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
process.stderr.write('shim still mapped: ' + fs.readFileSync('/proc/self/maps', 'utf8').includes(fs.realpathSync(shim)) + '\\n');
parse(Buffer.alloc(80, 0x61).subarray(1, 65), 64);
`;

describe('fault guard', () => {
  it('should stay loaded after a GC and report the abort that follows a non-unwinding panic', async () => {
    // Act
    const child = await execa(process.execPath, ['--expose-gc', '--input-type=module', '-e', CHILD, library('chunk-parser')], {
      cwd: ROOT,
      reject: false,
      env: { RUST_BACKTRACE: '1' },
    });
    // Assert
    expect(child.stderr).toContain('shim still mapped: true');
    expect(child.signal).toBe('SIGABRT');
    expect(child.stderr).toMatch(/thread caused non-unwinding panic\. aborting\.\nffi-fuzz: fault: signal=SIGABRT worker=0 /);
    const triage = triageDeath({ signal: child.signal ?? null, exitCode: null, stderr: child.stderr, timedOut: false, oom: false });
    expect(triage.kind).toBe('abort');
    expect(triage.location).toMatch(/^chunk-parser\/src\/lib\.rs:261:\d+$/);
  });
});
