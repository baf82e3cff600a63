/* mcu.h - a tiny bare-metal platform for QEMU's mps2-an386 (Cortex-M4F):
   output and exit through semihosting, an exact instruction counter,
   allocation counters and the stack's high-water mark. No stdio, no heap.

   Files: startup.c (vectors, reset), mcu.c, count.S (the counter),
   mps2.ld (memory layout). Link with
   -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free so that any
   heap call lands in the counters here (and fails). */
#ifndef MCU_H
#define MCU_H

#include <stddef.h>
#include <stdint.h>

/* Output to the host (semihosting SYS_WRITE0), nothing buffered. */
void mcu_puts(const char *s);                 /* s as it is, no newline added */
void mcu_put_u32(unsigned long v);            /* decimal */
void mcu_put_hex32(uint32_t v);               /* 0x and 8 hex digits */
void mcu_put_float_bits(float f);             /* the bit pattern, exact: 0x3f800000 */
/* f in decimal with `digits` (0..6) digits after the point, rounded;
   |f| must be below 4e9, else "ovf" (or "nan"/"inf") is printed. For
   reading only: the bits are the exact value. */
void mcu_put_fixed(float f, unsigned digits);

/* Stop the machine: QEMU exits 0 for status 0 (ADP_Stopped_ApplicationExit)
   and 1 for any other status (ADP_Stopped_RunTimeErrorUnknown). main's
   return value goes here, and so does every fault, with status 1. */
void mcu_exit(int status) __attribute__((noreturn));

/* Instructions executed between the return from mcu_count_start() and the
   entry of mcu_count_stop(), exactly, when QEMU runs with -icount shift=0
   (one instruction = 1 ns of virtual time; SysTick on the 25 MHz processor
   clock ticks every 40 instructions). The count includes the caller's own
   instructions in between (the call of mcu_count_stop, moving arguments):
   a handful. Up to about 671 million instructions (2^24 - 3 ticks) can
   be measured; beyond that mcu_count_stop() returns MCU_COUNT_OVERFLOW.
   Method and verification: count.S and count_test.c. */
#define MCU_COUNT_OVERFLOW 0xFFFFFFFFul
void mcu_count_start(void);
unsigned long mcu_count_stop(void);

/* Heap calls so far: malloc, calloc, realloc, free (through --wrap), _sbrk
   (newlib's own allocator underneath) and mcu_fail_alloc. Every one fails:
   returns NULL (_sbrk: (void *)-1). */
unsigned long mcu_allocs(void);
/* An allocator for a library's NN_MALLOC that counts and fails. */
void *mcu_fail_alloc(size_t n);

/* The deepest the stack has been since reset, in bytes, including the
   reset handler's frame and this function's own (a few words). The stack
   is painted with a pattern before main; this finds the lowest word that
   changed. */
unsigned long mcu_stack_used(void);
/* The stack's size (__stack_size in mps2.ld). */
unsigned long mcu_stack_size(void);

#endif
