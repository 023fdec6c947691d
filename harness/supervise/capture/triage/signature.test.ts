import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureOf, triageFinding } from './signature.js';

const panicParts = {
  kind: 'panic',
  message: 'index out of bounds: the len is 3 but the index is 5',
  location: 'chunk-parser/src/lib.rs:315:22',
  frames: ['chunk_parser::check_event', 'chunk_parser::parse_chunk_impl', 'parse_chunk', 'extra_frame'],
  signal: 'SIGABRT',
} as const;

describe('signatureOf', () => {
  it('should join kind, normalised message, file:line, top 3 frames and signal', () => {
    expect(signatureOf(panicParts).signature).toBe(
      'panic | index out of bounds: the len is N but the index is N | chunk-parser/src/lib.rs:315 | chunk_parser::check_event > chunk_parser::parse_chunk_impl > parse_chunk | SIGABRT',
    );
  });

  it('should derive the id from the sha1 of the signature', () => {
    const { signature, id } = signatureOf(panicParts);
    expect(id).toBe(`panic-${createHash('sha1').update(signature).digest('hex').slice(0, 12)}`);
  });

  it('should ignore the column, the numbers in the message and frames past the third', () => {
    const other = signatureOf({
      ...panicParts,
      message: 'index out of bounds: the len is 0 but the index is 0',
      location: 'chunk-parser/src/lib.rs:315:9',
      frames: [...panicParts.frames.slice(0, 3), 'other'],
    });
    expect(other.id).toBe(signatureOf(panicParts).id);
  });

  it('should keep two panics of one function apart by their line', () => {
    expect(signatureOf({ ...panicParts, location: 'chunk-parser/src/lib.rs:296:50' }).id).not.toBe(signatureOf(panicParts).id);
  });

  it('should strip symbol hashes so builds with and without them agree', () => {
    const hashed = signatureOf({
      ...panicParts,
      frames: ['chunk_parser::check_event::h0123456789abcdef', 'chunk_parser::parse_chunk_impl', 'parse_chunk'],
    });
    expect(hashed.id).toBe(signatureOf(panicParts).id);
  });

  it('should use the exit code where there is no signal', () => {
    expect(signatureOf({ kind: 'exit', message: null, location: null, frames: [], signal: null, exitCode: 3 }).signature).toBe(
      'exit |  |  |  | exit 3',
    );
  });
});

describe('triageFinding', () => {
  it('should bucket one oob-write reached with different sizes and offsets together', () => {
    const a = triageFinding({
      kind: 'oob-write',
      fn: 'job_fill',
      oracle: 'no-oob-write',
      message: 'wrote 8 bytes past the end of a 16-byte buffer (first at offset 16)',
    });
    const b = triageFinding({
      kind: 'oob-write',
      fn: 'job_fill',
      oracle: 'no-oob-write',
      message: 'wrote 4 bytes past the end of a 20-byte buffer (first at offset 20)',
    });
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^oob-write-[0-9a-f]{12}$/);
    expect(a.headline).toBe(
      'oob-write: wrote 8 bytes past the end of a 16-byte buffer (first at offset 16) in job_fill (oracle no-oob-write)',
    );
  });

  it('should bucket one stale-last-error bug together although each message quotes other target text', () => {
    const a = triageFinding({
      kind: 'wrong-result',
      fn: 'parse_chunk',
      oracle: 'last-error-stale',
      message: 'still says "invalid JSON: EOF at line 1 column 20"',
    });
    const b = triageFinding({ kind: 'wrong-result', fn: 'parse_chunk', oracle: 'last-error-stale', message: 'still says "null pointer"' });
    expect(a.id).toBe(b.id);
  });

  it('should separate findings by detail (e.g. which side of which buffer was damaged)', () => {
    const base = { kind: 'oob-write', fn: 'job_fill', oracle: 'redzone', message: 'wrote past the end' } as const;
    expect(triageFinding({ ...base, detail: 'arg0:after' }).id).not.toBe(triageFinding({ ...base, detail: 'arg0:before' }).id);
  });

  it('should separate findings by function and by oracle', () => {
    const base = {
      kind: 'wrong-result',
      fn: 'parse_chunk',
      oracle: 'last-error-foreign',
      message: 'last error belongs to another call',
    } as const;
    const ids = new Set([
      triageFinding(base).id,
      triageFinding({ ...base, fn: 'parse_batch' }).id,
      triageFinding({ ...base, oracle: 'last-error-stale' }).id,
      triageFinding({ ...base, kind: 'race' }).id,
    ]);
    expect(ids.size).toBe(4);
  });

  it('should fill the Triage fields a death would have', () => {
    expect(
      triageFinding({ kind: 'race', fn: 'push', oracle: 'differential', message: 'results differ\nsequential 3, concurrent 2' }),
    ).toMatchObject({
      kind: 'race',
      message: 'results differ\nsequential 3, concurrent 2',
      location: null,
      frames: ['push'],
      abortReason: null,
      signal: null,
      signalDescription: null,
      headline: 'race: results differ in push (oracle differential)',
    });
  });
});
