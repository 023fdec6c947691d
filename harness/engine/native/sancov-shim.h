// Shared between the coverage shim's files (sancov-shim.c, compare-hooks.c, got-patch.c), which
// are compiled together into one library (harness/toolchain/sancov-build.ts) with
// -fvisibility=hidden: only what is marked FFZ_EXPORT is visible to the dynamic linker.
#ifndef FFZ_SANCOV_SHIM_H
#define FFZ_SANCOV_SHIM_H

#include <stddef.h>
#include <stdint.h>

#define FFZ_EXPORT __attribute__((visibility("default")))

/** The address an instrumented call returns to: the call site, inside the target. */
#define FFZ_CALLER ((uintptr_t)__builtin_return_address(0))

#define FFZ_MAX_REGIONS 64

/** [lo, hi) spans of the instrumented code of each module (from its PC table), and their count. */
extern uintptr_t ffz_code_lo[FFZ_MAX_REGIONS];
extern uintptr_t ffz_code_hi[FFZ_MAX_REGIONS];
extern volatile int ffz_code_regions;

/** Nonzero while the engine wants compares recorded (sancov-shim.c); the hooks skip the work otherwise. */
extern volatile int32_t ffz_recording;

/** Whether `pc` lies in an instrumented module's code: a compare made by the target, not by Node. */
static inline int ffz_in_target(uintptr_t pc) {
  for (int i = 0, n = ffz_code_regions; i < n; i++)
    if (pc - ffz_code_lo[i] < ffz_code_hi[i] - ffz_code_lo[i]) return 1;
  return 0;
}

/** The shim's replacement for a libc compare function (`memcmp`, `strstr`, …), or NULL. */
void *ffz_compare_hook(const char *name);

/** Points the GOT slots of the module containing `code` for libc's compare functions at the hooks. */
void ffz_redirect_compares(uintptr_t code);

/** Forgets the byte-string compare table's contents (part of ffz_cmp_clear). */
void ffz_clear_byte_compares(void);

#endif
