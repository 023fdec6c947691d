import { describe, expect, it } from 'vitest';
import { faultedInAllocator, faultedInHost, isHeapCheckMessage } from './heap-corruption.js';
import type { Frame } from './parse-frames.js';

const frame = (symbol: string, module?: string): Frame => ({ index: 0, symbol, ...(module === undefined ? {} : { module }) });

describe('isHeapCheckMessage', () => {
  it.each([
    'free(): invalid pointer',
    'free(): double free detected in tcache 2',
    'double free or corruption (fasttop)',
    'malloc(): unaligned tcache chunk detected',
    'realloc(): invalid next size',
    'corrupted size vs. prev_size',
    'malloc_consolidate(): invalid chunk size',
  ])('should recognise %s', (line) => {
    expect(isHeapCheckMessage(line)).toBe(true);
  });

  it('should not take a panic message that mentions free() for one', () => {
    expect(isHeapCheckMessage("thread '<unnamed>' panicked at src/lib.rs:3:5: free(): invalid pointer")).toBe(false);
  });
});

describe('faultedInAllocator', () => {
  const isTarget = (f: Frame) => f.module === 'libtarget.so';

  it('should say yes when an allocator frame comes before any target frame', () => {
    const frames = [frame('<unknown>', 'libc.so.6'), frame('__libc_free', 'libc.so.6'), frame('event_push', 'libtarget.so')];
    expect(faultedInAllocator(frames, isTarget)).toBe(true);
  });

  it('should say no when the target faulted first, even if it allocates further up', () => {
    const frames = [frame('event_push', 'libtarget.so'), frame('malloc', 'libc.so.6')];
    expect(faultedInAllocator(frames, isTarget)).toBe(false);
  });
});

describe('faultedInHost', () => {
  const isTarget = (f: Frame) => f.module === 'libtarget.so';

  it("should say yes when the fault is in the host runtime's own code and no target frame is on the stack", () => {
    // The heap race's SIGSEGV inside V8's baseline compiler (issue #12's acceptance, seed 4).
    const frames = [
      frame('<unknown>', '/cache/libffz-fault-guard-b324.so'),
      frame('<unknown>', '/lib/x86_64-linux-gnu/libc.so.6'),
      frame('_ZN2v88internal9Assembler7GetCodeEPNS0_7IsolateEPNS0_8CodeDescEPNS0_25SafepointTableBuilderBaseEi', '/usr/bin/node'),
    ];
    expect(faultedInHost(frames, isTarget)).toBe(true);
  });

  it('should say no when a target frame is on the stack, or no frame names the host', () => {
    expect(faultedInHost([frame('uv_run', '/usr/bin/node'), frame('event_push', 'libtarget.so')], isTarget)).toBe(false);
    expect(faultedInHost([frame('<unknown>', '/lib/x86_64-linux-gnu/libc.so.6')], isTarget)).toBe(false);
  });
});
