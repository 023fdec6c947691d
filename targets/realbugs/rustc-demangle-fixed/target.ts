import { defineTarget } from '../../../harness/index.js';
import buggy from '../rustc-demangle/target.js';

// The same wrapper (src/lib.rs of ../rustc-demangle) against the first release with the fix.
export default defineTarget({ ...buggy, name: 'realbug-rustc-demangle-fixed', library: { crate: '.' } });
