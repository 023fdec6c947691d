import type { ParamPlan, ResolvedTarget } from '../../ffi/resolve-target.js';
import { resolveTarget } from '../../ffi/resolve-target.js';
import { specFromInline } from '../../ffi/inline-spec.js';
import type { ArgJson, CallInputJson } from '../../model/call-input.js';
import { asHarnessError, HarnessError } from '../../model/harness-error.js';
import type { CrashRecord } from '../../store/crash-record.js';

/** Argument kinds each kind of parameter can take in a record (a buffer may be a null pointer, a length a lying integer). */
const ACCEPTS: Readonly<Record<ParamPlan['role'], readonly ArgJson['kind'][]>> = {
  buffer: ['buffer', 'null'],
  cstring: ['cstring', 'null'],
  capacity: ['capacity', 'null'],
  length: ['length', 'int'],
  inout: ['inout'],
  fixed: ['int', 'null'],
  int: ['int'],
  float: ['float'],
  bool: ['bool'],
  handle: ['handle'],
  output: ['output', 'null'],
};

const EDITED_HINT = 'the record was edited or cut short: restore it, or rerun the campaign that wrote it';

/**
 * The target a record replays against, resolved from the record alone (its inline spec), with
 * every call the record holds checked against it. A record edited by hand, cut short or written
 * for another spec is bad input (exit 2, naming the file and the field), never a fault inside the
 * engine child. `where` names the record for the errors.
 */
export function recordTarget(record: CrashRecord, where: string, specDir = '.'): ResolvedTarget {
  let target: ResolvedTarget;
  try {
    target = resolveTarget(specFromInline(record.target.spec), specDir);
  } catch (error) {
    throw new HarnessError(
      'bad-record',
      `the record's spec (target.spec) does not validate: ${asHarnessError(error).message.split('\n')[0]}`,
      {
        where,
        hint: EDITED_HINT,
        cause: error,
      },
    );
  }
  const calls: [string, CallInputJson][] = [
    ...(record.input === null ? [] : [['input', record.input] as [string, CallInputJson]]),
    ...record.preceding.map((call, i): [string, CallInputJson] => [`preceding[${i}]`, call]),
    ...record.inflight.flatMap((entry, i): [string, CallInputJson][] => [
      ...(entry.preceding ?? []).map((call, k): [string, CallInputJson] => [`inflight[${i}].preceding[${k}]`, call]),
      [`inflight[${i}].input`, entry.input],
    ]),
  ];
  for (const [field, call] of calls) checkCall(call, target, `${where}: ${field}`);
  return target;
}

/** One call against the spec: a function it declares, one argument per parameter, each of a kind that parameter takes. */
function checkCall(call: CallInputJson, target: ResolvedTarget, where: string): void {
  const fn = target.functions.find((f) => f.name === call.fn);
  if (fn === undefined)
    throw new HarnessError('bad-record', `the call names '${call.fn}', which the record's spec does not declare`, {
      where,
      hint: `${EDITED_HINT} (functions: ${target.functions.map((f) => f.name).join(', ')})`,
    });
  if (call.args.length !== fn.params.length)
    throw new HarnessError('bad-record', `${fn.name} takes ${fn.params.length} argument(s), the call gives ${call.args.length}`, {
      where,
      hint: EDITED_HINT,
    });
  call.args.forEach((arg, i) => {
    const param = fn.params[i]!;
    if (!ACCEPTS[param.role].includes(arg.kind))
      throw new HarnessError(
        'bad-record',
        `argument ${i} of ${fn.name} (${param.name}) is a ${arg.kind}; that parameter takes a ${ACCEPTS[param.role].join(' or ')}`,
        {
          where,
          hint: EDITED_HINT,
        },
      );
  });
}
