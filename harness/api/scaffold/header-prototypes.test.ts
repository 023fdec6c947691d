import { describe, expect, it } from 'vitest';
import { headerPrototypes } from './header-prototypes.js';

describe('headerPrototypes', () => {
  it('should read function declarations and skip comments, macros, typedefs, structs and bodies', () => {
    // Arrange
    const header = `
      #ifndef FOO_H
      #define FOO_H \\
              1
      #include <stdint.h>
      #ifdef __cplusplus
      extern "C" {
      #endif
      /* Parses one packet.
         Returns -1 on error. */
      typedef struct foo_ctx foo_ctx;
      struct job { uint32_t id; uint64_t offset; };
      FOO_API int32_t foo_parse(const uint8_t * data, size_t len); // trailing
      extern foo_ctx *foo_new(void);
      void foo_free(foo_ctx *ctx) __attribute__((nonnull));
      static inline int foo_twice(int x) { return 2 * x; }
      const char* foo_last_error();
      #ifdef __cplusplus
      }
      #endif
      #endif`;
    // Act
    const found = headerPrototypes(header);
    // Assert
    expect(Object.fromEntries(found)).toEqual({
      foo_parse: 'int32_t foo_parse(const uint8_t *data, size_t len)',
      foo_new: 'foo_ctx *foo_new(void)',
      foo_free: 'void foo_free(foo_ctx *ctx)',
      foo_last_error: 'const char *foo_last_error(void)',
    });
  });
});
