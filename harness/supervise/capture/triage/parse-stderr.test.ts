import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStderr } from './parse-stderr.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (name: string): string => readFileSync(`${FIXTURES}${name}.txt`, 'utf8');

describe('parseStderr on the engine child captures', () => {
  it('should read both panics of a panic inside extern "C"', () => {
    const parsed = parseStderr(fixture('chunk-parser-timestamp-unwrap'));
    expect(parsed.panics).toHaveLength(2);
    const [user, runtime] = parsed.panics;
    expect(user).toMatchObject({
      thread: '<unnamed>',
      threadId: 5942,
      location: 'chunk-parser/src/lib.rs:296:50',
      message: 'called `Option::unwrap()` on a `None` value',
    });
    expect(user!.frames.map((frame) => frame.symbol).slice(3, 8)).toEqual([
      'core::option::unwrap_failed',
      'core::option::Option<T>::unwrap',
      'chunk_parser::check_event',
      'chunk_parser::parse_chunk_impl',
      'parse_chunk',
    ]);
    expect(runtime).toMatchObject({ location: 'core/src/panicking.rs:225:5', message: 'panic in a function that cannot unwind' });
    expect(runtime!.frames[19]).toMatchObject({ symbol: 'parse_chunk', file: 'chunk-parser/src/lib.rs', line: 130 });
    expect(parsed.abortReason).toBe('panic in a function that cannot unwind');
  });

  it('should keep the multi-line UB-check message, blank line included', () => {
    const parsed = parseStderr(fixture('chunk-parser-misaligned-fast-path'));
    expect(parsed.panics).toHaveLength(1);
    expect(parsed.panics[0]!.message).toBe(
      'unsafe precondition(s) violated: slice::from_raw_parts requires the pointer to be aligned and non-null, and the total size of the slice not to exceed `isize::MAX`\n\n' +
        'This indicates a bug in the program. This Undefined Behavior check is optional, and cannot be relied on for safety.',
    );
    expect(parsed.abortReason).toBe('unsafe precondition violated');
  });

  it('should name the misaligned-dereference check', () => {
    expect(parseStderr(fixture('job-layout-misaligned-out')).abortReason).toBe('misaligned pointer dereference');
  });

  it('should give an empty result for the empty stderr of a SIGSEGV', () => {
    expect(parseStderr('')).toEqual({
      panics: [],
      abortReason: null,
      allocationFailure: null,
      stackOverflow: null,
      sanitizer: null,
      fatalErrors: [],
      looseFrames: [],
      fault: null,
      heapCheck: null,
      rustAborting: false,
    });
  });
});

