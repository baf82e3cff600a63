/* tests/alloc.h - the tests' allocator: included before nn.h, it makes
   NN_MALLOC and NN_FREE count, fail on request and check their frees.
     calls     NN_MALLOC calls, refused ones included
     allocs    blocks handed out; frees: blocks taken back; live: the
               difference
     bytes     bytes in live blocks; peak: the most since set to 0
     fail_at   the call refused (calls counts from 1; 0: none)
     fail_next set: the next call is refused, and it is cleared
   A request over 1 GiB is refused too: no test needs one, and the
   out-of-memory paths then run without asking the system for the
   impossible. The live blocks are kept, so a free of a pointer never handed
   out or freed already is counted in bad_frees and not passed to free. */
#ifndef NN_TEST_ALLOC_H
#define NN_TEST_ALLOC_H

#include <stdlib.h>

#define TEST_MEM_MAX_LIVE 1024
static struct test_mem_state {
    size_t calls, allocs, frees, live, bytes, peak, fail_at, bad_frees;
    int fail_next;
    void *block[TEST_MEM_MAX_LIVE];
    size_t size[TEST_MEM_MAX_LIVE];
} test_mem;

static void *test_malloc(size_t n)
{
    void *p;
    test_mem.calls++;
    if (test_mem.fail_next) {
        test_mem.fail_next = 0;
        return NULL;
    }
    if (test_mem.calls == test_mem.fail_at || n > ((size_t)1 << 30) ||
        test_mem.live == TEST_MEM_MAX_LIVE)
        return NULL;
    p = malloc(n);
    if (!p) return NULL;
    test_mem.block[test_mem.live] = p;
    test_mem.size[test_mem.live] = n;
    test_mem.live++;
    test_mem.allocs++;
    test_mem.bytes += n;
    if (test_mem.bytes > test_mem.peak) test_mem.peak = test_mem.bytes;
    return p;
}

static void test_free(void *p)
{
    size_t i;
    if (!p) return;
    for (i = 0; i < test_mem.live && test_mem.block[i] != p; i++) {}
    if (i == test_mem.live) {
        test_mem.bad_frees++;
        return;
    }
    test_mem.bytes -= test_mem.size[i];
    test_mem.live--;
    test_mem.block[i] = test_mem.block[test_mem.live];
    test_mem.size[i] = test_mem.size[test_mem.live];
    test_mem.frees++;
    free(p);
}

#define NN_MALLOC(n) test_malloc(n)
#define NN_FREE(p) test_free(p)

#endif
