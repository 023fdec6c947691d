import fs from 'node:fs';
import koffi from 'koffi';
import { readElfDynamic } from '../debuginfo/elf-dynamic.js';
import { withAbiErrors } from '../debuginfo/harness-error-of.js';

const RTLD_NOW = 2;
const RTLD_NOLOAD = 4;
const RTLD_DI_LINKMAP = 2;

/** Where one symbol a library reaches through a GOT slot resolved. */
export interface SymbolBinding {
  readonly symbol: string;
  /** The object holding the address in the slot, as /proc/self/maps names it ('' when anonymous). */
  readonly object: string;
  /** The library defines the symbol itself: an internal call. */
  readonly definedHere: boolean;
}

/** What {@link checkBindings} found. */
export interface BindingCheck {
  /** Symbol slots read. */
  readonly checked: number;
  /** Every slot, where it points. */
  readonly bindings: readonly SymbolBinding[];
  /** The slots that point into code of the host executable (node): the library would run the host's copy. */
  readonly host: readonly SymbolBinding[];
  /** The host executable's path. */
  readonly hostPath: string;
}

interface Dl {
  dlopen(file: string, mode: number): unknown;
  dlclose(handle: unknown): number;
  dlinfo(handle: unknown, request: number, out: unknown[]): number;
}

let dl: Dl | undefined;

function bindDl(): Dl {
  if (dl !== undefined) return dl;
  const c = koffi.load('libc.so.6');
  dl = {
    dlopen: c.func('void *dlopen(const char *file, int mode)') as Dl['dlopen'],
    dlclose: c.func('int dlclose(void *handle)') as Dl['dlclose'],
    dlinfo: c.func('int dlinfo(void *handle, int request, _Out_ void **arg)') as Dl['dlinfo'],
  };
  return dl;
}

/**
 * For a library already loaded in this process (RTLD_NOW, koffi's default, so every PLT slot is
 * bound): which object each symbol it reaches through its GOT resolved to. dlsym cannot tell:
 * `dlsym(libz, "uncompress")` is libz's either way; what goes wrong is the next call, from libz's
 * `uncompress` through its PLT slot for `uncompress2`, which the dynamic linker may have filled
 * from the global scope, where the `node` executable (exporting its own zlib, OpenSSL, libuv…)
 * comes first. So this reads the slots (load address + relocation offset, from the file's
 * `.rela.dyn`/`.rela.plt`, which `strip` keeps) and looks each address up in /proc/self/maps. A
 * slot pointing into the host's PLT (a canonical PLT entry of a libc function node calls by
 * address) is libc's function, not host code.
 */
export function checkBindings(file: string): BindingCheck {
  const { relocations } = withAbiErrors(() => readElfDynamic(file));
  const hostPath = fs.realpathSync('/proc/self/exe');
  const loadAddress = loadAddressOf(file);
  const maps = mappings();
  const hostPlt = pltRanges(hostPath, maps);
  const bindings: SymbolBinding[] = [];
  const host: SymbolBinding[] = [];
  for (const r of relocations) {
    const value = new BigUint64Array(koffi.view(loadAddress + r.offset, 8))[0]!;
    if (value === 0n) continue;
    const object = maps.find((m) => value >= m.start && value < m.end)?.path ?? '';
    const binding = { symbol: r.symbol, object, definedHere: r.definedHere };
    bindings.push(binding);
    if (object === hostPath && !hostPlt.some(([start, end]) => value >= start && value < end)) host.push(binding);
  }
  return { checked: bindings.length, bindings, host, hostPath };
}

// The link map's l_addr: what every relocation offset of the file is relative to.
function loadAddressOf(file: string): bigint {
  const c = bindDl();
  const handle = c.dlopen(file, RTLD_NOW | RTLD_NOLOAD);
  if (handle === null || handle === 0n) throw new Error(`${file} is not loaded in this process`);
  try {
    const map: unknown[] = [null];
    if (c.dlinfo(handle, RTLD_DI_LINKMAP, map) !== 0) throw new Error(`dlinfo(RTLD_DI_LINKMAP) failed for ${file}`);
    return new BigUint64Array(koffi.view(map[0] as bigint, 8))[0]!;
  } finally {
    c.dlclose(handle); // drops only the reference RTLD_NOLOAD took
  }
}

interface Mapping {
  readonly start: bigint;
  readonly end: bigint;
  readonly offset: bigint;
  readonly path: string;
}

function mappings(): Mapping[] {
  return fs
    .readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .flatMap((line) => {
      const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ ([0-9a-f]+) \S+ \d+\s*(.*)$/.exec(line);
      return m === null ? [] : [{ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), offset: BigInt(`0x${m[3]}`), path: m[4]! }];
    });
}

// The host's PLT sections, at their run-time addresses (a PIE host is shifted by its load base).
function pltRanges(hostPath: string, maps: readonly Mapping[]): [bigint, bigint][] {
  const elf = withAbiErrors(() => readElfDynamic(hostPath, false));
  const base = elf.positionIndependent ? (maps.find((m) => m.path === hostPath && m.offset === 0n)?.start ?? 0n) : 0n;
  return elf.sections.filter((s) => s.name.startsWith('.plt')).map((s) => [base + s.address, base + s.address + BigInt(s.size)]);
}
