import { displayPath } from '../../report/render-command.js';
import type { ResolvedOptions } from '../../config/options.js';
import type { OptionSource } from '../../config/resolve-options.js';
import type { ResolvedTarget } from '../../ffi/resolve-target.js';
import type { TargetRef } from '../../ffi/target-ref.js';
import type { BuildProfile } from '../../toolchain/build-crate.js';
import { isInstrumented } from '../../toolchain/sancov-build.js';
import { fuzzProfile } from '../../toolchain/sanitizer-runtime.js';

/** The mode a campaign runs: `auto` here means coverage and property lanes side by side (auto-mode.ts). */
export type CampaignModeName = ResolvedOptions['mode'];

/** What `--mode auto` settled on, and the line that says why (null when nothing needs saying). */
export interface ModeChoice {
  readonly mode: CampaignModeName;
  readonly note: string | null;
}

type ModeOptions = Pick<ResolvedOptions, 'mode' | 'profile' | 'lib'>;
type ModeSources = { readonly profile: OptionSource };

/**
 * The profile to build a spec's crate with, once the spec is read: `--profile` when given; else
 * the coverage profile for coverage mode, and for auto mode unless the target has a lifecycle
 * (call sequences run in property mode alone); else the plain one.
 */
export function profileFor(options: ModeOptions, sources: ModeSources): (target: ResolvedTarget) => BuildProfile {
  const given = fuzzProfile(options.profile);
  return (target) => {
    if (sources.profile !== 'default') return given;
    if (options.mode === 'coverage') return 'coverage';
    return options.mode === 'auto' && target.lifecycle === undefined ? 'coverage' : options.profile;
  };
}

/**
 * The mode `--mode auto` runs on the resolved target: coverage and property side by side when the
 * library is instrumented (a crate built with the coverage profile, or an instrumented `--lib`);
 * property alone for a target with a lifecycle, an uninstrumented library (a plain `--lib`, a
 * spec's prebuilt path) or an explicit non-coverage `--profile`. Other modes run as named.
 */
export function chooseMode(options: ModeOptions, ref: TargetRef): ModeChoice {
  if (options.mode !== 'auto') return { mode: options.mode, note: null };
  if (ref.target.lifecycle !== undefined)
    return {
      mode: 'property',
      note: `auto mode: property mode alone (${ref.target.name} declares a lifecycle: call sequences are not mutated by coverage mode)`,
    };
  if (!isInstrumented(ref.libraryPath)) {
    const why = `${displayPath(ref.libraryPath)} has no SanitizerCoverage counters`;
    const hint =
      options.lib !== null || ref.target.library.kind === 'path'
        ? 'build it with `ffi-fuzz build <crate> --profile coverage` and pass that library for coverage-guided fuzzing too'
        : `--profile ${options.profile} was asked for; the default profile builds the crate for coverage too`;
    return { mode: 'property', note: `auto mode: property mode alone (${why}; ${hint})` };
  }
  return { mode: 'auto', note: null };
}
