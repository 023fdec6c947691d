import { describe, expect, it } from 'vitest';
import { demangleRustLegacy } from './demangle-legacy.js';

describe('demangleRustLegacy', () => {
  it('should join path components and drop the hash', () => {
    expect(demangleRustLegacy('_ZN12chunk_parser11check_event17h0123456789abcdefE')).toBe('chunk_parser::check_event');
  });

  it('should undo the $-escapes and .. of generic and trait impls', () => {
    const mangled = '_ZN81_$LT$alloc..vec..Vec$LT$T$C$A$GT$$u20$as$u20$core..ops..index..Index$LT$I$GT$$GT$5index17h5f3b2a1c9d8e7f60E';
    expect(demangleRustLegacy(mangled)).toBe('<alloc::vec::Vec<T,A> as core::ops::index::Index<I>>::index');
  });

  it('should accept the .llvm.<n> suffix LTO adds', () => {
    expect(demangleRustLegacy('_ZN6shapes4poke17h00112233445566aaE.llvm.9182736455')).toBe('shapes::poke');
  });

  it('should leave C++ symbols alone (no hash component)', () => {
    expect(demangleRustLegacy('_ZN2v88internal21Builtin_HandleApiCallEiPmPNS0_7IsolateE')).toBeNull();
    expect(
      demangleRustLegacy('_ZN6v8impl12_GLOBAL__N_123FunctionCallbackWrapper6InvokeERKN2v820FunctionCallbackInfoINS2_5ValueEEE'),
    ).toBeNull();
  });

  it('should return null for names that are not mangled or are malformed', () => {
    expect(demangleRustLegacy('parse_chunk')).toBeNull();
    expect(demangleRustLegacy('_ZN99shortE')).toBeNull();
    expect(demangleRustLegacy('_ZNE')).toBeNull();
  });
});
