// ffi-fuzz coverage shim: the SanitizerCoverage runtime for coverage mode. A target built with
// `ffi-fuzz build --profile coverage` (rustc -Cpasses=sancov-module, inline 8-bit counters, PC
// table, compare tracing) calls these hooks; nothing else provides them, since the harness does
// not link libFuzzer. Built by the supervisor with the system C compiler, together with
// compare-hooks.c and got-patch.c (harness/toolchain/sancov-build.ts), and loaded with koffi
// BEFORE the target, with `{ global: true }` (RTLD_GLOBAL), so the dynamic linker resolves the
// target's undefined `__sanitizer_cov_*` symbols here (harness/engine/coverage/sancov-runtime.ts).
//
// What it keeps, for JavaScript to read in place through koffi.view (no copy per execution):
//   - every 8-bit counter region a module registers (one per instrumented library),
//   - a table of recent integer compare operands, indexed by a hash of the compare's call site and
//     its operands, like libFuzzer's TORC: a loop compare keeps one slot instead of flooding it;
//     filled only while the engine runs a corpus entry to read its compares (ffz_recording), so
//     the mutants' runs pay one load and branch per compare,
//   - (compare-hooks.c) a table of recent byte-string compares: memcmp, strcmp, strstr… made by
//     the target, whose calls got-patch.c redirects to the shim when the module registers.
// The hooks run inside the target on every compare: no locks, no allocation, plain stores.
// Threads race benignly on the tables (coverage mode runs one thread per process).
//
// Reference: https://clang.llvm.org/docs/SanitizerCoverage.html

#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sancov-shim.h"

#define MAX_REGIONS FFZ_MAX_REGIONS
#define CMP_SLOTS 1024 /* power of two */
#define PROBES 4

static uint8_t *counters_start[MAX_REGIONS];
static uint8_t *counters_stop[MAX_REGIONS];
static const uintptr_t *pcs_start[MAX_REGIONS];
static const uintptr_t *pcs_stop[MAX_REGIONS];
static volatile int counter_regions;
static volatile int pc_regions;
uintptr_t ffz_code_lo[FFZ_MAX_REGIONS];
uintptr_t ffz_code_hi[FFZ_MAX_REGIONS];
volatile int ffz_code_regions;
volatile int32_t ffz_recording;

// The compare table, struct-of-arrays so JS can view each array as one typed array.
static uint64_t cmp_a[CMP_SLOTS];
static uint64_t cmp_b[CMP_SLOTS];
static uint8_t cmp_size[CMP_SLOTS]; /* operand width in bytes; 0 = empty slot */
static uint16_t cmp_site[CMP_SLOTS]; /* the call site's offset in its page: the engine orders the log by it */
static volatile uint64_t cmp_count;

// Where the brk heap starts: Node's executable is not position-independent, so malloc'd blocks
// sit at small addresses (0x2c000000), not only at the 0x7f… of mmap'd memory.
static uintptr_t heap_start;

// The start of the [heap] mapping, or 0 (read once, when the first module registers).
static uintptr_t find_heap_start(void) {
  char buf[256];
  FILE *maps = fopen("/proc/self/maps", "r");
  uintptr_t lo = 0;
  if (maps == NULL) return 0;
  while (fgets(buf, sizeof buf, maps) != NULL)
    if (strstr(buf, "[heap]") != NULL && sscanf(buf, "%lx-", &lo) == 1) break;
  fclose(maps);
  return lo;
}

// ---- hooks the instrumented module calls -------------------------------------------------------

FFZ_EXPORT void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop) {
  int n = counter_regions;
  if (start == stop || n >= MAX_REGIONS) return;
  for (int i = 0; i < n; i++)
    if (counters_start[i] == start) return; /* the same module registered twice */
  counters_start[n] = start;
  counters_stop[n] = stop;
  counter_regions = n + 1;
}

// Every code unit of a module registers the same table (the linker's __start/__stop bounds):
// the first registration also records the module's code span and redirects its compare calls.
FFZ_EXPORT void __sanitizer_cov_pcs_init(const uintptr_t *start, const uintptr_t *stop) {
  int n = pc_regions;
  if (start == stop || n >= MAX_REGIONS) return;
  for (int i = 0; i < n; i++)
    if (pcs_start[i] == start) return;
  pcs_start[n] = start;
  pcs_stop[n] = stop;
  pc_regions = n + 1;
  // (pc, flags) pairs: the span from the first to the last block, plus room for the last one's calls.
  // The table is one array per compilation unit, and the linker may pad between them, so a pair
  // can start at an odd word: every word that is not a flags value (0 or 1) is a pc.
  uintptr_t lo = UINTPTR_MAX, hi = 0;
  for (const uintptr_t *p = start; p < stop; p++) {
    if (*p <= 1) continue;
    if (*p < lo) lo = *p;
    if (*p > hi) hi = *p;
  }
  if (lo > hi) return;
  if (heap_start == 0) heap_start = find_heap_start();
  int c = ffz_code_regions;
  ffz_code_lo[c] = lo;
  ffz_code_hi[c] = hi + 4096;
  ffz_code_regions = c + 1;
  ffz_redirect_compares(lo);
}

// A user-space address (an iterator's `ptr == end`, a UB check's null or alignment test): never in
// the input, and it changes from run to run with ASLR and the heap, which would make the table,
// and with it a seeded campaign, differ between runs. (A distance between two heap blocks, which
// debug assertions compare before every copy, also varies, and is not recognised.)
static inline int is_address(uint64_t v) {
  return (v >= (1ULL << 40) && v < (1ULL << 47)) || (heap_start != 0 && v >= heap_start && v < (uintptr_t)sbrk(0));
}

