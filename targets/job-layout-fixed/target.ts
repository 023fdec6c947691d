import { defineTarget } from '../../harness/index.js';
import jobLayout from '../job-layout/target.js';

// The same caller view, against the build whose Job is packed(4) to agree with job.h.
export default defineTarget({ ...jobLayout, name: 'job-layout-fixed', library: { crate: '.' }, header: '../job-layout/job.h' });
