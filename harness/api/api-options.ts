import { CLI_SPEC } from '../config/cli-spec.js';
import type { HarnessOptions } from '../config/options.js';
import { resolveOptions, type Resolution } from '../config/resolve-options.js';
import { HarnessError } from '../model/harness-error.js';

type Key = keyof HarnessOptions;

/**
 * Resolves the options object of a programmatic call exactly as the CLI resolves its flags (the same
 * defaults, FUZZ_* environment, ranges and choices): each set key becomes its flag. Errors start
 * with the API name and name the key: `fuzz(): option 'runs' expects a whole number, got '1.5'`.
 */
export function resolveApiOptions(
  api: string,
  given: Readonly<Record<string, unknown>>,
  accepted: readonly Key[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Resolution<Record<string, never>> {
  const argv: string[] = [];
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!(accepted as readonly string[]).includes(key))
      throw new HarnessError('usage', `${api}: unknown option '${key}'`, { where: key, hint: `options here: ${accepted.join(', ')}` });
    const spec = CLI_SPEC[key as Key];
    if (spec === null || value === null) continue;
    const wrong = (expected: string) =>
      new HarnessError('usage', `${api}: option '${key}' expects ${expected}, got ${JSON.stringify(value)}`, {
        where: key,
        hint: spec.description,
      });
    switch (spec.kind) {
      case 'boolean':
        if (typeof value !== 'boolean') throw wrong('true or false');
        argv.push(`${spec.flag}=${value}`);
        break;
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) throw wrong('a whole number');
        argv.push(spec.flag, String(value));
        break;
      case 'duration':
        // A number is milliseconds (durationMs); a string is what --duration takes ('30s').
        if (typeof value === 'number' && value >= 0) argv.push(spec.flag, `${value}ms`);
        else if (typeof value === 'string') argv.push(spec.flag, value);
        else throw wrong("milliseconds or a duration such as '30s'");
        break;
      case 'list':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw wrong('an array of strings');
        for (const v of value) argv.push(spec.flag, v);
        break;
      case 'string':
      case 'choice':
        if (typeof value !== 'string') throw wrong('a string');
        argv.push(spec.flag, value);
        break;
      default: {
        const never: never = spec.kind;
        return never;
      }
    }
  }
  try {
    return resolveOptions(argv, env, accepted);
  } catch (error) {
    if (!(error instanceof HarnessError)) throw error;
    throw new HarnessError(error.code, `${api}: ${error.message}`, {
      ...(error.where === undefined ? {} : { where: error.where }),
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      cause: error,
    });
  }
}
