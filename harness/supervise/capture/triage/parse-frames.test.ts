import { describe, expect, it } from 'vitest';
import { parseHostFrameLine, parseRustFrames, parseSanitizerFrames } from './parse-frames.js';

describe('parseRustFrames', () => {
  it('should read short frames with their at lines and stop at the note', () => {
    const lines = [
      '   5: chunk_parser::check_event',
      '             at ./targets/chunk-parser/src/lib.rs:296:50',
      '   6: <unknown>',
      'note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.',
    ];
    expect(parseRustFrames(lines, 0)).toEqual({
      frames: [
        { index: 5, symbol: 'chunk_parser::check_event', file: 'chunk-parser/src/lib.rs', line: 296, column: 50 },
        { index: 6, symbol: '<unknown>' },
      ],
      next: 3,
    });
  });

  it('should read full frames with addresses and crate hashes', () => {
    const lines = [
      '  18:     0x7f6bbc0bb6f7 - core[c1f1a4ba060b9bfa]::panicking::panic_cannot_unwind',
      '                               at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/panicking.rs:337:5',
      '  19:     0x7f6bbc07f746 - parse_chunk',
      '                               at /work/main/targets/chunk-parser/src/lib.rs:130:1',
      '  27:          0x195e376 - Builtins_CEntry_Return1_ArgvOnStack_BuiltinExit',
      'thread caused non-unwinding panic. aborting.',
    ];
    const { frames, next } = parseRustFrames(lines, 0);
    expect(frames.map((frame) => frame.symbol)).toEqual([
      'core::panicking::panic_cannot_unwind',
      'parse_chunk',
      'Builtins_CEntry_Return1_ArgvOnStack_BuiltinExit',
    ]);
    expect(frames[1]).toMatchObject({ file: 'chunk-parser/src/lib.rs', line: 130, column: 1 });
    expect(next).toBe(5);
  });
});

describe('parseSanitizerFrames', () => {
  it('should split ASan frames whose symbols contain spaces', () => {
    const lines = [
      '    #0 0x55e1e2c97ad0 in heap_oob /tmp/triage-probe/shapes/src/lib.rs:29:14',
      '    #4 0x55e1e2c95d63 in <core::panic::unwind_safe::AssertUnwindSafe<F> as core::ops::function::FnOnce<()>>::call_once /rustc/e50aa6fba4e63ab34c72bf9acfd2c307c1155d1a/library/core/src/panic/unwind_safe.rs:275:9',
      '    #6 0x55e1e2c973f3 in __rust_try probe.4f253d9a1f9a253a-cgu.1',
      '    #9 0x55e1e2c929df in main (/tmp/triage-probe/asan/probe+0x1099df) (BuildId: 022cb783a0dc01d8e4a32ca78b7bfb4bba816788)',
      '    #13 0x55e1e2c5e396 in asan_thread_start(void*) /rustc/llvm/src/llvm-project/compiler-rt/lib/asan/asan_interceptors.cpp:246:28',
      '',
    ];
    const { frames, next } = parseSanitizerFrames(lines, 0);
    expect(next).toBe(5);
    expect(frames[0]).toEqual({ index: 0, symbol: 'heap_oob', file: 'shapes/src/lib.rs', line: 29, column: 14 });
    expect(frames[1]).toMatchObject({
      symbol: '<core::panic::unwind_safe::AssertUnwindSafe<F> as core::ops::function::FnOnce<()>>::call_once',
      file: 'core/src/panic/unwind_safe.rs',
    });
    expect(frames[2]).toEqual({ index: 6, symbol: '__rust_try', file: 'probe.4f253d9a1f9a253a-cgu.1' });
    expect(frames[3]).toEqual({ index: 9, symbol: 'main', module: 'probe' });
    expect(frames[4]).toMatchObject({ symbol: 'asan_thread_start(void*)', line: 246 });
  });

  it('should read TSan frames (no address) with module and build id', () => {
    const { frames } = parseSanitizerFrames(
      ['    #0 racy_push /tmp/triage-probe/shapes/src/lib.rs:36:14 (probe+0xdcff6) (BuildId: 4184ac4a90333f57ac37c7041d508e5103188378)'],
      0,
    );
    expect(frames).toEqual([{ index: 0, symbol: 'racy_push', file: 'shapes/src/lib.rs', line: 36, column: 14, module: 'probe' }]);
  });
});

describe('parseHostFrameLine', () => {
  it('should read glibc backtrace_symbols frames, named or not', () => {
    expect(parseHostFrameLine('/tmp/triage-probe/shapes/target/release/libshapes.so(segv_at+0x11)[0x7fe0ac084ac1]', 3)).toEqual({
      index: 3,
      symbol: 'segv_at',
      module: 'libshapes.so',
    });
    expect(parseHostFrameLine('/lib/x86_64-linux-gnu/libc.so.6(+0x3c050)[0x7fe0aed5a050]', 1)).toEqual({
      index: 1,
      symbol: '<unknown>',
      module: 'libc.so.6',
    });
    expect(parseHostFrameLine('node[0xc45d95]', 7)).toEqual({ index: 7, symbol: '<unknown>', module: 'node' });
  });

  it('should demangle legacy Rust names glibc prints raw', () => {
    expect(parseHostFrameLine('/x/libshapes.so(_ZN6shapes4poke17h00112233445566aaE+0x6)[0x7f00]', 0)?.symbol).toBe('shapes::poke');
  });

  it("should read Node's fatal-error frames", () => {
    expect(parseHostFrameLine(' 1: 0xb78db3 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]', 0)).toEqual({
      index: 1,
      symbol: 'node::OOMErrorHandler(char const*, v8::OOMDetails const&)',
      module: 'node',
    });
  });

  it('should not take ordinary text for a frame', () => {
    expect(parseHostFrameLine('note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace', 0)).toBeNull();
    expect(parseHostFrameLine('[0x1]', 0)).toBeNull();
  });
});
