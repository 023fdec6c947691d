import { defineTarget } from '../../../harness/index.js';
import buggy from '../pulldown-cmark/target.js';

// The same wrapper (src/lib.rs of ../pulldown-cmark) against the first release with the fix.
export default defineTarget({ ...buggy, name: 'realbug-pulldown-cmark-fixed', library: { crate: '.' } });
