import { defineTarget } from '../../../harness/index.js';
import buggy from '../uuid/target.js';

// The same wrapper (src/lib.rs of ../uuid) against the first release with the fix.
export default defineTarget({ ...buggy, name: 'realbug-uuid-fixed', library: { crate: '.' } });
