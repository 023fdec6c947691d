/**
 * The JSON shape a field of a file ffi-fuzz reads back must have (crash records, run summaries):
 * checked field by field so that a file edited by hand or cut short is bad input naming the
 * field, never a TypeError deep inside a command.
 */
export type Shape =
  | 'string'
  | 'number'
  | 'boolean'
  | 'object'
  | 'array'
  | 'string[]'
  | 'number[]'
  | 'string|null'
  | 'number|null'
  | 'object|null';

/** How an error message names each shape. */
export const SHAPE_TEXT: Readonly<Record<Shape, string>> = {
  string: 'a string',
  number: 'a finite number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  'string[]': 'an array of strings',
  'number[]': 'an array of numbers',
  'string|null': 'a string or null',
  'number|null': 'a number or null',
  'object|null': 'an object or null',
};

export const isJsonObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Whether `value` has `shape`. */
export function fitsShape(value: unknown, shape: Shape): boolean {
  switch (shape) {
    case 'string':
    case 'boolean':
      return typeof value === shape;
    case 'number':
      return isNumber(value);
    case 'object':
      return isJsonObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'number[]':
      return Array.isArray(value) && value.every(isNumber);
    case 'string|null':
      return value === null || typeof value === 'string';
    case 'number|null':
      return value === null || isNumber(value);
    case 'object|null':
      return value === null || isJsonObject(value);
    default: {
      const never: never = shape;
      return never;
    }
  }
}

/**
 * The first field of `json` (from `fields`: name, shape, required or optional) that does not
 * have its shape, as `[name, expected]`; null when all do.
 */
export function misfit(
  json: Record<string, unknown>,
  fields: readonly (readonly [string, Shape, 'required' | 'optional'])[],
): [string, string] | null {
  for (const [key, shape, need] of fields) {
    if (need === 'optional' && json[key] === undefined) continue;
    if (!fitsShape(json[key], shape)) return [key, SHAPE_TEXT[shape]];
  }
  return null;
}
