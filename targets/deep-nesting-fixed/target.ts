import { defineTarget } from '../../harness/index.js';
import deepNesting from '../deep-nesting/target.js';

// The same parser and contract, against the build that rejects nesting deeper than 256.
export default defineTarget({ ...deepNesting, name: 'deep-nesting-fixed', library: { crate: '.' } });
