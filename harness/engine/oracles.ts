import type { ParamPlan, ResolvedFunction } from '../ffi/resolve-target.js';
import { declaredLengthOf, type CallInput } from '../model/call-input.js';
import type { CallEffects } from './invoke.js';
import { renderResult, type Outcome } from '../model/outcome.js';

/** What the last-error oracle remembers about the previous call on this thread. */
export interface LastErrorMemory {
  result: string | undefined;
  message: string | undefined;
}

/**
 * True when the contract calls this input invalid: NULL for a pointer that is not `nullable` (nor
 * fixed to NULL, nor a handle that may be NULL), or a negative declared length.
 */
export function isContractInvalid(fn: ResolvedFunction, input: CallInput): boolean {
  return input.args.some((a, i) => (a.kind === 'null' && !allowsNull(fn.params[i])) || (a.kind === 'buffer' && declaredLengthOf(a) < 0));
}

function allowsNull(plan: ParamPlan | undefined): boolean {
  switch (plan?.role) {
    case 'buffer':
    case 'cstring':
    case 'capacity':
    case 'handle':
      return plan.nullable;
    case 'fixed':
      return plan.value === null;
    default:
      return false;
  }
}

/** True when `result` signals an error under the function's contract. */
export function isErrorResult(fn: ResolvedFunction, result: unknown): boolean {
  switch (fn.errorReturn) {
    case 'negative':
      return typeof result === 'bigint' ? result < 0n : typeof result === 'number' && result < 0;
    case 'nonzero':
      return result !== 0 && result !== 0n && result !== false;
    case 'zero':
      return result === 0 || result === 0n || result === false;
    case 'null':
      return result === null || result === 0n;
    case undefined:
      return false;
    default: {
      const never: never = fn.errorReturn;
      return never;
    }
  }
}

/**
 * Judges one returned call: red zones, const inputs, the error-return contract, and the
 * last-error contract (an error sets a message of its own, not the previous call's).
 * `lastError` reads the target's last-error text right after the call, on the same thread.
 */
export function judgeCall(
  fn: ResolvedFunction,
  input: CallInput,
  effects: CallEffects,
  lastError: (() => string | undefined) | undefined,
  memory: LastErrorMemory,
): Outcome {
  if (effects.skipped === true) return { kind: 'ok', result: 'not called (a handle argument is NULL: its creation failed)' };
  const result = renderResult(effects.result);
  if (effects.damage !== undefined) {
    const d = effects.damage;
    const name = fn.params[d.param]?.name ?? `arg${d.param}`;
    const size = sizeOf(input, d.param);
    const where =
      d.offset < 0
        ? `before the start of '${name}' (${size} bytes), at offset ${d.offset}`
        : `past the end of '${name}' (${size} bytes), at offset ${d.offset}`;
    return {
      kind: 'oob-write',
      result,
      damage: d,
      message: `${fn.name} wrote ${d.length} bytes ${where}..${d.offset + d.length - 1}: found ${d.found}`,
    };
  }
  if (effects.constChanged !== undefined) {
    const { param, offset } = effects.constChanged;
    return {
      kind: 'wrong-result',
      result,
      oracle: 'const-input',
      message: `${fn.name} modified its const input '${fn.params[param]?.name}' at byte ${offset}`,
    };
  }
  const broken = judgeReturnedMemory(fn, effects, result);
  if (broken !== undefined) return broken;
  const isError = isErrorResult(fn, effects.result);
  if (fn.errorReturn !== undefined && isContractInvalid(fn, input) && !isError) {
    return {
      kind: 'wrong-result',
      result,
      oracle: 'contract-error-return',
      message: `${fn.name} returned ${result} for a contract-invalid input (null or negative length); expected a ${fn.errorReturn} error return`,
    };
  }
  if (lastError !== undefined && fn.errorReturn !== undefined) {
    const message = isError ? lastError() : undefined;
    const previous = { ...memory };
    memory.result = isError ? result : undefined;
    memory.message = message;
    if (isError && (message === undefined || message === '')) {
      return {
        kind: 'wrong-result',
        result,
        oracle: 'last-error-missing',
        message: `${fn.name} returned error ${result} but ${fn.lastError}() is empty`,
      };
    }
    if (isError && previous.result !== undefined && previous.result !== result && previous.message === message) {
      return {
        kind: 'wrong-result',
        result,
        oracle: 'last-error-stale',
        message: `${fn.name} returned error ${result} but ${fn.lastError}() still says the previous call's error (${previous.result}): ${JSON.stringify(message)}`,
      };
    }
  }
  const violated = fn.postcondition?.(effects.result, input);
  if (violated !== undefined)
    return { kind: 'wrong-result', result, oracle: 'postcondition', message: `${fn.name} returned ${result}: ${violated}` };
  return { kind: 'ok', result };
}

function sizeOf(input: CallInput, param: number): number {
  const a = input.args[param];
  return a?.kind === 'buffer' ? a.bytes.length : a?.kind === 'output' ? a.size : 0;
}

// What the call left in memory it reports back through: an in/out length it raised (the bytes it
// says it wrote or consumed exceed what it was given), a declared string that cannot be read.
function judgeReturnedMemory(fn: ResolvedFunction, effects: CallEffects, result: string): Outcome | undefined {
  const raised = effects.inoutRaised;
  if (raised !== undefined) {
    const plan = fn.params[raised.param];
    const name = plan?.name ?? `arg${raised.param}`;
    const of = plan?.role === 'inout' ? (fn.params[plan.bufferIndex]?.name ?? '?') : '?';
    return {
      kind: 'wrong-result',
      result,
      oracle: 'inout-length',
      message: `${fn.name} set *${name} to ${raised.returned}, more than the ${raised.given} it was given (the size of '${of}'): it claims bytes that are not there`,
    };
  }
  if (effects.returnFault !== undefined)
    return { kind: 'wrong-result', result, oracle: 'return-string', message: `${fn.name} ${effects.returnFault}` };
  return undefined;
}
