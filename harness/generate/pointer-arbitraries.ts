import fc from 'fast-check';
import type { ParamPlan } from '../ffi/resolve-target.js';
import type { ArgValue } from '../model/call-input.js';

type CStringPlan = Extract<ParamPlan, { role: 'cstring' }>;
type CapacityPlan = Extract<ParamPlan, { role: 'capacity' }>;

/** The alignment offsets to try: only 0 unless the contract says misaligned pointers are survived. */
export function alignment(misaligned: boolean): fc.Arbitrary<number> {
  return misaligned
    ? fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 8) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 15 }) })
    : fc.constant(0);
}

/** Makes content invalid UTF-8 at one position (a lone continuation byte or an invalid lead). */
export function corruptUtf8(content: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc.tuple(content, fc.nat(), fc.constantFrom(0x80, 0xc3, 0xff)).map(([bytes, at, byte]) => {
    if (bytes.length === 0) return Uint8Array.of(byte);
    const copy = bytes.slice();
    copy[at % copy.length] = byte;
    return copy;
  });
}

/** NULL one time in eight when the contract says NULL is a valid argument (`nullable`). */
export function orNull(arbitrary: fc.Arbitrary<ArgValue>, nullable: boolean): fc.Arbitrary<ArgValue> {
  return nullable ? fc.oneof({ weight: 7, arbitrary }, { weight: 1, arbitrary: fc.constant<ArgValue>({ kind: 'null' }) }) : arbitrary;
}

const encoder = new TextEncoder();

/** Default text of a C string: mostly printable ASCII, some of any Unicode (UTF-8), or any non-NUL bytes. */
function defaultText(plan: CStringPlan): fc.Arbitrary<Uint8Array> {
  if (plan.encoding === 'bytes') {
    return fc.oneof(
      { weight: 3, arbitrary: fc.uint8Array({ min: 1, max: 255, maxLength: Math.min(plan.maxLength, 64) }) },
      { weight: 1, arbitrary: fc.uint8Array({ min: 1, max: 255, maxLength: plan.maxLength, size: 'large' }) },
    );
  }
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: Math.min(plan.maxLength, 64) }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: plan.maxLength, size: 'large' }) },
    )
    .map((s) => encoder.encode(s).filter((b) => b !== 0));
}

/** Cuts `bytes` to `max` bytes, at a UTF-8 character boundary when the string is UTF-8. */
function cut(bytes: Uint8Array, max: number, utf8: boolean): Uint8Array {
  if (bytes.length <= max) return bytes;
  let end = max;
  while (utf8 && end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/**
 * A NUL-terminated string of the plan's encoding (the NUL is added when placed): the spec's
 * content or default text, cut to `maxLength`; invalid UTF-8 only when the parameter survives it.
 */
export function cstringArg(plan: CStringPlan): fc.Arbitrary<ArgValue> {
  const utf8 = plan.encoding === 'utf8';
  let text = (plan.content ?? defaultText(plan)).map((b) => cut(b, plan.maxLength, utf8));
  if (utf8 && plan.survives.has('invalid-utf8'))
    text = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: corruptUtf8(text) });
  const placed = fc
    .tuple(text, alignment(plan.survives.has('misaligned')))
    .map(([bytes, align]): ArgValue => ({ kind: 'cstring', bytes, align }));
  return orNull(placed, plan.nullable);
}

/**
 * An output buffer of a generated capacity, from empty (when zero length is survived) to the
 * plan's maximum, biased to the full size so that the callee has room to succeed.
 */
export function capacityArg(plan: CapacityPlan): fc.Arbitrary<ArgValue> {
  const max = plan.maxCapacity;
  const smallest = plan.survives.has('zero-length') ? 0 : Math.min(1, max);
  const size = fc.oneof(
    { weight: 2, arbitrary: fc.constant(max) },
    { weight: 3, arbitrary: fc.integer({ min: smallest, max }) },
    { weight: 1, arbitrary: fc.integer({ min: smallest, max: Math.max(smallest, Math.min(max, 64)) }) },
  );
  const placed = fc
    .tuple(size, alignment(plan.survives.has('misaligned')))
    .map(([bytes, align]): ArgValue => ({ kind: 'capacity', size: bytes, align }));
  return orNull(placed, plan.nullable);
}
