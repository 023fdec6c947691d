import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRecords, library, runCli, scratchDir, scratchCampaign } from './helpers.js';

// Runaway recursion inside a native call: koffi runs the call on its own 2 MiB stack, whose
// single guard page a big frame can jump over. ffi-fuzz widens that guard and its fault handler
// recognises a fault there, so nesting the input a few thousand levels deep is a stack-overflow
// finding, never a silent SIGSEGV or corrupted memory.

describe('deep-nesting', () => {
  it('should record a stack-overflow with the deeply nested input, reproducible, and gone in the fixed build', async () => {
    const dir = scratchDir();
    const run = await runCli(['fuzz', 'deep-nesting', '--seed', '1', '--runs', '60', ...scratchCampaign(dir)]);
    expect(run.exitCode).toBe(1);
    const found = crashRecords(path.join(dir, 'corpus')).find((r) => r.record.kind === 'stack-overflow');
    // No frame of the recursion is symbolised in the handler's backtrace: the function in flight names the bucket.
    expect(found?.record.headline).toBe(
      "stack-overflow: the native call overflowed its stack (fault in the guard below koffi's call stack) while `nesting_depth` ran",
    );
    expect(found!.record.signature).toMatch(/ \| in flight: nesting_depth \| SIGSEGV$/);
    expect(found!.record.signal).toBe('SIGSEGV');
    expect(found!.record.faultingWorker).toBe(0);
    const buffer = found!.record.input!.args[0]!;
    expect(buffer.kind === 'buffer' && buffer.hex.startsWith('5b'.repeat(1000))).toBe(true);
    const repro = await runCli(['repro', found!.file]);
    expect(repro.stdout).toContain(`(same signature ${found!.record.id})`);
    const fixed = await runCli(['repro', found!.file, '--lib', library('deep-nesting-fixed')]);
    expect(fixed.stdout).toContain(`no longer fails: ${found!.record.id} did not reproduce`);
    expect(fixed.exitCode).toBe(0);
  });
});
