import { defineTarget } from '../../../harness/index.js';
import buggy from '../serde-yaml/target.js';

// The same wrapper (src/lib.rs of ../serde-yaml) against the first release with the fix.
export default defineTarget({ ...buggy, name: 'realbug-serde-yaml-fixed', library: { crate: '.' } });
