import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { libc, mapMemory, PAGE_SIZE, PROT_NONE } from './libc.js';
import { readCString } from './read-cstring.js';

const text = (r: ReturnType<typeof readCString>) => (r.kind === 'string' ? Buffer.from(r.bytes).toString('latin1') : r);

describe('readCString', () => {
  it('should read up to the NUL, across a page boundary', () => {
    const { address, bytes } = mapMemory(2 * PAGE_SIZE, { what: 'the test' });
    bytes.fill(0x41, PAGE_SIZE - 3, PAGE_SIZE + 2);
    expect(text(readCString(address + BigInt(PAGE_SIZE - 3)))).toBe('AAAAA');
  });

  it('should cut a string longer than the limit and say so', () => {
    const strdup = koffi.load('libc.so.6').func('void *strdup(const char *s)') as (s: string) => bigint;
    expect(readCString(strdup('hello world'), 5)).toEqual({ kind: 'string', bytes: new TextEncoder().encode('hello'), cut: true });
  });

  it('should report memory that cannot be read instead of faulting', () => {
    expect(readCString(16n)).toEqual({ kind: 'unreadable', at: 16n });
    // A string that runs into a PROT_NONE page.
    const { address, bytes } = mapMemory(2 * PAGE_SIZE, { what: 'the test' });
    bytes.fill(0x41, 0, PAGE_SIZE);
    libc().mprotect(address + BigInt(PAGE_SIZE), PAGE_SIZE, PROT_NONE);
    expect(readCString(address + 10n)).toEqual({ kind: 'unreadable', at: address + BigInt(PAGE_SIZE) });
  });
});
