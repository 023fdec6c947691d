/** Which buffers end against a PROT_NONE page: `off`: none; `small`: buffers up to engine/guard-pages.ts's GUARD_SMALL_MAX bytes; `all`: every buffer. */
export type GuardPages = 'off' | 'small' | 'all';
