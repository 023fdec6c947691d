import type { EngineJob } from '../../engine/protocol.js';

/**
 * The Rust backtrace settings of a child, by the work it runs. Coverage work runs without
 * backtraces: a library that captures one per error (error-chain and the `backtrace` crate read
 * RUST_BACKTRACE, `std::backtrace` and anyhow read RUST_LIB_BACKTRACE first) would otherwise pay
 * for it on every rejected input — quick-xml 0.10 runs 3× slower — and the capture's own
 * instrumented code (gimli, addr2line) fills the coverage map with edges that say nothing about
 * the input. A panic still prints its message and location; the campaign replays a new one with
 * backtraces to sign it (campaign/retriage.ts). Everything else keeps the RUST_BACKTRACE=1 the
 * engine child starts with (run-engine.ts): property lives, replays, repro, minimize.
 */
export function backtraceEnv(work: EngineJob['work']): Readonly<Record<string, string>> {
  return work.kind === 'coverage' ? { RUST_BACKTRACE: '0', RUST_LIB_BACKTRACE: '0' } : {};
}
