import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../config/options.js';
import type { ResolvedTarget } from '../../ffi/resolve-target.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import { chooseMode, profileFor } from './mode-choice.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-mode-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

/** A library file with (or without) the SanitizerCoverage import an instrumented build has. */
function library(name: string, instrumented: boolean): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `\u007fELF…${instrumented ? '__sanitizer_cov_8bit_counters_init' : 'memcpy'}…`);
  return file;
}

function target(kind: 'crate' | 'path', lifecycle = false): ResolvedTarget {
  const library = kind === 'crate' ? ({ kind, dir } as const) : ({ kind, path: path.join(dir, 'lib.so') } as const);
  return { name: 't', library, ...(lifecycle ? { lifecycle: {} } : {}) } as ResolvedTarget;
}

function ref(t: ResolvedTarget, libraryPath: string): TargetRef {
  return { target: t, libraryPath } as TargetRef;
}

const auto = { mode: 'auto', profile: 'plain', lib: null } as const;

describe('--mode auto: which build and which mode', () => {
  it('should build a crate for coverage unless the target has a lifecycle or --profile says otherwise', () => {
    // Act / Assert
    expect(profileFor(auto, { profile: 'default' })(target('crate'))).toBe('coverage');
    expect(profileFor(auto, { profile: 'default' })(target('crate', true))).toBe('plain');
    expect(profileFor({ ...auto, profile: 'asan' }, { profile: 'cli' })(target('crate'))).toBe('asan');
    expect(profileFor({ ...auto, mode: 'property' }, { profile: 'default' })(target('crate'))).toBe('plain');
    expect(profileFor({ ...auto, mode: 'coverage' }, { profile: 'default' })(target('crate'))).toBe('coverage');
    expect(DEFAULT_OPTIONS.mode).toBe('auto');
  });

  it('should run coverage and property side by side on an instrumented library', () => {
    // Act
    const choice = chooseMode(auto, ref(target('crate'), library('libcov.so', true)));
    // Assert
    expect(choice).toEqual({ mode: 'auto', note: null });
  });

  it('should keep property mode, and say why, on an uninstrumented --lib or a target with a lifecycle', () => {
    // Act
    const plain = chooseMode({ ...auto, lib: 'libplain.so' }, ref(target('path'), library('libplain.so', false)));
    const sequences = chooseMode(auto, ref(target('crate', true), library('libseq.so', true)));
    // Assert
    expect(plain.mode).toBe('property');
    expect(plain.note).toMatch(
      /^auto mode: property mode alone \(.*libplain\.so has no SanitizerCoverage counters; build it with `ffi-fuzz build <crate> --profile coverage`/,
    );
    expect(sequences).toMatchObject({ mode: 'property', note: expect.stringContaining('declares a lifecycle') });
  });

  it('should run a named mode as named', () => {
    // Act / Assert
    expect(chooseMode({ ...auto, mode: 'stress' }, ref(target('crate'), library('libcov2.so', true)))).toEqual({
      mode: 'stress',
      note: null,
    });
  });
});
