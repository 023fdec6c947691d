import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { childCpuMs } from './child-cpu.js';

/** The C compiler whose `-fsanitize=fuzzer` links libFuzzer (Debian: clang-22, libclang-rt-22-dev). */
const CLANG = process.env.CLANG_LIBFUZZER ?? 'clang-22';

/** libFuzzer on this machine: the compiler that links it, or why it cannot be used. */
export type LibFuzzer = { readonly available: true; readonly clang: string } | { readonly available: false; readonly reason: string };

/** A function of the instrumented library a driver calls: `int32_t name(const uint8_t *data, <length type> len)`. */
export interface DriverTarget {
  readonly library: string;
  readonly symbol: string;
  /** The C type of the length parameter (`size_t`, `int32_t`). */
  readonly lengthType: string;
}

/** One libFuzzer run: what it found, how long it took, how many inputs it ran. */
export interface LibFuzzerRun {
  /** The kind of artifact it wrote (crash, timeout, oom, leak); null when the budget ran out first. */
  readonly found: string | null;
  readonly wallMs: number;
  /** CPU time of the libFuzzer process. */
  readonly cpuMs: number;
  /** `stat::number_of_executed_units`. */
  readonly execs: number;
  readonly execsPerSecond: number;
}

/** Whether clang with libFuzzer can build a driver here: a real compile and link of an empty one. */
export async function findLibFuzzer(): Promise<LibFuzzer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-lf-probe-'));
  try {
    const source = path.join(dir, 'probe.c');
    fs.writeFileSync(source, 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n');
    const r = await execa(CLANG, ['-fsanitize=fuzzer', source, '-o', path.join(dir, 'probe')], { reject: false });
    if (r.failed) {
      const why = r.exitCode === undefined ? `${CLANG} is not installed` : String(r.stderr).trim().split('\n').slice(-1)[0];
      return { available: false, reason: `no libFuzzer: ${why} (apt-get install clang-22 libclang-rt-22-dev, or set CLANG_LIBFUZZER)` };
    }
    return { available: true, clang: CLANG };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A libFuzzer binary whose LLVMFuzzerTestOneInput calls `target` in the same instrumented library
 * ffi-fuzz loads (linked against it, so its SanitizerCoverage counters and compares report to
 * libFuzzer), built next to the library and rebuilt when the library is newer.
 */
export async function libFuzzerDriver(lf: Extract<LibFuzzer, { available: true }>, target: DriverTarget): Promise<string> {
  const binary = path.join(path.dirname(target.library), `libfuzzer-${target.symbol}`);
  if (fs.existsSync(binary) && fs.statSync(binary).mtimeMs >= fs.statSync(target.library).mtimeMs) return binary;
  const source = `${binary}.c`;
  fs.writeFileSync(
    source,
    [
      '#include <stddef.h>',
      '#include <stdint.h>',
      `int32_t ${target.symbol}(const uint8_t *data, ${target.lengthType} len);`,
      `int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { ${target.symbol}(data, (${target.lengthType})size); return 0; }`,
      '',
    ].join('\n'),
  );
  // Linked by path: a cargo cdylib has no soname, so the driver records this path and needs no rpath.
  const r = await execa(lf.clang, ['-O2', '-fsanitize=fuzzer', source, target.library, '-o', binary], { reject: false });
  if (r.failed)
    throw new Error(
      `building the libFuzzer driver for ${target.symbol} failed: ${String(r.stderr).trim().split('\n').slice(-3).join(' | ')}`,
    );
  return binary;
}

/**
 * Runs a libFuzzer driver from an empty corpus for at most `seconds` (it stops at its first
 * finding), without RUST_BACKTRACE (ffi-fuzz's coverage children run without it too).
 */
export async function runLibFuzzer(driver: string, seconds: number, flags: readonly string[]): Promise<LibFuzzerRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-lf-'));
  try {
    const corpus = path.join(dir, 'corpus');
    fs.mkdirSync(corpus);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'RUST_BACKTRACE'));
    const args = [`-max_total_time=${seconds}`, '-print_final_stats=1', `-artifact_prefix=${dir}/`, ...flags, corpus];
    const cpu = childCpuMs();
    const started = performance.now();
    const r = await execa(driver, args, { reject: false, env, extendEnv: false, cwd: dir, timeout: (seconds + 60) * 1000 });
    const wallMs = performance.now() - started;
    const stat = (name: string) => Number(new RegExp(`stat::${name}:\\s*(\\d+)`).exec(String(r.stderr))?.[1] ?? Number.NaN);
    const artifact = fs.readdirSync(dir).find((f) => /^(crash|timeout|oom|leak)-/.test(f));
    const execs = stat('number_of_executed_units');
    if (!Number.isFinite(execs))
      throw new Error(
        `libFuzzer printed no final stats (exit ${r.exitCode}): ${String(r.stderr).trim().split('\n').slice(-3).join(' | ')}`,
      );
    return {
      found: artifact === undefined ? null : artifact.split('-')[0]!,
      wallMs,
      cpuMs: childCpuMs() - cpu,
      execs,
      execsPerSecond: execs / Math.max(1e-9, wallMs / 1000),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
