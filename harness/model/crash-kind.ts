/**
 * What kind of failure a triage names. Deaths of the child map to panic … exit (see
 * `triageDeath` for the fixed priority); oob-write, wrong-result and race also come from
 * in-process oracles (`triageFinding`), race also from ThreadSanitizer. heap-corruption: glibc's
 * allocator found its metadata damaged (and aborted), or a fault happened inside the allocator.
 */
export type CrashKind =
  | 'panic'
  | 'abort'
  | 'segv'
  | 'bus'
  | 'fpe'
  | 'ill'
  | 'timeout'
  | 'oom'
  | 'stack-overflow'
  | 'oob-write'
  | 'race'
  | 'wrong-result'
  | 'asan'
  | 'heap-corruption'
  | 'exit';
