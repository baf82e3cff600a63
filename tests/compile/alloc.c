/* NN_MALLOC / NN_FREE: every allocation goes through the caller's hooks;
   after the session none is outstanding. */
#include <stdlib.h>

static long ck_live, ck_calls;

static void *ck_malloc(size_t n)
{
    void *p = malloc(n);
    if (p) {
        ck_live++;
        ck_calls++;
    }
    return p;
}

static void ck_free(void *p)
{
    if (p) ck_live--;
    free(p);
}

#define NN_MALLOC(n) ck_malloc(n)
#define NN_FREE(p) ck_free(p)
#define NN_IMPLEMENTATION
#include "nn.h"
#include "session.h"

int main(void)
{
    int r = ck_session();
    return r || ck_calls < 2 || ck_live != 0;
}
