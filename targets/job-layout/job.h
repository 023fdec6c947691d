/* job.h: the legacy C caller's view of job-layout's Job (postmortem 1).
 *
 * The C side packs Job to 4 bytes: id @0, offset @4, flags @12, sizeof 16, alignof 4.
 * job-layout's Rust `#[repr(C)] Job` is 24 bytes / align 8 (offset @8, flags @16), so
 * job_fill() writes past the end of a 16-byte Job allocated here. job-layout-fixed
 * declares `#[repr(C, packed(4))]` and agrees with this header.
 */
#ifndef JOB_LAYOUT_JOB_H
#define JOB_LAYOUT_JOB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma pack(push, 4)
typedef struct Job {
    uint32_t id;
    uint64_t offset;
    uint32_t flags;
} Job;
#pragma pack(pop)

/* Writes a whole Job into *out. Returns 0, or -1 if out is NULL. */
int32_t job_fill(Job *out);
/* sizeof(Job) / alignof(Job) as the Rust library sees them. */
size_t job_size(void);
size_t job_align(void);

#ifdef __cplusplus
}
#endif

#endif /* JOB_LAYOUT_JOB_H */
