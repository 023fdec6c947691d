import { defineTarget } from '../../../harness/index.js';
import { rureFunctions, rureLibrary } from './target.js';

// A hand-planted misuse, to show the harness still finds what is there: this variant claims that
// rure rejects stale handles (rejectsStale), which rure.h never says ("rure_free ... must be called
// at most once for any rure"). So call sequences free a compiled regex twice, and the double free
// aborts inside rure_free. A run of this spec must report it.
export default defineTarget({
  name: 'rure-double-free',
  ...rureLibrary,
  functions: { rure_compile: rureFunctions.rure_compile, rure_free: rureFunctions.rure_free },
  lifecycle: { create: 'rure_compile', release: 'rure_free', rejectsStale: true },
});
