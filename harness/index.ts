/**
 * Public API of ffi-fuzz (`import … from 'ffi-fuzz'`): defineTarget and the spec types for a
 * target.ts, and fuzz / replay / repro returning results as values. The test-runner helpers are
 * `ffi-fuzz/vitest` (harness/vitest/). Everything else under harness/ is internal.
 */
export { defineTarget, SURVIVABLE } from './ffi/target-spec.js';
export type {
  BufferParamSpec,
  CapacityParamSpec,
  ContractSpec,
  CStringParamSpec,
  ErrorReturn,
  FixedParamSpec,
  FunctionSpec,
  HandleParamSpec,
  IntegerParamSpec,
  LibrarySpec,
  OutputParamSpec,
  ParamSpec,
  ReturnSpec,
  Survivable,
  TargetSpec,
} from './ffi/target-spec.js';
export type { ArgValue, CallInput } from './model/call-input.js';
export type { LifecycleSpec } from './ffi/lifecycle-spec.js';
export type { CrashRecord } from './store/crash-record.js';
export { ExitCode } from './model/exit-codes.js';
export { HarnessError } from './model/harness-error.js';
export { fuzz } from './api/fuzz.js';
export type { Finding, FuzzOptions, FuzzResult } from './api/fuzz.js';
export { corpusEntries, replay } from './api/replay.js';
export type { CorpusEntry, CorpusReplay, ReplayedEntry, ReplayOptions } from './api/replay.js';
export { repro } from './api/repro.js';
export type { ReproOptions, ReproResult } from './api/repro.js';
export type { RunSummary } from './report/run-summary.js';
export type { HarnessOptions } from './config/options.js';
export { init } from './api/init.js';
export type { InitOptions, InitResult } from './api/init.js';
