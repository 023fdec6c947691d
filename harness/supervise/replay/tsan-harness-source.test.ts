import { describe, expect, it } from 'vitest';
import type { InlineSpec } from '../../ffi/inline-spec.js';
import { tsanHarnessSource } from './tsan-harness-source.js';

const spec: InlineSpec = {
  name: 'chunk-parser',
  functions: { parse_chunk: { prototype: 'int32_t parse_chunk(const uint8_t *ptr, int32_t len)', lastError: 'get_last_error' } },
  helpers: { get_last_error: 'const char *get_last_error(void)' },
};

describe('tsanHarnessSource', () => {
  it('should replay each recorded thread on its own std thread behind one barrier, reading the last error after each call', () => {
    // Arrange
    const threads = [
      [
        {
          fn: 'parse_chunk',
          args: [
            { kind: 'buffer' as const, hex: '7b7d', align: 3 },
            { kind: 'length' as const, of: 0 },
          ],
        },
      ],
      [{ fn: 'parse_chunk', args: [{ kind: 'null' as const }, { kind: 'int' as const, value: '-1' }] }],
    ];
    // Act
    const source = tsanHarnessSource(spec, threads, 50, 'race-1d1113331c83');
    // Assert
    expect(source).toContain('type F0 = unsafe extern "C" fn(*mut u8, i32) -> i32;');
    expect(source).toContain('let barrier = Arc::new(Barrier::new(2));');
    expect(source).toContain('let mut b0_0 = Placed::new(b"\\x7b\\x7d", 2, 3);');
    expect(source).toContain('f0(b0_0.ptr(), (2i128 as i32))');
    expect(source).toContain('f0(std::ptr::null_mut(), (-1i128 as i32))');
    expect(source.match(/let m = unsafe \{ g0\(\) \};/g)).toHaveLength(2);
    expect(source.match(/for _ in 0\.\.50 \{/g)).toHaveLength(2);
  });

  it('should refuse a record calling a function its spec does not declare', () => {
    expect(() => tsanHarnessSource(spec, [[{ fn: 'other', args: [] }]], 1, 'x')).toThrow(/does not declare/);
  });
});
