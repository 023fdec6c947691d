import { beforeAll, describe, expect, it } from 'vitest';
import { buildCLibrary } from '../abi/test-support/c-ground-truth.js';
import { buildRustTargets } from '../abi/test-support/rust-targets.js';
import { HarnessError } from '../model/harness-error.js';
import { discoverFunctions, renderDiscovery } from './discover-functions.js';

describe('discoverFunctions', () => {
  let libs: Record<'chunk-parser' | 'job-layout', string>;

  beforeAll(() => {
    libs = buildRustTargets(['chunk-parser', 'job-layout']);
  }, 600_000);

  it('should keep the function it can generate arguments for and skip the getter, saying why', () => {
    // Arrange / Act
    const discovery = discoverFunctions(libs['chunk-parser']);
    // Assert
    expect(discovery.prototypes).toEqual(['int32_t parse_chunk(const uint8_t *ptr, int32_t len)']);
    expect(discovery.skipped).toEqual([
      {
        name: 'get_last_error',
        prototype: 'const char *get_last_error(void)',
        reason: expect.stringMatching(/^takes no parameters/),
        snippet: "helpers: { get_last_error: 'const char *get_last_error(void)' }",
      },
    ]);
    expect(renderDiscovery(libs['chunk-parser'], discovery)[0]).toBe(
      'discovered 2 exported function(s) in libchunk_parser.so; fuzzing parse_chunk',
    );
  });

  it('should skip a struct pointer, whose caller-side size only a spec knows', () => {
    // Arrange / Act
    const discovery = discoverFunctions(libs['job-layout']);
    // Assert
    expect(discovery.prototypes).toEqual([]);
    expect(discovery.skipped.find((s) => s.name === 'job_fill')).toMatchObject({
      reason: 'takes a Job *, whose size as the caller allocates it only a spec can say',
      snippet: 'structs: { Job: koffi.struct(…) }',
    });
  });

  it('should skip a variadic function and a releaser, keep the plain ones of a C library, and say which it calls with a guessed range', () => {
    // Arrange
    const lib = buildCLibrary(
      '#include <stdint.h>\n#include <stddef.h>\nint sum(const uint8_t *p, size_t n) { int s = 0; for (size_t i = 0; i < n; i++) s += p[i]; return s; }\nint logf_(const char *fmt, ...) { return fmt[0]; }\nvoid buffer_free(uint8_t *p) { (void)p; }\nstatic const char *names[] = {"ok", "bad"};\nconst char *code_name(int code) { return names[code]; }\n',
      { debug: true, name: 'disc' },
    );
    // Act
    const discovery = discoverFunctions(lib);
    // Assert
    expect(discovery.prototypes).toEqual(['int sum(const uint8_t *p, size_t n)', 'const char *code_name(int code)']);
    expect(discovery.skipped.map((s) => s.name)).toEqual(['logf_', 'buffer_free']);
    expect(discovery.skipped[1]!.reason).toMatch(/^releases what the library returned \(by its name\)/);
    expect(discovery.guessed).toEqual([
      {
        name: 'code_name',
        reason: "'code': an int whose valid values (an index, an enum, flags) only a spec can say",
        snippet: 'params: { code: { values: fc.integer({ min: <lowest valid>, max: <highest valid> }) } }',
      },
    ]);
    expect(renderDiscovery(lib, discovery)).toContain(
      "  contract unknown for code_name: 'code': an int whose valid values (an index, an enum, flags) only a spec can say (its findings are not bugs until a spec says so)",
    );
  });

  it('should fail with exit 2 on a library without debug info', () => {
    // Arrange
    const lib = buildCLibrary('int f(int x) { return x; }\n', { debug: false, name: 'nodebug' });
    // Act / Assert
    expect(() => discoverFunctions(lib)).toThrow(HarnessError);
    try {
      discoverFunctions(lib);
    } catch (error) {
      expect((error as HarnessError).exitCode).toBe(2);
      expect((error as HarnessError).message).toContain('has no DWARF debug info');
    }
  });
});
