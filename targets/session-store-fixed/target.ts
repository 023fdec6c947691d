import { defineTarget } from '../../harness/index.js';
import sessionStore from '../session-store/target.js';

// The same functions and lifecycle contract, against the build with the lifetime bugs fixed.
export default defineTarget({ ...sessionStore, name: 'session-store-fixed', library: { crate: '.' } });
