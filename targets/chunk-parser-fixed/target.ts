import { defineTarget } from '../../harness/index.js';
import chunkParser from '../chunk-parser/target.js';

// The same functions and contract, against the build with the postmortem's fixes.
export default defineTarget({ ...chunkParser, name: 'chunk-parser-fixed', library: { crate: '.' } });
