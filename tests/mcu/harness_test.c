/* harness_test.c - the rest of mcu.h checks itself: heap calls are
   counted and fail, the stack's high-water mark follows a deep frame, and
   the printers print what run.sh expects (it compares the "print:" line). */
#include <stdlib.h>
#include <reent.h>
#include "mcu.h"

int main(void);

static int failed;
static volatile uint32_t data_word = 0x12345678u;   /* in .data: copied at reset */

static void expect(int ok, const char *what)
{
    mcu_puts(ok ? "  ok   " : "  FAIL ");
    mcu_puts(what);
    mcu_puts("\n");
    if (!ok) failed = 1;
}

/* touches n bytes of its own frame */
static __attribute__((noinline)) unsigned deep(unsigned n)
{
    volatile unsigned char buf[2048];
    unsigned i, s = 0;
    for (i = 0; i < n && i < sizeof buf; i++) buf[i] = (unsigned char)i;
    for (i = 0; i < n && i < sizeof buf; i++) s += buf[i];
    return s;
}

int main(void)
{
    volatile size_t n = 16;   /* volatile: the calls below are not folded */
    unsigned long before, after;
    char *p;

    mcu_puts("harness_test\n");

    expect(data_word == 0x12345678u, ".data copied from flash at reset");

    expect(mcu_allocs() == 0, "no heap calls before main's");
    p = malloc(n);
    expect(!p && mcu_allocs() == 1, "malloc returns NULL, counted");
    expect(!calloc(n, 4) && mcu_allocs() == 2, "calloc returns NULL, counted");
    expect(!realloc(NULL, n) && mcu_allocs() == 3, "realloc returns NULL, counted");
    free(p);
    expect(mcu_allocs() == 4, "free counted");
    expect(!mcu_fail_alloc(n) && mcu_allocs() == 5, "mcu_fail_alloc returns NULL, counted");
    /* newlib allocates for itself with _malloc_r, which --wrap does not
       catch; its memory comes from _sbrk, which counts */
    expect(!_malloc_r(_REENT, n) && mcu_allocs() > 5, "newlib's _malloc_r fails, its _sbrk counted");

    before = mcu_stack_used();
    deep(2048);
    after = mcu_stack_used();
    expect(before > 0 && before < 512, "stack used before a deep call: under 512 bytes");
    expect(after >= 2048 && after < before + 2048 + 256,
           "a 2048-byte frame: at least 2048 bytes, at most 256 more than before");
    expect(after < mcu_stack_size(), "stack used below its size");
    mcu_puts("  stack used ");
    mcu_put_u32(before);
    mcu_puts(", after the deep call ");
    mcu_put_u32(after);
    mcu_puts(", of ");
    mcu_put_u32(mcu_stack_size());
    mcu_puts("\n");

    mcu_puts("print: ");
    mcu_put_u32(0);
    mcu_puts(" ");
    mcu_put_u32(4294967295ul);
    mcu_puts(" ");
    mcu_put_hex32(0xdeadbeefu);
    mcu_puts(" ");
    mcu_put_float_bits(-1.5f);
    mcu_puts(" ");
    mcu_put_fixed(3.14159265f, 3);
    mcu_puts(" ");
    mcu_put_fixed(-0.5f, 2);
    mcu_puts(" ");
    mcu_put_fixed(0.99999994f, 6);
    mcu_puts(" ");
    mcu_put_fixed(2.5f, 0);
    mcu_puts(" ");
    mcu_put_fixed(1e10f, 2);
    mcu_puts("\n");

    return failed;
}