describe('parseStderr on other shapes', () => {
  it('should read the legacy header, single- and multi-line', () => {
    expect(parseStderr(fixture('legacy-rust-1.72-panic')).panics[0]).toMatchObject({
      thread: '<unnamed>',
      threadId: null,
      location: 'chunk-parser/src/lib.rs:188:44',
      message: 'called `Result::unwrap()` on an `Err` value: Utf8Error { valid_up_to: 3, error_len: Some(1) }',
    });
    const multi = parseStderr(
      "thread 'main' panicked at 'bad header:\nmagic = 7f454c46', src/lib.rs:10:5\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n",
    );
    expect(multi.panics).toEqual([
      { thread: 'main', threadId: null, location: 'src/lib.rs:10:5', message: 'bad header:\nmagic = 7f454c46', frames: [] },
    ]);
  });

  it('should read the Rust 1.73–1.88 header without a thread id', () => {
    const parsed = parseStderr(
      "thread '<unnamed>' panicked at chunk-parser/src/lib.rs:296:50:\ncalled `Option::unwrap()` on a `None` value\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n",
    );
    expect(parsed.panics[0]).toMatchObject({
      threadId: null,
      location: 'chunk-parser/src/lib.rs:296:50',
      message: 'called `Option::unwrap()` on a `None` value',
    });
  });

  it('should give a root-package location the crate directory its frames show', () => {
    expect(parseStderr(fixture('shapes-lookup-oob-len3')).panics[0]!.location).toBe('shapes/src/lib.rs:47:5');
    // Without RUST_BACKTRACE only the runtime's second panic has frames; they still name the crate.
    expect(parseStderr(fixture('shapes-sum-fields-no-rust-backtrace')).panics[0]!.location).toBe('shapes/src/lib.rs:68:22');
  });

  it('should read an allocation failure with its backtrace', () => {
    const parsed = parseStderr(fixture('shapes-allocation-failure'));
    expect(parsed.allocationFailure?.bytes).toBe(1099511627776);
    expect(parsed.allocationFailure?.frames.find((frame) => frame.symbol === 'alloc_huge')).toMatchObject({
      file: 'shapes/src/lib.rs',
      line: 5,
    });
    expect(parsed.abortReason).toBe('allocation failure');
  });

  it('should read a stack overflow and the fatal runtime error after it', () => {
    const parsed = parseStderr(fixture('shapes-stack-overflow'));
    expect(parsed.stackOverflow).toEqual({ thread: '<unknown>' });
    expect(parsed.fatalErrors).toEqual(['stack overflow']);
    expect(parsed.abortReason).toBe('stack overflow');
  });

  it('should read "failed to initiate panic" as the abort reason', () => {
    expect(parseStderr(fixture('shapes-index-failed-to-initiate-panic')).abortReason).toBe('failed to initiate panic');
  });

  it('should read an ASan heap-buffer-overflow report', () => {
    const { sanitizer } = parseStderr(fixture('shapes-asan-heap-buffer-overflow'));
    expect(sanitizer).toMatchObject({
      tool: 'asan',
      kind: 'heap-buffer-overflow',
      access: { op: 'READ', size: 8, thread: 'T1' },
      addressRelation: '0 bytes after 16-byte region',
      summary: 'heap-buffer-overflow /tmp/triage-probe/shapes/src/lib.rs:29:14 in heap_oob',
    });
    expect(sanitizer!.frames[0]).toMatchObject({ symbol: 'heap_oob', file: 'shapes/src/lib.rs', line: 29 });
    expect(sanitizer!.frames).toHaveLength(16);
  });

  it('should read an ASan SEGV report without access size', () => {
    const text = [
      '==4242==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000010 (pc 0x7f1 bp 0x7f2 sp 0x7f3 T0)',
      '==4242==The signal is caused by a WRITE memory access.',
      '    #0 0x7f1 in shapes::poke /work/shapes/src/lib.rs:86:14',
      'SUMMARY: AddressSanitizer: SEGV /work/shapes/src/lib.rs:86:14 in shapes::poke',
    ].join('\n');
    expect(parseStderr(text).sanitizer).toMatchObject({
      kind: 'SEGV',
      access: { op: 'WRITE', size: null },
      frames: [{ symbol: 'shapes::poke' }],
    });
  });

  it('should read the first TSan data race with both accesses and the racy object', () => {
    const { sanitizer } = parseStderr(fixture('shapes-tsan-data-race'));
    expect(sanitizer).toMatchObject({
      tool: 'tsan',
      kind: 'data race',
      access: { op: 'READ', size: 8, atomic: false, thread: 'thread T2' },
      previousAccess: { op: 'WRITE', size: 8, thread: 'thread T1' },
      objectDescription: "global 'shapes::COUNTER (.0)' of size 8",
    });
    expect(sanitizer!.frames[0]).toMatchObject({ symbol: 'racy_push', line: 36, module: 'probe' });
    expect(sanitizer!.previousFrames[0]).toMatchObject({ symbol: 'racy_push' });
  });

  it('should read the dump of a crash handler as loose frames', () => {
    const parsed = parseStderr(fixture('shapes-segv-crash-handler-backtrace'));
    expect(parsed.looseFrames.map((frame) => frame.symbol)).toContain('segv_at');
    expect(parsed.panics).toEqual([]);
  });

  it('should keep the frames of a backtrace whose header was cut off', () => {
    const parsed = parseStderr(fixture('truncated-head-timestamp-unwrap'));
    expect(parsed.looseFrames[0]).toMatchObject({ symbol: 'chunk_parser::check_event', line: 296 });
    expect(parsed.panics.map((panic) => panic.message)).toEqual(['panic in a function that cannot unwind']);
  });

  it("should read V8's heap exhaustion", () => {
    const parsed = parseStderr(fixture('node-heap-out-of-memory'));
    expect(parsed.abortReason).toBe('JavaScript heap out of memory');
    expect(parsed.panics).toEqual([]);
  });

  it('should strip ANSI colours and CRLF line ends', () => {
    const parsed = parseStderr("\x1b[31mthread 'main' (7) panicked at src/lib.rs:1:2:\r\nboom\r\n\x1b[0m");
    expect(parsed.panics[0]).toMatchObject({ thread: 'main', location: 'src/lib.rs:1:2', message: 'boom' });
  });
});

describe('parseStderr tolerance', () => {
  const texts = readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.txt'))
    .map((file) => readFileSync(`${FIXTURES}${file}`, 'utf8'));

  it('should never throw on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        parseStderr(text);
      }),
      { numRuns: 500 },
    );
  });

  it('should never throw on any slice of a real stderr, with lines dropped or shuffled in', () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.nat(), fc.nat(), fc.array(fc.nat(), { maxLength: 8 }), (text, from, length, drops) => {
        const lines = text.split('\n');
        const start = from % (lines.length + 1);
        const slice = lines.slice(start, start + (length % (lines.length + 1)));
        for (const drop of drops) slice.splice(drop % (slice.length + 1), 1);
        parseStderr(slice.join('\n'));
      }),
      { numRuns: 500 },
    );
  });
});
