import { describe, expect, it } from 'vitest';
import { isNearDuplicate, type Bucketed } from './similar.js';

const bucket = (overrides: Partial<Bucketed>): Bucketed => ({
  id: 'panic-000000000001',
  kind: 'panic',
  message: 'index out of bounds: the len is 3 but the index is 5',
  location: 'a/src/lib.rs:10:5',
  ...overrides,
});

describe('isNearDuplicate', () => {
  it('should merge one panic site reached from two exported functions (other frames, other id)', () => {
    // Arrange: same location and message shape, other caller chain
    const first = bucket({});
    const second = bucket({
      id: 'panic-000000000002',
      message: 'index out of bounds: the len is 0 but the index is 0',
      location: 'a/src/lib.rs:10:9',
    });
    // Act / Assert
    expect(isNearDuplicate(first, second)).toBe(true);
  });

  it('should keep two panics of one function apart (same frames, other line)', () => {
    expect(isNearDuplicate(bucket({}), bucket({ id: 'panic-000000000002', location: 'a/src/lib.rs:11:5' }))).toBe(false);
  });

  it('should keep another kind or another message at one location apart', () => {
    expect(isNearDuplicate(bucket({}), bucket({ id: 'abort-000000000002', kind: 'abort' }))).toBe(false);
    expect(isNearDuplicate(bucket({}), bucket({ id: 'panic-000000000002', message: 'attempt to add with overflow' }))).toBe(false);
  });

  it('should never merge crashes without a location unless their ids are equal', () => {
    const segv = bucket({ id: 'segv-000000000001', kind: 'segv', message: null, location: null });
    expect(isNearDuplicate(segv, { ...segv, id: 'segv-000000000002' })).toBe(false);
    expect(isNearDuplicate(segv, segv)).toBe(true);
  });
});