// The slot depends on the call site's offset within its page, not its address: ASLR moves a
// library by whole pages, so one seed fills the same slots in every process (a campaign with one
// job repeats itself). A taken slot passes the compare to the next few, so an operand that varies
// between runs does not evict a different compare in one run and not in another.
static inline void record(uintptr_t pc, uint64_t a, uint64_t b, uint8_t size) {
  if (!ffz_recording || a == b) return; /* nothing to learn from operands that already match */
  if (size == 8 && (is_address(a) || is_address(b))) return;
  uint64_t h = (uint64_t)(pc & 0xfff) * 0x9e3779b97f4a7c15ULL ^ ((a ^ b) * 0xff51afd7ed558ccdULL);
  uint32_t slot = (uint32_t)(h >> 40) & (CMP_SLOTS - 1);
  for (uint32_t k = 0; k < PROBES; k++) {
    uint32_t s = (slot + k) & (CMP_SLOTS - 1);
    if (cmp_size[s] == 0 || (cmp_a[s] == a && cmp_b[s] == b)) {
      slot = s;
      break;
    }
  }
  cmp_a[slot] = a;
  cmp_b[slot] = b;
  cmp_size[slot] = size;
  cmp_site[slot] = (uint16_t)(pc & 0xfff);
  cmp_count++;
}

#define PC FFZ_CALLER

FFZ_EXPORT void __sanitizer_cov_trace_cmp1(uint8_t a, uint8_t b) { record(PC, a, b, 1); }
FFZ_EXPORT void __sanitizer_cov_trace_cmp2(uint16_t a, uint16_t b) { record(PC, a, b, 2); }
FFZ_EXPORT void __sanitizer_cov_trace_cmp4(uint32_t a, uint32_t b) { record(PC, a, b, 4); }
FFZ_EXPORT void __sanitizer_cov_trace_cmp8(uint64_t a, uint64_t b) { record(PC, a, b, 8); }
// const_cmp: the first operand is a compile-time constant (magic numbers, tags, keywords).
FFZ_EXPORT void __sanitizer_cov_trace_const_cmp1(uint8_t a, uint8_t b) { record(PC, a, b, 1); }
FFZ_EXPORT void __sanitizer_cov_trace_const_cmp2(uint16_t a, uint16_t b) { record(PC, a, b, 2); }
FFZ_EXPORT void __sanitizer_cov_trace_const_cmp4(uint32_t a, uint32_t b) { record(PC, a, b, 4); }
FFZ_EXPORT void __sanitizer_cov_trace_const_cmp8(uint64_t a, uint64_t b) { record(PC, a, b, 8); }

// cases[0]: number of cases, cases[1]: width in bits, cases[2..]: the case values.
FFZ_EXPORT void __sanitizer_cov_trace_switch(uint64_t value, uint64_t *cases) {
  if (!ffz_recording) return;
  uint64_t n = cases[0];
  uint8_t size = (uint8_t)(cases[1] / 8);
  uintptr_t pc = PC;
  for (uint64_t i = 0; i < n && i < 16; i++) record(pc + i, cases[2 + i], value, size ? size : 8);
}

// Emitted only with -sanitizer-coverage-trace-divs / -trace-geps, which the coverage profile
// does not pass; defined so a library built with them still loads.
FFZ_EXPORT void __sanitizer_cov_trace_div4(uint32_t v) { (void)v; }
FFZ_EXPORT void __sanitizer_cov_trace_div8(uint64_t v) { (void)v; }
FFZ_EXPORT void __sanitizer_cov_trace_gep(uintptr_t idx) { (void)idx; }
FFZ_EXPORT void __sanitizer_cov_trace_pc_indir(uintptr_t callee) { (void)callee; }

// ---- getters for the engine (koffi) ------------------------------------------------------------

FFZ_EXPORT int ffz_cov_regions(void) { return counter_regions; }
FFZ_EXPORT uint8_t *ffz_cov_counters(int i) { return i >= 0 && i < counter_regions ? counters_start[i] : NULL; }
FFZ_EXPORT size_t ffz_cov_counters_len(int i) { return i >= 0 && i < counter_regions ? (size_t)(counters_stop[i] - counters_start[i]) : 0; }
FFZ_EXPORT int ffz_cov_pc_regions(void) { return pc_regions; }
FFZ_EXPORT const uintptr_t *ffz_cov_pcs(int i) { return i >= 0 && i < pc_regions ? pcs_start[i] : NULL; }
/** Entries of the PC table of region i: (pc, flags) pairs, one per counter. */
FFZ_EXPORT size_t ffz_cov_pcs_len(int i) { return i >= 0 && i < pc_regions ? (size_t)(pcs_stop[i] - pcs_start[i]) / 2 : 0; }

FFZ_EXPORT int ffz_cmp_slots(void) { return CMP_SLOTS; }
FFZ_EXPORT uint64_t *ffz_cmp_a(void) { return cmp_a; }
FFZ_EXPORT uint64_t *ffz_cmp_b(void) { return cmp_b; }
FFZ_EXPORT uint8_t *ffz_cmp_size(void) { return cmp_size; }
FFZ_EXPORT uint16_t *ffz_cmp_site(void) { return cmp_site; }
FFZ_EXPORT uint64_t ffz_cmp_count(void) { return cmp_count; }
/** The switch of both compare tables: the engine sets it only around the run whose compares it reads. */
FFZ_EXPORT volatile int32_t *ffz_cmp_recording(void) { return &ffz_recording; }
FFZ_EXPORT void ffz_cmp_clear(void) {
  for (int i = 0; i < CMP_SLOTS; i++) cmp_size[i] = 0;
  ffz_clear_byte_compares();
}
