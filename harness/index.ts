/**
 * Public API of ffi-fuzz for target specs and programmatic use.
 * Everything else under harness/ is internal.
 */
export { defineTarget, SURVIVABLE } from './ffi/target-spec.js';
export type {
  BufferParamSpec,
  ContractSpec,
  ErrorReturn,
  FunctionSpec,
  IntegerParamSpec,
  LibrarySpec,
  OutputParamSpec,
  ParamSpec,
  Survivable,
  TargetSpec,
} from './ffi/target-spec.js';
export type { LifecycleSpec } from './ffi/lifecycle-spec.js';
export type { CrashRecord } from './store/crash-record.js';
export { ExitCode } from './model/exit-codes.js';
export { HarnessError } from './model/harness-error.js';
