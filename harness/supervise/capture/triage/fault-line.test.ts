import { describe, expect, it } from 'vitest';
import { faultOf, parseFaultLine } from './fault-line.js';

describe('parseFaultLine', () => {
  it('should read a guard-page write fault with its worker, parameter and offset', () => {
    // Arrange
    const line = 'ffi-fuzz: fault: signal=SIGSEGV worker=3 tid=4242 addr=0x7f0012345000 access=write region=guard-after param=0 offset=4';
    // Act
    const fault = parseFaultLine(line);
    // Assert
    expect(fault).toEqual({
      signal: 'SIGSEGV',
      worker: 3,
      tid: 4242,
      address: '0x7f0012345000',
      access: 'write',
      region: 'guard-after',
      param: 0,
      offset: 4,
    });
  });

  it('should read an abort outside any engine thread as worker null and region none', () => {
    const fault = parseFaultLine('ffi-fuzz: fault: signal=SIGABRT worker=-1 tid=77 region=none');
    expect(fault).toMatchObject({ signal: 'SIGABRT', worker: null, address: null, access: null, region: 'none', param: null });
  });

  it("should find a fault line written in the middle of another thread's line", () => {
    const fault = parseFaultLine(
      '   7:     0x7ff940081822 - <std::sys::stdio::unix::Stderr as std::io::ffi-fuzz: fault: signal=SIGABRT worker=5 tid=9 region=none',
    );
    expect(fault).toMatchObject({ signal: 'SIGABRT', worker: 5 });
  });

  it('should not take other lines, or a line with a malformed signal, for a fault line', () => {
    expect(parseFaultLine('thread panicked at src/lib.rs:1:1:')).toBeNull();
    expect(parseFaultLine('ffi-fuzz: fault: signal=$(rm) worker=1')).toBeNull();
  });
});

describe('faultOf', () => {
  it('should pick the first fault line of a stderr with a backtrace after it', () => {
    const stderr = [
      'ffi-fuzz: fault: signal=SIGSEGV worker=1 tid=10 addr=0x1000 access=read region=stack-guard',
      '/lib/libdeep.so(+0x1234)[0x7f0000001234]',
      'ffi-fuzz: fault: signal=SIGSEGV worker=2 tid=11 addr=0x2000 access=read region=none',
    ].join('\n');
    expect(faultOf(stderr)).toMatchObject({ worker: 1, region: 'stack-guard' });
  });
});
