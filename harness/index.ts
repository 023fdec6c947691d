/**
 * Public API of ffi-fuzz for target specs and programmatic use.
 * Everything else under harness/ is internal.
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
