// Redirects an instrumented module's calls of libc's compare functions to the shim's hooks
// (compare-hooks.c) by rewriting the module's GOT slots, once, when it registers its PC table
// (sancov-shim.c, from the module's constructor: its relocations are done by then).
//
// Only that module's calls change: Node and every other library keep calling libc directly, so
// the hooks cost nothing outside the target. The slots are found the way the dynamic linker fills
// them: the module's dynamic section lists its relocations (DT_RELA, DT_JMPREL); a GLOB_DAT or
// JUMP_SLOT relocation naming `memcmp` (etc.) is the slot to overwrite. Slots inside the module's
// RELRO segment are read-only after relocation: their page is made writable for the store and
// read-only again, as glibc's _dl_protect_relro left it. x86-64 and AArch64 (RELA); elsewhere the
// compare hooks stay off and coverage mode works as before.
//
// References: glibc elf/dl-reloc.c (_dl_protect_relro), elf/get-dynamic-info.h (the dynamic
// section's addresses are relocated in place on most targets, hence `absolute()`).

#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sancov-shim.h"

/** GOT slots redirected so far (for tests and diagnostics). */
static volatile int redirected;

FFZ_EXPORT int ffz_redirected_compares(void) { return redirected; }

#if defined(__x86_64__)
#define GOT_RELOC(info) (ELF64_R_TYPE(info) == R_X86_64_GLOB_DAT || ELF64_R_TYPE(info) == R_X86_64_JUMP_SLOT)
#elif defined(__aarch64__)
#define GOT_RELOC(info) (ELF64_R_TYPE(info) == R_AARCH64_GLOB_DAT || ELF64_R_TYPE(info) == R_AARCH64_JUMP_SLOT)
#else
#define GOT_RELOC(info) ((void)(info), 0)
#endif

struct module {
  uintptr_t base;
  const ElfW(Sym) *symtab;
  const char *strtab;
  /** Page-aligned [lo, hi) that glibc made read-only after relocation. */
  uintptr_t relro_lo, relro_hi;
  uintptr_t page;
};

static uintptr_t absolute(uintptr_t value, uintptr_t base) { return value < base ? value + base : value; }

static void write_slot(const struct module *m, void **slot, void *value) {
  uintptr_t start = (uintptr_t)slot & ~(m->page - 1);
  int readonly = start >= m->relro_lo && start < m->relro_hi;
  if (readonly && mprotect((void *)start, m->page, PROT_READ | PROT_WRITE) != 0) return;
  *slot = value;
  redirected++;
  if (readonly) mprotect((void *)start, m->page, PROT_READ);
}

static void redirect_relocations(const struct module *m, const ElfW(Rela) *rela, size_t bytes) {
  for (size_t i = 0; i < bytes / sizeof *rela; i++) {
    if (!GOT_RELOC(rela[i].r_info)) continue;
    void *hook = ffz_compare_hook(m->strtab + m->symtab[ELF64_R_SYM(rela[i].r_info)].st_name);
    if (hook != NULL) write_slot(m, (void **)(m->base + rela[i].r_offset), hook);
  }
}

static void redirect_module(const struct dl_phdr_info *info) {
  struct module m = {.base = info->dlpi_addr, .page = (uintptr_t)sysconf(_SC_PAGESIZE)};
  const ElfW(Dyn) *dyn = NULL;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type == PT_DYNAMIC) dyn = (const ElfW(Dyn) *)(m.base + ph->p_vaddr);
    if (ph->p_type == PT_GNU_RELRO) {
      m.relro_lo = (m.base + ph->p_vaddr) & ~(m.page - 1);
      m.relro_hi = (m.base + ph->p_vaddr + ph->p_memsz) & ~(m.page - 1);
    }
  }
  if (dyn == NULL) return;
  const ElfW(Rela) *rela = NULL, *jmprel = NULL;
  size_t rela_bytes = 0, jmprel_bytes = 0;
  ElfW(Sxword) pltrel = 0;
  for (; dyn->d_tag != DT_NULL; dyn++) {
    uintptr_t v = dyn->d_un.d_ptr;
    switch (dyn->d_tag) {
      case DT_SYMTAB: m.symtab = (const ElfW(Sym) *)absolute(v, m.base); break;
      case DT_STRTAB: m.strtab = (const char *)absolute(v, m.base); break;
      case DT_RELA: rela = (const ElfW(Rela) *)absolute(v, m.base); break;
      case DT_RELASZ: rela_bytes = dyn->d_un.d_val; break;
      case DT_JMPREL: jmprel = (const ElfW(Rela) *)absolute(v, m.base); break;
      case DT_PLTRELSZ: jmprel_bytes = dyn->d_un.d_val; break;
      case DT_PLTREL: pltrel = dyn->d_un.d_val; break;
      default: break;
    }
  }
  if (m.symtab == NULL || m.strtab == NULL) return;
  if (rela != NULL) redirect_relocations(&m, rela, rela_bytes);
  if (jmprel != NULL && pltrel == DT_RELA) redirect_relocations(&m, jmprel, jmprel_bytes);
}

static int visit(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  uintptr_t code = *(const uintptr_t *)data;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
    if (ph->p_type == PT_LOAD && code - lo < ph->p_memsz) {
      redirect_module(info);
      return 1;
    }
  }
  return 0;
}

void ffz_redirect_compares(uintptr_t code) {
  dl_iterate_phdr(visit, &code);
}
