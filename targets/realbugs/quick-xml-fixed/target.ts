import { defineTarget } from '../../../harness/index.js';
import buggy from '../quick-xml/target.js';

// The same wrapper (src/lib.rs of ../quick-xml) against the first release with the fix.
export default defineTarget({ ...buggy, name: 'realbug-quick-xml-fixed', library: { crate: '.' } });
