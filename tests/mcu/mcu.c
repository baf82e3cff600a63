/* mcu.c - output, exit, allocation counters and stack use for mcu.h.
   (The instruction counter is count.S; vectors and reset are startup.c.) */
#include "mcu.h"

/* ARM semihosting: operation in r0, argument in r1, bkpt 0xAB; the
   result comes back in r0. */
#define SYS_WRITE0 0x04
#define SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026ul
#define ADP_STOPPED_RUN_TIME_ERROR 0x20023ul

static unsigned long semihost(unsigned long op, const void *arg)
{
    register unsigned long r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void mcu_puts(const char *s)
{
    semihost(SYS_WRITE0, s);
}

void mcu_put_u32(unsigned long v)
{
    char buf[11], *p = buf + sizeof buf - 1;
    *p = '\0';
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    mcu_puts(p);
}

void mcu_put_hex32(uint32_t v)
{
    char buf[11];
    int i;
    buf[0] = '0';
    buf[1] = 'x';
    for (i = 0; i < 8; i++) buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
    buf[10] = '\0';
    mcu_puts(buf);
}

void mcu_put_float_bits(float f)
{
    union { float f; uint32_t u; } b;
    b.f = f;
    mcu_put_hex32(b.u);
}

void mcu_put_fixed(float f, unsigned digits)
{
    static const float scale[7] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f};
    unsigned long ip, fp;
    char buf[8];
    unsigned i;
    float a, frac;

    if (f != f) { mcu_puts("nan"); return; }
    if (f < 0) { mcu_puts("-"); a = -f; } else a = f;
    if (a >= 4e9f) { mcu_puts(a > 3.4e38f ? "inf" : "ovf"); return; }
    if (digits > 6) digits = 6;
    ip = (unsigned long)a;                   /* truncates */
    frac = a - (float)ip;                    /* exact */
    fp = (unsigned long)(frac * scale[digits] + 0.5f);
    if (fp >= (unsigned long)scale[digits]) { ip++; fp = 0; }   /* 0.9999996 -> 1.000000 */
    mcu_put_u32(ip);
    if (!digits) return;
    buf[0] = '.';
    for (i = digits; i > 0; i--) { buf[i] = (char)('0' + fp % 10); fp /= 10; }
    buf[digits + 1] = '\0';
    mcu_puts(buf);
}

void mcu_exit(int status)
{
    /* On A32/T32 the argument of SYS_EXIT is the reason itself; QEMU maps
       ApplicationExit to exit code 0 and every other reason to 1. */
    semihost(SYS_EXIT, (const void *)(status == 0 ? ADP_STOPPED_APPLICATION_EXIT
                                                  : ADP_STOPPED_RUN_TIME_ERROR));
    for (;;) {}   /* not reached under QEMU; a debugger may let it run on */
}

/* ---- heap calls: counted, and all fail ---- */

static unsigned long allocs;

unsigned long mcu_allocs(void) { return allocs; }

void *mcu_fail_alloc(size_t n)
{
    (void)n;
    allocs++;
    return NULL;
}

/* what -Wl,--wrap=malloc,... turns every call of malloc etc. into */
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
/* newlib's allocator asks for memory here */
void *_sbrk(ptrdiff_t incr);

void *__wrap_malloc(size_t n) { return mcu_fail_alloc(n); }
void *__wrap_calloc(size_t n, size_t size) { (void)size; return mcu_fail_alloc(n); }
void *__wrap_realloc(void *p, size_t n) { (void)p; return mcu_fail_alloc(n); }
void __wrap_free(void *p) { (void)p; allocs++; }

void *_sbrk(ptrdiff_t incr)
{
    (void)incr;
    allocs++;
    return (void *)-1;
}

/* ---- stack ---- */

extern uint32_t __stack_bottom[], __stack_top[];
#define STACK_PAINT 0x5AC3E11Bu   /* not 0, not a pointer into RAM */

/* Called once by the reset handler before main: every word below this
   function's own stack pointer is free. Volatile so that the loop is not
   made a call of memset (nothing of libc is needed here). */
void mcu_stack_paint(void);
void mcu_stack_paint(void)
{
    uint32_t *sp;
    volatile uint32_t *p = __stack_bottom;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    while (p < (volatile uint32_t *)sp) *p++ = STACK_PAINT;
}

unsigned long mcu_stack_used(void)
{
    const volatile uint32_t *p = __stack_bottom;
    while (p < __stack_top && *p == STACK_PAINT) p++;
    return (unsigned long)((const char *)__stack_top - (const char *)p);
}

unsigned long mcu_stack_size(void)
{
    return (unsigned long)((const char *)__stack_top - (const char *)__stack_bottom);
}
