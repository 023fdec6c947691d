import { describe, expect, it } from 'vitest';
import { locationWithoutColumn, normalizeMessage, normalizePath, normalizeSymbol, parseLocation } from './normalize.js';

describe('normalizePath', () => {
  it.each([
    ['./targets/chunk-parser/src/lib.rs', 'chunk-parser/src/lib.rs'],
    ['/work/main/targets/chunk-parser/src/lib.rs', 'chunk-parser/src/lib.rs'],
    ['chunk-parser/src/lib.rs', 'chunk-parser/src/lib.rs'],
    ['/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/panicking.rs', 'core/src/panicking.rs'],
    [
      '/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/../../backtrace/src/backtrace/libunwind.rs',
      'backtrace/src/backtrace/libunwind.rs',
    ],
    ['/home/dev/src/work/chunk-parser/src/parser/mod.rs', 'chunk-parser/src/parser/mod.rs'],
    ['/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/serde_json-1.0.140/src/de.rs', 'serde_json-1.0.140/src/de.rs'],
    ['/work/main/targets/racy/tests/stress.rs', 'racy/tests/stress.rs'],
    ['C:\\work\\targets\\chunk-parser\\src\\lib.rs', 'chunk-parser/src/lib.rs'],
  ])('should start %s at its crate directory', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it('should keep a path that already starts at src/ (the root package of a build)', () => {
    expect(normalizePath('src/lib.rs')).toBe('src/lib.rs');
  });

  it('should keep the last two components of an absolute path without a crate layout', () => {
    expect(normalizePath('/usr/include/x86_64-linux-gnu/bits/string_fortified.h')).toBe('bits/string_fortified.h');
  });

  it('should be idempotent', () => {
    const once = normalizePath('/work/main/targets/chunk-parser/src/lib.rs');
    expect(normalizePath(once)).toBe(once);
  });
});

describe('normalizeSymbol', () => {
  it.each([
    ['std[e28293b1aa0f68bd]::panicking::default_hook::{closure#0}', 'std::panicking::default_hook::{closure#0}'],
    ['<core[c1f1a4ba060b9bfa]::fmt::rt::Argument>::fmt', '<core::fmt::rt::Argument>::fmt'],
    ['std::panicking::default_hook::{{closure}}::h1b3d5f7a9c2e4a60', 'std::panicking::default_hook::{{closure}}'],
    ['_ZN12chunk_parser11check_event17h0123456789abcdefE', 'chunk_parser::check_event'],
    ['__rust_try.llvm.12351843311465051714', '__rust_try'],
    ['<usize as core::slice::index::SliceIndex<[T]>>::index', '<usize as core::slice::index::SliceIndex<[T]>>::index'],
    ['', '<unknown>'],
    ['<null>', '<unknown>'],
  ])('should clean %j', (input, expected) => {
    expect(normalizeSymbol(input)).toBe(expected);
  });
});

describe('normalizeMessage', () => {
  it('should replace numbers so that two lengths of one bug read the same', () => {
    expect(normalizeMessage('index out of bounds: the len is 3 but the index is 5')).toBe(
      normalizeMessage('index out of bounds: the len is 7 but the index is 9'),
    );
  });

  it('should replace hex addresses, alignment included', () => {
    expect(normalizeMessage('misaligned pointer dereference: address must be a multiple of 0x8 but is 0x44bc8ed4')).toBe(
      'misaligned pointer dereference: address must be a multiple of 0xADDR but is 0xADDR',
    );
  });

  it('should replace thread ids and sanitizer thread names', () => {
    expect(normalizeMessage("thread '<unnamed>' (5942) panicked")).toBe("thread '…' (N) panicked");
    expect(normalizeMessage('READ of size 8 by thread T3')).toBe('READ of size N by thread TN');
  });

  it('should make absolute and /rustc/<hash>/ paths crate-relative', () => {
    expect(normalizeMessage('panicked at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/panicking.rs:225:5:')).toBe(
      'panicked at core/src/panicking.rs:N:N:',
    );
    expect(normalizeMessage('cannot open /tmp/run-81723/targets/chunk-parser/src/data.bin')).toBe('cannot open chunk-parser/src/data.bin');
  });

  it('should mask double-quoted strings and byte strings: Debug output of the input', () => {
    expect(normalizeMessage('bad magic b"\\x7fELF\\x02" at offset 12, expected "v2"')).toBe('bad magic b"…" at offset N, expected "…"');
  });

  it('should give one text to a char-boundary panic whatever input text it quotes', () => {
    // Arrange: the message of issue #12, reached by two inputs
    const a = "byte index 3 is not a char boundary; it is inside 'Օ' (bytes 2..4) of `<Օ`";
    const b = "byte index 9 is not a char boundary; it is inside 'é' (bytes 8..10) of `abcdefgé{\"`[...]";
    // Act / Assert
    expect(normalizeMessage(a)).toBe("byte index N is not a char boundary; it is inside '…' (bytes N..N) of `…`");
    expect(normalizeMessage(b)).toBe(normalizeMessage(a));
  });

  it('should keep digits that are part of identifiers and type names', () => {
    expect(normalizeMessage('attempt to add with overflow in u64 i32::MAX utf8')).toBe('attempt to add with overflow in u64 i32::MAX utf8');
  });

  it('should collapse multi-line messages to one line', () => {
    expect(normalizeMessage('unsafe precondition(s) violated: x\n\nThis indicates a bug')).toBe(
      'unsafe precondition(s) violated: x This indicates a bug',
    );
  });
});

describe('parseLocation and locationWithoutColumn', () => {
  it('should split file, line and column', () => {
    expect(parseLocation('chunk-parser/src/lib.rs:296:50')).toEqual({ file: 'chunk-parser/src/lib.rs', line: 296, column: 50 });
    expect(parseLocation('lib.rs:12')).toEqual({ file: 'lib.rs', line: 12, column: null });
    expect(parseLocation('probe.4f253d9a1f9a253a-cgu.1')).toBeNull();
  });

  it('should drop the column and normalise the path', () => {
    expect(locationWithoutColumn('/work/main/targets/chunk-parser/src/lib.rs:296:50')).toBe('chunk-parser/src/lib.rs:296');
  });
});
