import os from 'node:os';
import { HarnessError } from '../model/harness-error.js';
import { CLI_SPEC, type FlagSpec } from './cli-spec.js';
import { DEFAULT_OPTIONS, defaultThreads, type HarnessOptions, type ResolvedOptions } from './options.js';

/** Where a value came from, lowest precedence first. */
export type OptionSource = 'default' | 'env' | 'cli';

export interface Resolution<Extra extends Record<string, FlagSpec>> {
  readonly options: ResolvedOptions;
  readonly sources: Readonly<Record<keyof HarnessOptions, OptionSource>>;
  readonly extra: { readonly [K in keyof Extra]?: unknown };
  readonly positionals: readonly string[];
}

type Key = keyof HarnessOptions;

/** Environment variable of a flag: `--rss-limit` → `FUZZ_RSS_LIMIT`. */
export function envName(spec: FlagSpec): string {
  return `FUZZ_${spec.flag.replace(/^--/, '').replace(/-/g, '_').toUpperCase()}`;
}

/**
 * defaults < FUZZ_* environment < CLI flags. `accepted` lists the options this subcommand takes;
 * `extra` adds subcommand-only flags. Unknown flags, unknown FUZZ_* variables and bad values are
 * usage errors naming the flag or variable.
 */
export function resolveOptions<Extra extends Record<string, FlagSpec>>(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  accepted: readonly Key[],
  extra: Extra = {} as Extra,
): Resolution<Extra> {
  const options: Record<string, unknown> = { ...DEFAULT_OPTIONS };
  const sources = Object.fromEntries(Object.keys(DEFAULT_OPTIONS).map((k) => [k, 'default'])) as Record<Key, OptionSource>;
  const byFlag = new Map<string, { key: string; spec: FlagSpec; isExtra: boolean }>();
  for (const key of accepted) {
    const spec = CLI_SPEC[key];
    if (spec !== null) byFlag.set(spec.flag, { key, spec, isExtra: false });
  }
  for (const [key, spec] of Object.entries(extra)) byFlag.set(spec.flag, { key, spec, isExtra: true });

  const knownEnv = new Map([...byFlag.values()].filter((f) => !f.isExtra).map((f) => [envName(f.spec), f]));
  const allEnv = new Set(
    Object.values(CLI_SPEC)
      .filter((s): s is FlagSpec => s !== null)
      .map(envName),
  );
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('FUZZ_') || raw === undefined) continue;
    if (!allEnv.has(name))
      throw new HarnessError('usage', `unknown environment variable ${name}`, { where: name, hint: `known: ${[...allEnv].join(', ')}` });
    const f = knownEnv.get(name);
    if (f === undefined) continue;
    options[f.key] = parseValue(f.spec, raw, name, options[f.key]);
    sources[f.key as Key] = 'env';
  }

  const extraValues: Record<string, unknown> = {};
  const positionals: string[] = [];
  const seenLists = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const f = byFlag.get(flag);
    if (f === undefined) {
      const near = [...byFlag.keys()].find((k) => k.startsWith(flag.slice(0, 4)));
      throw new HarnessError('usage', `unknown flag ${flag}`, {
        where: arg,
        hint: near === undefined ? `flags here: ${[...byFlag.keys()].join(' ')}` : `did you mean ${near}?`,
      });
    }
    let raw: string;
    if (f.spec.kind === 'boolean') raw = eq < 0 ? 'true' : arg.slice(eq + 1);
    else if (eq >= 0) raw = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new HarnessError('usage', `${flag} needs a value`, { where: flag, hint: f.spec.description });
      raw = argv[++i]!;
    }
    const target = f.isExtra ? extraValues : options;
    // A repeated list flag accumulates; the first one on the command line replaces the env/default list.
    const previous = f.spec.kind === 'list' && !seenLists.has(flag) ? [] : target[f.key];
    seenLists.add(flag);
    target[f.key] = parseValue(f.spec, raw, flag, previous);
    if (!f.isExtra) sources[f.key as Key] = 'cli';
  }
  // A default that depends on another option: stress mode's thread count (options.ts).
  if (sources.threads === 'default') options.threads = defaultThreads(options.mode as ResolvedOptions['mode'], os.availableParallelism());
  return { options: options as ResolvedOptions, sources, extra: extraValues as Resolution<Extra>['extra'], positionals };
}

/** Parses one flag or variable value; errors name it and say what was expected. */
export function parseValue(spec: FlagSpec, raw: string, where: string, previous: unknown): unknown {
  const bad = (expected: string) =>
    new HarnessError('usage', `${where} expects ${expected}, got '${raw}'`, { where, hint: spec.description });
  switch (spec.kind) {
    case 'string':
      if (raw === '') throw bad('a non-empty value');
      return raw;
    case 'boolean':
      // A negated flag (`--no-fork-server`) given as true turns its option off.
      if (raw === 'true' || raw === '1') return spec.negated !== true;
      if (raw === 'false' || raw === '0') return spec.negated === true;
      throw bad('true or false');
    case 'integer': {
      if (!/^\d+$/.test(raw)) throw bad('a whole number');
      const n = Number(raw);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max))
        throw bad(`a number in ${spec.min ?? '-∞'}..${spec.max ?? '∞'}`);
      return n;
    }
    case 'duration': {
      const ms = parseDuration(raw);
      if (ms === undefined) throw bad('a duration such as 500ms, 30s, 2m or 1h');
      return ms;
    }
    case 'list':
      return [...(Array.isArray(previous) ? previous : []), ...(spec.flag === '--fn' ? [raw] : raw.split(',').filter((s) => s !== ''))];
    case 'choice':
      if (!spec.choices!.includes(raw)) throw bad(`one of ${spec.choices!.join(', ')}`);
      return raw;
    default: {
      const never: never = spec.kind;
      return never;
    }
  }
}

/** `500ms`, `30s`, `2m`, `1h` (a bare number is seconds) → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}

/** Renders options back to flags (only values that differ from the defaults), for "Reproduce with" lines. */
export function renderFlags(options: ResolvedOptions, keys: readonly Key[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    const spec = CLI_SPEC[key];
    const value = options[key];
    if (spec === null || JSON.stringify(value) === JSON.stringify(DEFAULT_OPTIONS[key])) continue;
    if (spec.kind === 'boolean') out.push(value !== (spec.negated === true) ? spec.flag : `${spec.flag}=false`);
    else if (spec.kind === 'list') for (const v of value as string[]) out.push(spec.flag, v);
    else if (spec.kind === 'duration') out.push(spec.flag, `${value as number}ms`);
    else out.push(spec.flag, String(value));
  }
  return out;
}
