import { describe, expect, it } from 'vitest';
import { fakeLibrary } from './test-support/fake-library.js';
import { forkServerSupport } from './fork-server-support.js';

describe('forkServerSupport', () => {
  it('should say why there is no fork server elsewhere than on Linux', () => {
    // Arrange
    const lib = fakeLibrary('parse_chunk');
    // Act
    const support = forkServerSupport(lib, 'darwin');
    // Assert
    expect(support).toEqual({ available: false, reason: 'fork() from Node needs Linux (this is darwin)' });
  });

  it('should leave a sanitizer build to whole-process restarts, its runtime being preloaded', () => {
    // Arrange
    const lib = fakeLibrary('__asan_init');
    // Act
    const support = forkServerSupport(lib, 'linux');
    // Assert
    expect(support).toEqual({ available: false, reason: 'libx.so is a sanitizer build: its runtime is preloaded' });
  });
});
