import { defineTarget } from '../../../harness/index.js';
import buggy from '../der-parser/target.js';

// The same wrapper (src/lib.rs of ../der-parser) against the first release with the fix.
export default defineTarget({ ...buggy, name: 'realbug-der-parser-fixed', library: { crate: '.' } });
