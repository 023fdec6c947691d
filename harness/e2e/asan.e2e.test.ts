import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRecords, runCli, scratchDir, scratchCampaign } from './helpers.js';

// heap-overread reads up to 7 bytes past its own heap copy of the input: the plain build returns
// a slightly wrong checksum and never crashes. Built with `--profile asan` (clang's ASan runtime,
// from libclang-rt-<rustc's LLVM>-dev, preloaded into the engine child), the same run stops at the
// over-read, and ASan's report becomes the record.

const common = (dir: string) => ['--seed', '1', '--runs', '50', ...scratchCampaign(dir)];

describe('heap-overread', () => {
  it('should be silent in the plain build', async () => {
    const run = await runCli(['fuzz', 'heap-overread', ...common(scratchDir())]);
    expect(run.exitCode).toBe(0);
  });

  it("should record ASan's heap-buffer-overflow report in the ASan build, and reproduce it", async () => {
    const dir = scratchDir();
    const run = await runCli(['fuzz', 'heap-overread', '--profile', 'asan', ...common(dir)]);
    expect(run.exitCode, run.stderr).toBe(1);
    // The ASan runtime is preloaded: crashes restart the engine child, and the user is told why.
    expect(run.stderr).toContain('warning: fork server off: libheap_overread.so is a sanitizer build: its runtime is preloaded');
    const [found] = crashRecords(path.join(dir, 'corpus'));
    expect(found?.record.kind).toBe('asan');
    expect(found!.record.message).toMatch(/^heap-buffer-overflow: READ of size 8, \d+ bytes after \d+-byte region$/);
    expect(found!.record.frames[0]).toMatch(/^checksum_words \(heap-overread\/src\/lib\.rs:\d+\)$/);
    expect(found!.record.target.library).toMatch(/ffi-fuzz-asan\/release\/libheap_overread\.so$/);
    const repro = await runCli(['repro', found!.file]);
    expect(repro.stdout).toContain(`(same signature ${found!.record.id})`);
  });
});
