import { defineTarget } from '../../harness/index.js';
import crashMix from '../crash-mix/target.js';

// The same function, built without its crashes: the crash-free reference of the fork-server bench.
export default defineTarget({ ...crashMix, name: 'crash-mix-fixed', library: { crate: '.' } });
