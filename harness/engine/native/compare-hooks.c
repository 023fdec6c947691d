// Byte-string compare interception for coverage mode (part of the coverage shim; see
// sancov-shim.c). Rust's `==` on `&str`/`&[u8]`, `starts_with` and `match` on string literals,
// and C's strcmp family compile to calls of `bcmp`/`memcmp`/`strcmp`…, which SanitizerCoverage's
// compare tracing does not see. got-patch.c points an instrumented module's GOT slots for those
// functions at the hooks below; each calls libc's function, and when the operands differ and the
// call came from the target's instrumented code (not its uninstrumented std, nor Node: see
// ffz_in_target), records up to 64 bytes of each operand in a small table, like libFuzzer's TORC
// for words. strstr/memmem record the needle that was not found. The engine reads the table
// after running a corpus entry and writes one operand over the other in mutants (cmp-replace),
// and keeps an operand that pays off in its dictionary.
//
// Why not define `memcmp` etc. in the shim: a library opened later with RTLD_GLOBAL does not
// interpose symbols on an object already bound to libc (the global scope lists the executable and
// its dependencies, libc among them, first), and LD_PRELOAD would route every memcmp of Node
// itself through the hook. docs/coverage-mode.md has the measurements.

#define _GNU_SOURCE
#include <string.h>
#include <strings.h>

#include "sancov-shim.h"

#define TOKEN_SLOTS 256 /* power of two */
#define TOKEN_MAX 64

static uint8_t token_a[TOKEN_SLOTS][TOKEN_MAX];
static uint8_t token_b[TOKEN_SLOTS][TOKEN_MAX];
/** Operand lengths; a length of 0 for a with b set is a needle searched for, not a pair. */
static uint8_t token_len_a[TOKEN_SLOTS];
static uint8_t token_len_b[TOKEN_SLOTS];
/** 1 when the slot holds a compare since the last clear. */
static uint8_t token_used[TOKEN_SLOTS];

// Slot by the call site's offset within its page (ASLR-independent, like the integer table) and
// the operands' first bytes, so a keyword table compared in a loop keeps a slot per keyword.
static void record(uintptr_t pc, const uint8_t *a, size_t la, const uint8_t *b, size_t lb) {
  if (la > TOKEN_MAX) la = TOKEN_MAX;
  if (lb > TOKEN_MAX) lb = TOKEN_MAX;
  uint64_t h = (uint64_t)(pc & 0xfff) * 0x9e3779b97f4a7c15ULL ^ ((uint64_t)la << 8 | lb);
  for (size_t i = 0; i < la && i < 8; i++) h = (h ^ a[i]) * 0x100000001b3ULL;
  for (size_t i = 0; i < lb && i < 8; i++) h = (h ^ b[i]) * 0x100000001b3ULL;
  uint32_t slot = (uint32_t)(h >> 40) & (TOKEN_SLOTS - 1);
  for (size_t i = 0; i < la; i++) token_a[slot][i] = a[i];
  for (size_t i = 0; i < lb; i++) token_b[slot][i] = b[i];
  token_len_a[slot] = (uint8_t)la;
  token_len_b[slot] = (uint8_t)lb;
  token_used[slot] = 1;
}

// Each hook: libc's answer first; the caller check only when there is something to learn and the
// engine is recording. A pair hook records both operands (la, lb bytes of them) when they differ;
// a needle hook records the needle when it was not found.
#define PAIR_HOOK(name, params, call, a, la, b, lb)                                                  \
  static int hook_##name params {                                                                   \
    int r = call;                                                                                   \
    if (r != 0 && ffz_recording && ffz_in_target(FFZ_CALLER))                                       \
      record(FFZ_CALLER, (const uint8_t *)(a), (la), (const uint8_t *)(b), (lb));                   \
    return r;                                                                                       \
  }
#define NEEDLE_HOOK(name, result, params, call, needle, length)                                     \
  static result *hook_##name params {                                                               \
    result *r = call;                                                                               \
    size_t n = (length);                                                                            \
    if (r == NULL && n > 0 && ffz_recording && ffz_in_target(FFZ_CALLER))                           \
      record(FFZ_CALLER, NULL, 0, (const uint8_t *)(needle), n);                                    \
    return r;                                                                                       \
  }
#define MIN(x, y) ((x) < (y) ? (x) : (y))

PAIR_HOOK(memcmp, (const void *a, const void *b, size_t n), memcmp(a, b, n), a, n, b, n)
PAIR_HOOK(bcmp, (const void *a, const void *b, size_t n), bcmp(a, b, n), a, n, b, n)
PAIR_HOOK(strcmp, (const char *a, const char *b), strcmp(a, b), a, strnlen(a, TOKEN_MAX), b, strnlen(b, TOKEN_MAX))
PAIR_HOOK(strcasecmp, (const char *a, const char *b), strcasecmp(a, b), a, strnlen(a, TOKEN_MAX), b, strnlen(b, TOKEN_MAX))
PAIR_HOOK(strncmp, (const char *a, const char *b, size_t n), strncmp(a, b, n), a, strnlen(a, MIN(n, TOKEN_MAX)), b,
          strnlen(b, MIN(n, TOKEN_MAX)))
PAIR_HOOK(strncasecmp, (const char *a, const char *b, size_t n), strncasecmp(a, b, n), a, strnlen(a, MIN(n, TOKEN_MAX)), b,
          strnlen(b, MIN(n, TOKEN_MAX)))
NEEDLE_HOOK(strstr, char, (const char *haystack, const char *needle), strstr(haystack, needle), needle, strnlen(needle, TOKEN_MAX))
NEEDLE_HOOK(strcasestr, char, (const char *haystack, const char *needle), strcasestr(haystack, needle), needle,
            strnlen(needle, TOKEN_MAX))
NEEDLE_HOOK(memmem, void, (const void *haystack, size_t hn, const void *needle, size_t nn), memmem(haystack, hn, needle, nn), needle, nn)

static const struct {
  const char *name;
  void *hook;
} hooks[] = {
  {"memcmp", (void *)hook_memcmp},         {"bcmp", (void *)hook_bcmp},
  {"strcmp", (void *)hook_strcmp},         {"strncmp", (void *)hook_strncmp},
  {"strcasecmp", (void *)hook_strcasecmp}, {"strncasecmp", (void *)hook_strncasecmp},
  {"strstr", (void *)hook_strstr},         {"strcasestr", (void *)hook_strcasestr},
  {"memmem", (void *)hook_memmem},
};

void *ffz_compare_hook(const char *name) {
  for (size_t i = 0; i < sizeof hooks / sizeof hooks[0]; i++)
    if (strcmp(name, hooks[i].name) == 0) return hooks[i].hook;
  return NULL;
}

void ffz_clear_byte_compares(void) {
  for (int i = 0; i < TOKEN_SLOTS; i++) token_used[i] = 0;
}

// ---- getters for the engine (koffi): the table as arrays, viewed in place ----------------------

FFZ_EXPORT int ffz_cmpb_slots(void) { return TOKEN_SLOTS; }
FFZ_EXPORT int ffz_cmpb_width(void) { return TOKEN_MAX; }
FFZ_EXPORT uint8_t *ffz_cmpb_a(void) { return &token_a[0][0]; }
FFZ_EXPORT uint8_t *ffz_cmpb_b(void) { return &token_b[0][0]; }
FFZ_EXPORT uint8_t *ffz_cmpb_len_a(void) { return token_len_a; }
FFZ_EXPORT uint8_t *ffz_cmpb_len_b(void) { return token_len_b; }
FFZ_EXPORT uint8_t *ffz_cmpb_used(void) { return token_used; }
