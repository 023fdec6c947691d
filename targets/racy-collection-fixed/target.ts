import { defineTarget } from '../../harness/index.js';
import racyCollection from '../racy-collection/target.js';

// The same function and contract, against the build whose registry sits behind a Mutex.
export default defineTarget({ ...racyCollection, name: 'racy-collection-fixed', library: { crate: '.' } });
