import { defineTarget } from '../../../harness/index.js';
import { rureFunctions, rureLibrary } from './target.js';

// rure_compile alone, each compiled regex freed by its releaser (rure_free) after the call: what
// coverage mode runs on rure (it mutates single calls, not call sequences), steering the pattern
// grammar's output into rure's parser, its Unicode tables and its compilers.
export default defineTarget({
  name: 'rure-compile',
  ...rureLibrary,
  functions: { rure_compile: rureFunctions.rure_compile },
  helpers: { rure_free: rureFunctions.rure_free.prototype },
});
