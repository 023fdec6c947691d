import { describe, expect, it } from 'vitest';
import { maskQuoted, QUOTED_SPANS } from './mask-message.js';

describe('maskQuoted', () => {
  it('should give every rule a reason', () => {
    for (const rule of QUOTED_SPANS) expect(rule.name.length, String(rule.pattern)).toBeGreaterThan(10);
  });

  it('should mask a quoted char and a backticked string, with the truncation marker', () => {
    // Arrange
    const message = "byte index 3 is not a char boundary; it is inside 'Օ' (bytes 2..4) of `<Օ aaaa`[...]";
    // Act
    const masked = maskQuoted(message);
    // Assert
    expect(masked).toBe("byte index 3 is not a char boundary; it is inside '…' (bytes 2..4) of `…`");
  });

  it('should mask a backticked input that holds newlines, or lost its closing backtick', () => {
    // Arrange: char-boundary under coverage mutation quotes strings with line breaks in them.
    const multiline = "end byte index 8 is not a char boundary; it is inside 'ж' (bytes 7..9) of `   \nYadՕ_\n`";
    const cut = "end byte index 8 is not a char boundary; it is inside '∑' (bytes 7..10) of `∑   \n";
    // Act + Assert
    expect(maskQuoted(multiline)).toBe("end byte index 8 is not a char boundary; it is inside '…' (bytes 7..9) of `…`");
    expect(maskQuoted(cut)).toBe("end byte index 8 is not a char boundary; it is inside '…' (bytes 7..10) of `…`");
    // The input itself holds backticks: the quoted string runs to the message's last one.
    const ticks = "end byte index 8 is not a char boundary; it is inside 'Օ' (bytes 7..9) of `d0`YՕ__`x`[...]";
    expect(maskQuoted(ticks)).toBe("end byte index 8 is not a char boundary; it is inside '…' (bytes 7..9) of `…`");
  });

  it('should mask the Debug payload of an unwrapped Err and keep apostrophes of words', () => {
    expect(maskQuoted('called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }')).toBe(
      'called `…` on an `…` value: …',
    );
    expect(maskQuoted("can't parse")).toBe("can't parse");
  });

  it('should mask the payload of Err(…), Ok(…) and Some(…) up to the matching parenthesis', () => {
    expect(maskQuoted('assertion failed: left: Err(Parse(At(3))) right: Ok(())')).toBe('assertion failed: left: Err(…) right: Ok(…)');
    expect(maskQuoted('got Some(Value { n: 1 } and more')).toBe('got Some(…');
  });

  it('should mask double-quoted strings and byte strings', () => {
    expect(maskQuoted('unknown field "user_id2", expected b"\\x00ab"')).toBe('unknown field "…", expected b"…"');
  });
});
