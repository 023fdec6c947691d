import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedOptions } from '../../config/options.js';
import type { ResolvedTarget } from '../../ffi/resolve-target.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import { parseDictionary } from '../../generate/mutate/dictionary.js';
import { HarnessError } from '../../model/harness-error.js';
import { isInstrumented } from '../../toolchain/sancov-build.js';
import type { CoveragePlan } from './coverage-mode.js';

/** Coverage jobs of a run: `--jobs`, else one per core. */
export function coverageJobs(options: Pick<ResolvedOptions, 'jobs'>): number {
  return options.jobs ?? Math.max(1, os.availableParallelism());
}

/**
 * What coverage mode cannot do, as a usage error: checked as soon as the spec is read, before the
 * coverage build of the library (which takes a while), and again when the plan is made.
 */
export function checkCoverageMode(target: ResolvedTarget, options: Pick<ResolvedOptions, 'threads'>): void {
  if (options.threads > 1)
    throw new HarnessError('usage', 'coverage mode runs one thread per engine process', {
      where: '--threads',
      hint: `use --jobs ${options.threads} for ${options.threads} processes sharing one corpus`,
    });
  if (target.lifecycle !== undefined) {
    throw new HarnessError(
      'usage',
      `coverage mode mutates single calls; ${target.name} declares a lifecycle (call sequences with handles)`,
      { where: '--mode coverage', hint: 'use --mode property for call sequences' },
    );
  }
}

/** `fuzz --mode coverage`: the coverage settings taken from the options (jobs, --dict, the corpus root). */
export function coveragePlanOf(ref: TargetRef, options: ResolvedOptions, workDir: string, warn: (line: string) => void): CoveragePlan {
  checkCoverageMode(ref.target, options);
  if (!isInstrumented(ref.libraryPath))
    warn(
      `${ref.libraryPath} has no SanitizerCoverage counters: coverage mode runs blind (build it with ffi-fuzz build <crate> --profile coverage)`,
    );
  return {
    jobs: coverageJobs(options),
    runs: options.runs,
    corpusRoot: path.resolve(options.out),
    targetName: ref.target.name,
    dictionary: options.dict === null ? [] : readDictionary(options.dict),
    workDir,
  };
}

/** A --dict file as hex tokens; unreadable or malformed files are usage errors naming the file (and line). */
function readDictionary(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new HarnessError(
      'usage',
      `cannot read the dictionary ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
      { where: '--dict', cause },
    );
  }
  return parseDictionary(text, file).map((t) => Buffer.from(t).toString('hex'));
}
