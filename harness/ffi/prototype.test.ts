import { describe, expect, it } from 'vitest';
import { parsePrototype, renderPrototype } from './prototype.js';
import { HarnessError } from '../model/harness-error.js';

describe('parsePrototype', () => {
  it('should parse a pointer and length pair with names', () => {
    const proto = parsePrototype('int32_t parse_chunk(const uint8_t *ptr, int32_t len)');
    expect(proto.name).toBe('parse_chunk');
    expect(proto.returns).toEqual({ kind: 'int', name: 'int32_t', bytes: 4, signed: true });
    expect(proto.params.map((p) => p.name)).toEqual(['ptr', 'len']);
    expect(proto.params[0]!.type).toEqual({
      kind: 'pointer',
      isConst: true,
      to: { kind: 'int', name: 'uint8_t', bytes: 1, signed: false },
    });
  });

  it('should parse void parameter lists, char pointers and multi-word types', () => {
    expect(renderPrototype(parsePrototype('const char *get_last_error(void);'))).toBe('const char *get_last_error(void)');
    expect(renderPrototype(parsePrototype('unsigned long long f(unsigned int a, long b)'))).toBe(
      'unsigned long long f(unsigned int a, long b)',
    );
  });

  it('should accept declared struct names behind pointers', () => {
    const proto = parsePrototype('int32_t job_fill(Job *out)', new Set(['Job']));
    expect(renderPrototype(proto)).toBe('int32_t job_fill(Job *out)');
  });

  it('should name unnamed parameters by position', () => {
    expect(parsePrototype('int f(const uint8_t *, size_t)').params.map((p) => p.name)).toEqual(['arg0', 'arg1']);
  });

  it.each([
    ['int32_t f(const uint8_t *p, int32_t n', 'missing ")"'],
    ['int32_t f(widget_t *p)', "unknown C type 'widget_t'"],
    ['int32_t (int x)', 'expected the function name'],
    ['int32_t f(int x, int x)', "two parameters are named 'x'"],
    ['int32_t f(int x) extra', "unexpected 'extra'"],
    ['int32_t f(Job j)', 'structs by value'],
  ])('should reject %s with a message naming the problem', (text, message) => {
    const structs = new Set(['Job']);
    expect(() => parsePrototype(text, structs)).toThrowError(HarnessError);
    expect(() => parsePrototype(text, structs)).toThrowError(message);
  });
});
