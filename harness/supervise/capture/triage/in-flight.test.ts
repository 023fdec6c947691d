import { describe, expect, it } from 'vitest';
import { inflightKey, whileRunning } from './in-flight.js';

describe('inflightKey', () => {
  it('should name the set of functions, whatever the order and the thread count', () => {
    expect(inflightKey(['event_push', 'event_push', 'event_count'])).toBe('in flight: event_count, event_push');
    expect(inflightKey(['event_count', 'event_push'])).toBe(inflightKey(['event_push', 'event_count', 'event_push']));
  });
});

describe('whileRunning', () => {
  it('should name the functions and the thread count', () => {
    expect(whileRunning(Array(8).fill('event_push'))).toBe('while `event_push` ran on 8 threads');
    expect(whileRunning(['b', 'a', 'c'])).toBe('while `a`, `b` and `c` ran on 3 threads');
    expect(whileRunning(['f'])).toBe('while `f` ran');
  });
});
