/* Ground-truth structs for the ABI check's tests: each shape koffi must lay out exactly as
 * the C compiler does (or, for Aligned16, a shape koffi cannot declare). Typedef names
 * only, so that the test program can use offsetof(T, field) on each. */
#ifndef FFI_FUZZ_ABI_TEST_LAYOUTS_H
#define FFI_FUZZ_ABI_TEST_LAYOUTS_H

#include <stdint.h>

/* Nested structs: padding before a double, a struct inside a struct. */
typedef struct Inner {
    uint8_t tag;
    double value;
} Inner;

typedef struct Outer {
    int32_t id;
    Inner inner;
    uint16_t tail;
} Outer;

/* Fixed arrays, of scalars and of structs. */
typedef struct WithArrays {
    uint8_t bytes[3];
    uint32_t words[2];
    Inner pair[2];
    char name[5];
} WithArrays;

/* #pragma pack(1): no padding at all, alignment 1. */
#pragma pack(push, 1)
typedef struct Packed1 {
    uint8_t a;
    uint32_t b;
    uint16_t c;
    uint64_t d;
} Packed1;
#pragma pack(pop)

/* #pragma pack(4): the C caller's Job from the first postmortem. */
#pragma pack(push, 4)
typedef struct Job4 {
    uint32_t id;
    uint64_t offset;
    uint32_t flags;
} Job4;
#pragma pack(pop)

/* An explicitly aligned member koffi can declare ([8, 'int16_t']). */
typedef struct Aligned8 {
    uint8_t a;
    int16_t b __attribute__((aligned(8)));
    uint8_t c;
} Aligned8;

/* An explicitly aligned member koffi cannot declare (member alignment is at most 8). */
typedef struct Aligned16 {
    uint8_t tag;
    int32_t value __attribute__((aligned(16)));
} Aligned16;

/* A union, alone and inside a struct. */
typedef union Value {
    int32_t i;
    double d;
    uint8_t bytes[12];
} Value;

typedef struct Tagged {
    uint8_t kind;
    Value value;
} Tagged;

#endif
