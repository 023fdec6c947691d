import { defineTarget } from '../../../harness/index.js';
import buggy from '../json/target.js';

// The same wrapper (src/lib.rs of ../json) against the first release with the fix.
export default defineTarget({ ...buggy, name: 'realbug-json-fixed', library: { crate: '.' } });
